"""RDS: the databases a restore brings back, with the network and settings they sit on.

This package names every RDS type once; each type's declaration is a module of it
(db_instance.py, db_cluster.py...). Instances and clusters carry their tags (TagList)
and everything that points elsewhere by name or id; subnet groups and parameter groups
do not, so those cost one extra call per group (see `resource_tags`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from catalog.aws.ec2 import SECURITY_GROUP
from catalog.aws.iam import ROLE
from catalog.aws.kms import KEY as KMS_KEY
from catalog.aws.secretsmanager import SECRET
from catalog.aws.spec import (
    Described,
    Found,
    Ref,
    Resolver,
    Scope,
    by_id,
    pages,
    tag_map,
    without,
)
from catalog.model import canonical_json
from catalog.readiness.protection import Copies, Destination, Protection, region_of_arn
from catalog.restore.emit import Emit, Purpose
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming
from catalog.restore.restore_point import DataSource, Method

GROUP_NAME = Naming(NameScope.REGION, 255)  # parameter groups
FINAL_SNAPSHOT = Naming(NameScope.REGION, 255)
DB_INSTANCE = "AWS::RDS::DBInstance"
DB_CLUSTER = "AWS::RDS::DBCluster"
DB_SUBNET_GROUP = "AWS::RDS::DBSubnetGroup"
DB_PARAMETER_GROUP = "AWS::RDS::DBParameterGroup"
DB_CLUSTER_PARAMETER_GROUP = "AWS::RDS::DBClusterParameterGroup"
OPTION_GROUP = "AWS::RDS::OptionGroup"
DB_SNAPSHOT = "AWS::RDS::DBSnapshot"

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


def sibling(kind: str, key: str | None = None) -> Resolver:
    """A resolver of an RDS resource named by identifier (under `key` of the value, if
    given): its ARN is that of the resource holding the name (`arn` of the context)."""

    def resolve(found: Found) -> str | None:
        name = found.value[key] if key else found.value
        return rds_arn(found.context["arn"], kind, name) if name else None

    return resolve


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


def kms_key_arn(found: Found) -> str | None:
    """A KMS key to reference: RDS reports keys as ARNs. Anything else is a placeholder
    (moto says `default_kms_key_id` for an unencrypted database) and points nowhere."""
    key = found.value
    return key if isinstance(key, str) and key.startswith("arn:") else None


def role_arn(found: Found) -> str | None:
    """An associated role: the value is the association, which names the role by ARN."""
    return found.value.get("RoleArn")


# What instances and clusters both reference, on the properties `shared_properties` keeps.
SECURITY_GROUPS = Ref("VpcSecurityGroupIds[*]", SECURITY_GROUP, "network", by_id)
ASSOCIATED_ROLES = Ref("AssociatedRoles[*]", ROLE, "assumes", role_arn)
ENCRYPTION = Ref("KmsKeyId", KMS_KEY, "encryption", kms_key_arn)
PERFORMANCE_INSIGHTS_ENCRYPTION = Ref(
    "PerformanceInsightsKMSKeyId", KMS_KEY, "encryption", kms_key_arn
)
MONITORING_ROLE = Ref("MonitoringRoleArn", ROLE, "assumes")
MASTER_SECRET = Ref("MasterUserSecret.SecretArn", SECRET, "credentials")
SHARED_REFERENCES = (
    SECURITY_GROUPS,
    ASSOCIATED_ROLES,
    ENCRYPTION,
    PERFORMANCE_INSIGHTS_ENCRYPTION,
    MONITORING_ROLE,
    MASTER_SECRET,
)


def database(
    item: dict[str, Any], arn: str, identifier: str, properties: dict[str, Any]
) -> Described:
    """An instance or a cluster as read: named by its Name tag, else its identifier; its
    ARN is in the context, for the resources it names by identifier (see `sibling`)."""
    tags = tag_map(item.get("TagList"))
    return Described(
        uid=arn,
        name=tags.get("Name") or item[identifier],
        properties=secret_free(properties),
        tags=tags,
        context={"arn": arn},
    )


def tagged(scope: Scope, arn: str, name: str, properties: dict[str, Any]) -> Described:
    """A group as read: its listing has no tags, so they are asked for (see `resource_tags`)."""
    tags = resource_tags(scope, arn)
    return Described(
        uid=arn, name=tags.get("Name") or name, properties=secret_free(properties), tags=tags
    )


def user_parameters(scope: Scope, operation: str, group_field: str, name: str) -> dict[str, Any]:
    """The parameters changed from the engine defaults, as {name: value}.

    One paginated call per group: there is no batch call. A default group
    (default.*) cannot be modified, so it has none and is not asked.
    """
    if is_default(name):
        return {}
    parameters = pages(
        scope.client("rds"), operation, "Parameters", Source="user", **{group_field: name}
    )
    return {p["ParameterName"]: p.get("ParameterValue") for p in parameters}


def parameter_groups(
    scope: Scope, kind: str, operation: str, parameters_operation: str
) -> Iterator[Described]:
    """The parameter groups of one listing (of instances, `kind` DB, or of clusters,
    `kind` DBCluster, which prefixes the listing's keys), with the parameters changed
    from the engine defaults."""
    name_field = f"{kind}ParameterGroupName"
    for group in pages(scope.client("rds"), operation, f"{kind}ParameterGroups"):
        name = group[name_field]
        properties = {
            "Name": name,
            "Family": group.get("DBParameterGroupFamily"),
            "Description": group.get("Description"),
            "Parameters": user_parameters(scope, parameters_operation, name_field, name),
        }
        yield tagged(scope, group[f"{kind}ParameterGroupArn"], name, properties)


@dataclass(frozen=True)
class Backups:
    """How a database (an instance or a cluster) is restored from its backups: what it
    is called, the argument of `restore_to_point_in_time` naming the source, how a
    snapshot reaches another region, and the AWS CLI's names for it (`db-instance` and
    `DBInstance`, `db-snapshot` and `DBSnapshot`...) to find its restore points by."""

    noun: str
    source_argument: str
    copied_by: str
    cli: str  # describe-<cli>s, --<cli>-identifier
    key: str  # <key>s in the answer, <key>Identifier in a snapshot
    snapshot_cli: str
    snapshot_key: str
    snapshot_time: str  # when the data was captured, kept by a copy

    def latest_restorable(self, identifier: str, region: str | None) -> str:
        """The command that prints the latest time the source's own backups restore to."""
        return (
            f"aws rds describe-{self.cli}s --region {region} --{self.cli}-identifier "
            f"{identifier} --query '{self.key}s[0].LatestRestorableTime' --output text"
        )

    def latest_copy(self, identifier: str, region: str | None) -> str:
        """The command that prints the newest snapshot of the source in `region`, and its time."""
        key = self.snapshot_key
        return (
            f"aws rds describe-{self.snapshot_cli}s --region {region} --query "
            f"\"reverse(sort_by({key}s[?{self.key}Identifier=='{identifier}'], "
            f'&{self.snapshot_time}))[0].[{key}Arn,{self.snapshot_time}]" --output text'
        )


