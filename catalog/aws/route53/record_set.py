"""AWS::Route53::RecordSet: a name of a hosted zone, and what it answers.

Known by zone/name/type/set identifier (the listing returns no ARN).

Alias targets: an alias names its target by DNS name only (the load balancer's
ARN is nowhere in the record). Load balancers of the crawled regions are looked
up by DNS name (one listing per region), so the alias references the load
balancer itself: the DNS cutover of a restore depends on it. A target outside
them (another region, CloudFront) is kept as the unresolved `dns:<dns name>`
(lower case, no trailing dot, no `dualstack.` prefix: the DNSName its own API
reports). An alias to a record of the same zone references that record set.

As Terraform, records are the DNS cutover stage, last and off by default: they are
written into the (looked up) zone only when `var.dns_cutover` is true, after the
runbook's gates (healthy targets, answering endpoints) have passed;
`allow_overwrite` because moving the old record to the new target is the cutover.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from botocore.exceptions import ClientError

from catalog.aws.cloudfront import DISTRIBUTION
from catalog.aws.elbv2 import LOAD_BALANCER
from catalog.aws.route53 import HEALTH_CHECK, HOSTED_ZONE, RECORD_SET, hosted_zones, zone_id
from catalog.aws.spec import Described, Found, Ref, ResourceType, Scope, by_id, pages, without
from catalog.aws.values import Name
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Purpose, Stage, TerraformType
from catalog.restore.hcl import Block, Expr

log = logging.getLogger(__name__)

# Records Route 53 creates and owns at a zone's apex.
ZONE_OWNED = {"SOA", "NS"}


def record_uid(scope: Scope, zone: str, record: dict[str, Any]) -> str:
    key = f"{zone}/{record['Name']}/{record['Type']}/{record.get('SetIdentifier') or ''}"
    return scope.uid(RECORD_SET, key)


def dns_key(name: str) -> str:
    """A DNS name as the target service reports it: lower case, no trailing dot, and
    without the `dualstack.` Route 53 puts in front of load balancer aliases."""
    name = name.lower().rstrip(".")
    return name.removeprefix("dualstack.")


def alias_type(name: str) -> str | None:
    """The type an alias DNS name belongs to. Application and classic load balancers
    share `<region>.elb.amazonaws.com` and network ones use `elb.<region>.amazonaws.com`:
    the name cannot tell ALB from CLB, so both get the (far more common) ELBv2 type."""
    if name.endswith(".cloudfront.net"):
        return DISTRIBUTION
    if name.endswith(".amazonaws.com") and ".elb." in f".{name}":
        return LOAD_BALANCER
    return None


def record_of_the_zone(found: Found) -> str | None:
    """An alias to another record of this zone: same type, no set identifier."""
    name = dns_key(found.value)
    zone_key = dns_key(found.context["zone_name"])
    if name != zone_key and not name.endswith(f".{zone_key}"):
        return None
    target = {"Name": f"{name}.", "Type": found.context["type"]}
    return record_uid(found.scope, found.context["zone"], target)


def crawled_load_balancer(found: Found) -> str | None:
    """The ARN of the load balancer of a crawled region that answers at the alias's name."""
    load_balancers: dict[str, str] = found.context["load_balancers"]
    return load_balancers.get(dns_key(found.value))


def dns_name(found: Found) -> str | None:
    """`dns:<name>`, unresolved, for a target of the declared type outside the crawl; an
    alias to anything else (S3 website, API Gateway...) is kept as a property only."""
    name = dns_key(found.value)
    return f"dns:{name}" if alias_type(name) == found.target else None


IN_ZONE = Ref("HostedZoneId", HOSTED_ZONE, "contained-in", by_id, part_of=True)
# An alias names its target by DNS name only: the first of these that resolves holds it.
ALIAS = "AliasTarget.DNSName"
ALIAS_TO_RECORD = Ref(ALIAS, RECORD_SET, "alias", record_of_the_zone)
ALIAS_TO_LOAD_BALANCER = Ref(ALIAS, LOAD_BALANCER, "alias", crawled_load_balancer, part_of=True)
# Parts are declared by field and target type: the part_of above covers this one too.
ALIAS_TO_OTHER_LOAD_BALANCER = Ref(ALIAS, LOAD_BALANCER, "alias", dns_name)
ALIAS_TO_DISTRIBUTION = Ref(ALIAS, DISTRIBUTION, "alias", dns_name)
HEALTH_CHECKED_BY = Ref("HealthCheckId", HEALTH_CHECK, "health-check", by_id)


def load_balancers_by_dns(scope: Scope) -> dict[str, str]:
    """DNS name -> ARN of every load balancer in the crawled regions.

    Without elbv2 read access the aliases stay unresolved stubs rather than
    failing the DNS crawl.
    """
    found: dict[str, str] = {}
    if scope.regional_client is None:
        return found
    for region in scope.regions:
        elbv2 = scope.regional_client("elbv2", region)
        try:
            for balancer in pages(elbv2, "describe_load_balancers", "LoadBalancers"):
                found[dns_key(balancer["DNSName"])] = balancer["LoadBalancerArn"]
        except ClientError as error:
            log.warning("alias targets in %s stay unresolved: %s", region, error)
    return found


