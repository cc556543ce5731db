"""The console's addresses: one shell page for all of them, and its built assets.

The shell carries no data; the page's script asks /graphql for it with the user's token, so
the console needs no access rules of its own and is an example of what a portal can do.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from string import Template

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

HERE = Path(__file__).parent
ASSETS = HERE / "static"
BUNDLE = ASSETS / "console.js"
PAGES = ("/", "/apps/{name}", "/apps/{name}/restore", "/resources/{uid:path}")
# Everything the console loads comes from this server: no CDN, no inline script.
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
NOT_BUILT = (
    "<!doctype html><html lang=en><title>Cairn console not built</title><main>"
    "<h1>The console is not built</h1><p>Run <code>tools/setup.sh</code>, or "
    "<code>npm ci &amp;&amp; npm run build</code> in catalog/console. The GraphQL API at "
    "<a href=/graphql>/graphql</a> works without it.</p></main></html>"
)


def assets_built() -> bool:
    return BUNDLE.is_file()


@lru_cache(maxsize=1)
def _preloads(version: str) -> str:
    """Every chunk of the built script, fetched at once: the pages import theirs in steps
    (router, page, page's modules), each a round trip a first visit would wait for. Chunk
    names carry a hash of their content, so a new build never meets an old chunk. Read once
    per build (`version`), not on every page."""
    return "\n".join(
        f'<link rel="modulepreload" href="/assets/{chunk.name}">'
        for chunk in sorted(ASSETS.glob("chunk-*.js"))
    )


def console_routes() -> list[BaseRoute]:
    shell = Template((HERE / "page.html").read_text())

    async def page(_: Request) -> Response:
        if not assets_built():
            return HTMLResponse(NOT_BUILT, status_code=503)
        # The bundle's time in the asset addresses: a new build is never served from cache.
        version = str(int(BUNDLE.stat().st_mtime))
        return HTMLResponse(
            shell.substitute(version=version, preloads=_preloads(version)), headers=HEADERS
        )

    return [
        *(Route(path, page, methods=["GET"]) for path in PAGES),
        Mount("/assets", StaticFiles(directory=ASSETS, check_dir=False), name="assets"),
    ]
