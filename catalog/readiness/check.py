"""What every readiness check hands back: a verdict, a summary and its evidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from catalog.applications import Application
from catalog.graph.reader import ResourceVersion, resource_version
from catalog.graph.store import GraphStore
from catalog.snapshots import PinnedAsset, Snapshot

NO_TARGET = "no target region: give --target-region"


class Verdict(StrEnum):
    READY = "ready"
    AT_RISK = "at_risk"
    NOT_READY = "not_ready"

    @property
    def rank(self) -> int:
        return list(Verdict).index(self)


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    return max(verdicts, key=lambda verdict: verdict.rank, default=Verdict.READY)


@dataclass(frozen=True)
class Finding:
    """One line of evidence: what was found about one resource (`uid`), with its value or
    time where one decides the verdict (a TTL, a snapshot's age)."""

    verdict: Verdict
    text: str
    uid: str | None = None
    value: Any = None
    time: str | None = None

    def document(self) -> dict[str, Any]:
        return {**asdict(self), "verdict": self.verdict.value}


@dataclass(frozen=True)
class Check:
    name: str
    summary: str
    evidence: list[Finding] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict:
        return worst(finding.verdict for finding in self.evidence)

    def document(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "verdict": self.verdict.value,
            "summary": self.summary,
            "evidence": [finding.document() for finding in self.evidence],
        }


@dataclass(frozen=True)
class Subject:
    """What the checks look at: the application as the catalog saw it at `at`."""

    store: GraphStore
    application: Application
    at: int
    target_region: str | None
    snapshot: Snapshot  # the point in time, as a restore plan reads it
    pinned: list[PinnedAsset]

    def of_type(self, *types: str) -> list[PinnedAsset]:
        return [p for p in self.pinned if p.asset.type in types]

    def in_region(
        self, resource_type: str, region: str | None, account: str | None = None
    ) -> list[ResourceVersion]:
        """What the catalog held of a type in a region (of an account, if given) at `at`,
        the application's or not: a certificate, a snapshot copy, a registry's replication."""
        rows = self.store.read(
            "resources_in_region_at",
            types=[resource_type],
            region=region,
            account=account,
            at=self.at,
        )
        return [resource_version(row) for row in rows]

    def crawled(self, resource_type: str, region: str | None) -> bool:
        """A crawl read the type's partition in the region completely by `at`: only then
        does finding none there mean there is none."""
        rows = self.store.read(
            "region_crawled_by", region=region, types=[resource_type], at=self.at
        )
        return resource_type in rows[0]["types"]


def properties(pinned: PinnedAsset) -> dict[str, Any]:
    return dict(pinned.document["properties"])


def needs_target(subject: Subject, name: str) -> Check | None:
    """The check `name` without a target region: at risk, saying how to give one."""
    if subject.target_region is not None:
        return None
    return Check(name, NO_TARGET, [Finding(Verdict.AT_RISK, NO_TARGET)])


def unset(subject: Subject, objective: str) -> Finding:
    """At risk: the check holds the application to its `objective` (RTO or RPO), unset."""
    return Finding(
        Verdict.AT_RISK,
        f"no {objective} set; `cairn app set {subject.application.name} "
        f"--{objective.lower()} MINUTES`",
    )


def minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 60 else f"{seconds:.0f} s"
