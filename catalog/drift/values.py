"""What the restore planner's blocks say, as plain values.

Drift reads the catalog through the same per-type Terraform knowledge as a
restore in place: each asset's blocks. Their values hold expressions
(`aws_vpc.app.id`, `var.region`, `"${aws_s3_bucket.app.arn}/*"`); this evaluates
them, asking `lookup` for another resource's attribute. What cannot be known
(a value never stored, an attribute nothing records) is `UNKNOWN`, and an unknown
value is never compared: it can never be reported as drift. A secret Cairn keeps as a
digest is `Digested`: compared by digest, never known.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from catalog.restore.hcl import Block, Expr, JsonEncode


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


@dataclass(frozen=True)
class Digested:
    """A secret as the catalog keeps it: the SHA-256 of its value (catalog.secrets.digest)."""

    digest: str


class Shown(str):
    """A value as a report shows it already (a secret's digest): never judged again."""


META_ARGUMENTS = frozenset({"count", "for_each", "depends_on", "lifecycle", "provider"})
REFERENCE = re.compile(r"^((?:data\.)?[a-z0-9_]+\.[a-z0-9_]+)\.([a-z0-9_]+)$")
INTERPOLATION = re.compile(r"\$\$\{|%%\{|\$\{([^}]*)\}")
# User data as a launch template holds it: the provider stores the encoded text.
BASE64ENCODE = re.compile(r"^base64encode\((.*)\)$", re.DOTALL)


@dataclass(frozen=True)
class JsonDocument:
    """A `jsonencode(...)` value: the provider stores it as a JSON string."""

    document: Any


class Nested(dict[str, Any]):
    """The body of a block: the provider fills in what it leaves out, so only the
    arguments it sets are compared."""


class Evaluator:
    def __init__(self, lookup: Callable[[str, str], Any], variables: dict[str, Any]) -> None:
        """`lookup(address, attribute)` gives another resource's attribute or UNKNOWN."""
        self.lookup = lookup
        self.variables = variables

    def body(self, block: Block) -> Nested:
        """A block's arguments and nested blocks (a list per block type), evaluated."""
        body = Nested(
            (key, self.value(value))
            for key, value in block.attributes.items()
            if value is not None and key not in META_ARGUMENTS
        )
        for nested in block.blocks:
            if nested.type not in META_ARGUMENTS:
                body.setdefault(nested.type, []).append(self.body(nested))
        return body

    def value(self, value: Any) -> Any:
        if isinstance(value, Expr):
            return self.expression(value.text)
        if isinstance(value, JsonEncode):
            return JsonDocument(self.value(value.document))
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        return value

    def expression(self, text: str) -> Any:
        encoded = BASE64ENCODE.match(text)
        if encoded:
            value = self.expression(encoded.group(1))
            return base64.b64encode(value.encode()).decode() if isinstance(value, str) else UNKNOWN
        if text.startswith('"') and text.endswith('"'):
            return self._template(text[1:-1])
        if text.startswith("var."):
            return self.variables.get(text[len("var.") :], UNKNOWN)
        match = REFERENCE.match(text)
        return self.lookup(match.group(1), match.group(2)) if match else UNKNOWN

    def _template(self, text: str) -> Any:
        """A quoted template: literal parts unescaped, `${...}` parts evaluated."""
        parts: list[str] = []
        position = 0
        for match in INTERPOLATION.finditer(text):
            parts.append(_literal(text[position : match.start()]))
            if match.group(1) is None:  # an escaped `$${` or `%%{`
                parts.append(match.group(0)[1:])
            else:
                value = self.expression(match.group(1).strip())
                if value is UNKNOWN or value is None or isinstance(value, Digested):
                    return UNKNOWN
                parts.append(str(value))
            position = match.end()
        parts.append(_literal(text[position:]))
        return "".join(parts)


def _literal(escaped: str) -> str:
    return json.loads(f'"{escaped}"')
