"""A restored application against its source: kinds, references up to IDs, and the
attributes that matter (security group rules, IAM policies, RDS parameters, DNS TTLs:
each type's `compared` properties), with the restore's name suffix and the region and
account it was retargeted to taken into account.

    compare(store, at, application_assets, restored_assets, suffix, *,
            restored_at=None, left_out=()) -> Comparison
    restored_assets(store, drill_id, target_region, at) -> list[dict]
    not_created(plan, cutover=False) -> set[str]

`*_assets` are the assets as `cairn snapshot show --json` / `app preview --json` list
them (catalog/present.py); `at` is the source's time (the snapshot's), `restored_at` the
crawl of the target (None: now). `left_out`: uids the restore does not create
(`not_created(plan)`), compared on neither side.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from catalog import present
from catalog.applications import Application, TagFilter
from catalog.aws.registry import COMPARED
from catalog.drill.tag import DRILL_TAG
from catalog.graph.reader import GraphReader
from catalog.graph.store import GraphStore
from catalog.restore.emit import Stage
from catalog.scope import EmptyScope, resolve

# What moto and AWS name by a generated ID only (sg-0a1b..., a UUID): compared by type.
GENERATED_ID = re.compile(r"^([a-z]+-[0-9a-f]{8,}|[0-9a-f-]{36})$")
GENERATED_IN_TEXT = re.compile(
    r"\b([a-z]+)-[0-9a-f]{8,17}\b|\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b"
)
ACCOUNT = re.compile(r"\b\d{12}\b")

Key = tuple[str, str]  # (type, name up to the suffix and generated IDs)


@dataclass(frozen=True)
class Mismatch:
    """An attribute that matters, not alike once retargeting is taken into account."""

    type: str
    name: str
    attribute: str
    source: Any
    restored: Any


@dataclass
class Comparison:
    kinds: dict[str, tuple[int, int]]  # type -> (in the source, restored)
    missing: list[str] = field(default_factory=list)  # kinds or references the restore lacks
    extra: list[str] = field(default_factory=list)  # kinds or references only it has
    attributes: list[Mismatch] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not (self.missing or self.extra or self.attributes)

    def document(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "kinds": {
                kind: {"source": source, "restored": restored}
                for kind, (source, restored) in sorted(self.kinds.items())
            },
            "missing": self.missing,
            "extra": self.extra,
            "attributes": [asdict(mismatch) for mismatch in self.attributes],
        }


def compare(
    store: GraphStore,
    at: int,
    application_assets: list[dict[str, Any]],
    restored_assets: list[dict[str, Any]],
    suffix: str,
    *,
    restored_at: int | None = None,
    left_out: Collection[str] = (),
) -> Comparison:
    source = [a for a in application_assets if a["uid"] not in left_out]
    restored = [a for a in restored_assets if a["uid"] not in left_out]
    reader = GraphReader(store)
    kinds = _kinds(source, restored)
    missing = [f"{t}: {s} in the source, {r} restored" for t, (s, r) in kinds.items() if r < s]
    extra = [f"{t}: {s} in the source, {r} restored" for t, (s, r) in kinds.items() if r > s]
    before = shape(reader, source, suffix, at=at)
    after = shape(reader, restored, suffix, at=restored_at)
    missing += [_reference(r) for r in sorted((before - after).elements())]
    extra += [_reference(r) for r in sorted((after - before).elements())]
    retargeted = _Retargeting(source, restored, suffix)
    return Comparison(
        kinds,
        missing,
        extra,
        _attributes(reader, (source, at), (restored, restored_at), suffix, retargeted),
    )


def restored_assets(
    store: GraphStore, drill_id: str, target_region: str, at: int
) -> list[dict[str, Any]]:
    """The application a drill restored, as the graph holds it after a crawl of the
    target region: what carries its tag there, with the parts and dependencies that come
    with it (global ones too: roles, managed policies). Empty if nothing does."""
    application = Application(
        drill_id, TagFilter.parse([f"{DRILL_TAG}={drill_id}"]), regions=(target_region,)
    )
    try:
        found = resolve(store, application, at)
    except EmptyScope:
        return []
    listed: list[dict[str, Any]] = present.assets(found.assets)["assets"]
    return listed


def not_created(plan: Mapping[str, Any], cutover: bool = False) -> set[str]:
    """The uids of a plan's resources its apply does not create: those it does not
    restore, those it looks up (a hosted zone), and the DNS records unless cut over."""
    skipped = {item["uid"] for item in plan["not_restored"]}
    for stage in plan["stages"]:
        for resource in stage["resources"]:
            looked_up = resource["address"].startswith("data.")
            not_cut_over = stage["stage"] == Stage.DNS.label and not cutover
            if looked_up or not_cut_over:
                skipped.add(resource["uid"])
    return skipped


def shape(
    reader: GraphReader,
    assets: list[dict[str, Any]],
    suffix: str,
    leaving: Collection[str] = (),
    at: int | None = None,
) -> Counter[tuple[str, ...]]:
    """Each reference between the assets at `at` (now if None) as (source type, name,
    kind, target type, name), names without the restore's `suffix` and generated IDs left
    out; resources of the `leaving` types are not compared.

    A snapshot's references are read at its time: a resource both share (a DNS record of
    the zone, moved by the cutover) refers to the restored application now."""
    keys = {asset["uid"]: _key(asset, suffix) for asset in assets if asset["type"] not in leaving}
    return Counter(
        (*keys[uid], reference.kind, *keys[reference.uid])
        for uid in keys
        for reference in reader.references_out(uid, at)
        if reference.uid in keys
    )


def _key(asset: Mapping[str, Any], suffix: str) -> Key:
    return asset["type"], _name(asset["name"], suffix)


def _name(name: str | None, suffix: str) -> str:
    """The name without the suffix, wherever it ends a part of it (a mapping is named by
    its queue and function: `jobs-dr-worker-dr`)."""
    name = _unsuffixed(name or "", suffix)
    return "" if GENERATED_ID.match(name) else name


def _unsuffixed(text: str, suffix: str) -> str:
    return re.sub(rf"{re.escape(suffix)}(?=$|[-/.:*])", "", text) if suffix else text


def _kinds(
    source: list[dict[str, Any]], restored: list[dict[str, Any]]
) -> dict[str, tuple[int, int]]:
    before = Counter(a["type"] for a in source)
    after = Counter(a["type"] for a in restored)
    return {kind: (before[kind], after[kind]) for kind in sorted(before.keys() | after.keys())}


def _reference(reference: tuple[str, ...]) -> str:
    source_type, source_name, kind, target_type, target_name = reference
    return (
        f"{source_type} {source_name or '(unnamed)'} -{kind}-> "
        f"{target_type} {target_name or '(unnamed)'}"
    )


class _Retargeting:
    """What a restore changes in every value: the region and account it lands in, the
    names it suffixes, the IDs its resources get. Both sides are written alike."""

    def __init__(
        self, source: list[dict[str, Any]], restored: list[dict[str, Any]], suffix: str
    ) -> None:
        regions = {a["region"] for a in [*source, *restored]} - {"global", ""}
        self.regions = sorted(
            regions, key=len, reverse=True
        )  # longest first: a region never a prefix of one replaced after it
        self.suffix = suffix

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self._text(value)
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in sorted(value.items())}
        if isinstance(value, list):
            return sorted((self.value(item) for item in value), key=_ordering)
        return value

    def _text(self, text: str) -> str:
        for region in self.regions:
            text = text.replace(region, "{region}")
        text = ACCOUNT.sub("{account}", text)
        text = GENERATED_IN_TEXT.sub(lambda m: f"{m[1]}-*" if m[1] else "*", text)
        return _unsuffixed(text, self.suffix)


def _ordering(value: Any) -> str:
    """Lists compare as sets: rules and statements in any order are alike."""
    return json.dumps(value, sort_keys=True, default=str)


def _attributes(
    reader: GraphReader,
    source: tuple[list[dict[str, Any]], int | None],
    restored: tuple[list[dict[str, Any]], int | None],
    suffix: str,
    retargeted: _Retargeting,
) -> list[Mismatch]:
    before, after = _compared(reader, *source, suffix), _compared(reader, *restored, suffix)
    mismatches = []
    for key in sorted(before.keys() & after.keys()):
        kind, name = key
        for attribute in COMPARED[kind]:
            was = retargeted.value(before[key].get(attribute))
            now = retargeted.value(after[key].get(attribute))
            if was != now:
                mismatches.append(Mismatch(kind, name, attribute, was, now))
    return mismatches


def _compared(
    reader: GraphReader, assets: Iterable[dict[str, Any]], at: int | None, suffix: str
) -> dict[Key, dict[str, Any]]:
    """The properties of the assets whose type compares some, by key; a key several
    share is left to the kinds and references (which one is which is unknowable)."""
    keyed: dict[Key, list[str]] = {}
    for asset in assets:
        if asset["type"] in COMPARED:
            keyed.setdefault(_key(asset, suffix), []).append(asset["uid"])
    unique = {uids[0]: key for key, uids in keyed.items() if len(uids) == 1}
    versions = reader.resources_at(sorted(unique), at) if unique else []
    return {unique[version.uid]: version.properties for version in versions}