def record_properties(record: dict[str, Any]) -> dict[str, Any]:
    """Everything the record says; values are a set, so in a stable order."""
    properties = without(record, "ResourceRecords")
    properties["ResourceRecords"] = sorted(
        value["Value"] for value in record.get("ResourceRecords", ())
    )
    return properties


def read(scope: Scope) -> Iterator[Described]:
    route53 = scope.client("route53")
    load_balancers = load_balancers_by_dns(scope)
    for zone in hosted_zones(scope):
        identifier = zone_id(zone)
        # One paginated listing per zone: there is no call across zones.
        for record in pages(
            route53, "list_resource_record_sets", "ResourceRecordSets", HostedZoneId=identifier
        ):
            yield Described(
                uid=record_uid(scope, identifier, record),
                name=record["Name"],
                properties={"HostedZoneId": identifier, **record_properties(record)},
                # What the alias resolvers need beyond the record's own properties.
                context={
                    "zone": identifier,
                    "zone_name": zone["Name"],
                    "type": record["Type"],
                    "load_balancers": load_balancers,
                },
            )


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    name = p["Name"].rstrip(".")
    if p["Type"] in ZONE_OWNED and name == _zone_name(ctx):
        return []
    cutover = ctx.plan.variable(
        "dns_cutover",
        "Set to true to move DNS to the restored application, once the runbook's gates pass.",
        default=False,
        type="bool",
        purpose=Purpose.SWITCH,
    )
    attributes: dict[str, Any] = {
        # In place the record is repaired with the rest; otherwise cutover is opt-in.
        "count": None if ctx.adopting else Expr(f"{cutover.text} ? 1 : 0"),
        "zone_id": ctx.ref(IN_ZONE, attribute="zone_id"),
        "name": name,
        "type": p["Type"],
        "allow_overwrite": True,
        "set_identifier": p.get("SetIdentifier"),
    }
    blocks: list[Block] = []
    if p.get("AliasTarget"):
        blocks.append(_alias(ctx, p["AliasTarget"]))
    else:
        attributes["ttl"] = p.get("TTL")
        attributes["records"] = [
            ctx.value(f"ResourceRecords[{index}]", value)
            for index, value in enumerate(p.get("ResourceRecords", ()))
        ]
    identity = "_".join(filter(None, [p["HostedZoneId"], name, p["Type"], p.get("SetIdentifier")]))
    return [ctx.resource("aws_route53_record", attributes, blocks, adopt=identity)]


def _zone_name(ctx: Emit) -> str | None:
    zone = ctx.target_properties(IN_ZONE)
    return zone["Name"].rstrip(".") if zone else None


def _alias(ctx: Emit, alias: dict[str, Any]) -> Block:
    """An alias to a load balancer or a record of the plan points at it; any other stays
    as captured."""
    name: Expr | str | None
    zone: Expr | str | None
    if ctx.in_plan(ALIAS_TO_LOAD_BALANCER):
        name = ctx.ref(ALIAS_TO_LOAD_BALANCER, attribute="dns_name")
        zone = ctx.ref(ALIAS_TO_LOAD_BALANCER, attribute="zone_id")
    elif (record := ctx.target_address(ALIAS_TO_RECORD)) is not None:
        # The target record is written only on cutover (`count`): `one(...[*])` reads it
        # either way, and makes Route 53 get it before the alias that needs it. Both live
        # in the zone the plan looks up, whose ID is not the source zone's.
        name = Expr(f"one({record}[*].fqdn)")
        zone = ctx.ref(IN_ZONE, attribute="zone_id")
    else:
        name, zone = alias["DNSName"], alias["HostedZoneId"]
    return Block(
        "alias",
        attributes={
            "name": name,
            "zone_id": zone,
            "evaluate_target_health": alias.get("EvaluateTargetHealth", False),
        },
    )


TYPE = ResourceType(
    RECORD_SET,
    "route53",
    read,
    references=(
        IN_ZONE,
        ALIAS_TO_RECORD,
        ALIAS_TO_LOAD_BALANCER,
        ALIAS_TO_OTHER_LOAD_BALANCER,
        ALIAS_TO_DISTRIBUTION,
        HEALTH_CHECKED_BY,
    ),
    iam_actions=(
        "route53:ListHostedZones",
        "route53:ListResourceRecordSets",
        # reads_from: the load balancers of every crawled region, to resolve aliases.
        "elasticloadbalancing:DescribeLoadBalancers",
    ),
    terraform=TerraformType(
        "aws_route53_record",
        Stage.DNS,
        emit,
        shapes=(StateShape("aws_route53_record", schema_version=2, noun="DNS record"),),
    ),
    is_global=True,
    reads_from=("elbv2",),
    # Restored, a record keeps its name: a value naming it is written as it was.
    names=(Name("Name", None),),
    values=("ResourceRecords[*]",),
    compared=("TTL",),
)
