"""Crawl benchmark: a larger moto account crawled sequentially and in parallel.

    .venv/bin/python benchmarks/crawl.py > crawl.json

Starts a moto server in its own process, fills it with VPCs, security groups
that reference each other, IAM roles with inline policies, ECS services and the
jobs application of the restore tests (one of each compute, function, key, image,
queue, event, table and scaling type), then crawls it
twice into an emptied graph: once with one worker, once with the default pool.
Each AWS call is delayed by --latency-ms before it is sent, because a local
moto answers in microseconds where AWS takes tens of milliseconds: without it
the comparison measures moto's CPU, not the crawler's concurrency.

Prints one JSON document: wall time of each crawl, the speed-up (target >= 3x),
API calls made per operation (to spot a call per resource where a batch call
exists), and resources per second.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
from common import REPO, add_server_arguments, bench_store, git_revision, say, wipe
from common import main as benchmark_main

from catalog.aws.crawler import DEFAULT_WORKERS, crawl, select_types
from catalog.aws.session import AwsAccount
from catalog.demo.stack import jobs
from catalog.graph.store import GraphStore

REGION = "us-east-1"
BENCH_HOME = REPO / ".cairn" / "bench-crawl-neo4j"
BENCH_PORT = 7690
TARGET_SPEEDUP = 3.0
# The low end of an AWS describe call's round trip in-region (they run 50-200 ms).
# Below it, on 2 cores, moto's own CPU becomes the floor of the parallel crawl.
DEFAULT_LATENCY_MS = 50.0
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)


@contextmanager
def moto_server() -> Iterator[str]:
    """moto in its own process, so its request handling does not share our interpreter."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    moto = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(
        [str(moto), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


def populate(args: argparse.Namespace) -> dict[str, int]:
    rng = random.Random(args.seed)
    ec2 = boto3.client("ec2", region_name=REGION)
    iam = boto3.client("iam", region_name=REGION)
    vpcs = [ec2.create_vpc(CidrBlock=f"10.{i}.0.0/16")["Vpc"]["VpcId"] for i in range(args.vpcs)]
    for index, vpc in enumerate(vpcs):
        for zone in "ab":
            cidr = f"10.{index}.{ord(zone)}.0/24"
            ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=f"{REGION}{zone}")
    groups: list[tuple[str, str]] = []
    for index in range(args.security_groups):
        vpc = vpcs[index % len(vpcs)]
        group = ec2.create_security_group(GroupName=f"sg-{index}", Description="bench", VpcId=vpc)
        same_vpc = [g for g, v in groups if v == vpc]
        sources = rng.sample(same_vpc, min(2, len(same_vpc)))
        if sources:
            ec2.authorize_security_group_ingress(
                GroupId=group["GroupId"],
                IpPermissions=[
                    {
                        "IpProtocol": "tcp",
                        "FromPort": 443,
                        "ToPort": 443,
                        "UserIdGroupPairs": [{"GroupId": source} for source in sources],
                    }
                ],
            )
        groups.append((group["GroupId"], vpc))
    for index in range(args.roles):
        iam.create_role(RoleName=f"role-{index}", AssumeRolePolicyDocument=TRUST)
        iam.put_role_policy(
            RoleName=f"role-{index}",
            PolicyName="inline",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
                }
            ),
        )
    populate_ecs(args.services)
    jobs.build(REGION)
    return {
        "vpcs": args.vpcs,
        "security_groups": args.security_groups,
        "roles": args.roles,
        "ecs_services": args.services,
        "jobs_applications": 1,
    }


def populate_ecs(services: int) -> None:
    ecs = boto3.client("ecs", region_name=REGION)
    ecs.create_cluster(clusterName="bench")
    families = [
        ecs.register_task_definition(
            family=f"app-{index}",
            containerDefinitions=[{"name": "app", "image": "nginx", "memory": 256}],
        )["taskDefinition"]["taskDefinitionArn"]
        for index in range(max(1, services // 10))
    ]
    for index in range(services):
        ecs.create_service(
            cluster="bench",
            serviceName=f"service-{index}",
            taskDefinition=families[index % len(families)],
            desiredCount=1,
        )


def instrumented_account(latency_s: float, calls: Counter[str]) -> AwsAccount:
    """An account whose clients count every call and wait `latency_s` before each request."""
    account = AwsAccount.connect(max_connections=DEFAULT_WORKERS)

    def count(event_name: str, **_: Any) -> None:
        calls[event_name.split(".", 1)[1]] += 1

    account.session.events.register("before-call", count)
    account.session.events.register("before-send", lambda **_: time.sleep(latency_s))
    return account


def timed_crawl(store: GraphStore, workers: int, latency_s: float) -> dict[str, Any]:
    calls: Counter[str] = Counter()
    account = instrumented_account(latency_s, calls)
    arrivals: list[float] = []
    started = time.perf_counter()
    summary = crawl(
        store,
        account,
        [REGION],
        select_types(),
        workers,
        on_partition=lambda *_: arrivals.append(time.perf_counter()),
    )
    seconds = time.perf_counter() - started
    return {
        "workers": workers,
        "seconds": round(seconds, 2),
        # When the last partition was read and written; the rest is the commit.
        "last_partition_s": round(max(arrivals) - started, 2),
        "resources": summary.stats.observed,
        "resources_per_s": round(summary.stats.observed / seconds, 1),
        "api_calls": sum(calls.values()),
        "api_calls_by_operation": dict(sorted(calls.items())),
        "failed_partitions": [p.partition.type for p in summary.partitions if p.status == "failed"],
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    with moto_server() as endpoint:
        os.environ.update(
            AWS_ENDPOINT_URL=endpoint,
            AWS_ACCESS_KEY_ID="bench",
            AWS_SECRET_ACCESS_KEY="bench",
            AWS_DEFAULT_REGION=REGION,
        )
        say(f"filling moto at {endpoint}")
        account = populate(args)
        with bench_store(GraphStore, args.port, args.home, args.keep_server) as (store, info):
            say("warm-up crawl, not measured (query plans, JIT, moto's first answers)")
            timed_crawl(store, args.workers, 0)
            results = {}
            for label, workers in (("sequential", 1), ("parallel", args.workers)):
                wipe(store)
                say(f"{label} crawl ({workers} workers)")
                results[label] = timed_crawl(store, workers, args.latency_ms / 1000)
    sequential, parallel = results["sequential"], results["parallel"]
    speedup = round(sequential["seconds"] / parallel["seconds"], 2)
    return {
        "account": account,
        "latency_ms_per_call": args.latency_ms,
        "sequential": sequential,
        "parallel": parallel,
        "speedup": speedup,
        "target_speedup": TARGET_SPEEDUP,
        "target_met": speedup >= TARGET_SPEEDUP,
        "environment": {"cpu_count": os.cpu_count(), "revision": git_revision(), "neo4j": info},
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Sequential vs parallel crawl of a moto account.")
    parser.add_argument("--vpcs", type=int, default=20)
    parser.add_argument("--security-groups", type=int, default=500)
    parser.add_argument("--roles", type=int, default=300)
    parser.add_argument("--services", type=int, default=200, help="ECS services")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=DEFAULT_LATENCY_MS,
        help="added before each AWS call",
    )
    parser.add_argument("--seed", type=int, default=7)
    add_server_arguments(parser, BENCH_PORT, BENCH_HOME)
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(benchmark_main(parse_args, run))
