"""AWS::RDS::DBInstance: a database, restored from its backups rather than created empty.

The database is restored, never created empty: from the source instance's backups to
a point in time when the plan stays in the source region, or from a snapshot copied
into the target region otherwise (a variable names it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.rds import (
    DB_CLUSTER,
    DB_INSTANCE,
    DB_PARAMETER_GROUP,
    DB_SUBNET_GROUP,
    ENCRYPTION,
    OPTION_GROUP,
    SECURITY_GROUPS,
    SHARED_REFERENCES,
    database,
    shared_properties,
    sibling,
)
from catalog.aws.spec import Described, Ref, ResourceType, Scope, pages
from catalog.drift.shape import StateShape, attributes_key
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block

SUBNET_GROUP = Ref("DBSubnetGroupName", DB_SUBNET_GROUP, "network", sibling("subgrp"))
PARAMETER_GROUPS = Ref(
    "DBParameterGroupNames[*]", DB_PARAMETER_GROUP, "configured-by", sibling("pg")
)
OPTION_GROUPS = Ref("OptionGroupNames[*]", OPTION_GROUP, "configured-by", sibling("og"))
REPLICA_SOURCE = Ref(
    "ReadReplicaSourceDBInstanceIdentifier", DB_INSTANCE, "replica-of", sibling("db")
)
CLUSTER = Ref("DBClusterIdentifier", DB_CLUSTER, "member-of", sibling("cluster"))


def read(scope: Scope) -> Iterator[Described]:
    for instance in pages(scope.client("rds"), "describe_db_instances", "DBInstances"):
        properties = {
            **shared_properties(instance),
            "DBSubnetGroupName": (instance.get("DBSubnetGroup") or {}).get("DBSubnetGroupName"),
            "DBParameterGroupNames": sorted(
                group["DBParameterGroupName"] for group in instance.get("DBParameterGroups", ())
            ),
            "OptionGroupNames": sorted(
                group["OptionGroupName"] for group in instance.get("OptionGroupMemberships", ())
            ),
            "ReadReplicaDBInstanceIdentifiers": sorted(
                instance.get("ReadReplicaDBInstanceIdentifiers", ())
            ),
        }
        yield database(instance, instance["DBInstanceArn"], "DBInstanceIdentifier", properties)


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    attributes: dict[str, Any] = {
        "identifier": ctx.global_name(p["DBInstanceIdentifier"]),
        "instance_class": p["DBInstanceClass"],
        "engine": p.get("Engine"),
        "engine_version": p.get("EngineVersion"),
        "allocated_storage": p.get("AllocatedStorage"),
        "storage_type": p.get("StorageType"),
        "storage_encrypted": p.get("StorageEncrypted"),
        "kms_key_id": ctx.ref(ENCRYPTION, attribute="arn"),
        "multi_az": p.get("MultiAZ"),
        "port": p.get("DbInstancePort") or None,
        "db_subnet_group_name": ctx.ref(SUBNET_GROUP, attribute="name"),
        "parameter_group_name": ctx.ref(PARAMETER_GROUPS, 0, attribute="name"),
        "vpc_security_group_ids": ctx.refs(SECURITY_GROUPS),
        "publicly_accessible": p.get("PubliclyAccessible"),
        "backup_retention_period": p.get("BackupRetentionPeriod"),
        "backup_window": p.get("PreferredBackupWindow"),
        "maintenance_window": p.get("PreferredMaintenanceWindow"),
        "auto_minor_version_upgrade": p.get("AutoMinorVersionUpgrade"),
        "deletion_protection": p.get("DeletionProtection"),
        "iam_database_authentication_enabled": p.get("IAMDatabaseAuthenticationEnabled"),
        "final_snapshot_identifier": ctx.global_name(f"{p['DBInstanceIdentifier']}-final"),
        **ctx.tags(),
    }
    source = p["DBInstanceIdentifier"]
    if ctx.adopting:
        # Repaired in place: the running instance keeps its data; only settings go back.
        return [ctx.resource("aws_db_instance", attributes, adopt=source)]
    if not ctx.plan.stays_in_source_region():
        attributes["snapshot_identifier"] = ctx.variable(
            "snapshot_identifier",
            f"ARN of a snapshot of {source} copied into the target region "
            "(aws rds copy-db-snapshot, or cross-region automated backups).",
            purpose="data",
        )
        return [ctx.resource("aws_db_instance", attributes)]
    identifier = ctx.variable(
        "source_identifier",
        f"Identifier of the instance whose automated backups restore {source}.",
        default=source,
        purpose="data",
    )
    point_in_time = Block(
        "restore_to_point_in_time",
        attributes={
            "source_db_instance_identifier": identifier,
            "use_latest_restorable_time": True,
        },
    )
    return [ctx.resource("aws_db_instance", attributes, [point_in_time])]


TYPE = ResourceType(
    DB_INSTANCE,
    "rds",
    read,
    references=(
        *SHARED_REFERENCES,
        SUBNET_GROUP,
        PARAMETER_GROUPS,
        OPTION_GROUPS,
        REPLICA_SOURCE,
        CLUSTER,
    ),
    iam_actions=("rds:DescribeDBInstances",),
    terraform=TerraformType(
        "aws_db_instance",
        Stage.DATA,
        emit,
        ("DBInstanceIdentifier",),
        # The provider's id is the DbiResourceId; it is imported by identifier.
        shapes=(
            StateShape(
                "aws_db_instance",
                schema_version=2,
                key=attributes_key("identifier"),
                id_attribute="resource_id",
                noun="database",
            ),
        ),
        outputs=(("identifier", "Identifier of the restored database"),),
    ),
)
