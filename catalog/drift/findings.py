"""Findings: what differs, what the next `terraform apply` does to it, in one sentence."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from catalog.drift.compare import ABSENT, Difference
from catalog.drift.redaction import redacted
from catalog.drift.runtime import RuntimeBlock, shape
from catalog.drift.state import StateInstance
from catalog.drift.values import UNKNOWN


@dataclass(frozen=True)
class Finding:
    kind: str  # changed | runtime-only | unmanaged | missing
    action: str  # what the next apply does: update | delete | create | none
    uid: str | None
    address: str  # in the state; for what no state holds, as a restore would name it
    resource_type: str
    attribute: str | None
    declared: Any
    runtime: Any
    sentence: str
    # For the codification patch: the runtime block it is about.
    source: RuntimeBlock | None = field(default=None, repr=False, compare=False)

    def document(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "action": self.action,
            "uid": self.uid,
            "address": self.address,
            "resource_type": self.resource_type,
            "attribute": self.attribute,
            "declared": plain(self.declared),
            "runtime": plain(self.runtime),
            "sentence": self.sentence,
        }


def runs_only(block: RuntimeBlock, kind: str, action: str, sentence: str) -> Finding:
    """A finding about what runs and no state holds: known by its import ID, if any."""
    return Finding(
        kind=kind,
        action=action,
        uid=block.uid,
        address=block.address,
        resource_type=block.type,
        attribute=None,
        declared=None,
        runtime=block.key,
        sentence=sentence,
        source=block,
    )


def kind_of(terraform_type: str) -> str:
    return shape(terraform_type).noun or terraform_type.removeprefix("aws_").replace("_", " ")


def missing(instance: StateInstance, where: str, uid: str | None = None) -> Finding:
    subject = f"{kind_of(instance.type)} {instance.address}" + (f" {where}" if where else "")
    return Finding(
        kind="missing",
        action="create",
        uid=uid,
        address=instance.address,
        resource_type=instance.type,
        attribute=None,
        declared=redacted(instance.attributes.get("id"), "id"),
        runtime=None,
        sentence=f"{subject} no longer exists: the next terraform apply would create it again",
    )


def changed_sentence(difference: Difference, subject: str) -> str:
    what = difference.path
    if what.startswith("tags."):
        what = f"tag {what.removeprefix('tags.')}"
    if difference.element is not None:
        tail = difference.path.split("]", 1)[1].lstrip(".")
        what = difference.element if tail in ("", "value") else f"{tail} of {difference.element}"
    if difference.declared is ABSENT:
        return (
            f"the next terraform apply would remove {what} ({_shown(difference.runtime)} "
            f"running) from {subject}"
        )
    if difference.runtime is ABSENT:
        declared = _shown(difference.declared)
        return f"the next terraform apply would add {what} = {declared} to {subject}"
    return (
        f"the next terraform apply would set {what} of {subject} back to "
        f"{_shown(difference.declared)} ({_shown(difference.runtime)} running)"
    )


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return value
    text = repr(plain(value)) if not isinstance(value, dict | list) else _json(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _json(value: Any) -> str:
    return json.dumps(plain(value), sort_keys=True)


def plain(value: Any) -> Any:
    """JSON-ready: ABSENT and UNKNOWN become null."""
    if value is ABSENT or value is UNKNOWN:
        return None
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return getattr(value, "document", value)
