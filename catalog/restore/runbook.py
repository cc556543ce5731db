"""RUNBOOK.md and the outputs its gates read: executable steps, not prose.

Every stage is one `terraform apply -target=...` followed by a gate whose
commands read `terraform output`, so the runbook works on IDs that exist only
after the apply. Times and ordering come from the plan: same plan, same text.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from catalog.aws.acm import CERTIFICATE
from catalog.aws.ecs import CLUSTER, SERVICE
from catalog.aws.elbv2 import LOAD_BALANCER, TARGET_GROUP
from catalog.aws.lambda_ import FUNCTION
from catalog.aws.rds import DB_INSTANCE
from catalog.aws.registry import TERRAFORM_TYPES
from catalog.aws.route53 import RECORD_SET
from catalog.clock import format_time
from catalog.restore import markdown
from catalog.restore.emit import Stage
from catalog.restore.hcl import Block, Expr

if TYPE_CHECKING:
    from catalog.restore.planner import PlannedResource, RestorePlan

TEMPLATES = Path(__file__).parent / "templates"
TITLES = {
    Stage.NETWORK: "Network",
    Stage.IDENTITY: "Identity",
    Stage.DATA: "Data",
    Stage.COMPUTE: "Compute",
    Stage.TRAFFIC: "Traffic",
    Stage.DNS: "DNS cutover",
}


@dataclass(frozen=True)
class Output:
    """A value a gate needs: `terraform output -raw NAME`."""

    name: str
    expression: str
    description: str

    @property
    def shell(self) -> str:
        return f"$(terraform output -raw {self.name})"


@dataclass(frozen=True)
class StageStep:
    """One stage of the cutover: apply its addresses, then check its gate."""

    name: str
    title: str
    file: str
    resources: list[str]  # every resource block of the stage, to -target
    gate: str  # what must hold before the next stage starts

    @property
    def command(self) -> str:
        flags = [f"-target={address}" for address in self.resources]
        if self.name == "dns":
            flags.append("-var dns_cutover=true")  # records are written only on purpose
        return " \\\n  ".join(["terraform apply", *flags])


@dataclass(frozen=True)
class CertificateCheck:
    domain: str
    address: str
    arn: str  # `$(terraform output -raw ...)`: it exists only once applied
    validation: str


@dataclass(frozen=True)
class RecordCutover:
    """A DNS record the cutover moves: how long clients keep the old answer, and the
    value to point it back to on rollback."""

    name: str
    type: str
    ttl: int | None  # None: an alias
    wait: str
    previous: str
    alias: bool


@dataclass(frozen=True)
class PackageCheck:
    """A function's deployment package: the variable it is read from, and the hash the
    code that ran had (`CodeSha256`: base64 SHA-256 of the zip; an image's digest in hex)."""

    function: str
    variable: str
    sha256: str
    image: bool


@dataclass(frozen=True)
class Checklist:
    """The runbook's executable part, in order: what RUNBOOK.md renders as prose."""

    stages: list[StageStep]
    database: str  # how the data comes back, against the RPO; empty without a database
    certificates: list[CertificateCheck] = field(default_factory=list)
    records: list[RecordCutover] = field(default_factory=list)
    packages: list[PackageCheck] = field(default_factory=list)


def checklist(plan: RestorePlan) -> Checklist:
    # What the gates read once applied: `$(terraform output -raw ...)` by expression.
    values = {output.expression: output.shell for output in outputs(plan)}
    return Checklist(
        stages=_stages(plan, values),
        database=_database(plan, plan.snapshot.definition.get("rpo_minutes")),
        certificates=_certificates(plan, values),
        records=_records(plan),
        packages=_packages(plan),
    )


def outputs(plan: RestorePlan) -> list[Output]:
    found: list[Output] = []
    for resource in plan.resources:
        kind, label = resource.address.rsplit(".", 2)[-2:]
        for attribute, description in TERRAFORM_TYPES[resource.type].outputs:
            name = f"{kind.removeprefix('aws_')}_{label}_{attribute}"
            found.append(Output(name, f"{resource.address}.{attribute}", description))
    return found


def output_blocks(plan: RestorePlan) -> list[Block]:
    return [
        Block(
            "output",
            (output.name,),
            {"description": output.description, "value": Expr(output.expression)},
        )
        for output in outputs(plan)
    ]


def render_runbook(plan: RestorePlan) -> str:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML: the filters below escape it
    )
    # Whatever a user or the cloud wrote goes through one of these, never raw.
    environment.filters["md"] = markdown.text
    environment.filters["code"] = markdown.code
    return environment.get_template("RUNBOOK.md.j2").render(**_context(plan))


