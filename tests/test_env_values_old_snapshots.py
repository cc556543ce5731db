"""Snapshots taken before values were kept still restore as they did (issue 16).

They hold names only: `environmentNames` in an ECS container, `EnvironmentVariableNames` in
a Lambda function, an SSM parameter without `Value`. Each value stays a variable, with the
same name, description, sensitivity and purpose as before values were kept; and a names-only
crawl (`--env-values none`) restores the same way.
"""

from __future__ import annotations

from typing import Any

from catalog.aws.ecs import TASK_DEFINITION
from catalog.aws.lambda_ import FUNCTION
from catalog.aws.ssm import PARAMETER
from catalog.demo.declared_state import pinned_observation
from catalog.model import Observation
from catalog.restore.emit import Target
from catalog.restore.planner import Planner
from catalog.snapshots import Snapshot

ARN = "arn:aws:{}:us-east-1:123456789012:{}"
NEVER_STORED = "(values are never stored by Cairn: take it from your deployment configuration)."
NEVER_READ = (
    "(never read by Cairn): take it from where it is kept or from the source region if it "
    "still answers."
)


def observed(uid: str, type_name: str, name: str, properties: dict[str, Any]) -> Observation:
    return Observation(uid, type_name, "123456789012", "us-east-1", name, {}, properties)


def container(environment: dict[str, Any]) -> dict[str, Any]:
    return {"name": "web", "image": "nginx:1", "secrets": [], "logConfiguration": None,
            **environment}  # fmt: skip


def variables(*observations: Observation) -> list[tuple[str, str, bool, str]]:
    snapshot = Snapshot(id="s", application="a", status="complete", trigger="test", started_at=0)
    pinned = [pinned_observation(o) for o in observations]
    plan = Planner(snapshot, pinned, Target(region="us-west-2")).build()
    return [(v.name, v.description, v.sensitive, v.purpose) for v in plan.variables]


def test_old_snapshots_and_names_only_crawls_ask_for_every_value_as_before():
    old = [
        observed(ARN.format("ecs", "task-definition/web:1"), TASK_DEFINITION, "web:1",
                 {"family": "web", "containerDefinitions": [
                     container({"environmentNames": ["DB_HOST"]})]}),
        observed(ARN.format("lambda", "function:worker"), FUNCTION, "worker",
                 {"FunctionName": "worker", "EnvironmentVariableNames": ["TOKEN"]}),
        observed(ARN.format("ssm", "parameter/app/host"), PARAMETER, "/app/host",
                 {"Name": "/app/host", "Type": "String"}),
        observed(ARN.format("ssm", "parameter/app/pw"), PARAMETER, "/app/pw",
                 {"Name": "/app/pw", "Type": "SecureString"}),
    ]  # fmt: skip
    expected = {
        ("web_web_db_host", f"Environment variable DB_HOST of container web {NEVER_STORED}",
         True, "secret_value"),
        ("worker_env_token", f"Environment variable TOKEN of function worker {NEVER_STORED}",
         True, "secret_value"),
        ("app_host_value", f"Value of String parameter /app/host {NEVER_READ}", False,
         "config_value"),
        ("app_pw_value", f"Value of SecureString parameter /app/pw {NEVER_READ}", True,
         "secret_value"),
    }  # fmt: skip
    assert expected <= set(variables(*old))

    # Names-only crawls hold the new shapes without values: restored the same way.
    names_only = [
        observed(old[0].uid, TASK_DEFINITION, "web:1",
                 {"family": "web", "containerDefinitions": [
                     container({"environment": [{"name": "DB_HOST"}]})]}),
        observed(old[1].uid, FUNCTION, "worker",
                 {"FunctionName": "worker", "Environment": [{"Name": "TOKEN"}]}),
        *old[2:],
    ]  # fmt: skip
    assert variables(*names_only) == variables(*old)
