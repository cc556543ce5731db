"""RDS, Route 53 and ACM crawled from moto over HTTP on top of the SaaS network."""

from __future__ import annotations

import boto3
import pytest

from catalog.aws import ec2, route53
from catalog.aws.crawler import crawl, select_types
from catalog.aws.elbv2 import LOAD_BALANCER
from catalog.aws.rds import (
    ENCRYPTION,
    SECURITY_GROUPS,
    db_cluster,
    db_instance,
    db_subnet_group,
)
from catalog.aws.route53 import record_set
from catalog.aws.session import AwsAccount
from catalog.demo.stack import data, saas
from catalog.demo.stack.data import ALB_DNS, PASSWORD, ZONE, DataStack, set_max_connections
from catalog.graph.reader import GraphReader

ACCOUNT = "123456789012"
REGION = saas.REGION
TYPES = select_types(["ec2", "rds", "route53", "acm"])


def uid(type_name: str, resource_id: str, region: str = REGION) -> str:
    return f"aws:{ACCOUNT}:{region}:{type_name}:{resource_id}"


def record(zone_id: str, name: str, kind: str, set_identifier: str = "") -> str:
    return uid(route53.RECORD_SET, f"{zone_id}/{name}/{kind}/{set_identifier}", "global")


def refs(reader: GraphReader, source: str) -> dict[str, str]:
    return {ref.field: ref.uid for ref in reader.references_out(source)}


@pytest.fixture
def stack(aws) -> DataStack:
    return data.build(saas.build())


def crawl_data(store):
    return crawl(store, AwsAccount.connect(), [REGION], TYPES)


def test_database_lands_with_its_network_and_settings(store, stack):
    summary = crawl_data(store)
    assert {p.status for p in summary.partitions} == {"complete"}
    reader = GraphReader(store)

    db = reader.resource_at(stack.instance_arn)
    assert db.name == "app-db" and db.tags["Project"] == "app-infra"
    assert (db.properties["Engine"], db.properties["EngineVersion"]) == ("postgres", "16.3")
    assert db.properties["DBInstanceClass"] == "db.t3.medium"
    assert db.properties["AllocatedStorage"] == 100
    assert db.properties["MultiAZ"] is True and db.properties["DeletionProtection"] is True
    assert db.properties["BackupRetentionPeriod"] == 7
    assert db.properties["PreferredBackupWindow"] == "03:00-03:30"
    assert db.properties["PointInTimeRecoveryEnabled"] is True
    assert "LatestRestorableTime" not in db.properties
    assert PASSWORD not in repr(db.properties)
    assert not any("password" in key.lower() for key in db.properties)

    rds_group = uid(ec2.SECURITY_GROUP, stack.network.security_groups["rds"])
    assert refs(reader, stack.instance_arn) == {
        db_instance.SUBNET_GROUP.path: stack.subnet_group_arn,
        db_instance.PARAMETER_GROUPS.at(0): stack.parameter_group_arn,
        SECURITY_GROUPS.at(0): rds_group,
        ENCRYPTION.path: f"arn:aws:kms:{REGION}:{ACCOUNT}:key/app-db",
        db_instance.OPTION_GROUPS.at(0): f"arn:aws:rds:{REGION}:{ACCOUNT}:og:default:postgres-16-3",
    }
    neighbours = {n.uid: n for n in reader.references_out(stack.instance_arn)}
    assert neighbours[rds_group].present and not neighbours[rds_group].unresolved

    subnets = sorted(uid(ec2.SUBNET, subnet) for subnet in stack.network.private_subnets)
    subnet_refs = refs(reader, stack.subnet_group_arn)
    assert subnet_refs.pop(db_subnet_group.IN_VPC.path) == uid(ec2.VPC, stack.network.vpc)
    assert sorted(subnet_refs.values()) == subnets
    assert reader.resource_at(stack.subnet_group_arn).tags["Project"] == "app-infra"

    parameters = reader.resource_at(stack.parameter_group_arn)
    assert parameters.properties["Family"] == "postgres16"
    assert parameters.properties["Parameters"] == {"max_connections": "300"}
    assert parameters.tags["Environment"] == "production"


