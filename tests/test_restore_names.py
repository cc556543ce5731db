"""Which names a restore changes: only those the source still holds where it lands, each
within its length limit, and everything that names them follows."""

from __future__ import annotations

import json
from typing import Any

import pytest

from catalog.aws.elbv2 import TARGET_GROUP
from catalog.aws.iam import ROLE
from catalog.aws.kms import KEY
from catalog.aws.s3 import BUCKET
from catalog.aws.sqs import QUEUE
from catalog.demo.declared_state import pinned_observation
from catalog.errors import CairnError
from catalog.model import Observation
from catalog.restore.emit import Target
from catalog.restore.planner import Planner, RestorePlan
from catalog.snapshots import Snapshot
from tests.terraform_tools import arguments, assigned

ACCOUNT = "123456789012"
REGION = "us-east-1"
OTHER_REGION = "us-west-2"
TASK_ROLE = f"arn:aws:iam::{ACCOUNT}:role/app-task"
DEPLOY_ROLE = f"arn:aws:iam::{ACCOUNT}:role/app-deploy"
LONG_ROLE_NAME = "app-" + "r" * 60  # 64: IAM's longest
BUCKET_ARN = "arn:aws:s3:::app-files"
KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/k-1"
# Two target groups at the 32-character limit, alike but for their last character.
GROUP_NAMES = ("app-web-blue-green-canary-tg-001", "app-web-blue-green-canary-tg-002")


def trust(principal: dict[str, str]) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}],
    }


def statement(principal: str, action: str, resource: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": principal},
                "Action": action,
                "Resource": resource,
            }
        ],
    }


def role(arn: str, **properties: Any) -> Observation:
    name = arn.rsplit("/", 1)[-1]
    tasks = trust({"Service": "ecs-tasks.amazonaws.com"})
    defaults = {"RoleName": name, "Path": "/", "AssumeRolePolicyDocument": tasks}
    return Observation(arn, ROLE, ACCOUNT, "global", name, properties={**defaults, **properties})


