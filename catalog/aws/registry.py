"""Every resource type Cairn knows: the one list, gathered from the crawler modules.

The restore registry and the runbook name only types listed here
(tests/test_type_names.py checks it).
"""

from __future__ import annotations

from catalog.aws import (
    acm,
    ecr,
    ecs,
    elbv2,
    iam,
    kms,
    lambda_,
    logs,
    rds,
    route53,
    s3,
    secretsmanager,
)
from catalog.aws.autoscaling import auto_scaling_group
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
from catalog.aws.spec import ResourceType

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
    *iam.TYPES,
    auto_scaling_group.TYPE,
    *ecs.TYPES,
    *elbv2.TYPES,
    *rds.TYPES,
    *route53.TYPES,
    *acm.TYPES,
    *s3.TYPES,
    *logs.TYPES,
    *lambda_.TYPES,
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
