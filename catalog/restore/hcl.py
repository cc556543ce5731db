"""Writing Terraform: a small document model rendered exactly as `terraform fmt` would.

Values are Python data; `Expr` marks a Terraform expression (a reference,
a variable, a function call) written as is. Every string from the cloud is
escaped: quotes, backslashes and control characters, and the template
sequences `${` and `%{`, so a tag value can never become an interpolation;
bidirectional and invisible format characters are written as `\\uNNNN`, so a
reviewer sees them (catalog.restore.invisible).

Layout rules of `terraform fmt` this follows: two-space indents; the `=` of
consecutive single-line attributes aligned; a multi-line value or a nested
block ends such a run; lists of objects one element per line with a
trailing comma.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Union

from catalog.restore.invisible import visible

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
INDENT = "  "


@dataclass(frozen=True)
class Expr:
    """A Terraform expression, written without quotes: `aws_vpc.app.id`, `var.region`."""

    text: str


@dataclass(frozen=True)
class JsonEncode:
    """`jsonencode(...)` of a JSON document: a policy reviewers read as HCL, not a string."""

    document: Any


@dataclass
class Block:
    """`type "label" ... { body }`; the body keeps its order: attributes, then blocks."""

    type: str
    labels: tuple[str, ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    comment: str | None = None

    @property
    def address(self) -> str:
        """`TYPE.LABEL` of a resource block, `data.TYPE.LABEL` of a data source."""
        kind, label = self.labels[:2]
        return f"data.{kind}.{label}" if self.type == "data" else f"{kind}.{label}"


Value = Union[str, int, float, bool, None, Expr, JsonEncode, list[Any], dict[str, Any]]  # noqa: UP007


def quote(text: str) -> str:
    """A Terraform string literal whose content reads back as exactly `text`."""
    escaped = visible(json.dumps(text, ensure_ascii=False)[1:-1])
    return '"' + escaped.replace("${", "$${").replace("%{", "%%{") + '"'


def render(blocks: Iterable[Block]) -> str:
    """Blocks separated by one blank line, ending in a newline."""
    return "\n".join("\n".join(_block(block, 0)) + "\n" for block in blocks)


def _block(block: Block, depth: int) -> list[str]:
    pad = INDENT * depth
    comment = visible(block.comment or "")
    lines = [f"{pad}# {line}".rstrip() for line in comment.splitlines()]
    labels = "".join(f" {quote(label)}" for label in block.labels)
    lines.append(f"{pad}{block.type}{labels} {{")
    lines += _body(list(block.attributes.items()), block.blocks, depth + 1)
    lines.append(f"{pad}}}")
    return lines


def _body(attributes: list[tuple[str, Any]], blocks: list[Block], depth: int) -> list[str]:
    # An argument set to null is an argument left out: write neither.
    lines = _assignments([(k, v) for k, v in attributes if v is not None], depth, _attribute_name)
    for block in blocks:
        if lines:
            lines.append("")
        lines += _block(block, depth)
    return lines


def _assignments(
    items: list[tuple[str, Any]], depth: int, key_name: Callable[[str], str]
) -> list[str]:
    """`name = value` lines, with `=` aligned across runs of single-line values."""
    pad = INDENT * depth
    rendered = [(key_name(key), _value(value, depth)) for key, value in items]
    lines: list[str] = []
    run: list[tuple[str, list[str]]] = []

    def flush() -> None:
        width = max((len(name) for name, _ in run), default=0)
        lines.extend(f"{pad}{name.ljust(width)} = {value[0]}" for name, value in run)
        run.clear()

    for name, value in rendered:
        if len(value) == 1:
            run.append((name, value))
            continue
        flush()
        lines.append(f"{pad}{name} = {value[0]}")
        lines.extend(value[1:])
    flush()
    return lines


def _attribute_name(name: str) -> str:
    if not IDENTIFIER.match(name):
        raise ValueError(f"not a Terraform argument name: {name!r}")
    return name


def _object_key(key: str) -> str:
    return key if IDENTIFIER.match(key) else quote(key)


def _value(value: Any, depth: int) -> list[str]:
    """A value as lines: the first continues the `name = ` line, the rest are indented."""
    if isinstance(value, Expr):
        return [value.text]
    if isinstance(value, JsonEncode):
        inner = _value(value.document, depth)
        if len(inner) == 1:
            return [f"jsonencode({inner[0]})"]
        return [f"jsonencode({inner[0]}", *inner[1:-1], f"{inner[-1]})"]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if value is None:
        return ["null"]
    if isinstance(value, int | float):
        return [json.dumps(value)]
    if isinstance(value, str):
        return [quote(value)]
    if isinstance(value, Mapping):
        return _object(value, depth)
    if isinstance(value, list | tuple):
        return _list(list(value), depth)
    raise TypeError(f"cannot write {type(value).__name__} as Terraform")


def _object(value: Mapping[str, Any], depth: int) -> list[str]:
    if not value:
        return ["{}"]
    inner = _assignments(list(value.items()), depth + 1, _object_key)
    return ["{", *inner, f"{INDENT * depth}}}"]


def _list(items: list[Any], depth: int) -> list[str]:
    if not items:
        return ["[]"]
    if all(not isinstance(item, Mapping | list | tuple | JsonEncode) for item in items):
        return ["[" + ", ".join(_value(item, depth)[0] for item in items) + "]"]
    pad = INDENT * (depth + 1)
    lines = ["["]
    for item in items:
        rendered = _value(item, depth + 1)
        lines.append(f"{pad}{rendered[0]}")
        lines.extend(rendered[1:-1])
        if len(rendered) > 1:
            lines.append(f"{rendered[-1]},")
        else:
            lines[-1] += ","
    lines.append(f"{INDENT * depth}]")
    return lines
