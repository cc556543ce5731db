"""The console's restore page `/apps/NAME/restore` in a real browser, on the demo's story:
a plan of snapshot 2 into us-west-2 (stages, variables, runbook, the zip), drift against
the demo's declared state and the story's drills."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.api_http import OPERATOR_TOKEN, Client
from tests.browser import READY, VIEWPORT, assert_accessible, open_page
from tests.demo_story import TERRAFORM_HERE, ToldStory

TARGET = "us-west-2"
STAGES = ["network", "identity", "data", "compute", "traffic", "dns"]
TOKEN_KEY = "cairn-token"  # where the console keeps the bearer token (src/api.js)


def restore_page(console_url: str, story: ToldStory) -> str:
    return f"{console_url}/apps/{story.application}/restore"


def second_snapshot(story: ToldStory) -> str:
    return story.snapshot_ids[1]


def api_plan(console_url: str, snapshot: str) -> dict[str, Any]:
    reply = Client(console_url, token=None).operation(
        "RestorePlan", snapshot=snapshot, target={"region": TARGET}
    )
    return dict(reply.data["restorePlan"])


def plan_by_keyboard(page: Page, snapshot: str) -> None:
    """Pick the snapshot, type the region and press Enter: the plan shows and takes focus."""
    page.get_by_label("Snapshot").select_option(snapshot)
    page.get_by_label("Target region").focus()
    page.keyboard.type(TARGET)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"Plan of {snapshot} into {TARGET}")).to_be_focused()
    page.wait_for_selector(READY)


def test_a_plan_of_snapshot_2_into_us_west_2_shows_its_stages_variables_and_runbook(
    page: Page, console_url: str, demo_graph: ToldStory
) -> None:
    snapshot = second_snapshot(demo_graph)
    expected = api_plan(console_url, snapshot)
    open_page(page, restore_page(console_url, demo_graph))
    # Newest complete snapshot first: snapshot 2 is what the form offers.
    expect(page.get_by_label("Snapshot")).to_have_value(snapshot)

    plan_by_keyboard(page, snapshot)

    stages = page.locator("ol.stages > li")
    assert [title.split()[0] for title in stages.locator("h5").all_inner_texts()] == STAGES
    network = expected["stages"][0]
    expect(stages.first).to_contain_text(
        f"{network['file']} · {len(network['resources'])} resources"
    )
    expect(stages.first.get_by_role("link", name="aws_vpc.app_vpc")).to_be_visible()
    variables = page.get_by_role("table", name="Variables (terraform.tfvars or TF_VAR_…)")
    expect(variables.locator("tbody tr")).to_have_count(len(expected["variables"]))
    for variable in expected["variables"]:
        row = variables.get_by_role("row").filter(has_text=variable["name"])
        expect(row).to_contain_text(variable["purpose"])
        if variable["default"] is None:
            expect(row).to_contain_text("none: set it")
    renamed = page.get_by_role("table", name="Names the source still holds where the plan lands")
    expect(renamed.get_by_role("row").filter(has_text="app-task-dr")).to_contain_text(
        "AWS::IAM::Role"
    )
    runbook = next(f["content"] for f in expected["files"] if f["path"] == "RUNBOOK.md")
    assert page.get_by_label("RUNBOOK.md").text_content() == runbook


def test_the_downloaded_zip_holds_exactly_the_plans_files(
    browser: Browser, console_url: str, demo_graph: ToldStory
) -> None:
    snapshot = second_snapshot(demo_graph)
    expected = {f["path"]: f["content"] for f in api_plan(console_url, snapshot)["files"]}
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    try:
        page = context.new_page()
        open_page(page, restore_page(console_url, demo_graph))
        plan_by_keyboard(page, snapshot)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download .zip").click()
        saved = download.value
        name = f"restore-{demo_graph.application}-{snapshot}-{TARGET}"
        assert saved.suggested_filename == f"{name}.zip"
        with open(saved.path(), "rb") as stream:
            archive = zipfile.ZipFile(io.BytesIO(stream.read()))
    finally:
        context.close()
    held = {entry: archive.read(entry).decode() for entry in archive.namelist()}
    assert held == {f"{name}/{path}": content for path, content in expected.items()}


def test_drift_against_the_declared_state_refuses_a_reader_and_shows_an_operator_both_hotfixes(
    browser: Browser,
    page: Page,
    console_url: str,
    demo_graph: ToldStory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state = demo_graph.home / "demo" / "terraform.tfstate"
    monkeypatch.setenv("CAIRN_STATE_PATHS", str(state.parent))
    snapshot = second_snapshot(demo_graph)

    def check(page: Page) -> None:
        page.get_by_label("Terraform state").fill(str(state))
        page.get_by_label("Compare with").select_option(snapshot)  # as it ran before the apply
        page.get_by_role("button", name="Check").click()
        page.wait_for_selector(".drift-result > *")
        page.wait_for_selector(READY)

    open_page(page, restore_page(console_url, demo_graph))
    check(page)
    expect(page.get_by_role("alert")).to_contain_text("needs a token with the operator role")

    operator = browser.new_context(viewport=VIEWPORT)
    try:
        operator.add_init_script(f"sessionStorage.setItem('{TOKEN_KEY}', '{OPERATOR_TOKEN}')")
        page = operator.new_page()
        open_page(page, restore_page(console_url, demo_graph))
        check(page)
        findings = page.get_by_role("table", name=f"Findings against {state}").locator("tbody tr")
        expect(findings).to_have_count(2)
        expect(findings.filter(has_text="inline policy hotfix-s3-read")).to_contain_text("delete")
        expect(findings.filter(has_text="max_connections")).to_contain_text("900")
        assert_accessible(page)  # with the findings shown
    finally:
        operator.close()


def test_the_drills_of_the_story_show(page: Page, console_url: str, demo_graph: ToldStory) -> None:
    open_page(page, restore_page(console_url, demo_graph))
    if TERRAFORM_HERE:
        drills = page.get_by_role("table", name="Drills, newest first").locator("tbody tr")
        expect(drills.first).to_contain_text("passed")
        expect(drills.first).to_contain_text(TARGET)
        expect(drills.first).to_contain_text("min (target 30 min)")  # its measured RTO
        expect(drills.first).to_contain_text("resources restored, alike")
    else:  # the story told here skipped its drill: it says why, and the page shows none
        expect(page.get_by_text("No drill yet")).to_be_visible()


def test_the_restore_page_with_a_plan_has_no_accessibility_violation(
    page: Page, console_url: str, demo_graph: ToldStory
) -> None:
    open_page(page, restore_page(console_url, demo_graph))
    plan_by_keyboard(page, second_snapshot(demo_graph))
    assert_accessible(page)
