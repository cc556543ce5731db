"""Secrets of every shape, planted where configuration lives, are found nowhere (issue 16).

An ECS task definition's and a Lambda function's environment, SSM String parameters and
a launch template's user data get a secret by name (DB_PASSWORD) and secrets by content
only (an AWS access key pair, a PEM private key, a JWT, a URL with credentials, high-entropy
base64 and hex), beside plain configuration. Crawled, snapshotted, restored into another
region and compared with a Terraform state that holds them all in plain text, none of the
secrets shows anywhere: the stored graph, every CLI output (`--json` and text), every file
of the plan and of the drift patch, the logs. The plain values are kept, and written as
literals in the plan; `--env-values none` keeps no value at all.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from catalog.aws.crawler import crawl, select_types
from catalog.aws.session import AwsAccount
from catalog.cli import main
from catalog.demo.declared_state import declared_state_of
from catalog.graph.reader import GraphReader
from catalog.secrets import secret_shown
from tests.aws.lambda_ import build_worker
from tests.cli_runner import cairn, run_cli

REGION = "us-east-1"
APP = "planted"
TAG = {"Key": "Project", "Value": APP}
PEM_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0"
# name -> (value, the part of it that must never show). Only DB_PASSWORD is secret by its
# name: every other one is judged by its content alone.
SECRETS = {
    "DB_PASSWORD": ("correct-horse-battery-staple-42", "correct-horse-battery-staple-42"),
    "UPSTREAM_ACCESS_KEY_ID": ("AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
    "UPSTREAM_SIGNING": (
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ),
    "TLS_PEM": (
        f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----",
        PEM_BODY,
    ),
    "SESSION": (
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    ),
    "UPSTREAM_URL": ("postgres://app:Xk9mQ2vL7pZw@db.internal:5432/app", "Xk9mQ2vL7pZw"),
    "BLOB": (
        "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A=",
        "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A",
    ),
    "SEED": (
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    ),
}
PLAIN = {"DB_HOST": "app-db.internal.example", "LOG_LEVEL": "info", "QUEUE": "jobs"}
ENVIRONMENT = {**{name: value for name, (value, _) in SECRETS.items()}, **PLAIN}
CHANGED_PASSWORD = "tr0ub4dor-and-3-more-words"  # the state's DB_PASSWORD, later
USER_DATA = "\n".join(
    ["#!/bin/bash", f"export DB_PASSWORD={SECRETS['DB_PASSWORD'][0]}"]
    + [f"echo {SECRETS[name][0]} > /etc/app/{name.lower()}" for name in ("SESSION", "SEED")]
)
FRAGMENT = 10  # no part of a secret this long may show, not even a prefix


def cores() -> list[str]:
    return [core for _, core in SECRETS.values()] + [
        CHANGED_PASSWORD,
        base64.b64encode(USER_DATA.encode()).decode(),
    ]


def assert_nowhere(text: str) -> None:
    for core in cores():
        leaked = [core[i : i + FRAGMENT] for i in range(len(core) - FRAGMENT + 1)]
        assert not [part for part in leaked if part in text], core


def parameter_name(name: str) -> str:
    return f"/planted/{name.lower()}"


def build() -> None:
    """Every secret, and the plain values, in each place configuration lives."""
    variables = [{"name": name, "value": value} for name, value in ENVIRONMENT.items()]
    boto3.client("ecs", region_name=REGION).register_task_definition(
        family="planted-web",
        containerDefinitions=[
            {
                "name": "web",
                "image": "public.ecr.aws/nginx/nginx:1.27",
                "memory": 128,
                "environment": variables,
            }
        ],
        tags=[{"key": "Project", "value": APP}],
    )
    build_worker(Environment={"Variables": ENVIRONMENT}, Tags={"Project": APP})
    ssm = boto3.client("ssm", region_name=REGION)
    for name, value in ENVIRONMENT.items():
        ssm.put_parameter(Name=parameter_name(name), Type="String", Value=value, Tags=[TAG])
    ssm.put_parameter(
        Name="/planted/secure", Type="SecureString", Value=SECRETS["SEED"][0], Tags=[TAG]
    )
    boto3.client("ec2", region_name=REGION).create_launch_template(
        LaunchTemplateName="planted-workers",
        LaunchTemplateData={
            "ImageId": "ami-12c6146b",
            "UserData": base64.b64encode(USER_DATA.encode()).decode(),
        },
        TagSpecifications=[{"ResourceType": "launch-template", "Tags": [TAG]}],
    )


ACCOUNT = "123456789012"  # moto's
TASK_DEFINITION = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/planted-web:1"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:app-worker"
# Every version of every resource, and every other node's properties (runs, snapshots).
EVERY_NODE = "MATCH (n) RETURN properties(n) AS p"


def everything_stored(store: Any) -> str:
    """Every node of the graph (each State of each resource, all versions) as text."""
    records = store.driver.execute_query(EVERY_NODE, database_=store.database).records
    return json.dumps([record["p"] for record in records], default=str)


def parameter_arn(name: str) -> str:
    return f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter{parameter_name(name)}"


def both(capsys: Any, *argv: str) -> str:
    """The command's stdout and stderr, as JSON and as text: it must succeed both ways."""
    printed = []
    for extra in (("--json",), ()):
        code, out, err = run_cli(capsys, *argv, *extra)
        assert code in (0, 2), err
        printed += [out, err]
    return "\n".join(printed)


