"""docs/cairn-readonly-policy.json allows every AWS call a crawl really makes.

The SaaS application of SCENARIO.md, plus one of each resource type it lacks (KMS key,
Lambda function, secret, SSM parameter, ECR repository, DynamoDB tables, configured buckets,
launch template, instance, Auto Scaling group, Aurora cluster with its parameter group, private
zone), is built in moto and crawled whole, with every client call recorded through botocore's
`before-call` event. A crawler that starts calling something new fails here until the policy (and
docs/aws-accounts.md, which lists it action by action) says so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import boto3
import botocore.session

from catalog.aws.crawler import crawl, select_types
from catalog.aws.policy import ACTION_EXCEPTIONS, iam_action, optional_actions, readonly_policy
from catalog.aws.registry import SERVICES
from catalog.aws.session import AwsAccount
from catalog.demo.stack import saas
from tests.aws.application_autoscaling.test_scalable_target import build_targets
from tests.aws.autoscaling.test_auto_scaling_group import build_scaling
from tests.aws.dynamodb.test_table import build as build_tables
from tests.aws.events import test_rule
from tests.aws.lambda_.test_event_source_mapping import feed
from tests.aws.sns.test_subscription import build_subscription
from tests.aws.sns.test_topic import build_topics
from tests.aws.sqs.test_queue import build_queues
from tests.test_aws_data_services import (
    build_buckets,
    build_function,
    build_key,
    build_repository,
    build_secret,
)

DOCS = Path(__file__).resolve().parents[1] / "docs"
POLICY = DOCS / "cairn-readonly-policy.json"
# What returns data or secret values: docs/security.md promises none of it is granted.
NEVER_GRANTED = {
    "s3:GetObject",
    "secretsmanager:GetSecretValue",
    "secretsmanager:BatchGetSecretValue",
    "kms:Decrypt",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "lambda:GetFunction",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
}


def policy_actions() -> set[str]:
    document = json.loads(POLICY.read_text())
    return {
        action
        for statement in document["Statement"]
        if statement["Effect"] == "Allow"
        for action in statement["Action"]
    }


def build_everything() -> None:
    """The scenario's application, and one of each type it does not have."""
    application = saas.build_application()
    network = application.network
    key_arn, _ = build_key()
    build_buckets(key_arn)
    build_secret(key_arn)
    build_function(network, key_arn)
    feed("app-worker", "app-worker-jobs")  # an event source mapping
    build_repository()
    boto3.client("ssm", region_name=saas.REGION).put_parameter(
        Name="/app/db/password", Type="SecureString", Value="never-read", KeyId=key_arn
    )
    build_tables()
    test_rule.build()  # an event bus and rules on it and on the default bus
    build_queues(key_arn)
    build_topics(key_arn)
    build_subscription()
    ec2 = boto3.client("ec2", region_name=saas.REGION)
    template = ec2.create_launch_template(
        LaunchTemplateName="workers",
        LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.small"},
    )["LaunchTemplate"]["LaunchTemplateId"]
    ec2.run_instances(
        LaunchTemplate={"LaunchTemplateId": template},
        SubnetId=network.private_subnets[0],
        MinCount=1,
        MaxCount=1,
    )
    boto3.client("autoscaling", region_name=saas.REGION).create_auto_scaling_group(
        AutoScalingGroupName="workers",
        LaunchTemplate={"LaunchTemplateId": template, "Version": "$Default"},
        MinSize=0,
        MaxSize=1,
        VPCZoneIdentifier=network.private_subnets[1],
    )
    build_scaling("workers")
    build_targets()  # of the API service and the orders table
    rds = boto3.client("rds", region_name=saas.REGION)
    rds.create_db_cluster_parameter_group(
        DBClusterParameterGroupName="aurora",
        DBParameterGroupFamily="aurora-postgresql16",
        Description="cluster settings",
    )
    rds.create_db_cluster(
        DBClusterIdentifier="aurora",
        Engine="aurora-postgresql",
        DBClusterParameterGroupName="aurora",
        DBSubnetGroupName="app-db",
        MasterUsername="app",
        ManageMasterUserPassword=True,
    )
    rds.create_db_instance(
        DBInstanceIdentifier="aurora-1",
        DBClusterIdentifier="aurora",
        Engine="aurora-postgresql",
        DBInstanceClass="db.r6g.large",
    )
    boto3.client("route53").create_hosted_zone(
        Name="internal.example.",
        CallerReference="internal",
        HostedZoneConfig={"PrivateZone": True},
        VPC={"VPCRegion": saas.REGION, "VPCId": network.vpc},
    )


def recorded_crawl(store: Any) -> set[str]:
    """The IAM actions of every call one full crawl makes."""
    account = AwsAccount.connect()
    called: set[str] = set()

    def record(model: Any, **_: Any) -> None:
        called.add(iam_action(model.service_model.service_name, model.name))

    # Clients copy the session's handlers when they are made, which is after this.
    account.session.events.register("before-call", record)
    summary = crawl(store, account, [saas.REGION], select_types())
    assert {partition.status for partition in summary.partitions} == {"complete"}
    return called


def test_policy_allows_every_call_a_crawl_makes(store, aws):
    build_everything()
    called = recorded_crawl(store)
    assert len(called) > 40  # every service was really read
    assert sorted(called - policy_actions() - optional_actions()) == []


def test_policy_names_only_real_read_only_actions():
    """No typo, nothing that writes, nothing that reads data or secret values."""
    loader = botocore.session.get_session()
    real = set(ACTION_EXCEPTIONS.values())
    for service in SERVICES:
        model = loader.get_service_model(service)
        real |= {f"{model.signing_name}:{name}" for name in model.operation_names}
    allowed = policy_actions()
    assert sorted(allowed - real) == []
    assert all(re.match(r"[a-z0-9-]+:(Describe|Get|List)", action) for action in allowed)
    assert allowed.isdisjoint(NEVER_GRANTED)


def test_policy_is_listed_action_by_action_in_the_docs():
    """The policy's table lists its actions; the optional ones each have a row below it."""
    listed = set(
        re.findall(r"^\| `([a-z0-9-]+:[A-Za-z]+)` \|", (DOCS / "aws-accounts.md").read_text(), re.M)
    )
    assert listed == policy_actions() | optional_actions()


def test_optional_actions_stay_out_of_the_policy():
    """ssm:GetParameters would decrypt SecureStrings too: granted narrowly, never by us."""
    assert optional_actions() == {"ssm:GetParameters"}
    assert optional_actions().isdisjoint(policy_actions())


def test_the_policy_is_generated_from_the_declarations():
    """Each type declares the calls its crawl makes (its round-trip test checks them)."""
    assert json.loads(POLICY.read_text()) == readonly_policy(), (
        "regenerate: python -m catalog.aws.policy > docs/cairn-readonly-policy.json"
    )
