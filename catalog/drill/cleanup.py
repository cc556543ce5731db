"""A drill's cleanup: destroy what it applied, delete the copies it made, then crawl the
target and check that nothing it made remains.

The same steps end every drill (unless --keep), `cairn drill --cleanup DRILL_ID`, and
the next drill of the application for one that was killed. The check does not trust
the destroy: a resource still tagged `cairn:drill=<id>` after a fresh crawl, or a copy
whose describe call still finds it, is recorded as left behind, and the drill stays
unfinished (the next drill tries again) until a cleanup finds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from catalog.applications import TagFilter
from catalog.aws.crawler import crawl, select_types
from catalog.aws.session import AwsAccount
from catalog.aws.spec import GLOBAL_REGION
from catalog.clock import now_ms
from catalog.drill import inputs
from catalog.drill.record import DrillRecord, DrillStatus, Made, save_drill
from catalog.drill.tag import DRILL_TAG
from catalog.drill.terraform import Terraform, TerraformFailed
from catalog.errors import CairnError
from catalog.graph.lease import DEFAULT_WAIT_S
from catalog.graph.store import GraphStore
from catalog.scope import tagged_at

Say = Callable[[str], None]


def clean_up(
    store: GraphStore,
    record: DrillRecord,
    terraform: Callable[[Path], Terraform],
    say: Say,
) -> DrillRecord:
    """Destroy, delete the copies, verify; the record says what was left and is saved.
    Called with the application's drill lease held: a drill still `running` was killed."""
    if record.status == DrillStatus.RUNNING:
        record.status, record.error = DrillStatus.FAILED, "killed before it finished"
        record.finished_at = now_ms()
    problems = _destroy(record, terraform, say)
    for made in record.made:
        try:
            inputs.remove(made)
        except CairnError as error:
            problems.append(f"could not delete {describe(made)}: {error}")
    say(f"drill {record.id}: crawling {record.target_region} for what it made")
    record.left_behind = remaining(store, record)
    record.cleaned_at = None if record.left_behind else now_ms()
    if problems and not record.error:
        record.error = "; ".join(problems)
    save_drill(store, record)
    return record


def crawl_target(store: GraphStore, record: DrillRecord) -> None:
    """Read the drill's target region again: the services its plan's types live in."""
    crawl(
        store,
        AwsAccount.connect(),
        [record.target_region],
        select_types(record.services),
        wait_s=DEFAULT_WAIT_S,
    )


def remaining(store: GraphStore, record: DrillRecord) -> list[str]:
    """What the drill made that a fresh crawl and describe calls still find."""
    crawl_target(store, record)
    drill_tag = TagFilter(((DRILL_TAG, (record.id,)),))
    rows = tagged_at(store, drill_tag, now_ms(), regions=[record.target_region, GLOBAL_REGION])
    tagged = [f"{row['type']} {row['uid']}" for row in rows]
    return tagged + [describe(made) for made in record.made if inputs.remains(made)]


def describe(made: Made) -> str:
    return f"{made.kind} {made.identifier} in {made.region}"


def _destroy(record: DrillRecord, terraform: Callable[[Path], Terraform], say: Say) -> list[str]:
    workdir = Path(record.workdir)
    if not workdir.is_dir():
        say(f"drill {record.id}: its work directory {workdir} is gone: nothing to destroy from")
        return [f"work directory {workdir} is gone"]
    runner = terraform(workdir)
    if not runner.has_state:
        return []
    say(f"drill {record.id}: destroying what it applied")
    try:
        runner.destroy()
    except TerraformFailed as error:
        return [str(error)]
    return []
