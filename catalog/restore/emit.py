"""What a resource type's Terraform emitter works with.

Each CloudFormation type's declaration (catalog/aws/) says which Terraform
resource it becomes, in which stage, and how: its `emit` function receives an
`Emit` for one pinned asset and returns blocks. References between pinned
resources are always Terraform expressions (`ctx.ref(VPC_ID)`, by the type's own
reference declaration); a reference that leaves the plan becomes an input
variable, listed in the runbook.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from catalog.aws.values import KIND as NAMED_IN_VALUE
from catalog.aws.values import NameIndex
from catalog.drift.shape import StateShape
from catalog.restore.hcl import Block, Expr, JsonEncode
from catalog.restore.naming import sanitize
from catalog.restore.renaming import DEFAULT_SUFFIX, Naming
from catalog.restore.restore_point import DataSource
from catalog.restore.retarget import Retargeter, interpolate

if TYPE_CHECKING:
    from catalog.aws.spec import Ref
    from catalog.aws.values import Named
    from catalog.snapshots import PinnedAsset


class Stage(IntEnum):
    """Restore order; also the file each stage is written to (10-network.tf...)."""

    NETWORK = 10
    IDENTITY = 20
    DATA = 30
    COMPUTE = 40
    TRAFFIC = 50
    DNS = 60

    @property
    def label(self) -> str:
        """How people and the API name it: network, identity, ... dns."""
        return self.name.lower()

    @property
    def file(self) -> str:
        return f"{self.value}-{self.label}.tf"


class Purpose(StrEnum):
    """What a variable asks the reviewer for, so a DR pipeline can fill it by kind."""

    OUTSIDE_REFERENCE = "outside_reference"  # a resource the plan leaves out
    IMAGE = "image"  # an AMI in the target region
    ARTIFACT = "artifact"  # a deployment package or container image
    DATABASE_SNAPSHOT = "database_snapshot"  # a snapshot copied into the target region
    DATABASE_SOURCE = "database_source"  # the instance or cluster whose backups restore it
    TABLE_SOURCE = "table_source"  # the table whose point-in-time recovery restores it
    SECRET_VALUE = "secret_value"  # a value Cairn never stores: a secret, an environment value
    CONFIG_VALUE = "config_value"  # a plain value Cairn never read (an SSM String)
    SWITCH = "switch"  # a decision, such as DNS cutover
    RESTORE_TIME = "restore_time"  # the point in time data is restored to (ISO 8601)


@dataclass(frozen=True)
class Target:
    """Where the restore goes. None keeps the source's region or account."""

    region: str | None = None
    account: str | None = None
    az_map: dict[str, str] = field(default_factory=dict)
    # What names still taken where the restore lands get (renaming.py); None: the default.
    name_suffix: str | None = None
    # new: everything is created in an empty target; in-place: what still exists is
    # adopted with import blocks and set back to the snapshot, the rest created.
    mode: str = "new"

    @property
    def suffix(self) -> str:
        return DEFAULT_SUFFIX if self.name_suffix is None else self.name_suffix


@dataclass(frozen=True)
class Rewired:
    """A value that named resources of the source, as the restore writes it instead."""

    field: str
    value: str  # as the source held it
    written: str  # the Terraform expression that names the restored resources
    names: tuple[str, ...]  # the uids it names


@dataclass(frozen=True)
class TerraformType:
    """How a restore writes one CloudFormation type (the `terraform` of its declaration)."""

    resource: str  # the Terraform type references point at
    stage: Stage
    emit: Callable[[Emit], list[Block]]
    name_from: tuple[str, ...] = ()  # property names to label it by when it has no Name tag
    data_source: bool = False  # looked up in the target, not created (a hosted zone)
    shapes: tuple[StateShape, ...] = ()  # the Terraform types it emits, as drift reads them
    # (attribute, description) the runbook's gates read once applied (`terraform output`).
    outputs: tuple[tuple[str, str], ...] = ()
    # Why one resource of the type is not restored, from its pinned document (properties,
    # tags): plan.json's `not_restored` says it; None restores it.
    skip: Callable[[dict[str, Any]], str | None] | None = None
    # The Terraform type of one resource whose properties make it another than `resource`
    # (a KMS replica key); None: `resource`.
    resource_for: Callable[[dict[str, Any]], str | None] | None = None
    # Arguments of `resource` that let a drill destroy it and leave nothing paid behind
    # (no final snapshot, no recovery window, no deletion protection): the drill writes
    # them as overrides, never into a restore plan.
    disposable: Mapping[str, Any] = field(default_factory=dict)

    def address(self, label: str, properties: dict[str, Any] | None = None) -> str:
        """Where the resource labelled `label` is, given its pinned properties."""
        resource = self.resource
        if self.resource_for is not None and properties is not None:
            resource = self.resource_for(properties) or resource
        return f"data.{resource}.{label}" if self.data_source else f"{resource}.{label}"


