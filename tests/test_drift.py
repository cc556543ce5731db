"""Drift: the scenario's hotfixes against the Terraform state declared before them."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import hcl2
import pytest

from catalog.cli import main
from catalog.clock import format_time, now_ms
from catalog.demo.declared_state import declared_state
from catalog.demo.stack import saas
from catalog.drift.sources import STATE_PATHS_VARIABLE
from tests.api_http import OPERATOR_TOKEN, Client, configured_access, running
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
    assert "aws_default_security_group.default" in report["outside_application"]


def test_drift_reports_exactly_the_two_hotfixes(capsys, tmp_path, declared):
    before = format_time(now_ms())
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

    # As the catalog saw it before the hotfixes, nothing had drifted.
    code, report = drift(capsys, APP, "--tfstate", str(declared), "--at", before)
    assert (code, report["findings"]) == (0, [])


def test_human_output_is_a_table_and_a_sentence_per_finding(capsys, declared):
    saas.apply_max_connections_hotfix()
    cairn(capsys, "crawl", "--region", saas.REGION)
    code = main(["drift", APP, "--tfstate", str(declared)])
    out = capsys.readouterr().out
    assert code == 2
    assert MAX_CONNECTIONS in " ".join(out.split())
    assert "parameter[max_connections].value" in out


def test_without_exclusive_ownership_apply_leaves_the_inline_policy(capsys, tmp_path, declared):
    """Separate aws_iam_role_policy resources alone never make the provider delete
    another inline policy: then the hotfix survives apply, but is in no code."""
    state = json.loads(declared.read_text())
    state["resources"] = [
        r for r in state["resources"] if r["type"] != "aws_iam_role_policies_exclusive"
    ]
    loose = tmp_path / "loose.tfstate"
    loose.write_text(json.dumps(state))
    saas.apply_inline_policy_hotfix()
    cairn(capsys, "crawl", "--region", saas.REGION)

    code, report = drift(capsys, APP, "--tfstate", str(loose))

    [finding] = report["findings"]
    assert code == 2 and finding["action"] == "none"
    assert finding["sentence"].startswith(
        "inline policy hotfix-s3-read of role app-task runs but is in no state: "
        "terraform apply leaves it alone"
    )


def test_a_deleted_resource_is_one_apply_would_create_again(capsys, declared):
    boto3.client("logs", region_name=saas.REGION).delete_log_group(logGroupName=saas.LOG_GROUP)
    cairn(capsys, "crawl", "--region", saas.REGION)

    code, report = drift(capsys, APP, "--tfstate", str(declared))

    [finding] = report["findings"]
    assert (code, finding["kind"], finding["action"]) == (2, "missing", "create")
    assert finding["address"] == "aws_cloudwatch_log_group.ecs_app_api"
    assert "would create it again" in finding["sentence"]


def test_the_state_of_another_stack_leaves_everything_unmanaged(capsys, tmp_path, declared):
    _, own = drift(capsys, APP, "--tfstate", str(declared))
    other = {
        "version": 4,
        "terraform_version": "1.11.4",
        "serial": 7,
        "lineage": "5f0c3c1e-0000-4000-8000-000000000000",
        "outputs": {},
        "resources": [
            {
                "mode": "managed",
                "type": kind,
                "name": "other",
                "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
                "instances": [
                    {"schema_version": 0, "attributes": attributes, "sensitive_attributes": []}
                ],
            }
            for kind, attributes in [
                ("aws_vpc", {"id": "vpc-0another", "cidr_block": "172.16.0.0/16"}),
                ("aws_s3_bucket", {"id": "other-files", "arn": "arn:aws:s3:::other-files"}),
            ]
        ],
    }
    path = tmp_path / "other.tfstate"
    path.write_text(json.dumps(other))
    code, report = drift(capsys, APP, "--tfstate", str(path))

    assert code == 2 and report["matched"] == 0
    assert {f["kind"] for f in report["findings"]} == {"unmanaged"}
    # One finding per resource of the application (its parts go with it).
    assert len(report["findings"]) == len({f["uid"] for f in report["findings"]})
    assert len(report["findings"]) < own["matched"]
    # Every resource of the application the right state matched is unmanaged here.
    assert {f["uid"] for f in report["findings"]} >= {
        "arn:aws:iam::123456789012:role/app-task",
        "arn:aws:s3:::app-files",
    }
    assert report["outside_application"] == ["aws_s3_bucket.other", "aws_vpc.other"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"version": 4, "resources": [', "is not JSON Terraform state"),
        ("", "is not JSON Terraform state"),
        ('{"version": 3, "modules": []}', "is Terraform state format version 3; cairn reads"),
        ('{"resources": []}', "is not Terraform state: it has no format version"),
        ('{"version": 4, "resources": [{"mode": "managed"}]}', "resources[0] has no type"),
    ],
)
def test_bad_state_files_are_one_line(capsys, tmp_path, neo4j_env, content, message):
    path = tmp_path / "broken.tfstate"
    path.write_text(content)
    code, out, err = run_cli(capsys, "drift", APP, "--tfstate", str(path), "--json")
    assert code == 1 and out == "" and message in err and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_unreadable_states_are_one_line(capsys, aws, neo4j_env, tmp_path):
    boto3.client("s3", region_name=saas.REGION).create_bucket(Bucket="tfstate")
    for source, message in [
        (str(tmp_path / "nope.tfstate"), "No such file or directory"),
        ("s3://tfstate/app/terraform.tfstate", "NoSuchKey"),
        ("s3://no-such-bucket/terraform.tfstate", "NoSuchBucket"),
        ("s3://tfstate", "an S3 state is s3://BUCKET/KEY"),
    ]:
        code, _, err = run_cli(capsys, "drift", APP, "--tfstate", source)
        assert code == 1 and message in err and err.count("\n") == 1, (source, err)


def test_the_state_is_read_from_the_s3_backend(capsys, tmp_path, declared):
    s3 = boto3.client("s3", region_name=saas.REGION)
    s3.create_bucket(Bucket="tfstate")
    s3.put_object(Bucket="tfstate", Key="app/terraform.tfstate", Body=declared.read_bytes())
    saas.apply_max_connections_hotfix()
    cairn(capsys, "crawl", "--region", saas.REGION)
    code, report = drift(capsys, APP, "--tfstate", "s3://tfstate/app/terraform.tfstate")
    assert code == 2 and [f["sentence"] for f in report["findings"]] == [MAX_CONNECTIONS]


def test_drift_over_graphql_is_for_operators(capsys, neo4j_settings, monkeypatch, declared):
    monkeypatch.setenv(STATE_PATHS_VARIABLE, str(declared.parent))
    saas.apply_inline_policy_hotfix()
    cairn(capsys, "crawl", "--region", saas.REGION)
    with running(neo4j_settings, configured_access()) as server:
        asked = {"application": APP, "tfstate": str(declared)}
        refused = Client(server.url).operation("DriftCheck", **asked)
        answered = Client(server.url, OPERATOR_TOKEN).operation("DriftCheck", **asked)
        unreadable = Client(server.url, OPERATOR_TOKEN).operation(
            "DriftCheck", application=APP, tfstate=str(declared) + ".nope"
        )

    assert refused.status == 403 and refused.body["data"] is None
    assert refused.messages == [
        "drift reads the state as the server does: it needs a token with the operator role"
    ]
    report = answered.data["drift"]
    assert report["drift"] is True and report["matched"] > 40
    [finding] = report["findings"]
    assert finding["kind"] == "runtime-only" and finding["resourceType"] == "aws_iam_role_policy"
    assert finding["sentence"].startswith(INLINE_POLICY)
    assert unreadable.messages == [f"cannot read {declared}.nope: No such file or directory"]


def test_tf_dir_settles_whether_the_role_owns_its_inline_policies(capsys, tmp_path, declared):
    """A role with inline_policy blocks in its configuration: the provider deletes every
    other inline policy, which its state alone may not tell."""
    state = json.loads(declared.read_text())
    state["resources"] = [
        r for r in state["resources"] if r["type"] != "aws_iam_role_policies_exclusive"
    ]
    loose = tmp_path / "loose.tfstate"
    loose.write_text(json.dumps(state))
    configuration = tmp_path / "infra"
    configuration.mkdir()
    (configuration / "iam.tf").write_text(
        'resource "aws_iam_role" "app_task" {\n'
        '  name               = "app-task"\n'
        '  assume_role_policy = "{}"\n\n'
        "  inline_policy {}\n"
        "}\n"
    )
    saas.apply_inline_policy_hotfix()
    cairn(capsys, "crawl", "--region", saas.REGION)

    code, report = drift(capsys, APP, "--tfstate", str(loose), "--tf-dir", str(configuration))

    [finding] = report["findings"]
    assert code == 2 and finding["action"] == "delete"
    assert finding["sentence"] == (
        f"{INLINE_POLICY} (aws_iam_role.app_task declares inline_policy, and the provider "
        "removes any other)"
    )
    (configuration / "broken.tf").write_text('resource "aws_vpc" {\n')
    code, _, err = run_cli(capsys, "drift", APP, "--tfstate", str(loose), "--tf-dir",
                           str(configuration))  # fmt: skip
    assert code == 1 and "cannot parse" in err and err.count("\n") == 1


def test_values_cairn_never_stores_are_never_shown(capsys, tmp_path, declared):
    """A state holds environment values; when the container definitions differ, the
    finding shows the declared document without them."""
    state = json.loads(declared.read_text())
    [task] = [r for r in state["resources"] if r["type"] == "aws_ecs_task_definition"]
    attributes = task["instances"][0]["attributes"]
    containers = json.loads(attributes["container_definitions"])
    containers[0]["image"] = "registry.example.com/api:old"
    containers[0]["environment"] = [{"name": "DB_PASSWORD", "value": "hunter2-rotated"}]
    attributes["container_definitions"] = json.dumps(containers)
    changed = tmp_path / "changed.tfstate"
    changed.write_text(json.dumps(state))

    code, out, _ = run_cli(capsys, "drift", APP, "--tfstate", str(changed), "--json")

    [finding] = json.loads(out)["findings"]
    assert code == 2 and finding["attribute"] == "container_definitions"
    assert finding["declared"][0]["image"] == "registry.example.com/api:old"
    assert "hunter2" not in out  # a secret: the state's value shows as a digest


def test_rules_declared_inline_in_their_group_are_not_runtime_only(capsys, tmp_path, declared):
    """Code that writes a group's rules as `ingress` blocks has no rule resources."""
    state = json.loads(declared.read_text())
    rules = [r for r in state["resources"] if r["type"] == "aws_vpc_security_group_ingress_rule"]
    state["resources"] = [r for r in state["resources"] if r not in rules]
    inline = {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}
    for resource in state["resources"]:
        if resource["type"] == "aws_security_group":
            resource["instances"][0]["attributes"]["ingress"] = [inline]
    path = tmp_path / "inline.tfstate"
    path.write_text(json.dumps(state))

    code, report = drift(capsys, APP, "--tfstate", str(path))

    assert rules and (code, report["findings"]) == (0, [])


