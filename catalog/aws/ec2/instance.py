"""AWS::EC2::Instance: a virtual machine, where it runs and what it was launched from.

Restored from its image with its profile, groups, subnet and EBS volumes (new, empty
volumes of the same size, type and key: their data is not configuration). An
instance an Auto Scaling group launched is not restored by itself: its group
launches its replacements.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from catalog.aws.ec2 import (
    EC2_ARN,
    INSTANCE,
    LAUNCH_TEMPLATE,
    SECURITY_GROUP,
    SUBNET,
    described,
    instance_profile_arn,
)
from catalog.aws.ec2.launch import by_ids, ebs, image, image_expression, images, key_name
from catalog.aws.iam import INSTANCE_PROFILE
from catalog.aws.kms import encrypted_by
from catalog.aws.spec import Described, Ref, ResourceType, Scope, by_id, pages, tag_map
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block

GONE_STATES = {"terminated", "shutting-down"}
# The tag EC2 Auto Scaling sets on the instances it launches.
GROUP_TAG = "aws:autoscaling:groupName"

IN_SUBNET = Ref("SubnetId", SUBNET, "network", by_id)
SECURITY_GROUPS = Ref("SecurityGroupIds[*]", SECURITY_GROUP, "network", by_id)
LAUNCHED_FROM = Ref("LaunchTemplateId", LAUNCH_TEMPLATE, "launched-from", by_id)
PROFILE = Ref("IamInstanceProfile", INSTANCE_PROFILE, "assumes")
VOLUME_ENCRYPTION = encrypted_by("BlockDeviceMappings[*].Ebs.KmsKeyId")


def volumes(ec2: Any, instances: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The EBS volumes attached to the instances, by ID."""
    attached = (
        mapping["Ebs"]["VolumeId"]
        for instance in instances
        for mapping in instance.get("BlockDeviceMappings", ())
        if "Ebs" in mapping
    )
    return by_ids(ec2, "describe_volumes", "Volumes", "volume-id", attached)


def block_devices(
    instance: Mapping[str, Any], found: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Each attached EBS volume as a block device mapping: size, type, encryption, key."""
    mappings = []
    for mapping in instance.get("BlockDeviceMappings", ()):
        attached = mapping.get("Ebs") or {}
        volume = found.get(attached.get("VolumeId", ""), {})
        ebs_volume = {
            "VolumeId": attached.get("VolumeId"),
            "DeleteOnTermination": attached.get("DeleteOnTermination"),
            "VolumeSize": volume.get("Size"),
            "VolumeType": volume.get("VolumeType"),
            "Iops": volume.get("Iops")
            if volume.get("VolumeType") in ("io1", "io2", "gp3")
            else None,
            "Throughput": volume.get("Throughput"),
            "Encrypted": volume.get("Encrypted"),
            "KmsKeyId": volume.get("KmsKeyId"),
        }
        mappings.append({"DeviceName": mapping["DeviceName"], "Ebs": ebs_volume})
    return sorted(mappings, key=lambda mapping: mapping["DeviceName"])


def read(scope: Scope) -> Iterator[Described]:
    ec2 = scope.client("ec2")
    running = [
        instance
        for reservation in pages(ec2, "describe_instances", "Reservations")
        for instance in reservation.get("Instances", ())
        if instance.get("State", {}).get("Name") not in GONE_STATES
    ]
    found_images = images(ec2, (instance.get("ImageId") for instance in running))
    found_volumes = volumes(ec2, running)
    for instance in running:
        properties = {
            "InstanceType": instance.get("InstanceType"),
            "ImageId": instance.get("ImageId"),
            "Image": image(found_images, instance.get("ImageId")),
            "State": instance.get("State", {}).get("Name"),
            "SubnetId": instance.get("SubnetId"),
            "VpcId": instance.get("VpcId"),
            "AvailabilityZone": instance.get("Placement", {}).get("AvailabilityZone"),
            "PrivateIpAddress": instance.get("PrivateIpAddress"),
            "KeyName": instance.get("KeyName"),
            "SecurityGroupIds": sorted(
                group["GroupId"] for group in instance.get("SecurityGroups", ())
            ),
            "IamInstanceProfile": instance_profile_arn(scope, instance.get("IamInstanceProfile")),
            # The tag EC2 sets on what it launches from a template.
            "LaunchTemplateId": tag_map(instance.get("Tags")).get("aws:ec2launchtemplate:id"),
            "RootDeviceName": instance.get("RootDeviceName"),
            "BlockDeviceMappings": block_devices(instance, found_volumes),
        }
        yield described(scope, INSTANCE, instance["InstanceId"], instance, properties)


def launched_by_group(document: Mapping[str, Any]) -> str | None:
    """Why an instance is not restored by itself: an Auto Scaling group launched it."""
    group = document["tags"].get(GROUP_TAG)
    return f"launched by Auto Scaling group {group}, which relaunches it" if group else None


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    ami, lookups = image_expression(ctx, p.get("Image"))
    instance = ctx.resource(
        "aws_instance",
        {
            "ami": ami,
            "instance_type": p.get("InstanceType"),
            "subnet_id": ctx.ref(IN_SUBNET),
            "vpc_security_group_ids": ctx.refs(SECURITY_GROUPS) or None,
            "iam_instance_profile": ctx.ref(PROFILE, attribute="name"),
            "key_name": key_name(ctx, p.get("KeyName")),
            **ctx.tags(),
        },
        _volumes(ctx, p),
        adopt=p["Id"],
    )
    return [instance, *lookups]


def _volumes(ctx: Emit, p: Mapping[str, Any]) -> list[Block]:
    blocks = []
    for position, mapping in enumerate(p.get("BlockDeviceMappings", ())):
        arguments = ebs(ctx, mapping["Ebs"], VOLUME_ENCRYPTION, position)
        if mapping["DeviceName"] == p.get("RootDeviceName"):
            blocks.append(Block("root_block_device", (), arguments))
        else:
            named = {"device_name": mapping["DeviceName"], **arguments}
            blocks.append(Block("ebs_block_device", (), named))
    return blocks


TYPE = ResourceType(
    INSTANCE,
    "ec2",
    read,
    references=(IN_SUBNET, SECURITY_GROUPS, LAUNCHED_FROM, PROFILE, VOLUME_ENCRYPTION),
    iam_actions=("ec2:DescribeInstances", "ec2:DescribeImages", "ec2:DescribeVolumes"),
    terraform=TerraformType(
        "aws_instance",
        Stage.COMPUTE,
        emit,
        skip=launched_by_group,
        shapes=(
            StateShape(
                "aws_instance",
                schema_version=1,
                arn=EC2_ARN.format(kind="instance"),
                noun="instance",
            ),
        ),
        disposable={"disable_api_termination": False},
    ),
)
