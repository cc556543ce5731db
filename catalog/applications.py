"""Applications: a tag filter over an account and regions, stored in the graph.

What an application holds at a time (its tagged resources plus their
dependency closure) is worked out by `catalog.scope`; this module only keeps
the definitions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import botocore.session

from catalog.aws.spec import GLOBAL_REGION
from catalog.clock import now_ms
from catalog.errors import CairnError, NotFound
from catalog.graph.store import GraphStore

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
ACCOUNT_ID = re.compile(r"^\d{12}$")
# Who does what in a recovery; the runbook names them (see catalog/restore/runbook.py).
ROLES = ("commander", "executor", "validator", "communicator")


class InvalidApplication(CairnError):
    """A definition that cannot be stored: bad name, tag filter, region or account."""


class UnknownRegion(CairnError):
    """A region botocore does not know: a typo, or one it has no endpoint data for."""


def _lucene_phrase(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class TagFilter:
    """Every key must match; a key matches if the resource carries any of its values."""

    terms: tuple[tuple[str, tuple[str, ...]], ...]

    @classmethod
    def parse(cls, specs: list[str]) -> TagFilter:
        """`KEY=VALUE` specs; a key repeated, or `KEY=V1,V2`, accepts several values.

        AWS tag values cannot contain commas, so the comma is free to separate them.
        """
        if not specs:
            raise InvalidApplication("an application needs at least one --tag KEY=VALUE")
        terms: dict[str, set[str]] = {}
        for spec in specs:
            key, separator, values = spec.partition("=")
            key = key.strip()
            accepted = [value.strip() for value in values.split(",")]
            if not separator or not key or not all(accepted):
                raise InvalidApplication(f"malformed tag filter {spec!r}: expected KEY=VALUE")
            terms.setdefault(key, set()).update(accepted)
        return cls(tuple((key, tuple(sorted(values))) for key, values in sorted(terms.items())))

    def pair_alternatives(self) -> list[list[str]]:
        """One list per key of the `Key=Value` pairs that satisfy it (State.tag_pairs form)."""
        return [[f"{key}={value}" for value in values] for key, values in self.terms]

    def index_query(self) -> str:
        """The filter as a query of the `state_tag_pairs` full-text index, which keeps each
        `Key=Value` pair whole (keyword analyzer): one exact Lucene term per pair."""
        return " AND ".join(
            "(" + " OR ".join(_lucene_phrase(pair) for pair in pairs) + ")"
            for pairs in self.pair_alternatives()
        )

    def matches(self, tags: dict[str, str]) -> bool:
        return all(tags.get(key) in values for key, values in self.terms)

    def contradicts(self, tags: dict[str, str]) -> bool:
        """The resource carries one of the filter's keys with a value it does not accept."""
        return any(key in tags and tags[key] not in values for key, values in self.terms)

    def describe(self) -> str:
        return " ".join(f"{key}={','.join(values)}" for key, values in self.terms)

    def as_dict(self) -> dict[str, list[str]]:
        return {key: list(values) for key, values in self.terms}


@dataclass(frozen=True)
class Retention:
    """Which snapshots to keep: the last N and/or those of the last D days (either keeps)."""

    keep_last: int | None = None
    keep_days: int | None = None

    @property
    def keeps_everything(self) -> bool:
        return self.keep_last is None and self.keep_days is None


@dataclass(frozen=True)
class Application:
    name: str
    tags: TagFilter
    account: str | None = None  # None: every account in the catalog
    regions: tuple[str, ...] = ()  # empty: every region; global resources always count
    rpo_minutes: int | None = None
    rto_minutes: int | None = None
    retention: Retention = field(default_factory=Retention)
    created_at: int = 0
    contacts: tuple[tuple[str, str], ...] = ()  # (role, who) for the runbook

    def region_filter(self) -> list[str] | None:
        """Regions a resource may live in, for queries; None means any."""
        return [*self.regions, GLOBAL_REGION] if self.regions else None


def define(
    name: str,
    tags: list[str],
    account: str | None = None,
    regions: list[str] | None = None,
    rpo_minutes: int | None = None,
    rto_minutes: int | None = None,
    retention: Retention | None = None,
    contacts: list[str] | None = None,
) -> Application:
    """A validated definition, not yet stored. `contacts` are ROLE=WHO specs."""
    if not NAME.match(name):
        raise InvalidApplication(
            f"invalid application name {name!r}: letters, digits, '.', '_' and '-', "
            "starting with a letter or digit, at most 63 characters"
        )
    if account is not None and not ACCOUNT_ID.match(account):
        raise InvalidApplication(f"invalid account {account!r}: expected 12 digits")
    return Application(
        name=name,
        tags=TagFilter.parse(tags),
        account=account,
        regions=tuple(check_regions(regions or ())),
        rpo_minutes=rpo_minutes,
        rto_minutes=rto_minutes,
        retention=retention or Retention(),
        created_at=now_ms(),
        contacts=_contacts(contacts or []),
    )


