"""Restore plans: the scenario's snapshot becomes Terraform that real tools accept."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import boto3
import hcl2
import pytest

from catalog.cli import main
from tests import terraform_schema
from tests.stacks import saas
from tests.stacks.data import set_max_connections

APP = "app-infra-prod"
PLUGINS = Path(os.environ.get("CAIRN_TF_PLUGIN_DIR", "/opt/tf-plugins"))
ACCOUNT = "123456789012"


def cairn(capsys, *argv: str) -> dict:
    code = main([*argv, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


@pytest.fixture
def hotfixed_snapshot(capsys, aws, store, neo4j_env) -> str:
    """Snapshot 2 of the scenario: taken with both hotfixes, which were reverted since."""
    saas.build_application()
    cairn(capsys, "crawl", "--region", saas.REGION)
    cairn(capsys, "app", "create", APP, "--tag", "Project=app-infra", "--region", saas.REGION)
    saas.apply_inline_policy_hotfix()
    saas.apply_max_connections_hotfix()
    snapshot = cairn(capsys, "snapshot", "take", APP)["id"]
    boto3.client("iam").delete_role_policy(RoleName="app-task", PolicyName="hotfix-s3-read")
    set_max_connections(boto3.client("rds", region_name=saas.REGION), "300")
    cairn(capsys, "crawl", "--region", saas.REGION)
    return snapshot


def plan(capsys, snapshot: str, out: Path, *options: str) -> dict:
    return cairn(capsys, "restore", "plan", snapshot, "--out", str(out), *options)


def read(out: Path) -> dict[str, str]:
    return {path.name: path.read_text() for path in sorted(out.iterdir()) if path.is_file()}


def assigned(text: str, argument: str, expression: str) -> bool:
    """`argument = expression` somewhere, whatever the alignment padding."""
    return re.search(rf"\b{argument}\s+= {re.escape(expression)}$", text, re.MULTILINE) is not None


def arguments(text: str) -> str:
    """The .tf text without comments: what Terraform reads as arguments."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def test_snapshot_becomes_retargeted_terraform(capsys, tmp_path, hotfixed_snapshot):
    out = tmp_path / "restore"
    document = plan(capsys, hotfixed_snapshot, out, "--target-region", "us-west-2")
    files = read(out)

    assert {"versions.tf", "providers.tf", "variables.tf", "plan.json"} <= files.keys()
    assert [stage["file"] for stage in document["stages"]][:2] == [
        "10-network.tf",
        "20-identity.tf",
    ]
    network, identity = files["10-network.tf"], files["20-identity.tf"]

    # The hotfix the apply reverted is back, as its own reviewable resource.
    assert 'resource "aws_iam_role_policy" "app_task_hotfix_s3_read"' in identity
    assert 'Action   = "s3:GetObject"' in identity
    # So is the raised max_connections, and the data comes from a copied snapshot.
    data = files["30-data.tf"]
    assert re.search(r'name\s+= "max_connections"\n\s+value\s+= "900"', data)
    assert assigned(data, "snapshot_identifier", "var.app_db_snapshot_identifier")
    assert assigned(data, "secret_string", "var.app_api_key_value")
    assert not any("s3cr3t" in text or "hunter2" in text for text in files.values())
    # Compute, traffic and DNS point at what the plan creates, never at source IDs.
    compute, traffic, dns = files["40-compute.tf"], files["50-traffic.tf"], files["60-dns.tf"]
    assert assigned(compute, "task_role_arn", "aws_iam_role.app_task.arn")
    assert assigned(compute, "target_group_arn", "aws_lb_target_group.app_api.arn")
    assert assigned(compute, "awslogs-group", "aws_cloudwatch_log_group.ecs_app_api.name")
    assert "${aws_secretsmanager_secret.app_api_key.arn}" in compute
    assert assigned(traffic, "certificate_arn", "aws_acm_certificate.api_example_com.arn")
    assert assigned(dns, "name", "aws_lb.app_alb.dns_name")
    assert assigned(dns, "count", "var.dns_cutover ? 1 : 0")  # cutover is opt-in
    assert 'data "aws_route53_zone" "example_com"' in dns
    assert {item["reason"] for item in document["not_restored"]} == {
        "owned by AWS (created with its parent)"  # the zone's SOA and NS records
    }
    # References are Terraform references; rules are separate resources, so no cycle.
    assert assigned(network, "referenced_security_group_id", "aws_security_group.app_alb.id")
    assert assigned(network, "referenced_security_group_id", "aws_security_group.app_ecs_tasks.id")
    assert assigned(network, "vpc_id", "aws_vpc.app_vpc.id")
    assert assigned(network, "nat_gateway_id", "aws_nat_gateway.app_nat.id")
    assert assigned(network, "gateway_id", "aws_internet_gateway.app_igw.id")
    # Retargeted: no source region, zone or account left in any resource argument (the
    # descriptions of variables may name the source: they tell the reviewer what to set).
    for name, text in files.items():
        if re.match(r"\d\d-\w+\.tf$", name):
            assert not re.search(r"us-east-1|123456789012|sg-|subnet-|vpc-0", arguments(text)), name
    zones = set(re.findall(r'availability_zone\s+= "([^"]+)"', network))
    assert zones == {"us-west-2a", "us-west-2b"}
    # Ordered: the VPC before its subnets, each stage in its file.
    addresses = [r["address"] for r in document["stages"][0]["resources"]]
    assert addresses.index("aws_vpc.app_vpc") < addresses.index("aws_subnet.app_private_a")

    # The runbook: stages with exact commands and gates, RPO, certificates, TTL waits.
    runbook = files["RUNBOOK.md"]
    assert "-target=aws_iam_role_policy.app_task_hotfix_s3_read" in runbook
    assert "aws elbv2 describe-target-health --target-group-arn $(terraform output -raw" in runbook
    assert "`www.example.com` CNAME: TTL 3600 s" in runbook and "up to 1 hour" in runbook
    assert "a certificate of us-east-1 cannot serve in us-west-2" in runbook
    assert "copy snapshots at least that often" in runbook
    assert runbook.index("### 1. Network") < runbook.index("### 6. DNS cutover")

    assert terraform_schema.problems(files) == []
    for name, text in files.items():
        if name.endswith(".tf"):
            hcl2.loads(text)  # parses

    again = tmp_path / "again"
    plan(capsys, hotfixed_snapshot, again, "--target-region", "us-west-2")
    assert read(again) == files  # byte-identical

    if shutil.which("terraform") and PLUGINS.is_dir():
        _terraform_accepts(out)


