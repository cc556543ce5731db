"""AWS::Route53::RecordSet from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.elbv2 import LOAD_BALANCER, load_balancer
from catalog.aws.route53 import HOSTED_ZONE, RECORD_SET, hosted_zone, record_set
from catalog.model import Observation
from tests.aws.elbv2 import test_load_balancer
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = record_set.TYPE
WITH = [hosted_zone.TYPE, load_balancer.TYPE]
RECORDING = Path(__file__).with_name("record_set.json")
ZONE = "example.com."


def build() -> None:
    """The application's public name: an alias to its ALB, a CNAME to that name, and an
    alias to that record of the same zone."""
    test_load_balancer.build()
    [balancer] = boto3.client("elbv2", region_name=REGION).describe_load_balancers()[
        "LoadBalancers"
    ]
    route53 = boto3.client("route53")
    zone = route53.create_hosted_zone(Name=ZONE, CallerReference="public")["HostedZone"]
    alias = {
        "HostedZoneId": balancer["CanonicalHostedZoneId"],
        "DNSName": f"dualstack.{balancer['DNSName']}.",
        "EvaluateTargetHealth": True,
    }
    changes = [
        {"Name": f"app.{ZONE}", "Type": "A", "AliasTarget": alias},
        {"Name": f"www.{ZONE}", "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": "app"}]},
        {
            "Name": f"api.{ZONE}",
            "Type": "A",
            "AliasTarget": {
                "HostedZoneId": zone["Id"].split("/")[-1],
                "DNSName": f"app.{ZONE}",
                "EvaluateTargetHealth": False,
            },
        },
    ]
    route53.change_resource_record_sets(
        HostedZoneId=zone["Id"],
        ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": c} for c in changes]},
    )


def named(observations: list[Observation], name: str) -> Observation:
    [found] = [o for o in observations if o.name == name]
    return found


def test_an_alias_refers_to_the_load_balancer_itself_and_cuts_over_to_the_restored_one():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    app = named(result.observations, f"app.{ZONE}")
    assert app.region == "global"
    assert app.uid.endswith(f":{RECORD_SET}:{app.properties['HostedZoneId']}/app.{ZONE}/A/")
    references = result.references(app)
    zone = references[record_set.IN_ZONE.path]
    assert (zone.kind, zone.target_type) == ("contained-in", HOSTED_ZONE)
    alias = references[record_set.ALIAS]
    assert (alias.kind, alias.target_type) == ("alias", LOAD_BALANCER)
    assert alias.target.startswith("arn:aws:elasticloadbalancing:")  # resolved by DNS name
    www = named(result.observations, f"www.{ZONE}")
    assert www.properties["TTL"] == 300 and www.properties["ResourceRecords"] == ["app"]
    assert set(result.references(www)) == {record_set.IN_ZONE.path}
    hcl = result.hcl()
    assert "name                   = aws_lb.app_alb.dns_name" in hcl
    assert "zone_id                = aws_lb.app_alb.zone_id" in hcl
    assert "count           = var.dns_cutover ? 1 : 0" in hcl
    api = result.references(named(result.observations, f"api.{ZONE}"))[record_set.ALIAS]
    assert (api.kind, api.target) == ("alias", app.uid)
    # In the zone looked up in the target, and only once the record it aliases is there.
    assert "name                   = one(aws_route53_record.app_example_com[*].fqdn)" in hcl
    assert "zone_id                = data.aws_route53_zone.example_com.zone_id" in hcl
    assert '"SOA"' not in hcl and '"NS"' not in hcl  # the zone's own records stay Route 53's
    result.assert_clean()
