"""No false positives against the real AWS provider: Terraform applies (part of) the
stack into moto, Cairn crawls it, and drift against terraform's own terraform.tfstate
finds nothing for what that state manages."""

from __future__ import annotations

import json
import os
import subprocess

from catalog.demo.declared_state import declared_state
from catalog.demo.stack import saas
from tests.cli_runner import cairn, run_cli
from tests.terraform_tools import (
    apply_into_moto,
    copied_snapshot,
    needs_terraform,
    terraform_init,
)

ACCOUNT = "123456789012"
TARGET = "us-west-2"


@needs_terraform
def test_terraform_state_of_an_applied_stack_shows_no_drift(
    capsys, tmp_path, aws, store, neo4j_env
):
    saas.build_application()
    saas.apply_inline_policy_hotfix()
    saas.apply_max_connections_hotfix()
    cairn(capsys, "crawl", "--region", saas.REGION)
    cairn(capsys, "app", "create", "source", "--tag", "Project=app-infra",
          "--region", saas.REGION)  # fmt: skip
    snapshot = cairn(capsys, "snapshot", "take", "source", "--no-crawl")["id"]
    out = tmp_path / "applied"
    document = cairn(capsys, "restore", "plan", snapshot, "--out", str(out),
                     "--target-region", TARGET, "--name-suffix", "-dr")  # fmt: skip
    snapshot_copy = copied_snapshot("app-db", saas.REGION, TARGET)
    apply_into_moto(
        out,
        {
            v["name"]: snapshot_copy
            if v["purpose"] == "database_snapshot"
            else f"arn:aws:kms:{TARGET}:{ACCOUNT}:key/dr"
            for v in document["variables"]
            if v["default"] is None
        },
    )

    cairn(capsys, "crawl", "--region", TARGET)
    cairn(capsys, "app", "create", "restored", "--tag", "Project=app-infra",
          "--region", TARGET)  # fmt: skip
    code, stdout, err = run_cli(
        capsys, "drift", "restored", "--tfstate", str(out / "terraform.tfstate"), "--json"
    )
    report = json.loads(stdout)
    state = json.loads((out / "terraform.tfstate").read_text())

    assert code in (0, 2), err
    managed = {f"{r['type']}.{r['name']}" for r in state["resources"] if r["mode"] == "managed"}
    assert report["matched"] >= len(managed) - 2, report  # all but what moto cannot show
    about_managed = [f for f in report["findings"] if f["kind"] != "unmanaged"]
    assert about_managed == [], json.dumps(about_managed, indent=1)
    # What the apply did not create: the DNS records left for the cutover.
    assert {f["resource_type"] for f in report["findings"]} <= {
        "aws_route53_record",
    }, json.dumps(report["findings"], indent=1)


@needs_terraform
def test_terraform_reads_the_declared_state_as_its_own(tmp_path, aws):
    """The demo's declared state is a state Terraform itself reads: format 4, each
    resource's schema version and attributes as the AWS provider knows them."""
    state = declared_state(saas.build_application())
    (tmp_path / "terraform.tfstate").write_text(json.dumps(state))
    (tmp_path / "versions.tf").write_text(
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n'
    )
    terraform_init(tmp_path)
    shown = subprocess.run(
        ["terraform", "show", "-json", "terraform.tfstate"],
        cwd=tmp_path,
        env={**os.environ, "TF_CLI_CONFIG_FILE": os.devnull, "CHECKPOINT_DISABLE": "1"},
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 0, shown.stderr
    resources = json.loads(shown.stdout)["values"]["root_module"]["resources"]
    assert len(resources) == len(state["resources"])
    policy = next(
        r for r in resources if r["address"] == "aws_iam_role_policies_exclusive.app_task"
    )
    assert policy["values"] == {"role_name": "app-task", "policy_names": []}
