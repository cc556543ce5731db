"""`cairn demo` tells the story end to end on the real store."""

from __future__ import annotations

import json

from catalog.cli import main
from catalog.demo.sample import PARAMETER_GROUP, TASK_ROLE, sample_account


def test_demo_json_records_each_step(store, neo4j_env, capsys):
    assert main(["demo", "--json"]) == 0
    steps = {step["step"]: step for step in json.loads(capsys.readouterr().out)["steps"]}

    assert steps["crawl-healthy"]["stats"]["created"] == len(sample_account())
    assert steps["crawl-hotfixed"]["stats"]["changed"] == 2
    changed = {c["uid"]: c for c in steps["changes"]["changes"]}
    assert set(changed) == {TASK_ROLE, PARAMETER_GROUP}
    assert {"path": "properties.Parameters.max_connections", "before": "300", "after": "900"} in (
        changed[PARAMETER_GROUP]["changes"]
    )
    assert steps["impact"]["by_type"] == {"AWS::ECS::Service": 1, "AWS::ECS::TaskDefinition": 1}
    assert len(steps["history"]["versions"]) == 2


def test_demo_can_run_twice(store, neo4j_env, capsys):
    assert main(["demo", "--json"]) == 0
    capsys.readouterr()
    assert main(["demo", "--json"]) == 0
    steps = {step["step"]: step for step in json.loads(capsys.readouterr().out)["steps"]}
    assert {c["uid"] for c in steps["changes"]["changes"]} == {TASK_ROLE, PARAMETER_GROUP}
