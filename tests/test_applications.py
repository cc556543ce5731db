"""Applications: definitions, the scope rules of the dependency closure, bad input."""

from __future__ import annotations

import json

import pytest

from catalog.applications import TagFilter, define
from catalog.aws.elbv2.listener import ON_LOAD_BALANCER
from catalog.cli import main
from catalog.clock import format_time
from catalog.errors import CairnError
from catalog.graph.writer import ingest
from catalog.scope import EmptyScope, resolve
from tests.cli_runner import run_cli
from tests.factories import ACCOUNT, REGION, ROLE, VPC, observe, partition, sg_uid

LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer"
LISTENER = "AWS::ElasticLoadBalancingV2::Listener"
APP_TAGS = {"Project": "app-infra", "Environment": "production"}
VPC_UID = f"aws:{ACCOUNT}:{REGION}:{VPC}:vpc-shared"
ROLE_UID = f"arn:aws:iam::{ACCOUNT}:role/app-task"
BILLING_ROLE = f"arn:aws:iam::{ACCOUNT}:role/billing"


@pytest.fixture
def estate(store):
    """A shared VPC (untagged) with the app's group, another team's group and role."""
    return ingest(
        store,
        [
            observe(VPC_UID, VPC, tags={}),
            observe(sg_uid("app"), tags=APP_TAGS, refs={"VpcId": VPC_UID, "Role": ROLE_UID}),
            observe(sg_uid("neighbour"), tags={}, refs={"VpcId": VPC_UID}),
            observe(ROLE_UID, ROLE, tags={}, refs={"Boundary": BILLING_ROLE, "Ghost": "arn:x"}),
            observe(BILLING_ROLE, ROLE, tags={"Project": "billing"}),
        ],
        complete=[partition(), partition(VPC), partition(ROLE)],
    )


def test_closure_takes_dependencies_not_neighbours_nor_other_applications(store, estate):
    app = define("app", ["Project=app-infra", "Environment=production"])
    billing = define("billing", ["Project=billing"])

    scope = resolve(store, app, estate.at, [billing])

    reasons = {asset.uid: asset.reason for asset in scope.assets}
    assert reasons == {sg_uid("app"): "tagged", VPC_UID: "dependency", ROLE_UID: "dependency"}
    outside = {item.reference.target: (item.reason, item.owner) for item in scope.outside}
    assert outside == {
        BILLING_ROLE: ("other-application", "billing"),
        "arn:x": ("not-crawled", None),
    }
    role = scope.by_uid()[ROLE_UID]
    assert [(hop.source, hop.field) for hop in role.path] == [(sg_uid("app"), "Role")]


def test_a_key_may_accept_several_values(store, estate):
    either = define("either", ["Project=billing,app-infra"])
    tagged = [a.uid for a in resolve(store, either, estate.at).assets if a.reason == "tagged"]
    assert tagged == [BILLING_ROLE, sg_uid("app")]


def test_tag_values_match_exactly_whatever_characters_they_hold(store):
    # AWS allows spaces and + - = . _ : / @ in tags; Lucene's query syntax gives most of
    # them a meaning, and its default analyzers split and lowercase: the index must not.
    values = ['team: "data" / eu+1', "Team: data / EU+1", "a\\b*", "a"]
    at = ingest(
        store,
        [observe(sg_uid(f"g{index}"), tags={"Owner": value}) for index, value in enumerate(values)],
        complete=[partition()],
    ).at
    for index, value in enumerate(values):
        app = define(f"app{index}", [f"Owner={value}"])
        assert [asset.uid for asset in resolve(store, app, at).assets] == [sg_uid(f"g{index}")]


def test_preview_at_a_past_time_shows_the_scope_then(capsys, neo4j_env, store, estate):
    later = ingest(
        store,
        [observe(sg_uid("new"), tags=APP_TAGS)],
        complete=[],
    )
    assert (
        main(
            [
                "app",
                "create",
                "app",
                "--tag",
                "Project=app-infra",
                "--tag",
                "Environment=production",
            ]
        )
        == 0
    )
    capsys.readouterr()

    def uids(*extra: str) -> set[str]:
        code, out, err = run_cli(capsys, "app", "preview", "app", "--json", *extra)
        assert code == 0, err
        return {asset["uid"] for asset in json.loads(out)["assets"]}

    assert sg_uid("new") in uids()
    assert sg_uid("new") not in uids("--at", format_time(estate.at))
    assert sg_uid("new") in uids("--at", format_time(later.at))


