"""What the EventBridge types' tests share."""

from __future__ import annotations

import boto3

from tests.aws.moto import REGION


def build_queue(name: str) -> str:
    """An SQS queue (a dead-letter queue, a rule's target), by ARN."""
    sqs = boto3.client("sqs", region_name=REGION)
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    return str(attributes["Attributes"]["QueueArn"])
