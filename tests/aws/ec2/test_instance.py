"""AWS::EC2::Instance from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import LAUNCH_TEMPLATE, SECURITY_GROUP, SUBNET, instance
from catalog.aws.iam import INSTANCE_PROFILE
from tests.aws.ec2 import test_launch_template, test_subnet
from tests.aws.moto import REGION, tags
from tests.aws.roundtrip import roundtrip

DECLARATION = instance.TYPE
RECORDING = Path(__file__).with_name("instance.json")


def build() -> None:
    test_subnet.build()
    ec2 = boto3.client("ec2", region_name=REGION)
    [vpc] = ec2.describe_vpcs()["Vpcs"]
    [subnet] = ec2.describe_subnets()["Subnets"]
    group = ec2.create_security_group(
        GroupName="app-bastion", Description="bastion", VpcId=vpc["VpcId"]
    )["GroupId"]
    iam = boto3.client("iam", region_name=REGION)
    profile = iam.create_instance_profile(InstanceProfileName="app-bastion")
    template = ec2.create_launch_template(
        LaunchTemplateName="app-bastion",
        LaunchTemplateData={"ImageId": test_launch_template.IMAGE, "InstanceType": "t3.micro"},
    )["LaunchTemplate"]["LaunchTemplateId"]
    ec2.run_instances(
        LaunchTemplate={"LaunchTemplateId": template},
        SubnetId=subnet["SubnetId"],
        SecurityGroupIds=[group],
        IamInstanceProfile={"Arn": profile["InstanceProfile"]["Arn"]},
        TagSpecifications=[{"ResourceType": "instance", "Tags": tags("app-bastion")}],
        MinCount=1,
        MaxCount=1,
    )


def test_an_instance_refers_to_its_subnet_groups_profile_and_template():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert observed.name == "app-bastion"
    assert (observed.properties["State"], observed.properties["InstanceType"]) == (
        "running",
        "t3.micro",
    )
    references = result.references()
    expected = {
        instance.IN_SUBNET.at(): ("network", SUBNET, observed.properties["SubnetId"]),
        instance.SECURITY_GROUPS.at(0): (
            "network",
            SECURITY_GROUP,
            observed.properties["SecurityGroupIds"][0],
        ),
        instance.LAUNCHED_FROM.at(): (
            "launched-from",
            LAUNCH_TEMPLATE,
            observed.properties["LaunchTemplateId"],
        ),
    }
    for field, (kind, target_type, target_id) in expected.items():
        found = references[field]
        assert (found.kind, found.target_type, found.target.rsplit(":", 1)[1]) == (
            kind,
            target_type,
            target_id,
        )
    profile = references[instance.PROFILE.at()]
    assert (profile.kind, profile.target_type) == ("assumes", INSTANCE_PROFILE)
    assert profile.target == "arn:aws:iam::123456789012:instance-profile/app-bastion"
    assert result.plan is None  # not restored yet
    result.assert_clean()
