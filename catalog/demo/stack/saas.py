"""The SaaS application of SCENARIO.md, built in moto through the real AWS APIs.

This module holds the network and identity part and `build_application`, which
adds the compute tier (catalog/demo/stack/compute.py), the data tier (catalog/demo/stack/data.py),
file storage and the log group: the whole application, built once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import boto3

if TYPE_CHECKING:
    from catalog.demo.stack.compute import ApiStack
    from catalog.demo.stack.data import DataStack

REGION = "us-east-1"
TAGS = [{"Key": "Project", "Value": "app-infra"}, {"Key": "Environment", "Value": "production"}]
ECS_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "ecs-tasks.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
BUCKET = "app-files"
LOG_GROUP = "/ecs/app-api"
LOG_RETENTION_DAYS = 30
S3_READ = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
}


@dataclass
class SaasStack:
    vpc: str = ""
    public_subnets: list[str] = field(default_factory=list)
    private_subnets: list[str] = field(default_factory=list)
    internet_gateway: str = ""
    eip_allocation: str = ""
    nat_gateway: str = ""
    public_route_table: str = ""
    private_route_table: str = ""
    security_groups: dict[str, str] = field(default_factory=dict)
    task_role_arn: str = ""
    execution_role_arn: str = ""
    policy_arn: str = ""
    instance_profile_arn: str = ""


@dataclass
class Application:
    network: SaasStack
    compute: ApiStack
    data: DataStack
    bucket: str
    log_group: str


def tagged(resource_type: str, name: str) -> list[dict[str, Any]]:
    return [{"ResourceType": resource_type, "Tags": [*TAGS, {"Key": "Name", "Value": name}]}]


def build(region: str = REGION) -> SaasStack:
    stack = SaasStack()
    build_network(boto3.client("ec2", region_name=region), stack, region)
    build_security_groups(boto3.client("ec2", region_name=region), stack)
    build_identity(boto3.client("iam", region_name=region), stack)
    return stack


def build_network(ec2: Any, stack: SaasStack, region: str) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=tagged("vpc", "app-vpc"))
    stack.vpc = vpc["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=stack.vpc, EnableDnsHostnames={"Value": True})
    for index, (kind, zone) in enumerate(
        [("public", "a"), ("public", "b"), ("private", "a"), ("private", "b")]
    ):
        subnet = ec2.create_subnet(
            VpcId=stack.vpc,
            CidrBlock=f"10.0.{index}.0/24",
            AvailabilityZone=f"{region}{zone}",
            TagSpecifications=tagged("subnet", f"app-{kind}-{zone}"),
        )["Subnet"]["SubnetId"]
        if kind == "public":
            ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
        (stack.public_subnets if kind == "public" else stack.private_subnets).append(subnet)

    stack.internet_gateway = ec2.create_internet_gateway(
        TagSpecifications=tagged("internet-gateway", "app-igw")
    )["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=stack.internet_gateway, VpcId=stack.vpc)
    stack.eip_allocation = ec2.allocate_address(
        Domain="vpc", TagSpecifications=tagged("elastic-ip", "app-nat")
    )["AllocationId"]
    stack.nat_gateway = ec2.create_nat_gateway(
        SubnetId=stack.public_subnets[0],
        AllocationId=stack.eip_allocation,
        TagSpecifications=tagged("natgateway", "app-nat"),
    )["NatGateway"]["NatGatewayId"]

    stack.public_route_table = route_table(ec2, stack, "public", GatewayId=stack.internet_gateway)
    stack.private_route_table = route_table(ec2, stack, "private", NatGatewayId=stack.nat_gateway)


def route_table(ec2: Any, stack: SaasStack, kind: str, **target: str) -> str:
    table = ec2.create_route_table(
        VpcId=stack.vpc, TagSpecifications=tagged("route-table", f"app-{kind}")
    )["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", **target)
    for subnet in stack.public_subnets if kind == "public" else stack.private_subnets:
        ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
    return table


def build_security_groups(ec2: Any, stack: SaasStack) -> None:
    for name in ("alb", "ecs-tasks", "rds"):
        stack.security_groups[name] = ec2.create_security_group(
            GroupName=f"app-{name}",
            Description=f"app {name}",
            VpcId=stack.vpc,
            TagSpecifications=tagged("security-group", f"app-{name}"),
        )["GroupId"]
    groups = stack.security_groups
    ec2.authorize_security_group_ingress(
        GroupId=groups["alb"],
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 443,
                "ToPort": 443,
                "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTPS from anywhere"}],
            }
        ],
    )
    for group, source, port in (("ecs-tasks", "alb", 8080), ("rds", "ecs-tasks", 5432)):
        ec2.authorize_security_group_ingress(
            GroupId=groups[group],
            IpPermissions=[
                {
                    "IpProtocol": "tcp",
                    "FromPort": port,
                    "ToPort": port,
                    "UserIdGroupPairs": [{"GroupId": groups[source]}],
                }
            ],
        )


def build_identity(iam: Any, stack: SaasStack) -> None:
    """Roles untagged, as they often are."""
    stack.task_role_arn = iam.create_role(
        RoleName="app-task", AssumeRolePolicyDocument=json.dumps(ECS_TRUST)
    )["Role"]["Arn"]
    stack.execution_role_arn = iam.create_role(
        RoleName="app-task-execution", AssumeRolePolicyDocument=json.dumps(ECS_TRUST)
    )["Role"]["Arn"]
    stack.policy_arn = iam.create_policy(
        PolicyName="app-assets-read", PolicyDocument=json.dumps(S3_READ)
    )["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="app-task", PolicyArn=stack.policy_arn)
    stack.instance_profile_arn = iam.create_instance_profile(InstanceProfileName="app-bastion")[
        "InstanceProfile"
    ]["Arn"]
    iam.add_role_to_instance_profile(
        InstanceProfileName="app-bastion", RoleName="app-task-execution"
    )


def apply_inline_policy_hotfix(region: str = REGION) -> None:
    """The console hotfix of SCENARIO.md: s3:GetObject on everything for the task role."""
    boto3.client("iam", region_name=region).put_role_policy(
        RoleName="app-task", PolicyName="hotfix-s3-read", PolicyDocument=json.dumps(S3_READ)
    )


def build_application(region: str = REGION) -> Application:
    """The whole SaaS application of SCENARIO.md; the alias record points at the real ALB."""
    # Imported here: compute and data build on this module.
    from catalog.demo.stack import compute, data

    network = build(region)
    rds = boto3.client("rds", region_name=region)
    tier = data.build_database(rds, network)  # first: the API's DATABASE_URL names it
    api = compute.build(network, database_host=data.endpoint(rds, tier[0]))
    database = data.build(network, alb_dns=api.load_balancer_dns, database=tier)
    return Application(
        network=network,
        compute=api,
        data=database,
        bucket=build_bucket(boto3.client("s3", region_name=region)),
        log_group=build_log_group(boto3.client("logs", region_name=region)),
    )


def build_bucket(s3: Any) -> str:
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_tagging(Bucket=BUCKET, Tagging={"TagSet": TAGS})
    return BUCKET


def build_log_group(logs: Any) -> str:
    tags = {tag["Key"]: tag["Value"] for tag in TAGS}
    logs.create_log_group(logGroupName=LOG_GROUP, tags=tags)
    logs.put_retention_policy(logGroupName=LOG_GROUP, retentionInDays=LOG_RETENTION_DAYS)
    return LOG_GROUP


def apply_max_connections_hotfix(region: str = REGION) -> None:
    """The second console hotfix of SCENARIO.md: max_connections raised under load."""
    from catalog.demo.stack import data

    data.set_max_connections(boto3.client("rds", region_name=region), "900")


def revert_hotfixes(region: str = REGION) -> None:
    """What the next `terraform apply` does to both hotfixes: the inline policy deleted,
    max_connections back to its declared 300."""
    from catalog.demo.stack import data

    boto3.client("iam", region_name=region).delete_role_policy(
        RoleName="app-task", PolicyName="hotfix-s3-read"
    )
    data.set_max_connections(boto3.client("rds", region_name=region), "300")
