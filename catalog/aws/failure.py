"""A failed AWS call told in one line, as a crawl run records it for its partition.

botocore's ClientError carries the service's error code and message; but an
endpoint that answers with an HTML page (a proxy, an emulator without the region,
an outage) leaves a bare status code and the whole page as the "message", and a
body botocore cannot parse raises ResponseParserError with the body inside. A run
keeps a line a person can read: `Code: Message`, or the HTTP status, never a body.
"""

from __future__ import annotations

from http import HTTPStatus

from botocore.exceptions import ClientError

MAX_REASON = 300


def failure_reason(error: Exception) -> str:
    """`Code: Message` for a ClientError, `ClassName: first line` for anything else."""
    if isinstance(error, ClientError):
        text = _client_error(error)
    else:
        text = _joined(type(error).__name__, _first_line(str(error)).rstrip(":"))
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1] + "…"


def _client_error(error: ClientError) -> str:
    details = error.response.get("Error", {})
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    code, message = str(details.get("Code") or ""), _first_line(str(details.get("Message") or ""))
    if message.startswith("<"):  # a page or XML body, not a message
        message = ""
    if not code or code.isdigit():  # no error code: only the HTTP status says anything
        code = f"HTTP {status or code}" if status or code else type(error).__name__
        message = message or _phrase(status or code)
    return _joined(code, message)


def _phrase(status: object) -> str:
    try:
        return HTTPStatus(int(str(status))).phrase
    except ValueError:
        return ""


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return " ".join(lines[0].split()) if lines else ""


def _joined(code: str, message: str) -> str:
    return f"{code}: {message}" if message else code
