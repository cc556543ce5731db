"""What the tests of the Lambda types share."""

from __future__ import annotations

import json
from typing import Any

import boto3

from tests.aws.iam import trust
from tests.aws.moto import REGION
from tests.test_aws_data_services import handler_zip


def build_worker(**settings: Any) -> str:
    """A Python function `app-worker` with a role of its own, by ARN; `settings` add to it."""
    role = boto3.client("iam").create_role(
        RoleName="app-worker", AssumeRolePolicyDocument=json.dumps(trust("lambda.amazonaws.com"))
    )["Role"]["Arn"]
    return str(
        boto3.client("lambda", region_name=REGION).create_function(
            FunctionName="app-worker",
            Runtime="python3.12",
            Role=role,
            Handler="handler.handle",
            Code={"ZipFile": handler_zip()},
            **settings,
        )["FunctionArn"]
    )
