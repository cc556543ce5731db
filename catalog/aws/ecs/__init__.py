"""ECS: clusters, services and task definitions; environment variable names only.

Properties keep the ECS API's camelCase names, so a reference's field is the
path in the stored properties (`loadBalancers[0].targetGroupArn`).

This package names every ECS type once; each type's declaration is a module of it
(cluster.py, service.py, task_definition.py). What they share is here: ECS's own
spelling of tags, the lists AWS treats as sets, batching, and the cluster listing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

from catalog.aws.spec import Described, pages
from catalog.model import canonical_json

CLUSTER = "AWS::ECS::Cluster"
SERVICE = "AWS::ECS::Service"
TASK_DEFINITION = "AWS::ECS::TaskDefinition"


def sorted_items(items: Iterable[Any] | None) -> list[Any]:
    """A list AWS treats as a set, in a stable order."""
    return sorted(items or (), key=canonical_json)


def ecs_tags(tags: Iterable[Mapping[str, str]] | None) -> dict[str, str]:
    """ECS spells tags [{"key": k, "value": v}], unlike most services."""
    return {tag["key"]: tag.get("value", "") for tag in tags or ()}


def described(item: Mapping[str, Any], kind: str, properties: Mapping[str, Any]) -> Described:
    """A cluster or a service as read: ECS names it by `<kind>Arn` and `<kind>Name`."""
    return Described(
        uid=item[f"{kind}Arn"],
        name=item[f"{kind}Name"],
        properties=properties,
        tags=ecs_tags(item.get("tags")),
    )


Item = TypeVar("Item")


def chunks(items: list[Item], size: int) -> Iterator[list[Item]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def cluster_arns(ecs: Any) -> list[str]:
    return list(pages(ecs, "list_clusters", "clusterArns"))
