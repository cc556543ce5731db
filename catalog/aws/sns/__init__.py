"""SNS: topics (topic.py) and their subscriptions (subscription.py); a function's
dead-letter target names topics too."""

from __future__ import annotations

TOPIC = "AWS::SNS::Topic"
SUBSCRIPTION = "AWS::SNS::Subscription"
