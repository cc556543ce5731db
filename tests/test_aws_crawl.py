"""`cairn crawl` against moto over HTTP: the network and identity of the SaaS stack."""

from __future__ import annotations

import base64
import json

import boto3
import pytest
from botocore.exceptions import ClientError

from catalog.aws.autoscaling import auto_scaling_group
from catalog.aws.crawler import crawl, select_types
from catalog.aws.ec2 import instance, internet_gateway, launch_template, nat_gateway, security_group
from catalog.aws.iam.instance_profile import ROLES
from catalog.aws.iam.role import ATTACHED_POLICIES
from catalog.aws.session import AwsAccount
from catalog.cli import main
from catalog.demo.stack import saas
from catalog.graph.reader import GraphReader

ACCOUNT = "123456789012"
REGION = saas.REGION


def uid(type_name: str, resource_id: str, region: str = REGION) -> str:
    return f"aws:{ACCOUNT}:{region}:{type_name}:{resource_id}"


def refs(reader: GraphReader, source: str) -> dict[str, str]:
    return {ref.field: ref.uid for ref in reader.references_out(source)}


@pytest.fixture
def stack(aws) -> saas.SaasStack:
    return saas.build()


def crawl_all(store, account: AwsAccount | None = None, services=()):
    return crawl(store, account or AwsAccount.connect(), [REGION], select_types(services))


def test_network_lands_with_every_reference(store, stack):
    summary = crawl_all(store)
    reader = GraphReader(store)

    vpc = reader.resource_at(uid("AWS::EC2::VPC", stack.vpc))
    assert vpc.properties["CidrBlock"] == "10.0.0.0/16"
    assert vpc.properties["EnableDnsHostnames"] is True
    assert vpc.tags["Project"] == "app-infra"

    public = reader.resource_at(uid("AWS::EC2::Subnet", stack.public_subnets[1]))
    assert public.properties["AvailabilityZone"] == "us-east-1b"
    assert public.properties["MapPublicIpOnLaunch"] is True
    assert refs(reader, public.uid) == {"VpcId": vpc.uid}

    igw = uid("AWS::EC2::InternetGateway", stack.internet_gateway)
    assert refs(reader, igw) == {internet_gateway.ATTACHED_TO.at(0): vpc.uid}
    nat = uid("AWS::EC2::NatGateway", stack.nat_gateway)
    assert refs(reader, nat) == {
        nat_gateway.IN_SUBNET.at(): uid("AWS::EC2::Subnet", stack.public_subnets[0]),
        nat_gateway.ADDRESSES.at(0): uid("AWS::EC2::EIP", stack.eip_allocation),
    }
    assert reader.resource_at(uid("AWS::EC2::EIP", stack.eip_allocation)) is not None

    private_table = uid("AWS::EC2::RouteTable", stack.private_route_table)
    targets = set(refs(reader, private_table).values())
    assert {nat, *(uid("AWS::EC2::Subnet", s) for s in stack.private_subnets)} <= targets
    public_table = uid("AWS::EC2::RouteTable", stack.public_route_table)
    assert igw in set(refs(reader, public_table).values())
    assert summary.stats.observed == summary.stats.created


def test_security_groups_keep_rules_and_chain_by_reference(store, stack):
    crawl_all(store, services=["ec2"])
    reader = GraphReader(store)
    groups = {
        name: uid("AWS::EC2::SecurityGroup", gid) for name, gid in stack.security_groups.items()
    }

    alb = reader.resource_at(groups["alb"])
    [https] = alb.properties["IpPermissions"]
    assert (https["FromPort"], https["IpRanges"][0]["CidrIp"]) == (443, "0.0.0.0/0")
    rds = reader.resource_at(groups["rds"])
    assert rds.properties["IpPermissions"][0]["FromPort"] == 5432
    assert refs(reader, groups["rds"])[security_group.INGRESS_FROM.at(0, 0)] == groups["ecs-tasks"]
    assert refs(reader, groups["ecs-tasks"])[security_group.INGRESS_FROM.at(0, 0)] == groups["alb"]
    impact = {d.uid: d.depth for d in reader.impact(groups["alb"]).dependents}
    assert impact[groups["ecs-tasks"]] == 1 and impact[groups["rds"]] == 2


def test_roles_keep_trust_and_every_policy(store, stack):
    crawl_all(store, services=["iam"])
    reader = GraphReader(store)

    role = reader.resource_at(stack.task_role_arn)
    assert role.region == "global" and role.tags == {}
    assert role.properties["AssumeRolePolicyDocument"] == saas.ECS_TRUST
    assert role.properties["ManagedPolicyArns"] == [stack.policy_arn]
    assert refs(reader, stack.task_role_arn) == {ATTACHED_POLICIES.at(0): stack.policy_arn}
    policy = reader.resource_at(stack.policy_arn)
    assert policy.properties["PolicyDocument"] == saas.S3_READ
    assert refs(reader, stack.instance_profile_arn) == {ROLES.at(0): stack.execution_role_arn}


def test_second_crawl_writes_nothing_and_a_hotfix_writes_one_version(store, stack):
    crawl_all(store)
    again = crawl_all(store)
    assert (again.stats.created, again.stats.changed, again.stats.deleted) == (0, 0, 0)

    saas.apply_inline_policy_hotfix()
    hotfixed = crawl_all(store)

    assert (hotfixed.stats.created, hotfixed.stats.changed) == (0, 1)
    history = GraphReader(store).history(stack.task_role_arn)
    assert len(history.versions) == 2
    assert history.versions[1].properties["Policies"] == {"hotfix-s3-read": saas.S3_READ}