INSTANCE_BACKUPS = Backups(
    "instance",
    "source_db_instance_identifier",
    "aws rds copy-db-snapshot, or cross-region automated backups",
    "db-instance",
    "DBInstance",
    "db-snapshot",
    "DBSnapshot",
    "OriginalSnapshotCreateTime",
)
CLUSTER_BACKUPS = Backups(
    "cluster",
    "source_cluster_identifier",
    "aws rds copy-db-cluster-snapshot",
    "db-cluster",
    "DBCluster",
    "db-cluster-snapshot",
    "DBClusterSnapshot",
    "SnapshotCreateTime",
)


def replicated_backups(properties: dict[str, Any], region: str | None) -> str | None:
    """The ARN of the source's automated backups replicated into `region`, if they are
    (an instance keeps the ARNs of its replications, db_instance.py)."""
    for arn in properties.get("DBInstanceAutomatedBackupsReplications") or ():
        if arn.split(":")[3:4] == [region]:
            return str(arn)
    return None


def restored(
    ctx: Emit,
    terraform_type: str,
    attributes: dict[str, Any],
    source: str,
    backups: Backups,
    blocks: tuple[Block, ...] = (),
) -> list[Block]:
    """A database restored, never created empty: in place the running one is adopted and
    keeps its data (only settings go back); in the source region it is restored from the
    source's automated backups to the latest restorable time; in another region from the
    source's automated backups replicated there, to the snapshot's time, or else from a
    snapshot copied there, which a variable names. The master password comes with the
    backup, so none is asked for. Each says its restore point (`ctx.restores_data`)."""
    if ctx.adopting:
        return [ctx.resource(terraform_type, attributes, list(blocks), adopt=source)]
    source_region = ctx.asset.region
    if ctx.plan.stays_in_source_region():
        ctx.restores_data(
            DataSource(
                Method.LATEST_RESTORABLE_TIME, backups.latest_restorable(source, source_region)
            )
        )
        return [ctx.resource(terraform_type, attributes, [_latest(ctx, source, backups), *blocks])]
    region = ctx.plan.target.region
    replicated = replicated_backups(ctx.properties, region)
    if replicated is not None:
        return [ctx.resource(terraform_type, attributes, [_replicated(ctx, replicated), *blocks])]
    attributes["snapshot_identifier"] = ctx.variable(
        "snapshot_identifier",
        f"ARN of a snapshot of {source} copied into the target region ({backups.copied_by}).",
        purpose=Purpose.DATABASE_SNAPSHOT,
    )
    ctx.restores_data(DataSource(Method.SNAPSHOT_COPY, backups.latest_copy(source, region)))
    return [ctx.resource(terraform_type, attributes, list(blocks))]