def _terraform_accepts(directory: Path) -> None:
    """`terraform fmt` changes nothing and `terraform validate` passes, offline."""
    environment = {**os.environ, "TF_CLI_CONFIG_FILE": os.devnull, "CHECKPOINT_DISABLE": "1"}

    def terraform(*argv: str) -> None:
        result = subprocess.run(
            ["terraform", *argv], cwd=directory, env=environment, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr

    terraform("fmt", "-check", "-no-color")
    terraform("init", "-backend=false", f"-plugin-dir={PLUGINS}", "-input=false", "-no-color")
    terraform("validate", "-no-color")


def test_only_restores_a_selection_and_what_it_needs(capsys, tmp_path, hotfixed_snapshot):
    role = f"arn:aws:iam::{ACCOUNT}:role/app-task"
    document = plan(capsys, hotfixed_snapshot, tmp_path / "one", "--only", role)

    addresses = [r["address"] for stage in document["stages"] for r in stage["resources"]]
    assert addresses == ["aws_iam_policy.app_assets_read", "aws_iam_role.app_task"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--target-region", "mars-1"], "unknown region mars-1"),
        (["--az-map", "us-east-1a"], "malformed --az-map entry"),
        (["--only", "arn:nope"], "not in the snapshot: arn:nope"),
    ],
)
def test_bad_options_are_one_line(capsys, tmp_path, hotfixed_snapshot, options, message):
    code = main(["restore", "plan", hotfixed_snapshot, "--out", str(tmp_path / "x"), *options])
    err = capsys.readouterr().err
    assert code == 1 and message in err and err.count("\n") == 1
    assert not (tmp_path / "x").exists()


def test_a_non_empty_directory_or_unknown_snapshot_is_refused(capsys, tmp_path, neo4j_env, store):
    (tmp_path / "keep.tf").write_text("# mine\n")
    assert main(["restore", "plan", "snap-nope", "--out", str(tmp_path)]) == 1
    assert "no snapshot 'snap-nope'" in capsys.readouterr().err
    assert (tmp_path / "keep.tf").read_text() == "# mine\n"


def test_a_point_in_time_plans_like_a_snapshot_and_commits_to_a_branch(
    capsys, tmp_path, hotfixed_snapshot
):
    at_snapshot = cairn(capsys, "snapshot", "show", hotfixed_snapshot)["at"]
    repository = tmp_path / "infra"
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    (repository / "README.md").write_text("team infrastructure\n")
    subprocess.run(["git", "-C", str(repository), "add", "README.md"], check=True)
    subprocess.run(
        ["git", "-C", str(repository), "-c", "user.name=t", "-c", "user.email=t@t", "commit",
         "-qm", "init"],
        check=True,
    )  # fmt: skip

    by_time = cairn(
        capsys, "restore", "plan", "--app", APP, "--at", at_snapshot, "--out",
        str(tmp_path / "by-time"), "--git", str(repository), "--branch", "restore/drill",
    )  # fmt: skip

    plan(capsys, hotfixed_snapshot, tmp_path / "by-snapshot")
    by_snapshot = read(tmp_path / "by-snapshot")
    assert read(tmp_path / "by-time")["10-network.tf"] == by_snapshot["10-network.tf"]
    assert "hotfix-s3-read" in read(tmp_path / "by-time")["20-identity.tf"]
    log = subprocess.run(
        ["git", "-C", str(repository), "log", "--format=%s", "restore/drill"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    assert log[0] == f"Restore {APP} from {APP}@{at_snapshot} into us-east-1" and len(log) == 2
    listed = subprocess.run(
        ["git", "-C", str(repository), "ls-tree", "-r", "--name-only", "restore/drill"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert f"restore/{APP}/RUNBOOK.md" in listed and by_time["git"]["branch"] == "restore/drill"
    assert (
        subprocess.run(  # the user's checkout is untouched
            ["git", "-C", str(repository), "status", "--porcelain"], capture_output=True, text=True
        ).stdout
        == ""
    )


def test_restore_sources_and_targets_are_checked(capsys, tmp_path, hotfixed_snapshot):
    for argv, message in [
        (["--app", APP, "--at", "2001-01-01T00:00:00Z"], "matches no resource at 2001-01-01"),
        ([hotfixed_snapshot, "--app", APP], "give a SNAPSHOT_ID, or --app APP --at TIME"),
        ([hotfixed_snapshot, "--git", str(tmp_path)], "--git and --branch go together"),
        ([hotfixed_snapshot], "give --out DIR"),
        ([hotfixed_snapshot, "--git", str(tmp_path), "--branch", "b"], "is not a git repository"),
    ]:
        out = (
            [] if "--git" in argv or argv == [hotfixed_snapshot] else ["--out", str(tmp_path / "o")]
        )
        code = main(["restore", "plan", *argv, *out])
        err = capsys.readouterr().err
        assert code == 1 and message in err and err.count("\n") == 1, (argv, err)
    assert not (tmp_path / "o").exists()
