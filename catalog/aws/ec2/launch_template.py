"""AWS::EC2::LaunchTemplate: what an instance (or an Auto Scaling group's) starts from.

The crawl reads the template's default version, the one launches without a version
use. User data is configuration a rebuild needs: kept as text unless it holds a secret
(catalog/secrets.py) or is no text (compressed); then only its digest, and the restore
asks for it in a sensitive variable.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterator, Mapping
from typing import Any

from catalog.aws.ec2 import (
    EC2_ARN,
    LAUNCH_TEMPLATE,
    SECURITY_GROUP,
    SUBNET,
    described,
    instance_profile_arn,
)
from catalog.aws.ec2.launch import ebs, image, image_expression, images, key_name
from catalog.aws.iam import INSTANCE_PROFILE
from catalog.aws.kms import encrypted_by
from catalog.aws.spec import Described, Found, Ref, ResourceType, Scope, by_id, pages
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Purpose, Stage, TerraformType
from catalog.restore.hcl import Block, Expr, quote
from catalog.restore.renaming import NameScope, Naming
from catalog.secrets import text_verdict

NAME = Naming(NameScope.REGION, 128)


def profile_by_arn(found: Found) -> str | None:
    """The template's instance profile, which it may name by name instead of by ARN."""
    return instance_profile_arn(found.scope, found.value)


DATA = "LaunchTemplateData"
SECURITY_GROUPS = Ref(f"{DATA}.SecurityGroupIds[*]", SECURITY_GROUP, "network", by_id)
PROFILE = Ref(f"{DATA}.IamInstanceProfile", INSTANCE_PROFILE, "assumes", profile_by_arn)
INTERFACE_GROUPS = Ref(f"{DATA}.NetworkInterfaces[*].Groups[*]", SECURITY_GROUP, "network", by_id)
INTERFACE_SUBNET = Ref(f"{DATA}.NetworkInterfaces[*].SubnetId", SUBNET, "network", by_id)
VOLUME_ENCRYPTION = encrypted_by(f"{DATA}.BlockDeviceMappings[*].Ebs.KmsKeyId")
# The provider's arguments of a network interface and of metadata options, by the API's.
INTERFACE_ARGUMENTS = {
    "DeviceIndex": "device_index",
    "AssociatePublicIpAddress": "associate_public_ip_address",
    "DeleteOnTermination": "delete_on_termination",
    "Description": "description",
}
METADATA_ARGUMENTS = {
    "HttpEndpoint": "http_endpoint",
    "HttpTokens": "http_tokens",
    "HttpPutResponseHopLimit": "http_put_response_hop_limit",
    "HttpProtocolIpv6": "http_protocol_ipv6",
    "InstanceMetadataTags": "instance_metadata_tags",
}


def user_data_digest(user_data: str | None) -> str | None:
    """A digest of the user data as the API returns it (base64): it shows a change."""
    return hashlib.sha256(user_data.encode()).hexdigest() if user_data else None


