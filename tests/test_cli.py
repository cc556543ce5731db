"""The CLI contract: --json documents on stdout, one-line errors on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.clock import format_time
from catalog.graph.writer import ingest
from tests.cli_runner import run_cli
from tests.factories import ROLE, observe, partition, sg_uid

ROLE_UID = "arn:aws:iam::111122223333:role/app"
TASK = sg_uid("task")
CAIRN = str(Path(sys.executable).with_name("cairn"))  # the installed console script


@pytest.fixture
def two_crawls(store):
    first = ingest(
        store,
        [observe(ROLE_UID, ROLE, Inline={}), observe(TASK, refs={"TaskRoleArn": ROLE_UID})],
        complete=[partition(), partition(ROLE)],
    )
    second = ingest(
        store,
        [
            observe(ROLE_UID, ROLE, Inline={"hotfix": "s3:GetObject"}),
            observe(TASK, refs={"TaskRoleArn": ROLE_UID}),
        ],
        complete=[partition(), partition(ROLE)],
    )
    return first, second


def test_history_json_lists_versions_with_diffs(capsys, neo4j_env, two_crawls):
    code, out, _ = run_cli(capsys, "history", ROLE_UID, "--json")

    assert code == 0
    document = json.loads(out)
    assert [len(v["changes"]) for v in document["versions"]] == [0, 1]
    assert document["versions"][1]["changes"][0] == {
        "path": "properties.Inline.hotfix",
        "before": None,
        "after": "s3:GetObject",
    }
    assert document["versions"][0]["valid_to"] == document["versions"][1]["valid_from"]
    assert document["versions"][1]["valid_to"] is None


def test_changes_json_reports_the_change_in_the_window(capsys, neo4j_env, two_crawls):
    first, _ = two_crawls
    since = format_time(first.at)

    code, out, _ = run_cli(capsys, "changes", "--since", since, "--json")

    assert code == 0
    document = json.loads(out)
    assert [(c["uid"], c["kind"]) for c in document["changes"]] == [(ROLE_UID, "changed")]


def test_impact_json_counts_dependents_by_type_with_paths(capsys, neo4j_env, two_crawls):
    code, out, _ = run_cli(capsys, "impact", ROLE_UID, "--json", "--depth", "3")

    assert code == 0
    document = json.loads(out)
    assert document["count"] == 1
    assert document["by_type"] == {"AWS::EC2::SecurityGroup": 1}
    assert document["dependents"][0]["path"] == [
        {"source": TASK, "target": ROLE_UID, "field": "TaskRoleArn", "kind": "network"}
    ]


def test_resource_at_a_time_before_the_change(capsys, neo4j_env, two_crawls):
    history = json.loads(run_cli(capsys, "history", ROLE_UID, "--json")[1])
    at = history["versions"][0]["valid_from"]

    code, out, _ = run_cli(capsys, "resource", ROLE_UID, "--at", at, "--json")

    assert code == 0
    document = json.loads(out)
    assert document["properties"] == {"Inline": {}}
    assert [r["uid"] for r in document["referenced_by"]] == [TASK]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["history", "arn:aws:iam::1:role/none"], "no resource with uid"),
        (["impact", "arn:aws:iam::1:role/none"], "no resource with uid"),
        (["resource", ROLE_UID, "--at", "yesterday"], "not an ISO 8601 time"),
        (["changes", "--since", "2026-13-01"], "not an ISO 8601 time"),
        (["impact", ROLE_UID, "--depth", "0"], "--depth"),
    ],
)
def test_user_mistakes_give_one_line_on_stderr_and_a_non_zero_exit(
    capsys, neo4j_env, two_crawls, argv, message
):
    code, out, err = run_cli(capsys, *argv)

    assert code != 0
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_unreachable_neo4j_is_one_clear_line_not_a_traceback():
    env = {**os.environ, "NEO4J_URI": "bolt://127.0.0.1:9"}
    result = subprocess.run(
        [CAIRN, "history", "x", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("cairn: error: cannot reach Neo4j at bolt://127.0.0.1:9")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
