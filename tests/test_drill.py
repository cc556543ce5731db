"""`cairn drill` on the SaaS stack in moto: killed or stopped mid-apply, it leaves the
target region as it found it. The demo runs one to its end (tests/test_demo.py).

Applies are slow (minutes each on a small machine): one test holds two killed drills and a
stopped one, so the stack is built and crawled once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import moto.settings
import pytest

from catalog.demo.stack import saas
from catalog.drill.record import (
    DrillRecord,
    DrillStatus,
    drills_of,
    get_drill,
    new_drill_id,
    save_drill,
    unfinished_drills,
)
from catalog.drill.tag import drill_tags
from tests.api_http import READER_TOKEN, Client, configured_access, running
from tests.cli_runner import cairn, run_cli
from tests.terraform_tools import PLUGINS, needs_terraform

APP = "app-infra-prod"
TARGET = "us-west-2"
APP_CIDR = "10.0.0.0/16"
CAIRN = Path(sys.executable).parent / "cairn"
KILL_TIMEOUT_S = 900


@pytest.fixture
def drill_env(aws, store, neo4j_env, tmp_path, monkeypatch) -> dict[str, str]:
    monkeypatch.setenv("CAIRN_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CAIRN_TF_PLUGIN_DIR", str(PLUGINS))
    # The moto server runs in this process. It starts no ECS task: the service's two tasks
    # run as far as its API says. And it issues a certificate at once, as ACM does when
    # the domain's validation record is in place.
    monkeypatch.setenv("MOTO_ECS_SERVICE_RUNNING", "2")
    monkeypatch.setattr(moto.settings, "ACM_VALIDATION_WAIT", 0)
    return dict(os.environ)


@pytest.fixture
def saas_app(capsys, drill_env) -> str:
    saas.build_application()
    cairn(capsys, "crawl", "--region", saas.REGION)
    cairn(
        capsys, "app", "create", APP, "--tag", "Project=app-infra", "--region", saas.REGION,
        "--rto", "30", "--rpo", "5",
    )  # fmt: skip
    return APP


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["drill", "no-such-app", "--target-region", TARGET], "no-such-app"),
        (["drill", APP], "--target-region"),
        (["drill", APP, "--target-region", TARGET, "--snapshot", "s", "--at", "now"], "not both"),
        (["drill", "--cleanup", "drill-000000000000"], "no drill 'drill-000000000000'"),
        (["drill"], "give an APP"),
        (["drill", APP, "--target-region", TARGET, "--var", "novalue"], "NAME=VALUE"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(capsys, drill_env, argv, message):
    code, out, err = run_cli(capsys, *argv, "--json")
    assert (code, out) == (1, "")
    assert message in err and err.count("\n") == 1, err


def test_cleanup_without_its_work_directory_lists_what_still_carries_its_tag(
    capsys, store, drill_env, tmp_path
):
    """Nothing to destroy from: the cleanup says so, crawls, and names what is still tagged
    with the drill's id (to delete by hand); the drill stays unfinished."""
    drill = DrillRecord(
        id=new_drill_id(),
        application=APP,
        snapshot="app-infra-prod@2026-12-01T00:00:00Z",
        target_region=TARGET,
        target_account=None,
        started_at=1_000,
        workdir=str(tmp_path / "gone"),
        services=["ec2"],
    )
    save_drill(store, drill)
    vpc = boto3.client("ec2", region_name=TARGET).create_vpc(
        CidrBlock=APP_CIDR,
        TagSpecifications=[{"ResourceType": "vpc", "Tags": drill_tags(drill.id)}],
    )["Vpc"]["VpcId"]

    code, out, err = run_cli(capsys, "drill", "--cleanup", drill.id, "--json")
    assert code == 2, err
    assert f"its work directory {tmp_path / 'gone'} is gone" in err
    record = json.loads(out)
    assert [item.split()[0] for item in record["left_behind"]] == ["AWS::EC2::VPC"]
    assert vpc in record["left_behind"][0]
    assert record["status"] == "failed" and record["cleaned_at"] is None
    assert [d.id for d in unfinished_drills(store, APP)] == [drill.id]


def test_starting_a_drill_needs_an_operator(store, neo4j_settings):
    with running(neo4j_settings, configured_access()) as server:
        started = Client(server.url, READER_TOKEN).graphql(
            'mutation { startDrill(application: "app-infra-prod", targetRegion: "us-west-2") '
            "{ id } }"
        )
    assert started.status == 403


