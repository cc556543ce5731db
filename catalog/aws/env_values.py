"""Environment and parameter values as a crawl keeps them: the value, unless it is secret.

An ECS container's or a Lambda function's environment, and an SSM String parameter,
hold the configuration a restore needs (a database host, a bucket, a feature flag).
Each value is judged by `catalog.secrets.verdict` (its name, then its content): a plain
value is kept, so a restore writes it back instead of asking a person for it; a secret
one keeps only why it is secret and a digest of it (a change still shows), never the
value. A team that wants no value stored at all crawls with `--env-values none`
(or `CAIRN_ENV_VALUES=none`): names only, as Cairn did before it kept values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from catalog.errors import CairnError
from catalog.secrets import digest, verdict

ENV_VALUES_VARIABLE = "CAIRN_ENV_VALUES"


class EnvValues(StrEnum):
    """What a crawl keeps of environment and parameter values."""

    UNLESS_SECRET = "unless-secret"  # the value, or for a secret its reason and digest
    NONE = "none"  # names only; no SSM value is read

    @classmethod
    def parse(cls, text: str, where: str = "--env-values") -> EnvValues:
        try:
            return cls(text.strip())
        except ValueError:
            known = " or ".join(member.value for member in cls)
            raise CairnError(f"unknown {where} {text!r}: {known}") from None

    @classmethod
    def configured(cls, given: str | None = None) -> EnvValues:
        """`given` (a command's option), else $CAIRN_ENV_VALUES, else `unless-secret`: so a
        scheduled crawl or a snapshot's refresh honours the team's choice too."""
        if given:
            return cls.parse(given)
        from_environment = os.environ.get(ENV_VALUES_VARIABLE, "").strip()
        if from_environment:
            return cls.parse(from_environment, f"${ENV_VALUES_VARIABLE}")
        return cls.UNLESS_SECRET


@dataclass(frozen=True)
class Keys:
    """How one API spells a kept value's fields (ECS: `value`; Lambda and SSM: `Value`)."""

    name: str
    value: str
    secret: str
    digest: str


CAMEL = Keys("name", "value", "secret", "valueDigest")
PASCAL = Keys("Name", "Value", "Secret", "ValueDigest")


def kept(name: str, value: Any, keys: Keys) -> dict[str, Any]:
    """The value under its key, or for a secret why it is one and its digest."""
    judged = verdict(name, value)
    if judged.secret:
        return {keys.secret: judged.reason, keys.digest: digest(value)}
    return {keys.value: value}


def named(name: str, value: Any, keys: Keys, mode: EnvValues) -> dict[str, Any]:
    """One environment variable as the crawl keeps it."""
    if mode is EnvValues.NONE:
        return {keys.name: name}
    return {keys.name: name, **kept(name, value, keys)}


def environment(variables: dict[str, Any], keys: Keys, mode: EnvValues) -> list[dict[str, Any]]:
    """An environment (`{name: value}`), as a list sorted by name of kept variables."""
    return [named(name, variables[name], keys, mode) for name in sorted(variables)]


def not_kept(secret: str | None) -> str:
    """Why a restore asks for a value (a variable's description): a secret's reason, or
    none kept (`--env-values none`, or a snapshot of before values were kept)."""
    if secret:
        return f"secret by {secret}, never stored by Cairn"
    return "values are never stored by Cairn"
