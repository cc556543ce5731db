"""AWS::SNS::Subscription: what a topic delivers to (a queue, a function, a URL, ...).

A subscription carries no tags: it is part of its topic, and belongs to the application
that tags the topic. Subscriptions still pending confirmation have no ARN yet and
cannot be imported or restored as they are: they are skipped (the endpoint has to
confirm again anyway).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from catalog.aws.iam import ROLE
from catalog.aws.lambda_ import FUNCTION
from catalog.aws.sns import SUBSCRIPTION, TOPIC
from catalog.aws.spec import Described, Found, Ref, Resolver, ResourceType, Scope, pages
from catalog.aws.sqs import DEAD_LETTER, QUEUE, redrive
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block


def endpoint_of(protocol: str) -> Resolver:
    """A resolver of the endpoint of a subscription by `protocol` (an ARN)."""

    def resolve(found: Found) -> str | None:
        arn = found.value
        return arn if found.holder.get("Protocol") == protocol and arn.startswith("arn:") else None

    return resolve


OF_TOPIC = Ref("TopicArn", TOPIC, "subscribes", part_of=True)
TO_QUEUE = Ref("Endpoint", QUEUE, "delivers", endpoint_of("sqs"))
TO_FUNCTION = Ref("Endpoint", FUNCTION, "invokes", endpoint_of("lambda"))
DELIVERY_ROLE = Ref("SubscriptionRoleArn", ROLE, "assumes")

PENDING = "PendingConfirmation"
KEPT = ("TopicArn", "Protocol", "Endpoint", "FilterPolicyScope", "SubscriptionRoleArn")
DOCUMENTS = ("FilterPolicy", "RedrivePolicy", "DeliveryPolicy")


def described(sns: Any, arn: str) -> Described:
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    properties = {
        **{key: attributes[key] for key in KEPT if attributes.get(key)},
        "RawMessageDelivery": attributes.get("RawMessageDelivery") == "true",
        **{key: json.loads(attributes[key]) for key in DOCUMENTS if attributes.get(key)},
    }
    # Named by what it joins: `topic -> endpoint` (a queue's or function's name, a URL).
    topic = properties["TopicArn"].rsplit(":", 1)[-1]
    endpoint = properties.get("Endpoint", "").rsplit(":", 1)[-1]
    return Described(uid=arn, name=f"{topic}-{endpoint}", properties=properties)


def read(scope: Scope) -> Iterator[Described]:
    sns = scope.client("sns")
    arns = [
        listed["SubscriptionArn"]
        for listed in pages(sns, "list_subscriptions", "Subscriptions")
        if listed["SubscriptionArn"] != PENDING
    ]
    yield from scope.map(lambda arn: described(sns, arn), arns)


def emit(ctx: Emit) -> list[Block]:
    """The subscription, its topic, queue or function and dead-letter queue as references."""
    p = ctx.properties
    endpoint = (
        ctx.ref(TO_QUEUE, attribute="arn")
        or ctx.ref(TO_FUNCTION, attribute="arn")
        or p.get("Endpoint")
    )
    return [
        ctx.resource(
            "aws_sns_topic_subscription",
            {
                "topic_arn": ctx.ref(OF_TOPIC, attribute="arn"),
                "protocol": p["Protocol"],
                "endpoint": endpoint,
                "raw_message_delivery": p.get("RawMessageDelivery") or None,
                "filter_policy": ctx.json(p["FilterPolicy"]) if p.get("FilterPolicy") else None,
                "filter_policy_scope": p.get("FilterPolicyScope"),
                "subscription_role_arn": ctx.ref(DELIVERY_ROLE, attribute="arn"),
                "delivery_policy": ctx.json(p["DeliveryPolicy"])
                if p.get("DeliveryPolicy")
                else None,
                "redrive_policy": redrive(ctx),
            },
            adopt=ctx.asset.uid,
        )
    ]


TYPE = ResourceType(
    SUBSCRIPTION,
    "sns",
    read,
    references=(OF_TOPIC, TO_QUEUE, TO_FUNCTION, DEAD_LETTER, DELIVERY_ROLE),
    iam_actions=("sns:ListSubscriptions", "sns:GetSubscriptionAttributes"),
    terraform=TerraformType(
        "aws_sns_topic_subscription",
        # After the functions it may invoke.
        Stage.COMPUTE,
        emit,
        shapes=(StateShape("aws_sns_topic_subscription", noun="subscription"),),
    ),
)
