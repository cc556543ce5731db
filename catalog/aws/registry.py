"""Every resource type Cairn knows: the one list of declarations (one line a type).

The crawler, the restore planner, drift, the runbook and the IAM policy all read it.
"""

from __future__ import annotations

from catalog.aws.acm import certificate
from catalog.aws.application_autoscaling import scalable_target
from catalog.aws.autoscaling import auto_scaling_group
from catalog.aws.dynamodb import table
from catalog.aws.ec2 import (
    eip,
    instance,
    internet_gateway,
    launch_template,
    nat_gateway,
    route_table,
    security_group,
    subnet,
    vpc,
)
from catalog.aws.ecr import replication_configuration, repository
from catalog.aws.ecs import cluster, service, task_definition
from catalog.aws.elbv2 import listener, load_balancer, target_group
from catalog.aws.events import event_bus, rule
from catalog.aws.iam import instance_profile, managed_policy, role
from catalog.aws.kms import key
from catalog.aws.lambda_ import event_source_mapping, function
from catalog.aws.logs import log_group
from catalog.aws.rds import (
    db_cluster,
    db_cluster_parameter_group,
    db_instance,
    db_parameter_group,
    db_snapshot,
    db_subnet_group,
)
from catalog.aws.route53 import hosted_zone, record_set
from catalog.aws.s3 import bucket
from catalog.aws.secretsmanager import secret
from catalog.aws.sns import subscription, topic
from catalog.aws.spec import ResourceType
from catalog.aws.sqs import queue
from catalog.aws.ssm import parameter
from catalog.aws.values import Name
from catalog.restore.emit import TerraformType

RESOURCE_TYPES: list[ResourceType] = [
    vpc.TYPE,
    subnet.TYPE,
    security_group.TYPE,
    internet_gateway.TYPE,
    nat_gateway.TYPE,
    route_table.TYPE,
    eip.TYPE,
    launch_template.TYPE,
    instance.TYPE,
    role.TYPE,
    managed_policy.TYPE,
    instance_profile.TYPE,
    auto_scaling_group.TYPE,
    scalable_target.TYPE,
    cluster.TYPE,
    service.TYPE,
    task_definition.TYPE,
    load_balancer.TYPE,
    listener.TYPE,
    target_group.TYPE,
    db_instance.TYPE,
    db_cluster.TYPE,
    db_subnet_group.TYPE,
    db_parameter_group.TYPE,
    db_cluster_parameter_group.TYPE,
    db_snapshot.TYPE,
    hosted_zone.TYPE,
    record_set.TYPE,
    certificate.TYPE,
    bucket.TYPE,
    log_group.TYPE,
    function.TYPE,
    event_source_mapping.TYPE,
    secret.TYPE,
    parameter.TYPE,
    key.TYPE,
    repository.TYPE,
    replication_configuration.TYPE,
    table.TYPE,
    event_bus.TYPE,
    rule.TYPE,
    queue.TYPE,
    topic.TYPE,
    subscription.TYPE,
]
# The types a restore writes, and how.
TERRAFORM_TYPES: dict[str, TerraformType] = {
    resource_type.name: resource_type.terraform
    for resource_type in RESOURCE_TYPES
    if resource_type.terraform is not None
}
# The names others write in their values to name a resource of each type (values.py).
NAMES: dict[str, tuple[Name, ...]] = {t.name: t.names for t in RESOURCE_TYPES}
# Types crawled as backups of assets, never assets themselves (see ResourceType.asset).
NOT_ASSETS = frozenset(t.name for t in RESOURCE_TYPES if not t.asset)
SERVICES = sorted({resource_type.service for resource_type in RESOURCE_TYPES})
# Which references make their source part of their target (see ResourceType.part_of).
PARTS = [
    {"type": resource_type.name, "field": field, "target_type": target_type}
    for resource_type in RESOURCE_TYPES
    for field, target_type in resource_type.part_of
]
# The properties a drill compares, by type (those that declare any).
COMPARED: dict[str, tuple[str, ...]] = {t.name: t.compared for t in RESOURCE_TYPES if t.compared}
