"""The restore point of each database and table, against the application's RPO: in
RUNBOOK.md, plan.json and `cairn restore plan --json`, through the CLI on a real graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from catalog.aws.dynamodb import TABLE
from catalog.aws.rds import DB_INSTANCE
from catalog.clock import format_time, parse_time
from catalog.model import Observation
from tests.cli_runner import cairn
from tests.restore_graph import ACCOUNT, REGION, observed, snapshot_of

TARGET = "eu-central-1"
BACKUPS = f"arn:aws:rds:{TARGET}:{ACCOUNT}:auto-backup:ab-orders"


def database() -> Observation:
    """An instance whose automated backups are replicated into TARGET."""
    properties = {
        "DBInstanceIdentifier": "orders-db",
        "DBInstanceClass": "db.t3.medium",
        "Engine": "postgres",
        "BackupRetentionPeriod": 7,
        "DBInstanceAutomatedBackupsReplications": [BACKUPS],
    }
    uid = f"arn:aws:rds:{REGION}:{ACCOUNT}:db:orders-db"
    return observed(uid, DB_INSTANCE, REGION, properties)


def table(name: str, recovery: bool) -> Observation:
    properties: dict[str, Any] = {
        "TableName": name,
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
        "GlobalSecondaryIndexes": [],
        "LocalSecondaryIndexes": [],
        "TimeToLiveSpecification": {"Enabled": False, "AttributeName": None},
        "SSESpecification": {"SSEEnabled": False},
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": recovery},
        "TableClass": "STANDARD",
        "DeletionProtectionEnabled": False,
    }
    uid = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}"
    return observed(uid, TABLE, REGION, properties)


def test_the_runbook_names_each_restore_point_and_its_cost_against_the_rpo(
    capsys, tmp_path: Path, store, neo4j_env
):
    observations = [database(), table("orders", True), table("sessions", False)]
    snapshot = snapshot_of(capsys, store, observations, rpo_minutes=30)
    out = tmp_path / "restore"
    document = cairn(
        capsys, "restore", "plan", snapshot, "--target-region", TARGET, "--out", str(out)
    )
    taken = cairn(capsys, "snapshot", "list", "small-app")["snapshots"][0]["at"]
    points = {point["address"]: point for point in document["restore_points"]}
    assert points == {
        point["address"]: point
        for point in json.loads((out / "plan.json").read_text())["restore_points"]
    }
    # The database, from its backups replicated into the target, to the snapshot's time.
    restored_to = format_time(parse_time(taken))
    assert points["aws_db_instance.orders_db"] == {
        "uid": f"arn:aws:rds:{REGION}:{ACCOUNT}:db:orders-db",
        "address": "aws_db_instance.orders_db",
        "method": "point_in_time",
        "time": restored_to,
        "rpo_minutes": 30,
        "command": f"aws rds describe-db-instance-automated-backups --region {TARGET} "
        f"--db-instance-automated-backups-arn {BACKUPS} "
        "--query 'DBInstanceAutomatedBackups[0].RestoreWindow.LatestTime' --output text",
    }
    # A table with point-in-time recovery: to its latest restorable time, read in its region.
    orders = points["aws_dynamodb_table.orders"]
    assert (orders["method"], orders["time"]) == ("latest_restorable_time", None)
    assert orders["command"] == (
        f"aws dynamodb describe-continuous-backups --region {REGION} --table-name orders "
        "--query 'ContinuousBackupsDescription.PointInTimeRecoveryDescription."
        "LatestRestorableDateTime' --output text"
    )
    sessions = points["aws_dynamodb_table.sessions"]
    assert (sessions["method"], sessions["command"]) == ("empty", None)

    runbook = (out / "RUNBOOK.md").read_text().splitlines()
    deadline = format_time(parse_time(restored_to) + 30 * 60_000)
    [line] = [line for line in runbook if line.startswith("- `aws_db_instance.orders_db`")]
    assert line.startswith(
        f"- `aws_db_instance.orders_db` (point_in_time): restored to {restored_to}, the "
        "snapshot's time: what was written after it is lost. Within the RPO of 30 minutes "
        f"only for a failure by {deadline}"
    )
    assert line.endswith(f"the latest point is: `{points['aws_db_instance.orders_db']['command']}`")
    [line] = [line for line in runbook if line.startswith("- `aws_dynamodb_table.orders`")]
    assert "typically within 5 minutes of the failure" in line
    assert "Within the RPO of 30 minutes" in line
    assert "- `aws_dynamodb_table.sessions` (empty): no backup to restore from" in "\n".join(
        runbook
    )
    assert "Restore points, against the RPO (30 minutes):" in runbook
