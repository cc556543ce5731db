"""Route 53 (global): hosted zones and their record sets.

This package names every Route 53 type once; each type's declaration is a module of it
(hosted_zone.py, record_set.py). Health checks are not crawled: records name them.

Neither the zone nor the record listing returns an ARN, so both are known by
scope uid: zones by their id, record sets by zone/name/type/set identifier.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.spec import Scope, pages

HOSTED_ZONE = "AWS::Route53::HostedZone"
RECORD_SET = "AWS::Route53::RecordSet"
HEALTH_CHECK = "AWS::Route53::HealthCheck"


def zone_id(zone: dict[str, Any]) -> str:
    """`/hostedzone/Z123` as `Z123`."""
    return zone["Id"].rsplit("/", 1)[-1]


def hosted_zones(scope: Scope) -> Iterator[dict[str, Any]]:
    yield from pages(scope.client("route53"), "list_hosted_zones", "HostedZones")
