"""What Cairn knows about one AWS resource type, declared once per type.

A type's module (catalog/aws/<service>/<type>.py) declares a `ResourceType`: how its
resources are listed and described, the references they hold (as path patterns,
resolved by one extractor), the IAM actions its crawl calls and how it becomes
Terraform. The registry (catalog/aws/registry.py) lists every declaration once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from catalog.aws.env_values import EnvValues
from catalog.model import Observation, Reference

if TYPE_CHECKING:
    from catalog.aws.values import Name
    from catalog.restore.emit import TerraformType

GLOBAL_REGION = "global"

Item = TypeVar("Item")
Result = TypeVar("Result")


def in_order(call: Callable[[Item], Result], items: Iterable[Item]) -> list[Result]:
    return [call(item) for item in items]


def resource_uid(account: str, region: str, type_name: str, resource_id: str) -> str:
    """The uid of a resource whose API gives no ARN: `aws:<account>:<region>:<type>:<id>`."""
    return f"aws:{account}:{region}:{type_name}:{resource_id}"


_RESOURCE_UID = re.compile(r"aws:[^:]*:[^:]*:\w+::\w+::\w+:(?P<id>.+)")


def id_in_uid(uid: str) -> str | None:
    """The ID a `resource_uid` was built from; None for an ARN."""
    match = _RESOURCE_UID.fullmatch(uid)
    return match["id"] if match else None


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
    # What the crawl keeps of environment and parameter values (catalog/aws/env_values.py).
    env_values: EnvValues = EnvValues.UNLESS_SECRET

    def uid(self, type_name: str, resource_id: str) -> str:
        """The uid of a resource of this account and region whose API gives no ARN."""
        return resource_uid(self.account, self.region, type_name, resource_id)


@dataclass(frozen=True)
class Described:
    """One resource as its type's `read` found it, before references are extracted.

    `context` holds what a reference resolver needs beyond the kept properties (the
    load balancers of the account by DNS name, a field of the raw response).
    """

    uid: str
    name: str | None
    properties: Mapping[str, Any]
    tags: Mapping[str, str] = field(default_factory=dict)
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Found:
    """A value a reference's path reached, and what its resolver may read to name the target."""

    scope: Scope
    target: str  # the declared target type
    value: Any
    holder: Mapping[str, Any]  # the object the value is a field of (a rule's pair: its UserId)
    context: Mapping[str, Any]


Resolver = Callable[[Found], str | None]


def the_value(found: Found) -> str | None:
    """The value is the target's uid (an ARN)."""
    return found.value if isinstance(found.value, str) and found.value else None


def by_id(found: Found) -> str | None:
    """The value is the ID of a resource of this account and region that has no ARN."""
    return found.scope.uid(found.target, found.value) if found.value else None


EACH = "[*]"
_TOKENS = re.compile(r"\[\*\]|[^.\[\]]+")


@dataclass(frozen=True)
class Ref:
    """One way a resource of a type names another, declared once for crawl and restore.

    `path` is where the name sits in the properties: keys joined by dots, `[*]` for
    every item of a list (`IpPermissions[*].UserIdGroupPairs[*].GroupId`). Each value
    there becomes a `Reference` whose field is the path with the positions filled in
    (`IpPermissions[0].UserIdGroupPairs[1].GroupId`); `resolve` turns the value into the
    target's uid, or None for a value that names nothing Cairn crawls. Where several
    declarations reach the same field, the first that resolves holds it. `part_of`: the
    reference makes its source part of its target, so it belongs to an application that
    tags the target even when it carries no tags itself (a listener of a load balancer).
    """

    path: str
    target: str
    kind: str
    resolve: Resolver = the_value
    part_of: bool = False

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        return tuple(_TOKENS.findall(self.path))

    def at(self, *positions: int) -> str:
        """The field of one reference: the path with its `[*]` filled in, in order."""
        pieces = self.path.split(EACH)
        if len(positions) != len(pieces) - 1:
            raise ValueError(f"{self.path} takes {len(pieces) - 1} positions, not {len(positions)}")
        filled = [
            f"{piece}[{position}]" for piece, position in zip(pieces, positions, strict=False)
        ]
        return "".join(filled) + pieces[-1]

    def find(self, properties: Mapping[str, Any]) -> Iterator[tuple[str, Any, Mapping[str, Any]]]:
        """(field, value, holder) for every value the path reaches, in document order."""
        return _walk(properties, self.tokens, "", properties)


