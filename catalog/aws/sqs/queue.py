"""AWS::SQS::Queue: a queue's settings, dead-letter redrive, encryption and policy.

Only list_queues, get_queue_attributes and list_queue_tags are called: none of them
returns a message. Message counts and timestamps change without any configuration
change, so they are left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from catalog.aws.kms import encrypted_by
from catalog.aws.spec import Described, ResourceType, Scope, pages
from catalog.aws.sqs import DEAD_LETTER, QUEUE, redrive
from catalog.aws.values import Name
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 80)  # `.fifo` included
ENCRYPTION = encrypted_by("KmsMasterKeyId")

FIFO = ".fifo"
VOLATILE = {
    "QueueArn",
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
    "CreatedTimestamp",
    "LastModifiedTimestamp",
}
# Attributes come back as strings; these are numbers, flags and JSON documents.
NUMBERS = {
    "VisibilityTimeout",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "DelaySeconds",
    "ReceiveMessageWaitTimeSeconds",
    "KmsDataKeyReusePeriodSeconds",
}
FLAGS = {"FifoQueue", "ContentBasedDeduplication", "SqsManagedSseEnabled"}
DOCUMENTS = {"Policy", "RedrivePolicy", "RedriveAllowPolicy"}

# aws_sqs_queue arguments, by the attribute that holds them.
ARGUMENTS = {
    "VisibilityTimeout": "visibility_timeout_seconds",
    "MaximumMessageSize": "max_message_size",
    "MessageRetentionPeriod": "message_retention_seconds",
    "DelaySeconds": "delay_seconds",
    "ReceiveMessageWaitTimeSeconds": "receive_wait_time_seconds",
    "DeduplicationScope": "deduplication_scope",
    "FifoThroughputLimit": "fifo_throughput_limit",
}


def attribute(name: str, text: str) -> Any:
    if name in NUMBERS:
        return int(text)
    if name in FLAGS:
        return text == "true"
    if name in DOCUMENTS:
        return json.loads(text) if text else None
    return text


def queue_name(arn: str) -> str:
    return arn.rsplit(":", 1)[-1]


def queue_url(arn: str) -> str:
    """The URL Terraform imports a queue (and its policy) by, from its ARN."""
    _, _, _, region, account, name = arn.split(":", 5)
    return f"https://sqs.{region}.amazonaws.com/{account}/{name}"


def described(sqs: Any, url: str) -> Described:
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    arn = attributes["QueueArn"]
    properties = {
        "QueueName": queue_name(arn),
        "QueueUrl": url,  # what applications are given to reach it
        **{
            name: attribute(name, text)
            for name, text in sorted(attributes.items())
            if name not in VOLATILE
        },
    }
    tags = sqs.list_queue_tags(QueueUrl=url).get("Tags", {})
    return Described(uid=arn, name=properties["QueueName"], properties=properties, tags=tags)


def read(scope: Scope) -> Iterator[Described]:
    sqs = scope.client("sqs")
    urls = list(pages(sqs, "list_queues", "QueueUrls"))
    # No batch read: one attributes call (and one tags call) per queue, on the crawl's pool.
    yield from scope.map(lambda url: described(sqs, url), urls)


def encryption(ctx: Emit) -> dict[str, Any]:
    """A customer key by reference (an AWS-managed alias as it is), or SQS-managed SSE."""
    p = ctx.properties
    key = ctx.ref(ENCRYPTION, attribute="arn") or p.get("KmsMasterKeyId")
    if key is None:
        return {"sqs_managed_sse_enabled": p.get("SqsManagedSseEnabled")}
    return {
        "kms_master_key_id": key,
        "kms_data_key_reuse_period_seconds": p.get("KmsDataKeyReusePeriodSeconds"),
    }


# SQS accepts messages of up to 1 MiB since 2025, provider 5.x's max_message_size only
# 256 KiB: a larger limit is written as 256 KiB (drift shows it; raise it after apply with
# `aws sqs set-queue-attributes`), so the plan stays valid for every provider it allows.
PROVIDER_MAX_MESSAGE_SIZE = 262_144


def emit(ctx: Emit) -> list[Block]:
    """The queue and, as their own resources, its policy and redrive allow policy: a
    dead-letter queue's allow policy names the queues that send to it, which refer to it."""
    p = ctx.properties
    url = queue_url(ctx.asset.uid)
    fifo = p.get("FifoQueue", False)
    blocks = [
        ctx.resource(
            "aws_sqs_queue",
            {
                "name": ctx.name(p["QueueName"], NAME, FIFO if fifo else ""),
                "fifo_queue": fifo or None,
                "content_based_deduplication": p.get("ContentBasedDeduplication") if fifo else None,
                **{argument: p.get(name) for name, argument in ARGUMENTS.items()},
                "max_message_size": _message_size(p.get("MaximumMessageSize")),
                **encryption(ctx),
                "redrive_policy": redrive(ctx),
                **ctx.tags(),
            },
            adopt=url,
        )
    ]
    for name, kind, argument in (
        ("Policy", "aws_sqs_queue_policy", "policy"),
        ("RedriveAllowPolicy", "aws_sqs_queue_redrive_allow_policy", "redrive_allow_policy"),
    ):
        if p.get(name):
            blocks.append(
                ctx.resource(
                    kind,
                    {"queue_url": ctx.ref_self("id"), argument: ctx.json(p[name])},
                    part=argument,
                    adopt=url,
                )
            )
    return blocks


def _message_size(size: int | None) -> int | None:
    return min(size, PROVIDER_MAX_MESSAGE_SIZE) if size is not None else None


TYPE = ResourceType(
    QUEUE,
    "sqs",
    read,
    references=(DEAD_LETTER, ENCRYPTION),
    iam_actions=("sqs:ListQueues", "sqs:GetQueueAttributes", "sqs:ListQueueTags"),
    terraform=TerraformType(
        "aws_sqs_queue",
        Stage.DATA,
        emit,
        ("QueueName",),
        shapes=(
            StateShape("aws_sqs_queue", noun="queue"),
            StateShape("aws_sqs_queue_policy", parent="queue_url", noun="queue policy"),
            StateShape(
                "aws_sqs_queue_redrive_allow_policy",
                parent="queue_url",
                noun="redrive allow policy",
            ),
        ),
    ),
    names=(Name("QueueUrl", "url"), Name("QueueName", "name", whole=True)),
)
