"""Application Auto Scaling: scalable targets of ECS services and DynamoDB tables, with
their scaling policies and scheduled actions.

This package names the type once; its declaration is scalable_target.py.
"""

from __future__ import annotations

SCALABLE_TARGET = "AWS::ApplicationAutoScaling::ScalableTarget"
