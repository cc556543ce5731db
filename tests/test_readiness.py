"""Issue 17's readiness acceptance: the SaaS stack in moto, crawled over HTTP into a real
Neo4j, checked for a recovery into us-west-2 against an RTO of 30 and an RPO of 5 minutes;
made better through the real AWS APIs and crawled again; and asked about the past."""

from __future__ import annotations

import json
from collections.abc import Iterator

import boto3
import moto.settings
import pytest

from catalog.clock import format_time, now_ms
from catalog.demo.stack import jobs, saas
from catalog.demo.stack.data import ZONE
from catalog.drill.record import DrillRecord, DrillStatus, StageTime, new_drill_id, save_drill
from catalog.graph.connection import Neo4jSettings
from catalog.graph.store import GraphStore
from catalog.readiness.drills import DAY_MS
from tests.api_http import OPERATOR_TOKEN, ApiServer, Client, configured_access, running
from tests.cli_runner import cairn, run_cli

APP = "app-infra-prod"
TARGET = "us-west-2"
ACCOUNT = "123456789012"
REPLICA_BUCKET = "app-files-dr"


@pytest.fixture
def application(aws, store, neo4j_env, capsys) -> saas.Application:
    """The stack crawled in its region and the target region, defined with RTO 30, RPO 5."""
    built = saas.build_application()
    cairn(capsys, "crawl", "--region", saas.REGION, "--region", TARGET)
    cairn(capsys, "app", "create", APP, "--tag", "Project=app-infra", "--region", saas.REGION)
    return built


def readiness(capsys, *options: str, application: str = APP) -> tuple[int, dict]:
    code, out, err = run_cli(capsys, "readiness", application, *options, "--json")
    assert code in (0, 2), err
    return code, json.loads(out)


def check(document: dict, name: str) -> dict:
    return next(c for c in document["checks"] if c["name"] == name)


def findings(document: dict, name: str, verdict: str) -> dict[str, str]:
    """uid -> text of a check's findings with that verdict (one each)."""
    found = [
        (f["uid"], f["text"]) for f in check(document, name)["evidence"] if f["verdict"] == verdict
    ]
    assert len(dict(found)) == len(found), found
    return dict(found)


def evidence_of(document: dict, name: str, verdict: str) -> list[tuple[str, str]]:
    """(uid, text) of every finding of a check with that verdict: a data store's backups at
    home and in the target region are two findings about the same uid."""
    return [
        (f["uid"], f["text"]) for f in check(document, name)["evidence"] if f["verdict"] == verdict
    ]


def record_uid(name: str, kind: str, zone_id: str) -> str:
    return f"aws:{ACCOUNT}:global:AWS::Route53::RecordSet:{zone_id}/{name}/{kind}/"