def state_with_secrets(store: Any, path: Path) -> Path:
    """The state code declaring the application would hold: every value in plain text,
    DB_PASSWORD changed since (a rotated secret) and LOG_LEVEL too (a plain change)."""
    state = declared_state_of(store, APP)
    declared = {**ENVIRONMENT, "DB_PASSWORD": CHANGED_PASSWORD, "LOG_LEVEL": "debug"}
    for resource in state["resources"]:
        attributes = resource["instances"][0]["attributes"]
        if resource["type"] == "aws_ecs_task_definition":
            containers = json.loads(attributes["container_definitions"])
            containers[0]["environment"] = [
                {"name": name, "value": value} for name, value in sorted(declared.items())
            ]
            attributes["container_definitions"] = json.dumps(containers)
        elif resource["type"] == "aws_lambda_function":
            attributes["environment"] = [{"variables": declared}]
        elif resource["type"] == "aws_ssm_parameter":
            name = attributes["name"].removeprefix("/planted/").upper()
            attributes["value"] = declared.get(name, SECRETS["SEED"][0])
    path.write_text(json.dumps(state))
    return path


@pytest.fixture
def planted(capsys, aws, store, neo4j_env, caplog) -> str:
    """Everything planted, crawled (JSON and text) and snapshotted; what they printed."""
    caplog.set_level(logging.DEBUG, logger="catalog")  # what Cairn logs, all of it
    build()
    printed = both(capsys, "crawl", "--region", REGION)
    printed += json.dumps(
        cairn(capsys, "app", "create", APP, "--tag", f"Project={APP}", "--region", REGION)
    )
    printed += both(capsys, "app", "list")
    return printed


