"""Strings from the cloud that name the source, rewritten as Terraform.

Policy documents and container definitions carry ARNs, the account ID and
the region as plain text (`arn:aws:s3:::app-files/*`, `...:123456789012:...`).
Copied as they are, they would point the restored application at the old
one. Here an ARN of a restored resource becomes its reference, the account
`data.aws_caller_identity.current.account_id` and the region `var.region`,
inside a template string when they are only part of the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from catalog.restore.hcl import Expr, quote

ACCOUNT_EXPRESSION = "data.aws_caller_identity.current.account_id"


class Retargeter:
    def __init__(self, arns: Mapping[str, str], account: str | None, region: str | None) -> None:
        """`arns` maps each restored resource's ARN to the expression of its new ARN."""
        self.replacements: dict[str, str] = dict(arns)
        if account:
            self.replacements[account] = ACCOUNT_EXPRESSION
        if region:
            self.replacements[region] = "var.region"
        # Longest first, so an ARN wins over the account ID inside it.
        tokens = sorted(self.replacements, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, tokens))) if tokens else None
        self.uses_account = False

    def document(self, value: Any) -> Any:
        """The same JSON document with every string retargeted."""
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, Mapping):
            return {key: self.document(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.document(item) for item in value]
        return value

    def string(self, text: str) -> str | Expr:
        return interpolate(self.parts(text))

    def parts(self, text: str) -> list[str | Expr]:
        """`text` cut into literal strings and the expressions that replace what names
        the source in it."""
        if self.pattern is None:
            return [text]
        parts: list[str | Expr] = []
        position = 0
        for match in self.pattern.finditer(text):
            expression = self.replacements[match.group(0)]
            self._note(expression)
            parts += [text[position : match.start()], Expr(expression)]
            position = match.end()
        return [*parts, text[position:]]

    def _note(self, expression: str) -> None:
        if expression == ACCOUNT_EXPRESSION:
            self.uses_account = True


def interpolate(parts: list[str | Expr]) -> str | Expr:
    """Literal strings and expressions as one Terraform value: the text when there is no
    expression, the expression when it is all there is, else a template string."""
    parts = [part for part in parts if part != ""]
    if not any(isinstance(part, Expr) for part in parts):
        return "".join(str(part) for part in parts)
    if len(parts) == 1:
        return parts[0]
    pieces = [
        f"${{{part.text}}}" if isinstance(part, Expr) else quote(part)[1:-1] for part in parts
    ]
    return Expr('"' + "".join(pieces) + '"')
