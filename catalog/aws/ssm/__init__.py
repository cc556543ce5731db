"""SSM: Parameter Store parameters (parameter.py), also the targets of references (an
ECS secret read from Parameter Store)."""

from __future__ import annotations

from catalog.aws.spec import Scope

PARAMETER = "AWS::SSM::Parameter"


def parameter_arn(scope: Scope, name: str) -> str:
    """The ARN of a parameter of the scope's account and region, by name (`/app/db` or
    `app-db`: a name without a leading slash gets one in the ARN)."""
    path = name if name.startswith("/") else f"/{name}"
    return f"arn:aws:ssm:{scope.region}:{scope.account}:parameter{path}"
