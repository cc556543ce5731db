"""SQS: not crawled yet; its queues are named as targets (a function's dead-letter queue)."""

from __future__ import annotations

QUEUE = "AWS::SQS::Queue"
