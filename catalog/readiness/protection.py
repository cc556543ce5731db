"""What a data store's own settings say about its backups, as each type's module reads
them (`protection` in catalog/aws/rds, dynamodb/table.py, s3/bucket.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Destination:
    """Somewhere a data store's data reaches continuously: replicated automated backups, a
    cross-region replica, a global table's replica, an S3 replication rule's bucket.
    `region` None: the region is the one of `uid` in the catalog (a bucket's ARN has none)."""

    how: str
    region: str | None
    uid: str | None = None


@dataclass(frozen=True)
class Copies:
    """How its snapshot copies are found in another region: resources of `type` whose
    property `key` is `value` (an instance's DbiResourceId, which copies keep)."""

    type: str
    key: str
    value: str


@dataclass(frozen=True)
class Protection:
    """`kept`: its backups in its own region, said in words (retention, PITR); None when it
    keeps none. `continuous`: where its data reaches without anyone copying it. `copies`:
    how to find snapshots of it copied elsewhere, for a type that has them crawled."""

    kept: str | None
    continuous: tuple[Destination, ...] = ()
    copies: Copies | None = None


def region_of_arn(arn: str) -> str | None:
    parts = arn.split(":")
    return parts[3] or None if len(parts) > 3 and parts[0] == "arn" else None
