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

from catalog.aws.ec2.security_group import INGRESS_FROM
from catalog.aws.route53 import RECORD_SET
from catalog.cli import main
from catalog.clock import now_ms, parse_time
from catalog.demo.stack import saas
from catalog.drill.compare import compare, not_created, restored_assets, shape
from catalog.drill.gates import evaluate, state_attributes
from catalog.drill.inputs import supply
from catalog.drill.tag import DRILL_TAG
from catalog.graph.reader import GraphReader
from tests import terraform_schema
from tests.cli_runner import cairn
from tests.terraform_tools import (
    MOTO_PROVIDER,
    PLUGINS,
    apply_into_moto,
    arguments,
    assigned,
    needs_terraform,
    terraform,
    terraform_init,
)

APP = "app-infra-prod"
ACCOUNT = "123456789012"
DRILL = "drill-0123456789ab"


@pytest.fixture
def hotfixed_snapshot(capsys, aws, store, neo4j_env) -> str:
    """Snapshot 2 of the scenario: taken with both hotfixes, which were reverted since."""
    saas.build_application()
    cairn(capsys, "crawl", "--region", saas.REGION)
    cairn(
        capsys, "app", "create", APP, "--tag", "Project=app-infra", "--region", saas.REGION,
        "--contact", "commander=Dana (SRE lead)", "--contact", "executor=on-call platform",
    )  # fmt: skip
    saas.apply_inline_policy_hotfix()
    saas.apply_max_connections_hotfix()
    snapshot = cairn(capsys, "snapshot", "take", APP)["id"]
    saas.revert_hotfixes()
    cairn(capsys, "crawl", "--region", saas.REGION)
    return snapshot


def plan(capsys, snapshot: str, out: Path, *options: str) -> dict:
    return cairn(capsys, "restore", "plan", snapshot, "--out", str(out), *options)


def read(out: Path) -> dict[str, str]:
    return {path.name: path.read_text() for path in sorted(out.iterdir()) if path.is_file()}


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
    # The old CNAME held the load balancer's DNS name: it names the restored one.
    assert re.search(r"records\s+= \[aws_lb\.app_alb\.dns_name\]", dns)
    rewired = {r["address"]: r for r in document["rewired"]}
    cname = rewired["aws_route53_record.www_example_com"]
    assert (cname["field"], cname["written"]) == ("ResourceRecords[0]", "aws_lb.app_alb.dns_name")
    assert cname["value"].endswith(".us-east-1.elb.amazonaws.com")
    # DATABASE_URL embedded the database's endpoint; DB_PASSWORD is a secret: asked for.
    url = "postgres://app@${aws_db_instance.app_db.address}:5432/app"
    assert f'value = "{url}"' in " ".join(compute.split())
    assert rewired["aws_ecs_task_definition.app_api"]["written"] == f'"{url}"'
    assert "var.app_api_api_db_password" in compute
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
    assert "and rollback | Dana (SRE lead) |" in runbook  # who does what, from the app
    assert runbook.index("### 1. Network") < runbook.index("### 6. DNS cutover")

    assert terraform_schema.problems(files) == []
    _round_trip(files, document)
    for name, text in files.items():
        if name.endswith(".tf"):
            hcl2.loads(text)  # parses

    again = tmp_path / "again"
    plan(capsys, hotfixed_snapshot, again, "--target-region", "us-west-2")
    assert read(again) == files  # byte-identical

    if shutil.which("terraform") and PLUGINS.is_dir():
        _terraform_accepts(out)


def _round_trip(files: dict[str, str], document: dict) -> None:
    """Read the files back: every planned resource is there, and each reference it holds
    to another planned resource is written as an expression of that resource."""
    bodies: dict[str, str] = {}
    for name, text in files.items():
        if not re.match(r"\d\d-\w+\.tf$", name):
            continue
        parsed = hcl2.loads(text)
        for kind_prefix, entries in (
            ("", parsed.get("resource", [])),
            ("data.", parsed.get("data", [])),
        ):
            for entry in entries:
                for kind, named in entry.items():
                    for label, body in named.items():
                        address = f"{kind_prefix}{kind.strip(chr(34))}.{label.strip(chr(34))}"
                        bodies[address] = json.dumps(body)
    resources = [r for stage in document["stages"] for r in stage["resources"]]
    depends = {r["address"]: set(r["depends_on"]) for r in resources}
    for resource in resources:
        written = " ".join(bodies[block] for block in resource["blocks"])
        # An expression, in an argument or inside jsonencode(...) (not a quoted literal).
        direct = {
            d for d in resource["depends_on"] if re.search(rf"(?<![\w\"]){re.escape(d)}\.", written)
        }
        # A reference with no argument of its own (a subnet group's VPC) must come
        # through another one (its subnets).
        reachable, frontier = set(direct), list(direct)
        while frontier:
            for further in depends.get(frontier.pop(), ()) - reachable:
                reachable.add(further)
                frontier.append(further)
        assert depends[resource["address"]] <= reachable, resource["address"]


