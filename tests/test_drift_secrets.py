"""Drift never prints a secret of the state, never writes a patch that blanks a value,
and reads a state within bounds: the probe of issue 13 (item 2, drift parts of item 5)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import boto3
import pytest

from catalog.cli import main
from catalog.demo.stack import saas
from catalog.drift.check import DriftReport
from catalog.drift.findings import runs_only
from catalog.drift.patch import write_patch
from catalog.drift.runtime import UNKNOWN_EXPRESSION, RuntimeBlock
from catalog.drift.sources import STATE_PATHS_VARIABLE
from catalog.drift.state import MAX_STATE_BYTES_VARIABLE, parse_state
from catalog.drift.values import UNKNOWN, Evaluator
from catalog.restore.hcl import Block, Expr
from catalog.secrets import secret_shown, verdict
from tests.api_http import OPERATOR_TOKEN, Client, configured_access, running
from tests.cli_runner import cairn, run_cli
from tests.terraform_tools import arguments
from tests.test_drift import APP
from tests.test_drift import declared as declared_stack

declared = declared_stack  # the fixture: the stack built, crawled and declared in a state

DB_PASSWORD = "correct-horse-battery-staple-42"  # secret by its name
UPSTREAM_PASSWORD = "Xk9mQ2vL7pZ"
UPSTREAM = f"postgres://app:{UPSTREAM_PASSWORD}@db.internal:5432/app"  # secret by its content
DEPLOY_TOKEN = "tok_7c1e9bQx4Rw2Lm8Zp"  # by its name, as a tag
OWNER = "platform-team-berlin"  # marked sensitive by the state


def fragments(secret: str) -> list[str]:
    """Every 6-character part of `secret`: none may be printed, not even a prefix."""
    return [secret[i : i + 6] for i in range(len(secret) - 5)]


def assert_never_shown(text: str, *secrets: str) -> None:
    for secret in secrets:
        # A URL with credentials: its host is no secret, its password and prefix are.
        secret = UPSTREAM_PASSWORD if secret == UPSTREAM else secret
        leaked = [part for part in fragments(secret) if part in text]
        assert not leaked, (secret, leaked)
    assert UPSTREAM[:16] not in text


def edited_state(state_file: Path, tmp_path: Path, edit: Any) -> Path:
    """A copy of the declared state, `edit(resource)` applied to each resource."""
    state = json.loads(state_file.read_text())
    for resource in state["resources"]:
        edit(resource)
    path = tmp_path / "edited.tfstate"
    path.write_text(json.dumps(state))
    return path


def task_environment(environment: list[dict[str, str]]) -> Any:
    def edit(resource: dict[str, Any]) -> None:
        if resource["type"] == "aws_ecs_task_definition":
            attributes = resource["instances"][0]["attributes"]
            containers = json.loads(attributes["container_definitions"])
            containers[0]["environment"] = environment
            attributes["container_definitions"] = json.dumps(containers)

    return edit


def bucket_tags(tags: dict[str, str], marker: dict[str, Any] | None = None) -> Any:
    def edit(resource: dict[str, Any]) -> None:
        if resource["type"] == "aws_s3_bucket":
            instance = resource["instances"][0]
            for key in ("tags", "tags_all"):
                instance["attributes"][key] = {**instance["attributes"][key], **tags}
            instance.update(marker or {})

    return edit


JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"


@pytest.mark.parametrize(
    ("name", "value", "secret"),
    [
        ("DB_PASSWORD", "hunter2", True),
        ("apiKey", "k", True),
        ("PRIVATE_KEY", "k", True),
        ("client_secret", "s", True),
        ("KMS_KEY_ID", "arn:aws:kms:us-east-1:123456789012:key/1234", False),
        ("key", "Project", False),
        ("public_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5", False),
        ("private_ip", "10.0.1.5", False),
        ("manage_master_user_password", True, False),
        ("DATABASE_URL", UPSTREAM, True),
        ("DATABASE_URL", "postgres://db.internal:5432/app", False),
        ("ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", True),
        ("SESSION", JWT, True),
        ("pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA", True),
        ("image", f"1.dkr.ecr.us-east-1.amazonaws.com/api@sha256:{'ab' * 32}", False),
        ("id", "vpc-0a1b2c3d4e5f67890", False),
    ],
)
def test_the_secret_rule(name, value, secret):
    assert verdict(name, value).secret is secret


def test_a_state_secret_in_an_environment_is_never_printed_nor_blanked(capsys, tmp_path, declared):
    """The state declares DB_PASSWORD and UPSTREAM; the running task has DB_PASSWORD (a
    secret: a digest) and DATABASE_URL (plain: its value)."""
    environment = [
        {"name": "DB_PASSWORD", "value": DB_PASSWORD},
        {"name": "UPSTREAM", "value": UPSTREAM},
    ]
    state = edited_state(declared, tmp_path, task_environment(environment))
    out = tmp_path / "codify"

    code, printed, _ = run_cli(capsys, "drift", APP, "--tfstate", str(state), "--out", str(out),
                               "--json")  # fmt: skip
    text_code = main(["drift", APP, "--tfstate", str(state)])
    text = capsys.readouterr().out

    [finding] = json.loads(printed)["findings"]
    assert (code, text_code, finding["attribute"]) == (2, 2, "container_definitions")
    declared_environment = finding["declared"][0]["environment"]
    assert [v["name"] for v in declared_environment] == ["DB_PASSWORD", "UPSTREAM"]
    # The running DATABASE_URL is kept as a digest; the state's secrets show as digests too.
    shown = {v["value"] for v in declared_environment}
    assert shown == {secret_shown(DB_PASSWORD), secret_shown(UPSTREAM)}
    files = {p.name: p.read_text() for p in out.iterdir()}
    assert_never_shown(printed + text + "\n".join(files.values()), DB_PASSWORD, UPSTREAM)

    # The patch sets the running secret from a sensitive variable, never to nothing, and
    # the running plain value as it runs.
    updates = files["update-existing.hcl"]
    entry = re.search(r'\{\s*name\s*=\s*"DB_PASSWORD"\s*value\s*=\s*var\.(\w+)\s*\}', updates)
    assert entry, updates
    assert re.search(r'name\s*=\s*"DATABASE_URL"\s*value\s*=\s*"postgres://app@app-db\.', updates)
    variable = entry.group(1)
    declaration = re.search(rf'variable "{variable}" {{(.*?)\n}}', files["codify-variables.tf"],
                            re.DOTALL)  # fmt: skip
    assert declaration and re.search(r"sensitive\s*=\s*true", declaration.group(1))


def test_after_a_names_only_crawl_the_state_values_are_not_shown(capsys, tmp_path, declared):
    """`--env-values none` keeps no running value to compare with: the state's are hidden."""
    cairn(capsys, "crawl", "--region", saas.REGION, "--env-values", "none")
    environment = [{"name": "LOG_FORMAT", "value": "json"}, {"name": "UPSTREAM", "value": UPSTREAM}]
    state = edited_state(declared, tmp_path, task_environment(environment))

    code, printed, _ = run_cli(capsys, "drift", APP, "--tfstate", str(state), "--json")

    [finding] = json.loads(printed)["findings"]
    assert (code, finding["attribute"]) == (2, "container_definitions")
    shown = {v["name"]: v["value"] for v in finding["declared"][0]["environment"]}
    assert shown == {
        name: "(not shown: Cairn never stores it)" for name in ("LOG_FORMAT", "UPSTREAM")
    }
    assert_never_shown(printed, UPSTREAM)


