"""The API service of the SaaS stack in moto: ECS on Fargate behind an ALB with HTTPS."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3

from catalog.demo.stack import saas

REGION = saas.REGION
IMAGE = f"111111111111.dkr.ecr.{REGION}.amazonaws.com/api@sha256:{'ab' * 32}"
DATABASE_HOST = "db.internal"  # built alone; the whole application passes its database's
DB_PASSWORD = "hunter2"  # in plain text in the environment, as teams still do: never stored
LOG_GROUP = saas.LOG_GROUP
API_TASKS = 2  # the service's desired count
# ECS spells tag fields in lower case.
ECS_TAGS = [{"key": tag["Key"], "value": tag["Value"]} for tag in saas.TAGS]


@dataclass
class ApiStack:
    network: saas.SaasStack
    secret_arn: str
    cluster_arn: str
    task_definition_arn: str
    service_arn: str
    target_group_arn: str
    load_balancer_arn: str
    load_balancer_dns: str
    certificate_arn: str
    https_listener_arn: str
    http_listener_arn: str


def database_url(host: str) -> str:
    """Where the API finds its database: the scenario's value naming the endpoint."""
    return f"postgres://app@{host}:5432/app"


def build(network: saas.SaasStack, database_host: str = DATABASE_HOST) -> ApiStack:
    secret_arn = build_secret()
    balancing = build_load_balancer(network)
    client = boto3.client("ecs", region_name=REGION)
    cluster = build_cluster(client)
    task_definition = register_task_definition(network, secret_arn, database_host)
    service = create_service(client, network, cluster, task_definition, balancing["target_group"])
    return ApiStack(
        network=network,
        secret_arn=secret_arn,
        cluster_arn=cluster,
        task_definition_arn=task_definition,
        service_arn=service,
        target_group_arn=balancing["target_group"],
        load_balancer_arn=balancing["load_balancer"],
        load_balancer_dns=balancing["dns"],
        certificate_arn=balancing["certificate"],
        https_listener_arn=balancing["https"],
        http_listener_arn=balancing["http"],
    )


def build_secret() -> str:
    return boto3.client("secretsmanager", region_name=REGION).create_secret(
        Name="app/api-key", SecretString="s3cr3t-api-key"
    )["ARN"]


def build_cluster(client: Any) -> str:
    return client.create_cluster(
        clusterName="app",
        settings=[{"name": "containerInsights", "value": "enabled"}],
        capacityProviders=["FARGATE_SPOT", "FARGATE"],
        tags=ECS_TAGS,
    )["cluster"]["clusterArn"]


def register_task_definition(
    network: saas.SaasStack, secret_arn: str, database_host: str = DATABASE_HOST
) -> str:
    return boto3.client("ecs", region_name=REGION).register_task_definition(
        family="app-api",
        taskRoleArn=network.task_role_arn,
        executionRoleArn=network.execution_role_arn,
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="256",
        memory="512",
        containerDefinitions=[
            {
                "name": "api",
                "image": IMAGE,
                "essential": True,
                "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
                "environment": [
                    {"name": "DATABASE_URL", "value": database_url(database_host)},
                    {"name": "DB_PASSWORD", "value": DB_PASSWORD},
                ],
                "secrets": [{"name": "API_KEY", "valueFrom": f"{secret_arn}:key::"}],
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {
                        "awslogs-group": LOG_GROUP,
                        "awslogs-region": REGION,
                        "awslogs-stream-prefix": "api",
                    },
                },
            }
        ],
        tags=ECS_TAGS,
    )["taskDefinition"]["taskDefinitionArn"]


def create_service(
    client: Any, network: saas.SaasStack, cluster: str, task_definition: str, target_group: str
) -> str:
    return client.create_service(
        cluster=cluster,
        serviceName="app-api",
        taskDefinition=task_definition,
        desiredCount=API_TASKS,
        launchType="FARGATE",
        loadBalancers=[
            {"targetGroupArn": target_group, "containerName": "api", "containerPort": 8080}
        ],
        networkConfiguration={
            "awsvpcConfiguration": {
                "subnets": list(reversed(network.private_subnets)),
                "securityGroups": [network.security_groups["ecs-tasks"]],
                "assignPublicIp": "DISABLED",
            }
        },
        deploymentConfiguration={"maximumPercent": 200, "minimumHealthyPercent": 100},
        tags=ECS_TAGS,
    )["service"]["serviceArn"]


def build_load_balancer(network: saas.SaasStack) -> dict[str, str]:
    lb = boto3.client("elbv2", region_name=REGION)
    group = lb.create_target_group(
        Name="app-api",
        Protocol="HTTP",
        Port=8080,
        VpcId=network.vpc,
        TargetType="ip",
        HealthCheckPath="/health",
        Tags=saas.TAGS,
    )["TargetGroups"][0]["TargetGroupArn"]
    balancer = lb.create_load_balancer(
        Name="app-alb",
        Subnets=network.public_subnets,
        SecurityGroups=[network.security_groups["alb"]],
        Scheme="internet-facing",
        Type="application",
        Tags=saas.TAGS,
    )["LoadBalancers"][0]
    certificate = build_certificate()
    https = build_https_listener(lb, balancer["LoadBalancerArn"], certificate, group)
    http = build_http_redirect(lb, balancer["LoadBalancerArn"])
    return {
        "target_group": group,
        "load_balancer": balancer["LoadBalancerArn"],
        "dns": balancer["DNSName"],
        "certificate": certificate,
        "https": https,
        "http": http,
    }


def build_certificate() -> str:
    return boto3.client("acm", region_name=REGION).request_certificate(
        DomainName="api.example.com", ValidationMethod="DNS"
    )["CertificateArn"]


def build_https_listener(lb: Any, balancer: str, certificate: str, group: str) -> str:
    https = lb.create_listener(
        LoadBalancerArn=balancer,
        Protocol="HTTPS",
        Port=443,
        Certificates=[{"CertificateArn": certificate}],
        SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
        DefaultActions=[{"Type": "forward", "TargetGroupArn": group}],
    )["Listeners"][0]["ListenerArn"]
    lb.create_rule(
        ListenerArn=https,
        Priority=10,
        Conditions=[
            {"Field": "path-pattern", "PathPatternConfig": {"Values": ["/v2/*", "/api/*"]}}
        ],
        Actions=[{"Type": "forward", "TargetGroupArn": group}],
    )
    return https


def build_http_redirect(lb: Any, balancer: str) -> str:
    redirect = {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}
    return lb.create_listener(
        LoadBalancerArn=balancer,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "redirect", "RedirectConfig": redirect}],
    )["Listeners"][0]["ListenerArn"]