def test_app_commands_round_trip(capsys, neo4j_env, estate):
    code, out, _ = run_cli(
        capsys, "app", "create", "app", "--tag", "Project=app-infra", "--region", REGION,
        "--account", ACCOUNT, "--rpo", "5", "--keep-last", "7", "--json",
    )  # fmt: skip
    assert code == 0
    created = json.loads(out)
    assert created["regions"] == [REGION] and created["keep_last"] == 7

    assert json.loads(run_cli(capsys, "app", "show", "app", "--json")[1]) == created
    listed = json.loads(run_cli(capsys, "app", "list", "--json")[1])
    assert [a["name"] for a in listed["applications"]] == ["app"]

    code, out, _ = run_cli(capsys, "app", "delete", "app", "--json")
    assert code == 0 and json.loads(out) == {"deleted": "app"}
    assert json.loads(run_cli(capsys, "app", "list", "--json")[1]) == {"applications": []}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["app", "create", "x", "--tag", "Project"], "malformed tag filter 'Project'"),
        (["app", "create", "x", "--tag", "=x"], "malformed tag filter '=x'"),
        (["app", "create", "x", "--tag", "Project="], "malformed tag filter 'Project='"),
        (["app", "create", "x", "--tag", "P=a", "--region", "us-nowhere-1"], "unknown region"),
        (["app", "create", "x", "--tag", "P=a", "--account", "12"], "invalid account"),
        (["app", "create", "bad name", "--tag", "P=a"], "invalid application name"),
        (["app", "create", "x", "--tag", "P=a", "--contact", "boss=me"], "malformed contact"),
        (["app", "create", "x", "--tag", "Project=nothing"], "matches no resource"),
        (["app", "preview", "ghost"], "no application named 'ghost'"),
        (["app", "show", "ghost"], "no application named 'ghost'"),
        (["app", "delete", "ghost"], "no application named 'ghost'"),
        (["app", "preview", "kept", "--at", "yesterday"], "not an ISO 8601 time"),
        (["app", "create", "kept", "--tag", "Project=app-infra"], "already exists"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(capsys, neo4j_env, estate, argv, message):
    assert main(["app", "create", "kept", "--tag", "Project=billing"]) == 0
    capsys.readouterr()

    code, out, err = run_cli(capsys, *argv)

    assert code != 0 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    listed = json.loads(run_cli(capsys, "app", "list", "--json")[1])["applications"]
    assert {a["name"]: a["tags"] for a in listed} == {"kept": {"Project": ["billing"]}}


def test_allow_empty_defines_an_application_before_the_first_crawl(capsys, neo4j_env, store):
    code, _, err = run_cli(capsys, "app", "create", "later", "--tag", "Project=x", "--allow-empty")
    assert code == 0, err
    code, _, err = run_cli(capsys, "app", "preview", "later")
    assert code == 1 and "matches no resource" in err


def test_tag_filter_parsing_merges_repeated_keys():
    parsed = TagFilter.parse(["Env=prod", "Env=staging,qa", "Project=a"])
    assert parsed.as_dict() == {"Env": ["prod", "qa", "staging"], "Project": ["a"]}
    assert parsed.matches({"Env": "qa", "Project": "a", "Other": "x"})
    assert not parsed.matches({"Env": "dev", "Project": "a"})
    with pytest.raises(CairnError):
        TagFilter.parse([])


def test_empty_scope_is_an_error(store, estate):
    with pytest.raises(EmptyScope, match="matches no resource"):
        resolve(store, define("none", ["Project=none"]), estate.at)


def test_untagged_parts_of_tagged_assets_come_with_them(store):
    balancer = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/alb/1"
    ours, theirs = f"{balancer}/listener/443", f"{balancer}/listener/8443"
    at = ingest(
        store,
        [
            observe(balancer, LOAD_BALANCER, tags=APP_TAGS),
            observe(
                ours, LISTENER, tags={}, refs={ON_LOAD_BALANCER.path: balancer, "Cert": "arn:c"}
            ),
            observe(
                theirs,
                LISTENER,
                tags={"Project": "billing"},
                refs={ON_LOAD_BALANCER.path: balancer},
            ),
        ],
    ).at

    scope = resolve(store, define("app", ["Project=app-infra"]), at)

    assert {a.uid: a.reason for a in scope.assets} == {balancer: "tagged", ours: "part"}
    assert [item.reference.source for item in scope.outside] == [ours]  # its own references follow
