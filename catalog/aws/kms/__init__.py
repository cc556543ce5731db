"""KMS: customer-managed keys, and how other services name the key that encrypts them.

This package names the KMS type once; its declaration is key.py. Other services
declare a reference to their key with `encrypted_by` (or `key_named` as the resolver
of their own `Ref`): a key named by ARN or bare id resolves to its ARN; an alias
names no key.
"""

from __future__ import annotations

from catalog.aws.spec import Found, Ref, Scope

KEY = "AWS::KMS::Key"


def key_arn(scope: Scope, key: str) -> str | None:
    """The ARN of a key named by ARN or bare id; None for an alias, which names no key."""
    if key.startswith("arn:"):
        return key if ":key/" in key else None
    if key.startswith("alias/"):
        return None
    return f"arn:aws:kms:{scope.region}:{scope.account}:key/{key}"


def key_named(found: Found) -> str | None:
    """Resolver of a reference to a KMS key: the value names it by ARN or bare id."""
    return key_arn(found.scope, found.value) if found.value else None


def encrypted_by(path: str) -> Ref:
    """The reference at `path` to the key that encrypts its holder."""
    return Ref(path, KEY, "encryption", key_named)