def _terraform_accepts(directory: Path) -> None:
    """`terraform fmt` changes nothing and `terraform validate` passes, offline."""
    terraform(directory, "fmt", "-check")
    terraform_init(directory)
    terraform(directory, "validate")


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
        ([hotfixed_snapshot, "--mode", "sideways"], "unknown --mode sideways"),
        (
            [hotfixed_snapshot, "--mode", "in-place", "--target-region", "us-west-2"],
            "drop --target-region",
        ),
        ([hotfixed_snapshot, "--mode", "in-place", "--name-suffix", "-x"], "drop --name-suffix"),
        ([hotfixed_snapshot, "--name-suffix", "-" + "x" * 60], "is too long for"),
        ([hotfixed_snapshot, "--name-suffix", "_DR"], "invalid --name-suffix '_DR'"),
        ([hotfixed_snapshot, "--git", str(tmp_path), "--branch", "b"], "is not a git repository"),
    ]:
        out = (
            [] if "--git" in argv or argv == [hotfixed_snapshot] else ["--out", str(tmp_path / "o")]
        )
        code = main(["restore", "plan", *argv, *out])
        err = capsys.readouterr().err
        assert code == 1 and message in err and err.count("\n") == 1, (argv, err)
    assert not (tmp_path / "o").exists()


@needs_terraform
def test_the_plan_applies_to_a_fresh_region_and_crawls_back_alike(
    capsys, tmp_path, store, hotfixed_snapshot, monkeypatch
):
    """The acceptance the issue asks of restore: with default options, apply into another
    region of the same moto account, where the source still runs, crawl it, and find the
    same application again (up to IDs). The database comes from a snapshot copied into
    the target region, as the runbook says, by the drill's own inputs.

    The same apply then serves a drill's checks (applies are slow): each stage's gates on
    the applied state, and the comparison with the source, which names each difference
    made afterwards."""
    out = tmp_path / "restore"
    document = plan(capsys, hotfixed_snapshot, out, "--target-region", "us-west-2")
    # What the account still holds under the same name is renamed, and only that.
    renamed = {(r["type"], r["source_name"]): r["restored_name"] for r in document["renamed"]}
    assert renamed[("AWS::IAM::Role", "app-task")] == "app-task-dr"
    assert renamed[("AWS::S3::Bucket", saas.BUCKET)] == f"{saas.BUCKET}-dr"
    assert {kind for kind, _ in renamed} <= {
        "AWS::IAM::Role", "AWS::IAM::InstanceProfile", "AWS::IAM::ManagedPolicy", "AWS::S3::Bucket"
    }  # fmt: skip
    # The inputs as a drill supplies them: a snapshot copied into the target region,
    # throwaway secret values; the restored resources carry the drill's tag.
    inputs = supply(document, DRILL, {}, lambda made: None)
    monkeypatch.setenv("MOTO_ECS_SERVICE_RUNNING", "2")  # the stack's desired count
    # With the DNS cutover: the records of the (shared) zone move to what the plan restores.
    apply_into_moto(out, {**inputs, "dns_cutover": True}, tags={DRILL_TAG: DRILL})

    cairn(capsys, "crawl", "--region", "us-west-2")
    cairn(capsys, "app", "create", "restored", "--tag", "Project=app-infra",
          "--region", "us-west-2")  # fmt: skip
    restored = cairn(capsys, "app", "preview", "restored")
    original = cairn(capsys, "snapshot", "show", hotfixed_snapshot)

    global_types = ("AWS::IAM", "AWS::Route53")  # the same account: restored with the suffix
    regional = {t for t in original["by_type"] if not t.startswith(global_types)}
    expected = {t: n for t, n in original["by_type"].items() if t in regional}
    assert {t: n for t, n in restored["by_type"].items() if t in regional} == expected
    # Same structure up to IDs: every reference between the resources, the rules chaining
    # the groups among them, the values naming them; the hotfixes are back.
    reader = GraphReader(store)
    assert shape(reader, restored["assets"], "-dr") == shape(
        reader, original["assets"], "-dr", at=parse_time(original["at"])
    )
    # Nothing restored names what it replaces: no reference, no value. (Outside the
    # application, the image stays in its registry of another account.)
    source = {asset["uid"] for asset in original["assets"]} - {a["uid"] for a in restored["assets"]}
    references = [
        (asset["uid"], ref)
        for asset in restored["assets"]
        for ref in reader.references_out(asset["uid"])
    ]
    assert [(uid, ref.field) for uid, ref in references if ref.uid in source] == []
    named = [ref.uid for _, ref in references if ref.kind == "names"]
    assert len(named) >= 2 and all(":us-west-2:" in uid for uid in named)
    uids = {(a["type"], a["name"]): a["uid"] for a in restored["assets"]}
    definition = cairn(capsys, "resource", uids[("AWS::ECS::TaskDefinition", "app-api:1")])
    [database] = [r["uid"] for r in definition["references"] if r["kind"] == "names"]
    assert database == uids[("AWS::RDS::DBInstance", "app-db")]
    # The old CNAME held the source load balancer's DNS name: it names the restored one now.
    cname = cairn(capsys, "resource", uids[("AWS::Route53::RecordSet", "www.example.com.")])
    [named] = [r["uid"] for r in cname["references"] if r["kind"] == "names"]
    assert named == uids[("AWS::ElasticLoadBalancingV2::LoadBalancer", "app-alb")]
    assert ":us-west-2:" in named
    group = "AWS::EC2::SecurityGroup"
    rds = cairn(capsys, "resource", uids[(group, "app-rds")])
    references = {r["field"]: r["uid"] for r in rds["references"]}
    assert references[INGRESS_FROM.at(0, 0)] == uids[(group, "app-ecs-tasks")]
    role = cairn(capsys, "resource", f"arn:aws:iam::{ACCOUNT}:role/app-task-dr")
    assert "hotfix-s3-read" in role["properties"]["Policies"]
    bucket = cairn(capsys, "resource", f"arn:aws:s3:::{saas.BUCKET}-dr")
    assert bucket["region"] == "us-west-2"
    # A parameter group's name is regional: in another region it keeps it.
    parameters = cairn(capsys, "resource", f"arn:aws:rds:us-west-2:{ACCOUNT}:pg:app-postgres16")
    assert parameters["properties"]["Parameters"]["max_connections"] == "900"
    _drill_checks(capsys, store, out, document, original)


