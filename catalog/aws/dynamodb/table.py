"""AWS::DynamoDB::Table: a table's keys, indexes, capacity, stream, TTL, PITR and encryption.

Only the Describe/List calls are made: no Scan, Query or GetItem, so no item is ever
read. Restored, a table with point-in-time recovery comes back from it, at its latest
restorable time, by the rules of RDS: from the source table in the same region, across
regions by its ARN (DynamoDB reads the source region's backups); a variable either way,
null to start empty. Without PITR it is created empty; its data then comes from a backup.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.dynamodb import TABLE
from catalog.aws.kms import encrypted_by
from catalog.aws.spec import Described, ResourceType, Scope, pages, tag_map
from catalog.aws.values import Name
from catalog.drift.shape import StateShape
from catalog.readiness.protection import Destination, Protection
from catalog.restore.emit import Emit, Purpose, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming
from catalog.restore.restore_point import DataSource, Method

NAME = Naming(NameScope.REGION, 255)
ENCRYPTION = encrypted_by("SSESpecification.KMSMasterKeyId")
ON_DEMAND = "PAY_PER_REQUEST"


def capacity(throughput: dict[str, Any] | None) -> dict[str, int] | None:
    """Provisioned read and write units; the decrease counters and dates are not config."""
    if not throughput:
        return None
    return {
        "ReadCapacityUnits": throughput["ReadCapacityUnits"],
        "WriteCapacityUnits": throughput["WriteCapacityUnits"],
    }


def projection(described: dict[str, Any]) -> dict[str, Any]:
    """An index's projection; its non-key attributes are a set."""
    if "NonKeyAttributes" not in described:
        return described
    return {**described, "NonKeyAttributes": sorted(described["NonKeyAttributes"])}


def index(described: dict[str, Any], on_demand: bool) -> dict[str, Any]:
    """An index's definition; its status, size, item count and ARN move with the data."""
    kept = {
        "IndexName": described["IndexName"],
        "KeySchema": described["KeySchema"],
        "Projection": projection(described["Projection"]),
    }
    # A global index of a provisioned table has capacity of its own; a local one shares it.
    if "ProvisionedThroughput" in described and not on_demand:
        kept["ProvisionedThroughput"] = capacity(described["ProvisionedThroughput"])
    return kept


def indexes(table: dict[str, Any], key: str, on_demand: bool) -> list[dict[str, Any]]:
    return sorted(
        (index(item, on_demand) for item in table.get(key, ())), key=lambda i: i["IndexName"]
    )


