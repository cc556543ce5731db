"""RUNBOOK.md and the outputs its gates read: executable steps, not prose.

Every stage is one `terraform apply -target=...` followed by a gate whose
commands read `terraform output`, so the runbook works on IDs that exist only
after the apply. Times and ordering come from the plan: same plan, same text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from catalog.aws.acm import CERTIFICATE
from catalog.aws.dynamodb import TABLE
from catalog.aws.ec2 import INSTANCE, LAUNCH_TEMPLATE
from catalog.aws.ecr import REPOSITORY
from catalog.aws.ecs import CLUSTER, SERVICE
from catalog.aws.elbv2 import LOAD_BALANCER, TARGET_GROUP
from catalog.aws.kms import KEY
from catalog.aws.lambda_ import FUNCTION
from catalog.aws.registry import TERRAFORM_TYPES
from catalog.aws.route53 import RECORD_SET
from catalog.clock import format_time
from catalog.restore import markdown
from catalog.restore.emit import Purpose, Stage
from catalog.restore.hcl import Block, Expr
from catalog.restore.restore_point import Method
from catalog.restore.waits import DATABASE_WAITERS, SERVICES_STABLE

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
class ManualStep:
    """What Terraform cannot bring back for one restored resource: what it holds (images,
    data encrypted by a key), copied by hand between the data and compute stages."""

    title: str
    why: str
    commands: list[str]


@dataclass(frozen=True)
class Checklist:
    """The runbook's executable part, in order: what RUNBOOK.md renders as prose."""

    stages: list[StageStep]
    database: str  # how the data comes back, against the RPO; empty without a database
    certificates: list[CertificateCheck] = field(default_factory=list)
    records: list[RecordCutover] = field(default_factory=list)
    manual: list[ManualStep] = field(default_factory=list)


def checklist(plan: RestorePlan) -> Checklist:
    # What the gates read once applied: `$(terraform output -raw ...)` by expression.
    values = {output.expression: output.shell for output in outputs(plan)}
    return Checklist(
        stages=_stages(plan, values),
        database=_database(plan, plan.snapshot.definition.get("rpo_minutes")),
        certificates=_certificates(plan, values),
        records=_records(plan),
        manual=_manual(plan, values),
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
        "renamed": plan.renamed,
        "suffix": plan.target.suffix,
        "database": steps.database,
        "restore_points": plan.restore_points,
        "certificates": steps.certificates,
        "stages": steps.stages,
        "records": steps.records,
        "manual": steps.manual,
    }


