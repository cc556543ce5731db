"""AWS::SSM::Parameter from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.kms import KEY
from catalog.aws.ssm import parameter
from catalog.demo.declared_state import pinned_observation
from catalog.model import Reference
from catalog.restore.emit import Target
from catalog.restore.planner import Planner
from catalog.secrets import digest
from catalog.snapshots import Snapshot
from tests.aws.kms import build_key
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip
from tests.terraform_schema import problems

DECLARATION = parameter.TYPE
RECORDING = Path(__file__).with_name("parameter.json")
HOST = "app-db.cluster-abc.us-east-1.rds.amazonaws.com"
TOKEN = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"  # a GitHub token: secret by content
SECURE = "secure-value-never-recorded-3b7c"


def build() -> None:
    ssm = boto3.client("ssm", region_name=REGION)
    ssm.put_parameter(
        Name="/app/db/host",
        Description="database host",
        Type="String",
        Value=HOST,
        Tier="Standard",
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )
    ssm.put_parameter(Name="/app/ci/github", Type="String", Value=TOKEN)
    ssm.put_parameter(Name="/app/db/password", Type="SecureString", Value=SECURE, KeyId=build_key())


def test_plain_parameters_keep_their_values_unless_secret_and_secure_ones_become_variables():
    # The SecureString's value is never asked for, so never even recorded.
    assert SECURE not in RECORDING.read_text()
    result = roundtrip(DECLARATION, RECORDING)
    by_name = {observation.name: observation for observation in result.observations}
    host, github = by_name["/app/db/host"], by_name["/app/ci/github"]
    password = by_name["/app/db/password"]
    assert host.uid.endswith(":parameter/app/db/host")
    assert host.tags == {"Project": "app-infra"}
    assert host.properties["Type"] == "String"
    assert host.properties["Description"] == "database host"
    assert host.properties["Value"] == HOST
    assert host.references == ()
    assert "Value" not in github.properties
    assert github.properties["Secret"] == "content: GitHub Token"
    assert github.properties["ValueDigest"] == digest(TOKEN)
    assert TOKEN not in repr(github.properties)
    assert not {"Value", "Secret", "ValueDigest"} & password.properties.keys()
    key_arn = password.properties["KeyId"]
    assert password.references == (
        Reference(parameter.ENCRYPTION.path, key_arn, "encryption", KEY),
    )
    hcl = result.hcl()
    assert 'name        = "/app/db/host"' in hcl
    # Kept, and what names the source region rewritten.
    assert 'value       = "app-db.cluster-abc.${var.region}.rds.amazonaws.com"' in hcl
    assert "value = var.app_ci_github_value" in " ".join(hcl.split())
    assert TOKEN not in hcl
    assert "value     = var.app_db_password_value" in hcl
    assert "key_id    = var." in hcl  # the key is not in this plan: an input names it
    assert result.plan is not None
    variables = {v.name: v for v in result.plan.variables}
    assert "app_db_host_value" not in variables
    assert variables["app_ci_github_value"].sensitive
    assert variables["app_ci_github_value"].purpose == "secret_value"
    assert variables["app_db_password_value"].sensitive
    result.assert_clean()


def test_repaired_in_place_a_parameter_keeps_the_value_it_holds():
    observations = roundtrip(DECLARATION, RECORDING).observations
    pinned = [pinned_observation(o) for o in observations]
    existing = {p.asset.uid: p.document["properties"] for p in pinned}
    snapshot = Snapshot(id="s", application="a", status="complete", trigger="test", started_at=0)
    plan = Planner(snapshot, pinned, Target(mode="in-place"), existing=existing).build()
    hcl = "".join(text for name, text in sorted(plan.files.items()) if name.endswith(".tf"))
    assert hcl.count("ignore_changes = [value]") == 3
    assert "imports.tf" in plan.files
    assert problems(plan.files) == []
