"""ECS and ELBv2 against moto over HTTP: the API service of the SaaS stack behind its ALB."""

from __future__ import annotations

import json
from dataclasses import dataclass

import boto3
import pytest

from catalog.aws import ec2, ecs, elbv2, iam
from catalog.aws.crawler import crawl
from catalog.aws.session import AwsAccount
from catalog.aws.spec import Scope
from catalog.graph.reader import GraphReader
from tests.stacks import saas

ACCOUNT = "123456789012"
REGION = saas.REGION
IMAGE = f"111111111111.dkr.ecr.{REGION}.amazonaws.com/api@sha256:{'ab' * 32}"
DATABASE_URL = "postgres://app:hunter2@db.internal:5432/app"
TYPES = [*ecs.TYPES, *elbv2.TYPES, *ec2.TYPES, *iam.TYPES]


@dataclass
class ApiStack:
    network: saas.SaasStack
    secret_arn: str
    cluster_arn: str
    task_definition_arn: str
    service_arn: str
    target_group_arn: str
    load_balancer_arn: str
    certificate_arn: str
    https_listener_arn: str
    http_listener_arn: str


def uid(type_name: str, resource_id: str) -> str:
    return f"aws:{ACCOUNT}:{REGION}:{type_name}:{resource_id}"


def refs(reader: GraphReader, source: str) -> dict[str, tuple[str, str]]:
    return {ref.field: (ref.uid, ref.kind) for ref in reader.references_out(source)}


def register_task_definition(network: saas.SaasStack, secret_arn: str) -> str:
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
                "environment": [{"name": "DATABASE_URL", "value": DATABASE_URL}],
                "secrets": [{"name": "API_KEY", "valueFrom": f"{secret_arn}:key::"}],
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {
                        "awslogs-group": "/ecs/app-api",
                        "awslogs-region": REGION,
                        "awslogs-stream-prefix": "api",
                    },
                },
            }
        ],
        tags=[{"key": "Project", "value": "app-infra"}],
    )["taskDefinition"]["taskDefinitionArn"]


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
    )["LoadBalancers"][0]["LoadBalancerArn"]
    certificate = boto3.client("acm", region_name=REGION).request_certificate(
        DomainName="api.example.com", ValidationMethod="DNS"
    )["CertificateArn"]
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
    redirect = {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}
    http = lb.create_listener(
        LoadBalancerArn=balancer,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "redirect", "RedirectConfig": redirect}],
    )["Listeners"][0]["ListenerArn"]
    return {
        "target_group": group,
        "load_balancer": balancer,
        "certificate": certificate,
        "https": https,
        "http": http,
    }


@pytest.fixture
def api(aws) -> ApiStack:
    network = saas.build()
    secret_arn = boto3.client("secretsmanager", region_name=REGION).create_secret(
        Name="app/api-key", SecretString="s3cr3t-api-key"
    )["ARN"]
    balancing = build_load_balancer(network)
    client = boto3.client("ecs", region_name=REGION)
    cluster = client.create_cluster(
        clusterName="app",
        settings=[{"name": "containerInsights", "value": "enabled"}],
        capacityProviders=["FARGATE_SPOT", "FARGATE"],
        tags=[{"key": "Project", "value": "app-infra"}],
    )["cluster"]["clusterArn"]
    task_definition = register_task_definition(network, secret_arn)
    service = client.create_service(
        cluster=cluster,
        serviceName="app-api",
        taskDefinition=task_definition,
        desiredCount=2,
        launchType="FARGATE",
        loadBalancers=[
            {
                "targetGroupArn": balancing["target_group"],
                "containerName": "api",
                "containerPort": 8080,
            }
        ],
        networkConfiguration={
            "awsvpcConfiguration": {
                "subnets": list(reversed(network.private_subnets)),
                "securityGroups": [network.security_groups["ecs-tasks"]],
                "assignPublicIp": "DISABLED",
            }
        },
        deploymentConfiguration={"maximumPercent": 200, "minimumHealthyPercent": 100},
        tags=[{"key": "Project", "value": "app-infra"}],
    )["service"]["serviceArn"]
    return ApiStack(
        network=network,
        secret_arn=secret_arn,
        cluster_arn=cluster,
        task_definition_arn=task_definition,
        service_arn=service,
        target_group_arn=balancing["target_group"],
        load_balancer_arn=balancing["load_balancer"],
        certificate_arn=balancing["certificate"],
        https_listener_arn=balancing["https"],
        http_listener_arn=balancing["http"],
    )


def crawl_types(store):
    return crawl(store, AwsAccount.connect(), [REGION], TYPES)


