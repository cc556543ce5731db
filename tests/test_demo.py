"""`cairn demo` tells the whole story of SCENARIO.md on a local moto account and a real
Neo4j, and every step's record says what the docs say it shows."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import hcl2
import pytest

from catalog.aws.ecs.task_definition import TASK_ROLE
from catalog.cli import main
from catalog.graph.store import GraphStore
from catalog.graph.writer import ingest
from tests.cli_runner import run_cli
from tests.demo_story import ROLE, TERRAFORM_HERE, ToldStory
from tests.factories import observe, partition, sg_uid


@pytest.fixture
def demo_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CAIRN_HOME", str(tmp_path))
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    return tmp_path / "demo"


def test_demo_tells_the_story_step_by_step(told_story: ToldStory) -> None:
    record, steps = told_story.record, told_story.steps
    assert list(steps) == [
        "crawl", "application", "snapshot-1", "hotfixes", "drift", "impact", "restore",
        "drill", "readiness", "serve",
    ]  # fmt: skip

    crawl = steps["crawl"]
    assert crawl["stats"]["observed"] >= 40
    assert {"AWS::EC2::VPC", "AWS::ECS::Service", "AWS::RDS::DBInstance"} <= set(crawl["by_type"])

    # The untagged IAM roles come in by dependency, with the reference that pulled them.
    application = steps["application"]
    pulled = {asset["uid"]: asset for asset in application["dependencies"]}
    assert pulled[ROLE]["path"][-1]["field"] == TASK_ROLE.path
    assert {a["type"] for a in application["dependencies"]} >= {"AWS::IAM::Role"}
    assert steps["snapshot-1"]["status"] == "complete"
    assert steps["snapshot-1"]["asset_count"] == application["count"]

    diff = steps["hotfixes"]["diff"]
    assert diff["counts"]["changed"] == 2 and diff["counts"]["added"] == 0
    paths = sorted(c["path"] for change in diff["changes"] for c in change["changes"])
    assert paths == ["properties.Parameters.max_connections", "properties.Policies.hotfix-s3-read"]

    drift = steps["drift"]
    assert drift["drift"] is True
    sentences = " ".join(finding["sentence"] for finding in drift["findings"])
    assert len(drift["findings"]) == 2
    assert "hotfix-s3-read" in sentences and "max_connections" in sentences
    patch = Path(drift["patch"]["out"])
    text = "".join((patch / name).read_text() for name in drift["patch"]["files"])
    for name in drift["patch"]["files"]:
        hcl2.loads((patch / name).read_text())  # the patch parses
    assert "hotfix-s3-read" in text and "900" in text

    impact = steps["impact"]["impact"]
    assert impact["uid"] == ROLE
    assert impact["by_type"]["AWS::ECS::TaskDefinition"] >= 1
    assert impact["by_type"]["AWS::ECS::Service"] >= 1

    restore = steps["restore"]
    assert restore["snapshot"] == steps["hotfixes"]["snapshot"]["id"]
    assert restore["hotfixes_kept"] == {"inline_policy": True, "max_connections_900": True}
    # The database comes back from a snapshot copy; the command finds the newest one.
    [database] = [p for p in restore["restore_points"] if p["address"].startswith("aws_db_")]
    assert (database["method"], database["rpo_minutes"]) == ("snapshot_copy", 5)
    assert database["command"].startswith("aws rds describe-db-snapshots --region us-west-2 ")
    assert [s["stage"] for s in restore["stages"]] == [
        "network", "identity", "data", "compute", "traffic", "dns"
    ]  # fmt: skip
    written = sorted(path.name for path in Path(restore["out"]).iterdir())
    assert written == sorted(restore["files"]) and "RUNBOOK.md" in written
    assert "us-east-1" not in (Path(restore["out"]) / "providers.tf").read_text()
    assert restore["checklist"]["stages"][0]["gate"]
    rewired = {r["address"]: r for r in restore["rewired"]}
    cname = rewired["aws_route53_record.www_example_com"]
    assert cname["written"] == "aws_lb.app_alb.dns_name" and "us-east-1" in cname["value"]

    # The drill applied snapshot 2 into us-west-2, timed each stage, and left nothing there.
    drill = steps["drill"]
    if not TERRAFORM_HERE:
        assert "terraform" in drill["skipped"]
    else:
        assert drill["status"] == "passed", drill["error"]
        assert [stage["name"] for stage in drill["stages"]][:3] == ["network", "identity", "data"]
        assert drill["rto_seconds"] > 0 and drill["comparison"]["passed"]
        assert drill["left_behind"] == [] and drill["cleaned_at"]
        assert drill["rto_seconds"] == pytest.approx(
            sum(s["apply_seconds"] + s["gate_seconds"] for s in drill["stages"]), abs=0.5
        )
        assert all(gate["passed"] is not False for s in drill["stages"] for gate in s["gates"])

    # Readiness for us-west-2 names the scenario's risks against RTO 30 and RPO 5.
    readiness = steps["readiness"]
    assert (readiness["verdict"], readiness["rto_minutes"], readiness["rpo_minutes"]) == (
        "not_ready", 30, 5
    )  # fmt: skip
    evidence = {c["name"]: [f for f in c["evidence"] if f["verdict"] == "not_ready"]
                for c in readiness["checks"]}  # fmt: skip
    assert [f["value"] for f in evidence["dns"] if "www.example.com" in f["text"]] == [3600]
    assert any("no backups in us-west-2 for a 5-minute RPO" in f["text"] for f in evidence["data"])
    assert any(
        "certificate for api.example.com: none in us-west-2" in f["text"]
        for f in evidence["region-scoped artifacts"]
    )
    if TERRAFORM_HERE:  # the drill that just passed proves the RTO (minutes, against 30)
        [drills] = [check for check in readiness["checks"] if check["name"] == "drills"]
        assert drill["id"] in drills["summary"]
        measured = [f for f in drills["evidence"] if f["text"].startswith("measured RTO")]
        assert [(f["value"], f["verdict"]) for f in measured] == [(drill["rto_seconds"], "ready")]

    served = steps["serve"]
    assert served["graphiql"].endswith("/graphql")
    assert served["answer"]["data"]["impact"]["count"] == impact["count"]

    assert any(command.startswith("cairn restore plan") for command in record["next"])
    assert told_story.aws_endpoint_left is None  # the user's AWS settings are back


def test_demo_refuses_a_graph_it_did_not_make(
    store: GraphStore, neo4j_env, demo_home, capsys
) -> None:
    ingest(store, [observe(sg_uid("theirs"))], complete=[partition()])
    assert main(["demo", "--json"]) == 1
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("cairn: error: the graph at") and "did not create" in error
    assert store.read("resource_identity", uid=sg_uid("theirs"))


@pytest.mark.retells_story
def test_demo_runs_again_from_scratch_ends_with_the_console_and_stops_on_ctrl_c(
    demo_graph: ToldStory, neo4j_env, capsys
) -> None:
    """A second run, in a terminal, on the graph and files the told story left."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from catalog.cli import main; sys.exit(main())",
            "demo",
            "--wait",
            "--no-drill",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={
            **os.environ,
            "CAIRN_HOME": str(demo_graph.home),
            "PYTHONUNBUFFERED": "1",
            "COLUMNS": "200",
        },
    )
    try:
        assert process.stdout is not None
        shown = []
        for line in process.stdout:
            shown.append(line.strip())
            if "serves until Ctrl-C" in line:
                break
        api = re.search(r"GraphiQL: (http://\S+)", "\n".join(shown))
        assert api is not None, "the demo never said where the API is"
        # Its last word is the console's address: the application's page.
        assert shown[-2].startswith("Open the console at http://"), shown[-3:]
        page = shown[-2].split()[-1]
        assert page.endswith("/apps/app-infra-prod")
        with urllib.request.urlopen(page, timeout=10) as answer:
            assert 'id="content"' in answer.read().decode()

        # From scratch: the graph holds this run's two snapshots, none of the first run's.
        code, out, err = run_cli(capsys, "snapshot", "list", "app-infra-prod", "--json")
        assert code == 0, err
        snapshots = {snapshot["id"] for snapshot in json.loads(out)["snapshots"]}
        assert len(snapshots) == 2 and not snapshots & set(demo_graph.snapshot_ids)

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=180) == 0  # a bound for a loaded machine
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(api.group(1).replace("/graphql", "/healthz"), timeout=5)
    finally:
        process.kill()
        process.wait()
