"""Snapshots: immutable once taken, never two at once, failures recorded, retention."""

from __future__ import annotations

import json
import threading

import pytest

from catalog.applications import Retention, create_application, define
from catalog.cli import main
from catalog.graph.writer import ingest
from catalog.snapshot_diff import diff_with_now
from catalog.snapshots import (
    SnapshotInProgress,
    get_snapshot,
    list_snapshots,
    pinned_assets,
    take_snapshot,
)
from tests.factories import ROLE, observe, partition, sg_uid

ROLE_UID = "arn:aws:iam::111122223333:role/app"


def crawl(store, *observations):
    return ingest(store, list(observations), complete=[partition(), partition(ROLE)])


@pytest.fixture
def app(store):
    crawl(
        store,
        observe(sg_uid("task"), refs={"Role": ROLE_UID}, Port=8080),
        observe(ROLE_UID, ROLE, tags={}, Policies={}),
    )
    definition = define("app", ["Project=app-infra"])
    create_application(store, definition)
    return definition


def properties(store, snapshot_id: str) -> dict[str, dict]:
    snapshot = get_snapshot(store, snapshot_id)
    return {p.asset.uid: p.document["properties"] for p in pinned_assets(store, snapshot)}


def test_a_snapshot_survives_later_changes_and_deletions(store, app):
    taken = take_snapshot(store, "app")
    crawl(store, observe(sg_uid("task"), Port=9090))  # role gone, port changed

    assert properties(store, taken.id) == {
        sg_uid("task"): {"Port": 8080},
        ROLE_UID: {"Policies": {}},
    }
    since = diff_with_now(store, taken)
    assert [(c.uid, c.kind) for c in since.changes] == [
        (ROLE_UID, "removed"),
        (sg_uid("task"), "changed"),
    ]


def test_two_snapshots_of_one_application_at_once_one_is_refused(store, app):
    crawling, release = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def slow_refresh(store_, application):
        crawling.set()
        release.wait(30)
        return crawl(
            store_,
            observe(sg_uid("task"), refs={"Role": ROLE_UID}, Port=8080),
            observe(ROLE_UID, ROLE, tags={}, Policies={}),
        )

    def first() -> None:
        results["first"] = take_snapshot(store, "app", refresh=slow_refresh)

    thread = threading.Thread(target=first)
    thread.start()
    assert crawling.wait(30)
    with pytest.raises(SnapshotInProgress, match="already being taken"):
        take_snapshot(store, "app")
    release.set()
    thread.join(60)

    statuses = [s.status for s in list_snapshots(store, "app")]
    assert statuses == ["complete"]
    assert results["first"].asset_count == 2


def test_a_failed_refresh_is_recorded_and_pins_nothing(store, app):
    def broken(store_, application):
        raise RuntimeError("endpoint down")

    with pytest.raises(RuntimeError):
        take_snapshot(store, "app", refresh=broken)

    [failed] = list_snapshots(store, "app")
    assert failed.status == "failed" and failed.error == "RuntimeError: endpoint down"
    assert take_snapshot(store, "app").status == "complete"  # the lock was released


def test_retention_keeps_the_last_n(store):
    crawl(store, observe(sg_uid("task")))
    create_application(store, define("app", ["Project=app-infra"], retention=Retention(2)))
    taken = [take_snapshot(store, "app").id for _ in range(3)]

    assert [s.id for s in list_snapshots(store, "app")] == taken[:0:-1]


def test_snapshot_cli_errors_are_one_line(capsys, neo4j_env, store, app):
    create_application(store, define("other", ["Project=app-infra"]))
    mine, theirs = take_snapshot(store, "app"), take_snapshot(store, "other")
    for argv, message in [
        (["snapshot", "show", "snap-nope"], "no snapshot 'snap-nope'"),
        (["snapshot", "take", "ghost", "--no-crawl"], "no application named 'ghost'"),
        (["snapshot", "list", "ghost"], "no application named 'ghost'"),
        (["snapshot", "diff", mine.id], "give a second snapshot id or --now"),
        (["snapshot", "diff", mine.id, theirs.id], "diff snapshots of one application"),
    ]:
        code = main(argv)
        captured = capsys.readouterr()
        assert code != 0 and captured.out == "", argv
        assert message in captured.err and captured.err.count("\n") == 1, captured.err


def test_snapshot_take_without_crawl_and_list_json(capsys, neo4j_env, app):
    assert main(["snapshot", "take", "app", "--no-crawl", "--json"]) == 0
    taken = json.loads(capsys.readouterr().out)
    assert taken["status"] == "complete" and taken["run"] is None and taken["asset_count"] == 2

    assert main(["snapshot", "list", "app", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in listed["snapshots"]] == [taken["id"]]

    assert main(["snapshot", "show", taken["id"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    role = next(a for a in shown["assets"] if a["uid"] == ROLE_UID)
    assert role["reason"] == "dependency" and role["properties"] == {"Policies": {}}


def test_snapshot_ids_stand_for_their_time(capsys, neo4j_env, store, app):
    taken = take_snapshot(store, "app")
    crawl(
        store,
        observe(sg_uid("task"), refs={"Role": ROLE_UID}, Port=9090),
        observe(ROLE_UID, ROLE, tags={}, Policies={}),
        observe(sg_uid("billing"), tags={"Project": "billing"}),
    )

    assert main(["resource", sg_uid("task"), "--at", taken.id, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["properties"] == {"Port": 8080}

    assert main(["changes", "--since", taken.id, "--json"]) == 0
    everything = {c["uid"] for c in json.loads(capsys.readouterr().out)["changes"]}
    assert everything == {sg_uid("task"), sg_uid("billing")}
    assert main(["changes", "--since", taken.id, "--app", "app", "--json"]) == 0
    scoped = json.loads(capsys.readouterr().out)["changes"]
    assert [(c["uid"], c["kind"]) for c in scoped] == [(sg_uid("task"), "changed")]


def test_simultaneous_snapshots_are_whole_or_refused(store, app):
    start = threading.Barrier(4)
    outcomes: list[object] = []

    def take() -> None:
        start.wait(10)
        try:
            outcomes.append(take_snapshot(store, "app"))
        except SnapshotInProgress as refused:
            outcomes.append(refused)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    taken = [o for o in outcomes if not isinstance(o, SnapshotInProgress)]
    assert len(outcomes) == 4 and taken
    assert {(s.status, s.asset_count) for s in taken} == {("complete", 2)}
    listed = list_snapshots(store, "app")
    assert sorted(s.id for s in listed) == sorted(s.id for s in taken)
    assert all(len(pinned_assets(store, s)) == 2 for s in listed)
