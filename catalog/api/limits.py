"""What one HTTP request may send: a body size limit and a JSON nesting limit.

The size is enforced while the body streams in, so an oversized body is never held whole.
(Starlette's own max_body_size answers in plain text whenever Content-Length is too large,
whatever the handlers say; GraphQL clients expect JSON errors.)

The nesting limit exists because Python decodes and GraphQL coerces JSON recursively: a few
kilobytes of `[[[[...]]]]` in `variables` would otherwise end in a RecursionError, answered
as a 500.
"""

from __future__ import annotations

import json
import os
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, ExceptionHandler, Message, Receive, Scope, Send

from catalog.errors import CairnError

MAX_BODY_VARIABLE = "CAIRN_API_MAX_BODY_BYTES"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
# Cairn's inputs are flat objects and lists of strings; 32 levels leave room for any
# client that wraps them, far below where recursion gives out.
MAX_JSON_DEPTH = 32


def max_body_bytes() -> int:
    """The body size limit: CAIRN_API_MAX_BODY_BYTES if set, else 1 MiB."""
    configured = os.environ.get(MAX_BODY_VARIABLE, "").strip()
    if not configured:
        return DEFAULT_MAX_BODY_BYTES
    if not configured.isdigit() or int(configured) < 1:
        raise CairnError(f"{MAX_BODY_VARIABLE}={configured!r} is not a positive number of bytes")
    return int(configured)


def decode_json_within_depth(data: str | bytes) -> object:
    """JSON decoded as strawberry would, refused (400) if nested deeper than MAX_JSON_DEPTH."""
    try:
        decoded = json.loads(data)
    except RecursionError:
        raise _too_deep() from None
    if _depth(decoded) > MAX_JSON_DEPTH:
        raise _too_deep()
    return decoded


def _depth(value: object) -> int:
    """Nesting depth of decoded JSON, without recursion (the point is to survive deep input)."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        current, level = pending.pop()
        if isinstance(current, dict):
            current = list(current.values())
        if isinstance(current, list):
            deepest = max(deepest, level)
            pending.extend((item, level + 1) for item in current)
    return deepest


def _too_deep() -> HTTPException:
    return HTTPException(400, f"request JSON is nested deeper than {MAX_JSON_DEPTH} levels")


class BodySizeLimit:
    """ASGI middleware: a body over `limit` bytes is refused with 413 before it is all read."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await _drain(receive, budget=self.limit)
            await _too_large(self.limit)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            # A body without Content-Length (chunked) is counted as it comes: raised here,
            # inside the endpoint, the 413 reaches the app's exception handlers.
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                if message.get("more_body", False):
                    await _drain(receive, budget=self.limit)
                raise HTTPException(413)
            return message

        await self.app(scope, counted, send)


async def _drain(receive: Receive, budget: int) -> None:
    """Read and drop the rest of a refused body, up to `budget` bytes. A client still sending
    then reads the 413; had the server closed with its data unread, the client would get a
    connection reset instead. A body longer still is not read: that client gets the reset."""
    more = True
    while more and budget >= 0:
        message = await receive()
        budget -= len(message.get("body", b""))
        more = message.get("more_body", False)


def refusal_handlers(body_limit: int) -> dict[Any, ExceptionHandler]:
    """Exception handlers that answer refusals as GraphQL clients expect errors."""

    async def too_deep(_: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return _errors(error.detail, 400)

    async def too_large(_: Request, __: Exception) -> Response:
        return _too_large(body_limit)

    return {400: too_deep, 413: too_large}


def _too_large(limit: int) -> Response:
    return _errors(f"request body larger than {limit} bytes ({MAX_BODY_VARIABLE})", 413)


def _errors(message: str, status: int) -> Response:
    return JSONResponse({"errors": [{"message": message}]}, status_code=status)
