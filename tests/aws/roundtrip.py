"""One type, end to end, from its recording: what every tests/aws/<service>/test_<type>.py runs.

recorded describe responses -> observations (the type's `read` and its reference
declarations) -> a restore plan into another region whose HCL the provider schema
accepts -> drift of those resources against a state that declares them as they run,
which must find nothing. Every call the crawl made must be among the type's
`iam_actions` (the readonly policy is generated from them).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from catalog.aws.policy import iam_action
from catalog.aws.spec import ResourceType
from catalog.demo.declared_state import pinned_observation, state_of
from catalog.drift.check import Comparison
from catalog.drift.findings import Finding
from catalog.drift.runtime import runtime_of
from catalog.drift.state import parse_state
from catalog.model import Observation, Reference
from catalog.restore.emit import Target
from catalog.restore.planner import Planner, RestorePlan
from catalog.snapshots import PinnedAsset, Snapshot
from tests.aws.recording import Recording, Replay
from tests.terraform_schema import problems

TARGET_REGION = "eu-central-1"


@dataclass
class Roundtrip:
    observations: list[Observation]
    plan: RestorePlan | None = None  # None for a type Cairn does not restore yet
    schema_problems: list[str] = field(default_factory=list)
    drift: list[Finding] = field(default_factory=list)
    undeclared_actions: list[str] = field(default_factory=list)
    pinned: list[PinnedAsset] = field(default_factory=list)  # what the plan was made from

    def only(self) -> Observation:
        """The one observation a recording of one resource gives."""
        [observation] = self.observations
        return observation

    def references(self, observation: Observation | None = None) -> dict[str, Reference]:
        """An observation's references by field."""
        return {ref.field: ref for ref in (observation or self.only()).references}

    def hcl(self, plan: RestorePlan | None = None) -> str:
        """The .tf files of the plan into another region, or of `plan`."""
        plan = plan or self.plan
        assert plan is not None
        return "".join(text for name, text in sorted(plan.files.items()) if name.endswith(".tf"))

    def plan_into(self, target: Target) -> RestorePlan:
        """The same resources planned into another target (the source region...)."""
        return Planner(_snapshot(), self.pinned, target).build()

    def assert_clean(self) -> None:
        """Restorable as HCL the provider accepts, no drift against itself, IAM declared."""
        assert self.undeclared_actions == [], "calls missing from iam_actions"
        assert self.schema_problems == []
        assert [finding.document() for finding in self.drift] == []


def roundtrip(
    declaration: ResourceType, recording: Path, *, with_types: Sequence[ResourceType] = ()
) -> Roundtrip:
    """Crawl `declaration` from `recording` and take the result through restore and drift.

    `with_types`: other types recorded alongside (the targets of its references), which
    the plan holds too, so the HCL refers to them as resources, not input variables."""
    replay = Replay(Recording.load(recording))
    with_observations = [o for other in with_types for o in replay.observations(other)]
    replay.called.clear()
    observations = replay.observations(declaration)
    actions = sorted({iam_action(call.service, call.operation) for call in replay.called})
    result = Roundtrip(
        observations,
        undeclared_actions=[
            a
            for a in actions
            if a not in declaration.iam_actions + declaration.optional_iam_actions
        ],
    )
    if declaration.terraform is None:
        return result
    snapshot = _snapshot()
    pinned = [pinned_observation(o) for o in [*observations, *with_observations]]
    result.pinned = pinned
    result.plan = Planner(snapshot, pinned, Target(region=TARGET_REGION)).build()
    result.schema_problems = problems(result.plan.files)
    view = runtime_of(snapshot, pinned)
    state = parse_state(json.dumps(state_of(view, "roundtrip")), "roundtrip")
    result.drift = Comparison(view, state, None).runtime_findings()
    return result


def _snapshot() -> Snapshot:
    return Snapshot(
        id="roundtrip",
        application="roundtrip",
        status="complete",
        trigger="test",
        started_at=0,
        at=0,
    )
