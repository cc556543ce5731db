"""GraphQL API benchmark over HTTP (issue 5's target; issue 13's concurrent ImpactCheck).

Usage (from the repository root):

    .venv/bin/python benchmarks/api.py --resources 100000 > api.json

Ingests the synthetic account of benchmarks/ingest.py (seeded, N resources,
about 3 references each) into an emptied graph, and beside it `cairn demo`'s
SaaS application, built in a moto server of its own and crawled. Then, once per
--workers value, it runs `cairn serve --workers N` on 127.0.0.1 in a separate
process, behind a reader token from CAIRN_API_TOKENS. Against each server it
measures, through HTTP with `Authorization: Bearer ...` like a portal:

  1. after a warm-up pass on other resources (reported apart),
     `impact(uid, maxDepth: 6)` through the portal's ImpactCheck operation
     (counts, and the first page of 25 dependents with their paths), on
     security groups, roles and subnets that something refers to; again with
     a page of 100, and with the counts only;
  2. `resource(uid) { uid type name tags }` on random uids;
  3. a load generator (threads, one keep-alive connection each) sending that
     simple query for --load-seconds: requests per second and errors;
  4. the same load generator with --concurrent-clients sending ImpactCheck at
     maxDepth 5 on the demo's VPC for --concurrent-seconds: requests per second,
     latency percentiles up to p99, and errors.

Exactly one JSON document goes to stdout; progress goes to stderr. The JSON
holds the sizes, the figures per worker count, the CPU time each process used
under load, the concurrent ImpactCheck figures side by side per worker count,
and the targets for N=100,000 on 2 cores with which were met.

Neo4j: as benchmarks/ingest.py, but our own server listens on port 7692 with
data under .cairn/bench-api; the API server's log (uvicorn.log) goes there too.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import REPO, add_server_arguments, bench_store, checked, environment, git_revision, say
from common import main as benchmark_main
from ingest import ROLE, SG, SUBNET, SyntheticAccount, TimedStore, crawl, resource_uid

from catalog.aws.crawler import crawl as crawl_aws
from catalog.aws.crawler import select_types
from catalog.aws.ec2 import VPC
from catalog.aws.session import AwsAccount
from catalog.demo.local_aws import local_aws
from catalog.demo.stack import saas
from catalog.errors import CairnError
from catalog.graph.store import GraphStore
from catalog.neo4j_local import LocalNeo4j

BENCH_HOME = REPO / ".cairn" / "bench-api"
BENCH_PORT = 7692
TARGET_RESOURCES = 100_000
# name: (target, "max" if the measured figure must not exceed it, "min" if not fall below)
TARGETS = {
    "impact_depth6_p95_ms": (50.0, "max"),
    "resource_p95_ms": (10.0, "max"),
    "load_requests_per_s": (300.0, "min"),
    "load_errors": (0, "max"),
}
IMPACT_TYPES = {"security_group": SG, "role": ROLE, "subnet": SUBNET}
SERVER_START_TIMEOUT_S = 60.0
CAIRN_CLI = "import sys; from catalog.cli import main; sys.exit(main())"

# The portal's own impact check (graphql/operations): every dependent with its path,
# region and tags. IMPACT_COUNTS asks only for the totals, so the difference between
# the two is the cost of producing the list, not of the walk.
IMPACT_OPERATION = REPO / "graphql" / "operations" / "ImpactCheck.graphql"
IMPACT_COUNTS_QUERY = """
query ImpactCounts($uid: ID!, $maxDepth: Int!) {
  impact(uid: $uid, maxDepth: $maxDepth) { count byType { type count } }
}
"""
# The portal's query again with a larger first page than its default (25): what the
# size of the page costs, for choosing a portal's default.
LARGER_IMPACT_PAGE = 100
# Upper bounds of the dependents-count buckets latencies are also reported by.
DEPENDENT_BUCKETS = (10, 100, 1000)
RESOURCE_QUERY = """
query Resource($uid: ID!) {
  resource(uid: $uid) { uid type name tags }
}
"""


# -- the server ----------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    token: str | None  # None: a server that lets anonymous readers in
    pid: int


def free_port() -> int:
    # An ephemeral port the kernel hands out: never one of the fixed Neo4j ports.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def api_server(
    neo4j_uri: str, workers: int, log: Path, anonymous: bool = False
) -> Iterator[Server]:
    """`cairn serve --workers N` in a process of its own (its own GIL), stopped after: what
    a deployment runs, the console script included. `anonymous`: with `--anonymous reader`,
    for a browser that has no token (the server's `token` is then None)."""
    token = secrets.token_urlsafe(24)
    port = free_port()
    env = {**os.environ, "NEO4J_URI": neo4j_uri, "CAIRN_API_TOKENS": f"reader:{token}"}
    command = [
        sys.executable, "-c", CAIRN_CLI, "serve",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        *(["--anonymous", "reader"] if anonymous else []),
    ]  # fmt: skip
    say(f"starting cairn serve with {workers} worker(s) on 127.0.0.1:{port}")
    with log.open("ab") as log_file:
        process = subprocess.Popen(
            command, env=env, stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file
        )
    try:
        wait_until_healthy(process, port)
        yield Server("127.0.0.1", port, None if anonymous else token, process.pid)
    finally:
        stop(process)


class ServerFailed(CairnError):
    """The API server did not come up."""


def wait_until_healthy(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerFailed(f"cairn serve exited with {process.returncode}; see its log")
        if healthy(port):
            return
        time.sleep(0.2)
    raise ServerFailed(f"cairn serve did not answer /healthz within {SERVER_START_TIMEOUT_S} s")


def healthy(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False  # not listening yet
    finally:
        connection.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets uvicorn (in cairn serve) stop its workers and close the Neo4j drivers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cpu_seconds(root: int) -> float:
    """User + system CPU of a process and its live descendants (uvicorn's workers)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, ...
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    tree, grew = {root}, True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        grew = bool(children)
    return sum(times.get(pid, 0.0) for pid in tree)


# -- the client ----------------------------------------------------------------


@dataclass
class Answer:
    status: int
    data: dict[str, Any] | None
    errors: list[Any] | None
    size: int


class Client:
    """One keep-alive HTTP/1.1 connection posting GraphQL with the bearer token."""

    def __init__(self, server: Server) -> None:
        self._connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
        self._headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if server.token is not None:
            self._headers["Authorization"] = f"Bearer {server.token}"

    def post(self, query: str, variables: dict[str, Any]) -> Answer:
        body = json.dumps({"query": query, "variables": variables})
        try:
            self._connection.request("POST", "/graphql", body, self._headers)
            response = self._connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self._connection.close()  # the next request reconnects
            raise
        document = json.loads(payload) if payload else {}
        return Answer(response.status, document.get("data"), document.get("errors"), len(payload))

    def close(self) -> None:
        self._connection.close()


def succeeded(answer: Answer, field_name: str) -> bool:
    return answer.status == 200 and not answer.errors and bool((answer.data or {}).get(field_name))


def percentiles(durations_ms: list[float]) -> dict[str, Any]:
    if len(durations_ms) < 2:
        durations_ms = durations_ms * 2 or [0.0, 0.0]  # quantiles needs two points
    cuts = statistics.quantiles(durations_ms, n=100, method="inclusive")
    return {
        "p50": round(cuts[49], 2),
        "p95": round(cuts[94], 2),
        "p99": round(cuts[98], 2),
        "max": round(max(durations_ms), 2),
        "samples": len(durations_ms),
    }


def distribution(values: list[int]) -> dict[str, Any] | None:
    if not values:
        return None
    ordered = sorted(values)
    return {
        "min": ordered[0],
        "p50": ordered[len(ordered) // 2],
        "max": ordered[-1],
        "mean": round(statistics.fmean(ordered), 1),
    }


def timed(client: Client, query: str, variables: dict[str, Any]) -> tuple[float, Answer]:
    start = time.perf_counter()
    answer = client.post(query, variables)
    return (time.perf_counter() - start) * 1000, answer


# -- the measurements ----------------------------------------------------------


def impact_sample(
    store: GraphStore, account: SyntheticAccount, per_type: int, seed: int
) -> dict[str, list[str]]:
    """Per kind, random resources of its type that at least one resource refers to now:
    what someone about to change a security group, role or subnet would look up."""
    rng = random.Random(f"{seed}/impact")
    sample: dict[str, list[str]] = {}
    for kind, type_name in IMPACT_TYPES.items():
        candidates = [
            resource_uid(s.type, s.region, k) for s in account.slices if s.type == type_name
            for k in range(s.count)
        ]  # fmt: skip
        rng.shuffle(candidates)
        referenced = set(referenced_uids(store, candidates[: per_type * 4]))
        sample[kind] = [uid for uid in candidates if uid in referenced][:per_type]
    return sample


def referenced_uids(store: GraphStore, uids: list[str]) -> list[str]:
    with store.driver.session(database=store.database) as session:
        rows = session.run(
            "UNWIND $uids AS uid MATCH (:Resource {uid: uid})<-[:REFERS]-() RETURN DISTINCT uid",
            uids=uids,
        )
        return [row["uid"] for row in rows]


@dataclass(frozen=True)
class ImpactRead:
    kind: str
    ms: float
    dependents: int | None  # None: the request failed
    size: int


def measure_impact(
    server: Server, query: str, sample: dict[str, list[str]], variables: dict[str, Any]
) -> dict[str, Any]:
    """Sequential impact queries on one connection: latency and what they found, per kind
    and per number of dependents."""
    client = Client(server)
    for uids in sample.values():  # warm the code paths and Neo4j's plans
        client.post(query, {"uid": uids[0], **variables})
    reads = []
    for kind, uids in sample.items():
        for uid in uids:
            ms, answer = timed(client, query, {"uid": uid, **variables})
            found = answer.data["impact"]["count"] if succeeded(answer, "impact") else None  # type: ignore[index]
            reads.append(ImpactRead(kind, ms, found, answer.size))
    client.close()
    figures = {
        "all": percentiles([read.ms for read in reads]),
        "failures": sum(read.dependents is None for read in reads),
        "by_kind": {kind: impact_figures([r for r in reads if r.kind == kind]) for kind in sample},
        "by_dependents": by_dependents(reads),
    }
    say(f"  impact: {figures['all']}")
    return figures


def impact_figures(reads: list[ImpactRead]) -> dict[str, Any]:
    return {
        "latency_ms": percentiles([read.ms for read in reads]),
        "dependents_at_depth": distribution(
            [r.dependents for r in reads if r.dependents is not None]
        ),
        "response_bytes": distribution([read.size for read in reads]),
    }


def by_dependents(reads: list[ImpactRead]) -> dict[str, Any]:
    """Latency per bucket of dependents found: what a small and a huge impact cost."""
    buckets: dict[str, Any] = {}
    lower = 0
    for upper in (*DEPENDENT_BUCKETS, None):
        inside = [
            read for read in reads
            if read.dependents is not None and read.dependents > lower
            and (upper is None or read.dependents <= upper)
        ]  # fmt: skip
        name = f"{lower + 1}-{upper}" if upper else f"over_{lower}"
        if inside:
            buckets[name] = percentiles([read.ms for read in inside])
        lower = upper or lower
    return buckets


def measure_resource(server: Server, uids: list[str], warmup: int) -> dict[str, Any]:
    client = Client(server)
    for uid in uids[:warmup]:
        client.post(RESOURCE_QUERY, {"uid": uid})
    durations, failures = [], 0
    for uid in uids[warmup:]:
        ms, answer = timed(client, RESOURCE_QUERY, {"uid": uid})
        durations.append(ms)
        failures += not succeeded(answer, "resource")
    client.close()
    figures = {**percentiles(durations), "failures": failures}
    say(f"  resource(uid): {figures}")
    return figures


@dataclass
class LoadTally:
    """One load thread's count, kept apart so threads never contend on a lock."""

    ok: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    durations_ms: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Workload:
    """What `clients` threads send back to back: one query, each thread cycling through its
    share of `variables`, for `warmup` seconds not counted and then `seconds` counted."""

    name: str
    query: str
    answer_field: str  # null in the answer counts as an error
    variables: list[dict[str, Any]]
    clients: int
    seconds: float
    warmup: float

    def share(self, client: int) -> list[dict[str, Any]]:
        return self.variables[client :: self.clients]


def load_worker(
    server: Server, workload: Workload, share: list[dict[str, Any]],
    window: tuple[float, float], tally: LoadTally,
) -> None:  # fmt: skip
    """Send the workload's query back to back until the window ends; count what ended
    inside it."""
    client, (counted_from, until), position = Client(server), window, 0
    while (now := time.perf_counter()) < until:
        variables, position = share[position % len(share)], position + 1
        try:
            answer = client.post(workload.query, variables)
            ok, reason = succeeded(answer, workload.answer_field), f"HTTP {answer.status}"
        except (OSError, http.client.HTTPException, ValueError) as error:
            ok, reason = False, type(error).__name__
        end = time.perf_counter()
        if now < counted_from or end > until:
            continue  # warm-up, or overran the window
        if ok:
            tally.ok += 1
            tally.durations_ms.append((end - now) * 1000)
        else:
            tally.errors[reason] += 1
    client.close()


def generate_load(server: Server, workload: Workload, neo4j_pid: int | None) -> dict[str, Any]:
    """The workload's threads for warmup + seconds; rate over the measured part. Bounded:
    each thread stops at the window's end, after at most one request's timeout."""
    say(f"  {workload.name}: {workload.clients} clients for {workload.seconds} s")
    start = time.perf_counter() + 0.5  # give every thread time to be created
    window = (start + workload.warmup, start + workload.warmup + workload.seconds)
    tallies = [LoadTally() for _ in range(workload.clients)]
    threads = [
        threading.Thread(
            target=load_worker, args=(server, workload, workload.share(i), window, tally)
        )
        for i, tally in enumerate(tallies)
    ]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, window[0] - time.perf_counter()))
    cpu_before = process_cpu(server.pid, neo4j_pid)
    for thread in threads:
        thread.join()
    cpu = {
        name: round((after - cpu_before[name]) / workload.seconds, 2)
        for name, after in process_cpu(server.pid, neo4j_pid).items()
    }
    ok = sum(t.ok for t in tallies)
    errors = sum((t.errors for t in tallies), Counter[str]())
    figures: dict[str, Any] = {
        "clients": workload.clients,
        "seconds": workload.seconds,
        "requests_per_s": round(ok / workload.seconds, 1),
        "ok": ok,
        "errors": sum(errors.values()),
        "errors_by_reason": dict(errors),
        "latency_ms": percentiles([d for t in tallies for d in t.durations_ms]),
        "cpu_cores_used": cpu,
    }
    say(
        f"  {workload.name}: {figures['requests_per_s']} requests/s, p99 "
        f"{figures['latency_ms']['p99']} ms, {figures['errors']} errors, cpu {cpu}"
    )
    return figures


def process_cpu(server_pid: int, neo4j_pid: int | None) -> dict[str, float]:
    """CPU seconds so far of uvicorn (with its workers), Neo4j and this load generator."""
    times = os.times()
    used = {"uvicorn": cpu_seconds(server_pid), "load_generator": times.user + times.system}
    if neo4j_pid is not None:
        used["neo4j"] = cpu_seconds(neo4j_pid)
    return used


@dataclass(frozen=True)
class Inputs:
    """What the requests ask about: resources to ask the impact of (first `impact_warmup`,
    unmeasured, then `impact_measured`), the uids of resource(uid), and the demo's VPC."""

    impact_warmup: dict[str, list[str]]
    impact_measured: dict[str, list[str]]
    uids: list[str]
    demo_vpc: str


def measure_server(
    neo4j: dict[str, Any], workers: int, inputs: Inputs, args: argparse.Namespace
) -> dict[str, Any]:
    portal_query = IMPACT_OPERATION.read_text(encoding="utf-8")
    sample = inputs.impact_measured
    with api_server(neo4j["uri"], workers, args.home / "uvicorn.log") as server:
        depth = {"maxDepth": args.depth}
        warmup = measure_impact(server, portal_query, inputs.impact_warmup, depth)
        impact = measure_impact(server, portal_query, sample, depth)
        larger_page = measure_impact(
            server, portal_query, sample, {**depth, "first": LARGER_IMPACT_PAGE}
        )
        counts = measure_impact(server, IMPACT_COUNTS_QUERY, sample, depth)
        single = measure_resource(server, inputs.uids[: args.resource_samples + 20], warmup=20)
        load = generate_load(server, resource_load(inputs.uids, args), neo4j.get("pid"))
        concurrent = measure_concurrent_impact(
            server, impact_load(portal_query, inputs.demo_vpc, args), neo4j.get("pid")
        )
    figures = {
        "impact_depth6_p95_ms": impact["all"]["p95"],
        "resource_p95_ms": single["p95"],
        "load_requests_per_s": load["requests_per_s"],
        "load_errors": load["errors"],
    }
    return {
        "workers": workers,
        "impact_warmup_ms": warmup,
        "impact_ms": impact,
        f"impact_first_{LARGER_IMPACT_PAGE}_ms": larger_page,
        "impact_counts_only_ms": counts,
        "resource_ms": single,
        "load": load,
        "impact_concurrent": concurrent,
        "targets": verdicts(figures, args.resources),
    }


def resource_load(uids: list[str], args: argparse.Namespace) -> Workload:
    """--clients sending resource(uid), each over its own share of the random uids."""
    return Workload(
        name="load",
        query=RESOURCE_QUERY,
        answer_field="resource",
        variables=[{"uid": uid} for uid in uids],
        clients=args.clients,
        seconds=args.load_seconds,
        warmup=args.load_warmup,
    )


def impact_load(portal_query: str, demo_vpc: str, args: argparse.Namespace) -> Workload:
    """--concurrent-clients sending the portal's ImpactCheck on the demo's VPC: the load
    issue 13's probe put on one worker."""
    variables = {"uid": demo_vpc, "maxDepth": args.concurrent_depth}
    return Workload(
        name="impact_concurrent",
        query=portal_query,
        answer_field="impact",
        variables=[variables] * args.concurrent_clients,
        clients=args.concurrent_clients,
        seconds=args.concurrent_seconds,
        warmup=args.load_warmup,
    )


def measure_concurrent_impact(
    server: Server, workload: Workload, neo4j_pid: int | None
) -> dict[str, Any]:
    """The load, after one request alone that says how many dependents each answer holds."""
    client = Client(server)
    answer = client.post(workload.query, workload.variables[0])
    client.close()
    found = answer.data["impact"]["count"] if succeeded(answer, "impact") else None  # type: ignore[index]
    load = generate_load(server, workload, neo4j_pid)
    return {"dependents": found, **load}


def crawl_demo_stack(store: GraphStore) -> str:
    """`cairn demo`'s SaaS application, built in a moto of our own and crawled beside the
    synthetic account (moto's account id is another): returns its VPC's uid."""
    say("building and crawling the demo's SaaS application in moto")
    with local_aws():
        application = saas.build_application()
        account = AwsAccount.connect()
        crawl_aws(store, account, [saas.REGION], select_types())
    return f"aws:{account.account_id}:{saas.REGION}:{VPC}:{application.network.vpc}"


def concurrency_summary(
    runs: dict[str, dict[str, Any]], demo_vpc: str, args: argparse.Namespace
) -> dict[str, Any]:
    """ImpactCheck under concurrent clients, the worker counts side by side."""
    return {
        "operation": str(IMPACT_OPERATION.relative_to(REPO)),
        "uid": demo_vpc,
        "max_depth": args.concurrent_depth,
        "clients": args.concurrent_clients,
        "seconds": args.concurrent_seconds,
        "by_workers": {
            name: concurrency_figures(run["impact_concurrent"]) for name, run in runs.items()
        },
    }


def concurrency_figures(measured: dict[str, Any]) -> dict[str, Any]:
    latency = measured["latency_ms"]
    return {
        "requests_per_s": measured["requests_per_s"],
        "p50_ms": latency["p50"],
        "p95_ms": latency["p95"],
        "p99_ms": latency["p99"],
        "errors": measured["errors"],
        "server_cores_used": measured["cpu_cores_used"]["uvicorn"],
    }


def verdicts(figures: dict[str, float], resources: int) -> dict[str, Any]:
    return {
        "for_resources": TARGET_RESOURCES,
        "cores": 2,
        "applicable": resources == TARGET_RESOURCES,
        **checked(figures, TARGETS),
    }


# -- the benchmark -------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    account = SyntheticAccount(args.resources, args.seed)
    load, revision = os.getloadavg(), git_revision()
    rng = random.Random(f"{args.seed}/api")
    uids = [account.uid(rng.randrange(account.size)) for _ in range(20_000)]
    args.home.mkdir(parents=True, exist_ok=True)  # uvicorn's log goes there
    with bench_store(TimedStore, args.port, args.home, args.keep_server) as (store, neo4j):
        ingest, _ = crawl(store, account, "ingest")
        # Twice the sample, split: the first requests a fresh server answers warm its
        # code paths, plans and page cache, and are reported apart, on other resources.
        drawn = impact_sample(store, account, 2 * args.impact_samples, args.seed)
        warmup = {kind: found[::2] for kind, found in drawn.items()}
        sample = {kind: found[1::2] for kind, found in drawn.items()}
        demo_vpc = crawl_demo_stack(store)
        if neo4j["own_server"]:
            neo4j["pid"] = LocalNeo4j(home=args.home, port=args.port).status().pid
        runs = {}
        for workers in args.workers:
            say(f"measuring with {workers} worker(s)")
            runs[f"workers_{workers}"] = measure_server(
                neo4j, workers, Inputs(warmup, sample, uids, demo_vpc), args
            )
    return {
        "resources": args.resources,
        "ingest_s": ingest["seconds"],
        "impact_sample": {kind: len(found) for kind, found in sample.items()},
        "impact_depth": args.depth,
        "queries": {
            "impact": str(IMPACT_OPERATION.relative_to(REPO)),
            "impact_counts_only": IMPACT_COUNTS_QUERY.strip(),
            "resource": RESOURCE_QUERY.strip(),
        },
        "runs": runs,
        "impact_concurrent": concurrency_summary(runs, demo_vpc, args),
        "targets_met_by": [name for name, r in runs.items() if not r["targets"]["missed"]],
        "environment": environment(
            load,
            revision,
            neo4j,
            python=sys.version.split()[0],
            server="cairn serve --workers N (uvicorn, h11, asyncio) on 127.0.0.1",
            client="http.client keep-alive connections, one thread each",
            seed=args.seed,
        ),
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="GraphQL API benchmark over HTTP; prints one JSON document.",
    )
    parser.add_argument("--resources", type=int, default=TARGET_RESOURCES, help="N")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--depth", type=int, default=6, help="maxDepth of impact")
    parser.add_argument("--impact-samples", type=int, default=60, help="per resource kind")
    parser.add_argument("--resource-samples", type=int, default=1000, help="resource(uid) reads")
    parser.add_argument("--clients", type=int, default=32, help="concurrent load connections")
    parser.add_argument("--load-seconds", type=float, default=20.0)
    parser.add_argument("--load-warmup", type=float, default=2.0, help="seconds not counted")
    parser.add_argument(
        "--concurrent-clients", type=int, default=16, help="clients of the ImpactCheck load"
    )
    parser.add_argument("--concurrent-seconds", type=float, default=20.0)
    parser.add_argument(
        "--concurrent-depth", type=int, default=5, help="maxDepth of the ImpactCheck load"
    )
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2],
        help="cairn serve --workers values to measure (default: 1, and 2 for 2 cores)",
    )  # fmt: skip
    add_server_arguments(parser, BENCH_PORT, BENCH_HOME)
    args = parser.parse_args()
    if args.resources < 1:
        parser.error("--resources must be at least 1")
    if min(args.clients, args.concurrent_clients, *args.workers) < 1:
        parser.error("--clients, --concurrent-clients and --workers must be at least 1")
    if min(args.load_seconds, args.concurrent_seconds) <= 0:
        parser.error("--load-seconds and --concurrent-seconds must be positive")
    return args


if __name__ == "__main__":
    sys.exit(benchmark_main(parse_args, run))
