"""Restored KMS keys: whatever a customer key encrypts refers to the restored key, and
what an AWS-managed key encrypts falls back to the target service's own default key."""

from __future__ import annotations

import importlib
import re
from dataclasses import replace
from pathlib import Path

import pytest

from catalog.aws.ecr import REPOSITORY
from catalog.aws.ecs import TASK_DEFINITION
from catalog.aws.ecs.task_definition import IMAGE
from catalog.aws.kms import KEY
from catalog.aws.rds import DB_CLUSTER, ENCRYPTION
from catalog.aws.spec import ResourceType
from catalog.demo.declared_state import pinned_observation
from catalog.graph.traversal import Hop
from catalog.model import Observation, Reference
from catalog.restore.emit import Target
from catalog.restore.planner import Planner
from catalog.scope import OutsideReference
from catalog.snapshots import Snapshot
from tests.aws.recording import Recording, Replay

ACCOUNT = "123456789012"
REGION = "us-east-1"
TESTS = Path(__file__).parent / "aws"


def _encrypting_types() -> list[str]:
    """Every recorded type test whose type is restored and refers to a KMS key."""
    found = []
    for path in sorted(TESTS.glob("*/test_*.py")):
        module = importlib.import_module(
            ".".join(path.relative_to(TESTS.parent.parent).with_suffix("").parts)
        )
        declaration: ResourceType | None = getattr(module, "DECLARATION", None)
        if (
            declaration
            and declaration.terraform
            and any(r.target == KEY for r in declaration.references)
        ):
            found.append(module.__name__)
    return found


def _key(arn: str) -> Observation:
    """A customer key as the crawl keeps it, standing in for the one a recording names."""
    _, _, _, region, account, resource = arn.split(":", 5)
    key_id = resource.removeprefix("key/")
    properties = {"KeyId": key_id, "KeySpec": "SYMMETRIC_DEFAULT", "Enabled": True, "Aliases": []}
    return Observation(arn, KEY, account, region, key_id, properties=properties)


def _snapshot(outside: list[OutsideReference] | None = None) -> Snapshot:
    return Snapshot("s", "app", "complete", "test", 0, at=0, outside=outside or [])


@pytest.mark.parametrize("name", _encrypting_types())
def test_what_a_customer_key_encrypts_refers_to_the_restored_key(name):
    module = importlib.import_module(name)
    replay = Replay(Recording.load(module.RECORDING))
    observed = [
        o
        for t in (module.DECLARATION, *getattr(module, "WITH", ()))
        for o in replay.observations(t)
    ]
    keys = sorted({r.target for o in observed for r in o.references if r.target_type == KEY})
    if not keys:
        pytest.skip(f"{name} records nothing encrypted by a customer key")
    recorded = {o.uid for o in observed}
    stand_ins = [_key(key) for key in keys if key not in recorded]
    pinned = [pinned_observation(o) for o in [*observed, *stand_ins]]
    plan = Planner(_snapshot(), pinned, Target(region="eu-central-1")).build()
    addresses = {p.uid: p.address for p in plan.resources}
    hcl = "".join(text for file, text in plan.files.items() if file.endswith(".tf"))
    for key in keys:
        assert addresses[key].startswith("aws_kms_key.")
        assert f"{addresses[key]}.arn" in hcl, f"{name} does not refer to the restored {key}"
    # No variable stands for a key (a key pair's name, `<label>_key_name`, is no KMS key).
    assert not [
        v.name for v in plan.variables if "AWS::KMS::Key" in v.description or "kms_key_" in v.name
    ]


def _repository(key_arn: str) -> Observation:
    properties = {
        "repositoryName": "api",
        "imageTagMutability": "MUTABLE",
        "encryptionConfiguration": {"encryptionType": "KMS", "kmsKey": key_arn},
    }
    field = "encryptionConfiguration.kmsKey"
    return Observation(
        f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/api",
        REPOSITORY,
        ACCOUNT,
        REGION,
        "api",
        properties=properties,
        references=(Reference(field, key_arn, "encryption", KEY),),
    )


def _plan_with_key_outside(key_arn: str) -> tuple[str, list[str]]:
    repository = _repository(key_arn)
    hop = Hop(repository.uid, key_arn, "encryptionConfiguration.kmsKey", "encryption")
    snapshot = _snapshot([OutsideReference(hop, KEY, "not-crawled")])
    plan = Planner(
        snapshot, [pinned_observation(repository)], Target(region="eu-central-1")
    ).build()
    return plan.files["30-data.tf"], [v.name for v in plan.variables]


