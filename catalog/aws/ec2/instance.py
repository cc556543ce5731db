"""AWS::EC2::Instance: a virtual machine, where it runs and what it was launched from."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.ec2 import (
    INSTANCE,
    LAUNCH_TEMPLATE,
    SECURITY_GROUP,
    SUBNET,
    described,
    instance_profile_arn,
)
from catalog.aws.iam import INSTANCE_PROFILE
from catalog.aws.spec import Described, Ref, ResourceType, Scope, by_id, pages, tag_map

GONE_STATES = {"terminated", "shutting-down"}

IN_SUBNET = Ref("SubnetId", SUBNET, "network", by_id)
SECURITY_GROUPS = Ref("SecurityGroupIds[*]", SECURITY_GROUP, "network", by_id)
LAUNCHED_FROM = Ref("LaunchTemplateId", LAUNCH_TEMPLATE, "launched-from", by_id)
PROFILE = Ref("IamInstanceProfile", INSTANCE_PROFILE, "assumes")


def read(scope: Scope) -> Iterator[Described]:
    for reservation in pages(scope.client("ec2"), "describe_instances", "Reservations"):
        for instance in reservation.get("Instances", ()):
            if instance.get("State", {}).get("Name") in GONE_STATES:
                continue
            properties = {
                "InstanceType": instance.get("InstanceType"),
                "ImageId": instance.get("ImageId"),
                "State": instance.get("State", {}).get("Name"),
                "SubnetId": instance.get("SubnetId"),
                "VpcId": instance.get("VpcId"),
                "AvailabilityZone": instance.get("Placement", {}).get("AvailabilityZone"),
                "PrivateIpAddress": instance.get("PrivateIpAddress"),
                "KeyName": instance.get("KeyName"),
                "SecurityGroupIds": sorted(
                    group["GroupId"] for group in instance.get("SecurityGroups", ())
                ),
                "IamInstanceProfile": instance_profile_arn(
                    scope, instance.get("IamInstanceProfile")
                ),
                # The tag EC2 sets on what it launches from a template.
                "LaunchTemplateId": tag_map(instance.get("Tags")).get("aws:ec2launchtemplate:id"),
            }
            yield described(scope, INSTANCE, instance["InstanceId"], instance, properties)


TYPE = ResourceType(
    INSTANCE,
    "ec2",
    read,
    references=(IN_SUBNET, SECURITY_GROUPS, LAUNCHED_FROM, PROFILE),
    iam_actions=("ec2:DescribeInstances",),
)
