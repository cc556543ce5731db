"""Leases in the graph: one crawl writes at a time and the others wait; one snapshot of an
application at a time; a holder that is killed never blocks the next for long; SIGTERM
ends a crawl or a snapshot cleanly. Real Neo4j, real processes, real signals."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from catalog.applications import create_application, define
from catalog.graph.lease import CRAWL_LEASE, Lease, LeaseBusy, acquire, holders, snapshot_lease
from catalog.graph.reader import GraphReader
from catalog.graph.writer import CrawlRun, ingest
from catalog.snapshots import INTERRUPTED, list_snapshots, take_snapshot
from tests.cli_runner import run_cli
from tests.factories import observe, partition, sg_uid
from tests.test_versioned_store import NOTHING_STAGED, staged

CAIRN = str(Path(sys.executable).with_name("cairn"))
WEB = sg_uid("web")


def crawl(store, port: int):
    return ingest(store, [observe(WEB, Port=port)], complete=[partition()])


def committed_runs(store) -> list[str]:
    return [v.opened_by for v in GraphReader(store).history(WEB).versions]


@pytest.fixture
def held_crawl_lease(store) -> Iterator[Lease]:
    """The crawl lease, held by the test as a crawl in progress would hold it."""
    with acquire(store, CRAWL_LEASE, "run-held-by-the-test") as lease:
        yield lease


@pytest.fixture
def app(store):
    crawl(store, 80)
    create_application(store, define("app", ["Project=app-infra"]))


def wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_lease_has_one_holder_until_it_is_released(store):
    first = acquire(store, "work", "first")
    with pytest.raises(LeaseBusy, match=r"held by first \(pid \d+ on .*, since 20"):
        acquire(store, "work", "second")
    first.release()

    with acquire(store, "work", "second") as second:
        assert holders(store, ["work"])["work"][0] == second.held
    assert holders(store, ["work"])["work"][0] is None


def test_of_simultaneous_claims_exactly_one_wins(store):
    start = threading.Barrier(8)
    winners: list[str] = []

    def claim(name: str) -> None:
        start.wait(10)
        with contextlib.suppress(LeaseBusy):
            winners.append(acquire(store, "work", name).held.holder)

    threads = [threading.Thread(target=claim, args=(f"claim-{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert len(winners) == 1
    assert holders(store, ["work"])["work"][0].holder == winners[0]


def test_a_holder_elsewhere_is_waited_for_until_its_lease_lapses(store):
    # Another machine's holder: its process cannot be checked from here, so only the
    # expiry tells it stopped renewing.
    store.write(
        "lease_acquire",
        name="work",
        token="elsewhere-token",
        holder="run-elsewhere",
        host="another-host",
        pid=1,
        pid_namespace="another-host",
        process="theirs",
        ttl=1500,
        dead_token=None,
    )
    heard: list[str] = []

    with pytest.raises(LeaseBusy):
        acquire(store, "work", "mine")
    with acquire(store, "work", "mine", wait_s=30, on_wait=lambda h: heard.append(h.holder)):
        pass

    assert heard == ["run-elsewhere"]


def test_crawls_started_while_one_runs_wait_and_all_commit(store):
    crawl(store, 80)
    first = CrawlRun(store)
    first.observe([observe(WEB, Port=81)])
    waiting = [threading.Thread(target=crawl, args=(store, port)) for port in (82, 83, 84)]
    for thread in waiting:
        thread.start()
        time.sleep(0.3)
    time.sleep(1.0)
    assert all(thread.is_alive() for thread in waiting)  # none abandons the first

    first.complete(partition())
    first.commit()
    for thread in waiting:
        thread.join(60)

    ports = [v.properties["Port"] for v in GraphReader(store).history(WEB).versions]
    assert ports[:2] == [80, 81] and sorted(ports[2:]) == [82, 83, 84]
    assert staged(store) == NOTHING_STAGED


def test_a_crawl_started_during_a_snapshot_waits_instead_of_failing_it(store, app):
    crawling, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def slow_refresh(store_, application):
        with CrawlRun(store_) as run:  # the snapshot's own crawl holds the crawl lease
            crawling.set()
            release.wait(30)
            run.observe([observe(WEB, Port=443)])
            run.complete(partition())
            return run.commit()

    def snapshot() -> None:
        outcome["snapshot"] = take_snapshot(store, "app", refresh=slow_refresh)

    taking = threading.Thread(target=snapshot)
    taking.start()
    assert crawling.wait(30)
    other = threading.Thread(target=crawl, args=(store, 8080))
    other.start()
    time.sleep(2.0)
    release.set()
    taking.join(60)
    other.join(60)

    [taken] = list_snapshots(store, "app")
    assert taken.status == "complete" and taken.asset_count == 1
    ports = [v.properties["Port"] for v in GraphReader(store).history(WEB).versions]
    assert ports == [80, 443, 8080]


def test_crawl_waits_with_a_progress_line_then_gives_up_in_one_line(
    capsys, neo4j_env, aws, store, held_crawl_lease
):
    code, out, err = run_cli(capsys, "crawl", "--region", "us-east-1", "--wait", "1", "--json")

    assert code == 1 and out == ""
    waiting, error = err.strip().splitlines()
    assert waiting.startswith("waiting up to 1 s for the crawl in progress: run-held-by-the-test")
    assert error.startswith("cairn: error: the crawl lease is still held by run-held-by-the-test")
    assert error.endswith("after waiting 1 s")
    assert holders(store, [CRAWL_LEASE])[CRAWL_LEASE][0] == held_crawl_lease.held


@pytest.fixture
def cairn_process() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Starts real `cairn` processes; any still running at the end is killed."""
    started: list[subprocess.Popen[str]] = []

    def start(*argv: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [CAIRN, *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate()


def snapshot_taking(store) -> bool:
    return [s.status for s in list_snapshots(store, "app")] == ["taking"]


def test_sigterm_ends_a_snapshot_cleanly(
    neo4j_env, aws, store, app, held_crawl_lease, cairn_process
):
    # Its crawl waits for the crawl lease the test holds: the snapshot is mid-work.
    process = cairn_process("snapshot", "take", "app", "--json")
    wait_until(lambda: snapshot_taking(store))

    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)

    assert process.returncode == 128 + signal.SIGTERM
    assert out == "" and "Traceback" not in err
    assert err.strip().splitlines()[-1] == "cairn: interrupted by SIGTERM"
    [interrupted] = list_snapshots(store, "app")
    assert (interrupted.status, interrupted.error) == ("failed", "interrupted by SIGTERM")
    assert holders(store, [snapshot_lease("app")])[snapshot_lease("app")][0] is None
    assert take_snapshot(store, "app").status == "complete"  # at once, not hours later


def test_sigterm_ends_a_waiting_crawl_and_leaves_the_lease_to_its_holder(
    neo4j_env, aws, store, held_crawl_lease, cairn_process
):
    process = cairn_process("crawl", "--region", "us-east-1", "--json")
    assert process.stderr is not None
    assert process.stderr.readline().startswith("waiting up to 600 s for the crawl in progress")

    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)

    assert process.returncode == 128 + signal.SIGTERM
    assert err.strip() == "cairn: interrupted by SIGTERM"
    assert holders(store, [CRAWL_LEASE])[CRAWL_LEASE][0] == held_crawl_lease.held
    assert store.read("last_run_time")[0]["at"] is None  # it never began a run


def test_a_snapshot_killed_with_sigkill_does_not_block_the_next(
    neo4j_env, aws, store, app, held_crawl_lease, cairn_process
):
    process = cairn_process("snapshot", "take", "app")
    wait_until(lambda: snapshot_taking(store))
    process.kill()
    process.wait()

    taken = take_snapshot(store, "app")

    assert taken.status == "complete"
    killed = [s for s in list_snapshots(store, "app") if s.id != taken.id]
    assert [(s.status, s.error) for s in killed] == [("failed", INTERRUPTED)]