def _drill_checks(capsys, store, out: Path, plan: dict, source: dict) -> None:
    """What a drill checks, on the restore applied above: it compares alike (as a drill
    sees it, and cut over), each stage's gates hold, and each later difference is named."""
    at = parse_time(source["at"])
    # As a drill sees it (no cutover): the records are left out on both sides.
    drilled = restored_assets(store, DRILL, "us-west-2", now_ms())
    alike = compare(store, at, source["assets"], drilled, "-dr", left_out=not_created(plan))
    assert alike.passed, json.dumps(alike.document(), indent=1)
    kinds = alike.document()["kinds"]
    assert kinds["AWS::EC2::SecurityGroup"] == {"source": 3, "restored": 3}
    assert kinds["AWS::IAM::Role"] == {"source": 2, "restored": 2}
    assert "AWS::Route53::RecordSet" not in kinds
    # Cut over, the zone's records (the same resources, moved) are compared too.
    cut_over = not_created(plan, cutover=True)
    alike = compare(store, at, source["assets"], _with_records(drilled, source), "-dr",
                    left_out=cut_over)  # fmt: skip
    assert alike.passed, json.dumps(alike.document(), indent=1)
    assert alike.kinds["AWS::Route53::RecordSet"] == (2, 2)

    # The gates of each stage, on the state the apply left.
    state = state_attributes(json.loads(terraform(out, "show", "-json")))
    gates = {
        stage["stage"]: {g.name: g for g in evaluate(stage["stage"], plan, state, "us-west-2", 1)}
        for stage in plan["stages"]
    }
    assert all(stages["applied"].passed for name, stages in gates.items() if name != "dns")
    assert gates["identity"]["role app-task-dr"].passed
    assert gates["data"]["db_instance_available app-db"].passed
    assert gates["data"]["database app-db answers"].passed is None  # moto's names resolve nowhere
    assert gates["compute"]["services_stable app-api"].passed
    assert gates["traffic"]["load balancer app-alb answers HTTP"].passed is None
    [dns] = gates["dns"].values()
    assert dns.passed is None

    # A restore that lost a rule, changed a TTL or a policy fails, naming each.
    ec2 = boto3.client("ec2", region_name="us-west-2")
    [group] = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["app-alb"]}])[
        "SecurityGroups"
    ]
    ec2.revoke_security_group_ingress(
        GroupId=group["GroupId"], IpPermissions=group["IpPermissions"]
    )
    boto3.client("iam").put_role_policy(
        RoleName="app-task-dr",
        PolicyName="hotfix-s3-read",
        PolicyDocument=json.dumps(saas.S3_READ).replace("GetObject", "*"),
    )
    _shorten_ttl("www.example.com.", 60)
    boto3.client("logs", region_name="us-west-2").delete_log_group(logGroupName=saas.LOG_GROUP)
    cairn(capsys, "crawl", "--region", "us-west-2")
    drilled = restored_assets(store, DRILL, "us-west-2", now_ms())
    changed = compare(store, at, source["assets"], _with_records(drilled, source), "-dr",
                      left_out=cut_over)  # fmt: skip
    assert not changed.passed
    mismatched = {(m.type, m.name, m.attribute): m for m in changed.attributes}
    assert mismatched.keys() == {
        ("AWS::EC2::SecurityGroup", "app-alb", "IpPermissions"),
        ("AWS::IAM::Role", "app-task", "Policies"),
        ("AWS::Route53::RecordSet", "www.example.com.", "TTL"),
    }
    ttl = mismatched[("AWS::Route53::RecordSet", "www.example.com.", "TTL")]
    assert (ttl.source, ttl.restored) == (3600, 60)
    assert "AWS::Logs::LogGroup: 1 in the source, 0 restored" in changed.missing
    assert (
        "AWS::ECS::TaskDefinition app-api:1 -logs-> AWS::Logs::LogGroup /ecs/app-api"
        in changed.missing
    )
    assert changed.document()["passed"] is False


