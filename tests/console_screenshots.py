"""Screenshots of every console page on the demo's story, for docs/console.md.

    NEO4J_URI=bolt://127.0.0.1:7687 python -m tests.console_screenshots docs/console

Uses the story already in NEO4J_URI's graph (what `cairn demo` leaves), else tells it
first (the demo refuses a graph that holds anyone else's data), serves the console on
loopback to anonymous readers and writes one 1280x900 PNG per page into the directory.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Locator, Page

from catalog.api.access import Access, Role
from catalog.demo.story import APPLICATION
from catalog.errors import NotFound
from catalog.graph.connection import Neo4jSettings
from catalog.graph.store import GraphStore
from catalog.snapshots import list_snapshots
from tests.browser import (
    READY,
    VIEWPORT,
    chromium_browser,
    console_server,
    missing_chromium,
    open_page,
)
from tests.demo_story import ROLE, tell_story

TARGET_REGION = "us-west-2"  # the story's recovery region


@dataclass(frozen=True)
class Shot:
    file: str
    path: str
    show: Callable[[Page], None] = lambda page: None  # what to open before the picture


def diff_in_view(page: Page) -> None:
    """The snapshot diff (the two newest by default) at the top of the window."""
    to_top(page.get_by_role("heading", name="What changed between two snapshots"))


def planned_into_another_region(page: Page) -> None:
    """The newest snapshot planned into us-west-2, the plan at the top of the window."""
    page.get_by_label("Target region").fill(TARGET_REGION)
    page.get_by_role("button", name="Plan", exact=True).click()
    page.wait_for_selector(READY)
    to_top(page.locator(".plan-result h3").first)


def to_top(element: Locator) -> None:
    """Scroll so that `element` is near the top of the window, with a little room above."""
    element.evaluate("e => window.scrollTo(0, e.getBoundingClientRect().top + scrollY - 16)")


SHOTS = (
    Shot("home.png", "/"),
    Shot("application.png", f"/apps/{APPLICATION}"),
    Shot("application-diff.png", f"/apps/{APPLICATION}", diff_in_view),
    Shot("resource.png", f"/resources/{quote(ROLE, safe='')}"),
    Shot("restore.png", f"/apps/{APPLICATION}/restore", planned_into_another_region),
)


def story_in_graph(settings: Neo4jSettings) -> bool:
    """Is the demo's application there, with the snapshots before and after the hotfixes?"""
    with GraphStore.open(settings) as store:
        try:
            return len(list_snapshots(store, APPLICATION)) >= 2
        except NotFound:
            return False


def take(out: Path, settings: Neo4jSettings) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with (
        console_server(settings, Access.configure(anonymous=Role.READER)) as url,
        chromium_browser() as browser,
    ):
        for shot in SHOTS:
            page = browser.new_context(viewport=VIEWPORT).new_page()
            open_page(page, url + shot.path)
            shot.show(page)
            page.screenshot(path=out / shot.file)
            page.context.close()
            written.append(out / shot.file)
    return written


def main(arguments: list[str]) -> int:
    if len(arguments) != 1:
        print("usage: python -m tests.console_screenshots OUT_DIR", file=sys.stderr)
        return 2
    if problem := missing_chromium():
        print(problem, file=sys.stderr)
        return 1
    settings = Neo4jSettings.from_env()
    if not story_in_graph(settings):
        print(f"telling the demo's story on {settings.uri} first", file=sys.stderr)
        tell_story(settings, Path(tempfile.mkdtemp(prefix="cairn-screenshots-")))
    for path in take(Path(arguments[0]), settings):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
