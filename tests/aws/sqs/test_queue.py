"""AWS::SQS::Queue from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import boto3

from catalog.aws.kms import KEY
from catalog.aws.sqs import DEAD_LETTER, QUEUE, queue
from catalog.model import Reference
from tests.aws.kms import build_key
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = queue.TYPE
RECORDING = Path(__file__).with_name("queue.json")


def build_queues(key_arn: str) -> None:
    """A dead-letter queue, a KMS-encrypted queue that redrives to it with a policy, and
    a FIFO queue."""
    sqs = boto3.client("sqs", region_name=REGION)
    dead_letter = sqs.create_queue(QueueName="jobs-dead")["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=dead_letter, AttributeNames=["QueueArn"])
    dead_letter_arn = attributes["Attributes"]["QueueArn"]
    jobs_arn = dead_letter_arn.replace("jobs-dead", "jobs")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": jobs_arn,
            }
        ],
    }
    sqs.create_queue(
        QueueName="jobs",
        Attributes={
            "VisibilityTimeout": "120",
            "MessageRetentionPeriod": "86400",
            "KmsMasterKeyId": key_arn,
            "RedrivePolicy": json.dumps(
                {"deadLetterTargetArn": dead_letter_arn, "maxReceiveCount": 5}
            ),
            "Policy": json.dumps(policy),
        },
        tags={"Project": "app-infra"},
    )
    sqs.create_queue(
        QueueName="orders.fifo",
        Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"},
    )


def build() -> None:
    build_queues(build_key())


def test_a_queue_redrives_to_the_restored_dead_letter_queue():
    result = roundtrip(DECLARATION, RECORDING)
    by_name = {o.name: o for o in result.observations}
    assert sorted(by_name) == ["jobs", "jobs-dead", "orders.fifo"]
    jobs = by_name["jobs"]
    assert jobs.properties["VisibilityTimeout"] == 120
    assert jobs.properties["MessageRetentionPeriod"] == 86400
    assert jobs.properties["RedrivePolicy"]["maxReceiveCount"] == 5
    assert jobs.properties["Policy"]["Statement"][0]["Action"] == "sqs:SendMessage"
    assert jobs.tags == {"Project": "app-infra"}
    assert "ApproximateNumberOfMessages" not in jobs.properties
    key_arn = jobs.properties["KmsMasterKeyId"]
    assert result.references(jobs) == {
        DEAD_LETTER.path: Reference(
            DEAD_LETTER.path, by_name["jobs-dead"].uid, "dead-letter", QUEUE
        ),
        queue.ENCRYPTION.path: Reference(queue.ENCRYPTION.path, key_arn, "encryption", KEY),
    }
    assert by_name["orders.fifo"].properties["FifoQueue"] is True
    hcl = result.hcl()
    # Restored into another region, a queue keeps its name: queue names are regional.
    assert '= "jobs"' in hcl
    # moto's default limit is SQS's 1 MiB; provider 5.x accepts at most 256 KiB.
    assert jobs.properties["MaximumMessageSize"] == 1_048_576
    assert re.search(r"max_message_size\s+= 262144\n", hcl)
    assert "deadLetterTargetArn = aws_sqs_queue.jobs_dead.arn" in hcl
    assert 'resource "aws_sqs_queue_policy" "jobs_policy"' in hcl
    assert "queue_url = aws_sqs_queue.jobs.id" in hcl
    assert "Resource = aws_sqs_queue.jobs.arn" in hcl
    assert '"orders.fifo"' in hcl
    assert "kms_master_key_id                 = var." in hcl  # the key is outside the plan
    result.assert_clean()
