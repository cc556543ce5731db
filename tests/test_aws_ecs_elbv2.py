"""ECS and ELBv2 against moto over HTTP: the API service of the SaaS stack behind its ALB."""

from __future__ import annotations

import json

import boto3
import pytest

from catalog.aws.crawler import crawl, select_types
from catalog.aws.ecs import service as ecs_service
from catalog.aws.ecs import task_definition as ecs_task_definition
from catalog.aws.elbv2 import listener, load_balancer, target_group
from catalog.aws.session import AwsAccount
from catalog.demo.stack import compute, saas
from catalog.demo.stack.compute import DB_PASSWORD, IMAGE, ApiStack, database_url
from catalog.graph.reader import GraphReader
from catalog.secrets import digest

ACCOUNT = "123456789012"
REGION = saas.REGION
TYPES = select_types(["ecs", "elbv2", "ec2", "iam"])


def uid(type_name: str, resource_id: str) -> str:
    return f"aws:{ACCOUNT}:{REGION}:{type_name}:{resource_id}"


def refs(reader: GraphReader, source: str) -> dict[str, tuple[str, str]]:
    return {ref.field: (ref.uid, ref.kind) for ref in reader.references_out(source)}


@pytest.fixture
def api(aws) -> ApiStack:
    return compute.build(saas.build())


def crawl_types(store):
    return crawl(store, AwsAccount.connect(), [REGION], TYPES)


def test_service_lands_with_cluster_task_definition_target_group_and_network(store, api):
    summary = crawl_types(store)
    assert {p.status for p in summary.partitions} == {"complete"}
    reader = GraphReader(store)
    network = api.network

    cluster = reader.resource_at(api.cluster_arn)
    assert cluster.type == "AWS::ECS::Cluster" and cluster.tags == {
        "Project": "app-infra",
        "Environment": "production",
    }
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
        ecs_service.IN_CLUSTER.path: (api.cluster_arn, "runs-in"),
        ecs_service.RUNS.path: (api.task_definition_arn, "runs"),
        ecs_service.TARGET_GROUPS.at(0): (api.target_group_arn, "traffic"),
        **{
            ecs_service.SUBNETS.at(i): (
                uid("AWS::EC2::Subnet", subnet_id),
                "network",
            )
            for i, subnet_id in enumerate(subnets)
        },
        ecs_service.SECURITY_GROUPS.at(0): (
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
    environment = {variable["name"]: variable for variable in container["environment"]}
    assert environment["DB_PASSWORD"] == {  # secret by its name: a digest, never the value
        "name": "DB_PASSWORD",
        "secret": "name DB_PASSWORD",
        "valueDigest": digest(DB_PASSWORD),
    }
    database = {"name": "DATABASE_URL", "value": database_url(compute.DATABASE_HOST)}
    assert environment["DATABASE_URL"] == database  # plain: kept
    assert container["secrets"] == [{"name": "API_KEY", "valueFrom": f"{api.secret_arn}:key::"}]
    assert container["portMappings"][0]["containerPort"] == 8080
    stored = json.dumps([definition.properties, definition.tags])
    assert DB_PASSWORD not in stored
    assert "s3cr3t-api-key" not in stored
    for resource in reader.resources_at([api.service_arn, api.cluster_arn]):
        assert "hunter2" not in json.dumps(resource.properties)

    log_group = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/app-api"
    assert refs(reader, api.task_definition_arn) == {
        ecs_task_definition.TASK_ROLE.path: (api.network.task_role_arn, "assumes"),
        ecs_task_definition.EXECUTION_ROLE.path: (api.network.execution_role_arn, "assumes"),
        ecs_task_definition.IMAGE.at(0): (
            f"arn:aws:ecr:{REGION}:111111111111:repository/api",
            "image",
        ),
        ecs_task_definition.SECRETS[0].at(0, 0): (api.secret_arn, "secret"),
        ecs_task_definition.LOGS.at(0): (log_group, "logs"),
    }
    types = {n.field: n.type for n in reader.references_out(api.task_definition_arn)}
    assert types[ecs_task_definition.LOGS.at(0)] == "AWS::Logs::LogGroup"


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
    assert {balancer_refs[load_balancer.IN_SUBNETS.at(i)][0] for i in range(2)} == {
        uid("AWS::EC2::Subnet", s) for s in network.public_subnets
    }
    assert balancer_refs[load_balancer.SECURITY_GROUPS.at(0)] == (
        uid("AWS::EC2::SecurityGroup", network.security_groups["alb"]),
        "network",
    )

    https = reader.resource_at(api.https_listener_arn)
    assert https.properties["Protocol"] == "HTTPS"
    [rule] = https.properties["Rules"]
    assert rule["Priority"] == "10"
    assert refs(reader, api.https_listener_arn) == {
        listener.ON_LOAD_BALANCER.path: (api.load_balancer_arn, "attached-to"),
        listener.CERTIFICATES.at(0): (api.certificate_arn, "tls"),
        listener.DEFAULT_TARGET_GROUP.at(0): (api.target_group_arn, "traffic"),
        listener.RULE_TARGET_GROUP.at(0, 0): (api.target_group_arn, "traffic"),
    }
    certificate = next(n for n in reader.references_out(api.https_listener_arn) if n.kind == "tls")
    assert certificate.type == "AWS::CertificateManager::Certificate"

    http = reader.resource_at(api.http_listener_arn)
    [redirect] = http.properties["DefaultActions"]
    assert redirect["Type"] == "redirect"
    assert redirect["RedirectConfig"]["Protocol"] == "HTTPS"
    assert redirect["RedirectConfig"]["StatusCode"] == "HTTP_301"
    assert refs(reader, api.http_listener_arn) == {
        listener.ON_LOAD_BALANCER.path: (api.load_balancer_arn, "attached-to")
    }

    group = reader.resource_at(api.target_group_arn)
    assert (group.properties["Protocol"], group.properties["Port"]) == ("HTTP", 8080)
    assert group.properties["TargetType"] == "ip"
    assert group.properties["HealthCheckPath"] == "/health"
    assert refs(reader, api.target_group_arn) == {
        "VpcId": (uid("AWS::EC2::VPC", network.vpc), "network")
    }
    impact = {d.uid for d in reader.impact(api.target_group_arn).dependents}
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

    observed = ecs_service.convert(service, cluster)

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

    crawl(store, account, [REGION], [target_group.TYPE])

    assert sorted(calls) == [5, 20]
    groups = GraphReader(store).references_in(uid("AWS::EC2::VPC", network.vpc))
    assert len(groups) == 25
    tagged = GraphReader(store).resources_at([n.uid for n in groups])
    assert sorted(int(group.tags["Index"]) for group in tagged) == list(range(25))
