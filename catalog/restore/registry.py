"""Every resource type the restore planner can write (transitional: see catalog/aws/)."""

from __future__ import annotations

from catalog.aws.registry import RESOURCE_TYPES
from catalog.restore.emit import TerraformType

# Every type is declared in catalog/aws/ now: nothing is left to the restore stages.
LEGACY: tuple[tuple[str, TerraformType], ...] = ()
TERRAFORM_TYPES: dict[str, TerraformType] = {
    **dict(LEGACY),
    **{t.name: t.terraform for t in RESOURCE_TYPES if t.terraform is not None},
}
