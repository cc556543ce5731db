"""Lambda: functions with their role, network, key and layers; environment names only.

This package names every Lambda type once; the declarations are function.py and
event_source_mapping.py (what a function reads from: a queue, a table's stream).
Layer versions are not crawled: functions name them as targets.
"""

from __future__ import annotations

from catalog.aws.spec import Found

FUNCTION = "AWS::Lambda::Function"
LAYER_VERSION = "AWS::Lambda::LayerVersion"
EVENT_SOURCE_MAPPING = "AWS::Lambda::EventSourceMapping"


def function_arn(arn: str) -> str:
    """A function's ARN without the alias or version qualifier (`...:function:name:live`)."""
    return ":".join(arn.split(":")[:7])


def function_of(found: Found) -> str | None:
    """Resolver of a reference to a function by ARN, qualified (an alias) or not."""
    arn = found.value
    parts = arn.split(":") if isinstance(arn, str) else []
    return function_arn(arn) if len(parts) >= 7 and parts[2:3] == ["lambda"] else None
