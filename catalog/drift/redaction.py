"""What a report may show of a value: secrets replaced, before any output is made of it.

A value the state marks sensitive shows as `(sensitive)`; a value that looks secret
by its name or content (catalog/secrets.py) as a digest, so a change of a secret is
still a finding whose two sides differ. Everything built from a finding (the JSON
document, the sentence, the text table, the patch's comments, GraphQL) is built from
the redacted values, so none of them can show a secret, in full or in part.
"""

from __future__ import annotations

import re
from typing import Any

from catalog.drift.compare import HIDDEN, Difference
from catalog.drift.sensitive import Sensitive
from catalog.drift.values import Digested, JsonDocument, Shown
from catalog.secrets import DIGEST_CHARACTERS, secret_shown, verdict

SENSITIVE_SHOWN = "(sensitive)"
# `{"name": "DB_PASSWORD", "value": ...}`, `{"Key": "Token", "Value": ...}`: the value's name.
LABELS = ("name", "Name", "key", "Key")
VALUES = ("value", "Value")
PATH_PARTS = re.compile(r"[^.\[\]]+")


def redacted_difference(difference: Difference) -> Difference:
    name = _name(difference)
    declared = difference.declared
    if isinstance(difference.runtime, Digested) and isinstance(declared, str | int | float):
        declared = Shown(secret_shown(declared))  # a secret's twin: a digest, whatever it is
    return Difference(
        difference.path,
        redacted(declared, name),
        redacted(difference.runtime, name),
        difference.element,
    )


def redacted(value: Any, name: str | None) -> Any:
    """`value` with each secret scalar in it replaced by how a secret is shown."""
    if isinstance(value, Sensitive):
        return SENSITIVE_SHOWN
    if value == HIDDEN or isinstance(value, Shown):
        return value  # hidden or shown already: no value to judge
    if isinstance(value, Digested):
        return Shown(f"(secret: sha256 {value.digest[:DIGEST_CHARACTERS]}…)")  # as secret_shown
    if isinstance(value, JsonDocument):
        return JsonDocument(redacted(value.document, name))
    if isinstance(value, dict):
        return type(value)(
            (key, redacted(item, value_name(value, key))) for key, item in value.items()
        )
    if isinstance(value, list):
        return [redacted(item, name) for item in value]
    if isinstance(value, str | int | float) and verdict(name, value).secret:
        return secret_shown(value)
    return value


def value_name(mapping: dict[str, Any], key: str) -> str:
    """The name the value under `key` goes by: the key, or for the value of a named pair
    (`{"name": "DB_PASSWORD", "value": ...}`) the pair's name."""
    if key in VALUES:
        label = next((mapping[k] for k in LABELS if isinstance(mapping.get(k), str)), None)
        return label or key
    return key


def is_secret(value: Any, name: str | None) -> bool:
    """Whether a scalar may not be shown or written: sensitive, or secret-looking."""
    return isinstance(value, Sensitive) or verdict(name, value).secret


def _name(difference: Difference) -> str | None:
    """The name a difference's value goes by: `tags.DeployToken` -> DeployToken,
    `parameter[max_connections].value` -> max_connections."""
    parts = PATH_PARTS.findall(difference.path)
    if not parts:
        return None
    if parts[-1] in VALUES and difference.element is not None:
        return difference.element
    return parts[-1]
