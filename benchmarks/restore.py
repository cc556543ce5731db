"""Restore planning benchmark (issue 6's target).

Usage (from the repository root):

    .venv/bin/python benchmarks/restore.py > restore.json 2> restore.log

Builds benchmarks/snapshots.py's synthetic account (seeded, N resources, one
application of about --app-size resources and two neighbours) with the
properties of the types the restore planner maps reshaped as the crawlers
write them (catalog/aws/*.py: ECS in camelCase with services, task
definitions, their clusters, log groups and images; RDS instances with their
subnet, parameter and option groups and KMS key; IAM roles with their inline
and attached policies), ingests it, and takes one snapshot of the
application without refresh. It then measures, each --repeats times:

  1. reading the pinned assets (catalog.snapshots.pinned_assets);
  2. planning: Planner(...).build(), which renders every file, RUNBOOK.md
     and plan.json included;
  3. writing the files (catalog.restore.output.write_plan_files);
  4. end to end, `cairn restore plan SNAPSHOT --out DIR --json` as a
     subprocess: wall time and the subprocess's own peak RSS (its VmHWM; the
     ru_maxrss os.wait4 reports is also given, but Linux counts the
     benchmark's own RSS at fork in it), and `cairn --help` (the start-up).

Exactly one JSON document goes to stdout; progress goes to stderr. The JSON
holds the plan's sizes, p50/max of each measurement and the targets for a
1,000-resource application out of N=100,000 on 2 cores (plan <= 3 s end to
end, peak RSS <= 500 MiB) with which were met.

Neo4j: as benchmarks/ingest.py, but our own server listens on port 7693 with
data under .cairn/bench-restore.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

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
from ingest import (
    ACCOUNT,
    DATABASE,
    FUNCTION,
    ROLE,
    SERVICE,
    SG,
    TASK_DEFINITION,
    Slice,
    TimedStore,
    crawl,
)
from snapshots import (
    APP,
    ApplicationAccount,
    add_application_arguments,
    create_applications,
    measure_phase,
    parsed_application_args,
)

from catalog.model import Observation, Reference
from catalog.restore.emit import Target
from catalog.restore.output import write_plan_files
from catalog.restore.planner import Planner, RestorePlan
from catalog.snapshots import PinnedAsset, Snapshot, pinned_assets, take_snapshot

BENCH_HOME = REPO / ".cairn" / "bench-restore"
BENCH_PORT = 7693
TARGET_RESOURCES = 100_000
TARGET_APP_SIZE = 1_000
TARGETS = {"plan_s": 3.0, "peak_rss_mib": 500.0}  # end to end p50, and max; 2 cores

CLUSTER = "AWS::ECS::Cluster"
LOG_GROUP = "AWS::Logs::LogGroup"
REPOSITORY = "AWS::ECR::Repository"
MANAGED_POLICY = "AWS::IAM::ManagedPolicy"
DB_SUBNET_GROUP = "AWS::RDS::DBSubnetGroup"
DB_PARAMETER_GROUP = "AWS::RDS::DBParameterGroup"
OPTION_GROUP = "AWS::RDS::OptionGroup"
KMS_KEY = "AWS::KMS::Key"
AWS_MANAGED_POLICY = "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"
NETWORK = "networkConfiguration.awsvpcConfiguration"


# -- the synthetic account, shaped as the crawlers write it ---------------------


def _targets(observation: Observation) -> dict[str, Reference]:
    return {reference.field: reference for reference in observation.references}


def _ids(observation: Observation, prefix: str) -> list[tuple[str, str]]:
    """(EC2 id, uid) of the references under `prefix`, sorted by id and without repeats,
    as the crawlers store lists AWS treats as sets."""
    pairs = {
        (r.target.rsplit(":", 1)[-1], r.target)
        for r in observation.references
        if r.field.startswith(prefix)
    }
    return sorted(pairs)


def _listed(field: str, pairs: list[tuple[str, str]], type_name: str) -> list[Reference]:
    return [
        Reference(f"{field}[{index}]", uid, "network", type_name)
        for index, (_, uid) in enumerate(pairs)
    ]


def _digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def task_definition(o: Observation) -> tuple[dict[str, Any], list[Reference]]:
    """catalog/aws/ecs/task_definition.py's shape: camelCase, environment reduced to
    names, the image pinned by digest, logs to the family's awslogs group (neither of
    which is crawled here: they stay outside the application, as the plan's variables)."""
    p, refs = o.properties, _targets(o)
    family = p["Family"]
    image = f"{ACCOUNT}.dkr.ecr.{o.region}.amazonaws.com/{family}@{_digest(family)}"
    group = f"/ecs/{family}"
    container = {
        "name": "app",
        "image": image,
        "cpu": 0,
        "essential": True,
        "portMappings": [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"}],
        "environmentNames": ["LOG_LEVEL"],
        "secrets": [],
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": group,
                "awslogs-region": o.region,
                "awslogs-stream-prefix": "app",
            },
            "secretOptions": [],
        },
        "mountPoints": [],
        "volumesFrom": [],
    }
    properties = {
        "family": family,
        "revision": 1,
        "taskRoleArn": refs["TaskRoleArn"].target,
        "executionRoleArn": refs["ExecutionRoleArn"].target,
        "networkMode": p["NetworkMode"],
        "cpu": p["Cpu"],
        "memory": p["Memory"],
        "requiresCompatibilities": p["RequiresCompatibilities"],
        "containerDefinitions": [container],
        "volumes": [],
        "placementConstraints": [],
    }
    prefix = "containerDefinitions[0]"
    references = [
        Reference("taskRoleArn", refs["TaskRoleArn"].target, "assumes", ROLE),
        Reference("executionRoleArn", refs["ExecutionRoleArn"].target, "assumes", ROLE),
        Reference(
            f"{prefix}.image",
            f"arn:aws:ecr:{o.region}:{ACCOUNT}:repository/{family}",
            "image",
            REPOSITORY,
        ),
        Reference(
            f"{prefix}.logConfiguration.options.awslogs-group",
            f"arn:aws:logs:{o.region}:{ACCOUNT}:log-group:{group}",
            "logs",
            LOG_GROUP,
        ),
    ]
    return properties, references


