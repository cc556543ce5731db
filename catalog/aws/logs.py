"""CloudWatch Logs: log groups, their retention and the key that encrypts them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.kms import key_reference
from catalog.aws.spec import ResourceType, Scope, pages, without
from catalog.model import Observation

LOG_GROUP = "AWS::Logs::LogGroup"


def log_group_arn(scope: Scope, name: str) -> str:
    """The uid of a log group, also used by services that name their log group only."""
    return f"arn:aws:logs:{scope.region}:{scope.account}:log-group:{name}"


def group_arn(scope: Scope, group: dict[str, Any]) -> str:
    # `arn` ends with ":*" (it names the streams); `logGroupArn` is newer and may be absent.
    if group.get("logGroupArn"):
        return group["logGroupArn"]
    if group.get("arn"):
        return group["arn"].removesuffix(":*")
    return log_group_arn(scope, group["logGroupName"])


def collect_log_groups(scope: Scope) -> Iterator[Observation]:
    logs = scope.client("logs")
    for group in pages(logs, "describe_log_groups", "logGroups"):
        arn = group_arn(scope, group)
        # storedBytes grows with every event and creationTime says nothing to restore.
        properties = without(group, "arn", "logGroupArn", "storedBytes", "creationTime")
        # No batch call returns tags: one per log group.
        tags = logs.list_tags_for_resource(resourceArn=arn).get("tags", {})
        yield scope.observation(
            uid=arn,
            type=LOG_GROUP,
            name=group["logGroupName"],
            tags=tags,
            properties=properties,
            references=key_reference(scope, "kmsKeyId", group.get("kmsKeyId")),
        )


TYPES = [ResourceType(LOG_GROUP, "logs", collect_log_groups)]
