"""Drills: when was recovery last proven, into the target region, and how long did it take?

The last drill that passed by the asked time (catalog/drill/record.py): none, or one
older than MAX_DRILL_AGE_DAYS, leaves the RTO unproven (at risk); a drill whose measured
RTO (every stage applied and its gates passed) exceeds the RTO is not ready.
"""

from __future__ import annotations

from catalog.clock import format_time
from catalog.drill.record import DrillRecord, last_passed_drill
from catalog.readiness.check import Check, Finding, Subject, Verdict, minutes, unset

NAME = "drills"
# A drill older than this proves a recovery of an application that has changed since.
MAX_DRILL_AGE_DAYS = 30
DAY_MS = 24 * 3600 * 1000


def check(subject: Subject) -> Check:
    drill = last_passed_drill(
        subject.store, subject.application.name, subject.at, subject.target_region
    )
    into = f" into {subject.target_region}" if subject.target_region else ""
    if drill is None:
        text = f"no drill passed{into}: the RTO is unproven (`cairn drill`)"
        return Check(NAME, text, [Finding(Verdict.AT_RISK, text)])
    evidence = [_age(subject, drill), _measured(subject, drill)]
    if subject.application.rto_minutes is None:
        evidence.append(unset(subject, "RTO"))
    return Check(NAME, f"last drill {drill.id}{into}", evidence)


def _age(subject: Subject, drill: DrillRecord) -> Finding:
    finished = drill.finished_at or drill.started_at
    days = (subject.at - finished) / DAY_MS
    old = days > MAX_DRILL_AGE_DAYS
    text = f"passed {days:.0f} days before, from {drill.snapshot} into {drill.target_region}" + (
        f": older than {MAX_DRILL_AGE_DAYS} days" if old else ""
    )
    verdict = Verdict.AT_RISK if old else Verdict.READY
    return Finding(verdict, text, drill.id, round(days, 1), format_time(finished))


def _measured(subject: Subject, drill: DrillRecord) -> Finding:
    seconds = drill.rto_seconds or 0.0
    stages = ", ".join(f"{stage.name} {stage.seconds:.0f} s" for stage in drill.stages)
    rto = subject.application.rto_minutes
    if rto is None:
        return Finding(
            Verdict.AT_RISK, f"measured RTO {minutes(seconds)} ({stages})", drill.id, seconds
        )
    verdict = Verdict.NOT_READY if seconds > rto * 60 else Verdict.READY
    text = f"measured RTO {minutes(seconds)} against {rto} min ({stages})"
    return Finding(verdict, text, drill.id, seconds)
