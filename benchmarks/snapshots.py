"""Application preview, snapshot and snapshot diff benchmark (issue 4's target).

Usage (from the repository root):

    .venv/bin/python benchmarks/snapshots.py --resources 100000 > snapshots.json

Generates the synthetic account of benchmarks/ingest.py (seeded, N resources,
about 3 references each) shaped so that one application of about --app-size
resources stands out: its tagged resources (Project=bench-app,
Environment=production) refer to untagged dependencies of their own (VPCs,
subnets, roles, half of their security groups), and a few of their references
lead to the tagged resources of two neighbouring applications, where the
closure must stop. Everything else refers to any resource of the right type,
the application's shared VPCs, subnets and roles included, so a traversal
that also followed references inward would drag in the whole graph.

It then measures, through the library API, each --repeats times:

  1. `resolve` of the application at now (the preview);
  2. `take_snapshot` without refresh (resolve again, then pin);
  3. after a re-crawl in which --change of the application's resources
     changed and one more snapshot: `diff_snapshots` of the snapshots before
     and after, and `diff_with_now` of the one before.

Exactly one JSON document goes to stdout; progress goes to stderr. The JSON
holds the sizes, p50/max of each measurement, the time per named query of each
phase, the targets for N=100,000 on 2 cores with which were met, and whether
the scope and the diff found are those the generator implies.

Neo4j: as benchmarks/ingest.py, but our own server listens on port 7691 with
data under .cairn/bench-snapshots.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from common import (
    REPO,
    add_server_arguments,
    bench_store,
    checked,
    environment,
    git_revision,
    peak_rss_mib,
    say,
)
from common import main as benchmark_main
from ingest import (
    GLOBAL,
    ROLE,
    SG,
    SUBNET,
    VPC,
    Slice,
    SyntheticAccount,
    TimedStore,
    crawl,
    resource_uid,
)

from catalog.applications import Application, create_application, define, list_applications
from catalog.clock import now_ms
from catalog.model import Observation
from catalog.scope import Scope, resolve
from catalog.snapshot_diff import SnapshotDiff, diff_snapshots, diff_with_now
from catalog.snapshots import Snapshot, take_snapshot

BENCH_HOME = REPO / ".cairn" / "bench-snapshots"
BENCH_PORT = 7691
TARGET_RESOURCES = 100_000
TARGET_APP_SIZE = 1_000
TARGETS = {"preview_s": 2.0, "snapshot_s": 2.0, "diff_s": 1.0}  # p50, 2 cores

APP = "bench-app"
APP_TAGS = ["Project=bench-app", "Environment=production"]
# Two other applications whose tagged resources the bench app refers to: the
# closure must report those references as leaving, not follow them.
NEIGHBOURS = {
    "neighbour-a": ["Project=bench-neighbour-a", "Environment=production"],
    "neighbour-b": ["Project=bench-neighbour-b"],
}
APP_TAGGED = "app-tagged"
APP_DEPENDENCY = "app-dependency"
REST = "rest"
UNTAGGED_TYPES = frozenset({VPC, SUBNET, ROLE})  # plus every other app security group
CROSS_SHARE = 0.05  # of the tagged app resources' references, to a neighbour
T = TypeVar("T")


# -- the synthetic account with one application --------------------------------


@dataclass(frozen=True)
class Blocks:
    """Which indexes of one slice belong to whom: the app's come first, then each
    neighbour's; the rest of the slice carries ingest.py's random tags."""

    app: range
    neighbours: dict[str, range]

    @classmethod
    def of(cls, count: int, share: float) -> Blocks:
        # At least one app resource of every generated type, so that the app's
        # references always have a target inside it; neighbours are a quarter as big.
        app = min(count, max(1, round(count * share))) if count else 0
        neighbour = min((count - app) // 2, max(1, round(count * share / 4)))
        names = list(NEIGHBOURS)
        return cls(
            range(app),
            {
                names[0]: range(app, app + neighbour),
                names[1]: range(app + neighbour, app + 2 * neighbour),
            },
        )

    def owner(self, k: int) -> str | None:
        """The application whose block holds index k, if any."""
        if k in self.app:
            return APP
        return next((name for name, block in self.neighbours.items() if k in block), None)


class ApplicationAccount(SyntheticAccount):
    """ingest.py's account, with the app's and its neighbours' blocks re-tagged and the
    app's references kept inside the app (but for CROSS_SHARE, sent to a neighbour)."""

    def __init__(
        self, size: int, seed: int, app_size: int, changed: frozenset[int] = frozenset()
    ) -> None:
        super().__init__(size, seed, changed)
        self.app_size = app_size
        self.blocks = {(s.type, s.region): Blocks.of(s.count, app_size / size) for s in self.slices}

    def with_app_changes(self, fraction: float) -> ApplicationAccount:
        """The same account where `fraction` of the app's resources changed."""
        members = [s.offset + k for s, k in self.app_members()]
        chooser = random.Random(f"{self.seed}/app-changes")
        changed = chooser.sample(members, max(1, round(len(members) * fraction)))
        return type(self)(self.size, self.seed, self.app_size, frozenset(changed))

    def role(self, s: Slice, k: int) -> str:
        owner = self.blocks[(s.type, s.region)].owner(k)
        if owner != APP:
            return owner or REST
        untagged = s.type in UNTAGGED_TYPES or (s.type == SG and k % 2 == 1)
        return APP_DEPENDENCY if untagged else APP_TAGGED

    def app_members(self) -> Iterator[tuple[Slice, int]]:
        for s in self.slices:
            for k in self.blocks[(s.type, s.region)].app:
                yield s, k

    def tags(self, s: Slice, k: int, generated: dict[str, str]) -> dict[str, str]:
        role = self.role(s, k)
        if role == APP_TAGGED:
            return {**generated, "Project": "bench-app", "Environment": "production"}
        if role == APP_DEPENDENCY:
            return {}
        if role in NEIGHBOURS:  # matches NEIGHBOURS[role]'s filter
            return {**generated, "Project": f"bench-{role}", "Environment": "production"}
        return generated

    def target(self, s: Slice, k: int, type_name: str, rng: random.Random) -> str | None:
        role = self.role(s, k)
        if role not in (APP_TAGGED, APP_DEPENDENCY):
            return super().target(s, k, type_name, rng)  # anywhere, the app's too
        target = self._by_partition.get((type_name, GLOBAL if type_name == ROLE else s.region))
        if target is None or target.count == 0:
            return None
        blocks = self.blocks[(target.type, target.region)]
        block = blocks.app
        if role == APP_TAGGED and rng.random() < CROSS_SHARE:
            block = blocks.neighbours[rng.choice(list(NEIGHBOURS))] or blocks.app
        return resource_uid(target.type, target.region, block[rng.randrange(len(block))])

    def neighbour_uids(self) -> set[str]:
        return {
            resource_uid(s.type, s.region, k)
            for s in self.slices
            for block in self.blocks[(s.type, s.region)].neighbours.values()
            for k in block
        }


