"""Read replicas and the primary's data, restored from the recorded crawl of
test_db_instance (a primary `app-db` and its same-region replica `app-db-replica`).

A replica comes back as a replica of the restored primary, never as a second primary;
the primary from backups replicated into the target region where there are some. The
cross-region cases move the recorded replica into another region, as a crawl of that
region would see it: its source named by ARN.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from catalog.aws.rds import DB_INSTANCE, db_instance
from catalog.aws.spec import Scope, extract
from catalog.demo.declared_state import pinned_observation
from catalog.model import Observation, Reference
from catalog.restore.emit import Target
from catalog.restore.planner import Planner, RestorePlan
from catalog.snapshots import PinnedAsset, Snapshot
from tests.aws.rds.test_db_instance import DECLARATION, RECORDING, WITH
from tests.aws.roundtrip import TARGET_REGION, Roundtrip, roundtrip
from tests.terraform_schema import problems
from tests.terraform_tools import needs_terraform, terraform_validate

REPLICA_REGION = "eu-west-1"
SNAPSHOT_AT = 1_795_000_000_000
SNAPSHOT_TIME = "2026-11-18T11:06:40.000Z"


def recorded() -> tuple[Roundtrip, Observation, Observation]:
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    by_name = {o.name: o for o in result.observations}
    return result, by_name["app-db"], by_name["app-db-replica"]


def cross_region(replica: Observation, primary: Observation) -> Observation:
    """The replica as a crawl of REPLICA_REGION reads it: its own ARN there, and its
    source named by ARN."""
    uid = replica.uid.replace(f":{replica.region}:", f":{REPLICA_REGION}:")
    properties = {**replica.properties, "ReadReplicaSourceDBInstanceIdentifier": primary.uid}
    references = tuple(
        Reference(r.field, primary.uid, r.kind, r.target_type)
        if r.field == db_instance.REPLICA_SOURCE.path
        else r
        for r in replica.references
    )
    return replace(
        replica, uid=uid, region=REPLICA_REGION, properties=properties, references=references
    )


def plan_of(pinned: list[PinnedAsset], target: Target, rpo: int | None = None) -> RestorePlan:
    snapshot = Snapshot(
        id="s1",
        application="app",
        status="complete",
        trigger="test",
        started_at=SNAPSHOT_AT,
        at=SNAPSHOT_AT,
        definition={"rpo_minutes": rpo} if rpo is not None else {},
    )
    plan = Planner(snapshot, pinned, target).build()
    assert problems(plan.files) == []
    return plan


def with_replica(result: Roundtrip, replica: Observation) -> list[PinnedAsset]:
    """The recorded plan's assets, the replica replaced by `replica`."""
    kept = [p for p in result.pinned if p.asset.name != "app-db-replica"]
    return [*kept, pinned_observation(replica)]


def block(plan: RestorePlan, label: str) -> str:
    text = plan.files["30-data.tf"]
    start = text.index(f'resource "aws_db_instance" "{label}"')
    return text[start : text.index("\n}\n", start)]


def test_a_cross_region_replica_refers_to_its_primary_by_the_arn_it_is_named_by():
    """What a crawl of the replica's region extracts: the source is named by ARN there."""
    _, primary, replica = recorded()
    moved = cross_region(replica, primary)
    scope = Scope(primary.account, REPLICA_REGION, client=lambda service: None)
    assert extract((db_instance.REPLICA_SOURCE,), scope, moved.properties, {"arn": moved.uid}) == [
        Reference(db_instance.REPLICA_SOURCE.path, primary.uid, "replica-of", DB_INSTANCE)
    ]


def test_a_replica_replicates_the_restored_primary_beside_it():
    result, _, _ = recorded()
    assert result.plan is not None
    replica = block(result.plan, "app_db_replica")
    assert "replicate_source_db                 = aws_db_instance.app_db.identifier" in replica
    # No data, engine, key, subnet group or final snapshot of its own: RDS refuses them.
    for argument in ("snapshot_identifier", "restore_to_point_in_time", "engine", "kms_key_id"):
        assert argument not in replica
    assert "db_subnet_group_name" not in replica
    assert "skip_final_snapshot                 = true" in replica
    assert "aws_db_instance.app_db" in json.dumps(
        [r.depends_on for r in result.plan.resources if r.address.endswith("app_db_replica")]
    )
    # Only the primary has a restore point: the replica copies it.
    assert [p.address for p in result.plan.restore_points] == ["aws_db_instance.app_db"]


