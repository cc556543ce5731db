"""AWS::Logs::LogGroup: a log group, its retention and the key that encrypts it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.kms import encrypted_by
from catalog.aws.logs import LOG_GROUP, log_group_arn
from catalog.aws.spec import Described, ResourceType, Scope, pages, without
from catalog.aws.values import Name
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 512)
ENCRYPTION = encrypted_by("kmsKeyId")


def group_arn(scope: Scope, group: dict[str, Any]) -> str:
    # `arn` ends with ":*" (it names the streams); `logGroupArn` is newer and may be absent.
    if group.get("logGroupArn"):
        return group["logGroupArn"]
    if group.get("arn"):
        return group["arn"].removesuffix(":*")
    return log_group_arn(scope, group["logGroupName"])


def read(scope: Scope) -> Iterator[Described]:
    logs = scope.client("logs")
    for group in pages(logs, "describe_log_groups", "logGroups"):
        arn = group_arn(scope, group)
        # storedBytes grows with every event and creationTime says nothing to restore.
        properties = without(group, "arn", "logGroupArn", "storedBytes", "creationTime")
        # No batch call returns tags: one per log group.
        tags = logs.list_tags_for_resource(resourceArn=arn).get("tags", {})
        yield Described(uid=arn, name=group["logGroupName"], properties=properties, tags=tags)


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    return [
        ctx.resource(
            "aws_cloudwatch_log_group",
            {
                "name": ctx.name(p["logGroupName"], NAME),
                "retention_in_days": p.get("retentionInDays"),
                "kms_key_id": ctx.ref(ENCRYPTION, attribute="arn"),
                **ctx.tags(),
            },
            adopt=p["logGroupName"],
        )
    ]


TYPE = ResourceType(
    LOG_GROUP,
    "logs",
    read,
    references=(ENCRYPTION,),
    iam_actions=("logs:DescribeLogGroups", "logs:ListTagsForResource"),
    terraform=TerraformType(
        "aws_cloudwatch_log_group",
        Stage.DATA,
        emit,
        ("logGroupName",),
        shapes=(StateShape("aws_cloudwatch_log_group", noun="log group"),),
    ),
    names=(Name("logGroupName", "name", whole=True),),
)
