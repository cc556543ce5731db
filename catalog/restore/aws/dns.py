"""Route 53 as Terraform: the DNS cutover stage, last and off by default.

The hosted zone is looked up, not created: the registrar's name servers
point at the existing zone, which outlives a regional failure (Route 53 is
global). Records are written into it only when `var.dns_cutover` is true,
after the runbook's gates (healthy targets, answering endpoints) have passed;
`allow_overwrite` because moving the old record to the new target is the
cutover.
"""

from __future__ import annotations

from typing import Any

from catalog.aws.route53 import HOSTED_ZONE, RECORD_SET
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, legacy_terraform
from catalog.restore.hcl import Block, Expr

# Records Route 53 creates and owns at a zone's apex.
ZONE_OWNED = {"SOA", "NS"}


def hosted_zone(ctx: Emit) -> list[Block]:
    p = ctx.properties
    return [
        ctx.data(
            "aws_route53_zone",
            {"name": p["Name"].rstrip("."), "private_zone": bool(p.get("PrivateZone"))},
        )
    ]


def record(ctx: Emit) -> list[Block]:
    p = ctx.properties
    name = p["Name"].rstrip(".")
    if p["Type"] in ZONE_OWNED and name == _zone_name(ctx):
        return []
    cutover = ctx.plan.variable(
        "dns_cutover",
        "Set to true to move DNS to the restored application, once the runbook's gates pass.",
        default=False,
        type="bool",
    )
    attributes: dict[str, Any] = {
        # In place the record is repaired with the rest; otherwise cutover is opt-in.
        "count": None if ctx.adopting else Expr(f"{cutover.text} ? 1 : 0"),
        "zone_id": ctx.ref("HostedZoneId", "zone_id"),
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
        attributes["records"] = list(p.get("ResourceRecords", ()))
    identity = "_".join(filter(None, [p["HostedZoneId"], name, p["Type"], p.get("SetIdentifier")]))
    return [ctx.resource("aws_route53_record", attributes, blocks, adopt=identity)]


def _zone_name(ctx: Emit) -> str | None:
    zone = ctx.target_properties("HostedZoneId")
    return zone["Name"].rstrip(".") if zone else None


def _alias(ctx: Emit, alias: dict[str, Any]) -> Block:
    """An alias to a load balancer of the plan points at it; any other stays as captured."""
    field = "AliasTarget.DNSName"
    planned = ctx.in_plan(field)
    return Block(
        "alias",
        attributes={
            "name": ctx.ref(field, "dns_name") if planned else alias["DNSName"],
            "zone_id": ctx.ref(field, "zone_id") if planned else alias["HostedZoneId"],
            "evaluate_target_health": alias.get("EvaluateTargetHealth", False),
        },
    )


TYPES = [
    legacy_terraform(HOSTED_ZONE, "aws_route53_zone", Stage.DNS, hosted_zone, data_source=True),
    legacy_terraform(
        RECORD_SET,
        "aws_route53_record",
        Stage.DNS,
        record,
        shapes=(StateShape("aws_route53_record", schema_version=2, noun="DNS record"),),
    ),
]