def application() -> list[Observation]:
    """Roles (one at IAM's length limit), a bucket and a key whose policies name a role, a
    queue and two target groups at their length limit."""
    reads_files = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{BUCKET_ARN}/*"}],
    }
    policy = statement(TASK_ROLE, "s3:GetObject", f"{BUCKET_ARN}/*")
    return [
        role(
            TASK_ROLE,
            AssumeRolePolicyDocument=trust({"AWS": DEPLOY_ROLE}),
            Policies={"read-files": reads_files},
        ),
        role(DEPLOY_ROLE),
        role(f"arn:aws:iam::{ACCOUNT}:role/{LONG_ROLE_NAME}"),
        Observation(
            BUCKET_ARN,
            BUCKET,
            ACCOUNT,
            REGION,
            "app-files",
            properties={"BucketName": "app-files", "PolicyDocument": policy},
        ),
        Observation(
            KEY_ARN,
            KEY,
            ACCOUNT,
            REGION,
            "k-1",
            properties={
                "KeyId": "k-1",
                "KeySpec": "SYMMETRIC_DEFAULT",
                "Enabled": True,
                "Aliases": ["alias/app"],
                "Policy": statement(TASK_ROLE, "kms:Decrypt", "*"),
            },
        ),
        Observation(
            f"arn:aws:sqs:{REGION}:{ACCOUNT}:jobs",
            QUEUE,
            ACCOUNT,
            REGION,
            "jobs",
            properties={"QueueName": "jobs"},
        ),
        *(
            Observation(
                f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/{name}/{index}",
                TARGET_GROUP,
                ACCOUNT,
                REGION,
                name,
                properties={"TargetGroupName": name, "Port": 80, "Protocol": "HTTP"},
            )
            for index, name in enumerate(GROUP_NAMES)
        ),
    ]


def plan(target: Target, existing: dict[str, dict[str, Any]] | None = None) -> RestorePlan:
    snapshot = Snapshot("s", "app", "complete", "test", 0, at=0)
    pinned = [pinned_observation(o) for o in application()]
    return Planner(snapshot, pinned, target, existing=existing).build()


def renamed(restore: RestorePlan) -> dict[str, str]:
    return {r.source: r.restored for r in restore.renamed}


def test_into_another_region_of_the_account_iam_and_bucket_names_change_regional_ones_stay():
    restore = plan(Target(region=OTHER_REGION))
    assert renamed(restore) == {
        "app-task": "app-task-dr",
        "app-deploy": "app-deploy-dr",
        LONG_ROLE_NAME: renamed(restore)[LONG_ROLE_NAME],
        "app-files": "app-files-dr",
    }
    identity, data = restore.files["20-identity.tf"], restore.files["30-data.tf"]
    assert assigned(identity, "name", '"app-task-dr"')
    assert assigned(data, "bucket", '"app-files-dr"')
    assert assigned(data, "name", '"jobs"')
    traffic = restore.files["50-traffic.tf"]
    assert all(assigned(traffic, "name", f'"{name}"') for name in GROUP_NAMES)
    # plan.json says it, for a pipeline to tell whatever outside names them.
    document = json.loads(restore.files["plan.json"])
    assert document["target"]["name_suffix"] == "-dr"
    assert {
        "uid": TASK_ROLE,
        "type": ROLE,
        "source_name": "app-task",
        "restored_name": "app-task-dr",
    } in document["renamed"]
    # So does the runbook, in a section of its own.
    runbook = restore.files["RUNBOOK.md"]
    assert "## Renamed" in runbook
    assert "- `app-files` -> `app-files-dr` (AWS::S3::Bucket)" in runbook.splitlines()


def test_what_names_a_renamed_role_or_bucket_refers_to_the_restored_one():
    restore = plan(Target(region=OTHER_REGION))
    identity, data = restore.files["20-identity.tf"], restore.files["30-data.tf"]
    # A trust policy naming another role, a role policy naming the bucket, a bucket or key
    # policy naming a role: references, which follow the new names.
    key = identity[identity.index('resource "aws_kms_key"') :]
    assert "AWS = aws_iam_role.app_deploy.arn" in identity
    assert 'Resource = "${aws_s3_bucket.app_files.arn}/*"' in identity
    assert "AWS = aws_iam_role.app_task.arn" in data
    assert "AWS = aws_iam_role.app_task.arn" in key
    assert "app-files" not in identity and ":role/app-task" not in arguments(data + identity)
    # The key's alias is regional: in another region it keeps its name.
    assert assigned(key, "name", '"alias/app"')


def test_into_its_own_region_every_name_changes_within_its_limit_and_stays_unique():
    restore = plan(Target())
    names = renamed(restore)
    assert names["jobs"] == "jobs-dr"
    assert names["alias/app"] == "alias/app-dr"
    groups = [names[name] for name in GROUP_NAMES]
    assert all(len(name) <= 32 and name.endswith("-dr") for name in groups)
    assert len(set(groups)) == 2
    assert groups[0].startswith("app-web-blue-green")
    role_name = names[LONG_ROLE_NAME]
    assert len(role_name) <= 64 and role_name.endswith("-dr")


def test_into_another_account_only_worldwide_names_change():
    restore = plan(Target(region=OTHER_REGION, account="999999999999"))
    assert renamed(restore) == {"app-files": "app-files-dr"}


def test_in_place_adopts_every_name_as_it_is():
    existing = {o.uid: dict(o.properties) for o in application()}
    restore = plan(Target(mode="in-place"), existing)
    assert restore.renamed == []
    assert assigned(restore.files["20-identity.tf"], "name", '"app-task"')
    assert "## Renamed" not in restore.files["RUNBOOK.md"]


def test_a_suffix_of_ones_own_replaces_the_default_and_an_empty_one_keeps_every_name():
    assert renamed(plan(Target(region=OTHER_REGION, name_suffix="-b")))["app-task"] == "app-task-b"
    kept = plan(Target(name_suffix=""))
    assert kept.renamed == []
    assert assigned(kept.files["30-data.tf"], "name", '"jobs"')
    assert json.loads(kept.files["plan.json"])["renamed"] == []


def test_a_suffix_longer_than_a_name_allows_is_refused():
    with pytest.raises(CairnError, match="too long"):
        plan(Target(name_suffix="-" + "x" * 40))
