"""`cairn prune`: history goes, pinned versions and retention windows stay."""

from __future__ import annotations

import json

from catalog.applications import Retention, create_application, define
from catalog.cli import main
from catalog.graph.reader import GraphReader
from catalog.graph.writer import CrawlRun, ingest
from catalog.snapshots import get_snapshot, pinned_assets, take_snapshot
from tests.factories import observe, partition, sg_uid
from tests.test_versioned_store import NOTHING_STAGED, staged, stall

TASK, GONE = sg_uid("task"), sg_uid("gone")


def crawl(store, *observations):
    return ingest(store, list(observations), complete=[partition()])


def prune_json(capsys, *argv: str) -> dict:
    assert main(["prune", "--older-than", "0", "--json", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_prune_keeps_pinned_and_current_versions(capsys, neo4j_env, store):
    crawl(store, observe(TASK, Port=1), observe(GONE, refs={"Peer": TASK}))
    create_application(store, define("app", ["Project=app-infra"]))
    pinned = take_snapshot(store, "app")
    crawl(store, observe(TASK, Port=2))  # GONE deleted; Port=1 stays pinned
    crawl(store, observe(TASK, Port=3))  # Port=2 is history no one needs

    assert prune_json(capsys, "--dry-run") | {"cutoff": None, "requested_cutoff": None} == {
        "cutoff": None,
        "requested_cutoff": None,
        "held_by": None,
        "versions": 1,
        "references": 1,
        "resources": None,
        "dry_run": True,
        "staged": None,
    }
    result = prune_json(capsys)

    assert (result["versions"], result["references"], result["resources"]) == (1, 1, 0)
    assert result["staged"] == 0
    ports = [v.properties["Port"] for v in GraphReader(store).history(TASK).versions]
    assert ports == [1, 3]
    kept = pinned_assets(store, get_snapshot(store, pinned.id))
    assert sorted(p.asset.uid for p in kept) == sorted([TASK, GONE])
    assert {p.asset.uid: p.asset.references for p in kept}[GONE][0].target == TASK


def test_unpinned_deleted_resources_go_entirely(capsys, neo4j_env, store):
    crawl(store, observe(TASK), observe(GONE))
    crawl(store, observe(TASK))

    assert prune_json(capsys)["resources"] == 1
    assert main(["history", GONE]) == 1
    assert "no resource" in capsys.readouterr().err


def test_a_retention_window_holds_the_cutoff_back(capsys, neo4j_env, store):
    crawl(store, observe(TASK, Port=1))
    crawl(store, observe(TASK, Port=2))
    create_application(store, define("app", ["Project=app-infra"], retention=Retention(None, 30)))

    result = prune_json(capsys)

    assert result["held_by"] == "app" and result["versions"] == 0
    assert len(GraphReader(store).history(TASK).versions) == 2


def test_prune_removes_what_an_abandoned_crawl_left_staged(capsys, neo4j_env, store):
    crawl(store, observe(TASK, Port=1))
    stalled = CrawlRun(store, batch_size=1)
    stall(store, stalled)
    crawl(store, observe(TASK, Port=1))  # takes the crawl lease over, abandoning it
    # It stages on before noticing, then its process dies: no one discards this.
    stalled.observe([observe(TASK, Port=2), observe(GONE, refs={"Peer": TASK})])
    assert staged(store) == {"versions": 2, "references": 1, "closes": 1}

    result = prune_json(capsys)

    assert staged(store) == NOTHING_STAGED
    assert (result["staged"], result["resources"]) == (3, 1)
    assert main(["history", GONE]) == 1
    assert [v.properties["Port"] for v in GraphReader(store).history(TASK).versions] == [1]
