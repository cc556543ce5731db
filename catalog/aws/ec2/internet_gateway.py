"""AWS::EC2::InternetGateway: a VPC's way out to, and in from, the internet."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.ec2 import EC2_ARN, INTERNET_GATEWAY, VPC, described
from catalog.aws.spec import Described, Ref, ResourceType, Scope, by_id, pages
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block

ATTACHED_TO = Ref("AttachedVpcIds[*]", VPC, "network", by_id)


def read(scope: Scope) -> Iterator[Described]:
    for gateway in pages(scope.client("ec2"), "describe_internet_gateways", "InternetGateways"):
        vpcs = sorted(attachment["VpcId"] for attachment in gateway.get("Attachments", ()))
        properties = {"AttachedVpcIds": vpcs}
        yield described(scope, INTERNET_GATEWAY, gateway["InternetGatewayId"], gateway, properties)


def emit(ctx: Emit) -> list[Block]:
    return [
        ctx.resource(
            "aws_internet_gateway",
            {"vpc_id": ctx.ref(ATTACHED_TO, 0), **ctx.tags()},
            adopt=ctx.properties.get("Id"),
        )
    ]


TYPE = ResourceType(
    INTERNET_GATEWAY,
    "ec2",
    read,
    references=(ATTACHED_TO,),
    iam_actions=("ec2:DescribeInternetGateways",),
    terraform=TerraformType(
        "aws_internet_gateway",
        Stage.NETWORK,
        emit,
        shapes=(
            StateShape(
                "aws_internet_gateway",
                arn=EC2_ARN.format(kind="internet-gateway"),
                noun="internet gateway",
            ),
        ),
    ),
)
