"""The scheduler: trigger math on a fixed clock, the sync from the graph, and APScheduler's
guarantees (persistence, coalesced misfires within grace, one run at a time) on short
intervals, with a real Neo4j and a real APScheduler."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import boto3
import pytest
from apscheduler.triggers.interval import IntervalTrigger

from catalog.applications import create_application, define
from catalog.graph.lease import CRAWL_LEASE, acquire
from catalog.schedules import (
    InvalidSchedule,
    Schedule,
    build_trigger,
    crawl_schedule,
    list_schedules,
    remove_schedule,
    save_schedule,
    snapshot_schedule,
    snapshot_trigger,
)
from catalog.snapshots import INTERRUPTED, list_snapshots
from scheduler import jobs
from scheduler import service as scheduler_service
from scheduler.service import (
    SchedulerAlreadyRunning,
    SchedulerService,
    ServiceOptions,
    build_scheduler,
)
from scheduler.sync import SCHEDULES_STORE, sync_jobs

CAIRN = str(Path(sys.executable).with_name("cairn"))
RUNS_FILE = "CAIRN_TEST_RUNS"
RECORD = f"{__name__}:record_run"
SLOW = f"{__name__}:slow_run"
TEST_TARGETS = {"snapshot": RECORD, "crawl": RECORD}


def record_run(*args: object) -> None:
    """A job that notes that it ran (module-level and by reference, like the real jobs)."""
    with open(os.environ[RUNS_FILE], "a", encoding="utf-8") as runs:
        runs.write(f"ran {args!r}\n")


def slow_run(path: str) -> None:
    with open(path, "a", encoding="utf-8") as runs:
        runs.write("start\n")
    time.sleep(0.8)
    with open(path, "a", encoding="utf-8") as runs:
        runs.write("end\n")


def runs(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def wait_for_runs(path: Path, count: int, timeout: float = 5.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while len(runs(path)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return runs(path)


@pytest.fixture
def runs_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "runs.txt"
    monkeypatch.setenv(RUNS_FILE, str(path))
    return path


def schedule(trigger: dict, timezone: str = "UTC") -> Schedule:
    return Schedule(id="snapshot:app", kind="snapshot", trigger=trigger, timezone=timezone)


MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # a Monday in winter (CET, UTC+1)
JULY_NOON = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)  # summer time in Paris (CEST, UTC+2)


@pytest.mark.parametrize(
    ("trigger", "timezone", "now", "expected"),
    [
        ({"daily": "01:00"}, "UTC", MONDAY_NOON, datetime(2026, 11, 24, 1, 0, tzinfo=UTC)),
        ({"daily": "13:30"}, "UTC", MONDAY_NOON, datetime(2026, 11, 23, 13, 30, tzinfo=UTC)),
        ({"daily": "01:00"}, "Europe/Paris", MONDAY_NOON, datetime(2026, 11, 24, 0, 0, tzinfo=UTC)),
        ({"daily": "01:00"}, "Europe/Paris", JULY_NOON, datetime(2026, 7, 1, 23, 0, tzinfo=UTC)),
        (
            {"weekly": ["mon", "01:00"]},
            "UTC",
            MONDAY_NOON,
            datetime(2026, 11, 30, 1, 0, tzinfo=UTC),
        ),
        (
            {"weekly": ["fri", "23:45"]},
            "Europe/Paris",
            MONDAY_NOON,
            datetime(2026, 11, 27, 22, 45, tzinfo=UTC),
        ),
        ({"monthly": [1, "01:00"]}, "UTC", MONDAY_NOON, datetime(2026, 12, 1, 1, 0, tzinfo=UTC)),
        (
            {"monthly": [1, "01:00"]},
            "Europe/Paris",
            MONDAY_NOON,
            datetime(2026, 12, 1, 0, 0, tzinfo=UTC),
        ),
        # Past a month's end: the month's last day, never a skipped month.
        (
            {"monthly": [31, "01:00"]},
            "UTC",
            datetime(2027, 2, 1, tzinfo=UTC),
            datetime(2027, 2, 28, 1, 0, tzinfo=UTC),
        ),
        (
            {"monthly": [31, "01:00"]},
            "UTC",
            datetime(2026, 4, 1, tzinfo=UTC),
            datetime(2026, 4, 30, 1, 0, tzinfo=UTC),
        ),
        (
            {"monthly": [31, "01:00"]},
            "UTC",
            datetime(2026, 3, 1, tzinfo=UTC),
            datetime(2026, 3, 31, 1, 0, tzinfo=UTC),
        ),
        (
            {"monthly": [30, "01:00"]},
            "UTC",
            datetime(2028, 2, 1, tzinfo=UTC),
            datetime(2028, 2, 29, 1, 0, tzinfo=UTC),
        ),
    ],
)
def test_next_fire_time_on_a_fixed_clock(trigger, timezone, now, expected):
    fire = build_trigger(schedule(trigger, timezone)).get_next_fire_time(None, now)

    assert fire == expected


def test_a_monthly_schedule_on_the_30th_runs_once_in_a_31_day_month():
    trigger = build_trigger(schedule({"monthly": [30, "01:00"]}))
    first = trigger.get_next_fire_time(None, datetime(2026, 3, 1, tzinfo=UTC))
    second = trigger.get_next_fire_time(first, first + timedelta(seconds=1))

    assert first == datetime(2026, 3, 30, 1, 0, tzinfo=UTC)
    assert second == datetime(2026, 4, 30, 1, 0, tzinfo=UTC)


def test_every_minutes_fires_at_that_interval():
    crawl = crawl_schedule(15, ["eu-west-1", "us-east-1", "eu-west-1"], None, "UTC")
    previous = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

    fire = build_trigger(crawl).get_next_fire_time(previous, previous + timedelta(seconds=1))

    assert crawl.id == "crawl:default:eu-west-1,us-east-1"
    assert fire == previous + timedelta(minutes=15)


def test_daily_in_paris_follows_summer_time():
    trigger = build_trigger(schedule({"daily": "01:00"}, "Europe/Paris"))
    # Summer time ends on 2026-10-25: the same wall-clock hour is an hour later in UTC.
    before = trigger.get_next_fire_time(None, datetime(2026, 10, 24, 12, 0, tzinfo=UTC))
    after = trigger.get_next_fire_time(None, datetime(2026, 10, 25, 12, 0, tzinfo=UTC))

    assert before.astimezone(ZoneInfo("Europe/Paris")).hour == 1
    assert before == datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
    assert after == datetime(2026, 10, 26, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "options",
    [
        {"daily": "25:00"},
        {"daily": "01:60"},
        {"daily": "1:00"},
        {"weekly": ("XYZ", "01:00")},
        {"monthly": ("32", "01:00")},
        {"monthly": ("0", "01:00")},
        {"monthly": ("first", "01:00")},
        {},
        {"daily": "01:00", "weekly": ("mon", "01:00")},
    ],
)
def test_invalid_snapshot_triggers_are_refused(options):
    with pytest.raises(InvalidSchedule):
        snapshot_trigger(**options)


def test_weekday_names_are_case_insensitive():
    assert snapshot_trigger(weekly=("MON", "01:00")) == {"weekly": ["mon", "01:00"]}


@pytest.mark.parametrize(
    ("every", "regions", "timezone"),
    [(0, ["eu-west-1"], "UTC"), (15, [], "UTC"), (15, ["eu-west-1"], "Mars/Olympus")],
)
def test_invalid_crawl_schedules_are_refused(every, regions, timezone):
    with pytest.raises(InvalidSchedule):
        crawl_schedule(every, regions, None, timezone)


def test_schedules_round_trip_through_the_graph(store):
    create_application(store, define("app-infra", ["Project=app-infra"]))
    saved = save_schedule(
        store, snapshot_schedule("app-infra", {"weekly": ["mon", "01:00"]}, "Europe/Paris")
    )
    crawl = save_schedule(store, crawl_schedule(15, ["eu-west-1"], "prod", "UTC"))

    assert list_schedules(store) == [crawl, saved]
    assert saved.updated_at > 0
    assert remove_schedule(store, "crawl:prod:eu-west-1") == crawl
    assert [s.id for s in list_schedules(store)] == ["snapshot:app-infra"]


def paused_scheduler(tmp_path: Path, grace: int = 3600):
    scheduler = build_scheduler(tmp_path / "state.sqlite", grace)
    scheduler.start(paused=True)
    return scheduler


def test_sync_keeps_unchanged_jobs_and_replaces_changed_ones(store, tmp_path):
    save_schedule(store, crawl_schedule(15, ["eu-west-1"], None, "UTC"))
    save_schedule(store, crawl_schedule(60, ["us-east-1"], None, "UTC"))
    scheduler = paused_scheduler(tmp_path)
    try:
        first = sync_jobs(scheduler, list_schedules(store), 3600, TEST_TARGETS)
        before = {job.id: job.next_run_time for job in scheduler.get_jobs(SCHEDULES_STORE)}
        time.sleep(0.05)  # a replaced interval job would now get a later next run time
        save_schedule(store, crawl_schedule(15, ["eu-west-1"], None, "UTC"))  # same definition
        save_schedule(store, crawl_schedule(30, ["us-east-1"], None, "UTC"))  # changed
        second = sync_jobs(scheduler, list_schedules(store), 3600, TEST_TARGETS)
        after = {job.id: job for job in scheduler.get_jobs(SCHEDULES_STORE)}
        remove_schedule(store, "crawl:default:eu-west-1")
        third = sync_jobs(scheduler, list_schedules(store), 3600, TEST_TARGETS)
        remaining = [job.id for job in scheduler.get_jobs(SCHEDULES_STORE)]
    finally:
        scheduler.shutdown(wait=False)

    assert first.added == ["crawl:default:eu-west-1", "crawl:default:us-east-1"]
    assert second.kept == ["crawl:default:eu-west-1"]
    assert second.replaced == ["crawl:default:us-east-1"]
    assert after["crawl:default:eu-west-1"].next_run_time == before["crawl:default:eu-west-1"]
    assert after["crawl:default:us-east-1"].trigger.interval == timedelta(minutes=30)
    assert after["crawl:default:us-east-1"].args == (None, ["us-east-1"])
    assert third.removed == ["crawl:default:eu-west-1"]
    assert remaining == ["crawl:default:us-east-1"]


def test_jobs_survive_a_restart(store, tmp_path):
    save_schedule(store, crawl_schedule(15, ["eu-west-1"], None, "UTC"))
    scheduler = paused_scheduler(tmp_path)
    sync_jobs(scheduler, list_schedules(store), 3600, TEST_TARGETS)
    planned = scheduler.get_job("crawl:default:eu-west-1").next_run_time
    scheduler.shutdown()

    restarted = paused_scheduler(tmp_path)
    try:
        job = restarted.get_job("crawl:default:eu-west-1")
    finally:
        restarted.shutdown(wait=False)

    assert job.next_run_time == planned
    assert job.func_ref == RECORD


def test_a_new_grace_applies_to_kept_jobs_without_moving_them(store, tmp_path):
    save_schedule(store, crawl_schedule(15, ["eu-west-1"], None, "UTC"))
    scheduler = paused_scheduler(tmp_path)
    try:
        sync_jobs(scheduler, list_schedules(store), 3600, TEST_TARGETS)
        planned = scheduler.get_job("crawl:default:eu-west-1").next_run_time
        result = sync_jobs(scheduler, list_schedules(store), 60, TEST_TARGETS)
        job = scheduler.get_job("crawl:default:eu-west-1")
    finally:
        scheduler.shutdown(wait=False)

    assert result.kept == ["crawl:default:eu-west-1"]
    assert (job.misfire_grace_time, job.next_run_time) == (60, planned)


def start_then_miss(options: ServiceOptions, fire_in: float) -> datetime:
    """Start the service, move the schedule's next run `fire_in` seconds ahead, and stop
    before it fires, as if the machine went down. Returns the missed fire time."""
    service = SchedulerService(options, targets=TEST_TARGETS)
    service.start()
    fire_at = datetime.now(UTC) + timedelta(seconds=fire_in)
    service.scheduler.modify_job(
        "crawl:default:eu-west-1", jobstore=SCHEDULES_STORE, next_run_time=fire_at
    )
    service.stop()
    return fire_at


def test_a_run_missed_within_grace_runs_once_after_a_restart(store, neo4j_env, tmp_path, runs_file):
    save_schedule(store, crawl_schedule(15, ["eu-west-1"], None, "UTC"))
    options = ServiceOptions(tmp_path / "state.sqlite", grace_seconds=3, sync_seconds=60)
    fire_at = start_then_miss(options, fire_in=0.3)
    time.sleep(1.0)  # down when it should have fired

    service = SchedulerService(options, targets=TEST_TARGETS)
    result = service.start()
    try:
        ran = wait_for_runs(runs_file, 1)
        time.sleep(0.5)
        ran = runs(runs_file)
        next_time = service.scheduler.get_job("crawl:default:eu-west-1").next_run_time
    finally:
        service.stop()

    assert result.kept == ["crawl:default:eu-west-1"]
    assert ran == ["ran (None, ['eu-west-1'])"]
    assert next_time > fire_at + timedelta(minutes=14)


def test_a_run_missed_beyond_grace_is_skipped(store, neo4j_env, tmp_path, runs_file, caplog):
    save_schedule(store, crawl_schedule(15, ["eu-west-1"], None, "UTC"))
    options = ServiceOptions(tmp_path / "state.sqlite", grace_seconds=1, sync_seconds=60)
    start_then_miss(options, fire_in=0.2)
    time.sleep(2.0)  # missed by more than the grace

    caplog.set_level(logging.WARNING, logger="apscheduler")
    service = SchedulerService(options, targets=TEST_TARGETS)
    service.start()
    try:
        time.sleep(0.8)
        upcoming = service.scheduler.get_job("crawl:default:eu-west-1").next_run_time
    finally:
        service.stop()

    assert runs(runs_file) == []
    assert "was missed by" in caplog.text
    assert upcoming > datetime.now(UTC) + timedelta(minutes=14)


def test_a_schedule_set_while_the_scheduler_was_down_keeps_its_first_fire(tmp_path, runs_file):
    fire = (datetime.now(UTC) - timedelta(minutes=2)).replace(second=0, microsecond=0)
    daily = Schedule(
        id="snapshot:app",
        kind="snapshot",
        trigger={"daily": fire.strftime("%H:%M")},
        application="app",
        updated_at=int((fire - timedelta(minutes=3)).timestamp() * 1000),
    )
    every = Schedule(
        id="crawl:default:eu-west-1",
        kind="crawl",
        trigger={"every_minutes": 4},
        regions=("eu-west-1",),
        updated_at=int((fire - timedelta(minutes=4)).timestamp() * 1000),
    )
    scheduler = paused_scheduler(tmp_path)
    try:
        sync_jobs(scheduler, [every, daily], 3600, TEST_TARGETS)  # the scheduler starts now
        planned = {job.id: job.next_run_time for job in scheduler.get_jobs(SCHEDULES_STORE)}
        scheduler.resume()
        wait_for_runs(runs_file, 2)
        time.sleep(0.5)
    finally:
        scheduler.shutdown()

    assert planned == {"snapshot:app": fire, "crawl:default:eu-west-1": fire}
    assert sorted(runs(runs_file)) == ["ran ('app', None)", "ran (None, ['eu-west-1'])"]


def test_several_missed_fire_times_coalesce_into_one_run(tmp_path, runs_file):
    first = paused_scheduler(tmp_path, grace=2)
    start = datetime.now(UTC) + timedelta(seconds=0.2)
    # Fires at +0.2, +0.6 and +1.0 s, and never after: all of them while down.
    trigger = IntervalTrigger(seconds=0.4, start_date=start, end_date=start + timedelta(seconds=1))
    first.add_job(RECORD, trigger, args=["app"], id="snapshot:app", jobstore=SCHEDULES_STORE)
    first.shutdown()
    time.sleep(1.5)

    second = build_scheduler(tmp_path / "state.sqlite", 2)
    second.start()
    try:
        wait_for_runs(runs_file, 1)
        time.sleep(0.5)
    finally:
        second.shutdown()

    assert runs(runs_file) == ["ran ('app',)"]


def test_one_schedule_never_runs_twice_at_once(tmp_path):
    path = tmp_path / "slow.txt"
    scheduler = build_scheduler(tmp_path / "state.sqlite", 60)
    scheduler.start()
    try:
        # Fires every 0.2 s; each run takes 0.8 s.
        scheduler.add_job(
            SLOW,
            "interval",
            seconds=0.2,
            args=[str(path)],
            id="snapshot:app",
            jobstore=SCHEDULES_STORE,
        )
        time.sleep(2.0)
    finally:
        scheduler.shutdown(wait=True)

    lines = runs(path)
    assert lines.count("start") >= 2
    assert lines == ["start", "end"] * (len(lines) // 2)


def test_a_second_scheduler_on_the_same_state_is_refused(store, neo4j_env, tmp_path):
    options = ServiceOptions(tmp_path / "state.sqlite")
    first = SchedulerService(options, targets=TEST_TARGETS)
    first.start()
    try:
        with pytest.raises(SchedulerAlreadyRunning):
            SchedulerService(options, targets=TEST_TARGETS).start()
    finally:
        first.stop()
    again = SchedulerService(options, targets=TEST_TARGETS)
    again.start()
    again.stop()


def test_a_stop_during_a_sync_waits_for_it_then_stops(store, neo4j_env, tmp_path, monkeypatch):
    # APScheduler's shutdown holds its job-store lock while it waits for running jobs,
    # and the sync job takes that lock: a SIGTERM mid-sync once hung the service.
    options = ServiceOptions(tmp_path / "state.sqlite", sync_seconds=0.2)
    service = SchedulerService(options, targets=TEST_TARGETS)
    service.start()
    syncing = threading.Event()

    def slow_read(graph):
        syncing.set()
        time.sleep(0.5)  # the stop begins while the sync reads the graph
        return list_schedules(graph)

    monkeypatch.setattr(scheduler_service, "list_schedules", slow_read)
    assert syncing.wait(timeout=10), "no sync ran"
    stopping = threading.Thread(target=service.stop, daemon=True)
    stopping.start()
    stopping.join(timeout=30)

    assert not stopping.is_alive(), "the service never stopped"
    assert not service.scheduler.running


def test_the_sync_job_picks_up_a_new_schedule(store, neo4j_env, tmp_path):
    options = ServiceOptions(tmp_path / "state.sqlite", sync_seconds=0.2)
    service = SchedulerService(options, targets=TEST_TARGETS)
    service.start()
    try:
        save_schedule(store, crawl_schedule(15, ["eu-west-1"], None, "UTC"))
        deadline = time.monotonic() + 5
        while service.scheduler.get_job("crawl:default:eu-west-1") is None:
            assert time.monotonic() < deadline, "the sync never added the job"
            time.sleep(0.05)
    finally:
        service.stop()


def test_snapshot_job_crawls_then_records_a_scheduled_snapshot(store, neo4j_env, aws):
    create_application(store, define("app-infra", ["Project=app-infra"], regions=["us-east-1"]))
    jobs.take_snapshot("app-infra")  # nothing tagged in the account yet: a failed snapshot
    ec2 = boto3.client("ec2", region_name="us-east-1")
    ec2.create_vpc(
        CidrBlock="10.0.0.0/16",
        TagSpecifications=[
            {"ResourceType": "vpc", "Tags": [{"Key": "Project", "Value": "app-infra"}]}
        ],
    )

    jobs.take_snapshot("app-infra")

    taken, failed = list_snapshots(store, "app-infra")  # newest first
    assert (failed.status, failed.trigger) == ("failed", "schedule")
    assert "matches no resource" in failed.error
    assert (taken.status, taken.trigger, taken.asset_count) == ("complete", "schedule", 1)
    assert taken.run is not None


def test_a_failing_job_is_logged_not_raised(store, neo4j_env, caplog):
    caplog.set_level(logging.INFO, logger="scheduler")

    jobs.take_snapshot("no-such-app")

    assert "snapshot of no-such-app: started" in caplog.text
    assert "snapshot of no-such-app: failed: no application named 'no-such-app'" in caplog.text


def test_crawl_job_writes_a_run(store, neo4j_env, aws, caplog):
    caplog.set_level(logging.INFO, logger="scheduler")

    jobs.crawl(None, ["us-east-1"])

    assert store.read("last_run_time")[0]["at"] is not None
    ended = [r.message for r in caplog.records if r.message.startswith("crawl of")]
    assert len(ended) == 2
    assert "0 partitions failed" in ended[1]


def test_jobs_that_crawl_take_turns(store, neo4j_env, aws):
    # A crawl in progress (here or in any other process) holds the crawl lease.
    with acquire(store, CRAWL_LEASE, "run-in-progress"):
        waiting = threading.Thread(target=jobs.crawl, args=(None, ["us-east-1"]))
        waiting.start()
        waiting.join(timeout=2)
        assert waiting.is_alive()
        assert store.read("last_run_time")[0]["at"] is None
    waiting.join(timeout=60)

    assert store.read("last_run_time")[0]["at"] is not None


@contextmanager
def cairn_scheduler(state: Path) -> Iterator[subprocess.Popen[str]]:
    """A real `cairn scheduler` process, stopped at the end whatever happened; a stop that
    hangs fails with the scheduler's log."""
    log = state.with_name(f"scheduler-{time.monotonic_ns()}.log")
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [CAIRN, "scheduler", "--state", str(state), "--sync-seconds", "1"],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            # faulthandler: SIGABRT prints every thread's stack to the log.
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"},
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            process.wait(timeout=30)
            pytest.fail(f"the scheduler did not stop on SIGTERM; its log:\n{log.read_text()}")