def test_readiness_names_the_scenario_risks_improves_and_remembers_the_past(
    capsys, store, application, monkeypatch
):
    set_ = cairn(capsys, "app", "set", APP, "--rto", "30", "--rpo", "5")
    assert (set_["rto_minutes"], set_["rpo_minutes"]) == (30, 5)
    www = record_uid(f"www.{ZONE}", "CNAME", application.data.zone_id)
    database = application.data.instance_arn
    listener_certificate = application.compute.certificate_arn

    code, before = readiness(capsys, "--target-region", TARGET)
    assert code == 2
    assert before["verdict"] == "not_ready"
    assert (before["target_region"], before["rto_minutes"], before["rpo_minutes"]) == (
        TARGET,
        30,
        5,
    )
    # The TTL-3600 CNAME against the 30-minute RTO, its TTL as the evidence's value.
    [cname] = [f for f in check(before, "dns")["evidence"] if f["uid"] == www]
    assert (cname["verdict"], cname["value"]) == ("not_ready", 3600)
    assert "up to 60 min" in cname["text"]
    # No backups in the target region for a 5-minute RPO.
    data = findings(before, "data", "not_ready")
    assert data[database] == f"DBInstance app-db: no backups in {TARGET} for a 5-minute RPO"
    assert f"arn:aws:s3:::{saas.BUCKET}" in data
    # The listener's certificate is missing in the target region.
    missing = findings(before, "region-scoped artifacts", "not_ready")
    assert f"certificate for api.example.com: none in {TARGET}" in missing[listener_certificate]
    assert check(before, "drills")["verdict"] == "at_risk"
    time_before = format_time(now_ms())

    copy = _make_it_better(application, monkeypatch)
    cairn(capsys, "crawl", "--region", saas.REGION, "--region", TARGET)

    code, after = readiness(capsys, "--target-region", TARGET)
    assert check(after, "dns")["verdict"] == "ready"
    issued = findings(after, "region-scoped artifacts", "ready")
    assert issued[listener_certificate] == f"certificate for api.example.com: issued in {TARGET}"
    assert findings(after, "region-scoped artifacts", "not_ready") == {}
    assert f"secret app/api-key: replica in {TARGET}" in issued.values()
    bucket = f"arn:aws:s3:::{saas.BUCKET}"
    replicated = (bucket, f"Bucket {saas.BUCKET}: S3 replication in {TARGET}, continuous")
    assert replicated in evidence_of(after, "data", "ready")
    # moto has no replication of automated backups; a snapshot copied into the target
    # region is a backup there, but no snapshot keeps a 5-minute RPO.
    [(uid, text)] = findings(after, "data", "not_ready").items()
    assert uid == copy
    assert text.endswith(f"a 5-minute RPO needs continuous backups into {TARGET}")
    assert code == 2
    # The snapshots are backups, not assets: not in the application, not in its plan.
    preview = cairn(capsys, "app", "preview", APP)
    assert not [a for a in preview["assets"] if a["type"] == "AWS::RDS::DBSnapshot"]
    assert not findings(after, "restore coverage", "not_ready")

    # Against a daily RPO, a copy of minutes-old data is enough.
    cairn(capsys, "app", "set", APP, "--rpo", "1440")
    _, daily = readiness(capsys, "--target-region", TARGET)
    assert findings(daily, "data", "not_ready") == {}
    assert copy in [uid for uid, _ in evidence_of(daily, "data", "ready")]
    # A region never crawled: what it holds is unknown, never "missing".
    _, unseen = readiness(capsys, "--target-region", "eu-west-1")
    assert findings(unseen, "data", "at_risk")[database].endswith(
        "eu-west-1 has not been crawled for snapshot copies (`cairn crawl --region eu-west-1`)"
    )
    assert findings(unseen, "region-scoped artifacts", "at_risk")[listener_certificate] == (
        "certificate for api.example.com: eu-west-1 has not been crawled "
        "(`cairn crawl --region eu-west-1`)"
    )
    cairn(capsys, "app", "set", APP, "--rpo", "5")

    code, past = readiness(capsys, "--target-region", TARGET, "--at", time_before)
    assert code == 2
    assert past["checks"] == before["checks"]

    # A drill that passed yesterday, 20 minutes end to end: proven against the 30-minute RTO,
    # and the region readiness checks when none is given.
    drill = _passed_drill(store, minutes=20)
    code, drilled = readiness(capsys)
    assert (drilled["target_region"], drilled["target_chosen_by"]) == (TARGET, "last drill")
    evidence = check(drilled, "drills")["evidence"]
    assert check(drilled, "drills")["verdict"] == "ready"
    measured = next(f for f in evidence if f["text"].startswith("measured RTO"))
    assert (measured["uid"], measured["value"]) == (drill.id, 1200.0)
    assert "20 min against 30 min" in measured["text"]

    slow = _passed_drill(store, minutes=45)
    _, drilled = readiness(capsys, "--target-region", TARGET)
    assert findings(drilled, "drills", "not_ready").keys() == {slow.id}