def test_secret_looking_values_show_as_digests_and_sensitive_ones_not_at_all(
    capsys, tmp_path, declared
):
    marker = {"sensitive_attributes": [[{"type": "get_attr", "value": "tags"},
                                        {"type": "get_attr", "value": "Owner"}]]}  # fmt: skip
    tags = {"DeployToken": DEPLOY_TOKEN, "Upstream": UPSTREAM, "Owner": OWNER, "Tier": "gold"}
    state = edited_state(declared, tmp_path, bucket_tags(tags, marker))
    boto3.client("s3").put_bucket_tagging(
        Bucket=saas.BUCKET, Tagging={"TagSet": [*saas.TAGS, {"Key": "Owner", "Value": "on-call"}]}
    )
    cairn(capsys, "crawl", "--region", saas.REGION)

    code, printed, _ = run_cli(capsys, "drift", APP, "--tfstate", str(state), "--json")
    main(["drift", APP, "--tfstate", str(state)])
    text = capsys.readouterr().out

    assert code == 2
    shown = {f["attribute"]: f["declared"] for f in json.loads(printed)["findings"]}
    assert shown == {
        "tags.DeployToken": secret_shown(DEPLOY_TOKEN),
        "tags.Upstream": secret_shown(UPSTREAM),
        "tags.Owner": "(sensitive)",
        "tags.Tier": "gold",
    }
    assert "set tag Owner of bucket app-files back to (sensitive) (on-call running)" in text
    assert_never_shown(printed + text, DEPLOY_TOKEN, UPSTREAM, OWNER)


