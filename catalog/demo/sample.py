"""A small sample account shaped like the SaaS application of SCENARIO.md.

Used by `cairn demo` until the AWS crawlers land: it lets a new user see
history, changes and impact on a real graph without any cloud account.
`hotfixed=True` is the same account after the two console hotfixes.
"""

from __future__ import annotations

from typing import Any

from catalog.model import Observation, Partition, Reference

ACCOUNT = "444455556666"
REGION = "us-east-1"
TAGS = {"Project": "app-infra", "Environment": "production"}
TASK_ROLE = f"arn:aws:iam::{ACCOUNT}:role/app-task"
PARAMETER_GROUP = f"arn:aws:rds:{REGION}:{ACCOUNT}:pg:app-postgres16"
S3_READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"


def uid(type_name: str, resource_id: str, region: str = REGION) -> str:
    """The stable uid of a resource AWS gives no ARN: aws:<account>:<region>:<type>:<id>."""
    return f"aws:{ACCOUNT}:{region}:{type_name}:{resource_id}"


VPC = uid("AWS::EC2::VPC", "vpc-0a1")
SUBNETS = [uid("AWS::EC2::Subnet", f"subnet-0{i}") for i in range(1, 5)]
SG_ALB = uid("AWS::EC2::SecurityGroup", "sg-0alb")
SG_TASKS = uid("AWS::EC2::SecurityGroup", "sg-0tasks")
SG_DB = uid("AWS::EC2::SecurityGroup", "sg-0db")
EXECUTION_ROLE = f"arn:aws:iam::{ACCOUNT}:role/app-task-execution"
CLUSTER = f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/app"
TASK_DEFINITION = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/app-api:7"
SERVICE = f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/app/api"
LOAD_BALANCER = (
    f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/app-alb/50dc6c495c0c9188"
)
TARGET_GROUP = (
    f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/app-api/6d0ecf831eec9f09"
)
LISTENER = (
    f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}"
    ":listener/app/app-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"
)
CERTIFICATE = f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/0d6f5c1e-8d2a-4c1b-9f3e-2b7a1c9d4e5f"
SUBNET_GROUP = f"arn:aws:rds:{REGION}:{ACCOUNT}:subgrp:app-db"
DATABASE = f"arn:aws:rds:{REGION}:{ACCOUNT}:db:app-postgres"
ZONE = "arn:aws:route53:::hostedzone/Z0APP"
RECORD = uid("AWS::Route53::RecordSet", "Z0APP/api.example.com./A", "global")


def _observe(
    uid_: str,
    type_name: str,
    name: str,
    properties: dict[str, Any],
    references: list[tuple[str, str, str]] = (),
    tagged: bool = True,
    region: str = REGION,
) -> Observation:
    return Observation(
        uid=uid_,
        type=type_name,
        account=ACCOUNT,
        region=region,
        name=name,
        tags=TAGS if tagged else {},
        properties=properties,
        references=tuple(Reference(field, target, kind) for field, target, kind in references),
    )


def _ingress(port: int, source: str | None = None, cidr: str | None = None) -> dict[str, Any]:
    rule: dict[str, Any] = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}
    if source:
        rule["UserIdGroupPairs"] = [{"GroupId": source.rsplit(":", 1)[1]}]
    if cidr:
        rule["IpRanges"] = [{"CidrIp": cidr}]
    return rule


