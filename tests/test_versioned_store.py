"""The versioned store on a real Neo4j: versions, intervals, runs, partitions, stubs."""

from __future__ import annotations

import time

import pytest

from catalog.clock import END_OF_TIME
from catalog.errors import CairnError
from catalog.graph.lease import CRAWL_LEASE
from catalog.graph.reader import GraphReader
from catalog.graph.store import GraphStore
from catalog.graph.writer import CrawlRun, ingest
from tests import crawl_child
from tests.factories import ROLE, observe, partition, sg_uid

WEB, DB = sg_uid("web"), sg_uid("db")
NOTHING_STAGED = {"versions": 0, "references": 0, "closes": 0}


def versions(store: GraphStore, uid: str) -> list[tuple[int, int]]:
    return [(v.valid_from, v.valid_to) for v in GraphReader(store).history(uid).versions]


def staged(store: GraphStore) -> dict[str, int]:
    """What is staged and not committed, by any run."""
    return dict(store.read("staged_work")[0])


def stall(store: GraphStore, run: CrawlRun) -> None:
    """As if the run's process had stalled longer than its crawl lease lasts."""
    store.write("lease_renew", name=CRAWL_LEASE, token=run.lease.held.token, ttl=-1)


def test_same_observation_twice_writes_no_new_state(store):
    first = ingest(store, [observe(WEB, Port=443)], complete=[partition()])
    second = ingest(store, [observe(WEB, Port=443)], complete=[partition()])

    assert second.stats.unchanged == 1 and second.stats.changed == 0
    assert versions(store, WEB) == [(first.at, END_OF_TIME)]


def test_property_change_makes_exactly_one_version_and_closes_the_old_at_crawl_time(store):
    first = ingest(store, [observe(WEB, Port=80)], complete=[partition()])
    second = ingest(store, [observe(WEB, Port=443)], complete=[partition()])

    assert versions(store, WEB) == [(first.at, second.at), (second.at, END_OF_TIME)]
    history = GraphReader(store).history(WEB)
    assert [(c.path, c.before, c.after) for c in history.versions[1].changes] == [
        ("properties.Port", 80, 443)
    ]


def test_resource_missing_from_a_clean_partition_is_closed(store):
    ingest(store, [observe(WEB), observe(DB)], complete=[partition()])
    gone = ingest(store, [observe(WEB)], complete=[partition()])

    reader = GraphReader(store)
    assert reader.resource_at(DB, gone.at) is None
    assert reader.resource_at(DB, gone.at - 1) is not None
    assert gone.stats.deleted == 1


def test_resource_missing_from_a_failed_partition_stays_open_and_the_run_records_why(store):
    ingest(store, [observe(WEB), observe(DB)], complete=[partition()])
    error = "AccessDenied: not authorized to perform ec2:DescribeSecurityGroups"
    failed = ingest(store, [observe(WEB)], failed={partition(): error})

    assert GraphReader(store).resource_at(DB, failed.at) is not None
    assert failed.stats.deleted == 0
    run = store.read("run_by_id", run=failed.id)[0]
    assert run["run"]["status"] == "committed"
    assert [(p["type"], p["status"], p["error"]) for p in run["partitions"]] == [
        (partition().type, "failed", error)
    ]


def test_partition_never_reported_complete_closes_nothing(store):
    ingest(store, [observe(WEB), observe(DB)], complete=[partition()])
    partial = ingest(store, [observe(WEB)])

    assert GraphReader(store).resource_at(DB, partial.at) is not None


def test_a_clean_partition_closes_only_its_own_type(store):
    role = "arn:aws:iam::111122223333:role/app"
    ingest(store, [observe(WEB), observe(role, ROLE)], complete=[partition(), partition(ROLE)])
    later = ingest(store, [observe(WEB)], complete=[partition()])

    assert GraphReader(store).resource_at(role, later.at) is not None


def test_resource_that_disappears_and_comes_back_gets_a_new_interval(store):
    first = ingest(store, [observe(WEB)], complete=[partition()])
    gone = ingest(store, [], complete=[partition()])
    back = ingest(store, [observe(WEB)], complete=[partition()])

    assert versions(store, WEB) == [(first.at, gone.at), (back.at, END_OF_TIME)]
    assert GraphReader(store).resource_at(WEB, gone.at) is None


