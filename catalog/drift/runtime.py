"""The application as it runs, in the provider's vocabulary: the restore planner's
blocks for a restore in place of the application at a time.

A restore in place adopts every resource that exists with the ID `terraform
import` knows it by; drift matches state resources by that same ID. So the
per-type Terraform knowledge lives once, in each type's declaration (catalog/aws/).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from catalog.aws.registry import TERRAFORM_TYPES
from catalog.aws.spec import id_in_uid
from catalog.aws.values import Named
from catalog.drift.shape import StateShape
from catalog.drift.values import Digested
from catalog.graph.store import GraphStore
from catalog.restore.emit import Target
from catalog.restore.hcl import Block, Expr, quote
from catalog.restore.planner import Planner, Variable
from catalog.restore.retarget import Retargeter
from catalog.restore.source import at_time
from catalog.snapshots import PinnedAsset, Snapshot

UNKNOWN_EXPRESSION = "null /* not known to the catalog */"
SHAPES: dict[str, StateShape] = {
    shape.resource: shape for declared in TERRAFORM_TYPES.values() for shape in declared.shapes
}
# A part's type (aws_iam_role_policy) -> the type of what it hangs off (aws_iam_role).
PARENTS: dict[str, str] = {
    shape.resource: declared.resource
    for declared in TERRAFORM_TYPES.values()
    for shape in declared.shapes
    if shape.parent is not None
}
CFN_TYPES: dict[str, str] = {
    declared.resource: name
    for name, declared in TERRAFORM_TYPES.items()
    if not declared.data_source
}


def shape(terraform_type: str) -> StateShape:
    return SHAPES.get(terraform_type) or StateShape(terraform_type)


@dataclass(eq=False)
class RuntimeBlock:
    """One resource block of an asset: the asset's own (`owner` None) or a part of it."""

    uid: str
    name: str  # the asset's name, for sentences
    region: str
    account: str
    block: Block
    key: str | None  # the import ID; None when a restore in place could not adopt it
    owner: RuntimeBlock | None = None

    @property
    def type(self) -> str:
        return self.block.labels[0]

    @property
    def address(self) -> str:
        return self.block.address

    @property
    def shape(self) -> StateShape:
        return shape(self.type)


@dataclass
class Runtime:
    application: str
    at: int
    account: str | None
    regions: list[str]
    blocks: list[RuntimeBlock]
    variables: dict[str, Any]
    unmapped: list[tuple[str, str]] = field(default_factory=list)  # (uid, type) no mapping
    # Every variable the blocks use, with what a user supplies for it (the patch declares them).
    declarations: dict[str, Variable] = field(default_factory=dict)


class _RuntimePlanner(Planner):
    """A planner whose references leaving the application are their values, where the
    reference says it (an ARN, the ID in an `aws:` uid), else unknown: never a guess."""

    def __init__(
        self,
        snapshot: Snapshot,
        pinned: list[PinnedAsset],
        target: Target,
        existing: dict[str, dict[str, Any]],
    ) -> None:
        super().__init__(snapshot, pinned, target, existing=existing)
        self.outside_types = {o.reference.target: o.target_type for o in snapshot.outside}

    def names(self, uid: str) -> list[Named]:
        """None: values are compared as they run, never rewritten to name resources."""
        return []

    def outside(self, source: str, field: str, target: str, attribute: str) -> Expr:
        declared = TERRAFORM_TYPES.get(self.outside_types.get(target) or "")
        by_arn = declared is not None and shape(declared.resource).id_attribute == "arn"
        if target.startswith("arn:") and (attribute == "arn" or (attribute == "id" and by_arn)):
            return Expr(quote(target))
        identifier = id_in_uid(target)
        if attribute == "id" and identifier is not None:
            return Expr(quote(identifier))
        return Expr(UNKNOWN_EXPRESSION)


def runtime(store: GraphStore, application: str, at: int) -> Runtime:
    """The application as the catalog saw it at `at`."""
    snapshot, pinned = at_time(store, application, at)
    return runtime_of(snapshot, pinned)


def runtime_of(snapshot: Snapshot, pinned: list[PinnedAsset]) -> Runtime:
    """Resources as a snapshot pins them, each as a restore in place writes it."""
    existing = {p.asset.uid: p.document["properties"] for p in pinned}
    planner = _RuntimePlanner(snapshot, pinned, Target(mode="in-place"), existing)
    # Values as they run: no ARN, account or region rewritten into expressions.
    planner.retarget = Retargeter({}, None, None)
    plan = planner.build()
    assets = {p.asset.uid: p.asset for p in pinned}
    blocks: list[RuntimeBlock] = []
    for resource in plan.resources:
        imports = dict(resource.imports)
        owner: RuntimeBlock | None = None
        for block in resource.blocks:
            if block.type != "resource":
                continue
            asset = assets[resource.uid]
            entry = RuntimeBlock(
                uid=resource.uid,
                name=asset.name or asset.uid,
                region=asset.region,
                account=asset.account,
                block=block,
                key=imports.get(block.address),
                owner=owner,
            )
            owner = owner or entry
            blocks.append(entry)
    # A variable without a default (a secret's or an environment value) stays unknown, but
    # for a secret kept as a digest: compared by it.
    variables = {v.name: v.default for v in plan.variables if v.default is not None}
    variables |= {v.name: Digested(v.digest) for v in plan.variables if v.digest}
    variables |= {"region": plan.source_region}
    accounts = sorted({p.asset.account for p in pinned if p.asset.account.isdigit()})
    return Runtime(
        application=snapshot.application,
        at=snapshot.at or snapshot.started_at,
        account=accounts[0] if accounts else None,
        regions=sorted({p.asset.region for p in pinned}),
        blocks=blocks,
        variables=variables,
        unmapped=[
            (p.asset.uid, p.asset.type) for p in pinned if p.asset.type not in TERRAFORM_TYPES
        ],
        declarations={v.name: v for v in plan.variables},
    )