class Plan(Protocol):
    """What an emitter may ask of the plan it is part of (see planner.Planner)."""

    target: Target
    source_region: str | None
    snapshot_time: str  # ISO 8601: the time the snapshot restores

    def address(self, uid: str) -> str | None: ...

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
    ) -> Expr: ...

    def properties(self, uid: str) -> dict[str, Any] | None: ...

    def names(self, uid: str) -> list[Named]: ...

    def type_of(self, uid: str) -> str | None: ...

    def stays_in_source_region(self) -> bool: ...

    def current(self, uid: str) -> dict[str, Any] | None: ...

    def outside(self, source: str, field: str, target: str, attribute: str) -> Expr | None: ...

    def provider(self, region: str) -> Expr: ...

    def zone(self, zone: str) -> str: ...

    def name(self, uid: str, name: str, naming: Naming, ending: str, region: str | None) -> str: ...

    @property
    def retarget(self) -> Retargeter: ...


class Emit:
    """One pinned asset, and the plan it is emitted into."""

    def __init__(
        self, plan: Plan, pinned: PinnedAsset, declared: TerraformType, label: str
    ) -> None:
        self.plan = plan
        self.asset = pinned.asset
        self.properties: dict[str, Any] = pinned.document["properties"]
        self.address = declared.address(label, self.properties)
        self.tag_values: dict[str, str] = pinned.document["tags"]
        self.label = label
        self._targets: dict[str, str] = {}
        self._named: dict[str, list[str]] = defaultdict(list)  # held in values
        for hop in pinned.asset.references:
            if hop.kind == NAMED_IN_VALUE:
                self._named[hop.field].append(hop.target)
            else:
                self._targets[hop.field] = hop.target
        # In place, the asset's properties now, if it still exists: it is adopted, and so
        # are those of its parts (rules, policies, routes) that exist now too.
        self.current = plan.current(pinned.asset.uid)
        self.adopting = self.current is not None
        self.imports: list[tuple[str, str]] = []  # (address, import id), when adopting
        self.rewired: list[Rewired] = []  # values naming restored resources
        self.data_source: DataSource | None = None  # where its data comes from, if any

    def restores_data(self, source: DataSource) -> None:
        """Say where the data of this database or table comes from: its restore point."""
        self.data_source = source

    def ref(self, declared: Ref, *positions: int, attribute: str = "id") -> Expr | None:
        """The reference this asset holds by `declared` (its `[*]` filled by `positions`),
        as an expression; None if it holds none there."""
        return self._expression(declared.at(*positions), attribute)

    def refs(self, declared: Ref, *positions: int, attribute: str = "id") -> list[Expr]:
        """Every reference held under a path ending in `[*]` (`SubnetIds[*]`), in order;
        `positions` fill the `[*]` before the last."""
        if not declared.path.endswith("[*]"):
            raise ValueError(f"{declared.path} does not end in a list")
        prefix = declared.at(*positions, 0).removesuffix("[0]")
        indexed = re.compile(rf"^{re.escape(prefix)}\[(\d+)\]$")
        found = sorted(
            (int(match.group(1)), f) for f in self._targets if (match := indexed.match(f))
        )
        return [e for _, f in found if (e := self._expression(f, attribute)) is not None]

    def in_plan(self, declared: Ref, *positions: int) -> bool:
        """Whether the reference at `declared` points at a resource of its type that this
        plan restores."""
        return self.target_address(declared, *positions) is not None

    def target_address(self, declared: Ref, *positions: int) -> str | None:
        """Where this plan restores what `declared` refers to; None if it does not, or if
        the target is of another type (declarations sharing a field resolve to several)."""
        target = self.target_uid(declared, *positions)
        if target is None or self.plan.type_of(target) != declared.target:
            return None
        return self.plan.address(target)

    def target_uid(self, declared: Ref, *positions: int) -> str | None:
        """The uid of what `declared` refers to, in the plan or not."""
        return self._targets.get(declared.at(*positions))

    def target_properties(self, declared: Ref, *positions: int) -> dict[str, Any] | None:
        """The pinned properties of what `declared` refers to, if the snapshot holds it."""
        target = self.target_uid(declared, *positions)
        return self.plan.properties(target) if target else None

    def _expression(self, field: str, attribute: str) -> Expr | None:
        target = self._targets.get(field)
        if target is None:
            return None
        address = self.plan.address(target)
        if address is not None:
            return Expr(f"{address}.{attribute}")
        return self.plan.outside(self.asset.uid, field, target, attribute)

    def provider(self, region: str) -> Expr:
        """The `provider` of a resource that lives in another region than the plan's."""
        return self.plan.provider(region)

    def json(self, document: Any) -> JsonEncode:
        """`jsonencode(...)` of a document from the cloud, retargeted (see retarget.py)."""
        return JsonEncode(self.plan.retarget.document(document))

    def value(self, field: str, text: str) -> str | Expr:
        """A value from the cloud at `field` of the properties (an environment value, a DNS
        record's value, user data), as Terraform: a name of a resource the plan restores
        (the references the crawl found held there) becomes the restored resource's
        attribute, `"postgres://${aws_db_instance.app.address}:5432/app"`, and the
        source's ARNs, account and region are retargeted."""
        expressions: dict[Named, Expr] = {}
        for target in self._named.get(field, ()):
            address = self.plan.address(target)
            for named in self.plan.names(target) if address else ():
                if named.declared.attribute:
                    expressions[named] = Expr(f"{address}.{named.declared.attribute}")
        parts: list[str | Expr] = []
        position = 0
        matches = NameIndex(expressions).matches(text)
        for match in matches:
            parts += self.plan.retarget.parts(text[position : match.start])
            parts.append(expressions[match.named])
            position = match.end
        written = interpolate([*parts, *self.plan.retarget.parts(text[position:])])
        if matches and isinstance(written, Expr):
            uids = tuple(dict.fromkeys(match.named.uid for match in matches))
            self.rewired.append(Rewired(field, text, written.text, uids))
        return written

    def ref_self(self, attribute: str) -> Expr:
        """This asset's own resource, for the resources that hang off it (rules, policies)."""
        return Expr(f"{self.address}.{attribute}")

    def tags(self) -> dict[str, Any]:
        """`tags` for the resource's attributes: the pinned tags, except AWS-reserved
        `aws:` keys, which cannot be set."""
        tags = {k: v for k, v in sorted(self.tag_values.items()) if not k.startswith("aws:")}
        return {"tags": tags} if tags else {}

    def variable(
        self,
        name: str,
        description: str,
        *,
        sensitive: bool = False,
        default: Any = None,
        purpose: Purpose = Purpose.OUTSIDE_REFERENCE,
        digest: str | None = None,
    ) -> Expr:
        """An input variable of this asset: `<label>_<name>`, so two assets never share one.
        `digest`: of the secret value it stands for, which drift compares by."""
        return self.plan.variable(
            sanitize(f"{self.label}_{name}"),
            description,
            sensitive=sensitive,
            default=default,
            purpose=purpose,
            uid=self.asset.uid,
            digest=digest,
        )

    def name(self, name: str, naming: Naming, ending: str = "", region: str | None = None) -> str:
        """The name the restored resource gets: the source's, suffixed where it is still
        taken (catalog/restore/renaming.py); `ending` stays last (a FIFO queue's `.fifo`);
        `region`: where it is restored, when not the plan's region (a replica's alias)."""
        return self.plan.name(self.asset.uid, name, naming, ending, region)

    def data(self, terraform_type: str, attributes: dict[str, Any]) -> Block:
        return Block("data", (terraform_type, self.label), attributes)

    def resource(
        self,
        terraform_type: str,
        attributes: dict[str, Any],
        blocks: list[Block] | None = None,
        part: str | None = None,
        adopt: str | None = None,
    ) -> Block:
        """A resource block; `part` names one that hangs off this asset (a rule, a policy);
        `adopt` is the ID `terraform import` knows it by, for a restore in place."""
        label = sanitize(f"{self.label}_{part}") if part is not None else self.label
        if adopt is not None and self.adopting:
            self.imports.append((f"{terraform_type}.{label}", adopt))
        return Block(
            "resource",
            (terraform_type, label),
            attributes,
            blocks or [],
        )
