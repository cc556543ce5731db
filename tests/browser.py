"""A real browser for the console's tests: Debian's chromium driven by Playwright.

`browser` is one headless chromium for the session, `page` a fresh context (cookies,
sessionStorage) per test. `open_page` waits for the console's readiness contract
(`main#content[aria-busy="false"]`); `assert_accessible` runs axe-core's WCAG 2 A and AA
rules. `console_server` serves the API and the console on loopback. Registered in
conftest.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from catalog.api.access import Access, Role
from catalog.demo.api_server import background_api
from catalog.graph.connection import Neo4jSettings
from tests.api_http import configured_access

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_VARIABLE = "CAIRN_CHROMIUM"
DEBIAN_CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags chromium keeps calling home, which floods a
# closed network with retries.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
READY = 'main#content[aria-busy="false"]'
ALERT = '[role="alert"]'
AXE = REPO / "catalog" / "console" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa"]


def chromium() -> Path:
    return Path(os.environ.get(CHROMIUM_VARIABLE) or DEBIAN_CHROMIUM)


def missing_chromium() -> str | None:
    """Why no browser can start here, or None."""
    if os.access(chromium(), os.X_OK):
        return None
    return (
        f"no chromium at {chromium()}: tools/setup.sh installs Debian's "
        f"(or set {CHROMIUM_VARIABLE})"
    )


@contextmanager
def chromium_browser() -> Iterator[Browser]:
    """Headless chromium; launch() gives it a fresh temporary profile (its own
    --user-data-dir) and deletes that on close."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium(), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if problem := missing_chromium():
        pytest.fail(problem, pytrace=False)
    with chromium_browser() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a context of its own: no token or history carries over between tests."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield context.new_page()
    finally:
        context.close()


def open_page(page: Page, url: str) -> None:
    """Go to `url` and wait until the page has rendered its data; fail on an alert."""
    errors: list[str] = []

    def remember(error: Any) -> None:
        errors.append(str(error))

    page.on("pageerror", remember)
    try:
        page.goto(url)
        page.wait_for_selector(f"{READY}, {ALERT}")
    except PlaywrightTimeout:
        raise AssertionError(f"{url} never became ready; script errors: {errors}") from None
    finally:
        page.remove_listener("pageerror", remember)
    shown = [text for text in page.locator(ALERT).all_inner_texts() if text.strip()]
    assert not shown, f"{url} shows an alert: {' | '.join(shown)}"
    page.wait_for_selector(READY)


def assert_accessible(page: Page) -> None:
    """No violation of axe-core's WCAG 2 A and AA rules on the page as it is now."""
    assert AXE.is_file(), (
        f"no {AXE.relative_to(REPO)}: run the console's npm build "
        "(tools/setup.sh, or cd catalog/console && npm ci && npm run build)"
    )
    # evaluate() runs outside the page's Content-Security-Policy; a script tag would not.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in results["violations"]
    ]
    assert not violations, "axe-core finds:\n" + "\n".join(violations)


@contextmanager
def console_server(settings: Neo4jSettings, access: Access) -> Iterator[str]:
    """The API and the console on a free loopback port, in a thread; yields the base URL."""
    with background_api(settings, access, port=0) as url:
        yield url


@pytest.fixture(scope="session")
def console_url(neo4j_settings: Neo4jSettings) -> Iterator[str]:
    """The console for anonymous readers, and for tests.api_http's READER_TOKEN and
    OPERATOR_TOKEN (what only operators may do: mutations, drift)."""
    with console_server(neo4j_settings, configured_access(anonymous=Role.READER)) as url:
        yield url