def test_the_mirror_of_terraform_show_marks_values_sensitive(capsys, tmp_path, declared):
    marker = {"sensitive_values": {"tags": {"Owner": True}, "tags_all": {"Owner": True}}}
    state = edited_state(declared, tmp_path, bucket_tags({"Owner": OWNER}, marker))

    code, printed, _ = run_cli(capsys, "drift", APP, "--tfstate", str(state), "--json")

    [finding] = json.loads(printed)["findings"]
    assert code == 2 and finding["declared"] == "(sensitive)"
    assert_never_shown(printed, OWNER)


def test_a_running_secret_goes_into_the_patch_as_a_variable(capsys, tmp_path, declared):
    """A tag that runs but is declared nowhere: the patch writes it, but a secret as a
    sensitive variable, never as the value."""
    tags = [*saas.TAGS, {"Key": "DeployToken", "Value": DEPLOY_TOKEN}]
    boto3.client("s3").put_bucket_tagging(Bucket=saas.BUCKET, Tagging={"TagSet": tags})
    cairn(capsys, "crawl", "--region", saas.REGION)
    out = tmp_path / "codify"

    code, printed, _ = run_cli(capsys, "drift", APP, "--tfstate", str(declared), "--out",
                               str(out), "--json")  # fmt: skip

    [finding] = json.loads(printed)["findings"]
    assert code == 2 and finding["runtime"] == secret_shown(DEPLOY_TOKEN)
    files = {p.name: p.read_text() for p in out.iterdir()}
    assert_never_shown(printed + "\n".join(files.values()), DEPLOY_TOKEN)
    assert re.search(r"DeployToken\s*=\s*var\.app_files_tags_deploytoken", files[
        "update-existing.hcl"])  # fmt: skip
    assert 'variable "app_files_tags_deploytoken"' in files["codify-variables.tf"]


def test_what_the_catalog_does_not_know_is_left_out_whole_and_said(tmp_path):
    """Never `cluster = null` nor a load_balancer block without its target group: applied,
    they would detach what runs."""
    unknown = Expr(UNKNOWN_EXPRESSION)
    service = Block(
        "resource",
        ("aws_ecs_service", "api"),
        {"name": "api", "cluster": unknown},
        [
            Block("load_balancer", attributes={"target_group_arn": unknown, "container_port": 80}),
            Block("deployment_circuit_breaker", attributes={"enable": True, "rollback": True}),
        ],
    )
    runs = RuntimeBlock("arn:aws:ecs:us-east-1:1:service/app/api", "api", "us-east-1", "1", service,
                        "app/api")  # fmt: skip
    report = DriftReport(
        application=APP,
        at=0,
        state=parse_state('{"version": 4, "resources": []}', "empty.tfstate"),
        findings=[runs_only(runs, "runtime-only", "none", "service api runs but is in no state")],
        matched=0,
        outside=[],
        not_compared=[],
        unmapped=[],
        evaluator=Evaluator(lambda address, attribute: UNKNOWN, {}),
    )

    assert write_patch(report, tmp_path) == ["codify.tf"]

    text = (tmp_path / "codify.tf").read_text()
    written = arguments(text)
    assert "cluster" not in written and "load_balancer" not in written
    assert 'name = "api"' in written and "deployment_circuit_breaker {" in written
    said = "the catalog does not know its {}; write it yourself."
    assert f"# cluster is left out: {said.format('cluster')}" in text
    assert f"# a load_balancer block is left out: {said.format('target_group_arn')}" in text
    assert "null" not in text


