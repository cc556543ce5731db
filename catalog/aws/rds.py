"""RDS: the databases a restore brings back, with the network and settings they sit on.

Instances and clusters carry their tags (TagList) and everything that points
elsewhere by name or id; subnet groups and parameter groups do not, so those
cost one extra call per group (see `resource_tags`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.ec2 import SECURITY_GROUP, SUBNET, VPC
from catalog.aws.iam import ROLE
from catalog.aws.kms import KEY as KMS_KEY
from catalog.aws.secretsmanager import SECRET
from catalog.aws.spec import (
    ResourceType,
    Scope,
    pages,
    reference_to,
    references_to,
    tag_map,
    without,
)
from catalog.model import Observation, Reference, canonical_json

DB_INSTANCE = "AWS::RDS::DBInstance"
DB_CLUSTER = "AWS::RDS::DBCluster"
DB_SUBNET_GROUP = "AWS::RDS::DBSubnetGroup"
DB_PARAMETER_GROUP = "AWS::RDS::DBParameterGroup"
DB_CLUSTER_PARAMETER_GROUP = "AWS::RDS::DBClusterParameterGroup"
OPTION_GROUP = "AWS::RDS::OptionGroup"

# Fields that move without anyone changing the database: status, progress, and
# the point-in-time-recovery clock (LatestRestorableTime advances every few
# minutes). Storing them would write a new version on every crawl.
VOLATILE = (
    "DBInstanceStatus",
    "Status",
    "LatestRestorableTime",
    "EarliestRestorableTime",
    "EarliestBacktrackTime",
    "PendingModifiedValues",
    "StatusInfos",
    "PercentProgress",
    "AutomaticRestartTime",
    "ResumeFullAutomationModeTime",
    "ActivityStreamStatus",
    "CapacityStatus",
)
# Rewritten below as sorted id lists or references, or kept as tags.
REWRITTEN = (
    "TagList",
    "DBSubnetGroup",
    "VpcSecurityGroups",
    "DBParameterGroups",
    "OptionGroupMemberships",
    "AssociatedRoles",
    "MasterUserSecret",
    "DBClusterMembers",
    "ReadReplicaDBInstanceIdentifiers",
    "ReadReplicaIdentifiers",
    "DomainMemberships",
)


def secret_free(item: dict[str, Any]) -> dict[str, Any]:
    """Drop anything password-like. The describe calls never return the master password;
    this keeps it so if a future API version or an emulator ever echoes one back."""
    return {key: value for key, value in item.items() if "password" not in key.lower()}


def rds_arn(sibling_arn: str, kind: str, name: str) -> str:
    """The ARN of another RDS resource in the same partition, region and account.

    The API names subnet groups, parameter groups, clusters and replica sources
    by identifier only; their ARN is the sibling's with another resource part.
    An identifier that is already an ARN (a cross-region replica source) is kept.
    """
    if name.startswith("arn:"):
        return name
    prefix = sibling_arn.split(":")[:5]  # arn, partition, rds, region, account
    return ":".join([*prefix, kind, name])


def resource_tags(scope: Scope, arn: str) -> dict[str, str]:
    # RDS has no batch tag read: describe_db_subnet_groups and
    # describe_db_parameter_groups return no tags, and list_tags_for_resource
    # takes one ARN. (The tagging API could batch this, but a scope hands out
    # only this type's service client.)
    return tag_map(scope.client("rds").list_tags_for_resource(ResourceName=arn).get("TagList"))


def security_group_ids(item: dict[str, Any]) -> list[str]:
    return sorted(group["VpcSecurityGroupId"] for group in item.get("VpcSecurityGroups", ()))


def roles(item: dict[str, Any]) -> list[dict[str, Any]]:
    """Associated IAM roles without their (transient) association status."""
    return sorted(
        (without(role, "Status") for role in item.get("AssociatedRoles", ())), key=canonical_json
    )


def master_secret(item: dict[str, Any]) -> dict[str, Any] | None:
    """Where RDS keeps the managed master password: the secret's ARN, never its value."""
    secret = item.get("MasterUserSecret")
    return without(secret, "SecretStatus") if secret else None


def shared_properties(item: dict[str, Any]) -> dict[str, Any]:
    """What instances and clusters have in common, normalized."""
    return {
        **without(secret_free(item), *VOLATILE, *REWRITTEN),
        "VpcSecurityGroupIds": security_group_ids(item),
        "AssociatedRoles": roles(item),
        "MasterUserSecret": master_secret(item),
        "DomainMemberships": sorted(item.get("DomainMemberships", ()), key=canonical_json),
        # Point-in-time recovery is on exactly when automated backups are kept.
        "PointInTimeRecoveryEnabled": (item.get("BackupRetentionPeriod") or 0) > 0,
    }


