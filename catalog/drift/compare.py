"""Runtime against declared, value by value, as the AWS provider sees them.

Rules that keep the provider's shapes from looking like drift:
- only what the runtime side sets is compared: attributes the provider
  computes or defaults (ARNs, `tags_all`, a block's unset arguments) are not;
  a value the declared side leaves null is the provider's to choose;
- lists are compared without order (most are sets to the provider); lists of
  named objects (a parameter group's `parameter` blocks) element by element;
- JSON documents (policies, container definitions) are compared parsed, with
  a policy's one-or-many fields (`Action: "s3:GetObject"` or a list of one)
  made alike and empty, false or zero values left out;
- `300` and `"300"`, `true` and `"true"` are the same value;
- a secret the catalog keeps as a digest (`Digested`) is the same as a declared
  value with that digest, and shown as a digest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from catalog.drift.sensitive import Sensitive, mark_all
from catalog.drift.values import UNKNOWN, Digested, JsonDocument, Nested, Shown
from catalog.secrets import digest, secret_shown


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()  # not on that side at all
HIDDEN = "(not shown: Cairn never stores it)"
ONE_OR_MANY = frozenset({"Action", "NotAction", "Resource", "NotResource", "Statement"})


@dataclass(frozen=True)
class Difference:
    path: str  # `max_session_duration`, `parameter[max_connections].value`, `tags.Owner`
    declared: Any  # ABSENT: only at runtime
    runtime: Any  # ABSENT: only declared
    element: str | None = None  # the named element it is in (`max_connections`)


def differences(runtime: Any, declared: Any, path: str = "") -> list[Difference]:
    if runtime is UNKNOWN or runtime is None:
        return []
    if isinstance(runtime, JsonDocument):
        parsed = _parsed(declared)
        if _same(normalized(runtime.document), normalized(parsed)):
            return []
        return [Difference(path, masked(parsed, runtime.document), runtime.document)]
    if isinstance(runtime, Nested):
        return _nested(runtime, declared, path)
    if declared is None:
        return []  # declared leaves it to the provider
    if isinstance(runtime, Digested):
        return [] if _digested(runtime, declared) else [Difference(path, declared, runtime)]
    if isinstance(runtime, dict):
        return _map(runtime, declared, path)
    if isinstance(runtime, list):
        return _list(runtime, declared, path)
    return [] if _scalar(runtime) == _scalar(declared) else [Difference(path, declared, runtime)]


def _nested(runtime: Nested, declared: Any, path: str) -> list[Difference]:
    if not isinstance(declared, dict):
        return [] if declared is None else [Difference(path, declared, dict(runtime))]
    found: list[Difference] = []
    for key, value in runtime.items():
        found += differences(value, declared.get(key), _join(path, key))
    return found


def _map(runtime: dict[str, Any], declared: Any, path: str) -> list[Difference]:
    """A map (tags): every key counts, on either side."""
    if not isinstance(declared, dict):
        return [Difference(path, declared, runtime)]
    found: list[Difference] = []
    for key in sorted(runtime.keys() | declared.keys()):
        where = _join(path, key)
        if key not in declared:
            if not _empty(runtime[key]) and runtime[key] is not UNKNOWN:
                found.append(Difference(where, ABSENT, runtime[key]))
        elif key not in runtime:
            if not _empty(declared[key]):
                found.append(Difference(where, declared[key], ABSENT))
        else:
            found += differences(runtime[key], declared[key], where)
    return found


def _list(runtime: list[Any], declared: Any, path: str) -> list[Difference]:
    if not isinstance(declared, list):
        return [Difference(path, declared, runtime)]
    if _named(runtime) and _named(declared):
        return _by_name(runtime, declared, path)
    unmatched = list(declared)
    for item in runtime:
        twin = next((d for d in unmatched if not differences(item, d)), ABSENT)
        if twin is ABSENT:
            return [Difference(path, declared, runtime)]
        unmatched.remove(twin)
    return [Difference(path, declared, runtime)] if unmatched else []


def _by_name(runtime: list[Any], declared: list[Any], path: str) -> list[Difference]:
    ours = {item["name"]: item for item in runtime}
    theirs = {item["name"]: item for item in declared}
    found: list[Difference] = []
    for name in sorted(ours.keys() | theirs.keys()):
        where = f"{path}[{name}]"
        if name not in theirs:
            found.append(Difference(where, ABSENT, dict(ours[name]), name))
        elif name not in ours:
            found.append(Difference(where, theirs[name], ABSENT, name))
        else:
            found += [
                Difference(d.path, d.declared, d.runtime, name)
                for d in differences(ours[name], theirs[name], where)
            ]
    return found


def _named(items: list[Any]) -> bool:
    return bool(items) and all(
        isinstance(i, dict) and isinstance(i.get("name"), str) for i in items
    )


def masked(declared: Any, runtime: Any) -> Any:
    """The declared value, hiding what the runtime side cannot know: a state holds values
    Cairn never stores (environment values, secrets), and a report must not show them.
    A declared element with no running twin (a variable only the state has) is hidden
    like its running siblings: what Cairn never stores of one, it stores of none."""
    if runtime is UNKNOWN:
        return HIDDEN
    if isinstance(runtime, Digested):
        return Shown(secret_shown(declared))  # the running value is secret: so is its twin
    if isinstance(declared, dict) and isinstance(runtime, dict):
        return {key: masked(value, runtime.get(key)) for key, value in declared.items()}
    if isinstance(declared, list) and isinstance(runtime, list):
        siblings = [item for item in runtime if isinstance(item, dict)]
        twins = {item.get("name"): item for item in siblings}
        unknown = {key: UNKNOWN for item in siblings for key, v in item.items() if v is UNKNOWN}
        return [
            masked(item, twins.get(item.get("name"), unknown) if isinstance(item, dict) else None)
            for item in declared
        ]
    return declared


def normalized(document: Any) -> Any:
    """A JSON document with one-or-many policy fields as lists, and empty, false and zero
    values dropped (the provider drops them from container definitions)."""
    if isinstance(document, dict):
        result = {}
        for key, value in document.items():
            value = normalized(value)
            if _empty(value) or value is False or (type(value) is int and value == 0):
                continue  # a zero default the provider leaves out (a container's cpu 0)
            if key in ONE_OR_MANY and not isinstance(value, list):
                value = [value]
            if key == "Principal" and isinstance(value, dict):
                value = {k: v if isinstance(v, list) else [v] for k, v in value.items()}
            result[key] = value
        return result
    if isinstance(document, list):
        return [normalized(item) for item in document]
    return document


def _same(runtime: Any, declared: Any) -> bool:
    """Whole-document equality, lists without order, UNKNOWN matching anything."""
    if runtime is UNKNOWN:
        return True
    if isinstance(runtime, Digested):
        return _digested(runtime, declared)
    if isinstance(runtime, dict) and isinstance(declared, dict):
        # A secret kept as a digest that the declared side leaves out is the provider's to
        # choose, as a null is outside documents: only a declared value is compared with it.
        unknown = {
            key
            for key, value in runtime.items()
            if value is UNKNOWN or (isinstance(value, Digested) and declared.get(key) is None)
        }
        return runtime.keys() - unknown == declared.keys() - unknown and all(
            _same(runtime[k], declared[k]) for k in runtime.keys() - unknown
        )
    if isinstance(runtime, list) and isinstance(declared, list):
        if len(runtime) != len(declared):
            return False
        unmatched = list(declared)
        for item in runtime:
            twin = next((d for d in unmatched if _same(item, d)), ABSENT)
            if twin is ABSENT:
                return False
            unmatched.remove(twin)
        return True
    if isinstance(runtime, dict | list) or isinstance(declared, dict | list):
        return False
    return _scalar(runtime) == _scalar(declared)


def _digested(runtime: Digested, declared: Any) -> bool:
    """Whether the declared value is the secret the catalog holds the digest of."""
    if isinstance(declared, dict | list) or declared is None:
        return False
    return digest(declared if isinstance(declared, str) else _scalar(declared)) == runtime.digest


def _parsed(declared: Any) -> Any:
    if isinstance(declared, str):
        try:
            document = json.loads(declared)
        except json.JSONDecodeError:
            return declared
        # A document the state marks sensitive is sensitive in every part.
        return mark_all(document) if isinstance(declared, Sensitive) else document
    return declared


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
