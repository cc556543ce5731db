"""The console's home page `/` in a real browser, on the graph the demo's story leaves."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from catalog.graph.connection import Neo4jSettings
from tests.api_http import READER_TOKEN, Client, configured_access
from tests.browser import READY, assert_accessible, console_server, open_page
from tests.demo_story import ToldStory

VERDICT_TEXT = {"ready": "ready", "at_risk": "at risk", "not_ready": "not ready"}
# Skip link, the header's two links, then the first application: a few more stops are fine,
# a page that makes a keyboard user tab through everything is not.
MAX_TAB_STOPS = 8


def formatted(iso: str) -> str:
    """A time as the console shows it: "2026-12-06 02:45 UTC"."""
    return iso[:16].replace("T", " ") + " UTC"


def test_home_lists_the_application_with_its_verdict_last_snapshot_and_schedule(
    page: Page, console_url: str, demo_graph: ToldStory
) -> None:
    verdict = (
        Client(console_url, token=None)
        .operation("ConsoleVerdict", application=demo_graph.application)
        .data["readiness"]["verdict"]
    )
    second_at = demo_graph.steps["hotfixes"]["snapshot"]["at"]

    open_page(page, f"{console_url}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Applications")
    row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=demo_graph.application, exact=True)
    )
    expect(row).to_have_count(1)
    cells = row.get_by_role("cell")
    expect(cells.nth(1)).to_contain_text(VERDICT_TEXT[verdict])
    expect(cells.nth(2)).to_contain_text(formatted(second_at))
    expect(cells.nth(2)).to_contain_text("complete · 2 in all")
    expect(cells.nth(3)).to_have_text("on demand")  # the demo sets no schedule
    expect(cells.nth(4)).to_have_text("30 min / 5 min")  # RTO / RPO


def test_the_application_link_is_reached_and_followed_by_keyboard_alone(
    page: Page, console_url: str, demo_graph: ToldStory
) -> None:
    open_page(page, f"{console_url}/")
    link = page.get_by_role("link", name=demo_graph.application, exact=True)
    visited = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
        visited.append(page.evaluate("document.activeElement.textContent.trim()"))
    else:
        raise AssertionError(f"{MAX_TAB_STOPS} Tabs never reach the link; they visit {visited}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{console_url}/apps/{demo_graph.application}")
    page.wait_for_selector(READY)


def test_with_tokens_the_page_asks_for_one_refuses_a_wrong_one_and_lists_after_the_right_one(
    page: Page, neo4j_settings: Neo4jSettings, demo_graph: ToldStory
) -> None:
    with console_server(neo4j_settings, configured_access()) as url:
        page.goto(f"{url}/")
        page.wait_for_selector(READY)
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        expect(page.get_by_role("link", name=demo_graph.application, exact=True)).to_have_count(0)

        page.get_by_label("API token").fill("not-a-token-of-this-server")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_have_text("that token was refused")
        page.wait_for_selector(READY)
        assert_accessible(page)  # the sign-in form, with its refusal

        page.get_by_label("API token").fill(READER_TOKEN)
        page.get_by_label("API token").press("Enter")
        expect(page.get_by_role("link", name=demo_graph.application, exact=True)).to_be_visible()
        expect(page.get_by_role("alert")).to_have_count(0)


def test_home_page_has_no_accessibility_violation(
    page: Page, console_url: str, demo_graph: ToldStory
) -> None:
    open_page(page, f"{console_url}/")
    assert_accessible(page)