# -- what the generator implies ------------------------------------------------


@dataclass(frozen=True)
class ExpectedScope:
    """The application's scope worked out from the generated observations."""

    hashes: dict[str, str]  # uid -> content hash of every asset
    tagged: int
    dependencies: int
    outside_references: int
    escaped: int  # references into the rest of the graph: 0 unless the generator is wrong


def expected_scope(account: ApplicationAccount) -> ExpectedScope:
    """Breadth-first over the app's own observations, stopping at the neighbours'."""
    members: dict[str, Observation] = {}
    tagged: list[str] = []
    for s, k in account.app_members():
        observation = account.observation(s, k)
        members[observation.uid] = observation
        if account.role(s, k) == APP_TAGGED:
            tagged.append(observation.uid)
    neighbours = account.neighbour_uids()
    found, frontier = set(tagged), list(tagged)
    outside = escaped = 0
    while frontier:
        reached = []
        for uid in frontier:
            for reference in members[uid].references:
                if reference.target in found:
                    continue
                if reference.target not in members:
                    outside += 1
                    escaped += int(reference.target not in neighbours)
                    continue
                found.add(reference.target)
                reached.append(reference.target)
        frontier = reached
    hashes = {uid: members[uid].content_hash() for uid in found}
    return ExpectedScope(hashes, len(tagged), len(found) - len(tagged), outside, escaped)


