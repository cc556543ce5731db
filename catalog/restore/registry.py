"""Every resource type the restore planner can write (transitional: see catalog/aws/)."""

from __future__ import annotations

from catalog.aws.registry import RESOURCE_TYPES
from catalog.restore.aws import data, dns, network, traffic
from catalog.restore.emit import TerraformType

LEGACY = (
    *network.TYPES,
    *data.TYPES,
    *traffic.TYPES,
    *dns.TYPES,
)
TERRAFORM_TYPES: dict[str, TerraformType] = {
    **dict(LEGACY),
    **{t.name: t.terraform for t in RESOURCE_TYPES if t.terraform is not None},
}
