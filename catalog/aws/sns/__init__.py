"""SNS: not crawled yet; its topics are named as targets (a function's dead-letter topic)."""

from __future__ import annotations

TOPIC = "AWS::SNS::Topic"