def deny(operation: str, code: str = "UnauthorizedOperation"):
    def refuse(**_):
        raise ClientError({"Error": {"Code": code, "Message": "not authorized"}}, operation)

    return refuse


def test_access_denied_fails_one_partition_and_keeps_what_was_stored(store, stack):
    crawl_all(store)
    account = AwsAccount.connect()
    account.session.events.register(
        "before-call.ec2.DescribeSecurityGroups", deny("DescribeSecurityGroups")
    )

    partial = crawl_all(store, account)

    failed = [p for p in partial.partitions if p.status == "failed"]
    assert [(p.partition.type, p.error) for p in failed] == [
        ("AWS::EC2::SecurityGroup", "UnauthorizedOperation: not authorized")
    ]
    assert partial.stats.deleted == 0
    group = uid("AWS::EC2::SecurityGroup", stack.security_groups["rds"])
    assert GraphReader(store).resource_at(group) is not None
    assert all(p.status == "complete" for p in partial.partitions if p not in failed)


def test_cli_crawl_json_summary_and_exit_3_when_partial(
    store, stack, neo4j_env, capsys, monkeypatch
):
    assert main(["crawl", "--region", REGION, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["stats"]["created"] > 20
    assert {p["status"] for p in document["partitions"]} == {"complete"}

    connect = AwsAccount.connect

    def throttled_connect(*args, **kwargs):
        account = connect(*args, **kwargs)
        account.session.events.register(
            "before-call.iam.GetAccountAuthorizationDetails",
            deny("GetAccountAuthorizationDetails", "Throttling"),
        )
        return account

    monkeypatch.setattr(AwsAccount, "connect", throttled_connect)
    assert main(["crawl", "--region", REGION, "--json"]) == 3
    document = json.loads(capsys.readouterr().out)
    failed = {p["type"]: p["error"] for p in document["partitions"] if p["status"] == "failed"}
    assert failed == {
        "AWS::IAM::Role": "Throttling: not authorized",
        "AWS::IAM::ManagedPolicy": "Throttling: not authorized",
    }


def test_cli_crawl_without_credentials_is_one_line(aws, neo4j_env, capsys, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    assert main(["crawl", "--region", REGION]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cairn: error: no AWS credentials found")
    assert len(err.strip().splitlines()) == 1


def test_unknown_service_is_refused(aws, neo4j_env, capsys):
    assert main(["crawl", "--service", "nope"]) == 1
    assert "unknown service nope" in capsys.readouterr().err


def test_launch_template_instance_and_auto_scaling_group(store, stack):
    ec2 = boto3.client("ec2", region_name=REGION)
    user_data = base64.b64encode(b"DB_PASSWORD=hunter2").decode()
    template = ec2.create_launch_template(
        LaunchTemplateName="app-workers",
        LaunchTemplateData={
            "ImageId": "ami-12c6146b",
            "InstanceType": "t3.small",
            "SecurityGroupIds": [stack.security_groups["ecs-tasks"]],
            "IamInstanceProfile": {"Arn": stack.instance_profile_arn},
            "UserData": user_data,
        },
    )["LaunchTemplate"]["LaunchTemplateId"]
    [launched] = ec2.run_instances(
        LaunchTemplate={"LaunchTemplateId": template},
        SubnetId=stack.private_subnets[0],
        MinCount=1,
        MaxCount=1,
    )["Instances"]
    boto3.client("autoscaling", region_name=REGION).create_auto_scaling_group(
        AutoScalingGroupName="app-workers",
        LaunchTemplate={"LaunchTemplateId": template, "Version": "$Default"},
        MinSize=0,
        MaxSize=2,
        DesiredCapacity=0,
        VPCZoneIdentifier=",".join(stack.private_subnets),
    )

    crawl_all(store, services=["ec2", "autoscaling"])
    reader = GraphReader(store)

    template_uid = uid("AWS::EC2::LaunchTemplate", template)
    assert refs(reader, template_uid) == {
        launch_template.SECURITY_GROUPS.at(0): uid(
            "AWS::EC2::SecurityGroup", stack.security_groups["ecs-tasks"]
        ),
        launch_template.PROFILE.at(): stack.instance_profile_arn,
    }
    stored = reader.resource_at(template_uid).properties
    assert "hunter2" not in json.dumps(stored) and user_data not in json.dumps(stored)
    data = stored["LaunchTemplateData"]
    assert data["UserData"] is None and data["UserDataDigest"]  # a digest shows a change
    instance_uid = uid("AWS::EC2::Instance", launched["InstanceId"])
    assert refs(reader, instance_uid)[instance.IN_SUBNET.at()] == uid(
        "AWS::EC2::Subnet", stack.private_subnets[0]
    )
    [group] = [
        d
        for d in reader.impact(template_uid).dependents
        if d.type == "AWS::AutoScaling::AutoScalingGroup"
    ]
    group_refs = refs(reader, group.uid)
    assert {group_refs[auto_scaling_group.SUBNETS.at(i)] for i in range(2)} == {
        uid("AWS::EC2::Subnet", s) for s in stack.private_subnets
    }


def test_cli_crawl_with_an_unreachable_endpoint_is_one_line(aws, neo4j_env, capsys, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")

    assert main(["crawl", "--region", REGION]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cairn: error: cannot identify the AWS account: Could not connect")
    assert len(err.strip().splitlines()) == 1