def _with_records(restored: list[dict], source: dict) -> list[dict]:
    """The restored application and the zone's records its cutover moved (the same
    resources as the source's: a shared zone), once each."""
    uids = {asset["uid"] for asset in restored}
    records = [a for a in source["assets"] if a["type"] == RECORD_SET and a["uid"] not in uids]
    return [*restored, *records]


def _shorten_ttl(name: str, ttl: int) -> None:
    route53 = boto3.client("route53")
    [zone] = route53.list_hosted_zones()["HostedZones"]
    [record] = [
        r
        for r in route53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]
        if r["Name"] == name
    ]
    route53.change_resource_record_sets(
        HostedZoneId=zone["Id"],
        ChangeBatch={
            "Changes": [{"Action": "UPSERT", "ResourceRecordSet": {**record, "TTL": ttl}}]
        },
    )


@needs_terraform
def test_in_place_adopts_what_exists_and_restores_only_the_reverted_hotfixes(
    capsys, tmp_path, hotfixed_snapshot
):
    """After `terraform apply` reverted the hotfixes, a restore in place of snapshot 2
    imports everything that still runs and changes or creates only the hotfixes."""
    out = tmp_path / "in-place"
    document = plan(capsys, hotfixed_snapshot, out, "--mode", "in-place")
    files = read(out)
    assert "imports.tf" in files and "to = aws_vpc.app_vpc" in files["imports.tf"]
    assert "adopts the" in files["RUNBOOK.md"]
    (out / "moto_override.tf").write_text(MOTO_PROVIDER)
    required = [v["name"] for v in document["variables"] if v["default"] is None]
    (out / "terraform.tfvars").write_text(
        "".join(f'{name} = "arn:aws:kms:{saas.REGION}:{ACCOUNT}:key/x"\n' for name in required)
    )

    terraform_init(out)
    terraform(out, "plan", "-input=false", "-out=plan.bin")
    shown = subprocess.run(
        ["terraform", "show", "-json", "plan.bin"], cwd=out, capture_output=True, text=True,
        env={**os.environ, "TF_CLI_CONFIG_FILE": os.devnull}, check=True,
    ).stdout  # fmt: skip
    changes = {
        change["address"]: change["change"]["actions"]
        for change in json.loads(shown)["resource_changes"]
    }
    created = {address for address, actions in changes.items() if actions == ["create"]}
    updated = {address for address, actions in changes.items() if actions == ["update"]}
    replaced = {address for address, actions in changes.items() if "delete" in actions}
    # Everything that still runs is adopted; only the reverted hotfix is created.
    assert created == {"aws_iam_role_policy.app_task_hotfix_s3_read"}, changes
    # A task definition is immutable and its environment values are never stored: with
    # the values a reviewer supplies it becomes a new revision. Two moto quirks force the
    # others: it reports the cluster ARN without its account (the service looks moved)
    # and no connectivity type for the NAT gateway.
    assert replaced <= {
        "aws_ecs_task_definition.app_api",
        "aws_ecs_service.app_api",
        "aws_nat_gateway.app_nat",
    }, changes
    assert "aws_db_parameter_group.app_postgres16" in updated, changes
    parameters = next(
        c["change"]["after"]["parameter"]
        for c in json.loads(shown)["resource_changes"]
        if c["address"] == "aws_db_parameter_group.app_postgres16"
    )
    assert {"name": "max_connections", "value": "900", "apply_method": "pending-reboot"} in [
        {k: p[k] for k in ("name", "value", "apply_method")} for p in parameters
    ]
