"""Restore coverage: does the restore plan bring back every asset, into the target region?

The plan is made as `cairn restore plan` would make it (from the graph), but no file
is rendered. An asset of a type Cairn has no restore mapping for is one the recovery
would miss; what the plan leaves out on purpose (a zone's NS and SOA records, which AWS
makes; an instance its Auto Scaling group relaunches) is not. References leaving the
application are named too: a restore does not bring their targets back.
"""

from __future__ import annotations

from catalog.aws.registry import TERRAFORM_TYPES
from catalog.errors import CairnError
from catalog.readiness.check import Check, Finding, Subject, Verdict
from catalog.restore.emit import Target
from catalog.restore.planner import Planner, RestorePlan, source_region
from catalog.restore.regions import check_target_region

NAME = "restore coverage"


def check(subject: Subject) -> Check:
    region = subject.target_region or source_region(subject.snapshot, subject.pinned)
    try:
        plan = Planner(subject.snapshot, subject.pinned, Target(region=region)).plan()
        check_target_region(str(region), {r.type for r in plan.resources})
    except CairnError as error:
        return Check(NAME, "no restore plan", [Finding(Verdict.NOT_READY, f"no plan: {error}")])
    missing = _missing(plan)
    evidence = missing + _left_to_others(plan) + _outside(subject)
    summary = (
        f"{len(subject.pinned)} assets: {len(plan.resources)} restored by the plan, "
        f"{len(plan.not_restored) - len(missing)} left to AWS or their parent, "
        f"{len(missing)} without a restore mapping"
    )
    return Check(NAME, summary, evidence or [Finding(Verdict.READY, summary)])


def _missing(plan: RestorePlan) -> list[Finding]:
    """Assets of a type Cairn cannot restore: the recovery would miss them."""
    return [
        Finding(Verdict.NOT_READY, f"not restored: {item['type']} ({item['reason']})", item["uid"])
        for item in plan.not_restored
        if item["type"] not in TERRAFORM_TYPES
    ]


def _left_to_others(plan: RestorePlan) -> list[Finding]:
    """Assets the plan leaves out on purpose: AWS makes them with their parent (a zone's NS
    record), or their parent does (an instance its Auto Scaling group relaunches)."""
    return [
        Finding(Verdict.READY, f"not written: {item['type']} ({item['reason']})", item["uid"])
        for item in plan.not_restored
        if item["type"] in TERRAFORM_TYPES
    ]


def _outside(subject: Subject) -> list[Finding]:
    findings = []
    for item in subject.snapshot.outside:
        hop = item.reference
        owner = f" {item.owner}" if item.owner else ""
        findings.append(
            Finding(
                Verdict.AT_RISK,
                f"{hop.source} {hop.field} -> {hop.target}: {item.reason}{owner}, "
                "not restored with the application",
                hop.target,
            )
        )
    return findings
