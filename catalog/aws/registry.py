"""Every resource type Cairn knows: the one list, gathered from the crawler modules.

The restore registry and the runbook name only types listed here
(tests/test_type_names.py checks it).
"""

from __future__ import annotations

from catalog.aws import (
    autoscaling,
    ec2,
    elbv2,
    lambda_,
    rds,
    route53,
    s3,
)
from catalog.aws.acm import certificate
from catalog.aws.ec2 import subnet, vpc
from catalog.aws.ecr import replication_configuration, repository
from catalog.aws.ecs import cluster, service, task_definition
from catalog.aws.iam import instance_profile, managed_policy, role
from catalog.aws.kms import key
from catalog.aws.logs import log_group
from catalog.aws.secretsmanager import secret
from catalog.aws.spec import ResourceType

RESOURCE_TYPES: list[ResourceType] = [
    vpc.TYPE,
    subnet.TYPE,
    *ec2.TYPES,
    role.TYPE,
    managed_policy.TYPE,
    instance_profile.TYPE,
    *autoscaling.TYPES,
    cluster.TYPE,
    service.TYPE,
    task_definition.TYPE,
    *elbv2.TYPES,
    *rds.TYPES,
    *route53.TYPES,
    certificate.TYPE,
    *s3.TYPES,
    log_group.TYPE,
    *lambda_.TYPES,
    secret.TYPE,
    key.TYPE,
    repository.TYPE,
    replication_configuration.TYPE,
]
SERVICES = sorted({resource_type.service for resource_type in RESOURCE_TYPES})
# Which references make their source part of their target (see ResourceType.part_of).
PARTS = [
    {"type": resource_type.name, "field": field, "target_type": target_type}
    for resource_type in RESOURCE_TYPES
    for field, target_type in resource_type.part_of
]