def key_arn(key: str | None) -> str | None:
    """A KMS key to reference: RDS reports keys as ARNs. Anything else is a placeholder
    (moto says `default_kms_key_id` for an unencrypted database) and points nowhere."""
    return key if key and key.startswith("arn:") else None


def shared_references(scope: Scope, item: dict[str, Any]) -> list[Reference]:
    secret = master_secret(item) or {}
    return [
        *references_to(
            "VpcSecurityGroupIds",
            (scope.uid(SECURITY_GROUP, gid) for gid in security_group_ids(item)),
            "network",
            SECURITY_GROUP,
        ),
        *references_to(
            "AssociatedRoles", (role["RoleArn"] for role in roles(item)), "assumes", ROLE
        ),
        *reference_to("KmsKeyId", key_arn(item.get("KmsKeyId")), "encrypted-by", KMS_KEY),
        *reference_to(
            "PerformanceInsightsKMSKeyId",
            key_arn(item.get("PerformanceInsightsKMSKeyId")),
            "encrypted-by",
            KMS_KEY,
        ),
        *reference_to("MonitoringRoleArn", item.get("MonitoringRoleArn"), "assumes", ROLE),
        *reference_to("MasterUserSecret.SecretArn", secret.get("SecretArn"), "credentials", SECRET),
    ]


def collect_instances(scope: Scope) -> Iterator[Observation]:
    for instance in pages(scope.client("rds"), "describe_db_instances", "DBInstances"):
        arn = instance["DBInstanceArn"]
        subnet_group = (instance.get("DBSubnetGroup") or {}).get("DBSubnetGroupName")
        parameter_groups = sorted(
            group["DBParameterGroupName"] for group in instance.get("DBParameterGroups", ())
        )
        option_groups = sorted(
            group["OptionGroupName"] for group in instance.get("OptionGroupMemberships", ())
        )
        source = instance.get("ReadReplicaSourceDBInstanceIdentifier")
        cluster = instance.get("DBClusterIdentifier")
        properties = {
            **shared_properties(instance),
            "DBSubnetGroupName": subnet_group,
            "DBParameterGroupNames": parameter_groups,
            "OptionGroupNames": option_groups,
            "ReadReplicaDBInstanceIdentifiers": sorted(
                instance.get("ReadReplicaDBInstanceIdentifiers", ())
            ),
        }
        references = [
            *shared_references(scope, instance),
            *reference_to(
                "DBSubnetGroupName",
                subnet_group and rds_arn(arn, "subgrp", subnet_group),
                "network",
                DB_SUBNET_GROUP,
            ),
            *references_to(
                "DBParameterGroupNames",
                (rds_arn(arn, "pg", name) for name in parameter_groups),
                "configured-by",
                DB_PARAMETER_GROUP,
            ),
            *references_to(
                "OptionGroupNames",
                (rds_arn(arn, "og", name) for name in option_groups),
                "configured-by",
                OPTION_GROUP,
            ),
            *reference_to(
                "ReadReplicaSourceDBInstanceIdentifier",
                source and rds_arn(arn, "db", source),
                "replica-of",
                DB_INSTANCE,
            ),
            *reference_to(
                "DBClusterIdentifier",
                cluster and rds_arn(arn, "cluster", cluster),
                "member-of",
                DB_CLUSTER,
            ),
        ]
        tags = tag_map(instance.get("TagList"))
        yield scope.observation(
            uid=arn,
            type=DB_INSTANCE,
            name=tags.get("Name") or instance["DBInstanceIdentifier"],
            tags=tags,
            properties=secret_free(properties),
            references=references,
        )


def collect_clusters(scope: Scope) -> Iterator[Observation]:
    for cluster in pages(scope.client("rds"), "describe_db_clusters", "DBClusters"):
        arn = cluster["DBClusterArn"]
        members = sorted(
            (
                without(member, "DBClusterParameterGroupStatus")
                for member in cluster.get("DBClusterMembers", ())
            ),
            key=lambda member: member["DBInstanceIdentifier"],
        )
        subnet_group = cluster.get("DBSubnetGroup")  # a name here, not a structure
        parameter_group = cluster.get("DBClusterParameterGroup")
        properties = {
            **shared_properties(cluster),
            "DBSubnetGroup": subnet_group,
            "DBClusterMembers": members,
            "ReadReplicaIdentifiers": sorted(cluster.get("ReadReplicaIdentifiers", ())),
        }
        references = [
            *shared_references(scope, cluster),
            *reference_to(
                "DBSubnetGroup",
                subnet_group and rds_arn(arn, "subgrp", subnet_group),
                "network",
                DB_SUBNET_GROUP,
            ),
            *reference_to(
                "DBClusterParameterGroup",
                parameter_group and rds_arn(arn, "cluster-pg", parameter_group),
                "configured-by",
                DB_CLUSTER_PARAMETER_GROUP,
            ),
            *references_to(
                "DBClusterMembers",
                (rds_arn(arn, "db", m["DBInstanceIdentifier"]) for m in members),
                "contains",
                DB_INSTANCE,
            ),
        ]
        tags = tag_map(cluster.get("TagList"))
        yield scope.observation(
            uid=arn,
            type=DB_CLUSTER,
            name=tags.get("Name") or cluster["DBClusterIdentifier"],
            tags=tags,
            properties=secret_free(properties),
            references=references,
        )


