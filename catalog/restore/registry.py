"""Every resource type the restore planner can write (transitional: see catalog/aws/)."""

from __future__ import annotations

from catalog.aws.registry import RESOURCE_TYPES
from catalog.restore.aws import data
from catalog.restore.emit import TerraformType

LEGACY = (*data.TYPES,)
TERRAFORM_TYPES: dict[str, TerraformType] = {
    **dict(LEGACY),
    **{t.name: t.terraform for t in RESOURCE_TYPES if t.terraform is not None},
}
