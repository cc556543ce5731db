"""AWS::Events::EventBus: a custom event bus with its key, dead-letter queue and policy.

The default bus exists in every account and region: it is not crawled (nor restored),
like the records AWS owns in a hosted zone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from catalog.aws.events import DEFAULT_BUS, EVENT_BUS, event_buses
from catalog.aws.kms import encrypted_by
from catalog.aws.spec import Described, Ref, ResourceType, Scope, tag_map
from catalog.aws.sqs import QUEUE
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 256)
ENCRYPTION = encrypted_by("KmsKeyIdentifier")
DEAD_LETTER = Ref("DeadLetterConfig.Arn", QUEUE, "dead-letter")


def described(events: Any, bus: dict[str, Any]) -> Described:
    # list_event_buses leaves out the key and the dead-letter queue: one describe per bus.
    details = events.describe_event_bus(Name=bus["Name"])
    policy = details.get("Policy")
    properties = {
        "Name": bus["Name"],
        "Description": details.get("Description"),
        "EventSourceName": details.get("EventSourceName"),
        "KmsKeyIdentifier": details.get("KmsKeyIdentifier"),
        "DeadLetterConfig": details.get("DeadLetterConfig"),
        "Policy": json.loads(policy) if policy else None,
    }
    tags = events.list_tags_for_resource(ResourceARN=bus["Arn"]).get("Tags")
    return Described(uid=bus["Arn"], name=bus["Name"], properties=properties, tags=tag_map(tags))


def read(scope: Scope) -> Iterator[Described]:
    events = scope.client("events")
    custom = [bus for bus in event_buses(events) if bus["Name"] != DEFAULT_BUS]
    yield from scope.map(lambda bus: described(events, bus), custom)


def emit(ctx: Emit) -> list[Block]:
    """The bus and, as its own resource as the provider wants it, its policy."""
    p = ctx.properties
    dead_letter = ctx.ref(DEAD_LETTER, attribute="arn")
    blocks = [
        ctx.resource(
            "aws_cloudwatch_event_bus",
            {
                "name": ctx.name(p["Name"], NAME),
                "description": p.get("Description") or None,
                "event_source_name": p.get("EventSourceName"),
                "kms_key_identifier": ctx.ref(ENCRYPTION, attribute="arn"),
                **ctx.tags(),
            },
            [Block("dead_letter_config", attributes={"arn": dead_letter})] if dead_letter else None,
            adopt=p["Name"],
        )
    ]
    if p.get("Policy"):
        blocks.append(
            ctx.resource(
                "aws_cloudwatch_event_bus_policy",
                {"event_bus_name": ctx.ref_self("name"), "policy": ctx.json(p["Policy"])},
                part="policy",
                adopt=p["Name"],
            )
        )
    return blocks


TYPE = ResourceType(
    EVENT_BUS,
    "events",
    read,
    references=(ENCRYPTION, DEAD_LETTER),
    iam_actions=(
        "events:ListEventBuses",
        "events:DescribeEventBus",
        "events:ListTagsForResource",
    ),
    terraform=TerraformType(
        "aws_cloudwatch_event_bus",
        Stage.DATA,
        emit,
        ("Name",),
        shapes=(
            StateShape("aws_cloudwatch_event_bus", noun="event bus"),
            StateShape(
                "aws_cloudwatch_event_bus_policy",
                parent="event_bus_name",
                noun="event bus policy",
            ),
        ),
    ),
)
