"""Data: are the application's databases, tables and buckets backed up, and do their backups
reach the target region?

Each data type's module says what its settings give (`protection`): backups kept in its
own region, and where its data reaches continuously (replicated automated backups,
cross-region replicas, global tables, S3 replication). Without backups in the target
region, a recovery there has infrastructure and no data: not ready, whatever the RPO.
Continuous backups reaching the target region keep any RPO down to minutes. Otherwise
snapshot copies in the target region (crawled DB snapshots) do, if the newest one's data
is no older than the RPO at the asked time, and only for an RPO of at least
MIN_SNAPSHOT_RPO_MINUTES: snapshots are not taken and copied every few minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalog.aws.dynamodb import TABLE
from catalog.aws.dynamodb.table import protection as table_protection
from catalog.aws.rds import DB_CLUSTER, DB_INSTANCE
from catalog.aws.rds import protection as database_protection
from catalog.aws.rds.db_snapshot import data_time
from catalog.aws.s3 import BUCKET
from catalog.aws.s3.bucket import protection as bucket_protection
from catalog.clock import parse_time
from catalog.graph.reader import GraphReader
from catalog.readiness.check import (
    NO_TARGET,
    Check,
    Finding,
    Subject,
    Verdict,
    properties,
    unset,
)
from catalog.readiness.protection import Destination, Protection
from catalog.scope import Asset

NAME = "data"
# Below this RPO only continuous backups keep up: a snapshot and its copy across regions
# take longer than that to make.
MIN_SNAPSHOT_RPO_MINUTES = 60
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
    evidence = [unset(subject, "RPO")] if subject.application.rpo_minutes is None else []
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
        evidence.append(_copies(subject, asset, label, found))
    return evidence


def _copies(subject: Subject, asset: Asset, label: str, found: Protection) -> Finding:
    """The newest snapshot copy in the target region, against the RPO."""
    target, rpo = subject.target_region, subject.application.rpo_minutes
    against = f" for a {rpo}-minute RPO" if rpo is not None else ""
    newest = _newest_copy(subject, found)
    if newest is None and _copies_unknown(subject, found):
        return Finding(
            Verdict.AT_RISK,
            f"{label}: no continuous backups into {target}, and {target} has not been crawled "
            f"for snapshot copies (`cairn crawl --region {target}`)",
            asset.uid,
        )
    if newest is None:
        return Finding(Verdict.NOT_READY, f"{label}: no backups in {target}{against}", asset.uid)
    uid, taken = newest
    age_minutes = (subject.at - parse_time(taken)) / 60_000
    text = f"{label}: snapshot copy in {target}, data of {taken} ({age_minutes:.0f} min old)"
    if rpo is None:
        verdict = Verdict.AT_RISK
    elif rpo < MIN_SNAPSHOT_RPO_MINUTES:
        verdict = Verdict.NOT_READY
        text += f"; a {rpo}-minute RPO needs continuous backups into {target}"
    elif age_minutes > rpo:
        verdict, text = Verdict.NOT_READY, text + f", older than the {rpo}-minute RPO"
    else:
        verdict = Verdict.READY
    return Finding(verdict, text, uid, round(age_minutes, 1), taken)


def _copies_unknown(subject: Subject, found: Protection) -> bool:
    """Copies could be there unseen, and could keep the RPO if they were."""
    rpo = subject.application.rpo_minutes
    return (
        found.copies is not None
        and (rpo is None or rpo >= MIN_SNAPSHOT_RPO_MINUTES)
        and not subject.crawled(found.copies.type, subject.target_region)
    )


def _newest_copy(subject: Subject, found: Protection) -> tuple[str, str] | None:
    """(uid, data time) of the newest copy of the store's snapshots in the target region."""
    if found.copies is None:
        return None
    copies = [
        (taken, version.uid)
        for version in subject.in_region(found.copies.type, subject.target_region)
        if version.properties.get(found.copies.key) == found.copies.value
        and (taken := data_time(version.properties))
    ]
    if not copies:
        return None
    taken, uid = max(copies)
    return uid, taken


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