def properties_of(
    table: dict[str, Any], ttl: dict[str, Any], backups: dict[str, Any]
) -> dict[str, Any]:
    """The table as CloudFormation declares it; counters, sizes and timestamps are left out."""
    mode = (table.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED")
    on_demand = mode == ON_DEMAND
    sse = table.get("SSEDescription") or {}
    recovery = backups.get("PointInTimeRecoveryDescription") or {}
    return {
        "TableName": table["TableName"],
        "KeySchema": table["KeySchema"],
        "AttributeDefinitions": sorted(
            table["AttributeDefinitions"], key=lambda a: a["AttributeName"]
        ),
        "BillingMode": mode,
        "ProvisionedThroughput": None if on_demand else capacity(table["ProvisionedThroughput"]),
        "GlobalSecondaryIndexes": indexes(table, "GlobalSecondaryIndexes", on_demand),
        "LocalSecondaryIndexes": indexes(table, "LocalSecondaryIndexes", on_demand),
        "StreamSpecification": table.get("StreamSpecification"),
        "SSESpecification": {
            "SSEEnabled": sse.get("Status") in ("ENABLED", "ENABLING", "UPDATING"),
            "SSEType": sse.get("SSEType"),
            "KMSMasterKeyId": sse.get("KMSMasterKeyArn"),
        },
        "TimeToLiveSpecification": {
            "Enabled": ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"),
            "AttributeName": ttl.get("AttributeName"),
        },
        "PointInTimeRecoverySpecification": {
            "PointInTimeRecoveryEnabled": recovery.get("PointInTimeRecoveryStatus") == "ENABLED",
        },
        "TableClass": (table.get("TableClassSummary") or {}).get("TableClass", "STANDARD"),
        "DeletionProtectionEnabled": table.get("DeletionProtectionEnabled", False),
        # Global tables (2019.11.21): the regions it is replicated to.
        "Replicas": sorted(replica["RegionName"] for replica in table.get("Replicas", ())),
    }


def describe(dynamodb: Any, name: str) -> Described:
    table = dynamodb.describe_table(TableName=name)["Table"]
    ttl = dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    backups = dynamodb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
    arn = table["TableArn"]
    return Described(
        uid=arn,
        name=name,
        properties=properties_of(table, ttl, backups),
        tags=tag_map(pages(dynamodb, "list_tags_of_resource", "Tags", ResourceArn=arn)),
    )


def read(scope: Scope) -> Iterator[Described]:
    dynamodb = scope.client("dynamodb")
    names = list(pages(dynamodb, "list_tables", "TableNames"))
    # No batch describe: four calls per table, on the crawl's pool.
    yield from scope.map(lambda name: describe(dynamodb, name), names)


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    keys = {key["KeyType"]: key["AttributeName"] for key in p["KeySchema"]}
    stream = p.get("StreamSpecification") or {}
    ttl = p["TimeToLiveSpecification"]
    sse = p["SSESpecification"]
    blocks = [
        Block("attribute", attributes={"name": a["AttributeName"], "type": a["AttributeType"]})
        for a in p["AttributeDefinitions"]
    ]
    blocks += [_index("global_secondary_index", i) for i in p["GlobalSecondaryIndexes"]]
    blocks += [_index("local_secondary_index", i) for i in p["LocalSecondaryIndexes"]]
    if ttl["Enabled"]:
        blocks.append(
            Block("ttl", attributes={"enabled": True, "attribute_name": ttl["AttributeName"]})
        )
    blocks.append(
        Block(
            "point_in_time_recovery",
            attributes={
                "enabled": p["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
            },
        )
    )
    blocks += [Block("replica", attributes={"region_name": region}) for region in _replicas(ctx)]
    if sse["SSEEnabled"]:
        # Enabled without a key of the table's own is encryption by the AWS-managed key.
        blocks.append(
            Block(
                "server_side_encryption",
                attributes={"enabled": True, "kms_key_arn": ctx.ref(ENCRYPTION, attribute="arn")},
            )
        )
    return [
        ctx.resource(
            "aws_dynamodb_table",
            {
                "name": ctx.name(p["TableName"], NAME),
                "billing_mode": p["BillingMode"],
                **_capacity(p.get("ProvisionedThroughput")),
                "hash_key": keys["HASH"],
                "range_key": keys.get("RANGE"),
                "stream_enabled": stream.get("StreamEnabled") or None,
                "stream_view_type": stream.get("StreamViewType"),
                "table_class": p["TableClass"],
                "deletion_protection_enabled": p["DeletionProtectionEnabled"],
                **_items_from(ctx),
                **ctx.tags(),
            },
            blocks,
            adopt=p["TableName"],
        )
    ]


def _replicas(ctx: Emit) -> list[str]:
    """A global table's replica regions, but the one it is restored into (it is the table
    there) and, restored elsewhere, the source region: the region a restore usually leaves
    behind, where creating a replica would fail the apply. Re-add it once it answers."""
    skipped = {ctx.plan.target.region or ctx.plan.source_region, ctx.plan.source_region}
    return [region for region in ctx.properties.get("Replicas", ()) if region not in skipped]


def _items_from(ctx: Emit) -> dict[str, Any]:
    """Where the items come back from: the source's point-in-time recovery, if it has one.
    Repaired in place, the table keeps its items."""
    p = ctx.properties
    if ctx.adopting:
        return {}
    if not p["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]:
        ctx.restores_data(DataSource(Method.EMPTY))
        return {}
    name = p["TableName"]
    # Both ways, DynamoDB reads the source table's backups, in the source's region.
    ctx.restores_data(
        DataSource(
            Method.LATEST_RESTORABLE_TIME,
            f"aws dynamodb describe-continuous-backups --region {ctx.asset.region} "
            f"--table-name {name} --query "
            "'ContinuousBackupsDescription.PointInTimeRecoveryDescription.LatestRestorableDateTime'"
            " --output text",
        )
    )
    if ctx.plan.stays_in_source_region():
        source = ctx.variable(
            "restore_source",
            f"Table whose point-in-time recovery restores the items of {name}, at its latest "
            "restorable time; null to start empty.",
            default=name,
            purpose=Purpose.TABLE_SOURCE,
        )
        return {"restore_source_name": source, "restore_to_latest_time": True}
    source = ctx.variable(
        "restore_source_arn",
        f"ARN of the table whose point-in-time recovery restores the items of {name}, at its "
        "latest restorable time (across regions, DynamoDB reads the source region's backups); "
        "null to start empty and import from a backup or an S3 export.",
        default=ctx.asset.uid,
        purpose=Purpose.TABLE_SOURCE,
    )
    return {"restore_source_table_arn": source, "restore_to_latest_time": True}


def _capacity(throughput: dict[str, int] | None) -> dict[str, int]:
    """read_capacity and write_capacity of a provisioned table or index; none on demand."""
    if not throughput:
        return {}
    return {
        "read_capacity": throughput["ReadCapacityUnits"],
        "write_capacity": throughput["WriteCapacityUnits"],
    }


def _index(kind: str, index: dict[str, Any]) -> Block:
    keys = {key["KeyType"]: key["AttributeName"] for key in index["KeySchema"]}
    projection = index["Projection"]
    return Block(
        kind,
        attributes={
            "name": index["IndexName"],
            # A local index shares the table's hash key: Terraform takes only its range key.
            "hash_key": keys["HASH"] if kind == "global_secondary_index" else None,
            "range_key": keys.get("RANGE"),
            "projection_type": projection["ProjectionType"],
            "non_key_attributes": projection.get("NonKeyAttributes"),
            **_capacity(index.get("ProvisionedThroughput")),
        },
    )


def protection(properties: dict[str, Any]) -> Protection:
    """A table's backups (readiness): point-in-time recovery (35 days) when enabled; its
    global table replicas hold its data continuously in their regions. On-demand backups
    are not crawled."""
    recovery = properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
    return Protection(
        "point-in-time recovery (35 days)" if recovery else None,
        tuple(Destination("global table replica", region) for region in properties["Replicas"]),
    )


TYPE = ResourceType(
    TABLE,
    "dynamodb",
    read,
    references=(ENCRYPTION,),
    iam_actions=(
        "dynamodb:ListTables",
        "dynamodb:DescribeTable",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:ListTagsOfResource",
    ),
    terraform=TerraformType(
        "aws_dynamodb_table",
        Stage.DATA,
        emit,
        ("TableName",),
        shapes=(StateShape("aws_dynamodb_table", schema_version=1, noun="table"),),
        disposable={"deletion_protection_enabled": False},
    ),
    names=(Name("TableName", "name", whole=True),),
)
