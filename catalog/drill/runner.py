"""A drill: the restore plan applied for real into another region, stage by stage,
timed, checked by the runbook's gates and a crawl, then destroyed.

The steps, in order:
0. Clean up the application's unfinished drills first (killed ones; those kept with
   --keep are left alone and named), holding the application's drill lease so that a
   drill still running elsewhere is never destroyed under it.
1. Write the plan into $CAIRN_HOME/drills/<id>/ and save the record (running) before
   anything changes in AWS, so a drill killed from here on can be cleaned up.
2. Supply the plan's inputs (inputs.py): snapshot copies, throwaway secrets.
3. Write drill_override.tf (overrides.py) and terraform.tfvars (0600, never printed).
4. Apply each stage's addresses and evaluate its gates (gates.py), both timed; a gate
   that fails stops the drill. The DNS stage is never applied: a drill must not move
   production DNS, and with `dns_cutover` false it would create nothing.
5. Crawl the target region and compare what came back with the source (compare.py).
6. Unless --keep, destroy and verify (cleanup.py), also after a failure or an interrupt.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from catalog import present
from catalog.applications import get_application
from catalog.aws.registry import RESOURCE_TYPES
from catalog.clock import now_ms
from catalog.drill import compare, gates, inputs
from catalog.drill.cleanup import Say, clean_up, crawl_target
from catalog.drill.overrides import OVERRIDE_FILE, drill_overrides
from catalog.drill.record import (
    DrillRecord,
    DrillStatus,
    Made,
    StageTime,
    new_drill_id,
    save_drill,
    unfinished_drills,
)
from catalog.drill.terraform import Terraform, TerraformFailed
from catalog.errors import CairnError
from catalog.graph.lease import LeaseBusy, acquire, drill_lease
from catalog.graph.store import GraphStore
from catalog.neo4j_local import cairn_home
from catalog.restore.output import write_plan_files
from catalog.restore.planner import RestorePlan, plan_document
from catalog.restore.request import CLI_SPELLING, plan_restore, restore_target
from catalog.restore.runbook import StageStep, checklist
from catalog.snapshots import time_of

TFVARS = "terraform.tfvars"
SIGNALS = (signal.SIGTERM, signal.SIGINT)
NEVER_APPLIED = "dns"  # the cutover: see the module docstring


@dataclass(frozen=True)
class DrillRequest:
    application: str
    target_region: str
    target_account: str | None = None
    snapshot_id: str | None = None  # None: the application as the catalog last saw it
    at: str | None = None  # TIME (ISO 8601 or a snapshot id), instead of a snapshot
    keep: bool = False
    given: Mapping[str, str] = field(default_factory=dict)  # --var NAME=VALUE
    terraform: str | None = None
    plugin_dir: str | None = None

    def terraform_in(self, directory: Path) -> Terraform:
        return Terraform.configured(directory, self.terraform, self.plugin_dir)


def drills_home() -> Path:
    return cairn_home() / "drills"


def run_drill(
    store: GraphStore,
    request: DrillRequest,
    say: Say,
    on_start: Callable[[str], None] = lambda _: None,
) -> DrillRecord:
    """Run a drill to its end; the record says whether it passed. `on_start` hears the
    drill's id once its record is saved. Raises CairnError when it could not run."""
    if request.snapshot_id is not None and request.at is not None:
        raise CairnError("give --snapshot or --at, not both")
    target = restore_target(
        request.target_region, request.target_account, (), None, "new", CLI_SPELLING
    )
    request.terraform_in(Path.cwd())  # installed? before anything else happens
    get_application(store, request.application)
    drill_id = new_drill_id()
    with _drill_lease(store, request.application, drill_id):
        _clean_up_earlier(store, request, say)
        plan = plan_restore(
            store,
            target,
            CLI_SPELLING,
            snapshot_id=request.snapshot_id,
            application=None if request.snapshot_id else request.application,
            at=None if request.snapshot_id else time_of(store, request.at),
        )
        if plan.snapshot.application != request.application:
            raise CairnError(f"{plan.snapshot.id} is a snapshot of {plan.snapshot.application}")
        record = _begin(store, drill_id, request, plan)
        on_start(record.id)
        say(f"drill {record.id} of {record.application} into {record.target_region}")
        try:
            _restore_and_check(store, record, request, plan, say)
        except TerraformFailed as error:
            _fail(record, str(error))
        except BaseException as error:
            _fail(record, str(error) or type(error).__name__)
            # Given up, _finish said how to finish the cleanup; the first error stands.
            with suppress(KeyboardInterrupt):
                _finish(store, record, request, say)
            raise
        _finish(store, record, request, say)
        return record


def _drill_lease(store: GraphStore, application: str, drill_id: str) -> Any:
    try:
        return acquire(store, drill_lease(application), drill_id)
    except LeaseBusy as busy:
        raise CairnError(
            f"a drill of {application} is running: {busy.held_by.describe()}"
        ) from None


def _clean_up_earlier(store: GraphStore, request: DrillRequest, say: Say) -> None:
    for earlier in unfinished_drills(store, request.application):
        if earlier.keep and earlier.status != DrillStatus.RUNNING:
            say(
                f"drill {earlier.id} was kept (--keep): left up; "
                f"`cairn drill --cleanup {earlier.id}` removes it"
            )
            continue
        say(f"drill {earlier.id} did not finish: cleaning it up first")
        clean_up(store, earlier, request.terraform_in, say)