def expected_diff(before: ExpectedScope, after: ExpectedScope) -> dict[str, int]:
    common = before.hashes.keys() & after.hashes.keys()
    return {
        "added": len(after.hashes.keys() - before.hashes.keys()),
        "removed": len(before.hashes.keys() - after.hashes.keys()),
        "changed": sum(1 for uid in common if before.hashes[uid] != after.hashes[uid]),
    }


# -- measuring -----------------------------------------------------------------


def repeated(action: Callable[[], T], times: int) -> tuple[dict[str, Any], T]:
    """p50/max wall seconds of `times` calls (none untimed: the first one counts too),
    and the last call's result."""
    durations = []
    for _ in range(times):
        start = time.perf_counter()
        result = action()
        durations.append(time.perf_counter() - start)
    figures = {
        "p50": round(statistics.median(durations), 3),
        "max": round(max(durations), 3),
        "runs": [round(d, 3) for d in durations],
    }
    return figures, result


def scope_figures(scope: Scope) -> dict[str, Any]:
    reasons = Counter(asset.reason for asset in scope.assets)
    return {
        "assets": len(scope.assets),
        "by_reason": dict(sorted(reasons.items())),
        "outside_references": dict(Counter(o.reason for o in scope.outside)),
    }


def diff_figures(result: SnapshotDiff) -> dict[str, int]:
    kinds = Counter(change.kind for change in result.changes)
    return {kind: kinds.get(kind, 0) for kind in ("added", "removed", "changed")} | {
        "unchanged": result.unchanged
    }


def measure_phase(
    store: TimedStore, label: str, action: Callable[[], T], times: int
) -> tuple[dict[str, Any], T]:
    """`action` repeated, with the time per named query it spent (all runs together)."""
    say(f"{label}: {times} times")
    store.take_timings()
    figures, result = repeated(action, times)
    say(f"{label}: p50 {figures['p50']} s, max {figures['max']} s")
    return {**figures, "queries": store.take_timings()}, result


def create_applications(store: TimedStore) -> Application:
    application = define(APP, APP_TAGS)
    create_application(store, application)
    for name, tags in NEIGHBOURS.items():
        create_application(store, define(name, tags))
    return application


def verdicts(figures: dict[str, float], resources: int, app_size: int) -> dict[str, Any]:
    return {
        "for_resources": TARGET_RESOURCES,
        "for_app_size": TARGET_APP_SIZE,
        "cores": 2,
        "applicable": resources == TARGET_RESOURCES and app_size == TARGET_APP_SIZE,
        **checked(figures, TARGETS, measured="measured_p50"),
    }


# -- the benchmark -------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    """What the measurements inside the store session hand back to `run`."""

    phases: dict[str, dict[str, Any]]  # figures and time per named query of each phase
    scope: Scope  # the last preview's
    before: Snapshot
    after: Snapshot
    diff: SnapshotDiff


def measure(
    store: TimedStore, account: ApplicationAccount, changed: ApplicationAccount, times: int
) -> Measured:
    phases: dict[str, dict[str, Any]] = {}
    store.take_timings()
    phases["first_ingest"], _ = crawl(store, account, "first ingest")
    application = create_applications(store)
    others = list_applications(store)
    phases["preview"], scope = measure_phase(
        store, "preview", lambda: resolve(store, application, now_ms(), others), times
    )
    phases["snapshot"], before = measure_phase(
        store, "snapshot", lambda: take_snapshot(store, APP), times
    )
    phases["recrawl_app_changed"], _ = crawl(store, changed, "re-crawl, app resources changed")
    phases["snapshot_after_change"], after = measure_phase(
        store, "snapshot after the change", lambda: take_snapshot(store, APP), 1
    )
    phases["diff"], diff = measure_phase(
        store, "diff", lambda: diff_snapshots(store, before, after), times
    )
    phases["diff_with_now"], _ = measure_phase(
        store, "diff with now", lambda: diff_with_now(store, before), times
    )
    return Measured(phases, scope, before, after, diff)