def service(o: Observation) -> tuple[dict[str, Any], list[Reference]]:
    """catalog/aws/ecs/service.py's shape; the cluster is not generated, so it stays outside."""
    p, refs = o.properties, _targets(o)
    subnets = _ids(o, "NetworkConfiguration.AwsvpcConfiguration.Subnets")
    groups = _ids(o, "NetworkConfiguration.AwsvpcConfiguration.SecurityGroups")
    cluster = f"arn:aws:ecs:{o.region}:{ACCOUNT}:cluster/bench-cluster"
    definition = refs["TaskDefinition"].target
    properties = {
        "serviceName": p["ServiceName"],
        "clusterArn": cluster,
        "taskDefinition": definition,
        "status": "ACTIVE",
        "desiredCount": p["DesiredCount"],
        "launchType": p["LaunchType"],
        "platformVersion": "LATEST",
        "schedulingStrategy": p["SchedulingStrategy"],
        "deploymentConfiguration": {
            "maximumPercent": 200,
            "minimumHealthyPercent": 100,
            "deploymentCircuitBreaker": {"enable": True, "rollback": True},
        },
        "deploymentController": {"type": "ECS"},
        "networkConfiguration": {
            "awsvpcConfiguration": {
                "subnets": [sid for sid, _ in subnets],
                "securityGroups": [gid for gid, _ in groups],
                "assignPublicIp": "DISABLED",
            }
        },
        "loadBalancers": [],
        "serviceRegistries": [],
        "capacityProviderStrategy": [],
        "propagateTags": "SERVICE",
        "enableECSManagedTags": True,
    }
    references = [
        Reference("clusterArn", cluster, "runs-in", CLUSTER),
        Reference("taskDefinition", definition, "runs", TASK_DEFINITION),
        *_listed(f"{NETWORK}.subnets", subnets, "AWS::EC2::Subnet"),
        *_listed(f"{NETWORK}.securityGroups", groups, "AWS::EC2::SecurityGroup"),
    ]
    return properties, references


