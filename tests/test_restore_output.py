"""Where `cairn restore plan` writes and what it refuses: --force replaces the previous plan
in a directory and nothing else there; an --out that cannot be written, a malformed target
account or zone map is one line; without a target region the plan goes to the source's."""

from __future__ import annotations

import json
from pathlib import Path

import hcl2
import pytest

from catalog.cli import main
from tests.cli_runner import cairn, run_cli
from tests.restore_graph import ROLE, network, record, role, snapshot_of
from tests.terraform_tools import assigned

BACKEND = 'terraform {\n  backend "s3" {}\n}\n'


@pytest.fixture
def snapshot(capsys, store, neo4j_env) -> str:
    """A role, a VPC with a security group in eu-west-1 and a DNS record."""
    return snapshot_of(capsys, store, [role(), *network(), *record("www.example.com.", "v=1")])


def restore_plan(capsys, *argv: str) -> dict:
    return cairn(capsys, "restore", "plan", *argv)


def resource_blocks(out: Path) -> list[str]:
    """Every resource block Terraform would read in `out`, as TYPE.LABEL."""
    return sorted(
        f"{kind}.{label}"
        for path in out.glob("*.tf")
        for entry in hcl2.loads(path.read_text()).get("resource", [])
        for kind, named in entry.items()
        for label in named
    )


def test_force_leaves_the_new_plan_and_what_cairn_did_not_write(capsys, tmp_path, snapshot):
    out = tmp_path / "restore"
    whole = restore_plan(capsys, snapshot, "--out", str(out))
    assert {"10-network.tf", "60-dns.tf"} <= set(whole["files"])
    (out / "backend.tf").write_text(BACKEND)  # the user's, beside the plan
    (out / ".terraform").mkdir()
    (out / ".terraform" / "terraform.tfstate").write_text("{}")

    one = restore_plan(capsys, snapshot, "--out", str(out), "--only", ROLE, "--force")

    assert sorted(path.name for path in out.iterdir()) == sorted(
        [*one["files"], "backend.tf", ".terraform"]
    )
    assert one["removed"] == ["10-network.tf", "60-dns.tf"]
    assert one["kept"] == [".terraform", "backend.tf"]
    assert (out / "backend.tf").read_text() == BACKEND
    assert (out / ".terraform" / "terraform.tfstate").read_text() == "{}"
    # Terraform reads one plan: the role, and no stale record to recreate.
    assert resource_blocks(out) == ['"aws_iam_role"."app_task"']
    assert json.loads((out / "plan.json").read_text())["files"] == one["files"]

    # Said without --json too, in the one line a person reads.
    code, said, _ = run_cli(capsys, "restore", "plan", snapshot, "--out", str(out), "--force")
    assert code == 0
    assert "kept, not written by Cairn: .terraform, backend.tf" in said
    assert {"10-network.tf", "60-dns.tf"} <= {path.name for path in out.iterdir()}


def test_force_removes_nothing_a_cairn_plan_did_not_write(capsys, tmp_path, snapshot):
    out = tmp_path / "restore"
    out.mkdir()
    (out / "main.tf").write_text("# mine\n")
    (out / "notes").mkdir()
    (out / "notes" / "x.tf").write_text("# mine\n")
    outside = tmp_path / "outside.txt"
    outside.write_text("mine\n")
    # A plan.json Cairn did not write, naming files outside the directory.
    (out / "plan.json").write_text(
        json.dumps({"files": ["../outside.txt", str(outside), "notes/x.tf", ".", ".."]})
    )
    code, _, err = run_cli(capsys, "restore", "plan", snapshot, "--out", str(out))
    assert code == 1 and "is not empty: choose a new directory or pass --force" in err

    written = restore_plan(capsys, snapshot, "--out", str(out), "--force")

    assert written["removed"] == [] and written["kept"] == ["main.tf", "notes"]
    assert outside.read_text() == "mine\n" and (out / "notes" / "x.tf").is_file()
    assert (out / "main.tf").read_text() == "# mine\n"


@pytest.mark.parametrize("where", ["a-file/restore", "restore-with-a-folder-in-the-way"])
def test_an_out_that_cannot_be_written_is_one_line(capsys, tmp_path, snapshot, where):
    (tmp_path / "a-file").write_text("not a directory\n")
    (tmp_path / "restore-with-a-folder-in-the-way" / "RUNBOOK.md").mkdir(parents=True)
    out = tmp_path / where

    code, _, err = run_cli(capsys, "restore", "plan", snapshot, "--out", str(out), "--force")

    assert (
        code == 1
        and err.startswith("cairn: error: cannot write the plan: ")
        and err.count("\n") == 1
    ), err
    assert "Traceback" not in err
    assert (tmp_path / "a-file").read_text() == "not a directory\n"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--target-account", "abc"], "invalid --target-account 'abc': expected 12 digits"),
        (["--target-account", "1234567890123"], "expected 12 digits"),
        (
            ["--az-map", "eu-west-1a=us-west-2a,eu-west-1a=us-west-2b"],
            "--az-map maps eu-west-1a twice",
        ),
        (
            ["--az-map", "eu-west-1a=us-west-2a,eu-west-1b=us-west-2a"],
            "--az-map maps two zones to us-west-2a",
        ),
    ],
)
def test_a_wrong_account_or_zone_map_is_refused(capsys, tmp_path, snapshot, options, message):
    out = tmp_path / "restore"
    code = main(["restore", "plan", snapshot, "--out", str(out), "--target-region", "us-west-2",
                 *options])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and message in err and err.count("\n") == 1, err
    assert not out.exists()


def test_without_a_target_region_the_plan_restores_into_the_source_region(
    capsys, tmp_path, snapshot
):
    out = tmp_path / "role"
    # One role is global, but the application it belongs to runs in eu-west-1.
    code, said, err = run_cli(capsys, "restore", "plan", snapshot, "--out", str(out),
                              "--only", ROLE)  # fmt: skip
    assert code == 0, err
    assert "into eu-west-1 (the source region): 1 resources" in said
    assert assigned((out / "variables.tf").read_text(), "default", '"eu-west-1"')
    assert "into **eu-west-1** (the source region)." in (out / "RUNBOOK.md").read_text()
    assert json.loads((out / "plan.json").read_text())["target"]["region"] == "eu-west-1"

    elsewhere = restore_plan(capsys, snapshot, "--out", str(tmp_path / "west"), "--only", ROLE,
                             "--target-region", "us-west-2")  # fmt: skip
    assert elsewhere["target"]["region"] == "us-west-2"
    runbook = (tmp_path / "west" / "RUNBOOK.md").read_text()
    assert "into **us-west-2**." in runbook and "the source region" not in runbook


@pytest.mark.parametrize("regions", [[], ["eu-central-1"]])
def test_an_application_without_a_regional_resource(capsys, tmp_path, store, neo4j_env, regions):
    """Only global resources: the region comes from the application's definition, and
    without one there, from --target-region; never an empty default."""
    snapshot = snapshot_of(capsys, store, [role()], regions=regions)
    out = tmp_path / "restore"

    code, _, err = run_cli(capsys, "restore", "plan", snapshot, "--out", str(out))

    if regions:
        assert code == 0, err
        assert assigned((out / "variables.tf").read_text(), "default", '"eu-central-1"')
    else:
        assert code == 1 and err.count("\n") == 1, err
        assert "holds no regional resource to take the region from: give --target-region" in err
        assert not out.exists()
        written = restore_plan(capsys, snapshot, "--out", str(out), "--target-region", "us-west-2")
        assert written["target"]["region"] == "us-west-2"
