"""From a snapshot's pinned subgraph to ordered Terraform files and plan.json.

The planner names every pinned resource first (so any emitter can refer to
any other), emits each through its type's declaration, orders them by stage
and, within a stage, by their references (a topological order), and renders
one file per stage. Same snapshot and options, byte-identical files.
"""

from __future__ import annotations

import heapq
import json
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from catalog.aws.kms import KEY
from catalog.aws.registry import NAMES, TERRAFORM_TYPES
from catalog.aws.spec import id_in_uid
from catalog.aws.values import Named, names_of
from catalog.clock import format_time
from catalog.errors import CairnError
from catalog.restore.emit import Emit, Purpose, Rewired, Stage, Target
from catalog.restore.hcl import Block, Expr, quote, render
from catalog.restore.naming import Names, sanitize
from catalog.restore.output import PLAN_DOCUMENT
from catalog.restore.renaming import Naming, Renamed, collides, suffixed
from catalog.restore.restore_point import DataSource, RestorePoint
from catalog.restore.retarget import Retargeter
from catalog.restore.runbook import output_blocks, render_runbook
from catalog.snapshots import PinnedAsset, Snapshot

PROVIDER_CONSTRAINT = ">= 5.0, < 7.0"
TERRAFORM_CONSTRAINT = ">= 1.5"
GLOBAL_ARN_PREFIXES = ("arn:aws:iam::aws:policy/",)  # AWS-managed: the same in every account


@dataclass(frozen=True)
class PlannedResource:
    uid: str
    type: str
    address: str
    stage: Stage
    depends_on: tuple[str, ...]  # addresses of the planned resources it refers to
    blocks: tuple[Block, ...] = field(repr=False, default=())
    imports: tuple[tuple[str, str], ...] = ()  # (address, import id) in place
    rewired: tuple[Rewired, ...] = ()  # values that named restored resources
    data: DataSource | None = None  # where the data of a database or table comes from


@dataclass(frozen=True)
class Variable:
    name: str
    description: str
    sensitive: bool = False
    default: Any = None  # None: the reviewer must set it
    type: str = "string"
    purpose: Purpose = Purpose.OUTSIDE_REFERENCE
    uid: str | None = None  # the resource it belongs to; None: the whole plan's
    # A secret Cairn keeps as a digest only: drift compares the state's value by it.
    digest: str | None = field(default=None, repr=False)


@dataclass
class RestorePlan:
    snapshot: Snapshot
    target: Target
    source_region: str | None
    resources: list[PlannedResource]
    variables: list[Variable]
    not_restored: list[dict[str, str]]
    sources: dict[str, PinnedAsset] = field(default_factory=dict, repr=False)
    uses_account: bool = False
    regions: list[str] = field(default_factory=list)  # other regions, each an aliased provider
    renamed: list[Renamed] = field(default_factory=list)  # names still taken where it lands
    files: dict[str, str] = field(default_factory=dict)

    def properties(self, uid: str) -> dict[str, Any]:
        """The pinned properties a resource was planned from."""
        return self.sources[uid].document["properties"]

    @property
    def restore_points(self) -> list[RestorePoint]:
        """Each restored database's and table's restore point, against the RPO."""
        rpo = self.snapshot.definition.get("rpo_minutes")
        return [
            RestorePoint(r.uid, r.address, r.data.method, r.data.time, rpo, r.data.command)
            for r in self.resources
            if r.data is not None
        ]


