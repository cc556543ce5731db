"""A drill's record: saved as it goes, found by id, by application and by readiness."""

from __future__ import annotations

import pytest

from catalog.drill.record import (
    DrillRecord,
    DrillStatus,
    Made,
    StageTime,
    drills_of,
    get_drill,
    last_passed_drill,
    new_drill_id,
    save_drill,
    unfinished_drills,
)
from catalog.errors import NotFound


def _drill(started_at: int, region: str = "us-west-2") -> DrillRecord:
    return DrillRecord(
        id=new_drill_id(),
        application="app",
        snapshot="snap-1",
        target_region=region,
        target_account=None,
        started_at=started_at,
        workdir="/tmp/drill",
    )


def test_a_drill_is_saved_as_it_goes_and_read_back(store):
    drill = _drill(1_000)
    save_drill(store, drill)
    assert get_drill(store, drill.id).status == DrillStatus.RUNNING
    assert [d.id for d in unfinished_drills(store, "app")] == [drill.id]

    drill.made.append(Made("rds-snapshot", "us-west-2", "app-db-drill"))
    drill.stages.append(StageTime("network", apply_seconds=12.5, gate_seconds=0.5))
    drill.stages.append(StageTime("data", apply_seconds=100.0, gate_seconds=20.0))
    drill.status, drill.finished_at, drill.cleaned_at = DrillStatus.PASSED, 2_000, 2_500
    save_drill(store, drill)

    again = get_drill(store, drill.id)
    assert again == drill
    assert again.rto_seconds == 133.0
    assert again.document()["rto_seconds"] == 133.0
    assert unfinished_drills(store, "app") == []


def test_readiness_finds_the_last_drill_that_passed_by_a_time(store):
    old, failed, other_region = _drill(1_000), _drill(3_000), _drill(4_000, "eu-west-1")
    old.status, old.finished_at = DrillStatus.PASSED, 2_000
    failed.status, failed.finished_at = DrillStatus.FAILED, 3_500
    other_region.status, other_region.finished_at = DrillStatus.PASSED, 4_500
    for drill in (old, failed, other_region):
        save_drill(store, drill)

    assert last_passed_drill(store, "app", 1_999) is None
    assert last_passed_drill(store, "app", 4_000).id == old.id  # a failed one proves nothing
    assert last_passed_drill(store, "app", 5_000).id == other_region.id
    assert last_passed_drill(store, "app", 5_000, "us-west-2").id == old.id
    assert [d.id for d in drills_of(store, "app")] == [other_region.id, failed.id, old.id]
    assert failed.rto_seconds is None


def test_an_unknown_drill_is_one_clear_error(store):
    with pytest.raises(NotFound, match="no drill 'drill-nope'"):
        get_drill(store, "drill-nope")
