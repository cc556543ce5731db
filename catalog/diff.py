"""Attribute-level differences between two versions of a resource."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_ABSENT = object()


@dataclass(frozen=True)
class AttributeChange:
    """One attribute path whose value differs; None stands for "absent" on a side."""

    path: str
    before: Any
    after: Any


def diff(before: Any, after: Any, path: str = "") -> list[AttributeChange]:
    """Leaf-level changes from `before` to `after`, with dotted/indexed paths.

    Dicts are compared key by key and lists position by position, so a changed
    parameter reads `Parameters.max_connections: 300 -> 900`.
    """
    changes: list[AttributeChange] = []
    _walk(before, after, path, changes)
    return changes


def _walk(before: Any, after: Any, path: str, out: list[AttributeChange]) -> None:
    if before == after:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(before.keys() | after.keys()):
            _walk(before.get(key, _ABSENT), after.get(key, _ABSENT), _key(path, key), out)
        return
    if isinstance(before, list) and isinstance(after, list):
        for index in range(max(len(before), len(after))):
            _walk(_at(before, index), _at(after, index), f"{path}[{index}]", out)
        return
    out.append(AttributeChange(path, _visible(before), _visible(after)))


def _key(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _at(items: list[Any], index: int) -> Any:
    return items[index] if index < len(items) else _ABSENT


def _visible(value: Any) -> Any:
    return None if value is _ABSENT else value
