"""What the IAM types' tests share."""

from __future__ import annotations

from typing import Any


def trust(service: str) -> dict[str, Any]:
    """A role's trust policy that lets `service` assume it."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
        ],
    }
