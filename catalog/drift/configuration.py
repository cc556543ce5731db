"""`--tf-dir`: the Terraform configuration behind a state, read for what a state cannot
say (whether a role declares `inline_policy` blocks, which makes the provider delete
every other inline policy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import hcl2

from catalog.errors import CairnError


def read_configuration(directory: Path) -> dict[str, dict[str, Any]]:
    """Every root-module resource body in DIR/*.tf, by address (`aws_iam_role.app_task`)."""
    if not directory.is_dir():
        raise CairnError(f"--tf-dir {directory} is not a directory")
    resources: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob("*.tf")):
        try:
            parsed = hcl2.loads(path.read_text(encoding="utf-8"))
        except Exception as error:  # the parser raises many kinds; all mean "not HCL"
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise CairnError(f"cannot parse {path}: {reason}") from None
        for entry in parsed.get("resource", []):
            for kind, named in entry.items():
                for label, body in named.items():
                    resources[f"{kind.strip(chr(34))}.{label.strip(chr(34))}"] = body
    return resources
