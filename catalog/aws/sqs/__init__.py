"""SQS: queues (queue.py); a function's dead-letter target names them too."""

from __future__ import annotations

QUEUE = "AWS::SQS::Queue"
