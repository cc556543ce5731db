"""Inputs Cairn must refuse, and answers it must not get wrong (issue 13, item 6): times in
the future, as-of reads when a resource did not exist, unknown regions, malformed GraphQL
tag filters and cursors, AWS failures recorded as one readable line, and tables piped off
a terminal. Real Neo4j, real moto over HTTP, the real CLI and API server."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

from catalog.api.resource import encode_cursor
from catalog.aws.crawler import crawl, select_types
from catalog.aws.failure import failure_reason
from catalog.aws.session import AwsAccount
from catalog.clock import format_time, now_ms
from catalog.graph.connection import Neo4jSettings
from catalog.graph.writer import ingest
from catalog.schedules import list_schedules
from tests.api_http import ApiServer, Client, configured_access, running
from tests.cli_runner import cairn, run_cli
from tests.factories import ROLE, observe, partition, sg_uid

ROLE_UID = "arn:aws:iam::111122223333:role/app"
TASK = sg_uid("task")
FUTURE = "2099-01-01T00:00:00Z"
CAIRN = str(Path(sys.executable).with_name("cairn"))  # the installed console script


@pytest.fixture
def crawled(store):
    """The task group refers to the role; both seen by one crawl."""
    return ingest(
        store,
        [observe(ROLE_UID, ROLE), observe(TASK, refs={"TaskRoleArn": ROLE_UID})],
        complete=[partition(), partition(ROLE)],
    )


@pytest.fixture(scope="module")
def server(neo4j_settings: Neo4jSettings) -> Iterator[ApiServer]:
    with running(neo4j_settings, configured_access()) as started:
        yield started


@pytest.fixture
def reader(server: ApiServer, crawled) -> Client:
    return Client(server.url)


def one_error_line(capsys, *argv: str) -> str:
    """The message of a command that must fail with one line on stderr and nothing on stdout."""
    code, out, err = run_cli(capsys, *argv)
    assert code != 0 and out == "", (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0].removeprefix("cairn: error: ")


# --- a TIME in the future -----------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["impact", ROLE_UID, "--at", FUTURE],
        ["resource", ROLE_UID, "--at", FUTURE],
        ["changes", "--since", FUTURE],
        ["changes", "--since", "2020-01-01T00:00:00Z", "--until", FUTURE],
        ["app", "preview", "app-infra", "--at", FUTURE],
        ["restore", "plan", "--app", "app-infra", "--at", FUTURE, "--target-region", "us-west-2"],
    ],
)
def test_a_time_in_the_future_is_refused_not_answered_with_todays_data(
    capsys, neo4j_env, crawled, tmp_path, argv
):
    cairn(capsys, "app", "create", "app-infra", "--tag", "Project=app-infra")
    out = tmp_path / "plan"
    extra = ["--out", str(out)] if argv[0] == "restore" else []

    message = one_error_line(capsys, *argv, *extra)

    assert message.startswith("2099-01-01T00:00:00.000Z is in the future (now is ")
    assert message.endswith("): the catalog only knows the past")
    assert not out.exists()  # the runbook must not say "taken 2099-01-01"


def test_a_time_a_few_seconds_ahead_is_clock_skew_and_accepted(capsys, neo4j_env, crawled):
    ahead = format_time(now_ms() + 20_000)

    found = cairn(capsys, "impact", ROLE_UID, "--at", ahead)

    assert found["count"] == 1


def test_graphql_refuses_a_future_at_since_and_until(reader: Client):
    message = "2099-01-01T00:00:00.000Z is in the future (now is "
    for query in (
        'query($uid: ID!) { resource(uid: $uid, at: "2099-01-01T00:00:00Z") { uid } }',
        'query($uid: ID!) { impact(uid: $uid, at: "2099-01-01T00:00:00Z") { count } }',
        'query($uid: ID!) { resource(uid: $uid) { dependents(at: "2099-01-01T00:00:00Z") '
        "{ uid } } }",
    ):
        reply = reader.graphql(query, uid=ROLE_UID)
        assert [m.startswith(message) for m in reply.messages] == [True], reply.body
    reply = reader.graphql('{ changes(since: "2099-01-01T00:00:00Z") { uid } }')
    assert [m.startswith(message) for m in reply.messages] == [True], reply.body
    reply = reader.graphql(
        '{ changes(since: "2020-01-01T00:00:00Z", until: "2099-01-01T00:00:00Z") { uid } }'
    )
    assert [m.startswith(message) for m in reply.messages] == [True], reply.body


# --- as-of reads of a resource that did not exist then ------------------------------------


def test_impact_before_the_resource_existed_says_so_not_zero_dependents(capsys, neo4j_env, crawled):
    before = format_time(crawled.at - 60_000)

    message = one_error_line(capsys, "impact", ROLE_UID, "--at", before, "--json")

    assert message == f"{ROLE_UID} did not exist at {before}: first seen {format_time(crawled.at)}"


def test_impact_after_the_resource_was_deleted_says_when(capsys, neo4j_env, store, crawled):
    gone = ingest(store, [observe(TASK)], complete=[partition(), partition(ROLE)])

    message = one_error_line(capsys, "impact", ROLE_UID)

    assert message.startswith(f"{ROLE_UID} did not exist at ")
    assert message.endswith(f": deleted at {format_time(gone.at)}")
    # While it existed, the impact is still answered.
    assert cairn(capsys, "impact", ROLE_UID, "--at", format_time(crawled.at))["count"] == 1


def test_resource_at_a_time_before_it_existed_says_when_it_was_first_seen(
    capsys, neo4j_env, crawled
):
    before = format_time(crawled.at - 1)

    message = one_error_line(capsys, "resource", TASK, "--at", before)

    assert message == f"{TASK} did not exist at {before}: first seen {format_time(crawled.at)}"


def test_impact_of_a_resource_never_crawled_still_lists_what_refers_to_it(capsys, neo4j_env, store):
    # Only the group was crawled: the role is a stub known from the group's reference.
    ingest(store, [observe(TASK, refs={"TaskRoleArn": ROLE_UID})], complete=[partition()])

    found = cairn(capsys, "impact", ROLE_UID)

    assert [item["uid"] for item in found["dependents"]] == [TASK]


def test_graphql_impact_before_the_resource_existed_is_an_error(reader: Client, crawled):
    before = format_time(crawled.at - 60_000)

    reply = reader.operation("ImpactCheck", uid=ROLE_UID, at=before)

    assert reply.body["data"] is None
    assert reply.messages == [
        f"{ROLE_UID} did not exist at {before}: first seen {format_time(crawled.at)}"
    ]


# --- regions ------------------------------------------------------------------------------


def test_schedule_crawl_refuses_an_unknown_region_like_the_api(capsys, neo4j_env, store):
    message = one_error_line(
        capsys, "schedule", "crawl", "--every", "60", "--region", "mars-1", "--json"
    )

    assert message == "unknown region mars-1"
    assert list_schedules(store) == []


def test_crawl_refuses_an_unknown_region_before_it_starts(capsys, neo4j_env, store, aws):
    message = one_error_line(capsys, "crawl", "--region", "us-east-1", "--region", "mars-1")

    assert message == "unknown region mars-1"
    assert store.read("last_run_time")[0]["at"] is None  # no run was begun


# --- GraphQL tag filters and cursors ------------------------------------------------------


@pytest.mark.parametrize("tag", ["Project", "=app-infra", ""])
def test_a_tag_filter_without_key_and_equals_is_an_error(reader: Client, tag: str):
    reply = reader.operation("Inventory", filter={"tag": tag})

    assert reply.status == 200 and reply.body["data"] is None
    assert reply.messages == [f"malformed tag filter {tag!r}: expected KEY=VALUE"]


def test_a_tag_filter_with_an_empty_value_is_accepted(reader: Client):
    page = reader.operation("Inventory", filter={"tag": "Project="}).data["resources"]

    assert page["edges"] == []


@pytest.mark.parametrize(
    "cursor",
    [
        encode_cursor("a"),  # before every uid: would silently be page 1
        encode_cursor("arn:aws:iam::111122223333:role/not-in-the-catalog"),
        encode_cursor(ROLE_UID) + "!",  # base64 decoding alone skips the stray character
        "====",
    ],
)
def test_a_forged_or_malformed_inventory_cursor_is_an_error(reader: Client, cursor: str):
    reply = reader.operation("Inventory", first=1, after=cursor)

    assert reply.status == 200 and reply.body["data"] is None
    assert reply.messages == [f"invalid cursor {cursor!r}: pass an endCursor you were given"]


def test_a_cursor_the_api_gave_still_pages(reader: Client):
    first = reader.operation("Inventory", first=1).data["resources"]
    after = first["pageInfo"]["endCursor"]

    second = reader.operation("Inventory", first=1, after=after).data["resources"]

    assert [edge["node"]["uid"] for edge in first["edges"] + second["edges"]] == [
        ROLE_UID,
        TASK,
    ]


def test_a_forged_impact_cursor_is_an_error(reader: Client):
    forged = encode_cursor("arn:aws:iam::111122223333:role/not-a-dependent")

    reply = reader.operation("ImpactCheck", uid=ROLE_UID, after=forged)

    assert reply.body["data"] is None
    assert reply.messages == ["that cursor is not in this result any more: start again"]


# --- partition errors ---------------------------------------------------------------------


def test_a_failed_partition_records_code_and_message_never_a_page(aws, store):
    # moto has no backend for a region it does not know and answers with an HTML error
    # page: as a proxy or an outage would. JSON services get a bare "500" ClientError with
    # the page as its message; query services cannot parse the page at all.
    summary = crawl(store, AwsAccount.connect(), ["mars-1"], select_types(["lambda", "ec2"]))

    run = store.read("run_by_id", run=summary.id)[0]
    errors = {p["type"]: p["error"] for p in run["partitions"] if p["region"] == "mars-1"}
    assert errors["AWS::Lambda::Function"] == "HTTP 500: Internal Server Error"
    assert errors["AWS::EC2::VPC"] == (
        "ResponseParserError: Unable to parse response (syntax error: line 1, column 0), "
        "invalid XML received. Further retries may succeed"
    )
    assert all("<" not in error and "\n" not in error for error in errors.values()), errors


def test_a_client_error_is_told_as_its_code_and_message(aws):
    iam = boto3.client("iam", region_name="us-east-1")
    with pytest.raises(ClientError) as raised:
        iam.get_role(RoleName="app-task")

    assert failure_reason(raised.value) == "NoSuchEntity: Role app-task not found"


def test_an_error_without_a_code_is_told_by_its_http_status(aws):
    s3 = boto3.client("s3", region_name="us-east-1")
    with pytest.raises(ClientError) as raised:
        s3.head_bucket(Bucket="no-such-bucket")  # HEAD: no body, no code, no message

    assert failure_reason(raised.value) == "HTTP 404: Not Found"


def test_an_endpoint_answering_with_a_web_page_is_one_line_not_a_traceback(
    aws, neo4j_env, capsys, monkeypatch
):
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"{aws}/not-an-aws-endpoint")  # an HTML 404 page

    message = one_error_line(capsys, "crawl", "--region", "us-east-1")

    assert message == (
        "cannot identify the AWS account: ResponseParserError: Unable to parse response "
        "(syntax error: line 1, column 0), invalid XML received. Further retries may succeed"
    )


# --- tables off a terminal ----------------------------------------------------------------


def test_snapshot_list_piped_keeps_whole_ids(capsys, neo4j_env, crawled):
    cairn(capsys, "app", "create", "app-infra-production-eu", "--tag", "Project=app-infra")
    taken = cairn(capsys, "snapshot", "take", "app-infra-production-eu", "--no-crawl")
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}

    # stdout is a pipe, as in `cairn snapshot list APP | cat`; no terminal anywhere.
    listed = subprocess.run(
        [CAIRN, "snapshot", "list", "app-infra-production-eu"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )

    assert taken["id"] in listed.stdout
    assert taken["at"] in listed.stdout
    assert "…" not in listed.stdout
