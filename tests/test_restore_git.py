"""`cairn restore plan --git`: the plan lands on a new branch, never in the user's checkout."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from catalog.errors import CairnError
from catalog.restore.git import commit_plan

FILES = {"10-network.tf": 'resource "aws_vpc" "app" {}\n', "RUNBOOK.md": "# Runbook\n"}


def git(repository: Path, *argv: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repository), *argv], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path / "infra")], check=True)
    return tmp_path / "infra"


def test_an_empty_repository_gets_the_plan_as_its_first_commit(repository):
    commit = commit_plan(repository, "restore/drill", "restore/app", FILES, "Restore app")

    assert git(repository, "rev-parse", "restore/drill").strip() == commit
    assert git(repository, "log", "--format=%s", "restore/drill").splitlines() == ["Restore app"]
    listed = git(repository, "ls-tree", "-r", "--name-only", "restore/drill").split()
    assert listed == ["restore/app/10-network.tf", "restore/app/RUNBOOK.md"]
    assert git(repository, "show", "restore/drill:restore/app/RUNBOOK.md") == "# Runbook\n"
    assert git(repository, "status", "--porcelain") == ""  # nothing staged or written


def test_the_branch_starts_from_head_and_leaves_the_checkout_alone(repository):
    (repository / "main.tf").write_text("# ours\n")
    git(repository, "add", "main.tf")
    git(repository, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init")
    (repository / "wip.tf").write_text("# not committed\n")
    git(repository, "add", "wip.tf")

    commit_plan(repository, "restore/drill", "restore/app", FILES, "Restore app")

    assert git(repository, "log", "--format=%s", "restore/drill").splitlines() == [
        "Restore app",
        "init",
    ]
    assert "main.tf" in git(repository, "ls-tree", "--name-only", "restore/drill").split()
    assert git(repository, "status", "--porcelain") == "A  wip.tf\n"  # the user's index kept
    with pytest.raises(CairnError, match="already exists"):
        commit_plan(repository, "restore/drill", "restore/app", FILES, "again")
