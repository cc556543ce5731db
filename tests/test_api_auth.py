"""Who gets in and what goes wrong, over HTTP on a real uvicorn server: bearer tokens and
roles, anonymous access only when enabled, query limits, and errors that are GraphQL
errors with a clear message (internal ones masked), never a 500 with a stack trace."""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog.api.access import Access, InvalidAccess, Role
from catalog.api.schema import MAX_ALIASES, MAX_QUERY_DEPTH, MAX_TOKENS
from catalog.graph.connection import Neo4jSettings
from catalog.graph.reader import GraphReader
from catalog.graph.store import GraphStore
from tests.api_http import (
    OPERATOR_TOKEN,
    READER_TOKEN,
    ApiServer,
    Client,
    configured_access,
    running,
)

APPLICATIONS = "{ applications { name } }"
CREATE = """mutation($name: String!) {
  createApplication(input: {name: $name, tags: ["Project=x"], allowEmpty: true}) { name }
}"""


@pytest.fixture(scope="module")
def server(neo4j_settings: Neo4jSettings) -> Iterator[ApiServer]:
    with running(neo4j_settings, configured_access()) as started:
        yield started


@pytest.fixture
def reader(server: ApiServer, store: GraphStore) -> Client:
    return Client(server.url, READER_TOKEN)


@pytest.fixture
def operator(server: ApiServer, store: GraphStore) -> Client:
    return Client(server.url, OPERATOR_TOKEN)


def names(client: Client) -> list[str]:
    return [app["name"] for app in client.graphql(APPLICATIONS).data["applications"]]


# --- tokens and roles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token-0123456789", f"Basic {READER_TOKEN}", "Bearer "],
    ids=["missing", "wrong", "not-bearer", "empty"],
)
def test_no_valid_token_is_401(server: ApiServer, store: GraphStore, authorization: str | None):
    client = Client(server.url, token=None)
    headers = {"Authorization": authorization} if authorization else {}
    reply = client.request("/graphql", {"query": APPLICATIONS}, headers=headers)
    assert reply.status == 401
    assert reply.headers["WWW-Authenticate"] == 'Bearer realm="cairn"'
    assert reply.body == {"errors": [{"message": "missing or invalid bearer token"}]}


def test_a_reader_queries_but_may_not_mutate(reader: Client):
    assert reader.graphql(APPLICATIONS).data == {"applications": []}
    refused = reader.graphql(CREATE, name="portal")
    assert refused.status == 403
    assert refused.body["data"] is None
    [error] = refused.body["errors"]
    assert error["message"] == "this mutation needs a token with the operator role"
    assert error["extensions"] == {"code": "FORBIDDEN"}
    assert names(reader) == []  # nothing was created


def test_an_operator_mutates(operator: Client, reader: Client):
    created = operator.graphql(CREATE, name="portal").data
    assert created == {"createApplication": {"name": "portal"}}
    assert names(reader) == ["portal"]
    # Defined before any crawl (allowEmpty): no assets yet, which is an answer, not an error.
    listed = reader.graphql("{ applications { name assets { count assets { uid } } } }").data
    assert listed == {"applications": [{"name": "portal", "assets": {"count": 0, "assets": []}}]}
    page = reader.operation("Inventory", filter={"application": "portal"}).data["resources"]
    assert page == {"edges": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}
    assert reader.graphql('mutation { deleteApplication(name: "portal") }').status == 403
    assert names(reader) == ["portal"]
    assert operator.graphql('mutation { deleteApplication(name: "portal") }').data == {
        "deleteApplication": True
    }
    assert names(reader) == []


def test_mutations_are_refused_over_get(reader: Client, operator: Client):
    reply = operator.request("/graphql?query=mutation%7BdeleteApplication(name:%22x%22)%7D")
    assert reply.status == 400
    assert reader.request("/graphql?query=%7Bapplications%7Bname%7D%7D").data == {
        "applications": []
    }


