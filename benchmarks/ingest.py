"""Ingest and as-of read benchmark of the versioned graph store.

Usage (from the repository root):

    .venv/bin/python benchmarks/ingest.py --resources 100000 > bench.json

Generates a synthetic account deterministically (seeded): N resources over a
handful of CloudFormation types in one account, two regions and IAM's global
"region", each with tags, realistic properties and about 3 references to other
generated resources. It then measures, through the public store API:

  1. the first ingest of all N resources (CrawlRun fed by a generator, every
     partition marked complete);
  2. a re-crawl in which nothing changed;
  3. a re-crawl in which 1% of the resources changed (a third of those also
     re-point one reference);
  4. as-of read latency (p50/p95) of GraphReader.resource_at on random uids and
     of GraphReader.resources_at on 1,000 random uids (an application), both at
     a time between the first and the last run and at now;
  5. the peak RSS of this (writer) process.

Exactly one JSON document goes to stdout; progress goes to stderr. The JSON also
holds the time spent per named query in each phase and the targets for
N=100,000 on 2 cores, with which of them were met.

Neo4j: with NEO4J_URI set, that server is used, but only with --wipe because
the benchmark empties the graph first. Otherwise the benchmark starts its own
server (tools/neo4j) on port 7689 with data under .cairn/bench-neo4j (see
--port and --home), and stops it at the end unless --keep-server is given.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from common import (
    REPO,
    add_server_arguments,
    bench_store,
    checked,
    environment,
    git_revision,
    peak_rss_mib,
    say,
)
from common import main as benchmark_main
from neo4j import Driver, Record

from catalog.graph.reader import GraphReader
from catalog.graph.store import GraphStore
from catalog.graph.writer import CrawlRun, RunSummary
from catalog.model import Observation, Partition, Reference

BENCH_HOME = REPO / ".cairn" / "bench-neo4j"
BENCH_PORT = 7689
TARGET_RESOURCES = 100_000
TARGETS = {  # for TARGET_RESOURCES on 2 cores
    "first_ingest_s": 60.0,
    "recrawl_unchanged_s": 15.0,
    "recrawl_1pct_changed_s": 20.0,
    "as_of_single_p95_ms": 10.0,
    "writer_peak_rss_mib": 1024.0,
}

ACCOUNT = "210987654321"
REGIONS = ("us-east-1", "eu-west-1")
GLOBAL = "global"  # IAM has no region

VPC = "AWS::EC2::VPC"
SUBNET = "AWS::EC2::Subnet"
SG = "AWS::EC2::SecurityGroup"
ROLE = "AWS::IAM::Role"
TASK_DEFINITION = "AWS::ECS::TaskDefinition"
SERVICE = "AWS::ECS::Service"
DATABASE = "AWS::RDS::DBInstance"
FUNCTION = "AWS::Lambda::Function"

# Share of the resources per type; the references each type makes are in _Builder.
SHARES = {
    VPC: 0.01,
    SUBNET: 0.09,
    SG: 0.20,
    ROLE: 0.12,
    TASK_DEFINITION: 0.18,
    SERVICE: 0.15,
    DATABASE: 0.05,
    FUNCTION: 0.20,
}
T = TypeVar("T")

ENVIRONMENTS = ("production", "staging", "development")
TEAMS = ("payments", "search", "identity", "platform", "data", "growth")


# -- the synthetic account ---------------------------------------------------


@dataclass(frozen=True)
class Slice:
    """All generated resources of one partition: global indexes offset..offset+count-1."""

    type: str
    region: str
    offset: int
    count: int

    @property
    def partition(self) -> Partition:
        return Partition(ACCOUNT, self.region, self.type)


def type_counts(size: int) -> dict[str, int]:
    """Split `size` over SHARES exactly (largest remainder), at least one VPC if possible."""
    raw = {type_name: size * share for type_name, share in SHARES.items()}
    counts = {type_name: int(value) for type_name, value in raw.items()}
    by_remainder = sorted(raw, key=lambda name: raw[name] - counts[name], reverse=True)
    for type_name in by_remainder[: size - sum(counts.values())]:
        counts[type_name] += 1
    return counts


def plan_slices(size: int) -> list[Slice]:
    slices: list[Slice] = []
    offset = 0
    for type_name, count in type_counts(size).items():
        regions = (GLOBAL,) if type_name == ROLE else REGIONS
        for position, region in enumerate(regions):
            share = count // len(regions) + (1 if position < count % len(regions) else 0)
            slices.append(Slice(type_name, region, offset, share))
            offset += share
    return slices


def resource_uid(type_name: str, region: str, k: int) -> str:
    """ARNs where AWS has them, else aws:<account>:<region>:<type>:<id> like the crawlers."""
    if type_name == ROLE:
        return f"arn:aws:iam::{ACCOUNT}:role/bench-role-{k}"
    if type_name == TASK_DEFINITION:
        return f"arn:aws:ecs:{region}:{ACCOUNT}:task-definition/bench-app-{k}:1"
    if type_name == SERVICE:
        return f"arn:aws:ecs:{region}:{ACCOUNT}:service/bench-cluster/svc-{k}"
    if type_name == DATABASE:
        return f"arn:aws:rds:{region}:{ACCOUNT}:db:bench-db-{k}"
    if type_name == FUNCTION:
        return f"arn:aws:lambda:{region}:{ACCOUNT}:function:bench-fn-{k}"
    prefix = {VPC: "vpc", SUBNET: "subnet", SG: "sg"}[type_name]
    return f"aws:{ACCOUNT}:{region}:{type_name}:{prefix}-{k:017x}"


class SyntheticAccount:
    """N resources generated on demand from (seed, index): nothing is held in memory.

    `changed` is the set of global indexes whose content differs from the first
    generation (see with_changes).
    """

    def __init__(self, size: int, seed: int, changed: frozenset[int] = frozenset()) -> None:
        self.size = size
        self.seed = seed
        self.changed = changed
        self.slices = plan_slices(size)
        self._by_partition = {(s.type, s.region): s for s in self.slices}

    def with_changes(self, fraction: float) -> SyntheticAccount:
        chooser = random.Random(f"{self.seed}/changes")
        changed = chooser.sample(range(self.size), round(self.size * fraction))
        return SyntheticAccount(self.size, self.seed, self.changed | frozenset(changed))

    def partitions(self) -> list[Partition]:
        return [s.partition for s in self.slices if s.count]

    def uid(self, index: int) -> str:
        for s in self.slices:
            if s.offset <= index < s.offset + s.count:
                return resource_uid(s.type, s.region, index - s.offset)
        raise IndexError(index)

    def observations(self) -> Iterator[Observation]:
        for s in self.slices:
            for k in range(s.count):
                yield self.observation(s, k)

    def observation(self, s: Slice, k: int) -> Observation:
        index = s.offset + k
        builder = _Builder(self, s, k, random.Random(self.seed * 1_000_003 + index))
        name, properties, references = builder.build()
        tags = self.tags(s, k, builder.tags())
        if index in self.changed:
            changer = random.Random(f"{self.seed}/change/{index}")
            tags["ChangeTicket"] = f"CHG-{changer.randrange(10**6):06d}"
            properties["LastModifiedBy"] = f"hotfix-{changer.choice(TEAMS)}"
            if references and index % 3 == 0:
                references[-1] = builder.repoint(references[-1], changer)
        return Observation(
            uid=resource_uid(s.type, s.region, k),
            type=s.type,
            account=ACCOUNT,
            region=s.region,
            name=name,
            tags=tags,
            properties=properties,
            references=tuple(references),
        )

    def tags(self, s: Slice, k: int, generated: dict[str, str]) -> dict[str, str]:
        """The tags of resource k of `s`: a hook for benchmarks that shape applications."""
        return generated

    def target(self, s: Slice, k: int, type_name: str, rng: random.Random) -> str | None:
        """What resource k of `s` refers to among `type_name`: a hook for benchmarks that
        keep an application's references inside it (benchmarks/snapshots.py)."""
        return self.pick(type_name, s.region, rng)

    def pick(self, type_name: str, region: str, rng: random.Random) -> str | None:
        """A random generated resource of `type_name` that a resource in `region` can use."""
        target = self._by_partition.get((type_name, GLOBAL if type_name == ROLE else region))
        if target is None or target.count == 0:
            return None
        return resource_uid(target.type, target.region, rng.randrange(target.count))