def database(o: Observation) -> tuple[dict[str, Any], list[Reference]]:
    """catalog/aws/rds/db_instance.py's shape. The generator has no subnet groups: the
    instance keeps its references to the group's subnets (so the application's closure is
    snapshots.py's) and refers to a group, a default parameter group, an option group
    and a KMS key that are not crawled, as the plan's variables."""
    p, refs = o.properties, _targets(o)
    identifier = p["DBInstanceIdentifier"]
    major = p["EngineVersion"].split(".")[0]
    arn = o.uid
    groups = _ids(o, "VpcSecurityGroups")

    def sibling(kind: str, name: str) -> str:
        return ":".join([*arn.split(":")[:5], kind, name])

    key = f"arn:aws:kms:{o.region}:{ACCOUNT}:key/{uuid.uuid5(uuid.NAMESPACE_URL, o.region)}"
    properties = {
        "DBInstanceIdentifier": identifier,
        "DBInstanceArn": arn,
        "DBInstanceClass": p["DBInstanceClass"],
        "Engine": p["Engine"],
        "EngineVersion": p["EngineVersion"],
        "DBName": "app",
        "MasterUsername": "app",
        "AllocatedStorage": p["AllocatedStorage"],
        "StorageType": "gp3",
        "StorageEncrypted": p["StorageEncrypted"],
        "KmsKeyId": key,
        "MultiAZ": p["MultiAZ"],
        "DbInstancePort": 0,
        "Endpoint": {
            "Address": f"{identifier}.c0bench.{o.region}.rds.amazonaws.com",
            "Port": 5432,
            "HostedZoneId": "Z2R2ITUGPM61AM",
        },
        "PubliclyAccessible": False,
        "BackupRetentionPeriod": 7,
        "PreferredBackupWindow": "03:00-04:00",
        "PreferredMaintenanceWindow": "sun:05:00-sun:06:00",
        "AutoMinorVersionUpgrade": True,
        "DeletionProtection": True,
        "IAMDatabaseAuthenticationEnabled": False,
        "CopyTagsToSnapshot": True,
        "MonitoringInterval": 60,
        "MonitoringRoleArn": refs["MonitoringRoleArn"].target,
        "VpcSecurityGroupIds": [gid for gid, _ in groups],
        "AssociatedRoles": [],
        "MasterUserSecret": None,
        "DomainMemberships": [],
        "PointInTimeRecoveryEnabled": True,
        "DBSubnetGroupName": f"{identifier}-subnets",
        "DBParameterGroupNames": [f"default.postgres{major}"],
        "OptionGroupNames": [f"default:postgres-{major}"],
        "ReadReplicaDBInstanceIdentifiers": [],
    }
    references = [
        *_listed("VpcSecurityGroupIds", groups, "AWS::EC2::SecurityGroup"),
        Reference("KmsKeyId", key, "encryption", KMS_KEY),
        Reference("MonitoringRoleArn", refs["MonitoringRoleArn"].target, "assumes", ROLE),
        Reference(
            "DBSubnetGroupName",
            sibling("subgrp", f"{identifier}-subnets"),
            "network",
            DB_SUBNET_GROUP,
        ),
        Reference(
            "DBParameterGroupNames[0]",
            sibling("pg", f"default.postgres{major}"),
            "configured-by",
            DB_PARAMETER_GROUP,
        ),
        Reference(
            "OptionGroupNames[0]",
            sibling("og", f"default:postgres-{major}"),
            "configured-by",
            OPTION_GROUP,
        ),
        *[r for r in o.references if r.field.startswith("DBSubnetGroup.Subnets")],
    ]
    return properties, references


def role(o: Observation) -> tuple[dict[str, Any], list[Reference]]:
    """catalog/aws/iam/role.py's shape: inline policies by name, attached ones referred to."""
    p = o.properties
    name = p["RoleName"]
    policies = {
        f"{name}-access": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["s3:GetObject", "ssm:GetParameter"],
                    "Resource": f"arn:aws:s3:::bench-assets/{name}/*",
                }
            ],
        }
    }
    properties = {
        "RoleName": name,
        "RoleId": "AROA" + hashlib.sha256(name.encode()).hexdigest()[:17].upper(),
        "Path": p["Path"],
        "Description": None,
        "MaxSessionDuration": p["MaxSessionDuration"],
        "AssumeRolePolicyDocument": p["AssumeRolePolicyDocument"],
        "Policies": policies,
        "ManagedPolicyArns": [AWS_MANAGED_POLICY],
        "PermissionsBoundary": None,
    }
    reference = Reference(
        "ManagedPolicyArns[0]", AWS_MANAGED_POLICY, "attached-policy", MANAGED_POLICY
    )
    return properties, [reference]


