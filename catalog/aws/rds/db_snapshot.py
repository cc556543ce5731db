"""AWS::RDS::DBSnapshot: a snapshot of a DB instance (automated, manual, or a copy of one).

A backup, not an application's asset (`asset=False`): scopes never take one in, even
when it carries the instance's tags, and a restore never writes one; it is crawled so
that readiness can see which backups reach a region (a copy in the target region, and
how old its data is). A copy names its source snapshot by ARN (SourceDBSnapshotIdentifier)
and keeps the source instance's DbiResourceId, which matches it to its instance across
regions (the identifier alone could be another instance's there).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from catalog.aws.rds import DB_INSTANCE, DB_SNAPSHOT, VOLATILE, secret_free, sibling
from catalog.aws.spec import Described, Found, Ref, ResourceType, Scope, pages, tag_map, without


def of_instance(found: Found) -> str | None:
    """The instance, by identifier: in the snapshot's region, or for a copy in the region
    it was copied from (SourceRegion)."""
    arn = sibling("db")(found)
    source_region = found.holder.get("SourceRegion")
    if arn is None or not source_region:
        return arn
    parts = arn.split(":")
    return ":".join([*parts[:3], source_region, *parts[4:]])


OF_INSTANCE = Ref("DBInstanceIdentifier", DB_INSTANCE, "backup-of", of_instance)
COPY_OF = Ref("SourceDBSnapshotIdentifier", DB_SNAPSHOT, "copy-of")


def read(scope: Scope) -> Iterator[Described]:
    for snapshot in pages(scope.client("rds"), "describe_db_snapshots", "DBSnapshots"):
        arn = snapshot["DBSnapshotArn"]
        properties = without(secret_free(snapshot), *VOLATILE, "TagList", "DBSnapshotArn")
        yield Described(
            uid=arn,
            name=snapshot["DBSnapshotIdentifier"],
            properties=properties,
            tags=tag_map(snapshot.get("TagList")),
            context={"arn": arn},
        )


def data_time(properties: Mapping[str, Any]) -> str | None:
    """When the data a snapshot holds was captured (a copy keeps its source's)."""
    return properties.get("OriginalSnapshotCreateTime") or properties.get("SnapshotCreateTime")


TYPE = ResourceType(
    DB_SNAPSHOT,
    "rds",
    read,
    references=(OF_INSTANCE, COPY_OF),
    iam_actions=("rds:DescribeDBSnapshots",),
    asset=False,
)
