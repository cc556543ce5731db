"""Values a Terraform state marks sensitive, kept marked through the comparison.

Terraform records them per instance: `sensitive_attributes`, a list of paths of
steps (`[{"type": "get_attr", "value": "password"}]`, `{"type": "index", "value":
{"value": 0, "type": "number"}}`); `terraform show -json` writes `sensitive_values`,
the attributes' shape with `true` where a value is sensitive. Every scalar at or
under such a path becomes a `Sensitive` string: it compares as its text (`300`
and `"300"` are one value to the comparison anyway), and a report shows it as
`(sensitive)`, never its text. A path that cannot be read marks the whole instance:
hiding too much is better than showing a secret.
"""

from __future__ import annotations

import json
from typing import Any


class Sensitive(str):
    """A value the state marks sensitive: compared as its text, never shown."""


Step = str | int
EVERYTHING: tuple[Step, ...] = ()


def marked(attributes: dict[str, Any], instance: dict[str, Any]) -> dict[str, Any]:
    """`attributes` with every value the instance's markers name made `Sensitive`."""
    paths = sensitive_paths(instance)
    if not paths:
        return attributes
    result: Any = attributes
    for path in paths:
        result = _mark_at(result, path)
    return result if isinstance(result, dict) else {}


def sensitive_paths(instance: dict[str, Any]) -> list[tuple[Step, ...]]:
    paths = [_path(steps) for steps in _list(instance.get("sensitive_attributes"))]
    paths += _mirror_paths(instance.get("sensitive_values"), ())
    return [EVERYTHING] if None in paths else [p for p in paths if p is not None]


def mark_all(value: Any) -> Any:
    """Every scalar of `value` made `Sensitive` (a sensitive JSON document, parsed)."""
    if isinstance(value, dict):
        return {key: mark_all(item) for key, item in value.items()}
    if isinstance(value, list):
        return [mark_all(item) for item in value]
    if value is None or isinstance(value, Sensitive):
        return value
    return Sensitive(value if isinstance(value, str) else json.dumps(value))


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [None]  # unreadable: marks everything


def _path(steps: Any) -> tuple[Step, ...] | None:
    """`[get_attr password]` -> ("password",); None when a step cannot be read."""
    if not isinstance(steps, list):
        return None
    path: list[Step] = []
    for step in steps:
        key = step.get("value") if isinstance(step, dict) else None
        if isinstance(key, dict):  # an index step: {"value": 0, "type": "number"}
            key = key.get("value")
        if not isinstance(key, str | int) or isinstance(key, bool):
            return None
        path.append(key)
    return tuple(path)


def _mirror_paths(mirror: Any, prefix: tuple[Step, ...]) -> list[tuple[Step, ...] | None]:
    if mirror is True:
        return [prefix]
    if isinstance(mirror, dict):
        items: list[tuple[Step, Any]] = list(mirror.items())
    elif isinstance(mirror, list):
        items = list(enumerate(mirror))
    else:
        return []  # false or null: nothing sensitive here
    return [path for key, item in items for path in _mirror_paths(item, (*prefix, key))]


def _mark_at(value: Any, path: tuple[Step, ...]) -> Any:
    if not path:
        return mark_all(value)
    head, rest = path[0], path[1:]
    if isinstance(value, dict) and isinstance(head, str) and head in value:
        return {**value, head: _mark_at(value[head], rest)}
    if isinstance(value, list) and isinstance(head, int) and 0 <= head < len(value):
        return [_mark_at(item, rest) if i == head else item for i, item in enumerate(value)]
    return value  # the path names nothing here (a null block): nothing to hide
