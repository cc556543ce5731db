"""What launch templates and instances share: the image, key pair and volumes they launch with.

An AMI is regional: its ID names nothing in another region. The crawl keeps each
image's name and owner beside its ID (one DescribeImages call per region for all the
images a type uses); a restore keeps the ID in the source region, elsewhere finds the
image by name and owner (`data "aws_ami"`), or, for an image without a name or that no
longer exists, asks for it (a variable of purpose `image`; the runbook says how to copy
it). A key pair is regional too: the plan asks for its name in another region.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from catalog.aws.spec import Ref, pages
from catalog.restore.emit import Emit, Purpose
from catalog.restore.hcl import Block, Expr
from catalog.restore.naming import sanitize

# A describe call's filter takes at most 200 values.
VALUES_PER_FILTER = 200
# The arguments of an EBS volume, in the provider's words, by the API's.
EBS_ARGUMENTS = {
    "VolumeSize": "volume_size",
    "VolumeType": "volume_type",
    "Iops": "iops",
    "Throughput": "throughput",
    "Encrypted": "encrypted",
    "DeleteOnTermination": "delete_on_termination",
}


def by_ids(
    ec2: Any, operation: str, key: str, filter_name: str, ids: Iterable[str | None]
) -> dict[str, dict[str, Any]]:
    """What a describe call returns for IDs another response named (images, volumes), by
    ID: one call per 200, not one per resource. By filter, not by an ID list, where one
    resource deleted since would fail the whole call; a deleted one is left out."""
    wanted = sorted({resource_id for resource_id in ids if resource_id})
    id_field = key.removesuffix("s") + "Id"  # Images -> ImageId
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), VALUES_PER_FILTER):
        filters = [{"Name": filter_name, "Values": wanted[start : start + VALUES_PER_FILTER]}]
        for item in pages(ec2, operation, key, Filters=filters):
            found[item[id_field]] = item
    return found


def images(ec2: Any, image_ids: Iterable[str | None]) -> dict[str, dict[str, Any]]:
    """Each image by ID; one that no longer exists is left out."""
    return by_ids(ec2, "describe_images", "Images", "image-id", image_ids)


def image(found: Mapping[str, Mapping[str, Any]], image_id: str | None) -> dict[str, Any] | None:
    """The `Image` property of what launches from `image_id`: its ID, name and owner, which
    find it in another region (name and owner None: it no longer exists)."""
    if not image_id:
        return None
    described = found.get(image_id, {})
    return {"ImageId": image_id, "Name": described.get("Name"), "OwnerId": described.get("OwnerId")}


def image_expression(
    ctx: Emit, image: Mapping[str, Any] | None
) -> tuple[str | Expr | None, list[Block]]:
    """The image to launch from in the plan's region, and the lookup that finds it there."""
    if not image or ctx.plan.stays_in_source_region():
        return (image or {}).get("ImageId"), []
    if image["Name"] and image["OwnerId"]:
        # Labelled by the whole address: a template and an instance may share a label.
        label = sanitize(ctx.address.removeprefix("aws_").replace(".", "_"))
        lookup = Block(
            "data",
            ("aws_ami", label),
            {"most_recent": True, "owners": [image["OwnerId"]]},
            [Block("filter", (), {"name": "name", "values": [image["Name"]]})],
        )
        return Expr(f"{lookup.address}.id"), [lookup]
    variable = ctx.variable(
        "image_id",
        f"ID of the AMI {ctx.asset.name} launches from, in the target region, in place of "
        f"{image['ImageId']}, which no longer exists (see the runbook).",
        purpose=Purpose.IMAGE,
    )
    return variable, []


def key_name(ctx: Emit, name: str | None) -> str | Expr | None:
    """The key pair, by name: the same in the source region, asked for elsewhere (the
    name by default: import its public key there with `aws ec2 import-key-pair`)."""
    if not name or ctx.plan.stays_in_source_region():
        return name
    return ctx.variable(
        "key_name",
        f"Key pair of {ctx.asset.name} in the target region (import the public key of "
        f"{name} there with `aws ec2 import-key-pair`).",
        default=name,
    )


def ebs(ctx: Emit, volume: Mapping[str, Any], encryption: Ref, *positions: int) -> dict[str, Any]:
    """An EBS volume's arguments; its key (`encryption` at `positions`) by reference."""
    arguments = {
        argument: volume.get(name)
        for name, argument in EBS_ARGUMENTS.items()
        if volume.get(name) is not None
    }
    key = ctx.ref(encryption, *positions, attribute="arn")
    return {**arguments, "kms_key_id": key} if key is not None else arguments
