"""The console's resource page `/resources/UID` in a real browser, on the demo's story:
the task role's versions, references and impact ("what breaks if I change this")."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.api_http import Client
from tests.browser import READY, assert_accessible, open_page
from tests.demo_story import ROLE, ToldStory

HOTFIX = "properties.Policies.hotfix-s3-read"
TASK_DEFINITION = "arn:aws:ecs:us-east-1:123456789012:task-definition/app-api:1"
SERVICE = "arn:aws:ecs:us-east-1:123456789012:service/app/app-api"


def role_page(console_url: str) -> str:
    return f"{console_url}/resources/{quote(ROLE, safe='')}"


def shown_time(iso: str) -> str:
    """A version's time as the page shows it: "2026-12-06 02:54:04 UTC"."""
    return iso[:19].replace("T", " ") + " UTC"


def role_detail(console_url: str) -> dict[str, Any]:
    reply = Client(console_url, token=None).operation("ResourceDetail", uid=ROLE)
    return dict(reply.data["resource"])


def test_the_task_roles_page_shows_its_properties_history_and_references(
    page: Page, console_url: str, demo_graph: ToldStory
) -> None:
    history = role_detail(console_url)["history"]
    hotfixed = next(
        version
        for version in history
        if any(c["path"] == HOTFIX and c["before"] is None for c in version["changes"])
    )

    open_page(page, role_page(console_url))

    expect(page.get_by_role("heading", level=1)).to_have_text("app-task")
    properties = page.get_by_role("table", name="Properties of the version shown")
    expect(properties.get_by_role("row").filter(has_text="RoleName")).to_contain_text("app-task")
    expect(
        properties.get_by_role("row").filter(has_text="AssumeRolePolicyDocument")
    ).to_contain_text("ecs-tasks.amazonaws.com")
    versions = page.get_by_role("table", name="Versions, newest first, with what each changed")
    expect(versions.locator("tbody tr")).to_have_count(len(history))
    # The hotfix (added, then reverted by the apply) is in the history, before and after.
    expect(versions.get_by_text(HOTFIX)).to_have_count(2)
    out = page.get_by_role("table", name="References out: what it depends on")
    expect(out.get_by_role("row").filter(has_text="app-assets-read")).to_contain_text(
        "attached-policy"
    )
    into = page.get_by_role("table", name="References in: what depends on it directly")
    expect(into.get_by_role("row").filter(has_text="app-api:1")).to_contain_text("taskRoleArn")

    # The version of the hotfix: the role held the inline policy then, and links keep the time.
    page.get_by_role("link", name=f"The version from {shown_time(hotfixed['validFrom'])}").click()
    page.wait_for_url("**?at=*")
    page.wait_for_selector(READY)
    policies = page.get_by_role("table", name="Properties of the version shown").get_by_role("row")
    expect(policies.filter(has_text="Policies")).to_contain_text("s3:GetObject")
    shown_at = page.get_by_label("The resource at (UTC)").input_value()
    version_from = datetime.fromisoformat(hotfixed["validFrom"].replace("Z", "+00:00"))
    assert datetime.fromisoformat(shown_at) == version_from.replace(tzinfo=None)  # to the ms
    dependent = page.get_by_role("table", name="References in: what depends on it directly")
    href = dependent.get_by_role("link", name="app-api:1").get_attribute("href") or ""
    assert href.endswith(f"?at={quote(hotfixed['validFrom'], safe='')}"), href


def test_the_task_roles_impact_names_the_task_definition_and_the_service_with_paths(
    page: Page, console_url: str, demo_graph: ToldStory
) -> None:
    impact = Client(console_url, token=None).operation("ImpactCheck", uid=ROLE).data["impact"]

    open_page(page, role_page(console_url))

    expect(page.get_by_text(f"{impact['count']} resources depend on it")).to_be_visible()
    by_type = page.get_by_role("table", name="Dependents by type")
    expect(by_type.get_by_role("row").filter(has_text="AWS::ECS::Service")).to_contain_text("1")
    dependents = page.get_by_role("table", name="Dependents, nearest first", exact=False)
    task_definition = dependents.get_by_role("row").filter(
        has=page.get_by_role("link", name="app-api:1", exact=True)
    )
    expect(task_definition).to_contain_text("app-api:1 —taskRoleArn (assumes)→ app-task")
    link = task_definition.get_by_role("link", name="app-api:1", exact=True)
    assert link.get_attribute("href") == f"/resources/{quote(TASK_DEFINITION, safe='')}"
    service = dependents.get_by_role("row").filter(
        has=page.get_by_role("link", name="app-api", exact=True)
    )
    expect(service).to_contain_text(
        "app-api —taskDefinition (runs)→ app-api:1 —taskRoleArn (assumes)→ app-task"
    )
    link = service.get_by_role("link", name="app-api", exact=True)
    assert link.get_attribute("href") == f"/resources/{quote(SERVICE, safe='')}"


def test_the_resource_page_has_no_accessibility_violation(
    page: Page, console_url: str, demo_graph: ToldStory
) -> None:
    open_page(page, role_page(console_url))
    assert_accessible(page)


def test_a_uid_the_catalog_does_not_hold_says_so(
    page: Page, console_url: str, demo_graph: ToldStory
) -> None:
    page.goto(f"{console_url}/resources/{quote('arn:aws:iam::123456789012:role/nobody', safe='')}")
    page.wait_for_selector(READY)
    expect(page.get_by_role("alert")).to_contain_text("no resource with uid")
