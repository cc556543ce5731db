"""AWS::SNS::Topic from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.kms import KEY
from catalog.aws.sns import topic
from catalog.model import Reference
from tests.aws.kms import build_key
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = topic.TYPE
RECORDING = Path(__file__).with_name("topic.json")


def build_topics(key_arn: str) -> None:
    """A KMS-encrypted topic with a display name and tags, and a FIFO topic."""
    sns = boto3.client("sns", region_name=REGION)
    sns.create_topic(
        Name="events",
        Attributes={"DisplayName": "App events", "KmsMasterKeyId": key_arn},
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )
    sns.create_topic(
        Name="orders.fifo",
        Attributes={"FifoTopic": "true", "ContentBasedDeduplication": "true"},
    )


def build() -> None:
    build_topics(build_key())


def test_a_topic_keeps_its_key_and_policy():
    result = roundtrip(DECLARATION, RECORDING)
    by_name = {o.name: o for o in result.observations}
    assert sorted(by_name) == ["events", "orders.fifo"]
    events = by_name["events"]
    assert events.properties["DisplayName"] == "App events"
    assert events.properties["Policy"]["Statement"]
    assert "SubscriptionsConfirmed" not in events.properties
    assert events.tags == {"Project": "app-infra"}
    key_arn = events.properties["KmsMasterKeyId"]
    assert events.references == (Reference(topic.ENCRYPTION.path, key_arn, "encryption", KEY),)
    assert by_name["orders.fifo"].properties["FifoTopic"] is True
    hcl = result.hcl()
    assert '= "events"' in hcl
    assert '"orders.fifo"' in hcl
    assert 'resource "aws_sns_topic_policy" "events_policy"' in hcl
    assert "arn = aws_sns_topic.events.arn" in hcl
    result.assert_clean()
