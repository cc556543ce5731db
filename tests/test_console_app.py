"""The console's application page `/apps/NAME` in a real browser, on the graph the demo's
story leaves: what a person sees is what the API says, the graph included, and the diff of
the two snapshots shows exactly the two console hotfixes."""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import quote

from playwright.sync_api import Locator, Page, expect

from tests.api_http import Client
from tests.browser import READY, assert_accessible, open_page
from tests.demo_story import ROLE, ToldStory

PARAMETER_GROUP = "arn:aws:rds:us-east-1:123456789012:pg:app-postgres16"
HOTFIX_POLICY = "hotfix-s3-read"
# Exactly the two hotfixes, as the diff shows them: (asset, attribute, added or changed).
HOTFIXES = {
    (ROLE, f"properties.Policies.{HOTFIX_POLICY}", "added"),
    (PARAMETER_GROUP, "properties.Parameters.max_connections", "changed"),
}
# The graph's nodes (compound group nodes left out) and edges, as Cytoscape holds them.
GRAPH = """() => ({
  nodes: cairnGraph.nodes('[!compound]').map((node) => node.id()),
  edges: cairnGraph.edges().map((e) => [e.source().id(), e.target().id(), e.data('field')]),
  groups: cairnGraph.nodes('[?compound]').map((node) => node.data('label')),
})"""


def application(console_url: str, name: str, at: str | None = None) -> dict[str, Any]:
    found = Client(console_url, token=None).operation("ConsoleApplication", name=name, at=at)
    return dict(found.data["application"])


def page_url(console_url: str, name: str) -> str:
    return f"{console_url}/apps/{quote(name, safe='')}"


def panel(page: Page) -> Locator:
    """The graph's side panel once it has loaded what it shows."""
    page.wait_for_selector('.graph-panel[aria-busy="false"]')
    return page.get_by_role("complementary")


def test_the_page_shows_the_apis_assets_graph_snapshots_and_the_two_hotfixes(
    page: Page, console_url: str, demo_graph: ToldStory
) -> None:
    name = demo_graph.application
    api = application(console_url, name)
    assets, references = api["assets"]["assets"], api["assets"]["references"]
    first, second = demo_graph.snapshot_ids

    open_page(page, page_url(console_url, name))

    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator("#shown-time")).to_have_text("now")
    # Every asset under its stage, linked to its resource page, with why it is in scope.
    for asset in assets:
        stage = page.locator(f'section.stage[data-stage="{asset["stage"] or "not restored"}"]')
        row = stage.get_by_role("row").filter(
            has=page.locator(f'a[href="/resources/{quote(asset["uid"], safe="")}"]')
        )
        expect(row).to_have_count(1)
        expect(row.get_by_role("cell").nth(2)).to_contain_text(asset["reason"])
    expect(page.get_by_role("heading", name=f"Assets ({len(assets)})")).to_be_visible()
    # Both snapshots in the timeline, each viewable at its time.
    timeline = page.get_by_role("table", name="Snapshots, newest first")
    for snapshot in api["snapshots"]:
        row = timeline.get_by_role("row").filter(has_text=snapshot["id"])
        expect(
            row.get_by_role("link", name=f"View at snapshot {snapshot['id']}")
        ).to_have_attribute("href", f"/apps/{name}?at={quote(snapshot['at'], safe='')}")
    assert {s["id"] for s in api["snapshots"]} == {first, second}

    # The graph is exactly the API's assets and references, and says so.
    graph = page.evaluate(GRAPH)
    assert sorted(graph["nodes"]) == sorted(asset["uid"] for asset in assets)
    assert Counter(map(tuple, graph["edges"])) == Counter(
        (r["source"], r["target"], r["field"]) for r in references
    )
    assert set(graph["groups"]) == {asset["stage"] for asset in assets}
    expect(page.locator("#graph-summary")).to_have_text(
        f"{len(assets)} resources, {len(references)} references"
    )

    # The default diff is snapshot 1 -> 2: exactly the two hotfixes, each marked in words.
    expect(page.locator(".diff-summary")).to_contain_text(f"{first} (")
    expect(page.locator(".diff-summary")).to_contain_text("2 changed, 0 added, 0 removed")
    shown = set()
    for change in page.locator("li.asset-change").all():
        uid = change.get_attribute("data-uid")
        for row in change.locator("tbody tr").all():
            kind, path = row.locator("td").first.inner_text().split(maxsplit=1)
            shown.add((uid, path, kind))
    assert shown == HOTFIXES
    policy = page.locator(f'li.asset-change[data-uid="{ROLE}"] tbody tr')
    expect(policy.locator("td").nth(1)).to_have_text("(absent)")
    expect(policy.locator("ins")).to_contain_text("s3:GetObject")
    connections = page.locator(f'li.asset-change[data-uid="{PARAMETER_GROUP}"] tbody tr')
    expect(connections.locator("del")).to_have_text("300")
    expect(connections.locator("ins")).to_have_text("900")

    # Clicking the task role's node opens its properties as they are now (the demo's
    # routine apply has reverted the hotfix since).
    box = page.locator(".graph-canvas").bounding_box()
    assert box is not None
    spot = page.evaluate("uid => cairnGraph.getElementById(uid).renderedPosition()", ROLE)
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    expect(panel(page)).to_contain_text("AWS::IAM::Role")
    expect(panel(page).locator("pre")).to_contain_text('"RoleName": "app-task"')
    expect(panel(page).locator("pre")).not_to_contain_text(HOTFIX_POLICY)

    assert_accessible(page)