def _contacts(specs: list[str]) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for spec in specs:
        role, separator, who = spec.partition("=")
        if not separator or role.strip() not in ROLES or not who.strip():
            raise InvalidApplication(
                f"malformed contact {spec!r}: expected ROLE=WHO with ROLE one of {', '.join(ROLES)}"
            )
        found[role.strip()] = who.strip()
    return tuple(sorted(found.items(), key=lambda item: ROLES.index(item[0])))


def check_regions(regions: Iterable[str]) -> list[str]:
    """`regions` sorted and without repeats, if botocore knows every one of them."""
    wanted = set(regions)
    unknown = sorted(wanted - known_regions())
    if unknown:
        raise UnknownRegion(f"unknown region {', '.join(unknown)}")
    return sorted(wanted)


@cache
def known_regions() -> frozenset[str]:
    """Every region botocore knows, in every partition (read from its bundled data)."""
    session = botocore.session.get_session()
    return frozenset(
        region
        for partition in session.get_available_partitions()
        for region in session.get_available_regions("ec2", partition)
    )


def create_application(store: GraphStore, application: Application) -> None:
    rows = store.write("create_application", **_row(application))
    if not rows[0]["created"]:
        raise InvalidApplication(
            f"an application named {application.name!r} already exists "
            f"(see `cairn app show {application.name}`)"
        )


def get_application(store: GraphStore, name: str) -> Application:
    rows = store.read("application_by_name", name=name)
    if not rows:
        raise NotFound(f"no application named {name!r} (see `cairn app list`)")
    return _application(rows[0]["application"])


def list_applications(store: GraphStore) -> list[Application]:
    return [_application(row["application"]) for row in store.read("applications")]


def update_application(
    store: GraphStore,
    name: str,
    rpo_minutes: int | None = None,
    rto_minutes: int | None = None,
    retention: Retention | None = None,
) -> Application:
    """Change an existing application's RPO, RTO or snapshot retention; None keeps a field."""
    for label, value in (("RPO", rpo_minutes), ("RTO", rto_minutes)):
        if value is not None and value < 0:
            raise InvalidApplication(f"invalid {label} {value}: minutes, 0 or more")
    kept = retention or Retention()
    rows = store.write(
        "update_application",
        name=name,
        rpo_minutes=rpo_minutes,
        rto_minutes=rto_minutes,
        keep_last=kept.keep_last,
        keep_days=kept.keep_days,
    )
    if not rows:
        raise NotFound(f"no application named {name!r} (see `cairn app list`)")
    return _application(rows[0]["application"])


def delete_application(store: GraphStore, name: str) -> None:
    """Deletes the definition and its schedule; history and snapshots stay."""
    if not store.write("delete_application", name=name):
        raise NotFound(f"no application named {name!r} (see `cairn app list`)")


def _row(application: Application) -> dict[str, object]:
    return {
        "name": application.name,
        "tag_filter": json.dumps(application.tags.as_dict(), sort_keys=True),
        "account": application.account,
        "regions": list(application.regions),
        "rpo_minutes": application.rpo_minutes,
        "rto_minutes": application.rto_minutes,
        "keep_last": application.retention.keep_last,
        "keep_days": application.retention.keep_days,
        "created_at": application.created_at,
        "contacts": json.dumps(dict(application.contacts)),
    }


def _application(node: dict[str, object]) -> Application:
    tag_filter = json.loads(str(node["tag_filter"]))
    return Application(
        name=str(node["name"]),
        tags=TagFilter(tuple((key, tuple(values)) for key, values in sorted(tag_filter.items()))),
        account=node.get("account"),  # type: ignore[arg-type]
        regions=tuple(node.get("regions") or ()),  # type: ignore[arg-type]
        rpo_minutes=node.get("rpo_minutes"),  # type: ignore[arg-type]
        rto_minutes=node.get("rto_minutes"),  # type: ignore[arg-type]
        retention=Retention(node.get("keep_last"), node.get("keep_days")),  # type: ignore[arg-type]
        created_at=int(node["created_at"]),  # type: ignore[call-overload]
        contacts=tuple(json.loads(str(node.get("contacts") or "{}")).items()),
    )
