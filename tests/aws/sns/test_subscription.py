"""AWS::SNS::Subscription from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3

from catalog.aws.sns import TOPIC, subscription, topic
from catalog.aws.sqs import DEAD_LETTER, QUEUE, queue
from catalog.model import Reference
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = subscription.TYPE
RECORDING = Path(__file__).with_name("subscription.json")
WITH = [topic.TYPE, queue.TYPE]
FILTER = {"kind": ["order"]}


def queue_arn(sqs: Any, name: str) -> str:
    """A new queue's ARN."""
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    return str(attributes["Attributes"]["QueueArn"])


def build_subscription() -> None:
    """A topic delivering raw, filtered messages to a queue, with a dead-letter queue."""
    sqs = boto3.client("sqs", region_name=REGION)
    sns = boto3.client("sns", region_name=REGION)
    topic_arn = sns.create_topic(Name="orders-events")["TopicArn"]
    sns.subscribe(
        TopicArn=topic_arn,
        Protocol="sqs",
        Endpoint=queue_arn(sqs, "orders-worker"),
        Attributes={
            "RawMessageDelivery": "true",
            "FilterPolicy": json.dumps(FILTER),
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": queue_arn(sqs, "orders-lost")}),
        },
    )


def build() -> None:
    build_subscription()


def test_a_subscription_refers_to_its_topic_queue_and_dead_letter_queue():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert observed.name == "orders-events-orders-worker"
    assert observed.properties["Protocol"] == "sqs"
    assert observed.properties["RawMessageDelivery"] is True
    assert observed.properties["FilterPolicy"] == FILTER
    properties = observed.properties
    assert result.references() == {
        "TopicArn": Reference("TopicArn", properties["TopicArn"], "subscribes", TOPIC),
        "Endpoint": Reference("Endpoint", properties["Endpoint"], "delivers", QUEUE),
        DEAD_LETTER.path: Reference(
            DEAD_LETTER.path,
            properties["RedrivePolicy"]["deadLetterTargetArn"],
            "dead-letter",
            QUEUE,
        ),
    }
    hcl = result.hcl()
    assert "topic_arn            = aws_sns_topic.orders_events.arn" in hcl
    assert "endpoint             = aws_sqs_queue.orders_worker.arn" in hcl
    assert "deadLetterTargetArn = aws_sqs_queue.orders_lost.arn" in hcl
    result.assert_clean()
