"""Which names a restore changes, and to what.

A name is unique in some scope: in one region of an account (a queue, a function, a
load balancer), in the whole account (an IAM role), or worldwide (an S3 bucket). A
restore that lands where the source's names are still taken must rename: worldwide
names are the source's wherever the restore lands (its buckets outlive a lost region
and most lost accounts); into the source's own account, names unique per account
collide too, and regional names only in the source's region. Into another account
the other names stay as they were. In place, names are adopted, never changed.

Each type declares the scope and the length limit of the names it writes
(`Naming`, beside its emitter); the planner decides, by these rules, which get the
suffix, and lists them in plan.json's `renamed` and the runbook, since whatever
outside names them (a client's configuration, a DNS record elsewhere) must be told.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum

from catalog.errors import CairnError

# Short, readable in a console list beside the source's name, and what people type by
# hand for a disaster-recovery copy.
DEFAULT_SUFFIX = "-dr"
DIGEST = 6  # hex digits of the whole name that keep two shortened names apart
# What every kind of name accepts at its end: buckets and load balancers take no capitals,
# database identifiers no `_`, no `--` and no trailing hyphen.
SUFFIX = re.compile(r"^[a-z0-9]*(-[a-z0-9]+)*$")


class NameScope(StrEnum):
    REGION = "region"
    ACCOUNT = "account"
    WORLD = "world"


@dataclass(frozen=True)
class Naming:
    """How one kind of name is unique: its scope and the longest name AWS accepts."""

    scope: NameScope
    limit: int


@dataclass(frozen=True)
class Renamed:
    """One name a restore changed (plan.json's `renamed`)."""

    uid: str
    type: str
    source: str
    restored: str


def collides(scope: NameScope, *, in_place: bool, same_account: bool, same_region: bool) -> bool:
    """Whether a name of `scope` is still taken where the restore lands."""
    if in_place:
        return False
    if scope == NameScope.WORLD:
        return True
    return same_account and (scope == NameScope.ACCOUNT or same_region)


def valid_suffix(suffix: str) -> bool:
    return SUFFIX.match(suffix) is not None


def suffixed(name: str, suffix: str, naming: Naming, ending: str = "") -> str:
    """`name` with `suffix` before its `ending` (a FIFO queue's `.fifo` stays last). Too
    long for `naming.limit`, the base is cut and ends in a digest of the whole name, so
    two long names sharing their beginning stay apart."""
    base = name.removesuffix(ending) if ending else name
    renamed = f"{base}{suffix}{ending}"
    if len(renamed) <= naming.limit:
        return renamed
    room = naming.limit - len(suffix) - len(ending) - DIGEST - 1
    if room < 1:
        raise CairnError(f"name suffix {suffix!r} is too long for {name!r} ({naming.limit} max)")
    digest = hashlib.sha256(name.encode()).hexdigest()[:DIGEST]
    return f"{base[:room].rstrip('-_./')}-{digest}{suffix}{ending}"