def run(args: argparse.Namespace) -> dict[str, Any]:
    account = ApplicationAccount(args.resources, args.seed, args.app_size)
    changed = account.with_app_changes(args.change)
    load, revision = os.getloadavg(), git_revision()
    say("working out the expected scopes from the generator")
    expected_before, expected_after = expected_scope(account), expected_scope(changed)
    with bench_store(TimedStore, args.port, args.home, args.keep_server) as (store, server_info):
        measured = measure(store, account, changed, args.repeats)
    figures = {
        "preview_s": measured.phases["preview"]["p50"],
        "snapshot_s": measured.phases["snapshot"]["p50"],
        "diff_s": measured.phases["diff"]["p50"],
    }
    found_diff = diff_figures(measured.diff)
    return {
        "resources": args.resources,
        "application": {
            "name": APP,
            "tags": APP_TAGS,
            "tagged": expected_before.tagged,
            "dependency": expected_before.dependencies,
            "generated_members": sum(1 for _ in account.app_members()),
            "scope": scope_figures(measured.scope),
            "changed_resources": len(changed.changed),
            "other_applications": NEIGHBOURS,
        },
        "preview_s": _summary(measured.phases["preview"]),
        "snapshot_s": _summary(measured.phases["snapshot"]),
        "snapshot_after_change_s": measured.phases["snapshot_after_change"]["p50"],
        "diff_s": _summary(measured.phases["diff"]),
        "diff_with_now_s": _summary(measured.phases["diff_with_now"]),
        "diff": found_diff,
        "checks": {
            "preview_matches_generator": _scope_matches(measured.scope, expected_before),
            "snapshot_asset_count": [measured.before.asset_count, len(expected_before.hashes)],
            "after_asset_count": [measured.after.asset_count, len(expected_after.hashes)],
            "diff_matches_generator": all(
                found_diff[kind] == count
                for kind, count in expected_diff(expected_before, expected_after).items()
            ),
            "expected_outside_references": expected_before.outside_references,
            "escaped_references": expected_before.escaped,
        },
        "targets": verdicts(figures, args.resources, args.app_size),
        "writer_peak_rss_mib": peak_rss_mib(),
        "phases": measured.phases,
        "environment": environment(
            load,
            revision,
            server_info,
            seed=args.seed,
            repeats=args.repeats,
        ),
    }


def _summary(phase: dict[str, Any]) -> dict[str, Any]:
    return {key: phase[key] for key in ("p50", "max", "runs")}


def _scope_matches(scope: Scope, expected: ExpectedScope) -> bool:
    return {asset.uid: asset.hash for asset in scope.assets} == expected.hashes and len(
        scope.outside
    ) == expected.outside_references


def add_application_arguments(
    parser: argparse.ArgumentParser, resources: int, app_size: int
) -> None:
    """The graph and application sizes, the seed and the repeats (see parsed_application_args)."""
    parser.add_argument("--resources", type=int, default=resources, help="N")
    parser.add_argument("--app-size", type=int, default=app_size, help="app resources")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=5, help="runs of each measurement")


def parsed_application_args(parser: argparse.ArgumentParser) -> argparse.Namespace:
    args = parser.parse_args()
    if args.app_size < 10 or args.resources < 2 * args.app_size:
        parser.error("need --app-size >= 10 and --resources >= 2 * --app-size")
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Preview, snapshot and snapshot diff benchmark of an application; "
        "prints one JSON document.",
    )
    add_application_arguments(parser, TARGET_RESOURCES, TARGET_APP_SIZE)
    parser.add_argument(
        "--change", type=float, default=0.05, help="fraction of the app's resources changed"
    )
    add_server_arguments(parser, BENCH_PORT, BENCH_HOME)
    return parsed_application_args(parser)


if __name__ == "__main__":
    sys.exit(benchmark_main(parse_args, run))