def _make_it_better(application: saas.Application, monkeypatch) -> str:
    """A certificate issued in the target region for every name, the secret and the bucket
    replicated there, a snapshot of the database copied there (its ARN returned) and the
    old CNAME's TTL lowered to 5 minutes."""
    monkeypatch.setattr(moto.settings, "ACM_VALIDATION_WAIT", 0)  # issued at once
    # One wildcard certificate serves the names of both of the source region's.
    boto3.client("acm", region_name=TARGET).request_certificate(
        DomainName="*.example.com", SubjectAlternativeNames=["example.com"], ValidationMethod="DNS"
    )
    boto3.client("secretsmanager", region_name=saas.REGION).replicate_secret_to_regions(
        SecretId="app/api-key", AddReplicaRegions=[{"Region": TARGET}]
    )
    s3 = boto3.client("s3", region_name=TARGET)
    s3.create_bucket(
        Bucket=REPLICA_BUCKET, CreateBucketConfiguration={"LocationConstraint": TARGET}
    )
    s3.put_bucket_versioning(Bucket=REPLICA_BUCKET, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_replication(
        Bucket=saas.BUCKET,
        ReplicationConfiguration={
            "Role": application.network.task_role_arn,
            "Rules": [
                {
                    "ID": "dr",
                    "Status": "Enabled",
                    "Priority": 1,
                    "Filter": {},
                    "DeleteMarkerReplication": {"Status": "Enabled"},
                    "Destination": {"Bucket": f"arn:aws:s3:::{REPLICA_BUCKET}"},
                }
            ],
        },
    )
    snapshot = boto3.client("rds", region_name=saas.REGION).create_db_snapshot(
        DBInstanceIdentifier="app-db", DBSnapshotIdentifier="app-db-manual"
    )["DBSnapshot"]
    copied = boto3.client("rds", region_name=TARGET).copy_db_snapshot(
        SourceDBSnapshotIdentifier=snapshot["DBSnapshotArn"],
        TargetDBSnapshotIdentifier="app-db-manual-dr",
    )["DBSnapshot"]
    boto3.client("route53").change_resource_record_sets(
        HostedZoneId=application.data.zone_id,
        ChangeBatch={
            "Changes": [
                {
                    "Action": "UPSERT",
                    "ResourceRecordSet": {
                        "Name": f"www.{ZONE}",
                        "Type": "CNAME",
                        "TTL": 300,
                        "ResourceRecords": [{"Value": application.compute.load_balancer_dns}],
                    },
                }
            ]
        },
    )
    return str(copied["DBSnapshotArn"])


def _passed_drill(store: GraphStore, minutes: int) -> DrillRecord:
    """A drill into the target region that finished a day ago, its stages `minutes` long."""
    finished = now_ms() - DAY_MS
    seconds = minutes * 60
    drill = DrillRecord(
        id=new_drill_id(),
        application=APP,
        snapshot="snap-drilled",
        target_region=TARGET,
        target_account=None,
        started_at=finished - seconds * 1000,
        workdir="/tmp/drill",
        status=DrillStatus.PASSED,
        finished_at=finished,
        stages=[
            StageTime("network", apply_seconds=seconds * 0.25, gate_seconds=0.0),
            StageTime("data", apply_seconds=seconds * 0.5, gate_seconds=seconds * 0.25),
        ],
    )
    save_drill(store, drill)
    return drill


def test_without_a_target_region_the_checks_that_need_one_say_so(capsys, application):
    code, document = readiness(capsys)
    assert document["target_region"] is None
    assert document["rto_minutes"] is None
    assert check(document, "region-scoped artifacts")["evidence"] == [
        {
            "verdict": "at_risk",
            "text": "no target region: give --target-region",
            "uid": None,
            "value": None,
            "time": None,
        }
    ]
    assert "no RTO set; `cairn app set app-infra-prod --rto MINUTES`" in [
        f["text"] for f in check(document, "dns")["evidence"]
    ]
    # The CNAME is judged against no RTO: at risk, not ready.
    assert check(document, "dns")["verdict"] == "at_risk"
    assert code == 0
    code, _, err = run_cli(capsys, "readiness", APP, "--fail-on", "at-risk")
    assert code == 2, err

    # The text output: a table of checks, the evidence under each, the verdict last.
    code, out, _ = run_cli(capsys, "readiness", APP)
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[-1] == "verdict: at_risk"
    assert any(
        line.startswith("  at_risk   no target region: give --target-region") for line in lines
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("readiness", "nope"), "cairn: error: no application named 'nope' (see `cairn app list`)"),
        (
            ("readiness", "nope", "--target-region", "us-nowhere-9"),
            "cairn: error: unknown region us-nowhere-9",
        ),
        (("readiness", "nope", "--at", "yesterday"), "cairn: error: "),
        (
            ("readiness", "nope", "--fail-on", "sometimes"),
            "cairn: error: unknown --fail-on 'sometimes'",
        ),
        (("app", "set", "nope", "--rto", "30"), "cairn: error: no application named 'nope'"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(capsys, store, neo4j_env, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 1
    assert out == ""
    assert err.startswith(message)
    assert len(err.strip().splitlines()) == 1


@pytest.fixture
def server(neo4j_settings: Neo4jSettings) -> Iterator[ApiServer]:
    with running(neo4j_settings, configured_access()) as started:
        yield started


def test_readiness_over_graphql_matches_the_cli(capsys, application, server):
    operator = Client(server.url, OPERATOR_TOKEN)
    reader = Client(server.url)
    assert reader.operation("UpdateApplication", name=APP, rtoMinutes=30).status == 403
    updated = operator.operation("UpdateApplication", name=APP, rtoMinutes=30, rpoMinutes=5)
    assert updated.data["updateApplication"] == {"name": APP, "rtoMinutes": 30, "rpoMinutes": 5}

    answer = reader.operation("Readiness", application=APP, targetRegion=TARGET).data["readiness"]
    _, document = readiness(capsys, "--target-region", TARGET)
    assert answer["verdict"] == document["verdict"] == "not_ready"
    assert [(c["name"], c["verdict"]) for c in answer["checks"]] == [
        (c["name"], c["verdict"]) for c in document["checks"]
    ]
    dns = next(c for c in answer["checks"] if c["name"] == "dns")
    www = record_uid(f"www.{ZONE}", "CNAME", application.data.zone_id)
    assert {"verdict": "not_ready", "uid": www, "value": 3600} in [
        {key: f[key] for key in ("verdict", "uid", "value")} for f in dns["evidence"]
    ]

    unknown = reader.operation("Readiness", application="nope")
    assert unknown.messages == ["no application named 'nope' (see `cairn app list`)"]


def test_the_jobs_stack_artifacts_and_table_and_its_registry_replicated(
    capsys, aws, store, neo4j_env
):
    """The jobs stack runs its own ECR image, launches from an AMI, encrypts with a
    single-region key and keeps its state in a DynamoDB table with point-in-time recovery."""
    built = jobs.build()
    cairn(capsys, "crawl", "--region", jobs.REGION, "--region", TARGET)
    cairn(
        capsys,
        "app", "create", jobs.PROJECT, "--tag", f"Project={jobs.PROJECT}",
        "--region", jobs.REGION, "--rto", "60", "--rpo", "60",
    )  # fmt: skip
    code, document = readiness(capsys, "--target-region", TARGET, application=jobs.PROJECT)
    assert code == 2
    table = f"Table {jobs.PROJECT}-state"
    assert findings(document, "data", "ready")[built.table_arn] == (
        f"{table}: point-in-time recovery (35 days) in {jobs.REGION}"
    )
    assert findings(document, "data", "not_ready")[built.table_arn] == (
        f"{table}: no backups in {TARGET} for a 60-minute RPO"
    )
    artifacts = check(document, "region-scoped artifacts")["evidence"]
    image = f"{built.repository_url}:1.4.2"
    [registry] = [f for f in artifacts if f["text"].startswith(f"image {image}")]
    assert registry["verdict"] == "not_ready"
    assert registry["text"].endswith(
        f"registry {ACCOUNT} in {jobs.REGION} does not replicate into {TARGET}"
    )
    [key] = [f for f in artifacts if f["uid"] == built.key_arn]
    assert (key["verdict"], key["text"].split(": ")[1]) == (
        "at_risk",
        f"no replica in {TARGET}; what it encrypts needs another key there",
    )
    # One AMI, for the launch template and the instance its group launched alike.
    [ami] = [f for f in artifacts if f["text"].startswith("AMI ")]
    assert ami["verdict"] == "at_risk" and "images are not crawled" in ami["text"]
    # That instance is left to its group, which relaunches it: not a gap in the restore.
    assert findings(document, "restore coverage", "not_ready") == {}
    assert any(
        "Auto Scaling group" in text
        for text in findings(document, "restore coverage", "ready").values()
    )

    boto3.client("ecr", region_name=jobs.REGION).put_replication_configuration(
        replicationConfiguration={
            "rules": [{"destinations": [{"region": TARGET, "registryId": ACCOUNT}]}]
        }
    )
    cairn(capsys, "crawl", "--region", jobs.REGION, "--region", TARGET)
    _, document = readiness(capsys, "--target-region", TARGET, application=jobs.PROJECT)
    [registry] = [
        f
        for f in check(document, "region-scoped artifacts")["evidence"]
        if f["text"].startswith(f"image {image}")
    ]
    assert (registry["verdict"], registry["text"]) == (
        "ready",
        f"image {image}: replicated into {TARGET}",
    )