class _Builder:
    """Name, properties and references of one resource, shaped like the AWS APIs."""

    def __init__(self, account: SyntheticAccount, s: Slice, k: int, rng: random.Random) -> None:
        self.account, self.slice, self.k, self.rng = account, s, k, rng

    def build(self) -> tuple[str, dict[str, Any], list[Reference]]:
        build = {
            VPC: self._vpc,
            SUBNET: self._subnet,
            SG: self._security_group,
            ROLE: self._role,
            TASK_DEFINITION: self._task_definition,
            SERVICE: self._service,
            DATABASE: self._database,
            FUNCTION: self._function,
        }[self.slice.type]
        return build()

    def tags(self) -> dict[str, str]:
        return {
            "Project": f"app-{self.rng.randrange(40)}",
            "Environment": self.rng.choice(ENVIRONMENTS),
            "Owner": f"team-{self.rng.choice(TEAMS)}",
            "CostCenter": f"cc-{self.rng.randrange(100, 120)}",
        }

    def repoint(self, reference: Reference, rng: random.Random) -> Reference:
        """The same reference field pointing at another resource of the same type."""
        target = self.account.target(self.slice, self.k, reference.target_type or "", rng)
        if target is None:
            return reference
        return Reference(reference.field, target, reference.kind, reference.target_type)

    def _refs(self, fields: list[tuple[str, str, str]]) -> list[Reference]:
        """References for (field, target type, kind), skipping types with no resources."""
        references = []
        for field_path, type_name, kind in fields:
            target = self.account.target(self.slice, self.k, type_name, self.rng)
            if target is not None:
                references.append(Reference(field_path, target, kind, type_name))
        return references

    def _cidr(self) -> str:
        return f"10.{self.rng.randrange(256)}.{self.rng.randrange(256)}.0/24"

    def _vpc(self) -> tuple[str, dict[str, Any], list[Reference]]:
        properties = {
            "CidrBlock": f"10.{self.k % 256}.0.0/16",
            "EnableDnsSupport": True,
            "EnableDnsHostnames": self.rng.random() < 0.8,
            "InstanceTenancy": "default",
        }
        return f"vpc-{self.k}", properties, []

    def _subnet(self) -> tuple[str, dict[str, Any], list[Reference]]:
        zone = f"{self.slice.region}{self.rng.choice('abc')}"
        properties = {
            "CidrBlock": self._cidr(),
            "AvailabilityZone": zone,
            "MapPublicIpOnLaunch": self.rng.random() < 0.3,
            "AvailableIpAddressCount": self.rng.randrange(10, 250),
        }
        return f"subnet-{self.k}", properties, self._refs([("VpcId", VPC, "network")])

    def _security_group(self) -> tuple[str, dict[str, Any], list[Reference]]:
        sources = self._refs(
            [
                (f"IpPermissions[{i}].UserIdGroupPairs[0].GroupId", SG, "network")
                for i in range(self.rng.randint(1, 5))
            ]
        )
        ports = self.rng.choices((80, 443, 5432, 6379, 8080), k=len(sources))
        rules = [
            {
                "IpProtocol": "tcp",
                "FromPort": port,
                "ToPort": port,
                "UserIdGroupPairs": [{"GroupId": ref.target.rsplit(":", 1)[-1]}],
            }
            for port, ref in zip(ports, sources, strict=True)
        ]
        properties = {
            "GroupName": f"sg-{self.k}",
            "Description": f"bench security group {self.k}",
            "IpPermissions": rules,
            "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
        }
        return f"sg-{self.k}", properties, self._refs([("VpcId", VPC, "network")]) + sources

    def _role(self) -> tuple[str, dict[str, Any], list[Reference]]:
        service = self.rng.choice(("ecs-tasks", "lambda", "rds", "ec2"))
        properties = {
            "RoleName": f"bench-role-{self.k}",
            "Path": "/",
            "MaxSessionDuration": 3600,
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": f"{service}.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            },
            "ManagedPolicyArns": ["arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"],
        }
        return f"bench-role-{self.k}", properties, []

    def _task_definition(self) -> tuple[str, dict[str, Any], list[Reference]]:
        references = self._refs(
            [("TaskRoleArn", ROLE, "assumes"), ("ExecutionRoleArn", ROLE, "assumes")]
        )
        properties = {
            "Family": f"bench-app-{self.k}",
            "Cpu": self.rng.choice(("256", "512", "1024")),
            "Memory": self.rng.choice(("512", "1024", "2048")),
            "NetworkMode": "awsvpc",
            "RequiresCompatibilities": ["FARGATE"],
            "ContainerDefinitions": [
                {
                    "Name": "app",
                    "Image": f"{ACCOUNT}.dkr.ecr.{self.slice.region}.amazonaws.com/app:{self.k}",
                    "PortMappings": [{"ContainerPort": 8080, "Protocol": "tcp"}],
                    "Environment": [{"Name": "LOG_LEVEL", "Value": "info"}],
                }
            ],
        }
        return f"bench-app-{self.k}", properties, references

    def _service(self) -> tuple[str, dict[str, Any], list[Reference]]:
        subnets, groups = self.rng.randint(2, 3), self.rng.randint(1, 3)
        prefix = "NetworkConfiguration.AwsvpcConfiguration"
        references = self._refs(
            [("TaskDefinition", TASK_DEFINITION, "runs")]
            + [(f"{prefix}.Subnets[{i}]", SUBNET, "network") for i in range(subnets)]
            + [(f"{prefix}.SecurityGroups[{i}]", SG, "network") for i in range(groups)]
        )
        properties = {
            "ServiceName": f"svc-{self.k}",
            "DesiredCount": self.rng.randint(1, 6),
            "LaunchType": "FARGATE",
            "SchedulingStrategy": "REPLICA",
            "DeploymentConfiguration": {"MaximumPercent": 200, "MinimumHealthyPercent": 100},
        }
        return f"svc-{self.k}", properties, references

    def _database(self) -> tuple[str, dict[str, Any], list[Reference]]:
        groups = self.rng.randint(1, 2)
        references = self._refs(
            [(f"VpcSecurityGroups[{i}].VpcSecurityGroupId", SG, "network") for i in range(groups)]
            + [(f"DBSubnetGroup.Subnets[{i}].SubnetIdentifier", SUBNET, "network") for i in (0, 1)]
            + [("MonitoringRoleArn", ROLE, "assumes")]
        )
        properties = {
            "DBInstanceIdentifier": f"bench-db-{self.k}",
            "Engine": "postgres",
            "EngineVersion": self.rng.choice(("15.7", "16.3")),
            "DBInstanceClass": self.rng.choice(("db.t4g.medium", "db.r6g.large")),
            "AllocatedStorage": self.rng.choice((20, 100, 500)),
            "MultiAZ": self.rng.random() < 0.5,
            "StorageEncrypted": True,
        }
        return f"bench-db-{self.k}", properties, references

    def _function(self) -> tuple[str, dict[str, Any], list[Reference]]:
        fields = [("Role", ROLE, "assumes")]
        if self.rng.random() < 0.7:
            fields += [(f"VpcConfig.SubnetIds[{i}]", SUBNET, "network") for i in (0, 1)]
            fields += [("VpcConfig.SecurityGroupIds[0]", SG, "network")]
        properties = {
            "FunctionName": f"bench-fn-{self.k}",
            "Runtime": self.rng.choice(("python3.12", "nodejs20.x", "java21")),
            "Handler": "app.handler",
            "MemorySize": self.rng.choice((128, 256, 512, 1024)),
            "Timeout": self.rng.choice((3, 30, 900)),
            "Environment": {"Variables": {"STAGE": self.rng.choice(ENVIRONMENTS)}},
        }
        return f"bench-fn-{self.k}", properties, self._refs(fields)


