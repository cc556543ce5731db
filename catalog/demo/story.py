"""The story of SCENARIO.md, told on a local moto account: one function per step.

Each step does what a team would do with the CLI, through the same library
calls, and returns a JSON-ready record of what it found; `tell` runs them in
order and hands each record over as soon as it is done, so the terminal shows
the story as it happens and `--json` gets all of it at the end.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog import present
from catalog.applications import create_application, define, list_applications
from catalog.aws.crawler import crawl, select_types
from catalog.aws.session import AwsAccount
from catalog.clock import now_ms
from catalog.console.routes import assets_built
from catalog.demo.declared_state import declared_state
from catalog.demo.local_terraform import local_terraform
from catalog.demo.stack import saas
from catalog.demo.stack.data import PARAMETER_GROUP
from catalog.drift.check import check_drift
from catalog.drift.patch import write_patch
from catalog.drift.state import load_state
from catalog.drill.runner import DrillRequest, run_drill
from catalog.errors import CairnError
from catalog.graph.reader import GraphReader
from catalog.graph.store import GraphStore
from catalog.graph.writer import RunSummary
from catalog.readiness.assess import assess
from catalog.restore.output import write_plan_files
from catalog.restore.planner import RestorePlan, plan_document
from catalog.restore.request import CLI_SPELLING, plan_restore, restore_target
from catalog.restore.runbook import checklist
from catalog.scope import resolve
from catalog.snapshot_diff import diff_snapshots
from catalog.snapshots import get_snapshot, take_snapshot

APPLICATION = "app-infra-prod"
TAGS = ["Project=app-infra", "Environment=production"]
TARGET_REGION = "us-west-2"
IMPACT_DEPTH = 3
DEMO_ACCOUNTS = ("123456789012", "aws")  # moto's account; AWS managed policies
# Pasted into GraphiQL by the reader, and run by the demo to show it answers.
GRAPHQL_QUERY = """\
query TaskRoleImpact {
  impact(uid: "%s", maxDepth: %d) {
    count
    byType { type count }
    dependents { uid type depth field }
  }
}"""

Step = dict[str, Any]


@dataclass(frozen=True)
class Places:
    """Where the demo writes its files: $CAIRN_HOME/demo, emptied at each run."""

    root: Path

    @property
    def declared_state(self) -> Path:
        return self.root / "terraform.tfstate"

    @property
    def codification(self) -> Path:
        return self.root / "codify"

    @property
    def restore(self) -> Path:
        return self.root / f"restore-{TARGET_REGION}"


class DemoGraphRefused(CairnError):
    """The graph holds data the demo did not make; emptying it would lose it."""


def start_fresh(store: GraphStore, places: Places, uri: str) -> None:
    """Empty what a previous demo left (graph and files), never anyone else's data."""
    ownership = store.read("demo_graph_ownership", accounts=list(DEMO_ACCOUNTS))[0]
    if ownership["nodes"] and not (ownership["marked"] and not ownership["foreign"]):
        raise DemoGraphRefused(
            f"the graph at {uri} holds data the demo did not create; point NEO4J_URI at an "
            "empty Neo4j (or stop it and use another CAIRN_HOME) to run the demo"
        )
    store.write("demo_graph_reset")
    shutil.rmtree(places.root, ignore_errors=True)
    places.root.mkdir(parents=True)


