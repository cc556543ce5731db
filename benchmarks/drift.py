"""Drift benchmark: a Terraform state of about 5,000 resources against the catalog holding
them; prints one JSON document on stdout (progress on stderr).

The catalog is restore.py's synthetic account (resources shaped as the crawlers
write them) with an application of --app-size members. Its declared state is
written by `catalog.demo.declared_state.declared_state_of` (one state resource per
Terraform block: roles, their policies, rules...), then --drift of its resources
get a changed tag in the state, so the check reports findings as it would in CI.
Measured: `cairn drift`'s work without the process start: reading and validating
the state file, and the check (scope, planner, matching, comparison, the one
batched catalog lookup for unmatched resources). Target: p50 <= 5 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from common import (
    REPO,
    add_server_arguments,
    bench_store,
    environment,
    git_revision,
    peak_rss_mib,
    say,
)
from common import main as benchmark_main
from ingest import SG, SUBNET, VPC, Slice, TimedStore, crawl
from restore import RestoreAccount
from snapshots import (
    APP,
    add_application_arguments,
    create_applications,
    measure_phase,
    parsed_application_args,
)

from catalog.aws.ec2.security_group import rule_key
from catalog.demo.declared_state import declared_state_of
from catalog.drift.check import check_drift
from catalog.drift.state import load_state
from catalog.model import Observation

BENCH_HOME = REPO / ".cairn" / "bench-drift"
BENCH_PORT = 7694
TARGET_STATE_RESOURCES = 5_000
TARGETS = {"drift_s": 5.0}  # p50, 2 cores


class DriftAccount(RestoreAccount):
    """restore.py's account, with the EC2 IDs the crawler records (a restore in place, and
    so drift, adopts a VPC, subnet or security group by its `Id`)."""

    def observation(self, s: Slice, k: int) -> Observation:
        generated = super().observation(s, k)
        if s.type not in (VPC, SUBNET, SG):
            return generated
        identifier = generated.uid.rsplit(":", 1)[-1]
        properties = {"Id": identifier, **generated.properties}
        if s.type == SG:
            properties["RuleIds"] = rule_ids(identifier, properties)
        return replace(generated, properties=properties)


def rule_ids(group: str, properties: dict[str, Any]) -> dict[str, str]:
    """The `sgr-` ID of every rule, keyed as the crawler keys them (see rule_key)."""
    found = {}
    for egress, field in ((False, "IpPermissions"), (True, "IpPermissionsEgress")):
        for permission in properties.get(field, ()):
            sources = [r["CidrIp"] for r in permission.get("IpRanges", ())]
            sources += [r["CidrIpv6"] for r in permission.get("Ipv6Ranges", ())]
            sources += [r["PrefixListId"] for r in permission.get("PrefixListIds", ())]
            sources += [r["GroupId"] for r in permission.get("UserIdGroupPairs", ())]
            for source in sources:
                key = rule_key(
                    egress,
                    permission.get("IpProtocol", "-1"),
                    permission.get("FromPort"),
                    permission.get("ToPort"),
                    source,
                )
                found[key] = f"sgr-{group[3:]}{len(found):04d}"
    return found


def drifted(state: dict[str, Any], share: float) -> int:
    """Give every 1/share-th tagged state resource a tag the runtime does not have."""
    tagged = [
        instance
        for resource in state["resources"]
        for instance in resource["instances"]
        if instance["attributes"].get("tags")
    ]
    step = max(1, round(1 / share)) if share > 0 else len(tagged) + 1
    for instance in tagged[::step]:
        instance["attributes"]["tags"] = {**instance["attributes"]["tags"], "Owner": "terraform"}
    return len(tagged[::step])


def run(args: argparse.Namespace) -> dict[str, Any]:
    account = DriftAccount(args.resources, args.seed, args.app_size)
    load, revision = os.getloadavg(), git_revision()
    with bench_store(TimedStore, args.port, args.home, args.keep_server) as (store, server_info):
        ingest, _ = crawl(store, account, "first ingest")
        create_applications(store)
        say("writing the declared state")
        state = declared_state_of(store, APP)
        changed = drifted(state, args.drift)
        instances = sum(len(resource["instances"]) for resource in state["resources"])
        with tempfile.TemporaryDirectory(prefix="bench-drift-") as root:
            path = Path(root) / "terraform.tfstate"
            path.write_text(json.dumps(state))
            size = path.stat().st_size
            figures, report = measure_phase(
                store,
                "drift",
                lambda: check_drift(store, APP, load_state(str(path))),
                args.repeats,
            )
    counts = report.document()["counts"]
    applicable = instances >= TARGET_STATE_RESOURCES and (os.cpu_count() or 0) <= 2
    return {
        "resources": args.resources,
        "state": {"resources": instances, "bytes": size, "drifted": changed},
        "matched": report.matched,
        "findings": counts,
        "drift_s": {key: figures[key] for key in ("p50", "max", "runs")},
        "targets": {
            "drift_s": TARGETS["drift_s"],
            "met": figures["p50"] <= TARGETS["drift_s"],
            "applicable": applicable,
        },
        "queries": figures["queries"],
        "benchmark_process_peak_rss_mib": peak_rss_mib(),
        "phases": {"first_ingest": ingest},
        "environment": environment(
            load,
            revision,
            server_info,
            seed=args.seed,
            repeats=args.repeats,
        ),
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Drift of a ~5,000-resource Terraform state against the catalog; "
        "prints one JSON document.",
    )
    add_application_arguments(parser, 20_000, 2_600)
    parser.add_argument(
        "--drift", type=float, default=0.01, help="share of tagged state resources drifted"
    )
    add_server_arguments(parser, BENCH_PORT, BENCH_HOME)
    return parsed_application_args(parser)


if __name__ == "__main__":
    sys.exit(benchmark_main(parse_args, run))