NESTING_BOMB = "[" * 200_000 + "]" * 200_000
WRONG_INSTANCES = '{"version": 4, "resources": [{"mode": "managed", "type": "aws_vpc", '
WRONG_INSTANCES += '"name": "a", "instances": 5}]}'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "/dev/zero is larger than 104857600 bytes, the limit for a state"),
        (NESTING_BOMB, "its JSON nests deeper than cairn reads"),
        (WRONG_INSTANCES, "resources[0]: 'instances' is not a list"),
        (WRONG_INSTANCES.replace('"aws_vpc"', "7"), "resources[0]: type must be text"),
    ],
)
def test_hostile_states_are_one_line(capsys, tmp_path, neo4j_env, content, message):
    path = tmp_path / "hostile.tfstate"
    if content is None:
        path = Path("/dev/zero")
    else:
        path.write_text(content)
    code, out, err = run_cli(capsys, "drift", APP, "--tfstate", str(path), "--json")
    assert code == 1 and out == "" and message in err and err.count("\n") == 1, err


def test_the_state_size_limit_is_configurable(capsys, tmp_path, neo4j_env, monkeypatch):
    path = tmp_path / "small.tfstate"
    path.write_text('{"version": 4, "resources": []}')
    code, _, err = run_cli(capsys, "drift", APP, "--tfstate", str(path), "--max-state-bytes", "10")
    assert code == 1 and f"{path} is larger than 10 bytes" in err and err.count("\n") == 1
    monkeypatch.setenv(MAX_STATE_BYTES_VARIABLE, "lots")
    code, _, err = run_cli(capsys, "drift", APP, "--tfstate", str(path))
    assert code == 1 and "CAIRN_MAX_STATE_BYTES must be a number of bytes, not 'lots'" in err
    assert err.count("\n") == 1


def test_an_out_that_cannot_be_written_is_one_line(capsys, tmp_path, declared):
    taken = tmp_path / "a-file"
    taken.write_text("not a directory")
    for out in (taken, taken / "codify"):
        code, printed, err = run_cli(capsys, "drift", APP, "--tfstate", str(declared), "--out",
                                     str(out), "--json")  # fmt: skip
        assert code == 1 and printed == "" and err.count("\n") == 1, err
        assert f"cannot write the patch into --out {out}" in err
    assert taken.read_text() == "not a directory"


def test_the_api_reads_states_only_where_its_operator_allows(
    capsys, neo4j_settings, monkeypatch, tmp_path, declared
):
    outside = tmp_path / "outside"
    outside.mkdir()
    escape = outside / "escape.tfstate"
    escape.symlink_to(declared)
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "link").symlink_to(outside)
    secret = edited_state(declared, allowed, bucket_tags({"DeployToken": DEPLOY_TOKEN}))

    with running(neo4j_settings, configured_access()) as server:
        client = Client(server.url, OPERATOR_TOKEN)
        monkeypatch.delenv(STATE_PATHS_VARIABLE, raising=False)
        unset = client.operation("DriftCheck", application=APP, tfstate="/dev/zero")
        monkeypatch.setenv(STATE_PATHS_VARIABLE, f"{allowed}:/dev:s3://tfstate/app/")
        zero = client.operation("DriftCheck", application=APP, tfstate="/dev/zero")
        linked = client.operation("DriftCheck", application=APP, tfstate=str(allowed / "link" /
                                  "escape.tfstate"))  # fmt: skip
        other_bucket = client.operation("DriftCheck", application=APP, tfstate="s3://tfstate/x")
        answered = client.operation("DriftCheck", application=APP, tfstate=str(secret))

    assert unset.messages == [
        "this server reads no Terraform state: its operator sets CAIRN_STATE_PATHS to the "
        "directories and s3:// prefixes it may read"
    ]
    assert [m.split(",")[0] for m in zero.messages] == ["/dev/zero is larger than 104857600 bytes"]
    for refused, source in [(linked, allowed / "link" / "escape.tfstate"),
                            (other_bucket, "s3://tfstate/x")]:  # fmt: skip
        assert refused.messages == [
            f"{source} is outside the places this server reads states from (CAIRN_STATE_PATHS)"
        ]
    [finding] = answered.data["drift"]["findings"]
    assert finding["declared"] == secret_shown(DEPLOY_TOKEN)
    assert_never_shown(json.dumps(answered.body), DEPLOY_TOKEN)