def test_an_aws_managed_key_leaves_the_target_service_its_default():
    # aws/ecr: a key of the repository's own account and region that the crawl never saw.
    hcl, variables = _plan_with_key_outside(f"arn:aws:kms:{REGION}:{ACCOUNT}:key/aws-managed")
    assert "kms_key" not in hcl
    assert 'encryption_type = "KMS"' in hcl
    assert variables == []


def test_a_key_of_another_account_is_an_input():
    hcl, variables = _plan_with_key_outside(f"arn:aws:kms:{REGION}:210987654321:key/shared")
    assert "kms_key         = var.kms_key_shared_arn" in hcl
    assert variables == ["kms_key_shared_arn"]


def test_the_runbook_copies_images_and_re_encrypts_snapshots_with_the_restored_key():
    key = _key(f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234")
    repository = _repository(key.uid)
    uri = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/api"
    repository = replace(repository, properties={**repository.properties, "repositoryUri": uri})
    digest = f"sha256:{'ab' * 32}"
    containers = [
        {"name": "api", "image": f"{uri}@{digest}"},
        {"name": "jobs", "image": f"{uri}:v42"},
    ]
    task = Observation(
        f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/app:1",
        TASK_DEFINITION,
        ACCOUNT,
        REGION,
        "app:1",
        properties={"family": "app", "containerDefinitions": containers},
        references=tuple(
            Reference(IMAGE.at(index), repository.uid, "image", REPOSITORY) for index in (0, 1)
        ),
    )
    pinned = [pinned_observation(o) for o in (key, repository, task)]
    runbook = (
        Planner(_snapshot(), pinned, Target(region="eu-central-1")).build().files["RUNBOOK.md"]
    )
    lines = runbook.splitlines()
    assert "## Keys and artifacts" in lines
    url = "$(terraform output -raw ecr_repository_api_repository_url)"
    key_arn = "$(terraform output -raw kms_key_r_1234_arn)"
    assert f"skopeo copy --all docker://{uri}@{digest} docker://{url}@{digest}" in lines
    assert f"docker tag {uri}:v42 {url}:v42" in lines
    assert f"docker push {url}:v42" in lines
    assert lines[lines.index(f"docker pull {uri}:v42") - 1].endswith(
        "--password-stdin $(terraform output -raw ecr_repository_api_repository_url | cut -d/ -f1)"
    )
    assert (
        "aws rds copy-db-snapshot --source-region us-east-1 --region eu-central-1 "
        "--source-db-snapshot-identifier SOURCE_SNAPSHOT_ARN "
        f"--target-db-snapshot-identifier NEW_NAME --kms-key-id {key_arn}"
    ) in lines
    assert any("aws\\_ecr\\_repository.api" in line for line in lines)  # what the key encrypts


def test_a_cluster_encrypted_by_the_restored_key_gets_its_snapshot_copied_under_it():
    """Aurora snapshots have no cross-region automated backups: the runbook copies the
    cluster's snapshot into the target region, under the restored key."""
    key = _key(f"arn:aws:kms:{REGION}:{ACCOUNT}:key/5678")
    cluster = Observation(
        f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:app-aurora",
        DB_CLUSTER,
        ACCOUNT,
        REGION,
        "app-aurora",
        properties={
            "DBClusterIdentifier": "app-aurora",
            "Engine": "aurora-postgresql",
            "StorageEncrypted": True,
            "KmsKeyId": key.uid,
        },
        references=(Reference(ENCRYPTION.path, key.uid, "encryption", KEY),),
    )
    pinned = [pinned_observation(o) for o in (key, cluster)]
    plan = Planner(_snapshot(), pinned, Target(region="eu-central-1")).build()
    lines = plan.files["RUNBOOK.md"].splitlines()
    assert (
        "aws rds copy-db-cluster-snapshot --source-region us-east-1 --region eu-central-1 "
        "--source-db-cluster-snapshot-identifier SOURCE_SNAPSHOT_ARN "
        "--target-db-cluster-snapshot-identifier NEW_NAME "
        "--kms-key-id $(terraform output -raw kms_key_r_5678_arn)"
    ) in lines
    assert re.search(r"kms_key_id += aws_kms_key\.r_5678\.arn\n", plan.files["30-data.tf"])