@dataclass
class Story:
    store: GraphStore
    places: Places
    say: Callable[[str], None]
    application: saas.Application | None = None
    snapshots: tuple[str, ...] = ()
    drills: bool = True  # the drill applies for minutes: `cairn demo --no-drill` skips it

    @property
    def reader(self) -> GraphReader:
        return GraphReader(self.store)

    def crawl(self) -> RunSummary:
        account = AwsAccount.connect()
        return crawl(self.store, account, [saas.REGION], select_types())

    def build_and_crawl(self) -> Step:
        self.say("building the SaaS application of SCENARIO.md in a local moto account")
        self.application = saas.build_application()
        self.places.declared_state.write_text(
            json.dumps(declared_state(self.application), indent=2), encoding="utf-8"
        )
        self.say("crawling it: every resource and every reference, into Neo4j")
        summary = self.crawl()
        return {
            "step": "crawl",
            **present.run_summary(summary),
            "by_type": _observed_by_type(summary),
            "declared_state": str(self.places.declared_state),
        }

    def define_application(self) -> Step:
        self.say(f"defining the application {APPLICATION} by its tags")
        application = define(
            APPLICATION,
            TAGS,
            regions=[saas.REGION],
            rpo_minutes=5,
            rto_minutes=30,
            contacts=["commander=oncall-lead", "executor=platform-oncall"],
        )
        create_application(self.store, application)
        scope = resolve(self.store, application, now_ms(), list_applications(self.store))
        preview = present.scope(scope)
        return {
            "step": "application",
            "application": present.application(application),
            "count": preview["count"],
            "by_reason": dict(Counter(asset["reason"] for asset in preview["assets"])),
            "dependencies": [a for a in preview["assets"] if a["reason"] == "dependency"],
        }

    def snapshot(self, label: str) -> Step:
        self.say(f"snapshot {len(self.snapshots) + 1}: {label}")
        taken = take_snapshot(self.store, APPLICATION)
        self.snapshots += (taken.id,)
        return {
            "step": f"snapshot-{len(self.snapshots)}",
            "label": label,
            **present.snapshot(taken),
        }

    def hotfixes(self) -> Step:
        self.say("during an incident: an inline policy on the task role, max_connections 900")
        saas.apply_inline_policy_hotfix()
        saas.apply_max_connections_hotfix()
        summary = self.crawl()
        snapshot = self.snapshot("production after the console hotfixes")
        first, second = (get_snapshot(self.store, id) for id in self.snapshots)
        return {
            "step": "hotfixes",
            "hotfixes": [
                "inline policy hotfix-s3-read (s3:GetObject on *) added to role app-task",
                f"max_connections 300 -> 900 in parameter group {PARAMETER_GROUP}",
            ],
            "crawl": present.run_summary(summary),
            "snapshot": snapshot,
            "diff": present.snapshot_diff(diff_snapshots(self.store, first, second)),
        }

    def drift(self) -> Step:
        self.say("drift: comparing the running application with the declared Terraform state")
        state = load_state(str(self.places.declared_state))
        report = check_drift(self.store, APPLICATION, state)
        files = write_patch(report, self.places.codification)
        return {
            "step": "drift",
            **report.document(),
            "patch": {"out": str(self.places.codification), "files": files},
        }

    def revert_and_impact(self) -> Step:
        self.say("a routine terraform apply reverts both hotfixes; production breaks again")
        assert self.application is not None
        saas.revert_hotfixes()
        summary = self.crawl()
        role = self.application.network.task_role_arn
        impact = self.reader.impact(role, summary.at, IMPACT_DEPTH)
        return {
            "step": "impact",
            "crawl": present.run_summary(summary),
            "impact": present.impact(role, summary.at, IMPACT_DEPTH, impact),
        }

    def restore(self) -> Step:
        self.say(f"restore plan: snapshot 2 into {TARGET_REGION}, hotfixes included")
        target = restore_target(TARGET_REGION, None, (), None, "new", CLI_SPELLING)
        plan = plan_restore(self.store, target, CLI_SPELLING, snapshot_id=self.snapshots[-1])
        files = write_plan_files(plan.files, self.places.restore, force=False).files
        document = plan_document(plan)
        return {
            "step": "restore",
            "snapshot": self.snapshots[-1],
            "out": str(self.places.restore),
            "files": [path.name for path in files],
            "stages": [
                {"stage": s["stage"], "file": s["file"], "resources": len(s["resources"])}
                for s in document["stages"]
            ],
            "checklist": cutover_checklist(plan),
            "restore_points": document["restore_points"],
            "hotfixes_kept": hotfixes_kept(plan),
            # Values that named the source (the old CNAME, DATABASE_URL), rewired.
            "rewired": document["rewired"],
        }

    def drill(self) -> Step:
        if not self.drills:  # before looking for terraform, which may probe the registry
            return self._drill_skipped("--no-drill")
        terraform = local_terraform()
        if terraform.unavailable:
            return self._drill_skipped(terraform.unavailable)
        self.say(f"drill: snapshot 2 applied into {TARGET_REGION}, checked, timed, destroyed")
        request = DrillRequest(
            APPLICATION,
            TARGET_REGION,
            snapshot_id=self.snapshots[-1],
            plugin_dir=terraform.plugin_dir,
        )
        return {"step": "drill", **run_drill(self.store, request, self.say).document()}

    def _drill_skipped(self, why: str) -> Step:
        self.say(f"drill skipped: {why}")
        return {"step": "drill", "skipped": why}

    def readiness(self) -> Step:
        self.say(f"readiness: could it recover into {TARGET_REGION} within its RTO and RPO?")
        # What the target region holds (certificates, backup copies) is read from the graph.
        crawl(self.store, AwsAccount.connect(), [TARGET_REGION], select_types())
        found = assess(self.store, APPLICATION, TARGET_REGION, now_ms())
        return {"step": "readiness", **found.document()}

    def serve(self, base_url: str) -> Step:
        self.say("serving the GraphQL API")
        role = self.application.network.task_role_arn if self.application else ""
        query = GRAPHQL_QUERY % (role, IMPACT_DEPTH)
        request = urllib.request.Request(
            f"{base_url}/graphql",
            data=json.dumps({"query": query}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response)
        return {
            "step": "serve",
            "console": f"{base_url}/",
            "application_page": f"{base_url}/apps/{APPLICATION}",
            "console_built": assets_built(),
            "graphiql": f"{base_url}/graphql",
            "query": query,
            "curl": _curl(base_url, query),
            "answer": answer,
        }


def tell(story: Story, on_step: Callable[[Step], None]) -> list[Step]:
    """The steps up to the API, in order; each record goes to `on_step` as soon as it is done."""
    steps = []
    for step in (
        story.build_and_crawl,
        story.define_application,
        lambda: story.snapshot("healthy production"),
        story.hotfixes,
        story.drift,
        story.revert_and_impact,
        story.restore,
        story.drill,
        story.readiness,
    ):
        steps.append(step())
        on_step(steps[-1])
    return steps


def cutover_checklist(plan: RestorePlan) -> dict[str, Any]:
    """The runbook's gates, in order, and how long DNS keeps clients on the old address."""
    found = checklist(plan)
    return {
        "stages": [{"stage": s.name, "title": s.title, "gate": s.gate} for s in found.stages],
        "database": found.database,
        "certificates": [c.domain for c in found.certificates],
        "records": [
            {"name": r.name, "type": r.type, "wait": r.wait or "an alias: no TTL to wait"}
            for r in found.records
        ],
    }


def hotfixes_kept(plan: RestorePlan) -> dict[str, bool]:
    """Whether the restored Terraform carries both hotfixes (snapshot 2 pinned them)."""
    text = "".join(body for name, body in plan.files.items() if name.endswith(".tf"))
    return {
        "inline_policy": '"hotfix-s3-read"' in text,
        "max_connections_900": '"900"' in text,
    }


def _observed_by_type(summary: RunSummary) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for outcome in summary.partitions:
        counts[outcome.partition.type] += outcome.observed
    return {name: n for name, n in sorted(counts.items()) if n}


def _curl(base_url: str, query: str) -> str:
    body = json.dumps({"query": " ".join(query.split())})
    return f"curl -s {base_url}/graphql -H 'Content-Type: application/json' -d '{body}'"