def _walk(
    value: Any, tokens: tuple[str, ...], field: str, holder: Mapping[str, Any]
) -> Iterator[tuple[str, Any, Mapping[str, Any]]]:
    if not tokens:
        if value is not None:
            yield field, value, holder
        return
    token, rest = tokens[0], tokens[1:]
    if token == EACH:
        if isinstance(value, list):
            for position, item in enumerate(value):
                yield from _walk(item, rest, f"{field}[{position}]", holder)
    elif isinstance(value, Mapping) and token in value:
        yield from _walk(value[token], rest, f"{field}.{token}" if field else token, value)


def extract(
    refs: Iterable[Ref],
    scope: Scope,
    properties: Mapping[str, Any],
    context: Mapping[str, Any] | None = None,
) -> list[Reference]:
    """The references a resource's properties hold, by its type's declarations."""
    found: dict[str, Reference] = {}
    for ref in refs:
        for field_path, value, holder in ref.find(properties):
            if field_path in found:
                continue
            target = ref.resolve(Found(scope, ref.target, value, holder, context or {}))
            if target:
                found[field_path] = Reference(field_path, target, ref.kind, ref.target)
    return list(found.values())


@dataclass(frozen=True)
class ResourceType:
    """One CloudFormation type: everything Cairn knows about it, in one declaration.

    `read` lists and describes every resource of the type in one scope; it never
    writes anywhere, and asks the scope only for the client of `service` (clients
    are made before the crawl fans out to threads). Global types (IAM, Route 53)
    are read once per account. `iam_actions` are the calls `read` makes
    (docs/cairn-readonly-policy.json is generated from them); `terraform` how a
    restore writes it (None: not restored yet). `names`: the strings other resources
    write in their values to name one of this type (a DNS name, a URL); `values`: the
    paths of its own values that may name others (catalog/aws/values.py). `asset`
    False: a backup of assets (a DB snapshot), crawled but never an application's asset;
    scopes leave it out however it is tagged, and restores never write it. `compared`:
    the properties a drill checks came back alike (catalog/drill/compare.py).
    """

    name: str
    service: str
    read: Callable[[Scope], Iterable[Described]]
    references: tuple[Ref, ...] = ()
    iam_actions: tuple[str, ...] = ()
    # Calls `read` makes that the generated policy leaves out, because granting them
    # grants more than Cairn asks (ssm:GetParameters also decrypts): refused, the read
    # goes on without what they give. docs/aws-accounts.md says how to grant each.
    optional_iam_actions: tuple[str, ...] = ()
    terraform: TerraformType | None = None
    is_global: bool = False
    reads_from: tuple[str, ...] = ()  # other services, read in every crawled region
    names: tuple[Name, ...] = ()
    values: tuple[str, ...] = ()
    asset: bool = True
    # The properties a drill compares between a restored resource and its source (rules,
    # policies, parameters, TTLs): what must come back alike, up to IDs and names.
    compared: tuple[str, ...] = ()

    def collect(self, scope: Scope) -> Iterator[Observation]:
        """Every resource of the type in the scope, as observations."""
        for described in self.read(scope):
            yield Observation(
                uid=described.uid,
                type=self.name,
                account=scope.account,
                region=scope.region,
                name=described.name,
                tags=described.tags,
                properties=described.properties,
                references=tuple(
                    extract(self.references, scope, described.properties, described.context)
                ),
            )

    @property
    def part_of(self) -> tuple[tuple[str, str], ...]:
        """(path, target type) of the references that make a resource part of another."""
        return tuple((ref.path, ref.target) for ref in self.references if ref.part_of)


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
