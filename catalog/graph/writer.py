"""Writing one crawl as a Run.

Everything a run writes is staged first: new versions and references start at
END_OF_TIME and the ones they replace are only marked `closed_by` the run, so readers
never see a half-written crawl. `commit` flips all of it in one transaction at
the run's observation time.

One run writes at a time: a run holds the crawl lease from its start to its end, and
a second one waits for it. A run that raises discards its staged work at once; one
whose process died stops renewing the lease, and the run that takes the lease over
discards what it left.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from catalog.clock import now_ms
from catalog.errors import CairnError, InvalidObservation
from catalog.graph.lease import CRAWL_LEASE, DEFAULT_WAIT_S, Holder, acquire
from catalog.graph.store import GraphStore
from catalog.model import Observation, Partition, Reference, canonical_json

BATCH_SIZE = 5000


@dataclass
class RunStats:
    observed: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0
    duplicates: int = 0
    references_opened: int = 0
    references_closed: int = 0


@dataclass(frozen=True)
class PartitionResult:
    partition: Partition
    status: str  # complete | failed | incomplete
    observed: int
    error: str | None = None


@dataclass(frozen=True)
class RunSummary:
    id: str
    at: int
    stats: RunStats
    partitions: list[PartitionResult]


@dataclass
class _Seen:
    hashes: dict[str, str] = field(default_factory=dict)
    by_partition: dict[Partition, set[str]] = field(default_factory=lambda: defaultdict(set))


class CrawlRun:
    """One crawl: observe resources, report each partition's outcome, then commit.

    Use as a context manager; leaving it by an exception fails the run and
    discards what it staged. Beginning waits up to `wait_s` for a run in progress
    (`on_wait` hears who holds the crawl lease), then raises LeaseBusy.
    """

    def __init__(
        self,
        store: GraphStore,
        source: str = "aws",
        batch_size: int = BATCH_SIZE,
        wait_s: float = DEFAULT_WAIT_S,
        on_wait: Callable[[Holder], None] = lambda _: None,
    ):
        self.store = store
        self.source = source
        self.batch_size = batch_size
        self.stats = RunStats()
        self._buffer: list[Observation] = []
        self._seen = _Seen()
        self._outcomes: dict[Partition, tuple[str, str | None]] = {}
        self._finished = False
        self.id = _run_id(now_ms())
        self.lease = acquire(store, CRAWL_LEASE, self.id, wait_s=wait_s, on_wait=on_wait)
        try:
            # After the wait: this run's time must follow the run it waited for.
            self.started_at = now_ms()
            self.at = _next_run_time(store, self.started_at)
            store.write_all(
                [
                    (
                        "begin_run",
                        {
                            "run": self.id,
                            "source": source,
                            "started_at": self.started_at,
                            "at": self.at,
                        },
                    ),
                    ("discard_dead_runs", {}),
                ]
            )
        except BaseException:
            self.lease.release()
            raise

    def __enter__(self) -> CrawlRun:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        _: TracebackType | None,
    ) -> None:
        if error is not None and not self._finished:
            self.fail(f"{kind.__name__ if kind else 'error'}: {error}")

    def observe(self, observations: Iterable[Observation]) -> None:
        for observation in observations:
            if not isinstance(observation, Observation):
                raise InvalidObservation(
                    f"expected an Observation, got {type(observation).__name__}"
                )
            self._buffer.append(observation)
            if len(self._buffer) >= self.batch_size:
                self.flush()

    def complete(self, partition: Partition) -> None:
        """The crawler listed this partition fully: what it did not see is gone."""
        self._outcomes[partition] = ("complete", None)

    def failed(self, partition: Partition, error: str) -> None:
        """The crawler could not list this partition: nothing in it may be closed."""
        self._outcomes[partition] = ("failed", error)

    def commit(self) -> RunSummary:
        self.flush()
        partitions = self._partition_results()
        self._stage_deletions([r.partition for r in partitions if r.status == "complete"])
        committed = self.store.write(
            "commit_run",
            run=self.id,
            at=self.at,
            finished_at=now_ms(),
            stats=canonical_json(asdict(self.stats)),
            partitions=[_partition_row(result) for result in partitions],
        )
        self._finished = True
        if not committed:
            # Abandoned: it stopped renewing the crawl lease long enough for another run
            # to take it over. What it staged since then is its own to discard.
            self._end()
            raise self._lease_lost()
        self.lease.release()
        return RunSummary(self.id, self.at, self.stats, partitions)

    def fail(self, error: str) -> None:
        self._finished = True
        self._end(("fail_run", {"run": self.id, "finished_at": now_ms(), "error": error}))

    def _end(self, *steps: tuple[str, dict[str, Any]]) -> None:
        """Record how the run ended and discard the staged work it leaves, then give the
        lease back (even if the graph is out of reach: the next run discards it then)."""
        try:
            self.store.write_all([*steps, ("discard_dead_runs", {})])
        finally:
            self.lease.release()

    def _lease_lost(self) -> CairnError:
        return CairnError(
            f"run {self.id} lost the crawl lease to another run (its process stalled longer "
            "than the lease lasts); nothing of it was stored"
        )

    def flush(self, at_least: int = 1) -> None:
        """Stage what is buffered if it holds `at_least` observations.

        Full batches are staged as they fill up anyway; a crawler calls this to
        write while it is still reading, without paying a round trip per tiny partition.
        """
        if len(self._buffer) < at_least:
            return
        if self.lease.lost:
            raise self._lease_lost()
        batch = self._new_in_run(self._buffer)
        self._buffer = []
        if not batch:
            return
        uids = [observation.uid for observation in batch]
        current = {row["uid"]: row["hash"] for row in self.store.read("current_hashes", uids=uids)}
        changed = [o for o in batch if current.get(o.uid) != self._seen.hashes[o.uid]]
        self.stats.unchanged += len(batch) - len(changed)
        self.stats.created += sum(1 for o in changed if o.uid not in current)
        self.stats.changed += sum(1 for o in changed if o.uid in current)
        if changed:
            self._stage(changed, replaced=[o.uid for o in changed if o.uid in current])

    def _new_in_run(self, observations: list[Observation]) -> list[Observation]:
        """Drop repeated sightings within one run (global resources seen per region)."""
        fresh = []
        for observation in observations:
            if observation.uid in self._seen.hashes:
                self.stats.duplicates += 1
                continue
            self._seen.hashes[observation.uid] = observation.content_hash()
            self._seen.by_partition[observation.partition].add(observation.uid)
            fresh.append(observation)
        self.stats.observed += len(fresh)
        return fresh

    def _stage(self, changed: list[Observation], replaced: list[str]) -> None:
        """Stage new versions and the reference changes of `changed` in one transaction.

        `replaced` are the resources among them that have a current version:
        only they can have references to close.
        """
        existing: set[tuple[str, str, str, str]] = (
            {
                (row["uid"], row["field"], row["kind"], row["target"])
                for row in self.store.read("current_references", uids=replaced)
            }
            if replaced
            else set()
        )
        observed: dict[tuple[str, str, str, str], Reference] = {
            (o.uid, ref.field, ref.kind, ref.target): ref for o in changed for ref in o.references
        }
        closes = _reference_rows(sorted(existing - observed.keys()))
        opened = sorted(observed.keys() - existing)
        targets = {observed[key].target: observed[key].target_type for key in opened}
        self.stats.references_closed += len(closes)
        self.stats.references_opened += len(opened)
        run = self.id
        rows = [self._state_row(o) for o in changed]
        # Separate statements, so the planner needs no Eager barrier between
        # reads and writes of the same labels; one transaction all the same.
        self.store.write_all(
            [
                ("upsert_resources", {"rows": rows}),
                ("stage_state_closes", {"run": run, "uids": replaced}),
                ("stage_states", {"run": run, "rows": rows}),
                ("stage_reference_closes", {"run": run, "rows": closes}),
                ("ensure_reference_targets", {"targets": _target_rows(targets)}),
                ("stage_reference_opens", {"run": run, "rows": _reference_rows(opened)}),
            ]
        )

    def _state_row(self, observation: Observation) -> dict[str, Any]:
        return {
            "uid": observation.uid,
            "type": observation.type,
            "account": observation.account,
            "region": observation.region,
            "name": observation.name,
            "hash": self._seen.hashes[observation.uid],
            "tags": canonical_json(observation.tags),
            "tag_pairs": [f"{key}={value}" for key, value in observation.tags.items()],
            "properties": canonical_json(observation.properties),
        }

    def _partition_results(self) -> list[PartitionResult]:
        partitions = set(self._outcomes) | set(self._seen.by_partition)
        results = []
        for partition in sorted(partitions):
            status, error = self._outcomes.get(partition, ("incomplete", None))
            observed = len(self._seen.by_partition.get(partition, ()))
            results.append(PartitionResult(partition, status, observed, error))
        return results

    def _stage_deletions(self, complete: list[Partition]) -> None:
        """Close what the complete partitions held but this run did not see."""
        rows = self.store.read(
            "open_uids_in_partitions", partitions=[asdict(partition) for partition in complete]
        )
        # A resource's partition is part of its identity: seen anywhere means seen there.
        missing = sorted(row["uid"] for row in rows if row["uid"] not in self._seen.hashes)
        for start in range(0, len(missing), self.batch_size):
            self.store.write(
                "stage_deletions", run=self.id, uids=missing[start : start + self.batch_size]
            )
        self.stats.deleted += len(missing)


def _next_run_time(store: GraphStore, now: int) -> int:
    """Runs are ordered: a new run's time is after every committed one's."""
    rows = store.read("last_run_time")
    last = rows[0]["at"] if rows and rows[0]["at"] is not None else None
    return now if last is None or now > last else last + 1


def _run_id(started_at: int) -> str:
    stamp = datetime.fromtimestamp(started_at / 1000, tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"run-{stamp}-{secrets.token_hex(3)}"


def _target_rows(targets: dict[str, str | None]) -> list[dict[str, str | None]]:
    return [{"uid": uid, "type": type_name} for uid, type_name in sorted(targets.items())]


def _reference_rows(keys: list[tuple[str, str, str, str]]) -> list[dict[str, str]]:
    return [_reference_key_row(key) for key in keys]


def _reference_key_row(key: tuple[str, str, str, str]) -> dict[str, str]:
    uid, field_path, kind, target = key
    return {"uid": uid, "field": field_path, "kind": kind, "target": target}


def _partition_row(result: PartitionResult) -> dict[str, Any]:
    return {
        **asdict(result.partition),
        "status": result.status,
        "observed": result.observed,
        "error": result.error,
    }


def ingest(
    store: GraphStore,
    observations: Iterable[Observation],
    complete: Iterable[Partition] = (),
    failed: dict[Partition, str] | None = None,
    source: str = "aws",
) -> RunSummary:
    """One whole run from observations already in hand (samples, tests, benchmarks)."""
    with CrawlRun(store, source=source) as run:
        run.observe(observations)
        for partition in complete:
            run.complete(partition)
        for partition, error in (failed or {}).items():
            run.failed(partition, error)
        return run.commit()
