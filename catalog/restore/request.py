"""A restore plan as the CLI and the API ask for it: one way to check the target, read
the source and build the plan, so both give the same files for the same input.

Each caller names the target's settings its own way (`--az-map` on the command line,
`target.azMap` in GraphQL); `Spelling` carries those names into the messages, so a
mistake says what to change where it was made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from catalog.applications import ACCOUNT_ID, check_regions
from catalog.errors import CairnError
from catalog.graph.store import GraphStore
from catalog.restore.emit import Target
from catalog.restore.planner import Planner, RestorePlan, source_region
from catalog.restore.regions import check_target_region
from catalog.restore.renaming import valid_suffix
from catalog.restore.source import at_time, existing_now, from_snapshot
from catalog.snapshots import PinnedAsset, Snapshot

MODES = ("new", "in-place")


@dataclass(frozen=True)
class Spelling:
    """How a caller names the target's settings."""

    region: str
    account: str
    az_map: str
    name_suffix: str
    mode: str
    in_place: str  # the in-place mode, as it was asked for


CLI_SPELLING = Spelling(
    "--target-region", "--target-account", "--az-map", "--name-suffix", "--mode", "--mode in-place"
)


def restore_target(
    region: str | None,
    account: str | None,
    az_map: Iterable[str],
    name_suffix: str | None,
    mode: str,
    spelling: Spelling,
) -> Target:
    """The target, checked before the graph is read. `az_map`: SOURCE_AZ=TARGET_AZ
    entries (blank ones are skipped)."""
    if mode not in MODES:
        raise CairnError(f"unknown {spelling.mode} {mode}: new or in-place")
    if region is not None:
        check_regions([region])
    if account is not None and not ACCOUNT_ID.match(account):
        raise CairnError(f"invalid {spelling.account} {account!r}: expected 12 digits")
    if name_suffix is not None and not valid_suffix(name_suffix):
        raise CairnError(
            f"invalid {spelling.name_suffix} {name_suffix!r}: lower-case letters and digits, "
            "hyphens between them (every name type accepts those)"
        )
    return Target(region, account, _zones(az_map, spelling), name_suffix, mode)


def plan_restore(
    store: GraphStore,
    target: Target,
    spelling: Spelling,
    *,
    snapshot_id: str | None = None,
    application: str | None = None,
    at: int | None = None,
    only: list[str] | None = None,
) -> RestorePlan:
    """The plan of a snapshot, or of an application at `at` (UTC ms); `only`: these
    uids and what they need. Reads the graph, never AWS, and writes nothing."""
    if snapshot_id is not None:
        snapshot, pinned = from_snapshot(store, snapshot_id)
    elif application is not None and at is not None:
        snapshot, pinned = at_time(store, application, at)
    else:
        raise ValueError("plan_restore needs a snapshot id, or an application and a time")
    existing = existing_now(store, pinned) if target.mode == "in-place" else {}
    if target.mode == "in-place":
        _check_in_place(target, pinned, spelling)
    region = target.region or _default_region(snapshot, pinned, spelling)
    plan = Planner(snapshot, pinned, replace(target, region=region), only or None, existing).build()
    check_target_region(region, {r.type for r in plan.resources})
    return plan


def _default_region(snapshot: Snapshot, pinned: list[PinnedAsset], spelling: Spelling) -> str:
    """Without a target region a plan restores into the source's, which must be known:
    a provider without a region cannot apply anything."""
    region = source_region(snapshot, pinned)
    if region is None:
        raise CairnError(
            f"{snapshot.id} holds no regional resource to take the region from: "
            f"give {spelling.region}"
        )
    return region


def _check_in_place(target: Target, pinned: list[PinnedAsset], spelling: Spelling) -> None:
    """In place repairs the source: same region, same account, the same names."""
    regions = {p.asset.region for p in pinned} - {"global"}
    accounts = {p.asset.account for p in pinned}
    if target.region is not None and target.region not in regions:
        raise CairnError(f"{spelling.in_place} repairs the source region: drop {spelling.region}")
    if target.account is not None and target.account not in accounts:
        raise CairnError(f"{spelling.in_place} repairs the source account: drop {spelling.account}")
    if target.name_suffix:
        raise CairnError(
            f"{spelling.in_place} keeps the names it adopts: drop {spelling.name_suffix}"
        )


def _zones(entries: Iterable[str], spelling: Spelling) -> dict[str, str]:
    """One target zone per source zone, and a different one for each: subnets spread
    over two zones must stay spread (a database subnet group and a load balancer
    need two)."""
    zones: dict[str, str] = {}
    for entry in entries:
        if not entry.strip():
            continue
        source, separator, target = (part.strip() for part in entry.partition("="))
        if not separator or not source or not target:
            raise CairnError(
                f"malformed {spelling.az_map} entry {entry!r}: expected SOURCE_AZ=TARGET_AZ"
            )
        if source in zones:
            raise CairnError(f"{spelling.az_map} maps {source} twice")
        if target in zones.values():
            raise CairnError(f"{spelling.az_map} maps two zones to {target}")
        zones[source] = target
    return zones
