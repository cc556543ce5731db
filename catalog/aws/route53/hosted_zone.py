"""AWS::Route53::HostedZone: the zone a domain's records live in.

A restore looks the zone up, it does not create it: the registrar's name servers
point at the existing zone, which outlives a regional failure (Route 53 is global).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.ec2 import VPC
from catalog.aws.route53 import HOSTED_ZONE, hosted_zones, zone_id
from catalog.aws.spec import Described, Found, Ref, ResourceType, Scope, resource_uid, tag_map
from catalog.model import canonical_json
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block

TAG_BATCH = 10  # list_tags_for_resources takes at most 10 zone ids


def in_its_region(found: Found) -> str | None:
    """A zone's VPC lives in the region the association names, not in `global`."""
    region = found.holder["VPCRegion"]
    return resource_uid(found.scope.account, region, found.target, found.value)


VPCS = Ref("VPCs[*].VPCId", VPC, "network", in_its_region)


def zone_tags(scope: Scope, zone_ids: list[str]) -> dict[str, dict[str, str]]:
    """Tags of every zone, ten zones per call."""
    route53 = scope.client("route53")
    tags: dict[str, dict[str, str]] = {}
    for start in range(0, len(zone_ids), TAG_BATCH):
        batch = zone_ids[start : start + TAG_BATCH]
        response = route53.list_tags_for_resources(ResourceType="hostedzone", ResourceIds=batch)
        for tag_set in response.get("ResourceTagSets", ()):
            tags[tag_set["ResourceId"]] = tag_map(tag_set.get("Tags"))
    return tags


def zone_vpcs(scope: Scope, zone: dict[str, Any]) -> list[dict[str, str]]:
    """The VPCs a private zone answers in. Only get_hosted_zone says so, one zone per
    call; public zones have none, so they cost nothing."""
    if not zone.get("Config", {}).get("PrivateZone"):
        return []
    vpcs = scope.client("route53").get_hosted_zone(Id=zone["Id"]).get("VPCs", ())
    return sorted(vpcs, key=canonical_json)


def read(scope: Scope) -> Iterator[Described]:
    zones = list(hosted_zones(scope))
    tags = zone_tags(scope, [zone_id(zone) for zone in zones])
    for zone in zones:
        identifier = zone_id(zone)
        config = zone.get("Config", {})
        properties = {
            "Id": identifier,
            "Name": zone["Name"],
            "PrivateZone": config.get("PrivateZone", False),
            "Comment": config.get("Comment"),
            "CallerReference": zone.get("CallerReference"),
            "LinkedService": zone.get("LinkedService"),
            "VPCs": zone_vpcs(scope, zone),
        }
        yield Described(
            uid=scope.uid(HOSTED_ZONE, identifier),
            name=zone["Name"],
            properties=properties,
            tags=tags.get(identifier, {}),
        )


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    return [
        ctx.data(
            "aws_route53_zone",
            {"name": p["Name"].rstrip("."), "private_zone": bool(p.get("PrivateZone"))},
        )
    ]


TYPE = ResourceType(
    HOSTED_ZONE,
    "route53",
    read,
    references=(VPCS,),
    iam_actions=(
        "route53:ListHostedZones",
        "route53:ListTagsForResources",
        "route53:GetHostedZone",
    ),
    terraform=TerraformType("aws_route53_zone", Stage.DNS, emit, data_source=True),
    is_global=True,
)