def test_zone_records_and_certificate(store, stack):
    crawl_data(store)
    reader = GraphReader(store)
    zone_uid = uid(route53.HOSTED_ZONE, stack.zone_id, "global")

    zone = reader.resource_at(zone_uid)
    assert zone.region == "global" and zone.tags["Project"] == "app-infra"
    assert zone.properties["Name"] == ZONE and zone.properties["PrivateZone"] is False
    assert zone.properties["Comment"] == "app public zone"

    alias = record(stack.zone_id, f"app.{ZONE}", "A")
    assert refs(reader, alias) == {
        record_set.IN_ZONE.path: zone_uid,
        record_set.ALIAS: f"dns:{ALB_DNS}",
    }
    [target] = [n for n in reader.references_out(alias) if n.kind == "alias"]
    assert target.unresolved and target.type == LOAD_BALANCER
    cname = reader.resource_at(record(stack.zone_id, f"www.{ZONE}", "CNAME"))
    assert cname.properties["TTL"] == 3600
    assert cname.properties["ResourceRecords"] == [ALB_DNS]

    certificate = reader.resource_at(stack.certificate_arn)
    assert certificate.region == REGION and certificate.tags["Project"] == "app-infra"
    assert certificate.properties["DomainName"] == "example.com"
    assert certificate.properties["SubjectAlternativeNames"] == ["example.com", "www.example.com"]
    assert certificate.properties["ValidationMethod"] == "DNS"
    assert certificate.properties["InUseBy"] == []
    validation = certificate.properties["DomainValidationOptions"][0]["ResourceRecord"]
    assert validation["Type"] == "CNAME" and validation["Name"] and validation["Value"]


def test_raising_max_connections_writes_one_version_and_a_recrawl_nothing(store, stack):
    crawl_data(store)
    again = crawl_data(store)
    assert (again.stats.created, again.stats.changed, again.stats.deleted) == (0, 0, 0)

    set_max_connections(boto3.client("rds", region_name=REGION), "900")
    raised = crawl_data(store)

    assert (raised.stats.created, raised.stats.changed, raised.stats.deleted) == (0, 1, 0)
    history = GraphReader(store).history(stack.parameter_group_arn)
    assert [v.properties["Parameters"] for v in history.versions] == [
        {"max_connections": "300"},
        {"max_connections": "900"},
    ]
    settled = crawl_data(store)
    assert (settled.stats.created, settled.stats.changed, settled.stats.deleted) == (0, 0, 0)


def test_cluster_references_its_network_and_members(store, stack):
    client = boto3.client("rds", region_name=REGION)
    cluster = client.create_db_cluster(
        DBClusterIdentifier="app-aurora",
        Engine="aurora-postgresql",
        MasterUsername="app",
        MasterUserPassword=PASSWORD,
        DBSubnetGroupName="app-db",
        VpcSecurityGroupIds=[stack.network.security_groups["rds"]],
        Tags=saas.TAGS,
    )["DBCluster"]
    member = client.create_db_instance(
        DBInstanceIdentifier="app-aurora-1",
        DBClusterIdentifier="app-aurora",
        Engine="aurora-postgresql",
        DBInstanceClass="db.r6g.large",
    )["DBInstance"]

    crawl_data(store)
    reader = GraphReader(store)

    arn = cluster["DBClusterArn"]
    assert reader.resource_at(arn).tags["Project"] == "app-infra"
    assert PASSWORD not in repr(reader.resource_at(arn).properties)
    cluster_refs = refs(reader, arn)
    assert cluster_refs[db_cluster.SUBNET_GROUP.path] == stack.subnet_group_arn
    assert cluster_refs[db_cluster.MEMBERS.at(0)] == member["DBInstanceArn"]
    assert ENCRYPTION.path not in cluster_refs  # unencrypted: no key to point at
    assert refs(reader, member["DBInstanceArn"])[db_instance.CLUSTER.path] == arn
