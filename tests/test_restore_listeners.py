"""Listener rules restore with their conditions and actions, after the listener."""

from __future__ import annotations

import pytest

from catalog.aws.elbv2.listener import DEFAULT_TARGET_GROUP, ON_LOAD_BALANCER, RULE_TARGET_GROUP
from catalog.graph.traversal import Hop
from catalog.restore.emit import Target
from catalog.restore.planner import Planner
from catalog.scope import Asset
from catalog.snapshots import PinnedAsset, Snapshot
from tests import terraform_schema
from tests.terraform_tools import assigned, needs_terraform, terraform_validate

ACCOUNT, REGION = "123456789012", "us-east-1"
PREFIX = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}"
BALANCER = f"{PREFIX}:loadbalancer/app/app-alb/1"
LISTENER = f"{PREFIX}:listener/app/app-alb/1/2"
API, ADMIN = f"{PREFIX}:targetgroup/api/3", f"{PREFIX}:targetgroup/admin/4"


def pinned(
    uid: str, type_name: str, refs: dict[str, str], name: str | None = None, **properties: object
) -> PinnedAsset:
    references = tuple(Hop(uid, target, field, "traffic") for field, target in refs.items())
    asset = Asset(uid, type_name, name, ACCOUNT, REGION, "h", "tagged", (), references)
    return PinnedAsset(asset, {"name": name, "tags": {}, "properties": properties})


def target_group(uid: str, name: str) -> PinnedAsset:
    return pinned(
        uid,
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        {},
        TargetGroupName=name,
        Port=8080,
        Protocol="HTTP",
        TargetType="ip",
        HealthCheckPath="/health",
    )


@pytest.fixture
def files() -> dict[str, str]:
    listener = pinned(
        LISTENER,
        "AWS::ElasticLoadBalancingV2::Listener",
        {
            ON_LOAD_BALANCER.path: BALANCER,
            DEFAULT_TARGET_GROUP.at(0): API,
            RULE_TARGET_GROUP.at(0, 0): ADMIN,
        },
        name="HTTP:80",
        LoadBalancerArn=BALANCER,
        Port=80,
        Protocol="HTTP",
        Certificates=[],
        DefaultActions=[{"Type": "forward", "TargetGroupArn": API}],
        Rules=[
            {
                "Priority": "10",
                "Actions": [{"Type": "forward", "TargetGroupArn": ADMIN}],
                "Conditions": [
                    {"Field": "path-pattern", "PathPatternConfig": {"Values": ["/admin/*"]}},
                    {
                        "Field": "http-header",
                        "HttpHeaderConfig": {"HttpHeaderName": "X-Team", "Values": ["ops"]},
                    },
                ],
            },
            {
                "Priority": "20",
                "Actions": [
                    {
                        "Type": "fixed-response",
                        "FixedResponseConfig": {"StatusCode": "403", "ContentType": "text/plain"},
                    }
                ],
                "Conditions": [{"Field": "host-header", "Values": ["internal.example.com"]}],
            },
        ],
    )
    balancer = pinned(
        BALANCER,
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {},
        LoadBalancerName="app-alb",
        Type="application",
        Scheme="internet-facing",
    )
    snapshot = Snapshot("snap-x", "app", "complete", "on-demand", 0, at=0)
    assets = [listener, balancer, target_group(API, "api"), target_group(ADMIN, "admin")]
    return Planner(snapshot, assets, Target()).build().files


def test_rules_keep_priorities_conditions_and_actions(files):
    traffic = files["50-traffic.tf"]
    assert 'resource "aws_lb_listener_rule" "http_80_rule_10"' in traffic
    assert assigned(traffic, "priority", "10") and assigned(traffic, "priority", "20")
    assert assigned(traffic, "target_group_arn", "aws_lb_target_group.admin.arn")
    assert assigned(traffic, "values", '["/admin/*"]')
    assert assigned(traffic, "http_header_name", '"X-Team"')
    assert assigned(traffic, "values", '["internal.example.com"]')
    assert assigned(traffic, "status_code", '"403"')
    assert terraform_schema.problems(files) == []


@needs_terraform
def test_terraform_validates_the_rules(files, tmp_path):
    terraform_validate(files, tmp_path)