def _context(plan: RestorePlan) -> dict[str, Any]:
    definition = plan.snapshot.definition
    target_region = plan.target.region or plan.source_region
    steps = checklist(plan)
    return {
        "application": plan.snapshot.application,
        "snapshot": plan.snapshot.id,
        "snapshot_at": format_time(plan.snapshot.at),
        "source_region": plan.source_region,
        "target_region": target_region,
        "target_account": plan.target.account,
        "rto": _minutes(definition.get("rto_minutes"), "--rto"),
        "rpo": _minutes(definition.get("rpo_minutes"), "--rpo"),
        "contacts": definition.get("contacts") or {},
        "resource_count": len(plan.resources),
        "adopted": sum(len(r.imports) for r in plan.resources),
        "variables": [
            {**asdict(v), "default": None if v.default is None else json.dumps(v.default)}
            for v in plan.variables
        ],
        "not_restored": plan.not_restored,
        "database": steps.database,
        "certificates": steps.certificates,
        "stages": steps.stages,
        "records": steps.records,
        "packages": steps.packages,
    }


def _stages(plan: RestorePlan, values: dict[str, str]) -> list[StageStep]:
    stages = []
    for stage in Stage:
        members = [r for r in plan.resources if r.stage == stage]
        if members:
            stages.append(
                StageStep(
                    name=stage.name.lower(),
                    title=TITLES[stage],
                    file=stage.file,
                    resources=[a for r in members for a in _addresses(r)],
                    gate=GATES[stage](members, values),
                )
            )
    return stages


def _addresses(resource: PlannedResource) -> list[str]:
    """Every resource block of it (its rules, policies...), so -target applies them all."""
    return [b.address for b in resource.blocks if b.type == "resource"]


def _value(values: dict[str, str], resource: PlannedResource, attribute: str) -> str:
    return values.get(f"{resource.address}.{attribute}", "")


def _network_gate(members: list[PlannedResource], values: dict[str, str]) -> str:
    return (
        "`terraform plan` lists nothing left to create for these addresses; "
        "subnets, route tables and security group rules exist as planned."
    )


def _identity_gate(members: list[PlannedResource], values: dict[str, str]) -> str:
    return (
        "every role exists with its trust policy and its inline and attached policies "
        "(`aws iam list-role-policies --role-name NAME`)."
    )


def _data_gate(members: list[PlannedResource], values: dict[str, str]) -> str:
    waits = [
        f"`aws rds wait db-instance-available --db-instance-identifier "
        f"{_value(values, r, 'identifier')}`"
        for r in members
        if r.type == DB_INSTANCE
    ]
    checks = (
        "the database answers, its schema version matches the code about to run and no "
        "migration is half-applied"
    )
    return "; ".join([*waits, checks]) + "."


def _compute_gate(members: list[PlannedResource], values: dict[str, str]) -> str:
    clusters = [r for r in members if r.type == CLUSTER]
    services = [r for r in members if r.type == SERVICE]
    waits = [
        f"`aws ecs wait services-stable --cluster {_value(values, clusters[0], 'name')} "
        f"--services {_value(values, service, 'name')}`"
        for service in services
        if clusters
    ]
    return "; ".join([*waits, "workers run and consume their queues without reprocessing"]) + "."


