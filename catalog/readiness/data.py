"""Data: are the application's databases, tables and buckets backed up, and do their backups
reach the target region?

Each data type's module says what its settings give (`protection`): backups kept in its
own region, and where its data reaches continuously (replicated automated backups,
cross-region replicas, global tables, S3 replication). Without backups in the target
region, a recovery there has infrastructure and no data: not ready, whatever the RPO.
Continuous backups reaching the target region keep any RPO down to minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalog.aws.dynamodb import TABLE
from catalog.aws.dynamodb.table import protection as table_protection
from catalog.aws.rds import DB_CLUSTER, DB_INSTANCE
from catalog.aws.rds import protection as database_protection
from catalog.aws.s3 import BUCKET
from catalog.aws.s3.bucket import protection as bucket_protection
from catalog.graph.reader import GraphReader
from catalog.readiness.check import NO_TARGET, Check, Finding, Subject, Verdict, properties
from catalog.readiness.protection import Destination, Protection
from catalog.scope import Asset

NAME = "data"
PROTECTIONS: dict[str, Callable[[dict[str, Any]], Protection | None]] = {
    DB_INSTANCE: database_protection,
    DB_CLUSTER: database_protection,
    TABLE: table_protection,
    BUCKET: bucket_protection,
}


def check(subject: Subject) -> Check:
    stores = [
        (p.asset, found)
        for p in subject.of_type(*PROTECTIONS)
        if (found := PROTECTIONS[p.asset.type](properties(p))) is not None
    ]
    if not stores:
        return Check(NAME, "no databases, tables or buckets", [])
    regions = _destination_regions(subject, stores)
    evidence = [_rpo(subject)] if subject.application.rpo_minutes is None else []
    if subject.target_region is None:
        evidence.append(Finding(Verdict.AT_RISK, NO_TARGET))
    for asset, found in stores:
        evidence += _judge(subject, asset, found, regions)
    reaching = sum(
        1
        for _, found in stores
        if any(_region(d, regions) == subject.target_region for d in found.continuous)
    )
    where = subject.target_region or "the target region"
    summary = f"{reaching} of {len(stores)} data stores back up continuously into {where}"
    return Check(NAME, summary, evidence)


def _rpo(subject: Subject) -> Finding:
    return Finding(
        Verdict.AT_RISK, f"no RPO set; `cairn app set {subject.application.name} --rpo MINUTES`"
    )


def _judge(
    subject: Subject, asset: Asset, found: Protection, regions: dict[str, str | None]
) -> list[Finding]:
    label = f"{asset.type.split('::')[-1]} {asset.name or asset.uid}"
    if found.kept is None:
        return [Finding(Verdict.NOT_READY, f"{label}: no backups", asset.uid)]
    evidence = [Finding(Verdict.READY, f"{label}: {found.kept} in {asset.region}", asset.uid)]
    target = subject.target_region
    if target is None:
        return evidence
    if asset.region == target:
        return [Finding(Verdict.READY, f"{label}: in {target} already", asset.uid)]
    reaching = [d for d in found.continuous if _region(d, regions) == target]
    for destination in reaching:
        evidence.append(
            Finding(
                Verdict.READY,
                f"{label}: {destination.how} in {target}, continuous",
                asset.uid,
                destination.uid,
            )
        )
    for destination in found.continuous:
        if _region(destination, regions) is None:
            evidence.append(
                Finding(
                    Verdict.AT_RISK,
                    f"{label}: {destination.how} to {destination.uid}, which the catalog has "
                    "not crawled: its region is unknown",
                    asset.uid,
                    destination.uid,
                )
            )
    if not reaching:
        rpo = subject.application.rpo_minutes
        against = f" for a {rpo}-minute RPO" if rpo is not None else ""
        evidence.append(
            Finding(Verdict.NOT_READY, f"{label}: no backups in {target}{against}", asset.uid)
        )
    return evidence


def _region(destination: Destination, regions: dict[str, str | None]) -> str | None:
    if destination.region is not None:
        return destination.region
    return regions.get(destination.uid or "")


def _destination_regions(
    subject: Subject, stores: list[tuple[Asset, Protection]]
) -> dict[str, str | None]:
    """The region of each destination that names none (a bucket), as the catalog knows it."""
    uids = [d.uid for _, found in stores for d in found.continuous if d.region is None and d.uid]
    versions = GraphReader(subject.store).resources_at(uids, subject.at) if uids else []
    return {version.uid: version.region for version in versions}