def security_group(o: Observation) -> tuple[dict[str, Any], list[Reference]]:
    """As generated, but for the name: AWS refuses group names that begin with `sg-`
    (terraform validate does too), so no crawler ever sees one."""
    properties = {**o.properties, "GroupName": f"bench-{o.properties['GroupName']}"}
    return properties, list(o.references)


def function(o: Observation) -> tuple[dict[str, Any], list[Reference]]:
    """The environment as a list of names and values, and the VPC configuration (ids, as
    sets) its references imply, as catalog/aws/lambda_/function.py writes them."""
    variables = o.properties["Environment"]["Variables"]
    subnets = _ids(o, "VpcConfig.SubnetIds")
    groups = _ids(o, "VpcConfig.SecurityGroupIds")
    properties = {
        **o.properties,
        "PackageType": "Zip",
        "CodeSha256": _digest(o.uid),
        "Environment": [{"Name": name, "Value": value} for name, value in variables.items()],
        "VpcConfig": {
            "SubnetIds": [subnet for subnet, _ in subnets],
            "SecurityGroupIds": [group for group, _ in groups],
        }
        if subnets or groups
        else None,
    }
    references = [r for r in o.references if not r.field.startswith("VpcConfig.")]
    return properties, [
        *references,
        *_listed("VpcConfig.SubnetIds", subnets, "AWS::EC2::Subnet"),
        *_listed("VpcConfig.SecurityGroupIds", groups, SG),
    ]


# The types the generator shapes like CloudFormation where the crawlers (and so the
# emitters) read another shape, or where AWS would refuse its values. VPCs and subnets
# already carry what their declarations (catalog/aws/ec2/) read and emit.
CRAWLER_SHAPES: dict[str, Callable[[Observation], tuple[dict[str, Any], list[Reference]]]] = {
    TASK_DEFINITION: task_definition,
    SERVICE: service,
    DATABASE: database,
    ROLE: role,
    SG: security_group,
    FUNCTION: function,
}


class RestoreAccount(ApplicationAccount):
    """snapshots.py's account with the planner's types reshaped as the crawlers write them.
    The references keep their targets, so the application's closure is unchanged."""

    def observation(self, s: Slice, k: int) -> Observation:
        generated = super().observation(s, k)
        reshape = CRAWLER_SHAPES.get(s.type)
        if reshape is None:
            return generated
        properties, references = reshape(generated)
        return replace(generated, properties=properties, references=tuple(references))


# -- measuring -----------------------------------------------------------------


# `cairn restore plan` as the console script runs it (catalog.cli.main), plus a note of
# the process's VmHWM on exit. ru_maxrss cannot tell a child's peak apart: Linux
# carries the parent's RSS at fork over exec into the child's maxrss, so after a
# 100,000-resource ingest wait4 would report the benchmark's own size. VmHWM is the
# high-water mark of the memory the exec'd program itself mapped.
CLI = """
import atexit, os, sys

def note_peak():
    status = open("/proc/self/status").read()
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    open(os.environ["BENCH_PEAK_FILE"], "w").write(kib)

atexit.register(note_peak)
from catalog.cli import main
sys.exit(main(sys.argv[1:]))
"""
PYTHON = REPO / ".venv" / "bin" / "python"


@dataclass(frozen=True)
class CliRun:
    seconds: float
    peak_rss_mib: float  # VmHWM of the process
    wait4_maxrss_mib: float  # max(its own peak, the benchmark's RSS when it forked)