def test_provider_shapes_are_not_drift_but_a_console_tag_is(capsys, tmp_path, declared):
    """A policy written another way, sets in another order: the same to the provider.
    A tag added in the console: apply removes it."""
    state = json.loads(declared.read_text())
    for resource in state["resources"]:
        attributes = resource["instances"][0]["attributes"]
        if resource["type"] == "aws_iam_role":
            trust = json.loads(attributes["assume_role_policy"])
            [statement] = trust["Statement"]
            statement["Action"] = [statement["Action"]]
            trust["Statement"] = statement
            attributes["assume_role_policy"] = json.dumps(dict(reversed(trust.items())), indent=4)
        for key in ("subnet_ids", "parameter", "vpc_security_group_ids", "subnets"):
            if isinstance(attributes.get(key), list):
                attributes[key] = list(reversed(attributes[key]))
    reshaped = tmp_path / "reshaped.tfstate"
    reshaped.write_text(json.dumps(state))
    tags = [*saas.TAGS, {"Key": "Owner", "Value": "on-call"}]
    boto3.client("s3").put_bucket_tagging(Bucket=saas.BUCKET, Tagging={"TagSet": tags})
    cairn(capsys, "crawl", "--region", saas.REGION)

    code, report = drift(capsys, APP, "--tfstate", str(reshaped))

    assert code == 2 and [f["sentence"] for f in report["findings"]] == [
        "the next terraform apply would remove tag Owner (on-call running) from bucket app-files"
    ]


