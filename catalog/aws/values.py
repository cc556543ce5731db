"""References held in values: a string that names another crawled resource.

An environment value (`DATABASE_URL=postgres://app@db.abc.us-east-1.rds.amazonaws.com/app`),
a DNS record's value, a parameter's value, a line of user data or a policy's resource names
a resource as surely as a field holding its ID. Restored, it must name the restored
resource, and impact analysis must see it ("this function names that database").

Each type declares the strings others name it by (`ResourceType.names`: a load balancer's
DNS name, a queue's URL, a table's ARN) and where its own values are
(`ResourceType.values`). Once a crawl has read every partition, each value is matched
against every name (`NameIndex`), and a match is a reference of kind `names` whose field
is the value's path (`containerDefinitions[0].environment[1].value`).

How a name counts: a distinctive one (a DNS name, an endpoint, an ARN, a URL) anywhere in
a value, between characters that cannot continue a name; a bare one (a bucket's or a
table's name) only as the whole value, since `app` in `app.example.com` names no table.
Matching ignores case: DNS names are written in any case.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from catalog.aws.spec import Ref
from catalog.model import Observation, Partition, Reference

if TYPE_CHECKING:
    from catalog.aws.spec import ResourceType
    from catalog.graph.store import GraphStore

KIND = "names"
# Characters that continue a name: a match must not be preceded or followed by one (nor
# preceded by a dot, or followed by a dot and one: `db.example.com` names neither
# `example.com` nor `db.example`).
NAME_CHARACTER = re.compile(r"[a-z0-9_-]")
PREFIX = 16  # names are looked up by their first characters, then compared whole


@dataclass(frozen=True)
class Name:
    """A string of a resource's properties that other resources write in their values.

    `attribute` is the attribute of its restored Terraform resource that gives the new
    string (`dns_name`, `url`, `arn`); None when the restored resource keeps the string
    (a DNS record's own name). `whole`: a bare name, which counts only as a whole value.
    """

    path: str
    attribute: str | None
    whole: bool = False


@dataclass(frozen=True)
class Named:
    """One resource's name, as found in its properties."""

    uid: str
    text: str
    declared: Name


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    named: Named


# A resource whose uid is its ARN is named by it; restored, by its new ARN.
ARN = Name("", "arn")
SHORTEST = 3  # shorter names would name everything


def names_of(uid: str, properties: Mapping[str, Any], declared: Iterable[Name]) -> list[Named]:
    """The names a resource is known by in others' values: its ARN, and its type's names
    (without the trailing dot of a DNS name)."""
    found = [Named(uid, uid, ARN)] if uid.startswith("arn:") else []
    for name in declared:
        for _, value in strings_under(properties, name.path):
            text = value.rstrip(".")
            if len(text) >= SHORTEST:
                found.append(Named(uid, text, name))
    return found


def strings_under(properties: Mapping[str, Any], path: str) -> Iterator[tuple[str, str]]:
    """(field, string) for every string at `path` (`[*]` for each item of a list), and
    under it when it reaches a document (a policy): each string with its own field."""
    for field, value, _ in Ref(path, "", "").find(properties):
        yield from _strings(value, field)


def _strings(value: Any, field: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(item, f"{field}.{key}")
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from _strings(item, f"{field}[{position}]")


class NameIndex:
    """Every name of a set of resources, to find the ones a value holds."""

    def __init__(self, names: Iterable[Named]) -> None:
        self._whole: dict[str, Named] = {}
        self._by_prefix: dict[str, list[Named]] = defaultdict(list)
        for named in names:
            key = named.text.lower()
            if named.declared.whole:
                self._whole.setdefault(key, named)
            else:
                self._by_prefix[key[:PREFIX]].append(named)
        for candidates in self._by_prefix.values():
            candidates.sort(key=lambda named: len(named.text), reverse=True)  # longest wins
        self._prefix_lengths = sorted({len(prefix) for prefix in self._by_prefix}, reverse=True)

    def __bool__(self) -> bool:
        return bool(self._whole or self._by_prefix)

    def matches(self, value: str) -> list[Match]:
        """The names `value` holds, left to right, never overlapping."""
        text = value.lower()
        whole = self._whole.get(text.strip().rstrip("."))
        if whole is not None:
            return [Match(0, len(value), whole)]
        found: list[Match] = []
        position = 0
        while position < len(text):
            match = self._match_at(text, position) if _starts_name(text, position) else None
            if match is None:
                position += 1
            else:
                found.append(match)
                position = match.end
        return found

    def _match_at(self, text: str, start: int) -> Match | None:
        for length in self._prefix_lengths:
            for named in self._by_prefix.get(text[start : start + length], ()):
                end = start + len(named.text)
                if text.startswith(named.text.lower(), start) and _ends_name(text, end):
                    return Match(start, end, named)
        return None


def _starts_name(text: str, position: int) -> bool:
    """Not inside a longer name: `hostmaster.example.com` does not name `example.com`."""
    return position == 0 or not (
        NAME_CHARACTER.match(text[position - 1]) or text[position - 1] == "."
    )


def _ends_name(text: str, end: int) -> bool:
    if end == len(text):
        return True
    if text[end] == ".":
        return end + 1 == len(text) or not NAME_CHARACTER.match(text[end + 1])
    return not NAME_CHARACTER.match(text[end])


def value_references(
    uid: str, properties: Mapping[str, Any], paths: Iterable[str], index: NameIndex
) -> list[Reference]:
    """The references a resource's values hold (never to itself), by its type's paths."""
    found = []
    for path in paths:
        for field, value in strings_under(properties, path):
            for match in index.matches(value):
                if match.named.uid != uid:
                    found.append(Reference(field, match.named.uid, KIND))
    return found


class HeldValues:
    """A crawl's references held in values, found once every partition is read.

    The observations of types with values are held back until then; every name the
    crawl sees is indexed as it goes. What the crawl did not list completely (another
    region, a service left out, a failed partition) is named as the graph has it now.
    """

    def __init__(self, store: GraphStore, known: Iterable[ResourceType]) -> None:
        self.store = store
        self._names = {t.name: t.names for t in known if t.names}
        self._values = {t.name: t.values for t in known if t.values}
        self._held: list[Observation] = []
        self._found: list[Named] = []

    def hold(self, observations: Iterable[Observation]) -> list[Observation]:
        """Index the names of `observations`; the ones without values, to write now."""
        ready = []
        for observation in observations:
            declared = self._names.get(observation.type, ())
            self._found += names_of(observation.uid, observation.properties, declared)
            if observation.type in self._values:
                self._held.append(observation)
            else:
                ready.append(observation)
        return ready

    def resolve(self, complete: Iterable[Partition]) -> list[Observation]:
        """The held observations, with the references their values hold."""
        if not self._held:
            return []
        index = NameIndex([*self._found, *self._stored(complete)])
        if not index:
            return self._held
        return [
            replace(
                observation,
                references=(
                    *observation.references,
                    *value_references(
                        observation.uid,
                        observation.properties,
                        self._values[observation.type],
                        index,
                    ),
                ),
            )
            for observation in self._held
        ]

    def _stored(self, complete: Iterable[Partition]) -> Iterator[Named]:
        listed = [f"{p.account}|{p.region}|{p.type}" for p in complete]
        rows = self.store.read("current_names", types=sorted(self._names), listed=listed)
        for row in rows:
            properties = json.loads(row["properties"]) if row["properties"] else {}
            yield from names_of(row["uid"], properties, self._names.get(row["type"], ()))
