"""AWS::Events::EventBus from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.events import event_bus
from catalog.aws.kms import KEY
from catalog.aws.sqs import QUEUE
from catalog.model import Reference
from tests.aws.events import build_queue
from tests.aws.kms import build_key
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = event_bus.TYPE
RECORDING = Path(__file__).with_name("event_bus.json")
BUS = "app-orders"


def build() -> None:
    dead_letters = build_queue("app-bus-failures")
    events = boto3.client("events", region_name=REGION)
    events.create_event_bus(
        Name=BUS,
        Description="orders placed and paid",
        KmsKeyIdentifier=build_key(),
        DeadLetterConfig={"Arn": dead_letters},
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )
    # Another account of the organization may put events on it.
    events.put_permission(
        EventBusName=BUS, Action="events:PutEvents", Principal="210987654321", StatementId="billing"
    )


def test_a_custom_bus_keeps_key_dead_letters_and_policy_and_the_default_bus_is_left_out():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()  # the default bus is not crawled
    assert (observed.name, observed.tags) == (BUS, {"Project": "app-infra"})
    assert observed.properties["Description"] == "orders placed and paid"
    [statement] = observed.properties["Policy"]["Statement"]
    assert statement["Sid"] == "billing"
    key = observed.properties["KmsKeyIdentifier"]
    dead_letters = observed.properties["DeadLetterConfig"]["Arn"]
    assert set(observed.references) == {
        Reference(event_bus.ENCRYPTION.path, key, "encryption", KEY),
        Reference(event_bus.DEAD_LETTER.path, dead_letters, "dead-letter", QUEUE),
    }
    hcl = result.hcl()
    assert 'resource "aws_cloudwatch_event_bus" "app_orders"' in hcl
    assert 'name               = "app-orders"' in hcl
    assert "kms_key_identifier = var." in hcl  # keys are not restored here: an input names it
    assert 'resource "aws_cloudwatch_event_bus_policy" "app_orders_policy"' in hcl
    assert "event_bus_name = aws_cloudwatch_event_bus.app_orders.name" in hcl
    result.assert_clean()
