"""A drill fills the plan's inputs itself: snapshot copies it makes (recorded before each
is created, removed after), throwaway secrets, and one clear error for what only a
person can give."""

from __future__ import annotations

import logging

import boto3
import pytest

from catalog.clock import now_ms, parse_time
from catalog.demo.stack import saas
from catalog.drill.inputs import MissingInputs, remains, remove, supply
from catalog.drill.record import Made
from catalog.errors import CairnError
from tests.drill_plans import TARGET_REGION, saas_plan

DRILL = "drill-0123456789ab"
SOURCE_SECRETS = ("s3cr3t", "hunter2")  # what the SaaS stack's secrets hold


@pytest.fixture
def plan(capsys, tmp_path, aws, store, neo4j_env) -> dict:
    return saas_plan(capsys, tmp_path / "plan")[1]


def test_a_drill_copies_the_database_snapshot_and_removes_it(capsys, caplog, plan):
    caplog.set_level(logging.DEBUG)
    made: list[Made] = []

    def record(item: Made) -> None:
        assert not remains(item), "recorded after it was created"
        made.append(item)

    values = supply(plan, DRILL, {}, record)

    # Every variable without a default, and only those.
    assert set(values) == {v["name"] for v in plan["variables"] if v["default"] is None}
    assert "dns_cutover" not in values  # a drill never moves DNS
    copy = values["app_db_snapshot_identifier"]
    assert copy == f"app-db-{DRILL}"
    assert made == [
        Made("db-snapshot", saas.REGION, copy),
        Made("db-snapshot", TARGET_REGION, copy),
    ]
    [found] = boto3.client("rds", region_name=TARGET_REGION).describe_db_snapshots(
        DBSnapshotIdentifier=copy
    )["DBSnapshots"]
    assert (found["Status"], found["DBInstanceIdentifier"]) == ("available", "app-db")
    assert all(remains(item) for item in made)

    # Secrets: throwaway values, none the source's, never shown anywhere.
    secret_values = [values["app_api_key_value"], values["app_api_api_db_password"]]
    assert len(set(secret_values)) == 2 and all(len(value) >= 24 for value in secret_values)
    assert not set(secret_values) & set(SOURCE_SECRETS)
    captured = capsys.readouterr()
    shown = captured.out + captured.err + caplog.text + repr(made)
    assert not any(value in shown for value in secret_values)

    for item in made:
        remove(item)
        remove(item)  # already gone is fine
    assert not any(remains(item) for item in made)
    assert (
        boto3.client("rds", region_name=saas.REGION).describe_db_snapshots(
            DBInstanceIdentifier="app-db", SnapshotType="manual"
        )["DBSnapshots"]
        == []
    )


def test_what_only_a_person_can_give_is_refused_before_anything_is_made(plan):
    image = next(v for v in plan["variables"] if v["purpose"] == "artifact")
    image["default"] = None  # as for an image the source registry no longer holds
    made: list[Made] = []
    with pytest.raises(MissingInputs) as refused:
        supply(plan, DRILL, {}, made.append)
    assert str(refused.value) == (
        f"a drill cannot supply {image['name']}: give --var NAME=VALUE for each"
    )
    assert made == []  # nothing made before the refusal

    given = {image["name"]: "registry.example/api@sha256:00", "app_api_key_value": "given"}
    values = supply(plan, DRILL, given, made.append)
    assert values[image["name"]] == given[image["name"]]
    assert values["app_api_key_value"] == "given"  # what the user gives wins

    with pytest.raises(CairnError, match="the plan has no variable nope"):
        supply(plan, DRILL, {"nope": "1"}, made.append)
    with pytest.raises(CairnError, match="a drill never sets dns_cutover: it never moves DNS"):
        supply(plan, DRILL, {"dns_cutover": "true"}, made.append)


def test_cluster_snapshots_and_restore_times_come_from_the_source(aws):
    """A cluster's snapshot is a cluster snapshot, copied likewise; a restore time is the
    latest the source can restore to, as it reports it now."""
    rds = boto3.client("rds", region_name=saas.REGION)
    cluster = rds.create_db_cluster(
        DBClusterIdentifier="app-aurora", Engine="aurora-postgresql", MasterUsername="app",
        MasterUserPassword="throwaway-1",
    )["DBCluster"]["DBClusterArn"]  # fmt: skip
    instance = rds.create_db_instance(
        DBInstanceIdentifier="app-db", DBInstanceClass="db.t3.micro", Engine="postgres",
        MasterUsername="app", MasterUserPassword="throwaway-1", AllocatedStorage=20,
        BackupRetentionPeriod=7,
    )["DBInstance"]["DBInstanceArn"]  # fmt: skip
    plan = {
        "target": {"region": TARGET_REGION, "account": None},
        "stages": [{"stage": "data", "resources": [
            {"uid": cluster, "type": "AWS::RDS::DBCluster"},
            {"uid": instance, "type": "AWS::RDS::DBInstance"},
        ]}],
        "variables": [
            {"name": "aurora_snapshot_identifier", "description": "ARN of a snapshot",
             "purpose": "database_snapshot", "uid": cluster, "default": None},
            {"name": "db_restore_time", "description": "The time", "purpose": "restore_time",
             "uid": instance, "default": None},
        ],
    }  # fmt: skip
    made: list[Made] = []
    started = now_ms()
    values = supply(plan, DRILL, {}, made.append)
    finished = now_ms()

    copy = f"app-aurora-{DRILL}"
    assert values["aurora_snapshot_identifier"] == copy
    assert made == [
        Made("db-cluster-snapshot", saas.REGION, copy),
        Made("db-cluster-snapshot", TARGET_REGION, copy),
    ]
    [found] = boto3.client("rds", region_name=TARGET_REGION).describe_db_cluster_snapshots(
        DBClusterSnapshotIdentifier=copy
    )["DBClusterSnapshots"]
    assert found["DBClusterIdentifier"] == "app-aurora"
    # moto reports "now" as the latest restorable time: the time of the supply's call.
    assert started <= parse_time(values["db_restore_time"]) <= finished
    for item in made:
        remove(item)
    assert not any(remains(item) for item in made)


def test_outside_references_are_supplied_only_where_they_still_serve(plan):
    """A resource the plan leaves out is used as it is in the same account, when it is
    global or in the target region; a key of the source region cannot serve there."""
    role = "arn:aws:iam::123456789012:role/shared-deployer"
    key = "arn:aws:kms:us-east-1:123456789012:key/k1"

    def outside(name: str, target: str, attribute: str) -> dict:
        description = f"{attribute} of {target}, which X refers to by Field (not restored)"
        return {"name": name, "description": description, "sensitive": False,
                "default": None, "purpose": "outside_reference", "uid": "X"}  # fmt: skip

    plan["stages"] = []  # nothing else to supply: no snapshot is made
    plan["variables"] = [outside("role_arn", role, "arn")]
    assert supply(plan, DRILL, {}, lambda made: None) == {"role_arn": role}
    plan["variables"].append(outside("key_arn", key, "arn"))
    with pytest.raises(MissingInputs, match="cannot supply key_arn: give --var"):
        supply(plan, DRILL, {}, lambda made: None)
    plan["target"]["account"] = "210987654321"
    plan["variables"] = [outside("role_arn", role, "arn")]
    with pytest.raises(MissingInputs, match="cannot supply role_arn"):
        supply(plan, DRILL, {}, lambda made: None)
