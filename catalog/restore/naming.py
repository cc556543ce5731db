"""Terraform names for pinned resources: from Name tags, sanitized, unique per type."""

from __future__ import annotations

import re
from collections import defaultdict

UNSAFE = re.compile(r"[^a-z0-9_]+")


def sanitize(text: str) -> str:
    """A Terraform identifier from any text: lower case, `_` for the rest, not digit-first."""
    name = UNSAFE.sub("_", text.lower()).strip("_") or "resource"
    return f"r_{name}" if name[0].isdigit() else name


class Names:
    """Hands out names unique per Terraform type, in the order asked (callers sort)."""

    def __init__(self) -> None:
        self._taken: dict[str, set[str]] = defaultdict(set)

    def claim(self, terraform_type: str, wanted: str) -> str:
        base = sanitize(wanted)
        name, counter = base, 2
        while name in self._taken[terraform_type]:
            name, counter = f"{base}_{counter}", counter + 1
        self._taken[terraform_type].add(name)
        return name
