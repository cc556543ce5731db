"""AWS::IAM::InstanceProfile from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from catalog.aws.iam import ROLE, instance_profile, role
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = instance_profile.TYPE
WITH = [role.TYPE]
RECORDING = Path(__file__).with_name("instance_profile.json")
EC2_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def build() -> None:
    iam = boto3.client("iam", region_name=REGION)
    iam.create_role(RoleName="app-instance", AssumeRolePolicyDocument=json.dumps(EC2_TRUST))
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
    contains = result.references()[instance_profile.ROLES.at(0)]
    assert (contains.target, contains.kind, contains.target_type) == (role_arn, "contains", ROLE)
    hcl = result.hcl()
    assert 'resource "aws_iam_instance_profile" "app_instance"' in hcl
    assert "role = aws_iam_role.app_instance.name" in hcl
    result.assert_clean()
