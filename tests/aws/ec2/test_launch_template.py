"""AWS::EC2::LaunchTemplate from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import boto3

from catalog.aws.ec2 import SECURITY_GROUP, launch_template
from catalog.aws.iam import INSTANCE_PROFILE
from tests.aws.ec2 import test_vpc
from tests.aws.moto import REGION, tags
from tests.aws.roundtrip import roundtrip

DECLARATION = launch_template.TYPE
RECORDING = Path(__file__).with_name("launch_template.json")
IMAGE = "ami-12c6146b"  # one of moto's
USER_DATA = base64.b64encode(b"DB_PASSWORD=hunter2").decode()


def build() -> None:
    test_vpc.build()
    ec2 = boto3.client("ec2", region_name=REGION)
    [vpc] = ec2.describe_vpcs()["Vpcs"]
    group = ec2.create_security_group(
        GroupName="app-workers", Description="workers", VpcId=vpc["VpcId"]
    )["GroupId"]
    ec2.create_launch_template(
        LaunchTemplateName="app-workers",
        LaunchTemplateData={
            "ImageId": IMAGE,
            "InstanceType": "t3.small",
            "SecurityGroupIds": [group],
            # By name: the reference is to the profile's ARN all the same.
            "IamInstanceProfile": {"Name": "app-workers"},
            "UserData": USER_DATA,
        },
        TagSpecifications=[{"ResourceType": "launch-template", "Tags": tags("app-workers")}],
    )


def test_a_template_keeps_a_digest_of_its_user_data_and_refers_to_groups_and_profile():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert observed.name == "app-workers"
    data = observed.properties["LaunchTemplateData"]
    stored = json.dumps(observed.properties)
    assert "hunter2" not in stored and USER_DATA not in stored
    assert data["UserData"] == launch_template.user_data_digest(USER_DATA)
    [group_id] = data["SecurityGroupIds"]
    group = result.references()[launch_template.SECURITY_GROUPS.at(0)]
    assert (group.kind, group.target_type) == ("network", SECURITY_GROUP)
    assert group.target.endswith(f":{group_id}")
    profile = result.references()[launch_template.PROFILE.at()]
    assert (profile.kind, profile.target_type) == ("assumes", INSTANCE_PROFILE)
    assert profile.target == "arn:aws:iam::123456789012:instance-profile/app-workers"
    assert result.plan is None  # not restored yet
    result.assert_clean()
