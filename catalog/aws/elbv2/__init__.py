"""Elastic Load Balancing v2: load balancers, listeners with their rules, target groups.

This package names every ELBv2 type once; each type's declaration is a module of it
(load_balancer.py, listener.py, target_group.py). What they share is here.

Tags come from describe_tags, which takes up to 20 ARNs: one call per 20
resources, never one per resource. Attributes, listeners, rules and listener
certificates have no batch form: one call per parent, run on the scope's pool.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from catalog.aws.spec import Scope, pages, tag_map

LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer"
LISTENER = "AWS::ElasticLoadBalancingV2::Listener"
TARGET_GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup"

TAGS_PER_CALL = 20  # the most ARNs describe_tags accepts


def tags_by_arn(elbv2: Any, arns: list[str]) -> dict[str, dict[str, str]]:
    tags: dict[str, dict[str, str]] = {}
    for start in range(0, len(arns), TAGS_PER_CALL):
        described = elbv2.describe_tags(ResourceArns=arns[start : start + TAGS_PER_CALL])
        for description in described.get("TagDescriptions", ()):
            tags[description["ResourceArn"]] = tag_map(description.get("Tags"))
    return tags


def attributes(items: Iterable[dict[str, str]]) -> dict[str, str]:
    """[{"Key": k, "Value": v}] as {k: v}: attributes are a set of settings."""
    return {item["Key"]: item.get("Value", "") for item in items}


@dataclass(frozen=True)
class Tagged:
    """One load balancer or target group with its tags and its attributes."""

    item: dict[str, Any]
    arn: str
    tags: dict[str, str]
    attributes: dict[str, str]


@dataclass(frozen=True)
class Listing:
    """How one kind of ELBv2 resource is listed and its attributes read."""

    operation: str
    key: str
    arn: str
    attributes_operation: str


def described(scope: Scope, listing: Listing) -> Iterator[Tagged]:
    """Every item with its tags (20 per call) and attributes (one call each: no batch form
    exists; they run on the crawl's pool)."""
    elbv2 = scope.client("elbv2")
    items = list(pages(elbv2, listing.operation, listing.key))
    arns = [item[listing.arn] for item in items]
    tags = tags_by_arn(elbv2, arns)
    read = getattr(elbv2, listing.attributes_operation)
    settings = scope.map(lambda arn: attributes(read(**{listing.arn: arn})["Attributes"]), arns)
    for item, arn, item_settings in zip(items, arns, settings, strict=True):
        yield Tagged(item, arn, tags.get(arn, {}), item_settings)
