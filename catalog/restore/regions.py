"""Whether each planned resource type can exist in the target region.

A region without a service (a new or an opt-in region, another partition)
cannot hold its resources; botocore's bundled endpoint data says which
regions each service has, without calling AWS.
"""

from __future__ import annotations

from functools import cache

import botocore.session

from catalog.aws.registry import RESOURCE_TYPES
from catalog.errors import CairnError

SERVICES = {resource_type.name: resource_type for resource_type in RESOURCE_TYPES}


@cache
def _endpoint_data() -> botocore.session.Session:
    # One session for every service: each new one parses botocore's endpoint file again
    # (about 0.2 s), which made the first readiness check of a server take seconds.
    return botocore.session.get_session()


@cache
def service_regions(service: str) -> frozenset[str]:
    session = _endpoint_data()
    return frozenset(
        region
        for partition in session.get_available_partitions()
        for region in session.get_available_regions(service, partition)
    )


def check_target_region(region: str, types: set[str]) -> None:
    """Refuse a target region where some planned type cannot exist, naming them all."""
    missing = sorted(
        name
        for name in types
        if (declared := SERVICES.get(name)) is not None
        and not declared.is_global
        and (regions := service_regions(declared.service))
        and region not in regions
    )
    if missing:
        raise CairnError(f"{region} has no {', '.join(missing)}: choose another target region")
