"""AWS::Events::Rule from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from catalog.aws.events import EVENT_BUS, rule
from catalog.aws.iam import ROLE
from catalog.aws.lambda_ import FUNCTION
from catalog.aws.sns import TOPIC
from catalog.aws.sqs import QUEUE
from catalog.model import Reference
from tests.aws.events import build_queue, test_event_bus
from tests.aws.iam import test_role, trust
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip
from tests.test_aws_data_services import handler_zip

DECLARATION = rule.TYPE
WITH = [test_event_bus.DECLARATION, test_role.DECLARATION]
RECORDING = Path(__file__).with_name("rule.json")
PLACED = {"source": ["app.orders"], "detail-type": ["OrderPlaced"]}


def build() -> None:
    test_event_bus.build()
    role = boto3.client("iam", region_name=REGION).create_role(
        RoleName="app-events", AssumeRolePolicyDocument=json.dumps(trust("events.amazonaws.com"))
    )["Role"]["Arn"]
    worker = boto3.client("lambda", region_name=REGION).create_function(
        FunctionName="app-nightly",
        Runtime="python3.12",
        Role=role,
        Handler="handler.handle",
        Code={"ZipFile": handler_zip()},
    )["FunctionArn"]
    topic = boto3.client("sns", region_name=REGION).create_topic(Name="app-orders")["TopicArn"]
    events = boto3.client("events", region_name=REGION)
    # A schedule on the default bus, which calls a function.
    events.put_rule(Name="app-nightly", ScheduleExpression="cron(0 3 * * ? *)", State="ENABLED")
    events.put_targets(
        Rule="app-nightly",
        Targets=[{"Id": "worker", "Arn": worker, "Input": json.dumps({"job": "nightly"})}],
    )
    # A pattern on the custom bus, which feeds a queue and a topic.
    events.put_rule(
        Name="app-order-placed",
        EventBusName=test_event_bus.BUS,
        EventPattern=json.dumps(PLACED),
        Description="orders to fulfil",
        State="ENABLED",
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )
    events.put_targets(
        Rule="app-order-placed",
        EventBusName=test_event_bus.BUS,
        Targets=[
            {
                "Id": "fulfilment",
                "Arn": build_queue("app-fulfilment"),
                "DeadLetterConfig": {"Arn": build_queue("app-fulfilment-failures")},
                "RetryPolicy": {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 600},
            },
            {
                "Id": "notify",
                "Arn": topic,
                "RoleArn": role,
                "InputTransformer": {
                    "InputPathsMap": {"order": "$.detail.id"},
                    "InputTemplate": '"order <order> placed"',
                },
            },
        ],
    )


def test_a_schedule_on_the_default_bus_names_no_bus_and_calls_its_function():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = {o.name: o for o in result.observations}["app-nightly"]
    assert observed.properties["ScheduleExpression"] == "cron(0 3 * * ? *)"
    [target] = observed.properties["Targets"]
    assert observed.references == (
        Reference(rule.TARGET_FUNCTION.at(0), target["Arn"], "target", FUNCTION),
    )
    hcl = result.hcl()
    assert 'resource "aws_cloudwatch_event_rule" "app_nightly"' in hcl
    assert 'resource "aws_cloudwatch_event_target" "app_nightly_target_worker"' in hcl
    assert "rule      = aws_cloudwatch_event_rule.app_nightly.name" in hcl
    result.assert_clean()


def test_a_pattern_on_a_custom_bus_refers_to_the_bus_and_to_each_target():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = {o.name: o for o in result.observations}["app-order-placed"]
    assert observed.tags == {"Project": "app-infra"}
    assert observed.properties["EventPattern"] == PLACED
    fulfilment, notify = observed.properties["Targets"]
    bus = f"arn:aws:events:{REGION}:123456789012:event-bus/{test_event_bus.BUS}"
    assert set(observed.references) == {
        Reference(rule.ON_BUS.path, bus, "bus", EVENT_BUS),
        Reference(rule.TARGET_QUEUE.at(0), fulfilment["Arn"], "target", QUEUE),
        Reference(
            rule.TARGET_DEAD_LETTER.at(0),
            fulfilment["DeadLetterConfig"]["Arn"],
            "dead-letter",
            QUEUE,
        ),
        Reference(rule.TARGET_TOPIC.at(1), notify["Arn"], "target", TOPIC),
        Reference(rule.TARGET_ROLE.at(1), notify["RoleArn"], "assumes", ROLE),
    }
    hcl = result.hcl()
    assert "event_bus_name = aws_cloudwatch_event_bus.app_orders.name" in hcl
    assert 'resource "aws_cloudwatch_event_target" "app_order_placed_target_notify"' in hcl
    assert "maximum_retry_attempts       = 3" in hcl
    assert 'input_template = "\\"order <order> placed\\""' in hcl
    assert "role_arn       = aws_iam_role.app_events.arn" in hcl
    result.assert_clean()