def user_data_text(user_data: str | None) -> str | None:
    """The user data as text, unless it holds a secret or is no UTF-8 text."""
    if not user_data:
        return None
    try:
        text = base64.b64decode(user_data, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return None if text_verdict(text).secret else text


def default_version(ec2: Any, template: dict[str, Any]) -> dict[str, Any]:
    # Versions are per template: no call returns the data of several templates.
    [version] = ec2.describe_launch_template_versions(
        LaunchTemplateId=template["LaunchTemplateId"], Versions=["$Default"]
    )["LaunchTemplateVersions"]
    return version


def read(scope: Scope) -> Iterator[Described]:
    ec2 = scope.client("ec2")
    templates = list(pages(ec2, "describe_launch_templates", "LaunchTemplates"))
    versions = scope.map(lambda template: default_version(ec2, template), templates)
    found = images(ec2, (version.get(DATA, {}).get("ImageId") for version in versions))
    for template, version in zip(templates, versions, strict=True):
        data = dict(version.get(DATA, {}))
        encoded = data.pop("UserData", None)
        data["UserData"] = user_data_text(encoded)
        data["UserDataDigest"] = user_data_digest(encoded)
        data["SecurityGroupIds"] = sorted(data.get("SecurityGroupIds", ()))
        # What the template's launches are tagged with; moto copies the template's own
        # tags in too, which no launch can apply.
        data["TagSpecifications"] = [
            specification
            for specification in data.get("TagSpecifications", ())
            if specification.get("ResourceType") != "launch-template"
        ]
        properties = {
            "LaunchTemplateName": template["LaunchTemplateName"],
            "DefaultVersionNumber": template.get("DefaultVersionNumber"),
            "LatestVersionNumber": template.get("LatestVersionNumber"),
            "VersionNumber": version.get("VersionNumber"),
            DATA: data,
            "Image": image(found, data.get("ImageId")),
        }
        yield described(scope, LAUNCH_TEMPLATE, template["LaunchTemplateId"], template, properties)


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    data = p[DATA]
    image_id, lookups = image_expression(ctx, p.get("Image"))
    template = ctx.resource(
        "aws_launch_template",
        {
            "name": ctx.name(p["LaunchTemplateName"], NAME),
            "image_id": image_id,
            "instance_type": data.get("InstanceType"),
            "key_name": key_name(ctx, data.get("KeyName")),
            "vpc_security_group_ids": ctx.refs(SECURITY_GROUPS) or None,
            "user_data": user_data(ctx, data),
            "ebs_optimized": _flag(data.get("EbsOptimized")),
            **ctx.tags(),
        },
        [
            *_profile(ctx),
            *_interfaces(ctx, data),
            *_volumes(ctx, data),
            *_options(data),
            *_keep_user_data(ctx, data),
        ],
        adopt=p["Id"],
    )
    return [template, *lookups]


def user_data(ctx: Emit, data: Mapping[str, Any]) -> Expr | None:
    """The user data, base64-encoded as the template holds it; a sensitive variable where
    only its digest was kept (in place, the template keeps what it holds)."""
    if data.get("UserData"):
        text = ctx.value(f"{DATA}.UserData", data["UserData"])
        return Expr(f"base64encode({text.text if isinstance(text, Expr) else quote(text)})")
    if not data.get("UserDataDigest") or ctx.adopting:
        return None
    text = ctx.variable(
        "user_data",
        f"User data of launch template {ctx.asset.name}, as text (Cairn kept only its "
        f"digest, sha256 {data['UserDataDigest']} of the base64: it holds a secret or is "
        "no text). Take it from the source template version or your deployment code.",
        sensitive=True,
        purpose=Purpose.SECRET_VALUE,
    )
    return Expr(f"base64encode({text.text})")


def _keep_user_data(ctx: Emit, data: Mapping[str, Any]) -> list[Block]:
    """Adopted, a template whose user data only a digest stands for keeps it as it runs."""
    if ctx.adopting and data.get("UserDataDigest") and not data.get("UserData"):
        return [Block("lifecycle", attributes={"ignore_changes": Expr("[user_data]")})]
    return []


def _flag(value: bool | None) -> str | None:
    # The provider takes the template's booleans as strings ("true", "false", "").
    return None if value is None else str(value).lower()


def _profile(ctx: Emit) -> list[Block]:
    profile = ctx.ref(PROFILE, attribute="arn")
    return [Block("iam_instance_profile", (), {"arn": profile})] if profile else []


def _interfaces(ctx: Emit, data: Mapping[str, Any]) -> list[Block]:
    blocks = []
    for position, interface in enumerate(data.get("NetworkInterfaces", ())):
        arguments = {
            argument: _flag(value) if isinstance(value, bool) else value
            for name, argument in INTERFACE_ARGUMENTS.items()
            if (value := interface.get(name)) is not None
        }
        arguments["subnet_id"] = ctx.ref(INTERFACE_SUBNET, position)
        arguments["security_groups"] = ctx.refs(INTERFACE_GROUPS, position) or None
        blocks.append(Block("network_interfaces", (), arguments))
    return blocks


def _volumes(ctx: Emit, data: Mapping[str, Any]) -> list[Block]:
    blocks = []
    for position, mapping in enumerate(data.get("BlockDeviceMappings", ())):
        volume = mapping.get("Ebs")
        nested = [Block("ebs", (), _ebs(ctx, volume, position))] if volume else []
        blocks.append(
            Block("block_device_mappings", (), {"device_name": mapping["DeviceName"]}, nested)
        )
    return blocks


def _ebs(ctx: Emit, volume: Mapping[str, Any], position: int) -> dict[str, Any]:
    arguments = ebs(ctx, volume, VOLUME_ENCRYPTION, position)
    return {
        key: _flag(value) if key in ("encrypted", "delete_on_termination") else value
        for key, value in arguments.items()
    }


def _options(data: Mapping[str, Any]) -> list[Block]:
    metadata = data.get("MetadataOptions") or {}
    arguments = {
        argument: metadata[name]
        for name, argument in METADATA_ARGUMENTS.items()
        if name in metadata
    }
    tagged = [
        Block(
            "tag_specifications",
            (),
            {
                "resource_type": specification["ResourceType"],
                "tags": {tag["Key"]: tag["Value"] for tag in specification.get("Tags", ())},
            },
        )
        for specification in data.get("TagSpecifications", ())
    ]
    return [*([Block("metadata_options", (), arguments)] if arguments else []), *tagged]


TYPE = ResourceType(
    LAUNCH_TEMPLATE,
    "ec2",
    read,
    references=(SECURITY_GROUPS, PROFILE, INTERFACE_GROUPS, INTERFACE_SUBNET, VOLUME_ENCRYPTION),
    iam_actions=(
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:DescribeImages",
    ),
    terraform=TerraformType(
        "aws_launch_template",
        Stage.COMPUTE,
        emit,
        ("LaunchTemplateName",),
        shapes=(
            StateShape(
                "aws_launch_template",
                arn=EC2_ARN.format(kind="launch-template"),
                noun="launch template",
            ),
        ),
    ),
    values=("LaunchTemplateData.UserData",),
)