def wait_for_snapshots(store, condition, timeout: float = 120) -> list:
    deadline = time.monotonic() + timeout
    while not condition(snapshots := list_snapshots(store, "app-infra")):
        assert time.monotonic() < deadline, f"timed out with {snapshots}"
        time.sleep(0.2)
    return snapshots


def test_a_snapshot_the_scheduler_was_killed_in_runs_again_when_it_restarts(
    store, neo4j_env, aws, tmp_path
):
    create_application(store, define("app-infra", ["Project=app-infra"], regions=["us-east-1"]))
    boto3.client("ec2", region_name="us-east-1").create_vpc(
        CidrBlock="10.0.0.0/16",
        TagSpecifications=[
            {"ResourceType": "vpc", "Tags": [{"Key": "Project", "Value": "app-infra"}]}
        ],
    )
    save_schedule(store, snapshot_schedule("app-infra", {"daily": "03:00"}, "UTC"))
    state = tmp_path / "state.sqlite"
    due = paused_scheduler(tmp_path)  # the job store as a scheduler left it: due in 1 s
    sync_jobs(due, list_schedules(store), 3600)
    soon = datetime.now(UTC) + timedelta(seconds=1)  # a time already due would be consumed
    due.modify_job("snapshot:app-infra", jobstore=SCHEDULES_STORE, next_run_time=soon)
    due.shutdown()

    with acquire(store, CRAWL_LEASE, "run-in-progress"), cairn_scheduler(state) as first:
        # Its snapshot's crawl waits for the crawl in progress: kill -9 it right there.
        wait_for_snapshots(store, lambda found: [s.status for s in found] == ["taking"])
        first.kill()
    with cairn_scheduler(state):
        snapshots = wait_for_snapshots(store, lambda found: found[0].status == "complete")

    taken, interrupted = snapshots
    assert (taken.trigger, taken.asset_count) == ("schedule", 1)
    assert (interrupted.status, interrupted.error) == ("failed", INTERRUPTED)
    assert taken.started_at - interrupted.started_at < 60_000  # not at the next 03:00
