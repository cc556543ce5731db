"""AWS::EC2::RouteTable from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import INTERNET_GATEWAY, NAT_GATEWAY, SUBNET, route_table
from tests.aws.ec2 import test_internet_gateway, test_nat_gateway
from tests.aws.moto import REGION, tags
from tests.aws.roundtrip import roundtrip

DECLARATION = route_table.TYPE
WITH = [*test_nat_gateway.WITH, test_nat_gateway.DECLARATION, test_internet_gateway.DECLARATION]
RECORDING = Path(__file__).with_name("route_table.json")


def build() -> None:
    test_nat_gateway.build()
    ec2 = boto3.client("ec2", region_name=REGION)
    [vpc] = ec2.describe_vpcs()["Vpcs"]
    [subnet] = ec2.describe_subnets()["Subnets"]
    [nat] = ec2.describe_nat_gateways()["NatGateways"]
    gateway = ec2.create_internet_gateway(
        TagSpecifications=[{"ResourceType": "internet-gateway", "Tags": tags("app-igw")}]
    )["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc["VpcId"])
    table = ec2.create_route_table(
        VpcId=vpc["VpcId"],
        TagSpecifications=[{"ResourceType": "route-table", "Tags": tags("app-private")}],
    )["RouteTable"]["RouteTableId"]
    ec2.create_route(
        RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat["NatGatewayId"]
    )
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="192.0.2.0/24", GatewayId=gateway)
    ec2.associate_route_table(RouteTableId=table, SubnetId=subnet["SubnetId"])


def test_routes_refer_to_their_targets_by_id_prefix_and_restore_one_resource_each():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    [table] = [o for o in result.observations if o.name == "app-private"]
    routes = table.properties["Routes"]
    by_destination = {route["DestinationCidrBlock"]: index for index, route in enumerate(routes)}
    references = result.references(table)
    to_nat = references[route_table.TO_NAT_GATEWAY.at(by_destination["0.0.0.0/0"])]
    assert (to_nat.kind, to_nat.target_type) == ("route", NAT_GATEWAY)
    to_igw = references[route_table.TO_INTERNET_GATEWAY.at(by_destination["192.0.2.0/24"])]
    assert (to_igw.kind, to_igw.target_type) == ("route", INTERNET_GATEWAY)
    local = route_table.TO_INTERNET_GATEWAY.at(by_destination["10.0.0.0/16"])
    assert routes[by_destination["10.0.0.0/16"]]["GatewayId"] == "local"
    assert local not in references  # `local` is no resource
    subnet = references[route_table.ASSOCIATED_SUBNETS.at(0)]
    assert (subnet.kind, subnet.target_type) == ("route", SUBNET)

    hcl = result.hcl()
    assert "nat_gateway_id         = aws_nat_gateway.app_nat.id" in hcl
    assert "gateway_id             = aws_internet_gateway.app_igw.id" in hcl
    assert "subnet_id      = aws_subnet.app_private_b.id" in hcl
    assert hcl.count('resource "aws_route" ') == 2  # not the local route
    result.assert_clean()
