"""Every resource type Cairn knows: the one list, gathered from the crawler modules.

The restore registry and the runbook name only types listed here
(tests/test_type_names.py checks it).
"""

from __future__ import annotations

from catalog.aws import (
    acm,
    autoscaling,
    ec2,
    ecr,
    ecs,
    elbv2,
    iam,
    kms,
    logs,
    route53,
    secretsmanager,
)
from catalog.aws.ec2 import subnet, vpc
from catalog.aws.lambda_ import function
from catalog.aws.rds import (
    db_cluster,
    db_cluster_parameter_group,
    db_instance,
    db_parameter_group,
    db_subnet_group,
)
from catalog.aws.s3 import bucket
from catalog.aws.spec import ResourceType

RESOURCE_TYPES: list[ResourceType] = [
    vpc.TYPE,
    subnet.TYPE,
    *ec2.TYPES,
    *iam.TYPES,
    *autoscaling.TYPES,
    *ecs.TYPES,
    *elbv2.TYPES,
    db_instance.TYPE,
    db_cluster.TYPE,
    db_subnet_group.TYPE,
    db_parameter_group.TYPE,
    db_cluster_parameter_group.TYPE,
    *route53.TYPES,
    *acm.TYPES,
    bucket.TYPE,
    *logs.TYPES,
    function.TYPE,
    *secretsmanager.TYPES,
    *kms.TYPES,
    *ecr.TYPES,
]
SERVICES = sorted({resource_type.service for resource_type in RESOURCE_TYPES})
# Which references make their source part of their target (see ResourceType.part_of).
PARTS = [
    {"type": resource_type.name, "field": field, "target_type": target_type}
    for resource_type in RESOURCE_TYPES
    for field, target_type in resource_type.part_of
]
