"""AWS::EC2::Instance from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import LAUNCH_TEMPLATE, SECURITY_GROUP, SUBNET, instance, security_group
from catalog.aws.iam import INSTANCE_PROFILE, instance_profile
from catalog.aws.kms import KEY
from tests.aws.ec2 import test_launch_template, test_subnet, test_vpc
from tests.aws.kms import build_key
from tests.aws.moto import REGION, tags
from tests.aws.roundtrip import roundtrip

DECLARATION = instance.TYPE
WITH = [test_vpc.DECLARATION, test_subnet.DECLARATION, security_group.TYPE, instance_profile.TYPE]
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
        BlockDeviceMappings=[
            {"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 30, "VolumeType": "gp3"}},
            {
                "DeviceName": "/dev/sdf",
                "Ebs": {
                    "VolumeSize": 100,
                    "VolumeType": "gp3",
                    "Encrypted": True,
                    "KmsKeyId": build_key(),
                },
            },
        ],
        TagSpecifications=[{"ResourceType": "instance", "Tags": tags("app-bastion")}],
        MinCount=1,
        MaxCount=1,
    )
    boto3.client("autoscaling", region_name=REGION).create_auto_scaling_group(
        AutoScalingGroupName="app-workers",
        LaunchTemplate={"LaunchTemplateId": template},
        MinSize=1,
        MaxSize=1,
        VPCZoneIdentifier=subnet["SubnetId"],
    )


def test_an_instance_refers_to_its_subnet_groups_profile_template_and_volume_key():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = next(o for o in result.observations if o.name == "app-bastion")
    assert (observed.properties["State"], observed.properties["InstanceType"]) == (
        "running",
        "t3.micro",
    )
    assert observed.properties["Image"]["Name"] == test_launch_template.IMAGE_NAME
    root, data = observed.properties["BlockDeviceMappings"]
    assert (root["DeviceName"], root["Ebs"]["VolumeSize"]) == ("/dev/sda1", 30)
    assert (data["Ebs"]["VolumeSize"], data["Ebs"]["Encrypted"]) == (100, True)
    references = result.references(observed)
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
    key = references[instance.VOLUME_ENCRYPTION.at(1)]
    assert (key.kind, key.target_type, key.target) == ("encryption", KEY, data["Ebs"]["KmsKeyId"])
    hcl = result.hcl()
    assert 'resource "aws_instance" "app_bastion"' in hcl
    assert "ami                    = data.aws_ami.instance_app_bastion.id" in hcl
    assert "subnet_id              = aws_subnet.app_private_b.id" in hcl
    assert "vpc_security_group_ids = [aws_security_group.app_bastion.id]" in hcl
    assert "iam_instance_profile   = aws_iam_instance_profile.app_bastion.name" in hcl
    assert "root_block_device {\n    volume_size           = 30" in hcl
    assert 'device_name           = "/dev/sdf"' in hcl
    result.assert_clean()


def test_an_instance_its_auto_scaling_group_launched_is_left_to_the_group():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    launched = next(o for o in result.observations if "aws:autoscaling:groupName" in o.tags)
    assert result.plan is not None
    [skipped] = [item for item in result.plan.not_restored if item["uid"] == launched.uid]
    assert skipped["reason"] == "launched by Auto Scaling group app-workers, which relaunches it"
    assert result.hcl().count('resource "aws_instance"') == 1
