"""AWS::ElasticLoadBalancingV2::Listener from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.elbv2 import LOAD_BALANCER, TARGET_GROUP, listener, load_balancer, target_group
from tests.aws.elbv2 import test_load_balancer, test_target_group
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = listener.TYPE
WITH = [load_balancer.TYPE, target_group.TYPE]
RECORDING = Path(__file__).with_name("listener.json")


def build() -> None:
    """HTTP:80 of the ALB: forwards to the API's group, and /admin/* by a rule too."""
    test_load_balancer.build()
    test_target_group.add_group()
    elbv2 = boto3.client("elbv2", region_name=REGION)
    [balancer] = elbv2.describe_load_balancers()["LoadBalancers"]
    [group] = elbv2.describe_target_groups()["TargetGroups"]
    forward = [{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}]
    created = elbv2.create_listener(
        LoadBalancerArn=balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward,
    )["Listeners"][0]
    elbv2.create_rule(
        ListenerArn=created["ListenerArn"],
        Priority=10,
        Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/admin/*"]}}],
        Actions=forward,
    )


def test_a_listener_is_part_of_its_load_balancer_and_forwards_to_its_target_group():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert observed.name == "HTTP:80"
    [rule] = observed.properties["Rules"]  # the default rule is DefaultActions again
    assert rule["Priority"] == "10"
    references = result.references()
    on = references[listener.ON_LOAD_BALANCER.path]
    assert (on.kind, on.target_type) == ("attached-to", LOAD_BALANCER)
    assert on.target == observed.properties["LoadBalancerArn"]
    for forward in (listener.DEFAULT_TARGET_GROUP.at(0), listener.RULE_TARGET_GROUP.at(0, 0)):
        assert (references[forward].kind, references[forward].target_type) == (
            "traffic",
            TARGET_GROUP,
        )
    assert listener.ON_LOAD_BALANCER.part_of
    hcl = result.hcl()
    assert "load_balancer_arn = aws_lb.app_alb.arn" in hcl
    assert hcl.count("target_group_arn = aws_lb_target_group.api.arn") == 2
    assert 'resource "aws_lb_listener_rule"' in hcl and '"/admin/*"' in hcl
    result.assert_clean()
