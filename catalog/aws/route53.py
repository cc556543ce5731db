"""Route 53 (global): hosted zones and their record sets.

Neither the zone nor the record listing returns an ARN, so both are known by
scope uid: zones by their id, record sets by zone/name/type/set identifier.

Alias targets: an alias names its target by DNS name only (the load balancer's
ARN is nowhere in the record). Load balancers of the crawled regions are looked
up by DNS name (one listing per region), so the alias references the load
balancer itself: the DNS cutover of a restore depends on it. A target outside
them (another region, CloudFront) is kept as the unresolved `dns:<dns name>`
(lower case, no trailing dot, no `dualstack.` prefix: the DNSName its own API
reports). An alias to a record of the same zone references that record set.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from botocore.exceptions import ClientError

from catalog.aws.ec2 import VPC
from catalog.aws.elbv2 import LOAD_BALANCER
from catalog.aws.spec import ResourceType, Scope, pages, resource_uid, tag_map, without
from catalog.model import Observation, Reference, canonical_json

log = logging.getLogger(__name__)
HOSTED_ZONE = "AWS::Route53::HostedZone"
RECORD_SET = "AWS::Route53::RecordSet"
HEALTH_CHECK = "AWS::Route53::HealthCheck"
DISTRIBUTION = "AWS::CloudFront::Distribution"
TAG_BATCH = 10  # list_tags_for_resources takes at most 10 zone ids


def zone_id(zone: dict[str, Any]) -> str:
    """`/hostedzone/Z123` as `Z123`."""
    return zone["Id"].rsplit("/", 1)[-1]


def hosted_zones(scope: Scope) -> Iterator[dict[str, Any]]:
    yield from pages(scope.client("route53"), "list_hosted_zones", "HostedZones")


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


def collect_hosted_zones(scope: Scope) -> Iterator[Observation]:
    zones = list(hosted_zones(scope))
    tags = zone_tags(scope, [zone_id(zone) for zone in zones])
    for zone in zones:
        identifier = zone_id(zone)
        config = zone.get("Config", {})
        vpcs = zone_vpcs(scope, zone)
        properties = {
            "Id": identifier,
            "Name": zone["Name"],
            "PrivateZone": config.get("PrivateZone", False),
            "Comment": config.get("Comment"),
            "CallerReference": zone.get("CallerReference"),
            "LinkedService": zone.get("LinkedService"),
            "VPCs": vpcs,
        }
        # A zone's VPC lives in the region the association names, not in `global`.
        references = [
            Reference(
                f"VPCs[{index}].VPCId",
                resource_uid(scope.account, vpc["VPCRegion"], VPC, vpc["VPCId"]),
                "network",
                VPC,
            )
            for index, vpc in enumerate(vpcs)
        ]
        yield scope.observation(
            uid=scope.uid(HOSTED_ZONE, identifier),
            type=HOSTED_ZONE,
            name=zone["Name"],
            tags=tags.get(identifier, {}),
            properties=properties,
            references=references,
        )


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


def alias_reference(
    scope: Scope,
    zone: str,
    zone_name: str,
    record: dict[str, Any],
    load_balancers: dict[str, str],
) -> list[Reference]:
    alias = record.get("AliasTarget")
    if not alias:
        return []
    name = dns_key(alias["DNSName"])
    zone_key = dns_key(zone_name)
    if name == zone_key or name.endswith(f".{zone_key}"):
        # An alias to another record of this zone: same type, no set identifier.
        target = {"Name": f"{name}.", "Type": record["Type"]}
        return [
            Reference("AliasTarget.DNSName", record_uid(scope, zone, target), "alias", RECORD_SET)
        ]
    if name in load_balancers:
        return [Reference("AliasTarget.DNSName", load_balancers[name], "alias", LOAD_BALANCER)]
    type_name = alias_type(name)
    if type_name is None:  # S3 website, API Gateway...: kept as a property only
        return []
    return [Reference("AliasTarget.DNSName", f"dns:{name}", "alias", type_name)]


def record_properties(record: dict[str, Any]) -> dict[str, Any]:
    """Everything the record says; values are a set, so in a stable order."""
    properties = without(record, "ResourceRecords")
    properties["ResourceRecords"] = sorted(
        value["Value"] for value in record.get("ResourceRecords", ())
    )
    return properties


def collect_record_sets(scope: Scope) -> Iterator[Observation]:
    route53 = scope.client("route53")
    load_balancers = load_balancers_by_dns(scope)
    for zone in hosted_zones(scope):
        identifier = zone_id(zone)
        zone_uid = scope.uid(HOSTED_ZONE, identifier)
        # One paginated listing per zone: there is no call across zones.
        for record in pages(
            route53, "list_resource_record_sets", "ResourceRecordSets", HostedZoneId=identifier
        ):
            health_check = record.get("HealthCheckId")
            references = [
                Reference("HostedZoneId", zone_uid, "contained-in", HOSTED_ZONE),
                *alias_reference(scope, identifier, zone["Name"], record, load_balancers),
            ]
            if health_check:
                target = scope.uid(HEALTH_CHECK, health_check)
                references.append(Reference("HealthCheckId", target, "health-check", HEALTH_CHECK))
            yield scope.observation(
                uid=record_uid(scope, identifier, record),
                type=RECORD_SET,
                name=record["Name"],
                properties={"HostedZoneId": identifier, **record_properties(record)},
                references=references,
            )


TYPES = [
    ResourceType(HOSTED_ZONE, "route53", collect_hosted_zones, is_global=True),
    ResourceType(
        RECORD_SET,
        "route53",
        collect_record_sets,
        is_global=True,
        reads_from=("elbv2",),
        parts=(("HostedZoneId", HOSTED_ZONE), ("AliasTarget.DNSName", LOAD_BALANCER)),
    ),
]
