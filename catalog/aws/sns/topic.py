"""AWS::SNS::Topic: a topic's settings, encryption, access and delivery policies.

Subscription counts and the effective delivery policy (the defaults filled in) change or
follow from what is set, so they are left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from catalog.aws.kms import encrypted_by
from catalog.aws.sns import TOPIC
from catalog.aws.spec import Described, ResourceType, Scope, pages, tag_map
from catalog.aws.values import Name
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 256)  # `.fifo` included
ENCRYPTION = encrypted_by("KmsMasterKeyId")

FIFO = ".fifo"
KEPT = ("DisplayName", "KmsMasterKeyId", "SignatureVersion", "TracingConfig")
FLAGS = ("FifoTopic", "ContentBasedDeduplication")
DOCUMENTS = ("Policy", "DeliveryPolicy")


def described(sns: Any, arn: str) -> Described:
    attributes = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    name = arn.rsplit(":", 1)[-1]
    properties = {
        "TopicName": name,
        **{key: attributes[key] for key in KEPT if attributes.get(key)},
        **{key: attributes.get(key) == "true" for key in FLAGS},
        **{key: json.loads(attributes[key]) for key in DOCUMENTS if attributes.get(key)},
    }
    tags = tag_map(sns.list_tags_for_resource(ResourceArn=arn).get("Tags"))
    return Described(uid=arn, name=name, properties=properties, tags=tags)


def read(scope: Scope) -> Iterator[Described]:
    sns = scope.client("sns")
    arns = [topic["TopicArn"] for topic in pages(sns, "list_topics", "Topics")]
    # No batch read: one attributes call (and one tags call) per topic, on the crawl's pool.
    yield from scope.map(lambda arn: described(sns, arn), arns)


def emit(ctx: Emit) -> list[Block]:
    """The topic and its access policy as its own resource: the policy names the topic's
    own ARN, which the topic cannot refer to in its own arguments."""
    p = ctx.properties
    fifo = p.get("FifoTopic", False)
    delivery = p.get("DeliveryPolicy")
    blocks = [
        ctx.resource(
            "aws_sns_topic",
            {
                "name": ctx.name(p["TopicName"], NAME, FIFO if fifo else ""),
                "display_name": p.get("DisplayName"),
                "fifo_topic": fifo or None,
                "content_based_deduplication": p.get("ContentBasedDeduplication") if fifo else None,
                # An AWS-managed alias (alias/aws/sns) is kept as it is.
                "kms_master_key_id": ctx.ref(ENCRYPTION, attribute="arn")
                or p.get("KmsMasterKeyId"),
                "signature_version": int(p["SignatureVersion"])
                if p.get("SignatureVersion")
                else None,
                "tracing_config": p.get("TracingConfig"),
                "delivery_policy": ctx.json(delivery) if delivery else None,
                **ctx.tags(),
            },
            adopt=ctx.asset.uid,
        )
    ]
    if p.get("Policy"):
        blocks.append(
            ctx.resource(
                "aws_sns_topic_policy",
                {"arn": ctx.ref_self("arn"), "policy": ctx.json(p["Policy"])},
                part="policy",
                adopt=ctx.asset.uid,
            )
        )
    return blocks


TYPE = ResourceType(
    TOPIC,
    "sns",
    read,
    references=(ENCRYPTION,),
    iam_actions=("sns:ListTopics", "sns:GetTopicAttributes", "sns:ListTagsForResource"),
    terraform=TerraformType(
        "aws_sns_topic",
        Stage.DATA,
        emit,
        ("TopicName",),
        shapes=(
            StateShape("aws_sns_topic", noun="topic"),
            StateShape("aws_sns_topic_policy", parent="arn", noun="topic policy"),
        ),
    ),
    names=(Name("TopicName", "name", whole=True),),
)
