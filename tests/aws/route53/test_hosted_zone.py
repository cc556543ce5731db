"""AWS::Route53::HostedZone from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import vpc
from catalog.aws.route53 import HOSTED_ZONE, hosted_zone
from tests.aws.ec2 import test_vpc
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = hosted_zone.TYPE
WITH = [vpc.TYPE]
RECORDING = Path(__file__).with_name("hosted_zone.json")


def build() -> None:
    """A private zone, which answers in the application's VPC."""
    test_vpc.build()
    [only] = boto3.client("ec2", region_name=REGION).describe_vpcs()["Vpcs"]
    route53 = boto3.client("route53")
    zone = route53.create_hosted_zone(
        Name="internal.example.",
        CallerReference="internal",
        HostedZoneConfig={"PrivateZone": True, "Comment": "service discovery"},
        VPC={"VPCRegion": REGION, "VPCId": only["VpcId"]},
    )["HostedZone"]
    route53.change_tags_for_resource(
        ResourceType="hostedzone",
        ResourceId=zone["Id"].rsplit("/", 1)[-1],
        AddTags=[{"Key": "Project", "Value": "app-infra"}],
    )


def test_a_private_zone_refers_to_its_vpc_in_that_region_and_is_looked_up_not_created():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert observed.region == "global" and observed.name == "internal.example."
    assert observed.tags == {"Project": "app-infra"}
    assert observed.properties["PrivateZone"] is True
    assert observed.properties["Comment"] == "service discovery"
    assert observed.uid.endswith(f":global:{HOSTED_ZONE}:{observed.properties['Id']}")
    in_vpc = result.references()[hosted_zone.VPCS.at(0)]
    assert (in_vpc.kind, in_vpc.target_type) == ("network", vpc.VPC)
    # A zone is global; the VPC it answers in is not.
    assert f":{REGION}:{vpc.VPC}:" in in_vpc.target
    hcl = result.hcl()
    assert 'data "aws_route53_zone" "internal_example"' in hcl
    assert 'resource "aws_route53_zone"' not in hcl
    result.assert_clean()
