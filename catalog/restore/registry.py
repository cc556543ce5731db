"""Every resource type the restore planner can write, gathered from its modules."""

from __future__ import annotations

from catalog.restore.aws import data, identity, network
from catalog.restore.emit import TerraformType

TERRAFORM_TYPES: dict[str, TerraformType] = {
    declared.cfn_type: declared for declared in (*network.TYPES, *identity.TYPES, *data.TYPES)
}
