"""Whether a value is a secret, judged by its name and by its content, and how to show one.

By name: a word of the name says it holds a secret (`DB_PASSWORD`, `apiKey`,
`client_secret`, `AUTH_TOKEN`). `KEY` counts only with a word before it
(`API_KEY`, `SECRET_KEY`, `PRIVATE_KEY`, not a map's `key` or an S3 object key),
and a name whose last word names an identifier or a property of a secret
(`KMS_KEY_ID`, `secret_arn`, `key_name`, `password_length`) is not a secret by
name. A `PUBLIC` key is not secret. `PRIVATE` alone is no secret word: in AWS it
names addresses (`private_ip`, `private_dns`); a private key is one by the `KEY` rule.

By content: Yelp's detect-secrets plugins that can judge a value alone, with their
default limits: AWS keys, private keys, JWTs, URLs with credentials
(`postgres://app:pw@db`), vendor tokens, and high-entropy base64 or hex
strings. Its keyword plugin needs an assignment (the name rule does that) and
its public-IP plugin flags addresses, which are not secrets.

In a text (a script, a configuration file: an instance's user data): a name given
a value there (`export DB_PASSWORD=...`, `password: ...`) by the name rule, and its
words by content (`text_verdict`).

A secret is shown as a digest (`secret_shown`): a change still shows (the digests
differ), the value never does, in full or in part.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.plugins.base import BasePlugin
from detect_secrets.plugins.high_entropy_strings import HighEntropyStringsPlugin

SECRET_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "pass",
        "passphrase",
        "secret",
        "token",
        "credential",
        "credentials",
        "creds",
        "privatekey",
        "apikey",
        "auth",
        "authorization",
    }
)
# `MASTER_KEY`, `API_KEY`: a key with a qualifier; `public_key` is published by design.
QUALIFIED_KEY = "key"
NOT_SECRET_QUALIFIERS = frozenset({"public"})
# The last word names something about the secret, not the secret itself.
IDENTIFIER_WORDS = frozenset(
    {
        "id",
        "ids",
        "arn",
        "arns",
        "name",
        "names",
        "alias",
        "type",
        "version",
        "length",
        "enabled",
        "policy",
        "rotation",
        "ttl",
        "expiry",
        "expiration",
        "validity",
        "units",
        "seconds",  # a duration: `X-aws-ec2-metadata-token-ttl-seconds`
        "minutes",
        "hours",
        "days",
        "status",
        "scheme",
        "method",
        "mode",
    }
)
SKIPPED_PLUGINS = frozenset({"KeywordDetector", "IPPublicDetector"})
DIGEST_CHARACTERS = 12
WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# `export DB_PASSWORD=...`, `"password": "..."`, `--token=...`: a name given a value in a
# text; not one given a variable's or a command's output (`TOKEN=$(curl ...)`), which holds
# no value yet.
ASSIGNMENT = re.compile(r"""([A-Za-z_][\w.-]*)["']?\s*[:=]\s*["']?[^\s"'$]""")
# The words of a text that detect-secrets judges one by one (a token in a command line).
TEXT_WORD = re.compile(r"""[^\s"'`=:,;()\[\]{}<>|]+""")


@dataclass(frozen=True)
class Verdict:
    """Whether a value is secret, and why (`name DB_PASSWORD`, `content: JSON Web Token`)."""

    secret: bool
    reason: str | None = None


NOT_SECRET = Verdict(False)


def verdict(name: str | None, value: Any) -> Verdict:
    """The verdict for `value` found under `name` (an attribute, a variable, a tag key)."""
    if isinstance(value, bool) or value is None:
        return NOT_SECRET
    if name and secret_name(name):
        return Verdict(True, f"name {name}")
    if isinstance(value, str):
        found = content_secret(value)
        if found:
            return Verdict(True, f"content: {found}")
    return NOT_SECRET


def secret_name(name: str) -> bool:
    """`DB_PASSWORD`, `apiKey`, `client-secret`: a name that says a secret is in it."""
    words = [word.lower() for word in WORD.findall(name)]
    if not words or words[-1] in IDENTIFIER_WORDS:
        return False
    if any(word in SECRET_WORDS for word in words):
        return True
    return any(
        word == QUALIFIED_KEY and position > 0 and words[position - 1] not in NOT_SECRET_QUALIFIERS
        for position, word in enumerate(words)
    )


def content_secret(value: str) -> str | None:
    """The kind of secret `value` looks like to detect-secrets, or None."""
    for plugin in _plugins():
        if _detects(plugin, value):
            return str(plugin.secret_type)
    return None


def text_verdict(text: str) -> Verdict:
    """Whether a text (a script, a configuration file) holds a secret: a value under a
    secret name, or a word, line or quoted string that looks secret by its content."""
    for match in ASSIGNMENT.finditer(text):
        if secret_name(match[1]):
            return Verdict(True, f"name {match[1]}")
    for candidate in [text, *sorted(set(TEXT_WORD.findall(text)))]:
        found = content_secret(candidate)
        if found:
            return Verdict(True, f"content: {found}")
    return NOT_SECRET


def digest(value: Any) -> str:
    """The SHA-256 of a value (a string as is, anything else as its JSON text), in hex."""
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def secret_shown(value: Any) -> str:
    """How a secret is shown: a short digest, so two values can be told apart."""
    return f"(secret: sha256 {digest(value)[:DIGEST_CHARACTERS]}…)"


def _detects(plugin: BasePlugin, value: str) -> bool:
    if isinstance(plugin, HighEntropyStringsPlugin):
        # Quoted, as detect-secrets scans a string literal: the whole value must be
        # base64 or hex and exceed the plugin's entropy limit.
        return any(
            plugin.calculate_shannon_entropy(found) > plugin.entropy_limit
            for found in plugin.analyze_string(f'"{value}"')
        )
    return any(True for _ in plugin.analyze_string(value))


@cache
def _plugins() -> tuple[BasePlugin, ...]:
    """Every plugin detect-secrets ships, with its defaults, but those needing context."""
    classes: list[type[BasePlugin]] = list(get_mapping_from_secret_type_to_class().values())
    return tuple(plugin() for plugin in classes if plugin.__name__ not in SKIPPED_PLUGINS)