def test_reference_to_an_uncrawled_uid_is_kept_as_a_stub_and_later_resolved(store):
    ingest(store, [observe(DB, refs={"IpPermissions[0].GroupId": WEB})], complete=[partition()])

    reader = GraphReader(store)
    [target] = reader.references_out(DB)
    assert (target.uid, target.unresolved, target.present) == (WEB, True, False)
    assert reader.history(WEB).unresolved

    ingest(
        store,
        [observe(DB, refs={"IpPermissions[0].GroupId": WEB}), observe(WEB)],
        complete=[partition()],
    )
    [target] = reader.references_out(DB)
    assert (target.uid, target.unresolved, target.present) == (WEB, False, True)


def test_moved_reference_closes_the_old_edge_and_opens_the_new(store):
    api = sg_uid("api")
    field = "IpPermissions[0].GroupId"
    first = ingest(
        store, [observe(DB, refs={field: WEB}), observe(WEB), observe(api)], complete=[partition()]
    )
    moved = ingest(
        store, [observe(DB, refs={field: api}), observe(WEB), observe(api)], complete=[partition()]
    )

    reader = GraphReader(store)
    assert [n.uid for n in reader.references_out(DB, first.at)] == [WEB]
    assert [n.uid for n in reader.references_out(DB, moved.at)] == [api]
    assert [n.uid for n in reader.references_in(WEB, moved.at)] == []
    intervals = {(r.target, r.valid_from, r.valid_to) for r in reader.history(DB).references}
    assert intervals == {(WEB, first.at, moved.at), (api, moved.at, END_OF_TIME)}


def test_unchanged_reference_keeps_one_interval_when_other_properties_change(store):
    first = ingest(
        store, [observe(DB, refs={"VpcId": WEB}, Port=1), observe(WEB)], complete=[partition()]
    )
    ingest(store, [observe(DB, refs={"VpcId": WEB}, Port=2), observe(WEB)], complete=[partition()])

    [interval] = GraphReader(store).history(DB).references
    assert (interval.valid_from, interval.valid_to) == (first.at, END_OF_TIME)


def test_deleted_resource_closes_its_outgoing_references(store):
    ingest(store, [observe(DB, refs={"VpcId": WEB}), observe(WEB)], complete=[partition()])
    gone = ingest(store, [observe(WEB)], complete=[partition()])

    reader = GraphReader(store)
    assert reader.references_in(WEB, gone.at) == []
    assert [n.uid for n in reader.references_in(WEB, gone.at - 1)] == [DB]


def test_as_of_reads_are_exact_at_interval_boundaries(store):
    first = ingest(store, [observe(WEB, Port=80)], complete=[partition()])
    second = ingest(store, [observe(WEB, Port=443)], complete=[partition()])
    reader = GraphReader(store)

    assert reader.resource_at(WEB, first.at - 1) is None
    assert reader.resource_at(WEB, first.at).properties == {"Port": 80}
    assert reader.resource_at(WEB, second.at - 1).properties == {"Port": 80}
    assert reader.resource_at(WEB, second.at).properties == {"Port": 443}
    assert [v.properties for v in reader.resources_at([WEB, DB], second.at - 1)] == [{"Port": 80}]


def test_changes_between_two_times(store):
    api = sg_uid("api")
    first = ingest(store, [observe(WEB, Port=80), observe(DB)], complete=[partition()])
    second = ingest(store, [observe(WEB, Port=443), observe(api)], complete=[partition()])
    third = ingest(store, [observe(WEB, Port=443), observe(api)], complete=[partition()])
    reader = GraphReader(store)

    found = {change.uid: change for change in reader.changes(first.at, second.at)}
    assert {uid: change.kind for uid, change in found.items()} == {
        WEB: "changed",
        DB: "deleted",
        api: "created",
    }
    assert [(c.path, c.before, c.after) for c in found[WEB].changes] == [
        ("properties.Port", 80, 443)
    ]
    assert reader.changes(second.at, third.at) == []
    assert {c.uid for c in reader.changes(first.at - 1, first.at)} == {WEB, DB}


def test_dependents_come_with_shortest_paths_and_survive_cycles(store):
    role = "arn:aws:iam::111122223333:role/app"
    task, service = sg_uid("task"), sg_uid("service")
    observations = [
        observe(role, ROLE),
        observe(task, refs={"TaskRoleArn": role}),
        observe(service, refs={"TaskDefinition": task, "Role": role}),
        observe(WEB, refs={"Ingress": DB}),
        observe(DB, refs={"Ingress": WEB, "Service": service}),
    ]
    run = ingest(store, observations, complete=[partition(), partition(ROLE)])

    found = {d.uid: d for d in GraphReader(store).impact(role, run.at, depth=5).dependents}
    assert {uid: d.depth for uid, d in found.items()} == {task: 1, service: 1, DB: 2, WEB: 3}
    assert [(hop.source, hop.field) for hop in found[WEB].path] == [
        (WEB, "Ingress"),
        (DB, "Service"),
        (service, "Role"),
    ]
    shallow = GraphReader(store).impact(role, run.at, depth=1).dependents
    assert {d.uid for d in shallow} == {task, service}