def _traffic_gate(members: list[PlannedResource], values: dict[str, str]) -> str:
    health = [
        f"`aws elbv2 describe-target-health --target-group-arn {_value(values, r, 'arn')} "
        "--query 'TargetHealthDescriptions[].TargetHealth.State'` shows only healthy"
        for r in members
        if r.type == TARGET_GROUP
    ]
    answers = [
        f"`curl -fsS -o /dev/null -w '%{{http_code}}' http://{_value(values, r, 'dns_name')}/` "
        "answers"
        for r in members
        if r.type == LOAD_BALANCER
    ]
    return "; ".join([*health, *answers, "certificates are issued"]) + "."


def _dns_gate(members: list[PlannedResource], values: dict[str, str]) -> str:
    return "resolvers return the new addresses (`dig +short NAME`) once the TTLs below have passed."


GATES = {
    Stage.NETWORK: _network_gate,
    Stage.IDENTITY: _identity_gate,
    Stage.DATA: _data_gate,
    Stage.COMPUTE: _compute_gate,
    Stage.TRAFFIC: _traffic_gate,
    Stage.DNS: _dns_gate,
}


def _database(plan: RestorePlan, rpo: int | None) -> str:
    databases = [r for r in plan.resources if r.type == DB_INSTANCE]
    if not databases:
        return ""
    objective = f"the RPO of {rpo} minutes" if rpo is not None else "an RPO (none is set)"
    if plan.target.region in (None, plan.source_region):
        return (
            "Restored to the latest restorable time of the source instance's automated "
            "backups (point-in-time recovery, typically within 5 minutes of the failure), "
            f"which meets {objective} as long as those backups survive. Check the restore "
            "time after the data stage: `aws rds describe-db-instances --query "
            "'DBInstances[0].LatestRestorableTime'` on the source."
        )
    return (
        "Restored from a snapshot copied into the target region (`*_snapshot_identifier` "
        "variables): the data lost is everything after that copy. To meet "
        f"{objective}, copy snapshots at least that often, or enable cross-region "
        "automated backups and restore to a point in time instead."
    )


def _certificates(plan: RestorePlan, values: dict[str, str]) -> list[CertificateCheck]:
    found = []
    for resource in plan.resources:
        if resource.type != CERTIFICATE:
            continue
        properties = plan.properties(resource.uid)
        found.append(
            CertificateCheck(
                domain=properties.get("DomainName", ""),
                address=resource.address,
                arn=_value(values, resource, "arn"),
                validation="DNS records in the domain's zone"
                if resource.blocks[0].attributes.get("validation_method") == "DNS"
                else "email to the domain's contacts",
            )
        )
    return found


def _records(plan: RestorePlan) -> list[RecordCutover]:
    found = []
    for resource in plan.resources:
        if resource.type != RECORD_SET:
            continue
        properties = plan.properties(resource.uid)
        ttl = properties.get("TTL")
        alias = properties.get("AliasTarget") or {}
        found.append(
            RecordCutover(
                name=properties["Name"].rstrip("."),
                type=properties["Type"],
                ttl=ttl,
                wait=_duration(ttl) if ttl else "",
                previous=alias.get("DNSName") or ", ".join(properties.get("ResourceRecords") or ()),
                alias=bool(alias),
            )
        )
    return found


VARIABLE = re.compile(r"\bvar\.(\w+)")


def _artifacts(plan: RestorePlan, block: Block) -> list[str]:
    """The artifact variables a block reads (a package, an image URI)."""
    artifacts = {v.name for v in plan.variables if v.purpose == "artifact"}
    texts = [value.text for value in block.attributes.values() if isinstance(value, Expr)]
    return sorted({name for text in texts for name in VARIABLE.findall(text)} & artifacts)


def _packages(plan: RestorePlan) -> list[PackageCheck]:
    found = []
    for resource in plan.resources:
        if resource.type != FUNCTION:
            continue
        properties = plan.properties(resource.uid)
        for variable in _artifacts(plan, resource.blocks[0]):
            found.append(
                PackageCheck(
                    function=properties["FunctionName"],
                    variable=variable,
                    sha256=properties.get("CodeSha256", ""),
                    image=properties.get("PackageType") == "Image",
                )
            )
    return found


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    if seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} seconds"


def _minutes(value: int | None, option: str) -> str:
    if value is None:
        return f"not set (`cairn app create ... {option} MINUTES`)"
    return f"{value} minutes"
