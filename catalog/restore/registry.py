"""Every resource type the restore planner can write, gathered from its modules."""

from __future__ import annotations

from catalog.restore.aws import compute, data, dns, identity, network, traffic
from catalog.restore.emit import TerraformType

TERRAFORM_TYPES: dict[str, TerraformType] = {
    declared.cfn_type: declared
    for declared in (
        *network.TYPES,
        *identity.TYPES,
        *data.TYPES,
        *compute.TYPES,
        *traffic.TYPES,
        *dns.TYPES,
    )
}