def test_a_policy_attached_in_the_console(capsys, tmp_path, declared):
    """Detached by apply only where the role's attachments are owned: here by
    managed_policy_arns in the configuration; without it, left alone."""
    iam = boto3.client("iam")
    extra = iam.create_policy(PolicyName="hotfix-logs", PolicyDocument=json.dumps(saas.S3_READ))
    iam.attach_role_policy(RoleName="app-task", PolicyArn=extra["Policy"]["Arn"])
    cairn(capsys, "crawl", "--region", saas.REGION)
    configuration = tmp_path / "infra"
    configuration.mkdir()
    (configuration / "iam.tf").write_text(
        'resource "aws_iam_role" "app_task" {\n'
        '  name                = "app-task"\n'
        '  assume_role_policy  = "{}"\n'
        "  managed_policy_arns = []\n"
        "}\n"
    )

    _, loose = drift(capsys, APP, "--tfstate", str(declared))
    code, owned = drift(capsys, APP, "--tfstate", str(declared), "--tf-dir", str(configuration))

    attachments = [
        f for f in loose["findings"] if f["resource_type"] == "aws_iam_role_policy_attachment"
    ]
    assert [f["action"] for f in attachments] == ["none"]
    detached = [
        f for f in owned["findings"] if f["resource_type"] == "aws_iam_role_policy_attachment"
    ]
    assert code == 2 and [f["action"] for f in detached] == ["delete"]
    assert detached[0]["sentence"].startswith(
        "the next terraform apply would delete policy attachment"
    ) and detached[0]["sentence"].endswith(
        "(aws_iam_role.app_task declares managed_policy_arns, and the provider removes any other)"
    )
