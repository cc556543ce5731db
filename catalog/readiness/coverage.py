"""Restore coverage: does the restore plan bring back every asset, into the target region?

The plan is built as `cairn restore plan` would build it (from the graph, nothing
written); what it leaves out, other than what AWS creates with its parent (a zone's
NS and SOA records), is an asset the recovery would miss. References leaving the
application are named too: a restore does not bring their targets back.
"""

from __future__ import annotations

from catalog.errors import CairnError
from catalog.readiness.check import Check, Finding, Subject, Verdict
from catalog.restore.emit import Target
from catalog.restore.planner import Planner, RestorePlan, source_region
from catalog.restore.regions import check_target_region

NAME = "restore coverage"
OWNED_BY_AWS = "owned by AWS"


def check(subject: Subject) -> Check:
    region = subject.target_region or source_region(subject.snapshot, subject.pinned)
    try:
        plan = Planner(subject.snapshot, subject.pinned, Target(region=region)).build()
        check_target_region(str(region), {r.type for r in plan.resources})
    except CairnError as error:
        return Check(NAME, "no restore plan", [Finding(Verdict.NOT_READY, f"no plan: {error}")])
    evidence = _left_out(plan) + _outside(subject)
    missing = sum(1 for finding in evidence if finding.verdict == Verdict.NOT_READY)
    by_aws = len(plan.not_restored) - missing
    summary = (
        f"{len(subject.pinned)} assets: {len(plan.resources)} restored by the plan, "
        f"{by_aws} made by AWS with their parent, {missing} not restored"
    )
    return Check(NAME, summary, evidence or [Finding(Verdict.READY, summary)])


def _left_out(plan: RestorePlan) -> list[Finding]:
    return [
        Finding(Verdict.NOT_READY, f"not restored: {item['type']} ({item['reason']})", item["uid"])
        for item in plan.not_restored
        if not item["reason"].startswith(OWNED_BY_AWS)
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
