"""The tag a drill puts on everything it creates: how its cleanup and its comparison find
what it made (the Terraform provider's default_tags, the snapshot copies)."""

from __future__ import annotations

DRILL_TAG = "cairn:drill"


def drill_tags(drill_id: str) -> list[dict[str, str]]:
    """The tag in the AWS APIs' form."""
    return [{"Key": DRILL_TAG, "Value": drill_id}]