def test_anonymous_access_only_when_enabled(neo4j_settings: Neo4jSettings, store: GraphStore):
    with running(neo4j_settings, Access(anonymous=Role.READER)) as server:
        anonymous = Client(server.url, token=None)
        assert anonymous.graphql(APPLICATIONS).data == {"applications": []}
        refused = anonymous.graphql(CREATE, name="portal")
        assert refused.status == 403
        assert refused.body["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
        # A token that is not configured is still refused, not demoted to anonymous.
        assert Client(server.url, READER_TOKEN).graphql(APPLICATIONS).status == 401
    with pytest.raises(InvalidAccess, match="no API tokens"):
        Access.configure()


def test_tokens_from_a_file(tmp_path: Path, neo4j_settings: Neo4jSettings, store: GraphStore):
    tokens = tmp_path / "tokens"
    tokens.write_text(f"# portal\nreader:{READER_TOKEN}\n\noperator:{OPERATOR_TOKEN}\n")
    with running(neo4j_settings, Access.configure(tokens)) as server:
        assert Client(server.url, READER_TOKEN).graphql(APPLICATIONS).status == 200
        assert Client(server.url, OPERATOR_TOKEN).graphql(CREATE, name="a").status == 200
        assert Client(server.url, "other-token-0123456789").graphql(APPLICATIONS).status == 401
    tokens.write_text("reader:short\n")
    with pytest.raises(InvalidAccess, match="at least 16 characters"):
        Access.configure(tokens)
    tokens.write_text(f"admin:{READER_TOKEN}\n")
    with pytest.raises(InvalidAccess, match="role reader or operator"):
        Access.configure(tokens)


# --- health and GraphiQL ------------------------------------------------------------------


def test_healthz_needs_no_token(server: ApiServer, store: GraphStore):
    reply = Client(server.url, token=None).request("/healthz")
    assert (reply.status, reply.body) == (200, {"status": "ok"})


def test_graphiql_in_a_browser_without_a_token(server: ApiServer, store: GraphStore):
    reply = Client(server.url, token=None).request("/graphql", headers={"Accept": "text/html"})
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/html")
    assert "graphiql" in reply.body.lower()


# --- limits -------------------------------------------------------------------------------


def nested(levels: int) -> str:
    """A query `levels` deep: impact -> dependents -> resource -> dependents -> ..."""
    inner = "uid"
    for _ in range((levels - 2) // 2):
        inner = f"dependents {{ resource {{ {inner} }} }}"
    return f'{{ impact(uid: "x") {{ {inner} }} }}'


def test_too_deep_a_query_is_refused(reader: Client):
    reply = reader.graphql(nested(MAX_QUERY_DEPTH + 2))
    assert reply.status == 200 and reply.body["data"] is None
    assert reply.messages == [f"'anonymous' exceeds maximum operation depth of {MAX_QUERY_DEPTH}"]
    # Within the limit, it runs (and says the resource is unknown).
    within = reader.graphql(nested(MAX_QUERY_DEPTH))
    assert within.messages == ["no resource with uid 'x' in the catalog"]


def test_too_many_tokens_are_refused(reader: Client):
    reply = reader.graphql("{ applications { " + "name " * MAX_TOKENS + "} }")
    assert reply.status == 200 and reply.body["data"] is None
    assert reply.messages == [
        f"Syntax Error: Document contains more than {MAX_TOKENS} tokens. Parsing aborted."
    ]


def test_too_many_aliases_are_refused(reader: Client):
    aliases = " ".join(f"a{i}: applications {{ name }}" for i in range(MAX_ALIASES + 1))
    reply = reader.graphql(f"{{ {aliases} }}")
    assert reply.status == 200 and reply.body["data"] is None
    assert reply.messages == [f"{MAX_ALIASES + 1} aliases found. Allowed: {MAX_ALIASES}"]
    allowed = " ".join(f"a{i}: applications {{ name }}" for i in range(MAX_ALIASES))
    assert len(reader.graphql(f"{{ {allowed} }}").data) == MAX_ALIASES


# --- errors -------------------------------------------------------------------------------


def test_malformed_queries_and_unknown_fields_are_clear(reader: Client):
    assert reader.graphql("{ resources {").messages == ["Syntax Error: Expected Name, found <EOF>."]
    assert reader.graphql("{ resources { nope } }").messages == [
        "Cannot query field 'nope' on type 'ResourceConnection'."
    ]
    assert reader.graphql("{ resource { uid } }").messages == [
        "Argument 'Query.resource(uid:)' of type 'ID!' is required, but it was not provided."
    ]


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'"a JSON string"', b"[1, 2]", b'{"variables": {}}'],
    ids=["not-json", "not-an-object", "a-batch", "no-query"],
)
def test_bodies_that_are_not_graphql_requests_are_400(reader: Client, body: bytes):
    request = urllib.request.Request(
        reader.url + "/graphql",
        data=body,
        headers={"Authorization": f"Bearer {READER_TOKEN}", "Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
    assert b"Traceback" not in refused.value.read()


def test_a_user_error_is_clear_and_an_internal_error_is_masked(
    reader: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO)
    unknown = reader.graphql('{ snapshotDiff(from: "snap-nope") { added } }')
    assert unknown.status == 200
    assert unknown.messages == ["no snapshot 'snap-nope' (see `cairn snapshot list APP`)"]
    naive = reader.graphql('{ resource(uid: "x", at: "2026-11-23T01:00:00") { uid } }')
    assert naive.messages == ["time 2026-11-23T01:00:00 has no offset: add Z or +00:00"]

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("secret detail from /srv/cairn/internal.py")

    monkeypatch.setattr(GraphReader, "changes", broken)
    masked = reader.graphql('{ changes(since: "2026-11-23T00:00:00Z") { uid } }')
    assert masked.status == 200
    assert masked.messages == ["Unexpected error."]
    assert "secret" not in str(masked.body)
    # The server's log has the internal error, with its traceback; the user's only as a line.
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1 and "secret detail" in errors[0].getMessage()
    assert errors[0].exc_info is not None
    assert any("no snapshot 'snap-nope'" in record.getMessage() for record in caplog.records)
