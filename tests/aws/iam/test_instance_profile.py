"""AWS::IAM::InstanceProfile from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from catalog.aws.iam import ROLE, instance_profile, role
from catalog.model import Reference
from tests.aws.iam import trust
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = instance_profile.TYPE
WITH = [role.TYPE]
RECORDING = Path(__file__).with_name("instance_profile.json")


def build() -> None:
    iam = boto3.client("iam", region_name=REGION)
    iam.create_role(
        RoleName="app-instance", AssumeRolePolicyDocument=json.dumps(trust("ec2.amazonaws.com"))
    )
    iam.create_instance_profile(
        InstanceProfileName="app-instance",
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )
    iam.add_role_to_instance_profile(InstanceProfileName="app-instance", RoleName="app-instance")


def test_an_instance_profile_contains_its_role_and_restores_naming_it():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert observed.region == "global" and observed.name == "app-instance"
    [role_arn] = observed.properties["Roles"]
    assert observed.references == (
        Reference(instance_profile.ROLES.at(0), role_arn, "contains", ROLE),
    )
    hcl = result.hcl()
    assert 'resource "aws_iam_instance_profile" "app_instance"' in hcl
    assert "role = aws_iam_role.app_instance.name" in hcl
    result.assert_clean()