def _latest(ctx: Emit, source: str, backups: Backups) -> Block:
    identifier = ctx.variable(
        "source_identifier",
        f"Identifier of the {backups.noun} whose automated backups restore {source}.",
        default=source,
        purpose=Purpose.DATABASE_SOURCE,
    )
    return Block(
        "restore_to_point_in_time",
        attributes={backups.source_argument: identifier, "use_latest_restorable_time": True},
    )


def _replicated(ctx: Emit, backups_arn: str) -> Block:
    """A point-in-time restore from the automated backups replicated into the target
    region, to the snapshot's time: the data as the snapshotted application ran."""
    time = ctx.plan.snapshot_time
    ctx.restores_data(
        DataSource(
            Method.POINT_IN_TIME,
            f"aws rds describe-db-instance-automated-backups --region {ctx.plan.target.region} "
            f"--db-instance-automated-backups-arn {backups_arn} "
            "--query 'DBInstanceAutomatedBackups[0].RestoreWindow.LatestTime' --output text",
            time,
        )
    )
    source = ctx.variable(
        "automated_backups_arn",
        "ARN of the source's automated backups replicated into the target region.",
        default=backups_arn,
        purpose=Purpose.DATABASE_SOURCE,
    )
    restore_time = ctx.variable(
        "restore_time",
        "The time (ISO 8601) the data is restored to: the snapshot's, by default; up to the "
        "latest restorable time of the replicated backups.",
        default=time,
        purpose=Purpose.RESTORE_TIME,
    )
    return Block(
        "restore_to_point_in_time",
        attributes={
            "source_db_instance_automated_backups_arn": source,
            "restore_time": restore_time,
        },
    )


def is_default(group: str) -> bool:
    return group.startswith("default.")


def group_name(ctx: Emit, ref: Ref, group: str | None, *positions: int) -> Any:
    """The name of the parameter group a database uses `group` by `ref`. A default one
    (default.postgres16) is AWS's, in every region, and cannot be created: named as it
    is; any other by reference."""
    if group and is_default(group):
        return group
    return ctx.ref(ref, *positions, attribute="name")


def parameter_group(ctx: Emit, terraform_type: str) -> list[Block]:
    """A parameter group (of instances or of clusters) with the parameters it changes.

    Applied at the next reboot: static parameters refuse "immediate", and a restored
    database reboots into its group anyway. A default group is AWS's (see `group_name`)."""
    p = ctx.properties
    if is_default(p["Name"]):
        return []
    parameters = [
        Block(
            "parameter",
            attributes={"name": name, "value": str(value), "apply_method": "pending-reboot"},
        )
        for name, value in sorted((p.get("Parameters") or {}).items())
    ]
    return [
        ctx.resource(
            terraform_type,
            {
                "name": ctx.name(p["Name"], GROUP_NAME),
                "family": p["Family"],
                "description": p.get("Description") or None,
                **ctx.tags(),
            },
            parameters,
            adopt=p["Name"],
        )
    ]


def protection(properties: dict[str, Any]) -> Protection | None:
    """An instance's or a cluster's backups (readiness): automated backups with point-in-time
    recovery while retention is above 0; continuously elsewhere through replicated automated
    backups and cross-region replicas (named by ARN); an instance's snapshot copies keep its
    DbiResourceId (a cluster's are not crawled). None for a cluster's member or a
    replica: their data is their cluster's or their primary's."""
    if properties.get("DBClusterIdentifier") and "DBClusterMembers" not in properties:
        return None
    if properties.get("ReadReplicaSourceDBInstanceIdentifier"):
        return None
    days = properties.get("BackupRetentionPeriod") or 0
    kept = f"automated backups kept {days} days, point-in-time recovery" if days else None
    replicated = [
        Destination("replicated automated backups", region_of_arn(arn), arn)
        for arn in properties.get("DBInstanceAutomatedBackupsReplications") or ()
    ]
    replicas = [
        Destination("cross-region replica", region_of_arn(name), name)
        for name in properties.get("ReadReplicaDBInstanceIdentifiers")
        or properties.get("ReadReplicaIdentifiers")
        or ()
        if name.startswith("arn:")
    ]
    resource_id = properties.get("DbiResourceId")
    copies = Copies(DB_SNAPSHOT, "DbiResourceId", resource_id) if resource_id else None
    return Protection(kept, (*replicated, *replicas), copies)