def test_dependents_at_a_past_time_follow_the_references_of_that_time(store):
    role = "arn:aws:iam::111122223333:role/app"
    before = ingest(
        store,
        [observe(role, ROLE), observe(WEB, refs={"Role": role})],
        complete=[partition(), partition(ROLE)],
    )
    after = ingest(
        store, [observe(role, ROLE), observe(WEB)], complete=[partition(), partition(ROLE)]
    )

    reader = GraphReader(store)
    assert [d.uid for d in reader.impact(role, before.at).dependents] == [WEB]
    assert reader.impact(role, after.at).dependents == []


def test_crawl_interrupted_between_batches_leaves_nothing_visible(store):
    original = ingest(store, [observe(WEB, Port=80), observe(DB, Port=80)], complete=[partition()])

    with pytest.raises(RuntimeError), CrawlRun(store, batch_size=1) as run:
        run.observe([observe(WEB, Port=443), observe(DB, Port=443), observe(sg_uid("new"))])
        run.complete(partition())
        raise RuntimeError("throttled, crawler gave up")

    reader = GraphReader(store)
    assert reader.resource_at(WEB).properties == {"Port": 80}
    assert reader.resource_at(sg_uid("new")) is None
    assert versions(store, WEB) == [(original.at, END_OF_TIME)]
    failed = store.read("run_by_id", run=run.id)[0]["run"]
    assert failed["status"] == "failed" and "throttled" in failed["error"]
    assert staged(store) == NOTHING_STAGED


def test_a_killed_crawl_is_invisible_and_discarded_by_the_next_run(store, neo4j_env):
    original = ingest(store, [observe(WEB, Port=80)], complete=[partition()])
    child, killed = crawl_child.start(neo4j_env)  # staged WEB (Port 443) and DB
    reader = GraphReader(store)
    assert reader.resource_at(WEB).properties == {"Port": 80}
    assert reader.resource_at(DB) is None
    child.kill()  # kill -9: no cleanup of any kind
    child.wait()

    started = time.monotonic()
    after = ingest(store, [observe(WEB, Port=80)], complete=[partition()])

    # Its process is gone, so its crawl lease was taken over at once, not after it lapsed.
    assert time.monotonic() - started < 10
    assert after.stats.unchanged == 1
    assert versions(store, WEB) == [(original.at, END_OF_TIME)]
    assert store.read("run_by_id", run=killed)[0]["run"]["status"] == "abandoned"
    assert store.read("resource_identity", uid=DB) == []
    assert staged(store) == NOTHING_STAGED


def test_a_run_with_an_invalid_observation_writes_nothing(store):
    ingest(store, [observe(WEB, Port=80)], complete=[partition()])

    with pytest.raises(Exception, match="expected an Observation"), CrawlRun(store) as run:
        run.observe([observe(DB), {"uid": "not-an-observation"}])
        run.commit()

    assert GraphReader(store).resource_at(DB) is None


def test_a_run_that_lost_its_lease_stores_nothing_even_what_it_staged_after(store):
    ingest(store, [observe(WEB, Port=80)], complete=[partition()])
    stalled = CrawlRun(store, batch_size=1)
    stalled.observe([observe(WEB, Port=443)])
    stall(store, stalled)
    taker = ingest(store, [observe(WEB, Port=80)], complete=[partition()])
    # It has not noticed yet: it stages on, after the run that took over discarded its work.
    stalled.observe([observe(DB, refs={"Peer": WEB})])

    with pytest.raises(CairnError, match="lost the crawl lease"):
        stalled.commit()

    assert GraphReader(store).resource_at(WEB).properties == {"Port": 80}
    assert store.read("resource_identity", uid=DB) == []
    assert staged(store) == NOTHING_STAGED
    assert store.read("run_by_id", run=stalled.id)[0]["run"]["status"] == "abandoned"
    assert store.read("run_by_id", run=taker.id)[0]["run"]["status"] == "committed"


def test_each_version_names_the_runs_that_opened_and_closed_it(store):
    first = ingest(store, [observe(WEB, Port=80)], complete=[partition()])
    second = ingest(store, [observe(WEB, Port=443)], complete=[partition()])

    runs = [(v.opened_by, v.closed_by) for v in GraphReader(store).history(WEB).versions]
    assert runs == [(first.id, second.id), (second.id, None)]
