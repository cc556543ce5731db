"""A target region that lacks a planned type's service is refused, naming the types."""

from __future__ import annotations

import pytest

from catalog.errors import CairnError
from catalog.restore import regions


def test_a_region_without_the_service_is_refused(monkeypatch):
    everywhere = regions.service_regions("ec2")
    monkeypatch.setattr(
        regions,
        "service_regions",
        lambda service: everywhere - {"us-west-2"} if service == "ecs" else everywhere,
    )
    planned = {"AWS::ECS::Service", "AWS::EC2::VPC", "AWS::IAM::Role"}

    with pytest.raises(CairnError, match=r"us-west-2 has no AWS::ECS::Service: choose another"):
        regions.check_target_region("us-west-2", planned)
    regions.check_target_region("eu-west-1", planned)  # has them all


def test_global_types_and_every_bundled_region_pass():
    types = {resource_type.name for resource_type in regions.RESOURCE_TYPES}
    regions.check_target_region("us-west-2", types)
