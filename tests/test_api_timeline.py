"""Time and change over HTTP, on a real uvicorn server: the SaaS stack in moto, crawled into
a real Neo4j, changed by a console hotfix and crawled again (by the API's own startCrawl),
then asked what it was before; and an application's life through the mutations a portal
uses: create, snapshot, schedule, diff."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from catalog.aws.crawler import crawl, select_types
from catalog.aws.session import AwsAccount
from catalog.demo.stack import saas
from catalog.demo.stack.data import PARAMETER_GROUP
from catalog.graph.connection import Neo4jSettings
from catalog.graph.lease import CRAWL_LEASE, acquire
from catalog.graph.store import GraphStore
from tests.api_http import OPERATOR_TOKEN, ApiServer, Client, configured_access, poll, running

APP = "app-infra-prod"
PARAMETER_GROUP_TYPE = "AWS::RDS::DBParameterGroup"
MAX_CONNECTIONS = "properties.Parameters.max_connections"


@pytest.fixture(scope="module")
def server(neo4j_settings: Neo4jSettings) -> Iterator[ApiServer]:
    with running(neo4j_settings, configured_access()) as started:
        yield started


@pytest.fixture
def crawled(aws: str, store: GraphStore) -> tuple[saas.Application, int]:
    """The SaaS stack crawled once; and the time of that crawl (UTC ms)."""
    built = saas.build_application()
    summary = crawl(store, AwsAccount.connect(), [saas.REGION], select_types())
    return built, summary.at


@pytest.fixture
def reader(server: ApiServer) -> Client:
    return Client(server.url)


@pytest.fixture
def operator(server: ApiServer) -> Client:
    return Client(server.url, OPERATOR_TOKEN)


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat()


def start_crawl(operator: Client, reader: Client) -> dict:
    """startCrawl, then poll the run until it is committed."""
    started = operator.operation("StartCrawl", regions=[saas.REGION]).data["startCrawl"]
    assert started["status"] in {"running", "committed"} and started["startedAt"]
    run = poll(
        lambda: reader.operation("RunStatus", id=started["id"]).data["run"],
        lambda run: run["status"] != "running",
    )
    assert run["status"] == "committed", run
    assert run["partitions"] and {p["status"] for p in run["partitions"]} == {"complete"}
    assert {p["region"] for p in run["partitions"]} == {saas.REGION, "global"}
    return run


def take_snapshot(operator: Client, reader: Client, crawl: bool | None = False) -> dict:
    """takeSnapshot (crawl None: the operation's default, which crawls first), then poll the
    snapshot until it is no longer taking."""
    variables = {} if crawl is None else {"crawl": crawl}
    started = operator.operation("TakeSnapshot", application=APP, **variables).data
    snapshot = started["takeSnapshot"]
    assert snapshot["application"] == APP and snapshot["trigger"] == "on-demand"
    assert snapshot["status"] in {"taking", "complete"}
    done = poll(
        lambda: reader.operation("SnapshotStatus", id=snapshot["id"]).data["snapshot"],
        lambda found: found["status"] != "taking",
    )
    assert done["status"] == "complete", done
    return done


def test_a_past_time_gives_the_then_current_state(crawled, operator: Client, reader: Client):
    built, first_crawl = crawled
    uid = built.data.parameter_group_arn
    assert uid.endswith(f":pg:{PARAMETER_GROUP}")
    saas.apply_max_connections_hotfix()
    second_crawl = start_crawl(operator, reader)

    then = reader.operation("ResourceDetail", uid=uid, at=iso(first_crawl)).data["resource"]
    now = reader.operation("ResourceDetail", uid=uid).data["resource"]
    assert then["properties"]["Parameters"]["max_connections"] == "300"
    assert now["properties"]["Parameters"]["max_connections"] == "900"
    assert then["validFrom"] == iso(first_crawl) == now["firstSeen"] == then["firstSeen"]
    assert then["validTo"] == second_crawl["at"] == now["validFrom"]
    assert now["validTo"] is None and now["deletedAt"] is None

    history = now["history"]
    assert [version["validFrom"] for version in history] == [iso(first_crawl), second_crawl["at"]]
    assert history[0]["changes"] == []
    assert history[1]["changes"] == [{"path": MAX_CONNECTIONS, "before": "300", "after": "900"}]
    assert history[0]["closedBy"] == history[1]["openedBy"] == second_crawl["id"]

    # Before the first crawl there was nothing; the inventory at that time agrees.
    assert reader.operation("ResourceDetail", uid=uid, at=iso(first_crawl - 1)).data == {
        "resource": None
    }
    past = reader.operation(
        "Inventory", at=iso(first_crawl), filter={"type": PARAMETER_GROUP_TYPE}
    ).data["resources"]["edges"]
    assert [edge["node"]["uid"] for edge in past] == [uid]

    changes = reader.graphql(
        "query($since: DateTime!) { changes(since: $since) { uid kind changes { path after } } }",
        since=iso(first_crawl),
    ).data["changes"]
    assert changes == [
        {"uid": uid, "kind": "changed", "changes": [{"path": MAX_CONNECTIONS, "after": "900"}]}
    ]


def test_an_application_through_the_portal_mutations(crawled, operator: Client, reader: Client):
    built, first_crawl = crawled
    created = operator.operation(
        "CreateApplication",
        input={
            "name": APP,
            "tags": ["Project=app-infra", "Environment=production"],
            "regions": [saas.REGION],
            "rpoMinutes": 5,
            "rtoMinutes": 60,
            "keepLast": 10,
        },
    ).data["createApplication"]
    assert created["name"] == APP and created["regions"] == [saas.REGION]
    assert created["tags"] == [
        {"key": "Environment", "values": ["production"]},
        {"key": "Project", "values": ["app-infra"]},
    ]
    assert (created["rpoMinutes"], created["rtoMinutes"], created["keepLast"]) == (5, 60, 10)

    # The inventory narrowed to the application is exactly its assets, paged.
    timeline = reader.operation("ApplicationTimeline", name=APP, since=iso(first_crawl)).data
    assets = timeline["application"]["assets"]
    assert assets["count"] == len(assets["assets"]) > 20
    reasons = {asset["uid"]: asset["reason"] for asset in assets["assets"]}
    assert reasons[built.compute.service_arn] == "tagged"
    assert reasons[built.network.task_role_arn] == "dependency"
    inventory, after = [], None
    while True:
        page = reader.operation(
            "Inventory", first=10, after=after, filter={"application": APP}
        ).data["resources"]
        inventory += [edge["node"]["uid"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert inventory == sorted(reasons)
    assert timeline["application"]["snapshots"] == []
    assert timeline["application"]["schedule"] is None
    assert timeline["changes"] == []

    first = take_snapshot(operator, reader)
    assert first["assetCount"] == assets["count"] and first["run"] is None

    # A console hotfix, picked up by the crawl a snapshot starts with by default.
    saas.apply_max_connections_hotfix()
    second = take_snapshot(operator, reader, crawl=None)
    assert second["run"] and second["run"] != first["run"]
    run = reader.operation("RunStatus", id=second["run"]).data["run"]
    assert run["status"] == "committed" and run["stats"]

    diff = reader.operation("SnapshotDiff", **{"from": first["id"], "to": second["id"]}).data
    diff = diff["snapshotDiff"]
    assert (diff["before"], diff["after"]) == (first["id"], second["id"])
    assert (diff["added"], diff["removed"], diff["changed"]) == (0, 0, 1)
    assert diff["unchanged"] == assets["count"] - 1
    [change] = diff["changes"]
    assert (change["uid"], change["kind"]) == (built.data.parameter_group_arn, "changed")
    assert change["changes"] == [{"path": MAX_CONNECTIONS, "before": "300", "after": "900"}]
    since_first = reader.operation("SnapshotDiff", **{"from": first["id"]}).data["snapshotDiff"]
    assert since_first["after"] == "now" and since_first["changed"] == 1

    daily = operator.operation(
        "SetSchedule", application=APP, schedule={"daily": "01:00", "timezone": "Europe/Paris"}
    ).data["setSchedule"]
    assert (daily["kind"], daily["application"], daily["trigger"]) == (
        "snapshot",
        APP,
        {"daily": "01:00"},
    )
    assert daily["timezone"] == "Europe/Paris" and daily["nextRun"]

    later = reader.operation("ApplicationTimeline", name=APP, since=first["at"]).data
    application = later["application"]
    assert [s["id"] for s in application["snapshots"]] == [second["id"], first["id"]]
    assert application["schedule"]["id"] == daily["id"]
    assert application["schedule"]["trigger"] == {"daily": "01:00"}
    assert [(c["uid"], c["kind"]) for c in later["changes"]] == [
        (built.data.parameter_group_arn, "changed")
    ]
    # The application as it was at the first snapshot has the same assets.
    then = reader.operation(
        "ApplicationTimeline", name=APP, at=first["at"], since=first["at"]
    ).data["application"]["assets"]
    assert then["count"] == assets["count"]

    on_demand = operator.operation("SetSchedule", application=APP, schedule={"onDemand": True})
    assert on_demand.data == {"setSchedule": None}
    again = reader.operation("ApplicationTimeline", name=APP, since=first["at"]).data
    assert again["application"]["schedule"] is None


def test_mutation_mistakes_are_clear_and_change_nothing(crawled, operator: Client, reader: Client):
    malformed = operator.operation(
        "CreateApplication", input={"name": APP, "tags": ["Project"], "regions": [saas.REGION]}
    )
    assert malformed.messages == ["malformed tag filter 'Project': expected KEY=VALUE"]
    nothing = operator.operation("CreateApplication", input={"name": APP, "tags": ["Project=no"]})
    assert "matches no resource" in nothing.messages[0]
    assert reader.graphql("{ applications { name } }").data == {"applications": []}

    missing = operator.operation("TakeSnapshot", application="nope", crawl=False)
    assert missing.messages == ["no application named 'nope' (see `cairn app list`)"]
    schedule = operator.operation("SetSchedule", application="nope", schedule={"daily": "01:00"})
    assert schedule.messages == ["no application named 'nope' (see `cairn app list`)"]
    crawl_nowhere = operator.operation("StartCrawl", regions=[])
    assert crawl_nowhere.messages == ["startCrawl needs at least one region"]
    crawl_mars = operator.operation("StartCrawl", regions=["mars-north-1"], services=["ec2"])
    assert crawl_mars.messages == ["unknown region mars-north-1"]
    crawl_what = operator.operation("StartCrawl", regions=[saas.REGION], services=["nope"])
    assert crawl_what.messages[0].startswith("unknown service nope; known: acm, ")
    crawl_all = operator.operation("StartCrawl", regions=[saas.REGION], envValues="all")
    assert crawl_all.messages == ["unknown envValues 'all': unless-secret or none"]

    operator.operation("CreateApplication", input={"name": APP, "tags": ["Project=app-infra"]})
    bad_time = operator.operation("SetSchedule", application=APP, schedule={"daily": "25:00"})
    assert bad_time.messages == ["invalid time '25:00': expected HH:MM from 00:00 to 23:59"]
    two = operator.operation(
        "SetSchedule", application=APP, schedule={"daily": "01:00", "weekly": ["MON", "01:00"]}
    )
    assert two.messages == ["pass exactly one of --daily, --weekly, --monthly or --on-demand"]
    timeline = reader.operation("ApplicationTimeline", name=APP, since=iso(crawled[1])).data
    assert timeline["application"]["schedule"] is None


def test_start_crawl_waits_for_the_crawl_in_progress(aws, store, operator: Client, reader: Client):
    answers: list[dict] = []

    def start() -> None:
        answers.append(operator.operation("StartCrawl", regions=[saas.REGION]).data)

    with acquire(store, CRAWL_LEASE, "run-in-progress"):  # the scheduler's, say
        asking = threading.Thread(target=start)
        asking.start()
        asking.join(3)
        assert asking.is_alive()  # waiting for the crawl lock, not abandoning that crawl
    asking.join(60)

    [answer] = answers
    run = poll(
        lambda: reader.operation("RunStatus", id=answer["startCrawl"]["id"]).data["run"],
        lambda run: run["status"] != "running",
    )
    assert run["status"] == "committed"