def _stages(plan: RestorePlan, values: dict[str, str]) -> list[StageStep]:
    stages = []
    for stage in Stage:
        members = [r for r in plan.resources if r.stage == stage]
        if members:
            stages.append(
                StageStep(
                    name=stage.label,
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
        f"`{database.wait.command(**{database.parameter: _value(values, r, database.attribute)})}`"
        for r in members
        if r.type in DATABASE_WAITERS
        for database in [DATABASE_WAITERS[r.type]]
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
        "`"
        + SERVICES_STABLE.command(
            cluster=_value(values, clusters[0], "name"), services=_value(values, service, "name")
        )
        + "`"
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


# The Terraform types restored from backups (a cluster's member instance holds no data):
# what the source is, and how to read its latest restorable time.
RESTORED_FROM_BACKUPS = {
    "aws_db_instance": (
        "instance's",
        "`aws rds describe-db-instances --query 'DBInstances[0].LatestRestorableTime'`",
    ),
    "aws_rds_cluster": (
        "cluster's",
        "`aws rds describe-db-clusters --query 'DBClusters[0].LatestRestorableTime'`",
    ),
}


def _database(plan: RestorePlan, rpo: int | None) -> str:
    """How the data comes back: databases from their backups, tables from their PITR."""
    return "\n\n".join(text for text in (_databases(plan, rpo), _tables(plan)) if text)


def _tables(plan: RestorePlan) -> str:
    tables = [r for r in plan.resources if r.type == TABLE and not r.imports]
    if not tables:
        return ""
    recovering = [
        r.address
        for r in tables
        if plan.properties(r.uid)["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
    ]
    empty = [r.address for r in tables if r.address not in recovering]
    text = []
    if recovering:
        text.append(
            f"DynamoDB tables {_listed(recovering)} are restored from the source's point-in-time "
            "recovery at its latest restorable time (typically within 5 minutes of the "
            "failure; `*_restore_source*` variables). Across regions DynamoDB reads the "
            "source region's backups: if that region does not answer, set the variable to "
            "null and import the items from an AWS Backup copy or an S3 export "
            "(`aws dynamodb import-table`)."
        )
    if empty:
        text.append(
            f"DynamoDB tables {_listed(empty)} had no point-in-time recovery: they come back "
            "empty, their items from a backup if one exists."
        )
    return " ".join(text)


def _listed(addresses: list[str]) -> str:
    return ", ".join(f"`{address}`" for address in addresses)


def _databases(plan: RestorePlan, rpo: int | None) -> str:
    kinds = sorted({r.address.split(".")[0] for r in plan.resources} & RESTORED_FROM_BACKUPS.keys())
    if not kinds:
        return ""
    objective = f"the RPO of {rpo} minutes" if rpo is not None else "an RPO (none is set)"
    if plan.target.region in (None, plan.source_region):
        source = " or ".join(RESTORED_FROM_BACKUPS[kind][0] for kind in kinds)
        checks = " or ".join(RESTORED_FROM_BACKUPS[kind][1] for kind in kinds)
        return (
            f"Restored to the latest restorable time of the source {source} automated "
            "backups (point-in-time recovery, typically within 5 minutes of the failure), "
            f"which meets {objective} as long as those backups survive. Check the restore "
            f"time after the data stage: {checks} on the source."
        )
    methods = {point.address: point.method for point in plan.restore_points}
    copied = [address for address, method in methods.items() if method == Method.SNAPSHOT_COPY]
    replicated = [a for a, method in methods.items() if method == Method.POINT_IN_TIME]
    text = []
    if replicated:
        text.append(
            f"{_listed(replicated)} are restored from their automated backups replicated into "
            "the target region, to the snapshot's time (`*_restore_time` variables, which may "
            "move it up to the latest restorable time)."
        )
    if copied:
        clusters = (
            " Clusters have no cross-region automated backups: copy their snapshots "
            "(`aws rds copy-db-cluster-snapshot`) or run them as an Aurora global database."
            if "aws_rds_cluster" in kinds
            else ""
        )
        text.append(
            f"{_listed(copied)} are restored from a snapshot copied into the target region "
            "(`*_snapshot_identifier` variables): the data lost is everything after that "
            f"copy. To meet {objective}, copy snapshots at least that often, or enable "
            f"cross-region automated backups and restore to a point in time instead.{clusters}"
        )
    return " ".join(text)


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


# What a shell command may quote from the cloud: names, ARNs, image references.
SHELL_SAFE = re.compile(r"^[\w.:/@+=,-]+$")


def _reencrypt(plan: RestorePlan, key: PlannedResource, values: dict[str, str]) -> ManualStep:
    """A restored key is new key material: what the source key encrypted must be copied
    under the new one (snapshots first: databases and volumes are restored from copies)."""
    source, target = plan.source_region, plan.target.region or plan.source_region
    arn = _value(values, key, "arn")
    users = sorted(r.address for r in plan.resources if _refers_to(r, key))
    return ManualStep(
        title=f"Re-encrypt with {key.address}",
        why=(
            "The restored key is a new key: nothing the source key encrypted can be decrypted "
            "with it. Copy each snapshot into the target region under the restored key, then "
            "restore from the copy" + (f" (encrypted by it: {', '.join(users)})." if users else ".")
        ),
        commands=[
            f"aws rds copy-db-snapshot --source-region {source} --region {target} "
            "--source-db-snapshot-identifier SOURCE_SNAPSHOT_ARN "
            f"--target-db-snapshot-identifier NEW_NAME --kms-key-id {arn}",
            *(
                [
                    f"aws rds copy-db-cluster-snapshot --source-region {source} --region "
                    f"{target} --source-db-cluster-snapshot-identifier SOURCE_SNAPSHOT_ARN "
                    f"--target-db-cluster-snapshot-identifier NEW_NAME --kms-key-id {arn}"
                ]
                if any(user.startswith("aws_rds_cluster.") for user in users)
                else []
            ),
            f"aws ec2 copy-snapshot --source-region {source} --region {target} "
            f"--source-snapshot-id SOURCE_SNAPSHOT_ID --encrypted --kms-key-id {arn}",
        ],
    )


def _push_images(
    plan: RestorePlan, repository: PlannedResource, values: dict[str, str]
) -> ManualStep:
    """A restored repository is empty; what runs from it pulls its images at the compute stage."""
    uri = plan.properties(repository.uid).get("repositoryUri", "")
    if not SHELL_SAFE.match(uri):
        uri = "SOURCE_REGISTRY/REPOSITORY"
    url = _value(values, repository, "repository_url")
    images = sorted(
        {
            image
            for r in plan.resources
            if _refers_to(r, repository)
            for image in _strings(plan.properties(r.uid))
            if image.startswith(f"{uri}:") or image.startswith(f"{uri}@")
        }
    )
    commands = [
        f"aws ecr get-login-password --region {plan.source_region} | docker login "
        f"--username AWS --password-stdin {uri.split('/')[0]}",
        f"aws ecr get-login-password --region {plan.target.region or plan.source_region} | "
        # The registry is the URL's host: `terraform output` gives the whole URL.
        f"docker login --username AWS --password-stdin {url.removesuffix(')')} | cut -d/ -f1)",
    ]
    for image in filter(SHELL_SAFE.match, images):
        copy = f"{url}{image[len(uri) :]}"
        if "@" in image:  # by digest: only a copy of the whole manifest keeps it
            commands.append(f"skopeo copy --all docker://{image} docker://{copy}")
        else:
            commands += [
                f"docker pull {image}",
                f"docker tag {image} {copy}",
                f"docker push {copy}",
            ]
    return ManualStep(
        title=f"Copy the images of {repository.address}",
        why=(
            "Images are artifacts, not configuration: the restored repository is empty, and "
            "the compute stage pulls from it. Copy them from the source registry while it "
            "answers (below: by tag with docker pull, tag and push; by digest with skopeo "
            "copy --all, which keeps the digest), push them again from your build pipeline, "
            "or replicate the registry into this region ahead of time (ECR replication)."
        ),
        commands=commands,
    )


def _copy_image(
    plan: RestorePlan, launcher: PlannedResource, values: dict[str, str]
) -> ManualStep | None:
    """AMIs are regional: in another region, what launches needs its image there (its
    `Image` property: ID, name and owner). A public image is found by name and owner as
    it is; the account's own only once copied under its name; a gone one is asked for."""
    image = plan.properties(launcher.uid).get("Image")
    target = plan.target.region
    if not image or target in (None, plan.source_region):
        return None
    image_id, name = image["ImageId"], image.get("Name")
    asked = _variables_read(plan, launcher, Purpose.IMAGE)
    own = image.get("OwnerId") == plan.sources[launcher.uid].asset.account
    if not asked and not own:
        return None
    copy = (
        f"aws ec2 copy-image --source-region {'REGION' if asked else plan.source_region} "
        f"--source-image-id {image_id if SHELL_SAFE.match(image_id) else 'IMAGE_ID'} "
        f"--region {target} --name {name if name and SHELL_SAFE.match(name) else 'IMAGE_NAME'}"
    )
    if asked:
        why = (
            f"Its image {image_id} no longer exists in {plan.source_region}: set {asked[0]} to "
            f"an image in {target}, one built anew or a copy from a region that still holds it."
        )
    else:
        why = (
            f"Its image {image_id} ({name}) is this account's own: the plan finds it in "
            f"{target} by name and owner once it is copied there under the same name."
        )
    return ManualStep(title=f"Copy the image of {launcher.address}", why=why, commands=[copy])


def _check_package(
    plan: RestorePlan, function: PlannedResource, values: dict[str, str]
) -> ManualStep | None:
    """A function's code is an artifact: what its variable names must be the code that ran,
    as the captured CodeSha256 says (base64 SHA-256 of the zip; an image's digest in hex)."""
    properties = plan.properties(function.uid)
    variables = _variables_read(plan, function, Purpose.ARTIFACT)
    sha = properties.get("CodeSha256", "")
    if not variables or not SHELL_SAFE.match(sha):
        return None
    variable = variables[0]
    target = plan.target.region or plan.source_region
    if properties.get("PackageType") == "Image":
        why = (
            f"Set {variable} to the function's image in {target}; its digest must be sha256:{sha}."
        )
        commands = [
            f"aws ecr describe-images --region {target} --repository-name REPOSITORY "
            "--image-ids imageTag=TAG --query 'imageDetails[0].imageDigest'"
        ]
    else:
        why = (
            f"Function code is an artifact, not configuration: Cairn kept its hash only. Set "
            f"{variable} to the package (a local zip, or s3://bucket/key in {target}) and check "
            f"it is the code that ran: the SHA-256 below must print {sha}."
        )
        commands = [
            "openssl dgst -sha256 -binary PACKAGE.zip | base64",
            "aws s3 cp s3://BUCKET/KEY - | openssl dgst -sha256 -binary | base64",
        ]
    return ManualStep(title=f"Check the package of {function.address}", why=why, commands=commands)


VARIABLE = re.compile(r"\bvar\.(\w+)")


def _variables_read(plan: RestorePlan, resource: PlannedResource, purpose: Purpose) -> list[str]:
    """The variables of `purpose` the resource's own block reads (an image, a package)."""
    wanted = {variable.name for variable in plan.variables if variable.purpose == purpose}
    attributes = resource.blocks[0].attributes.values()
    texts = [value.text for value in attributes if isinstance(value, Expr)]
    return sorted({name for text in texts for name in VARIABLE.findall(text)} & wanted)


# Manual steps by the type of the restored resource that needs them (None: it needs none).
MANUAL: dict[str, Callable[[RestorePlan, PlannedResource, dict[str, str]], ManualStep | None]] = {
    KEY: _reencrypt,
    REPOSITORY: _push_images,
    LAUNCH_TEMPLATE: _copy_image,
    INSTANCE: _copy_image,
    FUNCTION: _check_package,
}


def _manual(plan: RestorePlan, values: dict[str, str]) -> list[ManualStep]:
    """Each restored resource's step, unless it is adopted where it runs (and holds it still)."""
    steps = [
        MANUAL[r.type](plan, r, values)
        for r in plan.resources
        if r.type in MANUAL and not r.imports
    ]
    return [step for step in steps if step is not None]


def _refers_to(resource: PlannedResource, target: PlannedResource) -> bool:
    return target.address in resource.depends_on


def _strings(value: Any) -> Iterator[str]:
    """Every string in a document: where a resource names an image."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


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
