"""EC2 and VPC: the network a restore rebuilds first.

This package names every EC2 type once; each type's declaration is a module of it
(vpc.py, subnet.py...). What every EC2 type shares is here: the API names its
resources by ID, never by ARN.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog.aws.spec import Described, Scope, tag_map

VPC = "AWS::EC2::VPC"
SUBNET = "AWS::EC2::Subnet"
SECURITY_GROUP = "AWS::EC2::SecurityGroup"
INTERNET_GATEWAY = "AWS::EC2::InternetGateway"
NAT_GATEWAY = "AWS::EC2::NatGateway"
ROUTE_TABLE = "AWS::EC2::RouteTable"
EIP = "AWS::EC2::EIP"
INSTANCE = "AWS::EC2::Instance"
LAUNCH_TEMPLATE = "AWS::EC2::LaunchTemplate"
# Not crawled, but what routes and addresses point at.
NETWORK_INTERFACE = "AWS::EC2::NetworkInterface"
VPC_PEERING_CONNECTION = "AWS::EC2::VPCPeeringConnection"
TRANSIT_GATEWAY = "AWS::EC2::TransitGateway"
VPN_GATEWAY = "AWS::EC2::VPNGateway"
VPC_ENDPOINT = "AWS::EC2::VPCEndpoint"
EGRESS_ONLY_INTERNET_GATEWAY = "AWS::EC2::EgressOnlyInternetGateway"


def described(
    scope: Scope,
    type_name: str,
    resource_id: str,
    item: Mapping[str, Any],
    properties: Mapping[str, Any],
) -> Described:
    """An EC2 resource as read: its uid is built from its ID, which it keeps as `Id`, and its
    Name tag names it, else its ID."""
    tags = tag_map(item.get("Tags"))
    return Described(
        uid=scope.uid(type_name, resource_id),
        name=tags.get("Name") or resource_id,
        properties={"Id": resource_id, **properties},
        tags=tags,
    )


def instance_profile_arn(scope: Scope, profile: Mapping[str, Any] | None) -> str | None:
    """The ARN of an instance profile as EC2 names it: by ARN, or (a launch template) by name."""
    if not profile:
        return None
    return profile.get("Arn") or f"arn:aws:iam::{scope.account}:instance-profile/{profile['Name']}"


# The provider's `arn` of an EC2 resource (the catalog knows them by ID).
EC2_ARN = "arn:aws:ec2:{{region}}:{{account}}:{kind}/{{id}}"