def test_planted_secrets_show_nowhere_and_plain_values_are_restored(
    capsys, tmp_path, store, planted, caplog
):
    printed = planted
    snapshot = cairn(capsys, "snapshot", "take", APP)["id"]
    printed += both(capsys, "app", "preview", APP)
    printed += both(capsys, "snapshot", "list", APP)
    out = tmp_path / "plan"
    printed += json.dumps(
        cairn(
            capsys, "restore", "plan", snapshot, "--out", str(out), "--target-region", "us-west-2"
        )
    )
    code = main(
        ["restore", "plan", snapshot, "--out", str(out), "--target-region", "us-west-2", "--force"]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    printed += captured.out + captured.err
    plan_files = "\n".join(p.read_text() for p in sorted(out.rglob("*")) if p.is_file())

    state = state_with_secrets(store, tmp_path / "terraform.tfstate")
    patch = tmp_path / "patch"
    drift = both(capsys, "drift", APP, "--tfstate", str(state), "--out", str(patch))
    patch_files = "\n".join(p.read_text() for p in sorted(patch.rglob("*")) if p.is_file())

    stored = everything_stored(store)
    for where in (stored, printed, plan_files, drift, patch_files, caplog.text):
        assert_nowhere(where)

    # Not because nothing was there: the plain values are kept, and written as they were.
    for value in PLAIN.values():
        assert value in stored
    flat = " ".join(plan_files.split())
    assert 'name = "DB_HOST" value = "app-db.internal.example"' in flat  # the task's
    assert 'DB_HOST = "app-db.internal.example"' in flat  # the function's
    assert 'value = "app-db.internal.example"' in flat  # the parameter's
    # Each secret a sensitive variable to fill from a secret store, never a literal.
    variables = json.loads((out / "plan.json").read_text())["variables"]
    secret_variables = [v for v in variables if v["purpose"] == "secret_value"]
    assert len(secret_variables) == 3 * len(SECRETS) + 2  # task, function, parameters; secure;
    assert all(v["sensitive"] and v["default"] is None for v in secret_variables)  # user data
    assert not any("digest" in v for v in variables)

    # Drift: the rotated secret shows by its digests, the plain change by its values, and
    # every secret that did not change matches by its digest: no finding.
    report = json.loads(run_cli(capsys, "drift", APP, "--tfstate", str(state), "--json")[1])
    findings = {(f["resource_type"], f["uid"].rsplit("/", 1)[-1]): f for f in report["findings"]}
    assert set(findings) == {
        ("aws_ssm_parameter", "db_password"),
        ("aws_ssm_parameter", "log_level"),
        ("aws_ecs_task_definition", "planted-web:1"),
        ("aws_lambda_function", FUNCTION),
    }
    password = findings[("aws_ssm_parameter", "db_password")]
    rotated = (secret_shown(CHANGED_PASSWORD), secret_shown(SECRETS["DB_PASSWORD"][0]))
    assert (password["declared"], password["runtime"]) == rotated
    level = findings[("aws_ssm_parameter", "log_level")]
    assert (level["declared"], level["runtime"]) == ("debug", "info")
    function = next(f for (t, _), f in findings.items() if t == "aws_lambda_function")
    [declared], [running] = function["declared"], function["runtime"]
    assert (declared["variables"]["DB_PASSWORD"], running["variables"]["DB_PASSWORD"]) == rotated
    assert (declared["variables"]["LOG_LEVEL"], running["variables"]["LOG_LEVEL"]) == (
        "debug",
        "info",
    )
    upstream = secret_shown(SECRETS["UPSTREAM_URL"][0])
    assert declared["variables"]["UPSTREAM_URL"] == running["variables"]["UPSTREAM_URL"] == upstream


def test_with_env_values_none_no_value_is_stored(capsys, aws, store, neo4j_env, monkeypatch):
    build()
    cairn(capsys, "crawl", "--region", REGION, "--env-values", "none")
    reader = GraphReader(store)
    stored = everything_stored(store)
    assert not [value for value in PLAIN.values() if value in stored]
    assert_nowhere(stored)
    definition = reader.resource_at(TASK_DEFINITION)
    assert definition is not None
    environment = definition.properties["containerDefinitions"][0]["environment"]
    assert environment == [{"name": name} for name in sorted(ENVIRONMENT)]  # no digest either
    function = reader.resource_at(FUNCTION)
    assert function is not None
    assert function.properties["Environment"] == [{"Name": name} for name in sorted(ENVIRONMENT)]
    for parameter in reader.resources_at([parameter_arn(name) for name in ENVIRONMENT]):
        assert not {"Value", "Secret", "ValueDigest"} & parameter.properties.keys()

    # CAIRN_ENV_VALUES says the same for crawls that take no option (a snapshot's refresh).
    monkeypatch.setenv("CAIRN_ENV_VALUES", "none")
    cairn(capsys, "app", "create", APP, "--tag", f"Project={APP}", "--region", REGION)
    boto3.client("ssm", region_name=REGION).put_parameter(
        Name="/planted/later", Type="String", Value="kept-unless-none", Tags=[TAG]
    )
    cairn(capsys, "snapshot", "take", APP)
    assert "kept-unless-none" not in everything_stored(store)


def test_a_bad_env_values_setting_is_one_line_and_crawls_nothing(
    capsys, aws, store, neo4j_env, monkeypatch
):
    code, out, err = run_cli(capsys, "crawl", "--region", REGION, "--env-values", "all")
    assert (code, out) == (1, "")
    assert err == "cairn: error: unknown --env-values 'all': unless-secret or none\n"
    monkeypatch.setenv("CAIRN_ENV_VALUES", "everything")
    code, _, err = run_cli(capsys, "crawl", "--region", REGION)
    assert code == 1 and "unknown $CAIRN_ENV_VALUES 'everything'" in err
    assert store.read("last_run_time")[0]["at"] is None


def test_parameter_values_stay_unread_where_get_parameters_is_not_granted(aws, store, caplog):
    """Granted on /planted/db_* only (docs/aws-accounts.md): a batch naming others is
    refused whole, so each of its names is asked for alone; the rest stay unread."""
    build()
    account = AwsAccount.connect()

    def scoped(params: dict[str, Any], **_: Any) -> None:
        if any(not name.startswith("/planted/db_") for name in params["Names"]):
            error = {"Error": {"Code": "AccessDeniedException", "Message": "denied"}}
            raise ClientError(error, "GetParameters")  # type: ignore[arg-type]

    account.session.events.register("provide-client-params.ssm.GetParameters", scoped)
    with caplog.at_level(logging.WARNING):
        summary = crawl(store, account, [REGION], select_types(["ssm"]))

    assert {p.status for p in summary.partitions} == {"complete"}
    reader = GraphReader(store)
    read = {
        name: {k: v for k, v in p.properties.items() if k in ("Value", "Secret")}
        for name in ENVIRONMENT
        if (p := reader.resource_at(parameter_arn(name))) is not None
    }
    assert len(read) == len(ENVIRONMENT)
    assert {name: kept for name, kept in read.items() if kept} == {
        "DB_HOST": {"Value": "app-db.internal.example"},
        "DB_PASSWORD": {"Secret": "name /planted/db_password"},
    }
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        f"{len(ENVIRONMENT) - 2} of {len(ENVIRONMENT)} SSM parameter values in us-east-1 stay "
        "unread: ssm:GetParameters is not granted on them (docs/aws-accounts.md: grant it on "
        "plain parameter paths)"
    ]
