"""How a resource type is crawled, declared once per type."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from catalog.model import Observation, Reference

GLOBAL_REGION = "global"

Item = TypeVar("Item")
Result = TypeVar("Result")


def in_order(call: Callable[[Item], Result], items: Iterable[Item]) -> list[Result]:
    return [call(item) for item in items]


def resource_uid(account: str, region: str, type_name: str, resource_id: str) -> str:
    """The uid of a resource whose API gives no ARN: `aws:<account>:<region>:<type>:<id>`."""
    return f"aws:{account}:{region}:{type_name}:{resource_id}"


@dataclass(frozen=True)
class Scope:
    """Where one partition is read: an account and a region (or `global`)."""

    account: str
    region: str
    client: Callable[[str], Any]  # boto3 service name -> client for this region
    # Runs one call per item (a describe with no batch form) on the crawl's
    # pool, so one large partition does not serialize the whole crawl.
    map: Callable[[Callable[[Any], Any], Iterable[Any]], list[Any]] = field(default=in_order)
    # The crawl's regions, and clients in any of them for the services the type
    # declares in `reads_from` (a global type resolving regional names).
    regions: tuple[str, ...] = ()
    regional_client: Callable[[str, str], Any] | None = None

    def uid(self, type_name: str, resource_id: str) -> str:
        """The uid of a resource of this account and region whose API gives no ARN."""
        return resource_uid(self.account, self.region, type_name, resource_id)

    def observation(
        self,
        *,
        uid: str,
        type: str,
        name: str | None,
        properties: Mapping[str, Any],
        tags: Mapping[str, str] | None = None,
        references: Iterable[Reference] = (),
    ) -> Observation:
        """An observation of a resource in this scope's account and region."""
        return Observation(
            uid=uid,
            type=type,
            account=self.account,
            region=self.region,
            name=name,
            tags=tags or {},
            properties=properties,
            references=tuple(references),
        )


@dataclass(frozen=True)
class ResourceType:
    """One CloudFormation type: which service lists it and how it becomes observations.

    `collect` reads every page of the listing in one scope and yields the
    observations; it never writes anywhere, and asks the scope only for the
    client of `service` (clients are made before the crawl fans out to
    threads). Global types (IAM, Route 53) are read once per account.
    """

    name: str
    service: str
    collect: Callable[[Scope], Iterable[Observation]]
    is_global: bool = False
    reads_from: tuple[str, ...] = ()  # other services, read in every crawled region
    # (reference field, target type) pairs that make a resource of this type part
    # of the target: it belongs to an application that tags the target even when
    # it carries no tags itself (a listener of a load balancer, a DNS record of a
    # zone or aliasing a load balancer).
    part_of: tuple[tuple[str, str], ...] = ()


def references_to(
    field: str, targets: Iterable[str], kind: str, type_name: str | None
) -> list[Reference]:
    """`field[i]` -> target for each target of a list, in the list's order."""
    return [
        Reference(f"{field}[{index}]", target, kind, type_name)
        for index, target in enumerate(targets)
    ]


def reference_to(
    field: str, target: str | None, kind: str, type_name: str | None
) -> list[Reference]:
    """A reference if there is a target, else none."""
    return [Reference(field, target, kind, type_name)] if target else []


def tag_map(tags: Iterable[Mapping[str, str]] | None) -> dict[str, str]:
    """AWS's [{"Key": k, "Value": v}] as {k: v}."""
    return {tag["Key"]: tag.get("Value", "") for tag in tags or ()}


def pages(client: Any, operation: str, key: str, **params: Any) -> Iterable[Any]:
    """Every item under `key` across all pages of a paginated operation."""
    for page in client.get_paginator(operation).paginate(**params):
        yield from page.get(key, ())


def without(item: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    """A copy without volatile or redundant fields (timestamps of the call, tags...)."""
    return {key: value for key, value in item.items() if key not in keys}
