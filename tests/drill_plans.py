"""The SaaS scenario's restore plan into another region, as a drill starts from it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from catalog.demo.stack import saas
from tests.cli_runner import cairn

APP = "app-infra-prod"
TARGET_REGION = "us-west-2"


def saas_plan(capsys: Any, out: Path) -> tuple[str, dict[str, Any]]:
    """Build the SaaS stack in moto, crawl it, snapshot it and plan its restore into
    TARGET_REGION in `out`: the snapshot's id and plan.json."""
    saas.build_application()
    cairn(capsys, "crawl", "--region", saas.REGION)
    cairn(capsys, "app", "create", APP, "--tag", "Project=app-infra", "--region", saas.REGION,
          "--rto", "30", "--rpo", "5")  # fmt: skip
    snapshot = cairn(capsys, "snapshot", "take", APP)["id"]
    cairn(capsys, "restore", "plan", snapshot, "--out", str(out), "--target-region", TARGET_REGION)
    return snapshot, json.loads((out / "plan.json").read_text())
