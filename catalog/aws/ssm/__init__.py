"""SSM: not crawled yet; its parameters are the targets of references (an ECS
secret read from Parameter Store)."""

from __future__ import annotations

PARAMETER = "AWS::SSM::Parameter"
