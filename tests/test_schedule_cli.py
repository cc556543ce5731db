"""`cairn schedule ...` and `cairn scheduler`: JSON documents, one-line errors that change
nothing, and a scheduler process that stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from catalog.schedules import list_schedules
from tests.cli_runner import run_cli

CAIRN = str(Path(sys.executable).with_name("cairn"))  # the installed console script


@pytest.fixture
def app_infra(capsys, neo4j_env, store) -> str:
    code, _, err = run_cli(
        capsys, "app", "create", "app-infra", "--tag", "Project=app-infra", "--allow-empty"
    )
    assert code == 0, err
    return "app-infra"


def test_set_daily_then_weekly_replaces_the_one_schedule(capsys, store, app_infra):
    code, out, _ = run_cli(capsys, "schedule", "set", app_infra, "--daily", "01:00", "--json")
    assert code == 0
    daily = json.loads(out)
    code, out, _ = run_cli(
        capsys,
        "schedule", "set", app_infra, "--weekly", "MON", "02:30",
        "--timezone", "Europe/Paris", "--json",
    )  # fmt: skip
    assert code == 0
    weekly = json.loads(out)

    assert daily["id"] == weekly["id"] == "snapshot:app-infra"
    assert daily["trigger"] == {"daily": "01:00"}
    assert daily["next_run"].endswith("T01:00:00.000Z")
    assert (weekly["trigger"], weekly["timezone"]) == ({"weekly": ["mon", "02:30"]}, "Europe/Paris")
    (stored,) = list_schedules(store)
    assert (stored.kind, stored.application, stored.trigger) == (
        "snapshot",
        "app-infra",
        {"weekly": ["mon", "02:30"]},
    )


def test_monthly_and_on_demand(capsys, store, app_infra):
    code, out, _ = run_cli(
        capsys, "schedule", "set", app_infra, "--monthly", "1", "01:00", "--json"
    )
    assert code == 0
    assert json.loads(out)["trigger"] == {"monthly": [1, "01:00"]}

    code, out, _ = run_cli(capsys, "schedule", "set", app_infra, "--on-demand", "--json")
    assert code == 0
    assert json.loads(out) == {
        "id": "snapshot:app-infra",
        "application": "app-infra",
        "on_demand": True,
        "removed": True,
    }
    assert list_schedules(store) == []


def test_crawl_list_and_remove(capsys, store, neo4j_env):
    code, out, _ = run_cli(
        capsys,
        "schedule", "crawl", "--every", "15", "--region", "us-east-1", "--region", "eu-west-1",
        "--profile", "prod", "--json",
    )  # fmt: skip
    assert code == 0
    crawl = json.loads(out)
    assert crawl["id"] == "crawl:prod:eu-west-1,us-east-1"
    assert (crawl["kind"], crawl["regions"]) == ("crawl", ["eu-west-1", "us-east-1"])

    code, out, _ = run_cli(capsys, "schedule", "list", "--json")
    assert code == 0
    assert [s["id"] for s in json.loads(out)["schedules"]] == [crawl["id"]]

    code, out, _ = run_cli(capsys, "schedule", "remove", crawl["id"], "--json")
    assert code == 0
    assert json.loads(out)["removed"]["id"] == crawl["id"]
    assert list_schedules(store) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["set", "no-such-app", "--daily", "01:00"], "no application named 'no-such-app'"),
        (["set", "app-infra", "--daily", "25:00"], "invalid time '25:00'"),
        (["set", "app-infra", "--weekly", "XYZ", "01:00"], "invalid weekday 'XYZ'"),
        (["set", "app-infra", "--monthly", "32", "01:00"], "invalid day of month '32'"),
        (["set", "app-infra", "--daily", "01:00", "--timezone", "Mars/Olympus"], "timezone"),
        (["set", "app-infra"], "pass exactly one of"),
        (["set", "app-infra", "--daily", "01:00", "--on-demand"], "--on-demand takes no"),
        (["crawl", "--every", "0", "--region", "us-east-1"], "at least 1 minute"),
        (["crawl", "--every", "15"], "at least one --region"),
        (["remove", "snapshot:nothing"], "no schedule 'snapshot:nothing'"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(capsys, store, app_infra, argv, message):
    code, _, _ = run_cli(capsys, "schedule", "set", app_infra, "--daily", "03:00")
    assert code == 0
    before = list_schedules(store)

    code, out, err = run_cli(capsys, "schedule", *argv, "--json")

    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err
    assert list_schedules(store) == before


def test_scheduler_stops_cleanly_on_sigterm(neo4j_env, store, tmp_path):
    state = tmp_path / "scheduler.sqlite"
    log = tmp_path / "scheduler.log"
    command = [CAIRN, "scheduler", "--state", str(state), "--sync-seconds", "0.5"]
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [*command, "--json"], env=neo4j_env, stdout=subprocess.PIPE, stderr=stderr, text=True
        )
        try:
            deadline = time.monotonic() + 30
            while "scheduler started" not in log.read_text():
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the scheduler did not start"
                time.sleep(0.1)
            stopping = time.monotonic()
            process.send_signal(signal.SIGTERM)
            out, _ = process.communicate(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
    stopped_within = time.monotonic() - stopping

    assert process.returncode == 0, log.read_text()
    assert "scheduler stopped" in log.read_text()
    assert stopped_within < 5
    assert json.loads(out) == {"stopped": True, "state": str(state), "schedules": []}
    assert state.exists()


def test_scheduler_without_neo4j_is_one_line(tmp_path, neo4j_env):
    env = {**neo4j_env, "NEO4J_URI": "bolt://127.0.0.1:9"}
    command = [CAIRN, "scheduler", "--state", str(tmp_path / "s.sqlite")]

    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)

    (line,) = done.stderr.strip().splitlines()
    assert done.returncode == 1
    assert line.startswith("cairn: error: cannot reach Neo4j at bolt://127.0.0.1:9")