def run_cli(argv: list[str], uri: str) -> CliRun:
    """`cairn ARGV` in a process of its own: wall time, and its peak RSS two ways."""
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        environment = {**os.environ, "NEO4J_URI": uri, "BENCH_PEAK_FILE": str(peak_file)}
        with (Path(scratch) / "out").open("wb") as out, (Path(scratch) / "err").open("wb") as err:
            start = time.perf_counter()
            process = subprocess.Popen(
                [str(PYTHON), "-c", CLI, *argv], env=environment, stdout=out, stderr=err
            )
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
        if process.returncode != 0:
            message = (Path(scratch) / "err").read_text()[-2000:]
            raise RuntimeError(f"cairn {' '.join(argv[:2])} failed: {message}")
        peak_kib = int(peak_file.read_text())
    return CliRun(seconds, round(peak_kib / 1024, 1), round(usage.ru_maxrss / 1024, 1))


def cli_phase(snapshot_id: str, uri: str, root: Path, times: int) -> dict[str, Any]:
    say(f"cairn restore plan: {times} times")
    runs = [
        run_cli(["restore", "plan", snapshot_id, "--out", str(root / f"cli-{i}"), "--json"], uri)
        for i in range(times)
    ]
    startup = [run_cli(["--help"], uri).seconds for _ in range(times)]
    figures = {
        **_timings([run.seconds for run in runs]),
        "peak_rss_mib": {
            "max": max(run.peak_rss_mib for run in runs),
            "runs": [run.peak_rss_mib for run in runs],
            "wait4_ru_maxrss_runs": [run.wait4_maxrss_mib for run in runs],
        },
        "startup_s": _timings(startup),
    }
    say(f"cairn restore plan: p50 {figures['p50']} s, peak RSS {figures['peak_rss_mib']['max']}")
    return figures


def _timings(seconds: list[float]) -> dict[str, Any]:
    return {
        "p50": round(statistics.median(seconds), 3),
        "max": round(max(seconds), 3),
        "runs": [round(s, 3) for s in seconds],
    }


def read_files(directory: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in directory.iterdir()}


def plan_figures(pinned: list[PinnedAsset], plan: RestorePlan) -> dict[str, Any]:
    """What was planned: the sizes the timings are for."""
    reasons = Counter(item["reason"] for item in plan.not_restored)
    return {
        "pinned_assets": len(pinned),
        "pinned_by_type": dict(sorted(Counter(p.asset.type for p in pinned).items())),
        "outside_references": len(plan.snapshot.outside),
        "resources_planned": len(plan.resources),
        "planned_by_type": dict(sorted(Counter(r.type for r in plan.resources).items())),
        "blocks": sum(len(r.blocks) for r in plan.resources),
        "blocks_by_kind": dict(
            sorted(
                Counter(f"{b.type} {b.labels[0]}" for r in plan.resources for b in r.blocks).items()
            )
        ),
        "files": len(plan.files),
        "bytes": sum(len(text.encode()) for text in plan.files.values()),
        "bytes_by_file": {name: len(text.encode()) for name, text in sorted(plan.files.items())},
        "variables": len(plan.variables),
        "sensitive_variables": sum(1 for v in plan.variables if v.sensitive),
        "not_restored": len(plan.not_restored),
        "not_restored_by_reason": dict(sorted(reasons.items())),
        "not_restored_by_type": dict(
            sorted(Counter(item["type"] for item in plan.not_restored).items())
        ),
    }


def build_allocations(snapshot: Snapshot, pinned: list[PinnedAsset]) -> float:
    """Peak Python allocation of one build in MiB (tracemalloc slows it: not timed)."""
    tracemalloc.start()
    Planner(snapshot, pinned, Target()).build()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return round(peak / 2**20, 1)


def profile_build(snapshot: Snapshot, pinned: list[PinnedAsset], lines: int) -> str:
    """cProfile of one build, the `lines` costliest functions by cumulative time."""
    profiler = cProfile.Profile()
    profiler.runcall(lambda: Planner(snapshot, pinned, Target()).build())
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(lines)
    return text.getvalue()