def test_a_cross_region_replica_stays_in_its_region_and_replicates_the_restored_primary():
    result, primary, replica = recorded()
    plan = plan_of(with_replica(result, cross_region(replica, primary)), Target(TARGET_REGION))
    text = block(plan, "app_db_replica")
    assert "provider                            = aws.eu_west_1" in text
    assert "replicate_source_db                 = aws_db_instance.app_db.arn" in text
    # What it runs on in its region, which the disaster spared: the source's, by default.
    variables = {v.name: v for v in plan.variables}
    assert variables["app_db_replica_subnet_group_name"].default == "app-db"
    assert variables["app_db_replica_security_group_ids"].type == "list(string)"
    assert variables["app_db_replica_kms_key_id"].default == primary.properties["KmsKeyId"]
    assert "kms_key_id                          = var.app_db_replica_kms_key_id" in text
    assert 'alias  = "eu_west_1"' in plan.files["providers.tf"]


def test_a_cross_region_replica_in_the_target_region_replicates_the_primary_there():
    result, primary, replica = recorded()
    plan = plan_of(with_replica(result, cross_region(replica, primary)), Target(REPLICA_REGION))
    text = block(plan, "app_db_replica")
    assert "replicate_source_db                 = aws_db_instance.app_db.identifier" in text
    assert "provider" not in text
    assert plan.regions == []


def test_a_replica_whose_primary_is_not_restored_replicates_the_database_a_variable_names():
    result, primary, replica = recorded()
    pinned = [p for p in with_replica(result, replica) if p.asset.uid != primary.uid]
    plan = plan_of(pinned, Target(TARGET_REGION))
    text = block(plan, "app_db_replica")
    [variable] = [v for v in plan.variables if v.name.endswith("app_db_arn")]
    assert f"replicate_source_db                 = var.{variable.name}" in text
    assert (variable.default, variable.uid) == (None, replica.uid)
    # Its own network, as any database restored into the plan's region.
    assert "db_subnet_group_name                = aws_db_subnet_group.app_db.name" in text


def replicated_into_target(
    result: Roundtrip, primary: Observation
) -> tuple[list[PinnedAsset], str]:
    backups = f"arn:aws:rds:{TARGET_REGION}:{primary.account}:auto-backup:ab-app-db"
    properties = {**primary.properties, "DBInstanceAutomatedBackupsReplications": [backups]}
    pinned = [p for p in result.pinned if p.asset.uid != primary.uid]
    return [*pinned, pinned_observation(replace(primary, properties=properties))], backups


def test_a_primary_with_backups_replicated_into_the_target_comes_back_to_the_snapshot_time():
    result, primary, _ = recorded()
    pinned, backups = replicated_into_target(result, primary)
    plan = plan_of(pinned, Target(TARGET_REGION), rpo=15)
    text = block(plan, "app_db")
    assert "var.app_db_snapshot_identifier" not in text
    assert "source_db_instance_automated_backups_arn = var.app_db_automated_backups_arn" in text
    assert "restore_time                             = var.app_db_restore_time" in text
    variables = {v.name: v for v in plan.variables}
    assert variables["app_db_automated_backups_arn"].default == backups
    assert (variables["app_db_restore_time"].default, variables["app_db_restore_time"].purpose) == (
        SNAPSHOT_TIME,
        "restore_time",
    )
    # Its data is encrypted under the target's key: the one the plan names, not the source's.
    assert "kms_key_id                          = var.resource_app_db_arn" in text
    [point] = json.loads(plan.files["plan.json"])["restore_points"]
    assert point == {
        "uid": primary.uid,
        "address": "aws_db_instance.app_db",
        "method": "point_in_time",
        "time": SNAPSHOT_TIME,
        "rpo_minutes": 15,
        "command": f"aws rds describe-db-instance-automated-backups --region {TARGET_REGION} "
        f"--db-instance-automated-backups-arn {backups} "
        "--query 'DBInstanceAutomatedBackups[0].RestoreWindow.LatestTime' --output text",
    }
    runbook = plan.files["RUNBOOK.md"]
    assert (
        f"- `aws_db_instance.app_db` (point_in_time): restored to {SNAPSHOT_TIME}, the "
        "snapshot's time: what was written after it is lost. Within the RPO of 15 minutes "
        "only for a failure by 2026-11-18T11:21:40.000Z" in runbook
    )


def test_backups_replicated_elsewhere_leave_the_primary_to_a_snapshot_copy():
    result, primary, _ = recorded()
    pinned, _ = replicated_into_target(result, primary)
    plan = plan_of(pinned, Target("ap-south-1"))
    assert "snapshot_identifier = var.app_db_snapshot_identifier" in block(plan, "app_db")
    [point] = plan.restore_points
    assert (point.method, point.time) == ("snapshot_copy", None)
    assert point.command is not None
    assert "describe-db-snapshots --region ap-south-1" in point.command


@needs_terraform
def test_replicas_and_a_point_in_time_restore_validate(tmp_path: Path):
    result, primary, replica = recorded()
    pinned, _ = replicated_into_target(result, primary)
    pinned = [p for p in pinned if p.asset.name != "app-db-replica"]
    plan = plan_of(
        [*pinned, pinned_observation(cross_region(replica, primary))], Target(TARGET_REGION)
    )
    terraform_validate(plan.files, tmp_path)