def _begin(
    store: GraphStore, drill_id: str, request: DrillRequest, plan: RestorePlan
) -> DrillRecord:
    workdir = drills_home() / drill_id
    write_plan_files(plan.files, workdir, force=False)
    types = {resource.type for resource in plan.resources}
    record = DrillRecord(
        id=drill_id,
        application=request.application,
        snapshot=plan.snapshot.id,
        target_region=request.target_region,
        target_account=request.target_account,
        started_at=now_ms(),
        workdir=str(workdir),
        keep=request.keep,
        services=sorted({t.service for t in RESOURCE_TYPES if t.name in types}),
    )
    save_drill(store, record)
    return record


def _restore_and_check(
    store: GraphStore, record: DrillRecord, request: DrillRequest, plan: RestorePlan, say: Say
) -> None:
    document = plan_document(plan)
    workdir = Path(record.workdir)

    def made(thing: Made) -> None:
        record.made.append(thing)
        save_drill(store, record)

    values = inputs.supply(document, record.id, request.given, made)
    _write_private(workdir / TFVARS, _tfvars(values))
    (workdir / OVERRIDE_FILE).write_text(drill_overrides(plan, record.id), encoding="utf-8")
    terraform = request.terraform_in(workdir)
    terraform.init()
    for step in checklist(plan).stages:
        stage = _stage(terraform, step, document, record.target_region, say)
        record.stages.append(stage)
        save_drill(store, record)
        failed = [gate for gate in stage.gates if gate["passed"] is False]
        if failed:
            _fail(record, f"{step.name} gate {failed[0]['name']} failed: {failed[0]['detail']}")
            return
    say(f"drill {record.id}: crawling {record.target_region} to compare with the source")
    comparison = _compare(store, record, plan, document)
    record.comparison = comparison.document()
    if comparison.passed:
        record.status = DrillStatus.PASSED
    else:
        _fail(record, "what the restore brought back differs from the source")


def _stage(
    terraform: Terraform, step: StageStep, document: Mapping[str, Any], region: str, say: Say
) -> StageTime:
    say(f"stage {step.name}: applying {len(step.resources)} resources")
    started = time.monotonic()
    applies = step.name != NEVER_APPLIED
    if applies:
        terraform.apply(step.resources)
    applied = time.monotonic()
    state = gates.state_attributes(terraform.show()) if applies else {}
    results = gates.evaluate(step.name, document, state, region)
    checked = time.monotonic()
    stage = StageTime(
        step.name,
        round(applied - started, 1),
        round(checked - applied, 1),
        [asdict(result) for result in results],
    )
    say(
        f"stage {step.name}: {stage.seconds:.1f} s "
        f"(apply {stage.apply_seconds:.1f} s, gates {stage.gate_seconds:.1f} s)"
    )
    return stage


def _compare(
    store: GraphStore, record: DrillRecord, plan: RestorePlan, document: Mapping[str, Any]
) -> compare.Comparison:
    crawl_target(store, record)
    crawled = now_ms()
    restored = compare.restored_assets(store, record.id, record.target_region, crawled)
    source = present.snapshot_contents(plan.snapshot, list(plan.sources.values()))["assets"]
    return compare.compare(
        store,
        plan.snapshot.at or record.started_at,
        source,
        restored,
        plan.target.suffix,
        restored_at=crawled,
        left_out=compare.not_created(document),
    )


def _finish(store: GraphStore, record: DrillRecord, request: DrillRequest, say: Say) -> None:
    record.finished_at = now_ms()
    save_drill(store, record)
    if request.keep:
        say(f"drill {record.id} kept (--keep): `cairn drill --cleanup {record.id}` removes it")
        return
    try:
        with _signals_give_up():
            clean_up(store, record, request.terraform_in, say)
    except KeyboardInterrupt:
        say(f"cleanup of drill {record.id} given up: `cairn drill --cleanup {record.id}`")
        raise
    if record.left_behind and record.status == DrillStatus.PASSED:
        # A drill that leaves paid resources running has not passed.
        _fail(record, f"its cleanup left {len(record.left_behind)} behind")
        save_drill(store, record)


def _fail(record: DrillRecord, reason: str) -> None:
    record.status = DrillStatus.FAILED
    record.error = record.error or reason


def _tfvars(values: Mapping[str, Any]) -> str:
    # JSON values are HCL expressions: strings, numbers, lists and objects alike.
    return "".join(f"{name} = {json.dumps(value)}\n" for name, value in sorted(values.items()))


def _write_private(path: Path, text: str) -> None:
    """Only its owner may read it: it may hold throwaway secrets."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)


@contextmanager
def _signals_give_up() -> Iterator[None]:
    """During a cleanup a signal (even a second one, which would otherwise kill the
    process outright) gives it up as a KeyboardInterrupt: _finish then says how to
    finish the cleanup."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only (a drill the API started)
        return

    def give_up(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = {sig: signal.getsignal(sig) for sig in SIGNALS}
    for sig in SIGNALS:
        signal.signal(sig, give_up)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
