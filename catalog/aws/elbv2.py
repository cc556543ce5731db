"""Elastic Load Balancing v2: load balancers, listeners with their rules, target groups.

Tags come from describe_tags, which takes up to 20 ARNs: one call per 20
resources, never one per resource. Attributes, listeners, rules and listener
certificates have no batch form: one call per parent, run on the scope's pool.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from catalog.aws.acm import CERTIFICATE
from catalog.aws.ec2 import EIP, SECURITY_GROUP, SUBNET, VPC, many
from catalog.aws.spec import ResourceType, Scope, pages, tag_map, without
from catalog.model import Observation, Reference, canonical_json

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


def load_balancer_properties(balancer: dict[str, Any], settings: dict[str, str]) -> dict[str, Any]:
    # State moves through provisioning on its own; CreatedTime says nothing to restore.
    properties = without(balancer, "LoadBalancerArn", "CreatedTime", "State", "AvailabilityZones")
    zones = sorted(balancer.get("AvailabilityZones", ()), key=lambda zone: zone["ZoneName"])
    properties["AvailabilityZones"] = [
        {
            "ZoneName": zone["ZoneName"],
            "SubnetId": zone.get("SubnetId"),
            "AllocationIds": sorted(
                address["AllocationId"]
                for address in zone.get("LoadBalancerAddresses", ())
                if address.get("AllocationId")
            ),
        }
        for zone in zones
    ]
    properties["Subnets"] = sorted(zone["SubnetId"] for zone in zones if zone.get("SubnetId"))
    properties["SecurityGroups"] = sorted(balancer.get("SecurityGroups", ()))
    properties["Attributes"] = settings
    return properties


def load_balancer_references(scope: Scope, properties: dict[str, Any]) -> list[Reference]:
    references = [
        *many(scope, "Subnets", SUBNET, properties["Subnets"], "network"),
        *many(scope, "SecurityGroups", SECURITY_GROUP, properties["SecurityGroups"], "network"),
    ]
    if properties.get("VpcId"):
        references.append(Reference("VpcId", scope.uid(VPC, properties["VpcId"]), "network", VPC))
    for index, zone in enumerate(properties["AvailabilityZones"]):
        field = f"AvailabilityZones[{index}].AllocationIds"
        references += many(scope, field, EIP, zone["AllocationIds"], "attached-to")
    return references


@dataclass(frozen=True)
class Described:
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


LOAD_BALANCERS = Listing(
    "describe_load_balancers",
    "LoadBalancers",
    "LoadBalancerArn",
    "describe_load_balancer_attributes",
)
TARGET_GROUPS = Listing(
    "describe_target_groups", "TargetGroups", "TargetGroupArn", "describe_target_group_attributes"
)


def described(scope: Scope, listing: Listing) -> Iterator[Described]:
    """Every item with its tags (20 per call) and attributes (one call each: no batch form
    exists; they run on the crawl's pool)."""
    elbv2 = scope.client("elbv2")
    items = list(pages(elbv2, listing.operation, listing.key))
    arns = [item[listing.arn] for item in items]
    tags = tags_by_arn(elbv2, arns)
    read = getattr(elbv2, listing.attributes_operation)
    settings = scope.map(lambda arn: attributes(read(**{listing.arn: arn})["Attributes"]), arns)
    for item, arn, item_settings in zip(items, arns, settings, strict=True):
        yield Described(item, arn, tags.get(arn, {}), item_settings)


def collect_load_balancers(scope: Scope) -> Iterator[Observation]:
    for balancer in described(scope, LOAD_BALANCERS):
        properties = load_balancer_properties(balancer.item, balancer.attributes)
        yield scope.observation(
            uid=balancer.arn,
            type=LOAD_BALANCER,
            name=balancer.item["LoadBalancerName"],
            tags=balancer.tags,
            properties=properties,
            references=load_balancer_references(scope, properties),
        )


def action(item: dict[str, Any]) -> dict[str, Any]:
    """An action with its weighted target groups in a stable order; redirects kept as they are."""
    item = dict(item)
    forward = item.get("ForwardConfig")
    if forward:
        groups = sorted(forward.get("TargetGroups", ()), key=lambda g: g["TargetGroupArn"])
        item["ForwardConfig"] = {**forward, "TargetGroups": groups}
    return item


def actions(items: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    # Order says which action runs first; without an Order, keep the API's order.
    return sorted((action(item) for item in items or ()), key=lambda item: item.get("Order", 0))


def rule(item: dict[str, Any]) -> dict[str, Any]:
    # The rule ARN changes if the rule is recreated identically; the priority identifies it.
    return {
        "Priority": item.get("Priority"),
        "Conditions": sorted(item.get("Conditions", ()), key=canonical_json),
        "Actions": actions(item.get("Actions")),
    }


def rules(elbv2: Any, listener_arn: str) -> list[dict[str, Any]]:
    """The non-default rules by priority; the default rule repeats DefaultActions."""
    found = [
        rule(item)
        for item in pages(elbv2, "describe_rules", "Rules", ListenerArn=listener_arn)
        if not item.get("IsDefault") and item.get("Priority") != "default"
    ]
    return sorted(found, key=lambda item: int(item["Priority"]))


def certificates(elbv2: Any, listener: dict[str, Any]) -> list[dict[str, Any]]:
    """Every certificate of an HTTPS or TLS listener, by ARN.

    describe_listeners shows the default certificate only; the others (SNI) come
    from describe_listener_certificates, which some implementations answer
    without the default one, so both answers are merged.
    """
    if not listener.get("Certificates"):
        return []
    found = pages(
        elbv2,
        "describe_listener_certificates",
        "Certificates",
        ListenerArn=listener["ListenerArn"],
    )
    default = {c["CertificateArn"] for c in listener["Certificates"] if c.get("CertificateArn")}
    arns = default | {c["CertificateArn"] for c in found if c.get("CertificateArn")}
    return [{"CertificateArn": arn, "IsDefault": arn in default} for arn in sorted(arns)]


def listener_details(elbv2: Any, listener: dict[str, Any]) -> dict[str, Any]:
    return {
        "Certificates": certificates(elbv2, listener),
        "Rules": rules(elbv2, listener["ListenerArn"]),
    }


def action_references(field: str, items: list[dict[str, Any]]) -> Iterator[Reference]:
    for index, item in enumerate(items):
        if item.get("TargetGroupArn"):
            yield Reference(
                f"{field}[{index}].TargetGroupArn", item["TargetGroupArn"], "traffic", TARGET_GROUP
            )
        for position, group in enumerate((item.get("ForwardConfig") or {}).get("TargetGroups", ())):
            yield Reference(
                f"{field}[{index}].ForwardConfig.TargetGroups[{position}].TargetGroupArn",
                group["TargetGroupArn"],
                "traffic",
                TARGET_GROUP,
            )


def listener_references(properties: dict[str, Any]) -> list[Reference]:
    references = [
        Reference("LoadBalancerArn", properties["LoadBalancerArn"], "attached-to", LOAD_BALANCER),
        *action_references("DefaultActions", properties["DefaultActions"]),
    ]
    for index, certificate in enumerate(properties["Certificates"]):
        field = f"Certificates[{index}].CertificateArn"
        references.append(Reference(field, certificate["CertificateArn"], "tls", CERTIFICATE))
    for index, item in enumerate(properties["Rules"]):
        references += action_references(f"Rules[{index}].Actions", item["Actions"])
    return references


def listeners_of(elbv2: Any, balancer_arn: str) -> list[dict[str, Any]]:
    return list(pages(elbv2, "describe_listeners", "Listeners", LoadBalancerArn=balancer_arn))


def collect_listeners(scope: Scope) -> Iterator[Observation]:
    elbv2 = scope.client("elbv2")
    balancers = [
        balancer["LoadBalancerArn"]
        for balancer in pages(elbv2, "describe_load_balancers", "LoadBalancers")
    ]
    listeners = [
        listener
        for found in scope.map(lambda arn: listeners_of(elbv2, arn), balancers)
        for listener in found
    ]
    details = scope.map(lambda listener: listener_details(elbv2, listener), listeners)
    tags = tags_by_arn(elbv2, [listener["ListenerArn"] for listener in listeners])
    for listener, detail in zip(listeners, details, strict=True):
        arn = listener["ListenerArn"]
        properties = without(listener, "ListenerArn", "Certificates", "DefaultActions")
        properties["DefaultActions"] = actions(listener.get("DefaultActions"))
        properties["AlpnPolicy"] = sorted(listener.get("AlpnPolicy", ()))
        properties.update(detail)
        name = f"{listener.get('Protocol', '')}:{listener.get('Port', '')}".strip(":")
        references = listener_references(properties)
        yield scope.observation(
            uid=arn,
            type=LISTENER,
            name=name,
            tags=tags.get(arn, {}),
            properties=properties,
            references=references,
        )


def collect_target_groups(scope: Scope) -> Iterator[Observation]:
    for group in described(scope, TARGET_GROUPS):
        # LoadBalancerArns is the listeners' side of the link, declared by the listeners.
        properties = without(group.item, "TargetGroupArn", "LoadBalancerArns")
        properties["Attributes"] = group.attributes
        vpc = group.item.get("VpcId")
        references = [Reference("VpcId", scope.uid(VPC, vpc), "network", VPC)] if vpc else []
        yield scope.observation(
            uid=group.arn,
            type=TARGET_GROUP,
            name=group.item["TargetGroupName"],
            tags=group.tags,
            properties=properties,
            references=references,
        )


TYPES = [
    ResourceType(LOAD_BALANCER, "elbv2", collect_load_balancers),
    ResourceType(LISTENER, "elbv2", collect_listeners, parts=(("LoadBalancerArn", LOAD_BALANCER),)),
    ResourceType(TARGET_GROUP, "elbv2", collect_target_groups),
]
