"""The codification patch: Terraform for what runs but is declared nowhere, so a console
hotfix can be committed before the next `terraform apply` reverts it.

- `codify.tf`: each part that only runs (an inline policy, a rule) as a resource of
  its own, with an `import` block, so the next plan adopts it instead of failing on
  "already exists"; it refers to its parent by the parent's address in the state.
- `update-existing.hcl`: for each changed resource, the arguments or blocks to write
  into its existing resource block (not a .tf file: the resource is already declared).
- `codify-variables.tf`: the sensitive variables the other two use, for what Cairn
  never writes into code (an environment value it never stores, a secret).

A value is written whole or not at all (patch_values.py): a secret or a value Cairn
never stores becomes a sensitive variable; an argument or nested block whose value
is not known is left out, and its resource's comment says what to write instead.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from catalog.drift.check import DriftReport
from catalog.drift.findings import Finding
from catalog.drift.patch_values import Unwritable, Values
from catalog.errors import CairnError
from catalog.restore.hcl import Block, Expr, render
from catalog.restore.naming import sanitize

CODIFY = "codify.tf"
UPDATES = "update-existing.hcl"
VARIABLES = "codify-variables.tf"


def write_patch(report: DriftReport, out: Path) -> list[str]:
    """Write the patch files of `report` into `out`; the names of the files written."""
    values = Values(report)
    files: dict[str, str] = {}
    new = [f for f in report.findings if f.kind == "runtime-only" and f.source]
    if new:
        files[CODIFY] = render(block for finding in new for block in _codified(values, finding))
    changed = [f for f in report.findings if f.kind == "changed" and f.source]
    if changed:
        files[UPDATES] = render(_updates(values, changed))
    if values.variables:
        files[VARIABLES] = render(values.declarations())
    _write(out, files)
    return sorted(files)


def _write(out: Path, files: dict[str, str]) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (out / name).write_text(text)
    except OSError as error:
        reason = error.strerror or str(error)
        raise CairnError(f"cannot write the patch into --out {out}: {reason}") from None


def _codified(values: Values, finding: Finding) -> list[Block]:
    source = finding.source
    assert source is not None
    block, left_out = _written(values, source.block)
    block.comment = "\n".join([finding.sentence, *left_out])
    if finding.action == "delete":
        # What deletes it (named in the sentence) must list it too, or apply still does.
        block.comment += "\nAlso name it where that resource or block owns them all."
    blocks = [block]
    if source.key is not None:
        blocks.append(Block("import", attributes={"to": Expr(source.address), "id": source.key}))
    return blocks


def _written(values: Values, block: Block) -> tuple[Block, list[str]]:
    """The block with each argument and nested block written whole, or left out (said
    in the lines returned)."""
    prefix = sanitize(block.labels[-1]) if block.labels else block.type
    attributes: dict[str, Any] = {}
    left_out: list[str] = []
    for key, value in block.attributes.items():
        try:
            attributes[key] = values.written(value, key, f"{prefix}_{key}")
        except Unwritable as why:
            left_out.append(f"{key} is left out: {why}; write it yourself.")
    nested: list[Block] = []
    for child in block.blocks:
        try:
            nested.append(_nested(values, child, prefix))
        except Unwritable as why:
            left_out.append(f"a {child.type} block is left out: {why}; write it yourself.")
    return Block(block.type, block.labels, attributes, nested), left_out


def _nested(values: Values, block: Block, prefix: str) -> Block:
    """A nested block is written whole or not at all: a block missing its value would
    set what runs to nothing."""
    where = f"{prefix}_{block.type}"
    return Block(
        block.type,
        block.labels,
        {key: values.written(v, key, f"{where}_{key}") for key, v in block.attributes.items()},
        [_nested(values, child, where) for child in block.blocks],
    )


def _updates(values: Values, changed: list[Finding]) -> list[Block]:
    by_address: dict[str, list[Finding]] = defaultdict(list)
    for finding in changed:
        by_address[finding.address].append(finding)
    return [_update(values, address, findings) for address, findings in sorted(by_address.items())]


def _update(values: Values, address: str, findings: list[Finding]) -> Block:
    """What to write into the resource at `address`: the arguments and nested blocks
    that differ, as they run."""
    source = findings[0].source
    assert source is not None
    wanted: dict[str, set[str] | None] = {}  # argument or block type -> elements (None: all)
    for finding in findings:
        name = re.split(r"[.\[]", finding.attribute or "", maxsplit=1)[0]
        element = re.match(r"^\w+\[([^]]+)\]", finding.attribute or "")
        if element is None:
            wanted[name] = None
        elif (elements := wanted.get(name, set())) is not None:
            wanted[name] = elements | {element.group(1)}
    selected = Block(
        source.block.type,
        source.block.labels,
        {key: value for key, value in source.block.attributes.items() if key in wanted},
        [child for child in source.block.blocks if _wanted(values, child, wanted)],
    )
    block, left_out = _written(values, selected)
    block.labels = (findings[0].resource_type, sanitize(address.rsplit(".", 1)[-1]))
    block.comment = "\n".join(
        [f"Write into {address} (already declared):"] + [f.sentence for f in findings] + left_out
    )
    return block


def _wanted(values: Values, child: Block, wanted: dict[str, set[str] | None]) -> bool:
    if child.type not in wanted:
        return False
    elements = wanted[child.type]
    return elements is None or values.evaluated(child.attributes.get("name")) in elements