def test_service_lands_with_cluster_task_definition_target_group_and_network(store, api):
    summary = crawl_types(store)
    assert {p.status for p in summary.partitions} == {"complete"}
    reader = GraphReader(store)
    network = api.network

    cluster = reader.resource_at(api.cluster_arn)
    assert cluster.type == "AWS::ECS::Cluster" and cluster.tags == {"Project": "app-infra"}
    assert cluster.properties["settings"] == [{"name": "containerInsights", "value": "enabled"}]
    assert cluster.properties["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]

    service = reader.resource_at(api.service_arn)
    assert service.properties["desiredCount"] == 2
    assert service.properties["launchType"] == "FARGATE"
    # moto's describe_services omits deploymentConfiguration: see the stubbed test below.
    assert service.properties["loadBalancers"] == [
        {"targetGroupArn": api.target_group_arn, "containerName": "api", "containerPort": 8080}
    ]
    for volatile in ("runningCount", "pendingCount", "events", "deployments", "createdAt"):
        assert volatile not in service.properties
    subnets = sorted(network.private_subnets)
    assert refs(reader, api.service_arn) == {
        "clusterArn": (api.cluster_arn, "runs-in"),
        "taskDefinition": (api.task_definition_arn, "runs"),
        "loadBalancers[0].targetGroupArn": (api.target_group_arn, "traffic"),
        **{
            f"networkConfiguration.awsvpcConfiguration.subnets[{i}]": (
                uid("AWS::EC2::Subnet", subnet),
                "network",
            )
            for i, subnet in enumerate(subnets)
        },
        "networkConfiguration.awsvpcConfiguration.securityGroups[0]": (
            uid("AWS::EC2::SecurityGroup", network.security_groups["ecs-tasks"]),
            "network",
        ),
    }
    resolved = {n.field: n.present for n in reader.references_out(api.service_arn)}
    assert all(resolved.values()), resolved


def test_task_definition_keeps_image_digest_roles_logs_and_secret_arns_only(store, api):
    crawl_types(store)
    reader = GraphReader(store)

    definition = reader.resource_at(api.task_definition_arn)
    assert definition.name == "app-api:1"
    [container] = definition.properties["containerDefinitions"]
    assert container["image"] == IMAGE
    assert container["environmentNames"] == ["DATABASE_URL"]
    assert container["secrets"] == [{"name": "API_KEY", "valueFrom": f"{api.secret_arn}:key::"}]
    assert container["portMappings"][0]["containerPort"] == 8080
    stored = json.dumps([definition.properties, definition.tags])
    assert "hunter2" not in stored and DATABASE_URL not in stored
    assert "s3cr3t-api-key" not in stored
    for resource in reader.resources_at([api.service_arn, api.cluster_arn]):
        assert "hunter2" not in json.dumps(resource.properties)

    log_group = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/app-api"
    assert refs(reader, api.task_definition_arn) == {
        "taskRoleArn": (api.network.task_role_arn, "assumes"),
        "executionRoleArn": (api.network.execution_role_arn, "assumes"),
        "containerDefinitions[0].image": (
            f"arn:aws:ecr:{REGION}:111111111111:repository/api",
            "image",
        ),
        "containerDefinitions[0].secrets[0].valueFrom": (api.secret_arn, "secret"),
        "containerDefinitions[0].logConfiguration.options.awslogs-group": (log_group, "logs"),
    }
    types = {n.field: n.type for n in reader.references_out(api.task_definition_arn)}
    assert types["containerDefinitions[0].logConfiguration.options.awslogs-group"] == (
        "AWS::Logs::LogGroup"
    )


def test_load_balancer_listeners_and_target_group(store, api):
    crawl_types(store)
    reader = GraphReader(store)
    network = api.network

    balancer = reader.resource_at(api.load_balancer_arn)
    assert (balancer.properties["Scheme"], balancer.properties["Type"]) == (
        "internet-facing",
        "application",
    )
    assert balancer.tags["Project"] == "app-infra"
    balancer_refs = refs(reader, api.load_balancer_arn)
    assert {balancer_refs[f"Subnets[{i}]"][0] for i in range(2)} == {
        uid("AWS::EC2::Subnet", s) for s in network.public_subnets
    }
    assert balancer_refs["SecurityGroups[0]"] == (
        uid("AWS::EC2::SecurityGroup", network.security_groups["alb"]),
        "network",
    )

    https = reader.resource_at(api.https_listener_arn)
    assert https.properties["Protocol"] == "HTTPS"
    [rule] = https.properties["Rules"]
    assert rule["Priority"] == "10"
    assert refs(reader, api.https_listener_arn) == {
        "LoadBalancerArn": (api.load_balancer_arn, "attached-to"),
        "Certificates[0].CertificateArn": (api.certificate_arn, "tls"),
        "DefaultActions[0].TargetGroupArn": (api.target_group_arn, "traffic"),
        "Rules[0].Actions[0].TargetGroupArn": (api.target_group_arn, "traffic"),
    }
    certificate = next(n for n in reader.references_out(api.https_listener_arn) if n.kind == "tls")
    assert certificate.type == "AWS::CertificateManager::Certificate"

    http = reader.resource_at(api.http_listener_arn)
    [redirect] = http.properties["DefaultActions"]
    assert redirect["Type"] == "redirect"
    assert redirect["RedirectConfig"]["Protocol"] == "HTTPS"
    assert redirect["RedirectConfig"]["StatusCode"] == "HTTP_301"
    assert refs(reader, api.http_listener_arn) == {
        "LoadBalancerArn": (api.load_balancer_arn, "attached-to")
    }

    group = reader.resource_at(api.target_group_arn)
    assert (group.properties["Protocol"], group.properties["Port"]) == ("HTTP", 8080)
    assert group.properties["TargetType"] == "ip"
    assert group.properties["HealthCheckPath"] == "/health"
    assert refs(reader, api.target_group_arn) == {
        "VpcId": (uid("AWS::EC2::VPC", network.vpc), "network")
    }
    impact = {d.uid for d in reader.dependents(api.target_group_arn)}
    assert {api.service_arn, api.https_listener_arn} <= impact


def test_second_crawl_writes_nothing(store, api):
    first = crawl_types(store)
    assert first.stats.created == first.stats.observed
    again = crawl_types(store)
    assert (again.stats.created, again.stats.changed, again.stats.deleted) == (0, 0, 0)


def test_deregistered_task_definition_is_closed(store, api):
    crawl_types(store)
    client = boto3.client("ecs", region_name=REGION)
    client.delete_service(cluster=api.cluster_arn, service=api.service_arn, force=True)
    client.deregister_task_definition(taskDefinition=api.task_definition_arn)

    crawl_types(store)

    assert GraphReader(store).resource_at(api.task_definition_arn) is None


def test_service_keeps_deployment_configuration_and_drops_rollout_history():
    # moto's describe_services leaves deploymentConfiguration out, so this feeds
    # the conversion a service exactly as real ECS describes it.
    cluster = f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/app"
    configuration = {
        "maximumPercent": 200,
        "minimumHealthyPercent": 100,
        "deploymentCircuitBreaker": {"enable": True, "rollback": True},
    }
    service = {
        "serviceArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/app/app-api",
        "serviceName": "app-api",
        "clusterArn": cluster,
        "taskDefinition": f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/app-api:3",
        "status": "ACTIVE",
        "desiredCount": 2,
        "runningCount": 1,
        "pendingCount": 1,
        "launchType": "FARGATE",
        "deploymentConfiguration": configuration,
        "deployments": [{"id": "ecs-svc/1", "createdAt": "2026-01-01T00:00:00Z"}],
        "events": [{"id": "e1", "message": "has reached a steady state."}],
        "createdAt": "2026-01-01T00:00:00Z",
        "tags": [{"key": "Project", "value": "app-infra"}],
    }
    scope = Scope(ACCOUNT, REGION, client=lambda name: pytest.fail(f"no {name} call expected"))

    observed = ecs.service_observation(scope, service, cluster)

    assert observed.properties["deploymentConfiguration"] == configuration
    assert observed.tags == {"Project": "app-infra"}
    for volatile in ("runningCount", "pendingCount", "deployments", "events", "createdAt"):
        assert volatile not in observed.properties


def test_tags_are_read_twenty_arns_per_call(store, aws):
    network = saas.build()
    lb = boto3.client("elbv2", region_name=REGION)
    for index in range(25):
        lb.create_target_group(
            Name=f"group-{index}",
            Protocol="HTTP",
            Port=8000 + index,
            VpcId=network.vpc,
            Tags=[{"Key": "Index", "Value": str(index)}],
        )
    account = AwsAccount.connect()
    calls = []
    account.session.events.register(
        "before-parameter-build.elastic-load-balancing-v2.DescribeTags",
        lambda params, **_: calls.append(len(params["ResourceArns"])),
    )

    crawl(store, account, [REGION], [elbv2.TYPES[2]])

    assert sorted(calls) == [5, 20]
    groups = GraphReader(store).references_in(uid("AWS::EC2::VPC", network.vpc))
    assert len(groups) == 25
    tagged = GraphReader(store).resources_at([n.uid for n in groups])
    assert sorted(int(group.tags["Index"]) for group in tagged) == list(range(25))