# -- measuring ---------------------------------------------------------------


class TimedStore(GraphStore):
    """A GraphStore that adds up wall time and calls per named query (write_all per group)."""

    def __init__(self, driver: Driver, database: str | None = None) -> None:
        super().__init__(driver, database)
        self.timings: dict[str, dict[str, float]] = {}

    def read(self, name: str, /, **params: Any) -> list[Record]:
        with self._timed(name):
            return super().read(name, **params)

    def write(self, name: str, /, **params: Any) -> list[Record]:
        with self._timed(name):
            return super().write(name, **params)

    def write_all(self, steps: list[tuple[str, dict[str, Any]]]) -> list[list[Record]]:
        with self._timed("+".join(name for name, _ in steps)):
            return super().write_all(steps)

    def take_timings(self) -> dict[str, dict[str, float]]:
        """The timings since the last call, slowest first, rounded."""
        taken, self.timings = self.timings, {}
        ordered = sorted(taken.items(), key=lambda item: item[1]["seconds"], reverse=True)
        return {
            name: {"calls": int(t["calls"]), "seconds": round(t["seconds"], 3)}
            for name, t in ordered
        }

    @contextmanager
    def _timed(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            entry = self.timings.setdefault(name, {"calls": 0, "seconds": 0.0})
            entry["calls"] += 1
            entry["seconds"] += time.perf_counter() - start


def crawl(
    store: TimedStore, account: SyntheticAccount, label: str
) -> tuple[dict[str, Any], RunSummary]:
    """One whole run fed by a generator, every partition complete: its figures and summary."""
    say(f"{label}: crawling {account.size} resources")
    start = time.perf_counter()
    with CrawlRun(store) as run:
        run.observe(account.observations())
        observed = time.perf_counter()
        for partition in account.partitions():
            run.complete(partition)
        summary = run.commit()
    end = time.perf_counter()
    say(f"{label}: {end - start:.1f} s, {asdict(summary.stats)}")
    return {
        "seconds": round(end - start, 2),
        "observe_seconds": round(observed - start, 2),
        "commit_seconds": round(end - observed, 2),
        "stats": asdict(summary.stats),
        "queries": store.take_timings(),
        "peak_rss_mib": peak_rss_mib(),
    }, summary


def generation_pass(account: SyntheticAccount) -> tuple[float, int]:
    """Python-side cost included in every crawl (build and hash all observations),
    and the number of references generated."""
    start = time.perf_counter()
    references = 0
    for observation in account.observations():
        observation.content_hash()
        references += len(observation.references)
    return round(time.perf_counter() - start, 2), references


def latencies(read: Callable[[T], int], inputs: list[T], warmup: int) -> dict[str, Any]:
    """p50/p95 wall time in ms of `read` on each input (after `warmup` untimed reads);
    `read` returns how many rows it found."""
    for item in inputs[:warmup]:
        read(item)
    durations, rows = [], 0
    for item in inputs[warmup:]:
        start = time.perf_counter()
        rows += read(item)
        durations.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(durations, n=100, method="inclusive")
    return {
        "p50": round(cuts[49], 2),
        "p95": round(cuts[94], 2),
        "max": round(max(durations), 2),
        "samples": len(durations),
        "rows_per_read": round(rows / len(durations), 1),
    }


def read_latencies(
    store: GraphStore, account: SyntheticAccount, at: int | None, args: argparse.Namespace
) -> dict[str, Any]:
    """As-of reads at `at` (None: now) of random single uids and random applications."""
    reader = GraphReader(store)
    rng = random.Random(f"{account.seed}/reads/{at}")
    app_size = min(args.app_size, account.size)
    warmup = 10
    singles = [account.uid(rng.randrange(account.size)) for _ in range(args.read_samples + warmup)]
    applications = [
        [account.uid(i) for i in rng.sample(range(account.size), app_size)]
        for _ in range(args.app_samples + 2)
    ]
    return {
        "single": latencies(
            lambda uid: int(reader.resource_at(uid, at) is not None), singles, warmup
        ),
        f"application_{app_size}": latencies(
            lambda uids: len(reader.resources_at(uids, at)), applications, 2
        ),
    }


def verdicts(figures: dict[str, float], resources: int) -> dict[str, Any]:
    return {
        "for_resources": TARGET_RESOURCES,
        "cores": 2,
        "applicable": resources == TARGET_RESOURCES,
        **checked(figures, TARGETS),
    }


# -- the benchmark -----------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    account = SyntheticAccount(args.resources, args.seed)
    load, revision = os.getloadavg(), git_revision()
    say(f"generating {args.resources} observations once, without the store")
    generate_s, references = generation_pass(account)
    changed_account = account.with_changes(args.change)
    with bench_store(TimedStore, args.port, args.home, args.keep_server) as (store, server_info):
        store.take_timings()
        first, first_run = crawl(store, account, "first ingest")
        unchanged, _ = crawl(store, account, "re-crawl, nothing changed")
        changed, last_run = crawl(store, changed_account, f"re-crawl, {args.change:.0%} changed")
        between = (first_run.at + last_run.at) // 2
        say("as-of reads")
        reads = {
            "between_runs": read_latencies(store, account, between, args),
            "now": read_latencies(store, account, None, args),
        }
    figures = {
        "first_ingest_s": first["seconds"],
        "recrawl_unchanged_s": unchanged["seconds"],
        "recrawl_1pct_changed_s": changed["seconds"],
        "as_of_single_p95_ms": max(r["single"]["p95"] for r in reads.values()),
        "writer_peak_rss_mib": peak_rss_mib(),
    }
    return {
        "resources": args.resources,
        "references": references,
        "partitions": len(account.partitions()),
        "changed_resources": len(changed_account.changed),
        "first_ingest_s": first["seconds"],
        "first_ingest_resources_per_s": round(args.resources / first["seconds"]),
        "recrawl_unchanged_s": unchanged["seconds"],
        "recrawl_1pct_changed_s": changed["seconds"],
        "as_of_read_ms": reads,
        "writer_peak_rss_mib": figures["writer_peak_rss_mib"],
        "targets": verdicts(figures, args.resources),
        "phases": {
            "generate_and_hash_only_s": generate_s,
            "first_ingest": first,
            "recrawl_unchanged": unchanged,
            "recrawl_changed": changed,
        },
        "environment": environment(
            load,
            revision,
            server_info,
            seed=args.seed,
        ),
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Ingest and as-of read benchmark of the versioned graph store; "
        "prints one JSON document.",
    )
    parser.add_argument("--resources", type=int, default=TARGET_RESOURCES, help="N")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--change", type=float, default=0.01, help="fraction changed")
    parser.add_argument("--read-samples", type=int, default=500, help="single-resource reads")
    parser.add_argument("--app-samples", type=int, default=50, help="application reads")
    parser.add_argument("--app-size", type=int, default=1000, help="uids per application read")
    add_server_arguments(parser, BENCH_PORT, BENCH_HOME)
    args = parser.parse_args()
    if args.resources < 1:
        parser.error("--resources must be at least 1")
    return args


if __name__ == "__main__":
    sys.exit(benchmark_main(parse_args, run))
