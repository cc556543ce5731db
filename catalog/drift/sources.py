"""Where the API server may read a Terraform state from.

`drift(tfstate:)` makes the server read with its own file system access and AWS
credentials, so an operator's token could otherwise read any file the server can
(`/etc/...`, another team's state). The server reads only under the places
CAIRN_STATE_PATHS names, colon-separated: directories (`/srv/tfstate`) and S3
prefixes (`s3://acme-tfstate/app-infra/`). Unset, it reads no state at all.
A path is judged after resolving symlinks and `..`, so neither leads outside.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from catalog.drift.state import TerraformStateError

STATE_PATHS_VARIABLE = "CAIRN_STATE_PATHS"
# An `s3://bucket/prefix` entry holds a colon of its own.
ENTRY = re.compile(r"s3://[^:]+|[^:]+")


class StateNotAllowed(TerraformStateError):
    """A state outside the places the server may read."""


def allowed_state(source: str) -> str:
    """`source` if CAIRN_STATE_PATHS allows the server to read it, else StateNotAllowed."""
    places = ENTRY.findall(os.environ.get(STATE_PATHS_VARIABLE, ""))
    if not places:
        raise StateNotAllowed(
            f"this server reads no Terraform state: its operator sets {STATE_PATHS_VARIABLE} "
            "to the directories and s3:// prefixes it may read"
        )
    if not any(_within(source, place) for place in places):
        raise StateNotAllowed(
            f"{source} is outside the places this server reads states from ({STATE_PATHS_VARIABLE})"
        )
    return source


def _within(source: str, place: str) -> bool:
    if source.startswith("s3://") or place.startswith("s3://"):
        # `s3://bucket` allows the bucket, never `s3://bucket-other`.
        prefix = place if "/" in place[len("s3://") :] else place + "/"
        return place.startswith("s3://") and source.startswith(prefix)
    return Path(os.path.realpath(source)).is_relative_to(os.path.realpath(place))