# Each asset's node: its group's label (None ungrouped) and its position.
PLACES = """() => cairnGraph.nodes('[!compound]').map((node) => [
  node.id(), node.isChild() ? node.parent().data('label') : null, node.position(),
])"""


def test_the_graph_regroups_by_type_then_ungroups_with_every_asset_laid_out(
    page: Page, console_url: str, demo_graph: ToldStory
) -> None:
    api = application(console_url, demo_graph.application)["assets"]
    type_of = {asset["uid"]: asset["type"].removeprefix("AWS::") for asset in api["assets"]}
    open_page(page, page_url(console_url, demo_graph.application))

    for choice, group_of in (("type", type_of.get), ("nothing", lambda _: None)):
        page.get_by_label("Group by").select_option(label=choice)
        places = page.evaluate(PLACES)
        assert {uid: group for uid, group, _ in places} == {uid: group_of(uid) for uid in type_of}
        spots = {(round(spot["x"]), round(spot["y"])) for _, _, spot in places}
        assert len(spots) == len(places), "nodes drawn on top of each other: no layout ran"
        assert len(page.evaluate(GRAPH)["edges"]) == len(api["references"])


def test_at_each_snapshot_the_task_role_is_as_it_was_then(
    page: Page, console_url: str, demo_graph: ToldStory
) -> None:
    name = demo_graph.application
    snapshots = {s["id"]: s for s in application(console_url, name)["snapshots"]}
    first, second = (snapshots[id] for id in demo_graph.snapshot_ids)
    open_page(page, page_url(console_url, name))

    # The timeline's link to the second snapshot: the role has its console hotfix.
    page.get_by_role("link", name=f"View at snapshot {second['id']}").click()
    page.wait_for_url(f"**/apps/{name}?at=*")
    page.wait_for_selector(READY)
    expect(page.locator("#shown-time")).to_have_text(f"as of {shown(second['at'])}")
    page.get_by_label("Show an asset").select_option(ROLE)
    expect(panel(page).locator("pre")).to_contain_text(HOTFIX_POLICY)

    # The time control, by keyboard, at the first snapshot's time: not yet.
    page.get_by_label("Time (UTC)").fill(first["at"][:23])
    page.get_by_label("Time (UTC)").press("Enter")
    page.wait_for_url(f"**/apps/{name}?at={quote(first['at'][:23] + 'Z', safe='')}")
    page.wait_for_selector(READY)
    expect(page.locator("#shown-time")).to_have_text(f"as of {shown(first['at'])}")
    then = application(console_url, name, at=first["at"])["assets"]
    expect(page.locator("#graph-summary")).to_have_text(
        f"{len(then['assets'])} resources, {len(then['references'])} references"
    )
    page.get_by_label("Show an asset").select_option(ROLE)
    expect(panel(page).locator("pre")).to_contain_text("AssumeRolePolicyDocument")
    expect(panel(page).locator("pre")).not_to_contain_text(HOTFIX_POLICY)


def shown(iso: str) -> str:
    """A time as the page's heading shows it: to the second, in UTC."""
    return iso[:19].replace("T", " ") + " UTC"


def test_a_time_that_is_no_time_says_so_and_offers_the_time_control(
    page: Page, console_url: str
) -> None:
    page.goto(f"{console_url}/apps/app-infra-prod?at=yesterday")
    page.wait_for_selector(READY)
    expect(page.get_by_role("alert")).to_have_text(
        "?at=yesterday is no time: give one in ISO 8601, such as 2026-11-23T01:00:00Z."
    )
    expect(page.get_by_label("Time (UTC)")).to_have_value("")
