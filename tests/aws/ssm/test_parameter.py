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
from catalog.snapshots import Snapshot
from tests.aws.kms import build_key
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip
from tests.terraform_schema import problems

DECLARATION = parameter.TYPE
RECORDING = Path(__file__).with_name("parameter.json")
PLAIN = "plain-value-never-recorded-8d2e"
SECURE = "secure-value-never-recorded-3b7c"


def build() -> None:
    ssm = boto3.client("ssm", region_name=REGION)
    ssm.put_parameter(
        Name="/app/db/host",
        Description="database host",
        Type="String",
        Value=PLAIN,
        Tier="Standard",
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )
    ssm.put_parameter(Name="/app/db/password", Type="SecureString", Value=SECURE, KeyId=build_key())


def test_parameters_keep_metadata_only_and_their_values_become_variables():
    assert PLAIN not in RECORDING.read_text()
    assert SECURE not in RECORDING.read_text()
    result = roundtrip(DECLARATION, RECORDING)
    by_name = {observation.name: observation for observation in result.observations}
    host, password = by_name["/app/db/host"], by_name["/app/db/password"]
    assert host.uid.endswith(":parameter/app/db/host")
    assert host.tags == {"Project": "app-infra"}
    assert host.properties["Type"] == "String"
    assert host.properties["Description"] == "database host"
    assert "Value" not in host.properties
    assert host.references == ()
    key_arn = password.properties["KeyId"]
    assert password.references == (
        Reference(parameter.ENCRYPTION.path, key_arn, "encryption", KEY),
    )
    hcl = result.hcl()
    assert 'name        = "/app/db/host"' in hcl
    assert "value       = var.app_db_host_value" in hcl
    assert "value     = var.app_db_password_value" in hcl
    assert "key_id    = var." in hcl  # the key is not in this plan: an input names it
    assert result.plan is not None
    variables = {v.name: v for v in result.plan.variables}
    assert not variables["app_db_host_value"].sensitive
    assert variables["app_db_host_value"].default is None
    assert variables["app_db_password_value"].sensitive
    result.assert_clean()


def test_repaired_in_place_a_parameter_keeps_the_value_it_holds():
    observations = roundtrip(DECLARATION, RECORDING).observations
    pinned = [pinned_observation(o) for o in observations]
    existing = {p.asset.uid: p.document["properties"] for p in pinned}
    snapshot = Snapshot(id="s", application="a", status="complete", trigger="test", started_at=0)
    plan = Planner(snapshot, pinned, Target(mode="in-place"), existing=existing).build()
    hcl = "".join(text for name, text in sorted(plan.files.items()) if name.endswith(".tf"))
    assert hcl.count("ignore_changes = [value]") == 2
    assert "imports.tf" in plan.files
    assert problems(plan.files) == []
