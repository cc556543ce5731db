"""AWS::IAM::Role from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from catalog.aws.iam import MANAGED_POLICY, role
from catalog.model import Reference
from tests.aws.iam import test_managed_policy, trust
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = role.TYPE
WITH = [test_managed_policy.DECLARATION]
RECORDING = Path(__file__).with_name("role.json")
ECS_TRUST = trust("ecs-tasks.amazonaws.com")
LOGS_WRITE = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}],
}


def build() -> None:
    test_managed_policy.build()
    iam = boto3.client("iam", region_name=REGION)
    [policy] = iam.list_policies(Scope="Local")["Policies"]
    iam.create_role(
        RoleName="app-task",
        AssumeRolePolicyDocument=json.dumps(ECS_TRUST),
        Description="the API's tasks",
        MaxSessionDuration=43200,  # long jobs: the batch call does not say so
        PermissionsBoundary=policy["Arn"],
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )
    iam.attach_role_policy(RoleName="app-task", PolicyArn=policy["Arn"])
    iam.put_role_policy(
        RoleName="app-task", PolicyName="logs", PolicyDocument=json.dumps(LOGS_WRITE)
    )


def test_a_role_keeps_its_trust_and_policies_as_references_and_separate_resources():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert observed.region == "global" and observed.name == "app-task"
    assert observed.properties["AssumeRolePolicyDocument"] == ECS_TRUST
    assert observed.properties["Policies"] == {"logs": LOGS_WRITE}
    # Only get_role tells these; restored without them a role lasts the 1-hour default.
    assert observed.properties["Description"] == "the API's tasks"
    assert observed.properties["MaxSessionDuration"] == 43200
    [policy_arn] = observed.properties["ManagedPolicyArns"]
    assert observed.references == (
        Reference(role.ATTACHED_POLICIES.at(0), policy_arn, "attached-policy", MANAGED_POLICY),
        Reference(role.PERMISSIONS_BOUNDARY.path, policy_arn, "boundary", MANAGED_POLICY),
    )
    hcl = result.hcl()
    assert "max_session_duration = 43200" in hcl
    assert 'description          = "the API\'s tasks"' in hcl
    assert "permissions_boundary = aws_iam_policy.app_s3_read.arn" in hcl
    assert 'resource "aws_iam_role_policy" "app_task_logs"' in hcl
    assert "policy_arn = aws_iam_policy.app_s3_read.arn" in hcl
    result.assert_clean()
