"""The drill's `drill_override.tf`: what a drill changes in a restore plan without
touching the plan's own files.

Terraform merges `*_override.tf` files into the blocks they name, so the plan stays
byte-identical to `cairn restore plan`'s and the drill's changes are one file to read:
- every aws provider (the default and each aliased one) tags what it creates
  `cairn:drill = <id>`, so a crawl finds whatever the drill left;
- against an emulator (AWS_ENDPOINT_URL) the providers skip what only real AWS answers
  (credential validation, the account id, the metadata endpoint) and address S3 by path;
- each resource gets the arguments its type declares `disposable` (no final snapshot, no
  recovery window, no deletion protection), so its destroy leaves nothing paid behind.
"""

from __future__ import annotations

import os
from typing import Any

from catalog.aws.registry import TERRAFORM_TYPES
from catalog.drill.tag import DRILL_TAG
from catalog.restore.hcl import Block, render
from catalog.restore.planner import RestorePlan, provider_alias

OVERRIDE_FILE = "drill_override.tf"
# What the AWS provider needs to talk to an emulator instead of AWS.
EMULATOR_SETTINGS: dict[str, Any] = {
    "skip_credentials_validation": True,
    "skip_requesting_account_id": True,
    "skip_metadata_api_check": True,
    "s3_use_path_style": True,
}
# Terraform resource type -> its disposable arguments, from each type's declaration.
DISPOSABLE = {
    terraform.resource: dict(terraform.disposable)
    for terraform in TERRAFORM_TYPES.values()
    if terraform.disposable
}


def drill_overrides(plan: RestorePlan, drill_id: str, emulator: bool | None = None) -> str:
    """The override file's text; `emulator` defaults to whether AWS_ENDPOINT_URL is set."""
    if emulator is None:
        emulator = bool(os.environ.get("AWS_ENDPOINT_URL"))
    return render([*_providers(plan, drill_id, emulator), *_disposable(plan)])


def _providers(plan: RestorePlan, drill_id: str, emulator: bool) -> list[Block]:
    settings = EMULATOR_SETTINGS if emulator else {}
    tags = Block("default_tags", attributes={"tags": {DRILL_TAG: drill_id}})
    aliases: list[dict[str, Any]] = [{}]
    aliases += [{"alias": provider_alias(region)} for region in plan.regions]
    return [Block("provider", ("aws",), {**alias, **settings}, blocks=[tags]) for alias in aliases]


def _disposable(plan: RestorePlan) -> list[Block]:
    return [
        Block("resource", block.labels[:2], DISPOSABLE[block.labels[0]])
        for resource in plan.resources
        for block in resource.blocks
        if block.type == "resource" and block.labels[0] in DISPOSABLE
    ]
