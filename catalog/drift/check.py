"""Drift: an application as the catalog saw it, against the Terraform state declared for it.

State resources are matched to the application's resources by the ID `terraform
import` knows them by (see runtime.py). Four kinds of finding, each with what
the next `terraform apply` would do:
- changed: an attribute differs (apply sets it back: `update`);
- runtime-only: a part (an inline policy, a rule) runs that the state does not
  hold; apply deletes it only where the configuration owns them all (`delete`),
  otherwise leaves it alone but it is in no code (`none`);
- unmanaged: a resource of the application that no state resource manages (`none`);
- missing: a state resource that no longer exists (apply creates it again: `create`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from catalog.aws.spec import resource_uid
from catalog.clock import format_time, now_ms
from catalog.drift.compare import differences
from catalog.drift.findings import Finding, changed_sentence, kind_of, missing, runs_only
from catalog.drift.redaction import redacted_difference
from catalog.drift.runtime import CFN_TYPES, PARENTS, SHAPES, Runtime, RuntimeBlock, runtime, shape
from catalog.drift.state import StateInstance, TerraformState
from catalog.drift.values import UNKNOWN, Evaluator, Nested
from catalog.graph.store import GraphStore
from catalog.restore.planner import Variable


@dataclass
class DriftReport:
    application: str
    at: int
    state: TerraformState
    findings: list[Finding]
    matched: int  # state resources matched to the application's
    outside: list[str]  # state resources that exist outside the application, or never crawled
    not_compared: list[str]  # state resources of types Cairn has no Terraform knowledge of
    unmapped: list[str]  # the application's resources Cairn cannot write as Terraform yet
    evaluator: Evaluator = field(repr=False, default=None)  # type: ignore[assignment]
    addresses: dict[str, str] = field(repr=False, default_factory=dict)  # planned -> state
    variables: dict[str, Variable] = field(repr=False, default_factory=dict)  # for the patch

    @property
    def drifted(self) -> bool:
        return bool(self.findings)

    def document(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
        return {
            "application": self.application,
            "at": format_time(self.at),
            "tfstate": {
                "source": self.state.source,
                "terraform_version": self.state.terraform_version,
                "serial": self.state.serial,
                "lineage": self.state.lineage,
                "resources": len(self.state.instances),
            },
            "drift": self.drifted,
            "counts": counts,
            "matched": self.matched,
            "findings": [finding.document() for finding in self.findings],
            "outside_application": self.outside,
            "not_compared": self.not_compared,
            "not_mapped": self.unmapped,
        }


@dataclass
class _Declared:
    """catalog.restore.emit.Declared over a state and an optional configuration."""

    by_type: dict[str, list[StateInstance]]
    configuration: dict[str, dict[str, Any]] | None

    def instances(self, resource_type: str) -> list[tuple[str, dict[str, Any]]]:
        return [(i.address, i.attributes) for i in self.by_type.get(resource_type, ())]

    def configured(self, address: str) -> dict[str, Any] | None:
        if self.configuration is None:
            return None
        return self.configuration.get(address.split("[", 1)[0], {})


def check_drift(
    store: GraphStore,
    application: str,
    state: TerraformState,
    at: int | None = None,
    configuration: dict[str, dict[str, Any]] | None = None,
) -> DriftReport:
    """Compare `application` as the catalog saw it at `at` (default now) with `state`.

    `configuration`: the resource bodies of the Terraform configuration by address
    (`--tf-dir`), which settles what the state alone cannot (inline policy blocks)."""
    view = runtime(store, application, now_ms() if at is None else at)
    return Comparison(view, state, configuration).report(store)


class Comparison:
    """The application's blocks matched to state resources, and their values evaluated
    (a reference resolved through the state where it manages the target)."""

    def __init__(
        self,
        view: Runtime,
        state: TerraformState,
        configuration: dict[str, dict[str, Any]] | None,
    ) -> None:
        self.view = view
        self.state = state
        self.declared = _Declared(state.by_type(), configuration)
        index: dict[tuple[str, str], list[StateInstance]] = {}
        for instance in state.instances:
            key = shape(instance.type).key(instance.attributes)
            if key is not None:
                index.setdefault((instance.type, key), []).append(instance)
        self.matched: dict[str, StateInstance] = {}
        for block in view.blocks:
            found = _pick(block, index.get((block.type, block.key or ""), []))
            if found is not None:
                self.matched[block.address] = found
        self.blocks = {block.address: block for block in view.blocks}
        self.evaluator = Evaluator(self.lookup, view.variables)
        self._bodies: dict[str, Nested] = {}
        self._resolving: set[tuple[str, str]] = set()

    def lookup(self, address: str, attribute: str) -> Any:
        """Another resource's attribute: the state's where it manages it (the same
        resource, by ID), else what the catalog says of it."""
        instance = self.matched.get(address)
        if instance is not None:
            value = instance.attributes.get(attribute)
            return UNKNOWN if value is None else value
        block = self.blocks.get(address)
        if block is None or (address, attribute) in self._resolving:
            return UNKNOWN
        self._resolving.add((address, attribute))
        try:
            return self._own(block, attribute)
        finally:
            self._resolving.discard((address, attribute))

    def _own(self, block: RuntimeBlock, attribute: str) -> Any:
        if attribute == "id":
            if block.shape.id_attribute:
                return self.lookup(block.address, block.shape.id_attribute)
            return block.key if block.key is not None else UNKNOWN
        if attribute == "arn" and block.owner is None and block.uid.startswith("arn:"):
            return block.uid
        return self.body(block).get(attribute, UNKNOWN)

    def body(self, block: RuntimeBlock) -> Nested:
        if block.address not in self._bodies:
            self._bodies[block.address] = self.evaluator.body(block.block)
        return self._bodies[block.address]

    def report(self, store: GraphStore) -> DriftReport:
        gone, outside, not_compared = self._unmatched(store)
        return DriftReport(
            application=self.view.application,
            at=self.view.at,
            state=self.state,
            findings=self.runtime_findings() + gone,
            matched=len(self.matched),
            outside=outside,
            not_compared=not_compared,
            unmapped=[uid for uid, _ in self.view.unmapped],
            evaluator=self.evaluator,
            addresses={a: i.address for a, i in self.matched.items()},
            variables=self.view.declarations,
        )

    def runtime_findings(self) -> list[Finding]:
        """What differs for each block of the application: changed, or unmanaged."""
        findings: list[Finding] = []
        unmanaged: set[str] = set()
        for block in self.view.blocks:
            owner = block.owner
            if owner is not None and owner.address in unmanaged:
                continue
            instance = self.matched.get(block.address)
            if instance is not None:
                findings += self._changed(block, instance)
            elif owner is None:
                unmanaged.add(block.address)
                findings.append(self._unmanaged(block))
            elif not self._inline(block, owner):
                findings.append(self._runtime_only(block, owner))
        return findings

    def _changed(self, block: RuntimeBlock, instance: StateInstance) -> list[Finding]:
        body = self.body(block)
        declared, normalize = instance.attributes, block.shape.normalize
        ignored = block.shape.ignored
        found = [
            redacted_difference(d)
            for d in differences(body, normalize(declared) if normalize else declared)
            if re.sub(r"\[[^]]*\]", "", d.path) not in ignored
        ]
        return [
            Finding(
                kind="changed",
                action="update",
                uid=block.uid,
                address=instance.address,
                resource_type=block.type,
                attribute=d.path,
                declared=d.declared,
                runtime=d.runtime,
                sentence=changed_sentence(d, self._subject(block)),
                source=block,
            )
            for d in found
        ]

    def _inline(self, block: RuntimeBlock, owner: RuntimeBlock) -> bool:
        """Whether the owner's state holds parts like this one inline (not compared yet)."""
        attribute, parent = block.shape.inline, self.matched.get(owner.address)
        return bool(attribute and parent and parent.attributes.get(attribute))

    def _unmanaged(self, block: RuntimeBlock) -> Finding:
        subject = self._subject(block)
        sentence = f"no state resource manages {subject}: terraform apply leaves it alone"
        return runs_only(block, "unmanaged", "none", f"{sentence}, and no code declares it")

    def _runtime_only(self, block: RuntimeBlock, owner: RuntimeBlock) -> Finding:
        subject = self._subject(block)
        enforced = block.shape.enforced
        reason = enforced(owner.key, self.declared) if enforced and owner.key else None
        if reason:
            sentence = f"the next terraform apply would delete {subject} ({reason})"
            return runs_only(block, "runtime-only", "delete", sentence)
        sentence = f"{subject} runs but is in no state: terraform apply leaves it alone"
        return runs_only(block, "runtime-only", "none", f"{sentence}, and no code declares it")

    def _unmatched(self, store: GraphStore) -> tuple[list[Finding], list[str], list[str]]:
        """State resources no runtime block matched: gone, outside, or not compared."""
        matched = {id(instance) for instance in self.matched.values()}
        owners = {
            (block.type, block.key) for block in self.view.blocks if block.address in self.matched
        }
        gone: list[Finding] = []
        outside: list[str] = []
        not_compared: list[str] = []
        candidates: dict[str, StateInstance] = {}
        for instance in self.state.instances:
            if id(instance) in matched:
                continue
            declared = SHAPES.get(instance.type)
            if declared is None or declared.key(instance.attributes) is None:
                not_compared.append(instance.address)  # nothing to match it by
            elif declared.parent is not None:
                parent = (PARENTS[instance.type], instance.attributes.get(declared.parent))
                if parent in owners:
                    gone.append(missing(instance, f"of {kind_of(parent[0])} {parent[1]}"))
                else:
                    outside.append(instance.address)
            else:
                for uid in self._uids(instance):
                    candidates[uid] = instance
        known = {
            row["uid"]: row["live"]
            for row in store.read("drift_known_resources", uids=list(candidates), at=self.view.at)
        }
        seen: set[str] = set()
        for uid, instance in candidates.items():
            if instance.address in seen or uid not in known:
                continue
            seen.add(instance.address)
            if known[uid]:
                outside.append(instance.address)
            else:
                gone.append(missing(instance, "", uid))
        outside += [
            i.address
            for i in {id(i): i for i in candidates.values()}.values()
            if i.address not in seen
        ]
        return gone, sorted(outside), sorted(not_compared)

    def _uids(self, instance: StateInstance) -> list[str]:
        """The catalog uids a state resource may have: its ARN, or the `aws:` form."""
        attributes = instance.attributes
        uids = []
        if isinstance(attributes.get("arn"), str):
            uids += [attributes["arn"], attributes["arn"] + ":*"]
        cfn = CFN_TYPES.get(instance.type)
        if cfn and attributes.get("id") and self.view.account:
            uids += [
                resource_uid(self.view.account, region, cfn, attributes["id"])
                for region in self.view.regions
            ]
        return uids

    def _subject(self, block: RuntimeBlock) -> str:
        """`role app-task`, `inline policy hotfix-s3-read of role app-task`."""
        if block.owner is None:
            return f"{kind_of(block.type)} {block.name}"
        name = self.body(block).get("name")
        label = name if isinstance(name, str) else (block.key or block.block.labels[1])
        return f"{kind_of(block.type)} {label} of {self._subject(block.owner)}"


def _pick(block: RuntimeBlock, candidates: list[StateInstance]) -> StateInstance | None:
    """The state instance with the block's key, in its region where the key is only
    unique per region (a database identifier): one whose ARN names another region is
    another resource. Each instance matches once."""
    fitting = [c for c in candidates if _region(c) in ("", block.region)]
    if not fitting:
        return None
    chosen = next((c for c in fitting if _region(c) == block.region), fitting[0])
    candidates.remove(chosen)
    return chosen


def _region(instance: StateInstance) -> str:
    arn = instance.attributes.get("arn")
    parts = arn.split(":") if isinstance(arn, str) else []
    return parts[3] if len(parts) > 3 else ""
