"""AWS::DynamoDB::Table from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import boto3

from catalog.aws.dynamodb import table
from catalog.aws.kms import KEY
from catalog.demo.declared_state import pinned_observation
from catalog.model import Observation, Reference
from catalog.restore.emit import Target
from catalog.restore.planner import Planner
from catalog.restore.runbook import checklist
from tests.aws.kms import build_key
from tests.aws.moto import REGION, tags
from tests.aws.roundtrip import TARGET_REGION, roundtrip

DECLARATION = table.TYPE
RECORDING = Path(__file__).with_name("table.json")


def _key(name: str, kind: str) -> dict[str, str]:
    return {"AttributeName": name, "KeyType": kind}


def _attribute(name: str, kind: str) -> dict[str, str]:
    return {"AttributeName": name, "AttributeType": kind}


def build() -> None:
    """A provisioned table with every setting, and an on-demand one with none."""
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    dynamodb.create_table(
        TableName="orders",
        KeySchema=[_key("customer", "HASH"), _key("placed", "RANGE")],
        AttributeDefinitions=[
            _attribute("customer", "S"),
            _attribute("placed", "N"),
            _attribute("status", "S"),
            _attribute("total", "N"),
        ],
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 3},
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-status",
                "KeySchema": [_key("status", "HASH")],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]},
                "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 1},
            }
        ],
        LocalSecondaryIndexes=[
            {
                "IndexName": "by-total",
                "KeySchema": [_key("customer", "HASH"), _key("total", "RANGE")],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": build_key()},
        DeletionProtectionEnabled=True,
        Tags=tags("orders"),
    )
    dynamodb.update_time_to_live(
        TableName="orders",
        TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"},
    )
    dynamodb.update_continuous_backups(
        TableName="orders",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
    )
    dynamodb.create_table(
        TableName="sessions",
        KeySchema=[_key("id", "HASH")],
        AttributeDefinitions=[_attribute("id", "S")],
        BillingMode="PAY_PER_REQUEST",
    )


def _named(observations: list[Observation], name: str) -> Observation:
    [found] = [o for o in observations if o.name == name]
    return found


def test_a_table_keeps_keys_indexes_stream_ttl_pitr_and_its_key_and_restores_from_pitr():
    result = roundtrip(DECLARATION, RECORDING)
    orders = _named(result.observations, "orders")
    p = orders.properties
    assert p["BillingMode"] == "PROVISIONED"
    assert p["ProvisionedThroughput"] == {"ReadCapacityUnits": 5, "WriteCapacityUnits": 3}
    [by_status] = p["GlobalSecondaryIndexes"]
    assert by_status["IndexName"] == "by-status"
    assert set(by_status) == {"IndexName", "KeySchema", "Projection", "ProvisionedThroughput"}
    assert [i["IndexName"] for i in p["LocalSecondaryIndexes"]] == ["by-total"]
    assert p["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert p["TimeToLiveSpecification"] == {"Enabled": True, "AttributeName": "expires"}
    assert p["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert "ItemCount" not in p and "TableSizeBytes" not in p and "LatestStreamArn" not in p
    assert orders.tags["Project"] == "app-infra"
    key_arn = p["SSESpecification"]["KMSMasterKeyId"]
    assert orders.references == (
        Reference("SSESpecification.KMSMasterKeyId", key_arn, "encryption", KEY),
    )
    sessions = _named(result.observations, "sessions")
    assert sessions.properties["BillingMode"] == "PAY_PER_REQUEST"
    assert sessions.properties["ProvisionedThroughput"] is None
    assert sessions.references == ()
    hcl = result.hcl()
    assert 'resource "aws_dynamodb_table" "orders"' in hcl
    assert 'name                        = "orders"' in hcl
    assert 'hash_key                    = "customer"' in hcl
    assert 'range_key                   = "placed"' in hcl
    assert 'stream_view_type            = "NEW_AND_OLD_IMAGES"' in hcl
    assert "global_secondary_index {" in hcl and "local_secondary_index {" in hcl
    assert 'attribute_name = "expires"' in hcl
    assert "kms_key_arn = var." in hcl  # keys are not restored yet: an input names it
    assert 'billing_mode                = "PAY_PER_REQUEST"' in hcl
    # Orders has PITR: in another region, restored from the source's by its ARN; sessions,
    # without, starts empty.
    assert "restore_source_table_arn    = var.orders_restore_source_arn" in hcl
    assert hcl.count("restore_to_latest_time") == 1
    [source] = [v for v in result.plan.variables if v.name == "orders_restore_source_arn"]
    assert (source.default, source.purpose) == (orders.uid, "table_source")
    result.assert_clean()


def test_the_runbook_says_which_tables_come_back_from_pitr_and_which_empty():
    result = roundtrip(DECLARATION, RECORDING)
    assert result.plan is not None
    data = checklist(result.plan).database
    assert "DynamoDB tables `aws_dynamodb_table.orders` are restored from the source's" in data
    assert "`aws_dynamodb_table.sessions` had no point-in-time recovery" in data
    assert "## Data" in result.plan.files["RUNBOOK.md"]


def test_a_global_table_keeps_its_replicas_but_in_the_target_and_the_source_region():
    result = roundtrip(DECLARATION, RECORDING)
    assert result.plan is not None
    orders = next(o for o in result.observations if o.name == "orders")
    regions = sorted({REGION, TARGET_REGION, "ap-southeast-2"})
    global_table = replace(orders, properties={**orders.properties, "Replicas": regions})
    pinned = [pinned_observation(global_table)]
    elsewhere = Planner(result.plan.snapshot, pinned, Target(region=TARGET_REGION)).build()
    assert re.findall(r'region_name = "([^"]+)"', elsewhere.files["30-data.tf"]) == [
        "ap-southeast-2"
    ]
    at_source = Planner(result.plan.snapshot, pinned, Target()).build()
    assert re.findall(r'region_name = "([^"]+)"', at_source.files["30-data.tf"]) == [
        "ap-southeast-2",
        TARGET_REGION,
    ]
