"""Checks generated Terraform against the real AWS provider schema (5.100.0).

The schema is `terraform providers schema -json` of hashicorp/aws 5.100.0, cut
down to the families Cairn writes (tests/data, from shared/terraform). It
knows every resource type, argument and block, which are required, which are
computed only and which are deprecated. It does not know ConflictsWith; only
`terraform validate` with the provider checks those.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import hcl2

SCHEMA = Path(__file__).parent / "data" / "aws-provider-5.100.0-schema.json"
META_ARGUMENTS = {"depends_on", "lifecycle", "count", "for_each", "provider"}


@cache
def resource_schemas() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text())["resource_schemas"]


def problems(files: dict[str, str]) -> list[str]:
    """Every place the .tf files disagree with the provider schema."""
    found: list[str] = []
    for name, text in sorted(files.items()):
        if not name.endswith(".tf"):
            continue
        for entry in hcl2.loads(text).get("resource", []):
            for quoted_type, named in entry.items():
                terraform_type = quoted_type.strip('"')
                schema = resource_schemas().get(terraform_type)
                if schema is None:
                    found.append(f"{name}: unknown resource type {terraform_type}")
                    continue
                for label, body in named.items():
                    where = f"{name}: {terraform_type}.{label.strip(chr(34))}"
                    found += _body(where, body, schema)
    return found


def _body(where: str, body: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    attributes, blocks = schema.get("attributes", {}), schema.get("blocks", {})
    found = []
    for key, value in body.items():
        if key == "__is_block__" or key in META_ARGUMENTS:
            continue
        if key in blocks:
            if not isinstance(value, list):
                found.append(f"{where}: {key} is a block, written as an argument")
                continue
            for item in value:
                found += _body(f"{where}.{key}", item, blocks[key]["block"])
        elif key not in attributes:
            found.append(f"{where}: unknown argument {key}")
        elif attributes[key]["flags"] == ["computed"]:
            found.append(f"{where}: {key} is computed only")
        elif "deprecated" in attributes[key]["flags"]:
            found.append(f"{where}: {key} is deprecated")
    for key, attribute in attributes.items():
        if "required" in attribute["flags"] and key not in body:
            found.append(f"{where}: required argument {key} missing")
    for key, block in blocks.items():
        if block.get("min", 0) > 0 and key not in body:
            found.append(f"{where}: required block {key} missing")
    return found
