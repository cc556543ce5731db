"""AWS::Events::Rule: a schedule or an event pattern on a bus, with its targets.

Targets have no lifecycle of their own in the API (list_targets_by_rule), so they are
kept in the rule's properties and restored as its parts, one aws_cloudwatch_event_target
each. A target names a function, a queue or a topic by ARN: those are references.
Rules an AWS service manages for itself (`ManagedBy`) are that service's: not crawled.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from catalog.aws.events import DEFAULT_BUS, EVENT_BUS, RULE, bus_named, event_buses
from catalog.aws.iam import ROLE
from catalog.aws.lambda_ import FUNCTION
from catalog.aws.lambda_.function import arn_of
from catalog.aws.sns import TOPIC
from catalog.aws.spec import Described, Found, Ref, ResourceType, Scope, pages, tag_map, without
from catalog.aws.sqs import QUEUE
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block, Expr
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 64)  # unique per bus


def unqualified_function(found: Found) -> str | None:
    """A function named by its ARN; one with a version or alias qualifier names no
    function uid, and is written as the ARN it is."""
    arn = found.value
    parts = arn.split(":") if isinstance(arn, str) else []
    unqualified = len(parts) == 7 and parts[2] == "lambda" and parts[5] == "function"
    return arn if unqualified else None


ON_BUS = Ref("EventBusName", EVENT_BUS, "bus", bus_named, part_of=True)
RULE_ROLE = Ref("RoleArn", ROLE, "assumes")
# A target is a function, a queue or a topic by the service in its ARN; all three share
# the field, so any of them reads the target's reference back.
TARGET_FUNCTION = Ref("Targets[*].Arn", FUNCTION, "target", unqualified_function)
TARGET_QUEUE = Ref("Targets[*].Arn", QUEUE, "target", arn_of("sqs"))
TARGET_TOPIC = Ref("Targets[*].Arn", TOPIC, "target", arn_of("sns"))
TARGET_ROLE = Ref("Targets[*].RoleArn", ROLE, "assumes")
TARGET_DEAD_LETTER = Ref("Targets[*].DeadLetterConfig.Arn", QUEUE, "dead-letter")


def described(events: Any, rule: dict[str, Any]) -> Described:
    bus = rule["EventBusName"]
    targets = pages(events, "list_targets_by_rule", "Targets", Rule=rule["Name"], EventBusName=bus)
    properties = without(rule, "Arn")
    if rule.get("EventPattern"):
        properties["EventPattern"] = json.loads(rule["EventPattern"])
    properties["Targets"] = sorted(targets, key=lambda target: target["Id"])
    tags = events.list_tags_for_resource(ResourceARN=rule["Arn"]).get("Tags")
    return Described(
        uid=rule["Arn"],
        name=rule["Name"],
        properties=properties,
        tags=tag_map(tags),
    )


def read(scope: Scope) -> Iterator[Described]:
    events = scope.client("events")
    rules = [
        rule
        for bus in event_buses(events)
        for rule in pages(events, "list_rules", "Rules", EventBusName=bus["Name"])
        if not rule.get("ManagedBy")
    ]
    yield from scope.map(lambda rule: described(events, rule), rules)


def import_id(properties: dict[str, Any], *names: str) -> str:
    """`terraform import`'s ID of the rule or one of its targets: the bus comes first,
    except the default bus."""
    bus = properties.get("EventBusName") or DEFAULT_BUS
    return "/".join(([] if bus == DEFAULT_BUS else [bus]) + [properties["Name"], *names])


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    bus = ctx.ref(ON_BUS, attribute="name")  # None on the default bus: the provider's default
    rule = ctx.resource(
        "aws_cloudwatch_event_rule",
        {
            "name": ctx.name(p["Name"], NAME),
            "description": p.get("Description") or None,
            "event_bus_name": bus,
            "schedule_expression": p.get("ScheduleExpression"),
            "event_pattern": ctx.json(p["EventPattern"]) if p.get("EventPattern") else None,
            "state": p.get("State"),
            "role_arn": ctx.ref(RULE_ROLE, attribute="arn"),
            **ctx.tags(),
        },
        adopt=import_id(p),
    )
    targets = [_target(ctx, bus, index, target) for index, target in enumerate(p["Targets"])]
    return [rule, *targets]


def _target(ctx: Emit, bus: Expr | None, index: int, target: dict[str, Any]) -> Block:
    """One target, its ARN a reference where Cairn restores what it names, else the ARN
    retargeted (a state machine's: its account and region rewritten)."""
    retarget = ctx.plan.retarget.string
    arn = ctx.ref(TARGET_FUNCTION, index, attribute="arn") or retarget(target["Arn"])
    return ctx.resource(
        "aws_cloudwatch_event_target",
        {
            "rule": ctx.ref_self("name"),
            "event_bus_name": bus,
            "target_id": target["Id"],
            "arn": arn,
            "role_arn": ctx.ref(TARGET_ROLE, index, attribute="arn"),
            "input": retarget(target["Input"]) if target.get("Input") else None,
            "input_path": target.get("InputPath"),
        },
        _target_blocks(ctx, index, target),
        part=f"target_{target['Id']}",
        adopt=import_id(ctx.properties, target["Id"]),
    )


def _target_blocks(ctx: Emit, index: int, target: dict[str, Any]) -> list[Block]:
    blocks = []
    transformer = target.get("InputTransformer")
    if transformer:
        blocks.append(
            Block(
                "input_transformer",
                attributes={
                    "input_paths": transformer.get("InputPathsMap"),
                    "input_template": transformer["InputTemplate"],
                },
            )
        )
    retry = target.get("RetryPolicy")
    if retry:
        blocks.append(
            Block(
                "retry_policy",
                attributes={
                    "maximum_retry_attempts": retry.get("MaximumRetryAttempts"),
                    "maximum_event_age_in_seconds": retry.get("MaximumEventAgeInSeconds"),
                },
            )
        )
    dead_letter = ctx.ref(TARGET_DEAD_LETTER, index, attribute="arn")
    if dead_letter:
        blocks.append(Block("dead_letter_config", attributes={"arn": dead_letter}))
    group = (target.get("SqsParameters") or {}).get("MessageGroupId")
    if group:
        blocks.append(Block("sqs_target", attributes={"message_group_id": group}))
    return blocks


TYPE = ResourceType(
    RULE,
    "events",
    read,
    references=(
        ON_BUS,
        RULE_ROLE,
        TARGET_FUNCTION,
        TARGET_QUEUE,
        TARGET_TOPIC,
        TARGET_ROLE,
        TARGET_DEAD_LETTER,
    ),
    iam_actions=(
        "events:ListEventBuses",
        "events:ListRules",
        "events:ListTargetsByRule",
        "events:ListTagsForResource",
    ),
    terraform=TerraformType(
        "aws_cloudwatch_event_rule",
        Stage.COMPUTE,
        emit,
        ("Name",),
        shapes=(
            StateShape("aws_cloudwatch_event_rule", noun="event rule"),
            StateShape("aws_cloudwatch_event_target", parent="rule", noun="event target"),
        ),
    ),
)
