"""The shell page that every console address is served: a first visit asks for all of the
console's code at once, instead of a round trip for each step of its imports."""

from __future__ import annotations

from playwright.sync_api import Page

from catalog.console.routes import ASSETS
from tests.browser import open_page


def test_a_first_visit_asks_for_every_chunk_before_the_api(page: Page, console_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.split("?")[0]))

    open_page(page, f"{console_url}/")

    chunks = [url for url in requested if "/assets/chunk-" in url]
    built = {f"{console_url}/assets/{chunk.name}" for chunk in ASSETS.glob("chunk-*.js")}
    assert set(chunks) == built
    first_read = requested.index(f"{console_url}/graphql")
    assert all(requested.index(chunk) < first_read for chunk in chunks)