@needs_terraform
def test_killed_and_stopped_drills_leave_nothing_behind(capsys, store, drill_env, saas_app):
    """A drill that runs to its end is the demo's (tests/test_demo.py); here each one is
    stopped in its second stage, which is where leftovers would come from."""
    source = _source_inventory()

    # Killed mid-apply: `cairn drill --cleanup` removes what it left, and says so.
    killed = _killed_drill(drill_env, store)
    assert killed.made, "the drill copied the database snapshot before it applied"
    assert _leftovers() != [], "the kill left restored resources in the target region"
    cleaned = cairn(capsys, "drill", "--cleanup", killed.id)
    assert cleaned["left_behind"] == [] and cleaned["cleaned_at"] is not None
    assert get_drill(store, killed.id).cleaned_at is not None
    assert _leftovers() == []

    # Killed again; this time the next drill cleans it up first. A CI job that times out
    # then sends that drill SIGTERM: terraform is told once to stop and save its state,
    # the drill destroys what it applied, then exits 143.
    killed = _killed_drill(drill_env, store)
    child, record = _drill_in_its_second_stage(drill_env, store)
    child.send_signal(signal.SIGTERM)  # to cairn alone: it forwards it to terraform
    _, err = child.communicate(timeout=KILL_TIMEOUT_S)
    assert child.returncode == 128 + signal.SIGTERM, err
    assert f"drill {killed.id} did not finish: cleaning it up first" in err
    assert get_drill(store, killed.id).cleaned_at is not None
    assert "stage network: applying" in err and "stage identity: applying" in err
    assert err.rstrip().endswith("cairn: interrupted by SIGTERM")
    stopped = get_drill(store, record.id)
    assert (stopped.status, stopped.error) == (DrillStatus.FAILED, "interrupted by SIGTERM")
    assert stopped.left_behind == [] and stopped.cleaned_at is not None
    assert stopped.stages[0].name == "network"
    assert next(d.id for d in drills_of(store, APP)) == record.id
    # The throwaway secrets were written for terraform alone.
    tfvars = (Path(stopped.workdir) / "terraform.tfvars").stat()
    assert tfvars.st_mode & 0o077 == 0
    # Afterwards the target region is empty of the application, the source untouched.
    assert _leftovers() == []
    assert _source_inventory() == source


def _killed_drill(env: dict[str, str], store) -> DrillRecord:
    """A drill in a process of its own, SIGKILLed with its group once its first stage is
    applied and the next one has started."""
    child, record = _drill_in_its_second_stage(env, store)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    record = get_drill(store, record.id)
    assert record.status == DrillStatus.RUNNING and len(record.stages) == 1
    return record


def _drill_in_its_second_stage(env: dict[str, str], store) -> tuple[subprocess.Popen, DrillRecord]:
    """A drill in a process (and group) of its own, once its first stage is applied and
    the next one has started."""
    known = {d.id for d in drills_of(store, APP)}
    child = subprocess.Popen(
        [str(CAIRN), "drill", APP, "--target-region", TARGET, "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + KILL_TIMEOUT_S
    while time.monotonic() < deadline and child.poll() is None:
        started = [d for d in drills_of(store, APP) if d.id not in known]
        if started and started[0].stages:
            time.sleep(3)  # the next stage's apply is under way
            return child, started[0]
        time.sleep(1)
    os.killpg(child.pid, signal.SIGKILL)
    _, err = child.communicate()
    raise AssertionError(f"the drill never finished its first stage: {err}")


def _leftovers() -> list[str]:
    """What describe calls find of the application in the target region and the account."""
    ec2 = boto3.client("ec2", region_name=TARGET)
    found = [
        f"vpc {v['VpcId']}"
        for v in ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": [APP_CIDR]}])["Vpcs"]
    ]
    found += [
        f"subnet {s['SubnetId']}"
        for s in ec2.describe_subnets()["Subnets"]
        if s["CidrBlock"].startswith("10.0.")
    ]
    found += [f"eip {a['AllocationId']}" for a in ec2.describe_addresses()["Addresses"]]
    found += [
        f"nat {n['NatGatewayId']}"
        for n in ec2.describe_nat_gateways()["NatGateways"]
        if n["State"] not in ("deleted", "deleting")
    ]
    rds = boto3.client("rds", region_name=TARGET)
    found += [f"db {d['DBInstanceIdentifier']}" for d in rds.describe_db_instances()["DBInstances"]]
    found += [
        f"snapshot {s['DBSnapshotIdentifier']}"
        for s in rds.describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]
    ]
    elbv2 = boto3.client("elbv2", region_name=TARGET)
    found += [
        f"lb {lb['LoadBalancerName']}" for lb in elbv2.describe_load_balancers()["LoadBalancers"]
    ]
    found += [
        f"tg {tg['TargetGroupName']}" for tg in elbv2.describe_target_groups()["TargetGroups"]
    ]
    ecs = boto3.client("ecs", region_name=TARGET)
    for cluster in ecs.describe_clusters(clusters=ecs.list_clusters()["clusterArns"])["clusters"]:
        if cluster["status"] == "ACTIVE":
            found.append(f"cluster {cluster['clusterName']}")
    iam = boto3.client("iam")
    found += [
        f"role {r['RoleName']}" for r in iam.list_roles()["Roles"] if r["RoleName"].endswith("-dr")
    ]
    s3 = boto3.client("s3")
    found += [
        f"bucket {b['Name']}" for b in s3.list_buckets()["Buckets"] if b["Name"].endswith("-dr")
    ]
    # Copies of the source's snapshot the drill took in the source region.
    source = boto3.client("rds", region_name=saas.REGION)
    found += [
        f"source snapshot {s['DBSnapshotIdentifier']}"
        for s in source.describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]
    ]
    return found


def _source_inventory() -> dict[str, list[str]]:
    ec2 = boto3.client("ec2", region_name=saas.REGION)
    rds = boto3.client("rds", region_name=saas.REGION)
    elbv2 = boto3.client("elbv2", region_name=saas.REGION)
    iam = boto3.client("iam")
    return {
        "vpcs": sorted(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]),
        "databases": sorted(
            d["DBInstanceIdentifier"] for d in rds.describe_db_instances()["DBInstances"]
        ),
        "load_balancers": sorted(
            lb["LoadBalancerArn"] for lb in elbv2.describe_load_balancers()["LoadBalancers"]
        ),
        "roles": sorted(r["RoleName"] for r in iam.list_roles()["Roles"]),
        "buckets": sorted(b["Name"] for b in boto3.client("s3").list_buckets()["Buckets"]),
    }
