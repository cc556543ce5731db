"""Every resource type the restore planner can write, gathered from its modules.

The crawl registry (catalog/aws/registry.py) is the one list of the types Cairn
knows; every type here must be one of them (tests/test_type_names.py checks it).
"""

from __future__ import annotations

from catalog.restore.aws import compute, data, dns, identity, network, traffic
from catalog.restore.emit import TerraformType

DECLARED: tuple[TerraformType, ...] = (
    *network.TYPES,
    *identity.TYPES,
    *data.TYPES,
    *compute.TYPES,
    *traffic.TYPES,
    *dns.TYPES,
)
TERRAFORM_TYPES: dict[str, TerraformType] = {declared.cfn_type: declared for declared in DECLARED}
