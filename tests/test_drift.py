"""Drift: the scenario's hotfixes against the Terraform state declared before them."""

from __future__ import annotations

import json
from pathlib import Path

import hcl2
import pytest

from catalog.cli import main
from catalog.demo.declared_state import declared_state
from catalog.demo.stack import saas
from tests.cli_runner import cairn, run_cli

APP = "app-infra"
INLINE_POLICY = (
    "the next terraform apply would delete inline policy hotfix-s3-read of role app-task"
)
MAX_CONNECTIONS = (
    "the next terraform apply would set max_connections of parameter group app-postgres16 "
    "back to 300 (900 running)"
)


@pytest.fixture
def declared(capsys, aws, store, neo4j_env, tmp_path) -> Path:
    """The stack built and declared in Terraform state; then both console hotfixes."""
    application = saas.build_application()
    path = tmp_path / "terraform.tfstate"
    path.write_text(json.dumps(declared_state(application), indent=2))
    cairn(capsys, "crawl", "--region", saas.REGION)
    cairn(capsys, "app", "create", APP, "--tag", "Project=app-infra", "--region", saas.REGION)
    return path


def drift(capsys, *argv: str) -> tuple[int, dict]:
    code, out, err = run_cli(capsys, "drift", *argv, "--json")
    assert code in (0, 2), err
    return code, json.loads(out)


def test_declared_state_reports_no_drift_before_the_hotfixes(capsys, declared):
    code, report = drift(capsys, APP, "--tfstate", str(declared))
    assert report["findings"] == [] and code == 0
    assert report["matched"] > 40
    # Read for what they say of inline policies, not compared themselves.
    assert report["not_compared"] == [
        "aws_iam_role_policies_exclusive.app_task",
        "aws_iam_role_policies_exclusive.app_task_execution",
    ]
    # The account's default VPC is in the state, but no part of the application.
    assert "aws_security_group.default" in report["outside_application"]


def test_drift_reports_exactly_the_two_hotfixes(capsys, tmp_path, declared):
    saas.apply_inline_policy_hotfix()
    saas.apply_max_connections_hotfix()
    cairn(capsys, "crawl", "--region", saas.REGION)

    out = tmp_path / "patch"
    code, report = drift(capsys, APP, "--tfstate", str(declared), "--out", str(out))

    assert code == 2 and report["drift"] is True
    sentences = [f["sentence"] for f in report["findings"]]
    assert len(sentences) == 2, sentences
    assert any(s.startswith(INLINE_POLICY) for s in sentences), sentences
    assert MAX_CONNECTIONS in sentences
    policy = next(f for f in report["findings"] if f["kind"] == "runtime-only")
    assert policy["action"] == "delete" and policy["resource_type"] == "aws_iam_role_policy"
    assert policy["uid"] == "arn:aws:iam::123456789012:role/app-task"
    parameter = next(f for f in report["findings"] if f["kind"] == "changed")
    assert (parameter["declared"], parameter["runtime"]) == ("300", "900")
    assert parameter["address"] == "aws_db_parameter_group.app_postgres16"

    # The codification patch parses and holds both hotfixes.
    files = {p.name: p.read_text() for p in out.iterdir()}
    for text in files.values():
        hcl2.loads(text)
    patch = "\n".join(files.values())
    assert 'resource "aws_iam_role_policy"' in patch and "s3:GetObject" in patch
    assert 'id = "app-task:hotfix-s3-read"' in patch
    assert "max_connections" in patch and '"900"' in patch


def test_human_output_is_a_table_and_a_sentence_per_finding(capsys, declared):
    saas.apply_max_connections_hotfix()
    cairn(capsys, "crawl", "--region", saas.REGION)
    code = main(["drift", APP, "--tfstate", str(declared)])
    out = capsys.readouterr().out
    assert code == 2
    assert MAX_CONNECTIONS in " ".join(out.split())
