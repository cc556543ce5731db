"""EC2 and VPC: the network a restore rebuilds first.

This package names every EC2 type once; each type's declaration is a module of it
(vpc.py, subnet.py...). What every EC2 type shares is here: the API names its
resources by ID, never by ARN.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from catalog.aws.iam import INSTANCE_PROFILE
from catalog.aws.spec import Described as SpecDescribed
from catalog.aws.spec import (
    ResourceType,
    Scope,
    pages,
    references_to,
    resource_uid,
    tag_map,
    without,
)
from catalog.model import Observation, Reference, canonical_json

VPC = "AWS::EC2::VPC"
SUBNET = "AWS::EC2::Subnet"
SECURITY_GROUP = "AWS::EC2::SecurityGroup"
INTERNET_GATEWAY = "AWS::EC2::InternetGateway"
NAT_GATEWAY = "AWS::EC2::NatGateway"
ROUTE_TABLE = "AWS::EC2::RouteTable"
EIP = "AWS::EC2::EIP"
INSTANCE = "AWS::EC2::Instance"
LAUNCH_TEMPLATE = "AWS::EC2::LaunchTemplate"
NETWORK_INTERFACE = "AWS::EC2::NetworkInterface"

# What a route or an attachment points at, by the prefix of the id.
TARGET_BY_PREFIX = {
    "igw-": INTERNET_GATEWAY,
    "nat-": NAT_GATEWAY,
    "pcx-": "AWS::EC2::VPCPeeringConnection",
    "tgw-": "AWS::EC2::TransitGateway",
    "vgw-": "AWS::EC2::VPNGateway",
    "vpce-": "AWS::EC2::VPCEndpoint",
    "eni-": NETWORK_INTERFACE,
    "i-": INSTANCE,
    "eigw-": "AWS::EC2::EgressOnlyInternetGateway",
}
ROUTE_TARGET_FIELDS = (
    "GatewayId",
    "NatGatewayId",
    "VpcPeeringConnectionId",
    "TransitGatewayId",
    "NetworkInterfaceId",
    "InstanceId",
    "EgressOnlyInternetGatewayId",
)
GONE_STATES = {"deleted", "deleting", "failed"}


def ref_to_id(scope: Scope, field: str, resource_id: str | None, kind: str) -> list[Reference]:
    """A reference to an EC2 resource known by id; none for `local` or unknown prefixes."""
    for prefix, type_name in TARGET_BY_PREFIX.items():
        if resource_id and resource_id.startswith(prefix):
            return [Reference(field, scope.uid(type_name, resource_id), kind, type_name)]
    return []


def ref(
    scope: Scope, field: str, type_name: str, resource_id: str | None, kind: str
) -> list[Reference]:
    if not resource_id:
        return []
    return [Reference(field, scope.uid(type_name, resource_id), kind, type_name)]


def many(scope: Scope, field: str, type_name: str, ids: list[str], kind: str) -> list[Reference]:
    """`field[i]` -> the EC2 resource of each id."""
    return references_to(field, (scope.uid(type_name, rid) for rid in ids), kind, type_name)


@dataclass(frozen=True)
class Described:
    """One EC2 resource as read: its id, the API's item (for its tags), and what is kept."""

    id: str
    item: Mapping[str, Any]
    properties: Mapping[str, Any]
    references: Iterable[Reference] = ()


def described(
    scope: Scope,
    type_name: str,
    resource_id: str,
    item: Mapping[str, Any],
    properties: Mapping[str, Any],
) -> SpecDescribed:
    """An EC2 resource as read: its uid is built from its ID, which it keeps as `Id`, and its
    Name tag names it, else its ID."""
    tags = tag_map(item.get("Tags"))
    return SpecDescribed(
        uid=scope.uid(type_name, resource_id),
        name=tags.get("Name") or resource_id,
        properties={"Id": resource_id, **properties},
        tags=tags,
    )


# The provider's `arn` of an EC2 resource (the catalog knows them by ID).
EC2_ARN = "arn:aws:ec2:{{region}}:{{account}}:{kind}/{{id}}"


def ec2_type(type_name: str, read: Callable[[Scope], Iterable[Described]]) -> ResourceType:
    """An EC2 type, whose resources the API names by id and never by ARN.

    The uid is built from the id, which is also kept as `Id`; the id names the
    resource unless a Name tag does.
    """

    def collect(scope: Scope) -> Iterator[Observation]:
        for described in read(scope):
            tags = tag_map(described.item.get("Tags"))
            yield scope.observation(
                uid=scope.uid(type_name, described.id),
                type=type_name,
                name=tags.get("Name") or described.id,
                tags=tags,
                properties={"Id": described.id, **described.properties},
                references=described.references,
            )

    return ResourceType(type_name, "ec2", collect)


