"""Auto Scaling: groups of instances, scaled from a launch template into subnets."""

from __future__ import annotations

AUTO_SCALING_GROUP = "AWS::AutoScaling::AutoScalingGroup"
