"""The runbook's gates (catalog/restore/runbook.py), evaluated once a stage is applied.

    evaluate(stage, plan, state, region, timeout_s=1800, account=None) -> list[GateResult]
    state_attributes(show_json) -> dict[str, dict[str, Any]]

`state` maps each resource address to its attributes, as `terraform show -json` gives
them (`state_attributes`). Each gate passes, fails, or cannot be verified from where the
drill runs (passed None, and why): a drill usually runs outside the restored VPC, and
an emulator's names do not resolve.
"""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import WaiterError

from catalog.aws.acm import CERTIFICATE
from catalog.aws.ecs import SERVICE
from catalog.aws.elbv2 import LOAD_BALANCER, TARGET_GROUP
from catalog.aws.iam import ROLE
from catalog.aws.session import GLOBAL_SERVICE_REGION, AwsAccount
from catalog.errors import CairnError
from catalog.restore.emit import Stage
from catalog.restore.waits import DATABASE_WAITERS, SERVICES_STABLE, Wait

CONNECT_TIMEOUT_S = 5.0
State = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class GateResult:
    name: str
    passed: bool | None  # None: could not be verified from where the drill runs
    detail: str
    seconds: float


def state_attributes(show_json: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each resource's attributes by address, from `terraform show -json` (modules too)."""
    found: dict[str, dict[str, Any]] = {}
    for module in _modules(show_json.get("values", {}).get("root_module", {})):
        for resource in module.get("resources", ()):
            found[resource["address"]] = resource.get("values") or {}
    return found


def _modules(module: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield module
    for child in module.get("child_modules", ()):
        yield from _modules(child)


@dataclass(frozen=True)
class _Stage:
    """One applied stage: its planned resources, the state and the AWS clients."""

    resources: list[Mapping[str, Any]]  # plan.json's, with their type and blocks
    state: State
    region: str
    account: AwsAccount
    timeout_s: float

    def of_type(self, resource_type: str) -> Iterator[Mapping[str, Any]]:
        """The attributes of the stage's applied resources of a CloudFormation type."""
        for resource in self.resources:
            if resource["type"] == resource_type and resource["address"] in self.state:
                yield self.state[resource["address"]]

    def blocks(self, terraform_type: str) -> Iterator[Mapping[str, Any]]:
        """The attributes of the stage's applied blocks of a Terraform type."""
        for resource in self.resources:
            for address in resource["blocks"]:
                if address.split(".")[0] == terraform_type and address in self.state:
                    yield self.state[address]

    def client(self, service: str, region: str | None = None) -> Any:
        return self.account.client(service, region or self.region)


Check = Callable[[_Stage], Iterator[tuple[str, bool | None, str]]]


def evaluate(
    stage: str,
    plan: Mapping[str, Any],
    state: State,
    region: str,
    timeout_s: float = 1800,
    account: AwsAccount | None = None,
) -> list[GateResult]:
    if stage == Stage.DNS.label:
        return [
            GateResult(
                "dns-cutover",
                None,
                "a drill does not cut DNS over (dns_cutover stays false): nothing to wait for",
                0.0,
            )
        ]
    if stage not in CHECKS:
        raise CairnError(f"no stage {stage!r} (one of {', '.join([*CHECKS, 'dns'])})")
    planned = [r for s in plan["stages"] if s["stage"] == stage for r in s["resources"]]
    context = _Stage(planned, state, region, account or AwsAccount.connect(), timeout_s)
    results = []
    for check in (_applied, *CHECKS[stage]):
        started = time.monotonic()
        for name, passed, detail in check(context):
            results.append(GateResult(name, passed, detail, round(time.monotonic() - started, 3)))
            started = time.monotonic()
    return results


def _applied(stage: _Stage) -> Iterator[tuple[str, bool | None, str]]:
    """Every block the plan writes for the stage is in the state (`terraform plan` would
    have nothing left to create)."""
    present = {address.split("[")[0] for address in stage.state}
    planned = [address for r in stage.resources for address in r["blocks"]]
    missing = [address for address in planned if address not in present]
    if missing:
        yield "applied", False, f"not in the state: {', '.join(missing)}"
    else:
        yield "applied", True, f"all {len(planned)} planned blocks are in the state"


def _roles(stage: _Stage) -> Iterator[tuple[str, bool | None, str]]:
    """Each role exists with its inline and attached policies."""
    iam = stage.client("iam", GLOBAL_SERVICE_REGION)
    inline = list(stage.blocks("aws_iam_role_policy"))
    attached = list(stage.blocks("aws_iam_role_policy_attachment"))
    for role in stage.of_type(ROLE):
        name = role["name"]
        wanted = sorted(b["name"] for b in inline if b["role"] == name)
        arns = sorted(b["policy_arn"] for b in attached if b["role"] == name)
        try:
            iam.get_role(RoleName=name)
        except iam.exceptions.NoSuchEntityException:
            yield f"role {name}", False, "the role does not exist"
            continue
        has = set(iam.list_role_policies(RoleName=name)["PolicyNames"])
        has_arns = {
            p["PolicyArn"]
            for p in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
        }
        lacking = [p for p in wanted if p not in has] + [a for a in arns if a not in has_arns]
        if lacking:
            yield f"role {name}", False, f"without its policies {', '.join(lacking)}"
        else:
            policies = ", ".join(wanted + arns) or "(none)"
            yield f"role {name}", True, f"exists with policies {policies}"


def _databases(stage: _Stage) -> Iterator[tuple[str, bool | None, str]]:
    """Each database is available (its waiter), then answers on its port."""
    for resource_type, database in DATABASE_WAITERS.items():
        for attributes in stage.of_type(resource_type):
            name = attributes[database.attribute]
            arguments = {database.parameter: name}
            yield _waited(f"{database.wait.waiter} {name}", database.wait, stage, arguments)
            endpoint = attributes[database.endpoint], int(attributes["port"])
            yield (f"database {name} answers", *answers(*endpoint))


def _services(stage: _Stage) -> Iterator[tuple[str, bool | None, str]]:
    for service in stage.of_type(SERVICE):
        cluster, name = service["cluster"], service["name"]
        arguments = {"cluster": cluster, "services": [name]}
        yield _waited(f"services_stable {name}", SERVICES_STABLE, stage, arguments)


def _traffic(stage: _Stage) -> Iterator[tuple[str, bool | None, str]]:
    elbv2 = stage.client("elbv2")
    for group in stage.of_type(TARGET_GROUP):
        health = elbv2.describe_target_health(TargetGroupArn=group["arn"])
        states = [t["TargetHealth"]["State"] for t in health["TargetHealthDescriptions"]]
        name = f"targets of {group['name']} healthy"
        if not states:
            yield name, None, "no target is registered yet (what registers them has not run)"
        elif all(state == "healthy" for state in states):
            yield name, True, f"{len(states)} healthy"
        else:
            yield name, False, f"states: {', '.join(sorted(states))}"
    for certificate in stage.of_type(CERTIFICATE):
        status = stage.client("acm").describe_certificate(CertificateArn=certificate["arn"])
        found = status["Certificate"]["Status"]
        name = f"certificate {certificate['domain_name']} issued"
        yield name, found == "ISSUED", f"status {found}"
    for balancer in stage.of_type(LOAD_BALANCER):
        yield (
            f"load balancer {balancer['name']} answers HTTP",
            *_http(balancer["dns_name"], internal=bool(balancer.get("internal"))),
        )


# Each stage's gates beyond its blocks being applied (the DNS stage: see `evaluate`).
CHECKS: dict[str, tuple[Check, ...]] = {
    Stage.NETWORK.label: (),
    Stage.IDENTITY.label: (_roles,),
    Stage.DATA.label: (_databases,),
    Stage.COMPUTE.label: (_services,),
    Stage.TRAFFIC.label: (_traffic,),
}


def _waited(
    name: str, wait: Wait, stage: _Stage, arguments: dict[str, Any]
) -> tuple[str, bool | None, str]:
    """Run a waiter, as the runbook's command says (lists given as their items)."""
    shown = {k: " ".join(v) if isinstance(v, list) else v for k, v in arguments.items()}
    command = wait.command(**shown)
    try:
        wait.run(stage.client(wait.service), stage.timeout_s, **arguments)
    except WaiterError as error:
        return name, False, f"{command}: {error}"
    return name, True, command


def answers(host: str, port: int) -> tuple[bool | None, str]:
    """Whether something accepts a TCP connection on host:port: None when the host does
    not resolve or cannot be reached from here (a drill usually runs outside the VPC)."""
    try:
        socket.getaddrinfo(host, port)
    except (socket.gaierror, UnicodeError) as error:
        return None, f"{host} does not resolve from here ({error})"
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S):
            return True, f"{host}:{port} accepts connections"
    except OSError as error:
        return None, f"{host}:{port} is not reachable from here ({error}); outside its VPC?"


def _http(host: str, internal: bool) -> tuple[bool | None, str]:
    """The load balancer answers HTTP on port 80 below 500 (a 502/503: no healthy target).
    Unresolvable (an emulator's names), or internal and unreachable from here: None."""
    reachable, detail = answers(host, 80)
    if not reachable:
        if (reachable is None and "does not resolve" in detail) or internal:
            return None, detail
        return False, detail
    connection = http.client.HTTPConnection(host, 80, timeout=CONNECT_TIMEOUT_S)
    try:
        connection.request("GET", "/")
        status = connection.getresponse().status
    except (OSError, http.client.HTTPException) as error:
        return False, f"http://{host}/ did not answer ({error})"
    finally:
        connection.close()
    return status < 500, f"http://{host}/ answered {status}"