def collect_subnet_groups(scope: Scope) -> Iterator[Observation]:
    for group in pages(scope.client("rds"), "describe_db_subnet_groups", "DBSubnetGroups"):
        arn = group["DBSubnetGroupArn"]
        subnets = sorted(subnet["SubnetIdentifier"] for subnet in group.get("Subnets", ()))
        properties = {
            "DBSubnetGroupName": group["DBSubnetGroupName"],
            "DBSubnetGroupDescription": group.get("DBSubnetGroupDescription"),
            "VpcId": group.get("VpcId"),
            "SubnetIds": subnets,
            "SupportedNetworkTypes": sorted(group.get("SupportedNetworkTypes", ())),
        }
        references = [
            *references_to(
                "SubnetIds", (scope.uid(SUBNET, subnet) for subnet in subnets), "network", SUBNET
            ),
            *reference_to(
                "VpcId", group.get("VpcId") and scope.uid(VPC, group["VpcId"]), "network", VPC
            ),
        ]
        tags = resource_tags(scope, arn)
        yield scope.observation(
            uid=arn,
            type=DB_SUBNET_GROUP,
            name=tags.get("Name") or group["DBSubnetGroupName"],
            tags=tags,
            properties=secret_free(properties),
            references=references,
        )


def user_parameters(scope: Scope, operation: str, group_field: str, name: str) -> dict[str, Any]:
    """The parameters changed from the engine defaults, as {name: value}.

    One paginated call per group: there is no batch call. A default group
    (default.*) cannot be modified, so it has none and is not asked.
    """
    if name.startswith("default."):
        return {}
    parameters = pages(
        scope.client("rds"), operation, "Parameters", Source="user", **{group_field: name}
    )
    return {p["ParameterName"]: p.get("ParameterValue") for p in parameters}


def parameter_groups(
    scope: Scope,
    type_name: str,
    listing: tuple[str, str],
    name_field: str,
    family_field: str,
    arn_field: str,
    parameters_operation: str,
) -> Iterator[Observation]:
    operation, key = listing
    for group in pages(scope.client("rds"), operation, key):
        name = group[name_field]
        arn = group[arn_field]
        properties = {
            "Name": name,
            "Family": group.get(family_field),
            "Description": group.get("Description"),
            "Parameters": user_parameters(scope, parameters_operation, name_field, name),
        }
        tags = resource_tags(scope, arn)
        yield scope.observation(
            uid=arn,
            type=type_name,
            name=tags.get("Name") or name,
            tags=tags,
            properties=secret_free(properties),
        )


def collect_parameter_groups(scope: Scope) -> Iterator[Observation]:
    yield from parameter_groups(
        scope,
        DB_PARAMETER_GROUP,
        ("describe_db_parameter_groups", "DBParameterGroups"),
        "DBParameterGroupName",
        "DBParameterGroupFamily",
        "DBParameterGroupArn",
        "describe_db_parameters",
    )


def collect_cluster_parameter_groups(scope: Scope) -> Iterator[Observation]:
    yield from parameter_groups(
        scope,
        DB_CLUSTER_PARAMETER_GROUP,
        ("describe_db_cluster_parameter_groups", "DBClusterParameterGroups"),
        "DBClusterParameterGroupName",
        "DBParameterGroupFamily",
        "DBClusterParameterGroupArn",
        "describe_db_cluster_parameters",
    )


TYPES = [
    ResourceType(DB_INSTANCE, "rds", collect_instances),
    ResourceType(DB_CLUSTER, "rds", collect_clusters),
    ResourceType(DB_SUBNET_GROUP, "rds", collect_subnet_groups),
    ResourceType(DB_PARAMETER_GROUP, "rds", collect_parameter_groups),
    ResourceType(DB_CLUSTER_PARAMETER_GROUP, "rds", collect_cluster_parameter_groups),
]
