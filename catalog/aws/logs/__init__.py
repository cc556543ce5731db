"""CloudWatch Logs: log groups, and how other services name the group they log to.

This package names the Logs type once; its declaration is log_group.py. Other
services that name their log group only (a function's LoggingConfig.LogGroup)
declare the reference with `logs_to` (or `group_named` as the resolver of their
own `Ref`): the group is in the holder's account and region.
"""

from __future__ import annotations

from catalog.aws.spec import Found, Ref, Scope

LOG_GROUP = "AWS::Logs::LogGroup"


def log_group_arn(scope: Scope, name: str) -> str:
    """The uid of a log group, also used by services that name their log group only."""
    return f"arn:aws:logs:{scope.region}:{scope.account}:log-group:{name}"


def group_named(found: Found) -> str | None:
    """Resolver of a reference to a log group by name, in the holder's account and region."""
    return log_group_arn(found.scope, found.value) if found.value else None


def logs_to(path: str) -> Ref:
    """The reference at `path` to the log group, named by its name, its holder logs to."""
    return Ref(path, LOG_GROUP, "logs", group_named)
