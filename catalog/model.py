"""The shape crawlers hand to the store.

A crawler turns cloud API responses into Observations; the store is the only
writer of the graph. Observations are normalized when they are built, so the
same cloud state always produces the same content hash and an unchanged
resource writes nothing new.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from catalog.errors import InvalidObservation

TYPE_NAME = re.compile(r"^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$")

JSON = dict[str, Any]


@dataclass(frozen=True, order=True)
class Partition:
    """The unit a crawl completes or fails: one resource type in one account and region.

    Only a partition that completed cleanly may close resources it did not see;
    AccessDenied or throttling must never look like deletion.
    """

    account: str
    region: str
    type: str


@dataclass(frozen=True)
class Reference:
    """A dependency of the observed resource on another one.

    `field` is the property path the reference came from (e.g.
    `IpPermissions[0].UserIdGroupPairs[0].GroupId`); `kind` says what the
    dependency means (e.g. `network`, `assumes`, `attached-policy`).
    `target_type` is optional and only used to label a target that was not
    crawled (yet).
    """

    field: str
    target: str
    kind: str
    target_type: str | None = None


@dataclass(frozen=True)
class Observation:
    """One resource as a crawl saw it."""

    uid: str
    type: str
    account: str
    region: str
    name: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    properties: Mapping[str, Any] = field(default_factory=dict)
    references: tuple[Reference, ...] = ()

    def __post_init__(self) -> None:
        _require_text(self.uid, "uid", self.uid)
        _require_text(self.account, "account", self.uid)
        _require_text(self.region, "region", self.uid)
        if not isinstance(self.type, str) or not TYPE_NAME.match(self.type):
            raise InvalidObservation(
                f"{self.uid}: type {self.type!r} is not a CloudFormation type name "
                "such as AWS::EC2::SecurityGroup"
            )
        if self.name is not None and not isinstance(self.name, str):
            raise InvalidObservation(f"{self.uid}: name must be a string")
        object.__setattr__(self, "tags", _normalize_tags(self.tags, self.uid))
        object.__setattr__(
            self, "properties", normalize(self.properties, f"{self.uid}: properties")
        )
        object.__setattr__(self, "references", _normalize_references(self.references, self.uid))

    @property
    def partition(self) -> Partition:
        return Partition(self.account, self.region, self.type)

    def content_hash(self) -> str:
        """Hash of everything that makes a new version: name, tags, properties, references."""
        content = {
            "name": self.name,
            "tags": self.tags,
            "properties": self.properties,
            "references": [[ref.field, ref.target, ref.kind] for ref in self.references],
        }
        return hashlib.sha256(canonical_json(content).encode()).hexdigest()


def canonical_json(value: Any) -> str:
    """The one serialization used for hashing and storing: sorted keys, compact."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def normalize(value: Any, where: str) -> Any:
    """Make a value JSON-native and deterministic, or reject it saying where.

    datetimes become ISO 8601 UTC strings, Decimals become numbers, sets become
    sorted lists and tuples lists. Anything else that JSON cannot carry is an error.
    """
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidObservation(f"{where}: {value} is not a JSON number")
        return value
    if isinstance(value, Decimal):
        return normalize(int(value) if value == value.to_integral_value() else float(value), where)
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        normalized = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidObservation(f"{where}: key {key!r} is not a string")
            normalized[key] = normalize(item, f"{where}.{key}")
        return normalized
    if isinstance(value, (list, tuple)):
        return [normalize(item, f"{where}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, (set, frozenset)):
        items = [normalize(item, f"{where}[]") for item in value]
        return sorted(items, key=canonical_json)
    raise InvalidObservation(
        f"{where}: value of type {type(value).__name__} is not JSON-serializable"
    )


def _require_text(value: Any, name: str, uid: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        label = uid if isinstance(uid, str) and uid.strip() else "observation"
        raise InvalidObservation(f"{label}: {name} is missing or empty")


def _normalize_tags(tags: Any, uid: str) -> dict[str, str]:
    if not isinstance(tags, Mapping):
        raise InvalidObservation(f"{uid}: tags must be a mapping of strings")
    for key, value in tags.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise InvalidObservation(f"{uid}: tag {key!r}={value!r} is not a string pair")
    return dict(sorted(tags.items()))


def _normalize_references(references: Any, uid: str) -> tuple[Reference, ...]:
    unique: dict[tuple[str, str, str], Reference] = {}
    for ref in references:
        if not isinstance(ref, Reference):
            raise InvalidObservation(f"{uid}: references must be Reference objects")
        _require_text(ref.target, "reference target", uid)
        _require_text(ref.field, "reference field", uid)
        _require_text(ref.kind, "reference kind", uid)
        unique.setdefault((ref.field, ref.target, ref.kind), ref)
    return tuple(unique[key] for key in sorted(unique))