class Planner:
    def __init__(
        self,
        snapshot: Snapshot,
        pinned: list[PinnedAsset],
        target: Target,
        only: list[str] | None = None,
        existing: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        """`existing`: what exists now, by uid, with its properties now; a restore in
        place adopts it."""
        self.snapshot = snapshot
        self.target = target
        self.existing = existing or {}
        self.pinned = _selection(pinned, only) if only else sorted(pinned, key=_uid)
        self.source_region = source_region(snapshot, pinned)
        self.snapshot_time = format_time(snapshot.at) or ""
        self._addresses: dict[str, str] = {}
        self._labels: dict[str, str] = {}
        self._variables: dict[str, Variable] = {}
        self._skipped: dict[str, str] = {}  # uid -> why its type does not restore it
        self._regions: set[str] = set()  # other regions resources are restored into
        self._by_uid = {p.asset.uid: p for p in pinned}
        self._renamed: list[Renamed] = []
        self._name_all()
        self.source_account = _source_account(self.pinned)
        self.retarget = Retargeter(
            {
                uid: f"{address}.arn"
                for uid, address in self._addresses.items()
                if uid.startswith("arn:")
            },
            self.source_account,
            self.source_region,
        )
        self._outside_types = {
            item.reference.target: item.target_type or "" for item in snapshot.outside
        }
        self._not_crawled = {
            item.reference.target for item in snapshot.outside if item.reason == "not-crawled"
        }

    # -- what emitters ask (catalog.restore.emit.Plan) --

    def address(self, uid: str) -> str | None:
        return self._addresses.get(uid)

    def variable(
        self,
        name: str,
        description: str,
        *,
        sensitive: bool = False,
        default: Any = None,
        type: str = "string",
        purpose: Purpose = Purpose.OUTSIDE_REFERENCE,
        uid: str | None = None,
        digest: str | None = None,
    ) -> Expr:
        variable = Variable(name, description, sensitive, default, type, purpose, uid, digest)
        self._variables.setdefault(name, variable)
        return Expr(f"var.{name}")

    def properties(self, uid: str) -> dict[str, Any] | None:
        pinned = self._by_uid.get(uid)
        return pinned.document["properties"] if pinned else None

    def type_of(self, uid: str) -> str | None:
        pinned = self._by_uid.get(uid)
        return pinned.asset.type if pinned else None

    def names(self, uid: str) -> list[Named]:
        pinned = self._by_uid.get(uid)
        if pinned is None:
            return []
        return names_of(uid, pinned.document["properties"], NAMES.get(pinned.asset.type, ()))

    def stays_in_source_region(self) -> bool:
        return self.target.region in (None, self.source_region)

    def current(self, uid: str) -> dict[str, Any] | None:
        """In place, the properties now of a resource that still exists (it is imported,
        not created); None otherwise."""
        return self.existing.get(uid) if self.target.mode == "in-place" else None

    def outside(self, source: str, field: str, target: str, attribute: str) -> Expr | None:
        """A reference leaving the plan: an input variable the reviewer sets, never a
        silently copied ID (AWS-managed policy ARNs, the same everywhere, excepted).
        None (the argument left out) for an AWS-managed key: the target's service uses
        its own default key there."""
        if target.startswith(GLOBAL_ARN_PREFIXES):
            return Expr(quote(target))
        if self._aws_managed_key(source, target):
            return None
        kind = "_".join(self._outside_types.get(target, "").split("::")[1:]) or "resource"
        identifier = target.rsplit(":", 1)[-1].rsplit("/", 1)[-1]
        name = sanitize(f"{kind}_{identifier}_{attribute}")
        # In place the source is the target: what it referred to is still the right default.
        default = outside_value(target, attribute) if self.target.mode == "in-place" else None
        return self.variable(
            name,
            f"{attribute} of {target}, which {source} refers to by {field} (not restored)",
            default=default,
            uid=source,
        )

    def _aws_managed_key(self, source: str, target: str) -> bool:
        """Every customer key of a crawled region is crawled: a key of the referring
        resource's own account and region that never was is AWS-managed (aws/rds...)."""
        if self._outside_types.get(target) != KEY or target not in self._not_crawled:
            return False
        holder = self._by_uid[source].asset
        return target.split(":")[3:5] == [holder.region, holder.account]

    def provider(self, region: str) -> Expr:
        """An aliased provider for `region` (a KMS replica beside its primary)."""
        self._regions.add(region)
        return Expr(f"aws.{provider_alias(region)}")

    def zone(self, zone: str) -> str:
        if zone in self.target.az_map:
            return self.target.az_map[zone]
        region = self.target.region
        if region and self.source_region and zone.startswith(self.source_region):
            return region + zone[len(self.source_region) :]
        return zone

    def name(self, uid: str, name: str, naming: Naming, ending: str, region: str | None) -> str:
        """The restored name of `uid`'s `name`: suffixed if still taken where it lands (in
        `region`, else the plan's)."""
        asset = self._by_uid[uid].asset
        suffix = self.target.suffix
        taken = collides(
            naming.scope,
            in_place=self.target.mode == "in-place",
            same_account=self.target.account in (None, self.source_account),
            same_region=(region or self.target.region or self.source_region) == asset.region,
        )
        if not suffix or not taken:
            return name
        restored = suffixed(name, suffix, naming, ending)
        self._renamed.append(Renamed(uid, asset.type, name, restored))
        return restored

    # -- building --

    def build(self) -> RestorePlan:
        """The plan with its files rendered: what `cairn restore plan` writes."""
        plan = self.plan()
        plan.files = _files(plan)
        return plan

    def plan(self) -> RestorePlan:
        """What is restored, in which order and with which inputs, no file rendered yet:
        enough for readiness, which rendering would cost twice as much again."""
        emitted = [self._emit(p) for p in self.pinned if p.asset.uid in self._addresses]
        resources = [resource for resource in emitted if resource.blocks]
        not_restored = [
            {
                "uid": p.asset.uid,
                "type": p.asset.type,
                "reason": self._skipped.get(p.asset.uid, "no Terraform mapping yet"),
            }
            for p in self.pinned
            if p.asset.uid not in self._addresses
        ] + [
            {"uid": r.uid, "type": r.type, "reason": "owned by AWS (created with its parent)"}
            for r in emitted
            if not r.blocks
        ]
        return RestorePlan(
            snapshot=self.snapshot,
            target=self.target,
            source_region=self.source_region,
            resources=_ordered(resources),
            variables=[self._variables[name] for name in sorted(self._variables)],
            not_restored=sorted(not_restored, key=lambda item: item["uid"]),
            sources=self._by_uid,
            uses_account=self.retarget.uses_account,
            regions=sorted(self._regions),
            renamed=sorted(set(self._renamed), key=lambda r: (r.uid, r.source)),
        )

    def _name_all(self) -> None:
        names = Names()
        for pinned in self.pinned:
            declared = TERRAFORM_TYPES.get(pinned.asset.type)
            if declared is None:
                continue
            # Unnamed, what refers to it gets an input variable, as for any reference
            # leaving the plan.
            reason = declared.skip(pinned.document) if declared.skip else None
            if reason:
                self._skipped[pinned.asset.uid] = reason
                continue
            label = names.claim(declared.resource, _wanted_name(pinned, declared.name_from))
            self._labels[pinned.asset.uid] = label
            properties = pinned.document["properties"]
            self._addresses[pinned.asset.uid] = declared.address(label, properties)

    def _emit(self, pinned: PinnedAsset) -> PlannedResource:
        declared = TERRAFORM_TYPES[pinned.asset.type]
        uid = pinned.asset.uid
        context = Emit(self, pinned, declared, self._labels[uid])
        blocks = declared.emit(context)
        if blocks:
            blocks[0].comment = f"{pinned.asset.type} {uid}"
        depends = sorted(
            {
                self._addresses[hop.target]
                for hop in pinned.asset.references
                if hop.target in self._addresses
            }
            - {self._addresses[uid]}
        )
        return PlannedResource(
            uid,
            pinned.asset.type,
            self._addresses[uid],
            declared.stage,
            tuple(depends),
            tuple(blocks),
            tuple(context.imports),
            tuple(context.rewired),
            context.data_source,
        )


# How `outside` describes the reference a variable stands for: what a pipeline (a drill)
# reads back to fill it where the referred resource still is.
OUTSIDE_DESCRIPTION = re.compile(r"^(?P<attribute>\w+) of (?P<target>\S+), which ")


def outside_value(target: str, attribute: str) -> str:
    """The value of `attribute` of the resource `target` (a uid) where it still exists:
    its ARN, or its ID."""
    return (attribute != "arn" and id_in_uid(target)) or target


def outside_reference(description: str) -> tuple[str, str] | None:
    """(target uid, attribute) of an outside reference's variable, by its description."""
    match = OUTSIDE_DESCRIPTION.match(description)
    return (match["target"], match["attribute"]) if match else None


def _uid(pinned: PinnedAsset) -> str:
    return pinned.asset.uid


def _wanted_name(pinned: PinnedAsset, name_from: tuple[str, ...]) -> str:
    tags = pinned.document["tags"]
    if tags.get("Name"):
        return str(tags["Name"])
    for key in name_from:
        if pinned.document["properties"].get(key):
            return str(pinned.document["properties"][key])
    return pinned.asset.name or pinned.asset.uid.rsplit(":", 1)[-1].rsplit("/", 1)[-1]


def _source_account(pinned: list[PinnedAsset]) -> str | None:
    accounts = Counter(p.asset.account for p in pinned if p.asset.account.isdigit())
    return accounts.most_common(1)[0][0] if accounts else None


def source_region(snapshot: Snapshot, pinned: list[PinnedAsset]) -> str | None:
    """Where the application ran: the region most of its resources are in (all of them,
    not only a selection: one role restores into the application's region), or the
    region its definition names when it has no regional resource."""
    regions = Counter(p.asset.region for p in pinned if p.asset.region != "global")
    if regions:
        return regions.most_common(1)[0][0]
    defined = snapshot.definition.get("regions") or []
    return defined[0] if len(defined) == 1 else None


def _selection(pinned: list[PinnedAsset], only: list[str]) -> list[PinnedAsset]:
    """The asked resources plus everything they refer to inside the snapshot."""
    by_uid = {p.asset.uid: p for p in pinned}
    unknown = sorted(set(only) - by_uid.keys())
    if unknown:
        raise CairnError(f"not in the snapshot: {', '.join(unknown)}")
    chosen: set[str] = set()
    frontier = list(only)
    while frontier:
        uid = frontier.pop()
        if uid in chosen:
            continue
        chosen.add(uid)
        frontier += [hop.target for hop in by_uid[uid].asset.references if hop.target in by_uid]
    return [by_uid[uid] for uid in sorted(chosen)]


def _ordered(resources: list[PlannedResource]) -> list[PlannedResource]:
    """By stage, then dependencies before dependents, ties by address: deterministic.

    Kahn's algorithm on a heap, so it stays O(n log n) for large applications.
    """
    by_address = {r.address: r for r in resources}
    waiting = {r.address: {d for d in r.depends_on if d in by_address} for r in resources}
    dependents: dict[str, list[str]] = defaultdict(list)
    for address, dependencies in waiting.items():
        for dependency in dependencies:
            dependents[dependency].append(address)
    ready = [(by_address[a].stage, a) for a, dependencies in waiting.items() if not dependencies]
    heapq.heapify(ready)
    done: set[str] = set()
    ordered: list[PlannedResource] = []
    while len(ordered) < len(resources):
        if not ready:
            # A reference cycle (rare: rules are separate resources): break it at the first.
            ready.append(min((by_address[a].stage, a) for a in waiting if a not in done))
        _, address = heapq.heappop(ready)
        if address in done:
            continue
        done.add(address)
        ordered.append(by_address[address])
        for dependent in dependents[address]:
            waiting[dependent].discard(address)
            if not waiting[dependent] and dependent not in done:
                heapq.heappush(ready, (by_address[dependent].stage, dependent))
    return sorted(ordered, key=lambda r: r.stage)  # stable: keeps the order inside a stage


def _files(plan: RestorePlan) -> dict[str, str]:
    files = {
        "versions.tf": render([_versions()]),
        "providers.tf": render(_providers(plan)),
        "variables.tf": render(_variables(plan)),
    }
    for stage in Stage:
        blocks = [block for r in plan.resources if r.stage == stage for block in r.blocks]
        if blocks:
            files[stage.file] = render(blocks)
    if imports := [i for r in plan.resources for i in r.imports]:
        files["imports.tf"] = render(
            Block("import", attributes={"to": Expr(address), "id": identifier})
            for address, identifier in imports
        )
    if gate_values := output_blocks(plan):
        files["outputs.tf"] = render(gate_values)
    files["RUNBOOK.md"] = render_runbook(plan)
    plan.files = files  # plan.json lists them (and itself): what --force may remove
    files[PLAN_DOCUMENT] = json.dumps(plan_document(plan), indent=2, sort_keys=False) + "\n"
    return files


def provider_alias(region: str) -> str:
    return sanitize(region)


def _versions() -> Block:
    providers = Block(
        "required_providers",
        attributes={"aws": {"source": "hashicorp/aws", "version": PROVIDER_CONSTRAINT}},
    )
    return Block(
        "terraform", attributes={"required_version": TERRAFORM_CONSTRAINT}, blocks=[providers]
    )


def _providers(plan: RestorePlan) -> list[Block]:
    attributes: dict[str, Any] = {"region": Expr("var.region")}
    if plan.target.account:
        attributes["allowed_account_ids"] = [Expr("var.account_id")]
    blocks = [Block("provider", ("aws",), attributes)]
    blocks += [
        Block(
            "provider", ("aws",), {"alias": provider_alias(region), **attributes, "region": region}
        )
        for region in plan.regions
    ]
    if plan.uses_account:
        # Policies name the account they live in: the one this plan is applied to.
        blocks.append(Block("data", ("aws_caller_identity", "current")))
    return blocks


def _variables(plan: RestorePlan) -> list[Block]:
    blocks = [
        Block(
            "variable",
            ("region",),
            {
                "description": "Region to restore into.",
                "type": Expr("string"),
                "default": plan.target.region or plan.source_region,
            },
        ),
    ]
    if plan.target.account:
        blocks.append(
            Block(
                "variable",
                ("account_id",),
                {
                    "description": "The only account this plan may apply to.",
                    "type": Expr("string"),
                    "default": plan.target.account,
                },
            )
        )
    for variable in plan.variables:
        attributes: dict[str, Any] = {
            "description": variable.description,
            "type": Expr(variable.type),
        }
        if variable.default is not None:
            attributes["default"] = variable.default
        if variable.sensitive:
            attributes["sensitive"] = True
        blocks.append(Block("variable", (variable.name,), attributes))
    return blocks


def plan_document(plan: RestorePlan) -> dict[str, Any]:
    return {
        "snapshot": plan.snapshot.id,
        "application": plan.snapshot.application,
        "source_region": plan.source_region,
        "target": {
            "region": plan.target.region or plan.source_region,
            "account": plan.target.account,
            "name_suffix": plan.target.suffix,
        },
        "stages": [
            {
                "stage": stage.label,
                "file": stage.file,
                "resources": [
                    {
                        "uid": r.uid,
                        "type": r.type,
                        "address": r.address,
                        "depends_on": list(r.depends_on),
                        # Every block written for it: the resource and its rules, policies...
                        "blocks": [b.address for b in r.blocks],
                        "imports": [{"to": a, "id": i} for a, i in r.imports],
                    }
                    for r in plan.resources
                    if r.stage == stage
                ],
            }
            for stage in Stage
            if any(r.stage == stage for r in plan.resources)
        ],
        "variables": [
            {
                "name": v.name,
                "description": v.description,
                "sensitive": v.sensitive,
                "default": v.default,  # null: the reviewer must set it
                "purpose": v.purpose,
                "uid": v.uid,
            }
            for v in plan.variables
        ],
        "not_restored": plan.not_restored,
        # Values that named the source's resources, written to name the restored ones.
        "rewired": [
            {"uid": r.uid, "address": r.address, **asdict(rewired)}
            for r in plan.resources
            for rewired in r.rewired
        ],
        "restore_points": [asdict(point) for point in plan.restore_points],
        # Names changed because the source still holds them where the plan lands: whatever
        # outside the application names them must be told (the runbook lists them too).
        "renamed": [
            {"uid": r.uid, "type": r.type, "source_name": r.source, "restored_name": r.restored}
            for r in plan.renamed
        ],
        "files": sorted({*plan.files, PLAN_DOCUMENT}),
    }
