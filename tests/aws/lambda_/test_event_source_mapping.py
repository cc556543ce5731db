"""AWS::Lambda::EventSourceMapping from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from catalog.aws.dynamodb import TABLE, table
from catalog.aws.lambda_ import FUNCTION, event_source_mapping, function
from catalog.aws.lambda_.event_source_mapping import FROM_QUEUE, OF_FUNCTION
from catalog.aws.sqs import QUEUE, queue
from catalog.model import Reference
from tests.aws.lambda_ import build_worker
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = event_source_mapping.TYPE
RECORDING = Path(__file__).with_name("event_source_mapping.json")
WITH = [function.TYPE, queue.TYPE, table.TYPE]
ACCOUNT = "123456789012"
FILTER = {"body": {"kind": ["order"]}}


def feed(function_name: str, queue_name: str) -> None:
    """A new queue feeding the function, filtered and batched."""
    sqs = boto3.client("sqs", region_name=REGION)
    url = sqs.create_queue(QueueName=queue_name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    boto3.client("lambda", region_name=REGION).create_event_source_mapping(
        FunctionName=function_name,
        EventSourceArn=queue_arn["Attributes"]["QueueArn"],
        BatchSize=5,
        MaximumBatchingWindowInSeconds=10,
        FilterCriteria={"Filters": [{"Pattern": json.dumps(FILTER)}]},
    )


def build() -> None:
    """A worker fed by a queue (filtered, batched) and by a table's stream."""
    build_worker()
    awslambda = boto3.client("lambda", region_name=REGION)
    feed("app-worker", "app-jobs")
    stream = boto3.client("dynamodb", region_name=REGION).create_table(
        TableName="app-orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )["TableDescription"]["LatestStreamArn"]
    awslambda.create_event_source_mapping(
        FunctionName="app-worker",
        EventSourceArn=stream,
        StartingPosition="LATEST",
        BatchSize=100,
        Enabled=False,
    )


def test_a_mapping_refers_to_its_function_and_its_queue_or_table():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    by_name = {observed.name: observed for observed in result.observations}
    assert sorted(by_name) == ["app-jobs-app-worker", "app-orders-app-worker"]
    from_queue, from_table = by_name["app-jobs-app-worker"], by_name["app-orders-app-worker"]
    assert from_queue.properties["BatchSize"] == 5
    assert from_queue.properties["MaximumBatchingWindowInSeconds"] == 10
    assert from_queue.properties["Enabled"] is True
    assert from_table.properties["Enabled"] is False
    assert from_table.properties["StartingPosition"] == "LATEST"
    function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:app-worker"
    assert result.references(from_queue) == {
        OF_FUNCTION.path: Reference(OF_FUNCTION.path, function_arn, "invokes", FUNCTION),
        FROM_QUEUE.path: Reference(
            FROM_QUEUE.path, f"arn:aws:sqs:{REGION}:{ACCOUNT}:app-jobs", "reads", QUEUE
        ),
    }
    table_arn = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/app-orders"
    assert result.references(from_table)[FROM_QUEUE.path] == Reference(
        FROM_QUEUE.path, table_arn, "reads", TABLE
    )
    # Part of the function: it comes with the application that tags the function.
    assert OF_FUNCTION.part_of
    hcl = result.hcl()
    assert "function_name                      = aws_lambda_function.app_worker.arn" in hcl
    assert "event_source_arn                   = aws_sqs_queue.app_jobs.arn" in hcl
    assert "event_source_arn  = aws_dynamodb_table.app_orders.stream_arn" in hcl
    assert "maximum_batching_window_in_seconds = 10" in hcl
    assert f"pattern = {json.dumps(json.dumps(FILTER))}" in hcl
    assert "enabled           = false" in hcl
    result.assert_clean()