def normalized_rules(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules in a stable order; AWS returns them, and their sources, as sets."""
    normalized = []
    for rule in rules:
        rule = dict(rule)
        for key in ("IpRanges", "Ipv6Ranges", "PrefixListIds", "UserIdGroupPairs"):
            rule[key] = sorted(rule.get(key, ()), key=canonical_json)
        normalized.append(rule)
    return sorted(normalized, key=canonical_json)


def rule_references(
    scope: Scope, direction: str, rules: list[dict[str, Any]]
) -> Iterator[Reference]:
    for i, rule in enumerate(rules):
        for j, pair in enumerate(rule["UserIdGroupPairs"]):
            account = pair.get("UserId") or scope.account
            target = resource_uid(account, scope.region, SECURITY_GROUP, pair["GroupId"])
            field = f"{direction}[{i}].UserIdGroupPairs[{j}].GroupId"
            yield Reference(field, target, "network", SECURITY_GROUP)


def rule_key(egress: bool, protocol: Any, from_port: Any, to_port: Any, source: str) -> str:
    """One rule's identity within its group: direction, protocol, ports and source.

    Rules are listed inside each group (IpPermissions) but only their own listing
    carries their IDs (`sgr-...`), which a restore in place needs to adopt them.
    """
    ports = "" if str(protocol) == "-1" else f"{from_port}-{to_port}"
    return f"{'egress' if egress else 'ingress'}|{protocol}|{ports}|{source}"


def rule_ids(scope: Scope) -> dict[str, dict[str, str]]:
    """Group id -> rule key -> rule id, for the region."""
    found: dict[str, dict[str, str]] = {}
    for rule in pages(scope.client("ec2"), "describe_security_group_rules", "SecurityGroupRules"):
        source = (
            rule.get("CidrIpv4")
            or rule.get("CidrIpv6")
            or rule.get("PrefixListId")
            or (rule.get("ReferencedGroupInfo") or {}).get("GroupId")
            or ""
        )
        key = rule_key(
            rule.get("IsEgress", False),
            rule.get("IpProtocol"),
            rule.get("FromPort"),
            rule.get("ToPort"),
            source,
        )
        found.setdefault(rule["GroupId"], {})[key] = rule["SecurityGroupRuleId"]
    return found


def read_security_groups(scope: Scope) -> Iterator[Described]:
    ids = rule_ids(scope)
    for group in pages(scope.client("ec2"), "describe_security_groups", "SecurityGroups"):
        ingress = normalized_rules(group.get("IpPermissions", []))
        egress = normalized_rules(group.get("IpPermissionsEgress", []))
        properties = {
            "GroupName": group["GroupName"],
            "Description": group.get("Description"),
            "VpcId": group.get("VpcId"),
            "IpPermissions": ingress,
            "IpPermissionsEgress": egress,
            "RuleIds": ids.get(group["GroupId"], {}),
        }
        references = [
            *ref(scope, "VpcId", VPC, group.get("VpcId"), "network"),
            *rule_references(scope, "IpPermissions", ingress),
            *rule_references(scope, "IpPermissionsEgress", egress),
        ]
        yield Described(group["GroupId"], group, properties, references)


def read_internet_gateways(scope: Scope) -> Iterator[Described]:
    for gateway in pages(scope.client("ec2"), "describe_internet_gateways", "InternetGateways"):
        vpcs = sorted(attachment["VpcId"] for attachment in gateway.get("Attachments", ()))
        references = many(scope, "AttachedVpcIds", VPC, vpcs, "network")
        gateway_id = gateway["InternetGatewayId"]
        yield Described(gateway_id, gateway, {"AttachedVpcIds": vpcs}, references)


def read_nat_gateways(scope: Scope) -> Iterator[Described]:
    for gateway in pages(scope.client("ec2"), "describe_nat_gateways", "NatGateways"):
        if gateway.get("State") in GONE_STATES:
            continue
        allocations = sorted(
            address["AllocationId"]
            for address in gateway.get("NatGatewayAddresses", ())
            if address.get("AllocationId")
        )
        properties = {
            "SubnetId": gateway.get("SubnetId"),
            "VpcId": gateway.get("VpcId"),
            "ConnectivityType": gateway.get("ConnectivityType", "public"),
            "AllocationIds": allocations,
        }
        references = [
            *ref(scope, "SubnetId", SUBNET, gateway.get("SubnetId"), "network"),
            *many(scope, "AllocationIds", EIP, allocations, "network"),
        ]
        yield Described(gateway["NatGatewayId"], gateway, properties, references)


def read_route_tables(scope: Scope) -> Iterator[Described]:
    for table in pages(scope.client("ec2"), "describe_route_tables", "RouteTables"):
        routes = sorted(
            (without(route, "Origin") for route in table.get("Routes", ())), key=canonical_json
        )
        associations = sorted(
            (
                {key: a[key] for key in ("SubnetId", "GatewayId", "Main") if key in a}
                for a in table.get("Associations", ())
                if a.get("AssociationState", {}).get("State", "associated") == "associated"
            ),
            key=canonical_json,
        )
        references = [*ref(scope, "VpcId", VPC, table.get("VpcId"), "network")]
        for index, route in enumerate(routes):
            for key in ROUTE_TARGET_FIELDS:
                references += ref_to_id(scope, f"Routes[{index}].{key}", route.get(key), "route")
        for index, association in enumerate(associations):
            references += ref(
                scope,
                f"Associations[{index}].SubnetId",
                SUBNET,
                association.get("SubnetId"),
                "route",
            )
        properties = {"VpcId": table.get("VpcId"), "Routes": routes, "Associations": associations}
        yield Described(table["RouteTableId"], table, properties, references)


def read_addresses(scope: Scope) -> Iterator[Described]:
    # describe_addresses is not paginated: one call returns every address.
    for address in scope.client("ec2").describe_addresses().get("Addresses", ()):
        allocation = address.get("AllocationId") or address["PublicIp"]
        properties = without(
            address, "Tags", "AllocationId", "AssociationId", "NetworkInterfaceOwnerId"
        )
        references = [
            *ref(scope, "InstanceId", INSTANCE, address.get("InstanceId"), "attached-to"),
            *ref(
                scope,
                "NetworkInterfaceId",
                NETWORK_INTERFACE,
                address.get("NetworkInterfaceId"),
                "attached-to",
            ),
        ]
        yield Described(allocation, address, properties, references)


def user_data_digest(user_data: str | None) -> str | None:
    """User data often carries credentials: keep a digest that shows it changed, never the text."""
    return hashlib.sha256(user_data.encode()).hexdigest() if user_data else None


def instance_profile_arn(scope: Scope, profile: dict[str, Any] | None) -> str | None:
    if not profile:
        return None
    return profile.get("Arn") or f"arn:aws:iam::{scope.account}:instance-profile/{profile['Name']}"


def default_version(ec2: Any, template: dict[str, Any]) -> dict[str, Any]:
    # Versions are per template: no call returns the data of several templates.
    [version] = ec2.describe_launch_template_versions(
        LaunchTemplateId=template["LaunchTemplateId"], Versions=["$Default"]
    )["LaunchTemplateVersions"]
    return version


def read_launch_templates(scope: Scope) -> Iterator[Described]:
    ec2 = scope.client("ec2")
    templates = list(pages(ec2, "describe_launch_templates", "LaunchTemplates"))
    versions = scope.map(lambda template: default_version(ec2, template), templates)
    for template, version in zip(templates, versions, strict=True):
        template_id = template["LaunchTemplateId"]
        data = dict(version.get("LaunchTemplateData", {}))
        data["UserData"] = user_data_digest(data.get("UserData"))
        groups = sorted(data.get("SecurityGroupIds", ()))
        data["SecurityGroupIds"] = groups
        profile = instance_profile_arn(scope, data.get("IamInstanceProfile"))
        properties = {
            "LaunchTemplateName": template["LaunchTemplateName"],
            "DefaultVersionNumber": template.get("DefaultVersionNumber"),
            "LaunchTemplateData": data,
        }
        references = many(
            scope, "LaunchTemplateData.SecurityGroupIds", SECURITY_GROUP, groups, "network"
        )
        if profile:
            references.append(
                Reference(
                    "LaunchTemplateData.IamInstanceProfile", profile, "assumes", INSTANCE_PROFILE
                )
            )
        yield Described(template_id, template, properties, references)


def read_instances(scope: Scope) -> Iterator[Described]:
    for reservation in pages(scope.client("ec2"), "describe_instances", "Reservations"):
        for instance in reservation.get("Instances", ()):
            if instance.get("State", {}).get("Name") in {"terminated", "shutting-down"}:
                continue
            groups = sorted(group["GroupId"] for group in instance.get("SecurityGroups", ()))
            profile = instance_profile_arn(scope, instance.get("IamInstanceProfile"))
            tags = tag_map(instance.get("Tags"))
            template_id = tags.get("aws:ec2launchtemplate:id")
            properties = {
                "InstanceType": instance.get("InstanceType"),
                "ImageId": instance.get("ImageId"),
                "State": instance.get("State", {}).get("Name"),
                "SubnetId": instance.get("SubnetId"),
                "VpcId": instance.get("VpcId"),
                "AvailabilityZone": instance.get("Placement", {}).get("AvailabilityZone"),
                "PrivateIpAddress": instance.get("PrivateIpAddress"),
                "KeyName": instance.get("KeyName"),
                "SecurityGroupIds": groups,
                "IamInstanceProfile": profile,
                "LaunchTemplateId": template_id,
            }
            references = [
                *ref(scope, "SubnetId", SUBNET, instance.get("SubnetId"), "network"),
                *many(scope, "SecurityGroupIds", SECURITY_GROUP, groups, "network"),
                *ref(scope, "LaunchTemplateId", LAUNCH_TEMPLATE, template_id, "launched-from"),
            ]
            if profile:
                references.append(
                    Reference("IamInstanceProfile", profile, "assumes", INSTANCE_PROFILE)
                )
            yield Described(instance["InstanceId"], instance, properties, references)


TYPES = [
    ec2_type(SECURITY_GROUP, read_security_groups),
    ec2_type(INTERNET_GATEWAY, read_internet_gateways),
    ec2_type(NAT_GATEWAY, read_nat_gateways),
    ec2_type(ROUTE_TABLE, read_route_tables),
    ec2_type(EIP, read_addresses),
    ec2_type(LAUNCH_TEMPLATE, read_launch_templates),
    ec2_type(INSTANCE, read_instances),
]
