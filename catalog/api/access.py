"""Who may use the API: bearer tokens from configuration, each with a role.

Roles: `reader` runs queries; `operator` also runs mutations. Tokens come from
CAIRN_API_TOKENS (`role:token,role:token`) and/or a file (one `role:token` a
line, `#` comments). Only their SHA-256 digests are kept in memory. Anonymous
access exists only when explicitly enabled (`cairn serve --anonymous reader`),
for a workstation.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from catalog.errors import CairnError

MIN_TOKEN_LENGTH = 16
TOKENS_VARIABLE = "CAIRN_API_TOKENS"


class Role(Enum):
    READER = "reader"
    OPERATOR = "operator"

    def may_mutate(self) -> bool:
        return self is Role.OPERATOR


class InvalidAccess(CairnError):
    """Token configuration that cannot be used."""


@dataclass(frozen=True)
class Access:
    digests: dict[str, Role] = field(default_factory=dict)
    anonymous: Role | None = None

    @classmethod
    def configure(cls, tokens_file: Path | None = None, anonymous: Role | None = None) -> Access:
        specs = [("$" + TOKENS_VARIABLE, line) for line in _split(os.environ.get(TOKENS_VARIABLE))]
        if tokens_file is not None:
            specs += [(str(tokens_file), line) for line in _lines(tokens_file)]
        digests = dict(_digest_and_role(source, spec) for source, spec in specs)
        if not digests and anonymous is None:
            raise InvalidAccess(
                f"no API tokens: set {TOKENS_VARIABLE}=reader:TOKEN,operator:TOKEN or pass "
                "--tokens-file; for a local workstation only, --anonymous reader|operator"
            )
        return cls(digests, anonymous)

    def role_for(self, authorization: str | None) -> Role | None:
        """The role of an `Authorization: Bearer TOKEN` header; None when not allowed in."""
        if not authorization:
            return self.anonymous
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.digests.get(_digest(token.strip()))


def _digest_and_role(source: str, spec: str) -> tuple[str, Role]:
    role_name, separator, token = spec.partition(":")
    try:
        role = Role(role_name.strip())
    except ValueError:
        role = None
    if not separator or role is None:
        raise InvalidAccess(f"{source}: expected role:token with role reader or operator")
    if len(token.strip()) < MIN_TOKEN_LENGTH:
        raise InvalidAccess(f"{source}: a token must have at least {MIN_TOKEN_LENGTH} characters")
    return _digest(token.strip()), role


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidAccess(f"cannot read the tokens file {path}: {error.strerror}") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
