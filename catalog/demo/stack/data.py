"""The data tier of the SaaS stack in moto: RDS PostgreSQL, Route 53 and an ACM certificate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3

from catalog.demo.stack import saas

REGION = saas.REGION
ACCOUNT = "123456789012"
PASSWORD = "never-stored-s3cret"
ALB_DNS = "app-alb-1234567890.us-east-1.elb.amazonaws.com"
ZONE = "example.com."
PARAMETER_GROUP = "app-postgres16"
ELB_ZONE = "Z35SXDOTRQ7X7K"  # the ELB hosted zone of us-east-1


@dataclass
class DataStack:
    network: saas.SaasStack
    instance_arn: str
    subnet_group_arn: str
    parameter_group_arn: str
    zone_id: str
    certificate_arn: str


def build(
    network: saas.SaasStack,
    alb_dns: str = ALB_DNS,
    database: tuple[str, str, str] | None = None,
) -> DataStack:
    """The data tier; `database` when it was built first (the API's environment names it)."""
    instance, subnet_group, parameter_group = database or build_database(
        boto3.client("rds", region_name=REGION), network
    )
    zone = build_zone(boto3.client("route53", region_name=REGION), alb_dns)
    certificate = build_certificate(boto3.client("acm", region_name=REGION))
    return DataStack(network, instance, subnet_group, parameter_group, zone, certificate)


def build_database(client: Any, network: saas.SaasStack) -> tuple[str, str, str]:
    group = client.create_db_subnet_group(
        DBSubnetGroupName="app-db",
        DBSubnetGroupDescription="app private subnets",
        SubnetIds=network.private_subnets,
        Tags=saas.TAGS,
    )["DBSubnetGroup"]
    parameters = client.create_db_parameter_group(
        DBParameterGroupName=PARAMETER_GROUP,
        DBParameterGroupFamily="postgres16",
        Description="app tuning",
        Tags=saas.TAGS,
    )["DBParameterGroup"]
    set_max_connections(client, "300")
    instance = create_instance(client, network)
    return instance["DBInstanceArn"], group["DBSubnetGroupArn"], parameters["DBParameterGroupArn"]


def endpoint(client: Any, instance_arn: str) -> str:
    """The address clients reach the database at."""
    [instance] = client.describe_db_instances(DBInstanceIdentifier=instance_arn)["DBInstances"]
    return str(instance["Endpoint"]["Address"])


def create_instance(client: Any, network: saas.SaasStack) -> dict[str, Any]:
    return client.create_db_instance(
        DBInstanceIdentifier="app-db",
        Engine="postgres",
        EngineVersion="16.3",
        DBInstanceClass="db.t3.medium",
        AllocatedStorage=100,
        MasterUsername="app",
        MasterUserPassword=PASSWORD,
        DBSubnetGroupName="app-db",
        DBParameterGroupName=PARAMETER_GROUP,
        VpcSecurityGroupIds=[network.security_groups["rds"]],
        MultiAZ=True,
        BackupRetentionPeriod=7,
        PreferredBackupWindow="03:00-03:30",
        DeletionProtection=True,
        StorageEncrypted=True,
        KmsKeyId=f"arn:aws:kms:{REGION}:{ACCOUNT}:key/app-db",
        Tags=[*saas.TAGS, {"Key": "Name", "Value": "app-db"}],
    )["DBInstance"]


def set_max_connections(client: Any, value: str) -> None:
    client.modify_db_parameter_group(
        DBParameterGroupName=PARAMETER_GROUP,
        Parameters=[
            {
                "ParameterName": "max_connections",
                "ParameterValue": value,
                "ApplyMethod": "pending-reboot",
            }
        ],
    )


def build_zone(client: Any, alb_dns: str = ALB_DNS) -> str:
    """A public zone: an alias A record to the load balancer and an old CNAME to its DNS
    name, TTL 3600."""
    zone = client.create_hosted_zone(
        Name=ZONE, CallerReference="app-zone", HostedZoneConfig={"Comment": "app public zone"}
    )["HostedZone"]
    zone_id = zone["Id"].rsplit("/", 1)[-1]
    client.change_tags_for_resource(
        ResourceType="hostedzone", ResourceId=zone_id, AddTags=saas.TAGS
    )
    alias = {
        "HostedZoneId": ELB_ZONE,
        "DNSName": f"dualstack.{alb_dns}.",
        "EvaluateTargetHealth": True,
    }
    records = [
        {"Name": f"app.{ZONE}", "Type": "A", "AliasTarget": alias},
        {
            "Name": f"www.{ZONE}",
            "Type": "CNAME",
            "TTL": 3600,
            "ResourceRecords": [{"Value": alb_dns}],  # older than the alias: by DNS name
        },
    ]
    client.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": r} for r in records]},
    )
    return zone_id


def build_certificate(client: Any) -> str:
    return client.request_certificate(
        DomainName="example.com",
        SubjectAlternativeNames=["www.example.com", "example.com"],
        ValidationMethod="DNS",
        Tags=saas.TAGS,
    )["CertificateArn"]
