"""The codification patch: Terraform for what runs but is declared nowhere, so a console
hotfix can be committed before the next `terraform apply` reverts it.

- `codify.tf`: each part that only runs (an inline policy, a rule) as a resource of
  its own, with an `import` block, so the next plan adopts it instead of failing on
  "already exists"; it refers to its parent by the parent's address in the state.
- `update-existing.hcl`: for each changed resource, the arguments or blocks to write
  into its existing resource block (not a .tf file: the resource is already declared).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from catalog.drift.check import DriftReport
from catalog.drift.findings import Finding
from catalog.drift.values import REFERENCE, UNKNOWN, JsonDocument, Nested
from catalog.restore.hcl import Block, Expr, JsonEncode, render
from catalog.restore.naming import sanitize

CODIFY = "codify.tf"
UPDATES = "update-existing.hcl"


def write_patch(report: DriftReport, out: Path) -> list[str]:
    """Write the patch files of `report` into `out`; the names of the files written."""
    files: dict[str, str] = {}
    new = [f for f in report.findings if f.kind == "runtime-only" and f.source]
    if new:
        files[CODIFY] = render(block for finding in new for block in _codified(report, finding))
    changed = [f for f in report.findings if f.kind == "changed"]
    if changed:
        files[UPDATES] = render(_updates(changed))
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / name).write_text(text)
    return sorted(files)


def _codified(report: DriftReport, finding: Finding) -> list[Block]:
    source = finding.source
    assert source is not None
    block = _rewritten(report, source.block)
    block.comment = finding.sentence
    if finding.action == "delete":
        # What deletes it (named in the sentence) must list it too, or apply still does.
        block.comment += "\nAlso name it where that resource or block owns them all."
    blocks = [block]
    if source.key is not None:
        blocks.append(Block("import", attributes={"to": Expr(source.address), "id": source.key}))
    return blocks


def _rewritten(report: DriftReport, block: Block) -> Block:
    return Block(
        block.type,
        block.labels,
        {key: _expression(report, value) for key, value in block.attributes.items()},
        [_rewritten(report, nested) for nested in block.blocks],
    )


def _expression(report: DriftReport, value: Any) -> Any:
    """References to what the state manages point at its address there; any other
    expression becomes the value it has now."""
    if isinstance(value, Expr):
        match = REFERENCE.match(value.text)
        address = report.addresses.get(match.group(1)) if match else None
        if match and address and not address.startswith("module."):
            return Expr(f"{address}.{match.group(2)}")
        evaluated = report.evaluator.expression(value.text)
        return value if evaluated is UNKNOWN else _hcl(evaluated)
    if isinstance(value, JsonEncode):
        return JsonEncode(_expression(report, value.document))
    if isinstance(value, dict):
        return {key: _expression(report, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_expression(report, item) for item in value]
    return value


def _updates(changed: list[Finding]) -> list[Block]:
    by_address: dict[str, list[Finding]] = defaultdict(list)
    for finding in changed:
        by_address[finding.address].append(finding)
    blocks = []
    for address, findings in sorted(by_address.items()):
        attributes: dict[str, Any] = {}
        nested: list[Block] = []
        for finding in findings:
            name = re.split(r"[.\[]", finding.attribute or "", maxsplit=1)[0]
            element = re.match(r"^\w+\[([^]]+)\]", finding.attribute or "")
            if element and isinstance(finding.value, list):
                nested += [
                    Block(name, attributes=_hcl(item))
                    for item in finding.value
                    if isinstance(item, dict) and item.get("name") == element.group(1)
                ]
            elif isinstance(finding.value, list) and all(
                isinstance(i, Nested) for i in finding.value
            ):
                nested += [Block(name, attributes=_hcl(item)) for item in finding.value]
            else:
                attributes[name] = _hcl(finding.value)
        kind = findings[0].resource_type
        label = sanitize(address.rsplit(".", 1)[-1])
        comment = "\n".join(
            [f"Write into {address} (already declared):"] + [f.sentence for f in findings]
        )
        blocks.append(Block("resource", (kind, label), attributes, nested, comment))
    return blocks


def _hcl(value: Any) -> Any:
    """An evaluated value written back as Terraform; unknown parts left out."""
    if isinstance(value, JsonDocument):
        return JsonEncode(_hcl(value.document))
    if isinstance(value, dict):
        return {k: _hcl(v) for k, v in value.items() if v is not UNKNOWN}
    if isinstance(value, list):
        return [_hcl(v) for v in value if v is not UNKNOWN]
    return None if value is UNKNOWN else value