def verdicts(figures: dict[str, float], resources: int, app_size: int) -> dict[str, Any]:
    return {
        "for_resources": TARGET_RESOURCES,
        "for_app_size": TARGET_APP_SIZE,
        "cores": 2,
        "applicable": resources == TARGET_RESOURCES and app_size == TARGET_APP_SIZE,
        "plan_s": "p50 wall time of `cairn restore plan` (read, plan, write) end to end",
        "peak_rss_mib": "max VmHWM (peak RSS) of the `cairn restore plan` process",
        **checked(figures, TARGETS),
    }


# -- the benchmark -------------------------------------------------------------


def measure(
    store: TimedStore, account: RestoreAccount, uri: str, args: argparse.Namespace
) -> dict[str, Any]:
    phases: dict[str, Any] = {}
    store.take_timings()
    phases["first_ingest"], _ = crawl(store, account, "first ingest")
    create_applications(store)
    say("taking the snapshot")
    snapshot = take_snapshot(store, APP)
    phases["pinned_assets"], pinned = measure_phase(
        store, "pinned assets", lambda: pinned_assets(store, snapshot), args.repeats
    )
    phases["plan"], plan = measure_phase(
        store, "plan", lambda: Planner(snapshot, pinned, Target()).build(), args.repeats
    )
    with tempfile.TemporaryDirectory(prefix="bench-restore-") as root:
        directories = iter(Path(root) / f"write-{i}" for i in range(args.repeats))
        phases["write"], _ = measure_phase(
            store,
            "write",
            lambda: write_plan_files(plan.files, next(directories), force=False),
            args.repeats,
        )
        phases["cli"] = cli_phase(snapshot.id, uri, Path(root), args.repeats)
        identical = read_files(Path(root) / "cli-0") == plan.files
    say("one more build under tracemalloc")
    result = {
        "snapshot": snapshot.id,
        "plan": plan_figures(pinned, plan),
        "phases": phases,
        "cli_files_identical_to_library": identical,
        "build_python_allocations_peak_mib": build_allocations(snapshot, pinned),
    }
    if args.profile:
        say("profiling one build")
        result["profile"] = profile_build(snapshot, pinned, args.profile)
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    account = RestoreAccount(args.resources, args.seed, args.app_size)
    load, revision = os.getloadavg(), git_revision()
    with bench_store(TimedStore, args.port, args.home, args.keep_server) as (store, server_info):
        measured = measure(store, account, server_info["uri"], args)
    phases = measured["phases"]
    figures = {"plan_s": phases["cli"]["p50"], "peak_rss_mib": phases["cli"]["peak_rss_mib"]["max"]}
    summary = {
        name: {key: phases[name][key] for key in ("p50", "max", "runs")}
        for name in ("pinned_assets", "plan", "write", "cli")
    }
    return {
        "resources": args.resources,
        "application": {"name": APP, "generated_members": sum(1 for _ in account.app_members())},
        "snapshot": measured["snapshot"],
        "plan": measured["plan"],
        "pinned_assets_s": summary["pinned_assets"],
        "plan_build_s": summary["plan"],
        "write_files_s": summary["write"],
        "cli_end_to_end_s": summary["cli"],
        "cli_peak_rss_mib": phases["cli"]["peak_rss_mib"],
        "cli_startup_s": phases["cli"]["startup_s"],
        "cli_files_identical_to_library": measured["cli_files_identical_to_library"],
        "build_python_allocations_peak_mib": measured["build_python_allocations_peak_mib"],
        "benchmark_process_peak_rss_mib": peak_rss_mib(),
        "targets": verdicts(figures, args.resources, args.app_size),
        "phases": {
            "first_ingest": phases["first_ingest"],
            "pinned_assets_queries": phases["pinned_assets"]["queries"],
        },
        **({"profile": measured["profile"]} if "profile" in measured else {}),
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
        description="Restore planning benchmark of an application's snapshot; "
        "prints one JSON document.",
    )
    add_application_arguments(parser, TARGET_RESOURCES, TARGET_APP_SIZE)
    parser.add_argument(
        "--profile", type=int, default=0, metavar="LINES", help="cProfile one build: top LINES"
    )
    add_server_arguments(parser, BENCH_PORT, BENCH_HOME)
    return parsed_application_args(parser)


if __name__ == "__main__":
    sys.exit(benchmark_main(parse_args, run))
