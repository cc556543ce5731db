"""AWS::AutoScaling::AutoScalingGroup from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.autoscaling import auto_scaling_group
from catalog.aws.ec2 import LAUNCH_TEMPLATE, SUBNET
from catalog.aws.elbv2 import TARGET_GROUP
from tests.aws.ec2 import test_launch_template, test_vpc
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = auto_scaling_group.TYPE
RECORDING = Path(__file__).with_name("auto_scaling_group.json")


def build() -> None:
    test_vpc.build()
    ec2 = boto3.client("ec2", region_name=REGION)
    [vpc] = ec2.describe_vpcs()["Vpcs"]
    subnets = [
        ec2.create_subnet(
            VpcId=vpc["VpcId"], CidrBlock=f"10.0.{n}.0/24", AvailabilityZone=f"{REGION}{zone}"
        )["Subnet"]["SubnetId"]
        for n, zone in ((1, "a"), (2, "b"))
    ]
    template = ec2.create_launch_template(
        LaunchTemplateName="app-workers",
        LaunchTemplateData={"ImageId": test_launch_template.IMAGE, "InstanceType": "t3.small"},
    )["LaunchTemplate"]["LaunchTemplateId"]
    [target_group] = boto3.client("elbv2", region_name=REGION).create_target_group(
        Name="app-workers", Protocol="HTTP", Port=8080, VpcId=vpc["VpcId"]
    )["TargetGroups"]
    boto3.client("autoscaling", region_name=REGION).create_auto_scaling_group(
        AutoScalingGroupName="app-workers",
        LaunchTemplate={"LaunchTemplateId": template, "Version": "$Default"},
        MinSize=0,
        MaxSize=2,
        DesiredCapacity=0,
        # One string in the API: the crawl keeps a list, to refer to each subnet.
        VPCZoneIdentifier=",".join(subnets),
        TargetGroupARNs=[target_group["TargetGroupArn"]],
        Tags=[{"Key": "Project", "Value": "app-infra", "PropagateAtLaunch": True}],
    )


def test_a_group_refers_to_its_template_each_subnet_and_its_target_groups():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert observed.name == "app-workers"
    assert observed.uid.startswith("arn:aws:autoscaling:")
    assert observed.tags == {"Project": "app-infra"}
    references = result.references()
    template = references[auto_scaling_group.LAUNCHES.at()]
    assert (template.kind, template.target_type) == ("launches", LAUNCH_TEMPLATE)
    assert template.target.endswith(f":{observed.properties['LaunchTemplate']['LaunchTemplateId']}")
    subnets = observed.properties["VPCZoneIdentifier"]
    assert len(subnets) == 2
    for index, subnet_id in enumerate(subnets):
        subnet = references[auto_scaling_group.SUBNETS.at(index)]
        assert (subnet.kind, subnet.target_type) == ("network", SUBNET)
        assert subnet.target.endswith(f":{subnet_id}")
    [target_group_arn] = observed.properties["TargetGroupARNs"]
    target_group = references[auto_scaling_group.TARGET_GROUPS.at(0)]
    assert (target_group.kind, target_group.target_type, target_group.target) == (
        "traffic",
        TARGET_GROUP,
        target_group_arn,
    )
    assert result.plan is None  # not restored yet
    result.assert_clean()