def sample_account(hotfixed: bool = False) -> list[Observation]:
    inline_policies = {}
    if hotfixed:
        inline_policies["hotfix-s3-read"] = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
        }
    max_connections = "900" if hotfixed else "300"
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    subnets = [
        _observe(
            subnet,
            "AWS::EC2::Subnet",
            f"app-{kind}-{az}",
            {
                "CidrBlock": f"10.0.{i}.0/24",
                "AvailabilityZone": f"{REGION}{az}",
                "MapPublicIpOnLaunch": kind == "public",
            },
            [("VpcId", VPC, "network")],
        )
        for i, (subnet, kind, az) in enumerate(
            zip(
                SUBNETS,
                ["public", "public", "private", "private"],
                ["a", "b", "a", "b"],
                strict=True,
            )
        )
    ]
    return [
        _observe(
            VPC,
            "AWS::EC2::VPC",
            "app-vpc",
            {"CidrBlock": "10.0.0.0/16", "EnableDnsHostnames": True},
        ),
        *subnets,
        _observe(
            SG_ALB,
            "AWS::EC2::SecurityGroup",
            "app-alb",
            {"IpPermissions": [_ingress(443, cidr="0.0.0.0/0")]},
            [("VpcId", VPC, "network")],
        ),
        _observe(
            SG_TASKS,
            "AWS::EC2::SecurityGroup",
            "app-tasks",
            {"IpPermissions": [_ingress(8080, source=SG_ALB)]},
            [
                ("VpcId", VPC, "network"),
                ("IpPermissions[0].UserIdGroupPairs[0].GroupId", SG_ALB, "network"),
            ],
        ),
        _observe(
            SG_DB,
            "AWS::EC2::SecurityGroup",
            "app-db",
            {"IpPermissions": [_ingress(5432, source=SG_TASKS)]},
            [
                ("VpcId", VPC, "network"),
                ("IpPermissions[0].UserIdGroupPairs[0].GroupId", SG_TASKS, "network"),
            ],
        ),
        _observe(
            TASK_ROLE,
            "AWS::IAM::Role",
            "app-task",
            {
                "AssumeRolePolicyDocument": trust,
                "Policies": inline_policies,
                "ManagedPolicyArns": [S3_READ_ONLY],
            },
            [("ManagedPolicyArns[0]", S3_READ_ONLY, "attached-policy")],
            tagged=False,
            region="global",
        ),
        _observe(
            EXECUTION_ROLE,
            "AWS::IAM::Role",
            "app-task-execution",
            {"AssumeRolePolicyDocument": trust},
            tagged=False,
            region="global",
        ),
        _observe(CLUSTER, "AWS::ECS::Cluster", "app", {"CapacityProviders": ["FARGATE"]}),
        _observe(
            TASK_DEFINITION,
            "AWS::ECS::TaskDefinition",
            "app-api:7",
            {
                "Family": "app-api",
                "Cpu": "512",
                "Memory": "1024",
                "ContainerDefinitions": [
                    {
                        "Name": "api",
                        "Image": "444455556666.dkr.ecr.us-east-1.amazonaws.com/api@sha256:9b2f",
                        "PortMappings": [{"ContainerPort": 8080}],
                    }
                ],
            },
            [
                ("TaskRoleArn", TASK_ROLE, "assumes"),
                ("ExecutionRoleArn", EXECUTION_ROLE, "assumes"),
            ],
        ),
        _observe(
            SERVICE,
            "AWS::ECS::Service",
            "api",
            {"DesiredCount": 2, "LaunchType": "FARGATE"},
            [
                ("Cluster", CLUSTER, "runs-in"),
                ("TaskDefinition", TASK_DEFINITION, "runs"),
                ("NetworkConfiguration.SecurityGroups[0]", SG_TASKS, "network"),
                ("NetworkConfiguration.Subnets[0]", SUBNETS[2], "network"),
                ("NetworkConfiguration.Subnets[1]", SUBNETS[3], "network"),
                ("LoadBalancers[0].TargetGroupArn", TARGET_GROUP, "traffic"),
            ],
        ),
        _observe(
            LOAD_BALANCER,
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "app-alb",
            {"Scheme": "internet-facing", "Type": "application"},
            [
                ("SecurityGroups[0]", SG_ALB, "network"),
                ("Subnets[0]", SUBNETS[0], "network"),
                ("Subnets[1]", SUBNETS[1], "network"),
            ],
        ),
        _observe(
            TARGET_GROUP,
            "AWS::ElasticLoadBalancingV2::TargetGroup",
            "app-api",
            {"Port": 8080, "Protocol": "HTTP", "TargetType": "ip", "HealthCheckPath": "/healthz"},
            [("VpcId", VPC, "network")],
        ),
        _observe(
            CERTIFICATE,
            "AWS::CertificateManager::Certificate",
            "api.example.com",
            {"DomainName": "api.example.com", "Status": "ISSUED"},
        ),
        _observe(
            LISTENER,
            "AWS::ElasticLoadBalancingV2::Listener",
            "app-alb:443",
            {"Port": 443, "Protocol": "HTTPS"},
            [
                ("LoadBalancerArn", LOAD_BALANCER, "attached-to"),
                ("Certificates[0]", CERTIFICATE, "tls"),
                ("DefaultActions[0].TargetGroupArn", TARGET_GROUP, "traffic"),
            ],
        ),
        _observe(
            PARAMETER_GROUP,
            "AWS::RDS::DBParameterGroup",
            "app-postgres16",
            {"Family": "postgres16", "Parameters": {"max_connections": max_connections}},
        ),
        _observe(
            SUBNET_GROUP,
            "AWS::RDS::DBSubnetGroup",
            "app-db",
            {"SubnetIds": ["subnet-03", "subnet-04"]},
            [("SubnetIds[0]", SUBNETS[2], "network"), ("SubnetIds[1]", SUBNETS[3], "network")],
        ),
        _observe(
            DATABASE,
            "AWS::RDS::DBInstance",
            "app-postgres",
            {
                "Engine": "postgres",
                "EngineVersion": "16.4",
                "DBInstanceClass": "db.t4g.medium",
                "BackupRetentionPeriod": 7,
                "MultiAZ": True,
            },
            [
                ("DBParameterGroups[0]", PARAMETER_GROUP, "configured-by"),
                ("DBSubnetGroup", SUBNET_GROUP, "network"),
                ("VpcSecurityGroups[0]", SG_DB, "network"),
            ],
        ),
        _observe(
            ZONE,
            "AWS::Route53::HostedZone",
            "example.com.",
            {"Name": "example.com."},
            tagged=False,
            region="global",
        ),
        _observe(
            RECORD,
            "AWS::Route53::RecordSet",
            "api.example.com.",
            {"Type": "A", "AliasTarget": {"EvaluateTargetHealth": True}},
            [("HostedZoneId", ZONE, "dns"), ("AliasTarget.DNSName", LOAD_BALANCER, "dns")],
            tagged=False,
            region="global",
        ),
    ]


def sample_partitions() -> set[Partition]:
    """Every partition the sample covers: each is listed completely."""
    return {observation.partition for observation in sample_account()}
