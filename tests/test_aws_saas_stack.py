"""The whole SaaS application of SCENARIO.md, built once in moto and crawled whole."""

from __future__ import annotations

import pytest

from catalog.aws import values
from catalog.aws.crawler import crawl, select_types
from catalog.aws.ec2.security_group import INGRESS_FROM
from catalog.aws.ecs import service as ecs_service
from catalog.aws.ecs import task_definition as ecs_task_definition
from catalog.aws.elbv2 import listener
from catalog.aws.rds import SECURITY_GROUPS, db_instance
from catalog.aws.route53 import record_set
from catalog.aws.session import AwsAccount
from catalog.demo.stack import saas
from catalog.demo.stack.data import ZONE
from catalog.graph.reader import GraphReader

ACCOUNT = "123456789012"
REGION = saas.REGION
SECURITY_GROUP = "AWS::EC2::SecurityGroup"
SUBNET = "AWS::EC2::Subnet"
RECORD_SET = "AWS::Route53::RecordSet"


def uid(type_name: str, resource_id: str, region: str = REGION) -> str:
    return f"aws:{ACCOUNT}:{region}:{type_name}:{resource_id}"


def refs(reader: GraphReader, source: str) -> dict[str, str]:
    return {ref.field: ref.uid for ref in reader.references_out(source)}


def crawl_all(store):
    return crawl(store, AwsAccount.connect(), [REGION], select_types())


@pytest.fixture
def app(aws) -> saas.Application:
    return saas.build_application()


def test_the_whole_application_lands_with_its_references(store, app):
    summary = crawl_all(store)
    assert {p.status for p in summary.partitions} == {"complete"}
    reader = GraphReader(store)
    network, api, data = app.network, app.compute, app.data
    groups = {name: uid(SECURITY_GROUP, group) for name, group in network.security_groups.items()}

    service = refs(reader, api.service_arn)
    assert service[ecs_service.IN_CLUSTER.path] == api.cluster_arn
    assert service[ecs_service.RUNS.path] == api.task_definition_arn
    assert service[ecs_service.TARGET_GROUPS.at(0)] == api.target_group_arn
    subnets = {service[ecs_service.SUBNETS.at(i)] for i in range(len(network.private_subnets))}
    assert subnets == {uid(SUBNET, subnet) for subnet in network.private_subnets}
    assert service[ecs_service.SECURITY_GROUPS.at(0)] == groups["ecs-tasks"]

    log_group = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{app.log_group}"
    definition = {n.field: n for n in reader.references_out(api.task_definition_arn)}
    task_role = definition[ecs_task_definition.TASK_ROLE.path]
    execution_role = definition[ecs_task_definition.EXECUTION_ROLE.path]
    assert task_role.uid == network.task_role_arn
    assert execution_role.uid == network.execution_role_arn
    # DATABASE_URL embeds the database's endpoint: the definition names the database.
    named = [n for n in reader.references_out(api.task_definition_arn) if n.kind == values.KIND]
    assert [(n.field, n.uid) for n in named] == [
        ("containerDefinitions[0].environment[0].value", data.instance_arn)
    ]
    logs = definition[ecs_task_definition.LOGS.at(0)]
    assert logs.uid == log_group and logs.present
    assert task_role.present and execution_role.present

    https = refs(reader, api.https_listener_arn)
    assert https[listener.ON_LOAD_BALANCER.path] == api.load_balancer_arn
    assert https[listener.CERTIFICATES.at(0)] == api.certificate_arn
    assert https[listener.DEFAULT_TARGET_GROUP.at(0)] == api.target_group_arn

    database = refs(reader, data.instance_arn)
    assert database[db_instance.SUBNET_GROUP.path] == data.subnet_group_arn
    assert database[db_instance.PARAMETER_GROUPS.at(0)] == data.parameter_group_arn
    assert database[SECURITY_GROUPS.at(0)] == groups["rds"]

    rule = INGRESS_FROM.at(0, 0)
    assert refs(reader, groups["rds"])[rule] == groups["ecs-tasks"]
    assert refs(reader, groups["ecs-tasks"])[rule] == groups["alb"]
    assert reader.resource_at(groups["alb"]).properties["IpPermissions"][0]["FromPort"] == 443

    bucket = reader.resource_at(f"arn:aws:s3:::{app.bucket}")
    assert bucket.properties["VersioningConfiguration"]["Status"] == "Enabled"
    assert bucket.tags == {"Project": "app-infra", "Environment": "production"}
    assert reader.resource_at(log_group).properties["retentionInDays"] == saas.LOG_RETENTION_DAYS

    record = f"{data.zone_id}/www.{ZONE}/CNAME/"
    assert reader.resource_at(uid(RECORD_SET, record, "global")).properties["TTL"] == 3600
    # The alias names the load balancer by DNS name; the crawl resolves it to the ALB itself,
    # so the DNS record shows up in the load balancer's impact.
    alias_record = uid(RECORD_SET, f"{data.zone_id}/app.{ZONE}/A/", "global")
    assert refs(reader, alias_record)[record_set.ALIAS] == api.load_balancer_arn
    assert alias_record in {d.uid for d in reader.impact(api.load_balancer_arn).dependents}
    # The old CNAME names it by DNS name in its value: a reference held in a value.
    cname = uid(RECORD_SET, record, "global")
    [held] = [ref for ref in reader.references_out(cname) if ref.kind == values.KIND]
    assert (held.field, held.uid) == ("ResourceRecords[0]", api.load_balancer_arn)
    assert cname in {d.uid for d in reader.impact(api.load_balancer_arn).dependents}


def test_a_crawl_of_one_service_keeps_the_references_its_values_hold(store, app):
    """The load balancer is not crawled again: the CNAME still names it, as the graph has it."""
    crawl_all(store)
    again = crawl(store, AwsAccount.connect(), [REGION], select_types(["route53"]))

    assert again.stats.changed == 0
    cname = uid(RECORD_SET, f"{app.data.zone_id}/www.{ZONE}/CNAME/", "global")
    named = [ref.uid for ref in GraphReader(store).references_out(cname) if ref.kind == values.KIND]
    assert named == [app.compute.load_balancer_arn]


def test_changing_the_task_role_reaches_its_definition_and_service(store, app):
    crawl_all(store)

    impact = {
        d.uid: d.depth for d in GraphReader(store).impact(app.network.task_role_arn).dependents
    }

    assert impact[app.compute.task_definition_arn] == 1
    assert impact[app.compute.service_arn] == 2


def test_second_crawl_writes_nothing(store, app):
    crawl_all(store)
    again = crawl_all(store)
    assert (again.stats.created, again.stats.changed, again.stats.deleted) == (0, 0, 0)


def test_the_two_console_hotfixes_are_two_new_versions(store, app):
    crawl_all(store)

    saas.apply_inline_policy_hotfix()
    saas.apply_max_connections_hotfix()
    drifted = crawl_all(store)

    assert (drifted.stats.created, drifted.stats.changed, drifted.stats.deleted) == (0, 2, 0)
    reader = GraphReader(store)
    role = reader.history(app.network.task_role_arn).versions
    assert len(role) == 2
    assert "hotfix-s3-read" not in role[0].properties["Policies"]
    assert "hotfix-s3-read" in role[1].properties["Policies"]
    parameters = reader.history(app.data.parameter_group_arn).versions
    assert [v.properties["Parameters"] for v in parameters] == [
        {"max_connections": "300"},
        {"max_connections": "900"},
    ]
