"""AWS::ECS::TaskDefinition from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from catalog.aws.ecr import repository
from catalog.aws.ecs import task_definition
from catalog.aws.ecs.task_definition import (
    CREDENTIALS,
    EXECUTION_ROLE,
    IMAGE,
    LOGS,
    SECRETS,
    TASK_ROLE,
    VOLUMES,
)
from catalog.secrets import digest
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = task_definition.TYPE
RECORDING = Path(__file__).with_name("task_definition.json")
WITH = [repository.TYPE]
ACCOUNT = "123456789012"
FAMILY = "app-api"
TASK_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/app-task"
EXECUTION_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/app-execution"
SECRET_ARN = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:app/api-AbCdEf"
CREDENTIALS_ARN = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:registry-GhIjKl"
IMAGE_NAME = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/api@sha256:{'ab' * 32}"
ENVIRONMENT_VALUE = "postgres://app:hunter2@db/app"  # secret by content: never stored


# Two containers on EC2: the application, and a sidecar from a private registry.
API = {
    "name": "api",
    "image": IMAGE_NAME,
    "essential": True,
    "memory": 512,
    "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
    "environment": [
        {"name": "LOG_LEVEL", "value": "info"},
        {"name": "DATABASE_URL", "value": ENVIRONMENT_VALUE},
    ],
    "secrets": [
        {"name": "FLAG", "valueFrom": "app/flag"},
        {"name": "API_KEY", "valueFrom": f"{SECRET_ARN}:key::"},
    ],
    "logConfiguration": {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": "/ecs/app-api",
            "awslogs-region": REGION,
            "awslogs-stream-prefix": "api",
        },
    },
}
SIDECAR = {
    "name": "sidecar",
    "image": "public.ecr.aws/nginx/nginx:1.27",
    "memory": 128,
    "repositoryCredentials": {"credentialsParameter": CREDENTIALS_ARN},
}


def build() -> None:
    boto3.client("ecr", region_name=REGION).create_repository(repositoryName="api")
    boto3.client("ecs", region_name=REGION).register_task_definition(
        family=FAMILY,
        containerDefinitions=[SIDECAR, API],
        volumes=[{"name": "shared", "efsVolumeConfiguration": {"fileSystemId": "fs-0123abcd"}}],
        taskRoleArn=TASK_ROLE_ARN,
        executionRoleArn=EXECUTION_ROLE_ARN,
        requiresCompatibilities=["EC2"],
        networkMode="awsvpc",
        tags=[{"key": "Project", "value": "app-infra"}],
    )


def test_a_task_definition_keeps_plain_environment_values_and_refers_to_what_it_reads():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert observed.name == f"{FAMILY}:1"
    assert observed.tags == {"Project": "app-infra"}
    api, sidecar = observed.properties["containerDefinitions"]
    # By name, a plain value and its value; a secret one by why and a digest, never itself.
    assert api["environment"] == [
        {
            "name": "DATABASE_URL",
            "secret": "content: Basic Auth Credentials",
            "valueDigest": digest(ENVIRONMENT_VALUE),
        },
        {"name": "LOG_LEVEL", "value": "info"},
    ]
    assert "hunter2" not in json.dumps(observed.properties)
    assert [secret["name"] for secret in api["secrets"]] == ["API_KEY", "FLAG"]
    assert sidecar["repositoryCredentials"] == {"credentialsParameter": CREDENTIALS_ARN}

    references = {
        field: (ref.target, ref.kind, ref.target_type) for field, ref in result.references().items()
    }
    assert references == {
        TASK_ROLE.path: (TASK_ROLE_ARN, "assumes", "AWS::IAM::Role"),
        EXECUTION_ROLE.path: (EXECUTION_ROLE_ARN, "assumes", "AWS::IAM::Role"),
        IMAGE.at(0): (
            f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/api",
            "image",
            "AWS::ECR::Repository",
        ),
        # The JSON key after the secret's ARN names no other secret.
        SECRETS[0].at(0, 0): (SECRET_ARN, "secret", "AWS::SecretsManager::Secret"),
        # A bare name is a parameter of the task's own account and region.
        SECRETS[1].at(0, 1): (
            f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/app/flag",
            "secret",
            "AWS::SSM::Parameter",
        ),
        LOGS.at(0): (
            f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/app-api",
            "logs",
            "AWS::Logs::LogGroup",
        ),
        CREDENTIALS[0].at(1): (CREDENTIALS_ARN, "secret", "AWS::SecretsManager::Secret"),
        VOLUMES.at(0): (
            f"aws:{ACCOUNT}:{REGION}:AWS::EFS::FileSystem:fs-0123abcd",
            "attached-to",
            "AWS::EFS::FileSystem",
        ),
    }
    hcl = result.hcl()
    assert "hunter2" not in hcl
    flat = " ".join(hcl.split())  # alignment aside
    # The plain value written back as it ran; the secret one a sensitive variable.
    assert 'name = "LOG_LEVEL" value = "info"' in flat
    assert 'name = "DATABASE_URL" value = var.app_api_api_database_url' in flat
    assert result.plan is not None
    variables = {v.name: v for v in result.plan.variables}
    assert variables["app_api_api_database_url"].sensitive
    assert variables["app_api_api_database_url"].purpose == "secret_value"
    assert "Basic Auth Credentials" in variables["app_api_api_database_url"].description
    assert "awslogs-region        = var.region" in hcl
    # The secret becomes a reference (here a variable: it is outside the plan) that keeps
    # the JSON key it reads.
    assert 'valueFrom = "${var.resource_api_abcdef_arn}:key::"' in hcl
    # The image from the restored repository, by the digest it ran; the public one as it was.
    assert f'image = "${{aws_ecr_repository.api.repository_url}}@sha256:{"ab" * 32}"' in flat
    assert 'default = "public.ecr.aws/nginx/nginx:1.27"' in flat
    result.assert_clean()
