"""AWS::EC2::SecurityGroup from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import SECURITY_GROUP, VPC, security_group
from catalog.aws.spec import Scope, extract, resource_uid
from tests.aws.ec2 import test_vpc
from tests.aws.moto import REGION, tags
from tests.aws.roundtrip import roundtrip

DECLARATION = security_group.TYPE
WITH = [test_vpc.DECLARATION]
RECORDING = Path(__file__).with_name("security_group.json")


def build() -> None:
    test_vpc.build()
    ec2 = boto3.client("ec2", region_name=REGION)
    [vpc] = ec2.describe_vpcs()["Vpcs"]

    def group(name: str) -> str:
        return ec2.create_security_group(
            GroupName=name,
            Description=f"{name} traffic",
            VpcId=vpc["VpcId"],
            TagSpecifications=[{"ResourceType": "security-group", "Tags": tags(name)}],
        )["GroupId"]

    alb, tasks = group("app-alb"), group("app-tasks")
    ec2.authorize_security_group_ingress(
        GroupId=alb,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 443,
                "ToPort": 443,
                "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTPS"}],
            }
        ],
    )
    ec2.authorize_security_group_ingress(
        GroupId=tasks,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 8080,
                "ToPort": 8080,
                "UserIdGroupPairs": [{"GroupId": alb, "Description": "from the ALB"}],
            }
        ],
    )
    ec2.authorize_security_group_egress(
        GroupId=alb,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 8080,
                "ToPort": 8080,
                "UserIdGroupPairs": [{"GroupId": tasks}],
            }
        ],
    )


def test_rules_that_name_a_group_refer_to_it_and_restore_as_one_rule_resource_each():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    groups = {o.name: o for o in result.observations}
    alb, tasks = groups["app-alb"], groups["app-tasks"]
    assert alb.properties["IpPermissions"][0]["IpRanges"][0]["CidrIp"] == "0.0.0.0/0"
    assert set(alb.properties["RuleIds"].values()) and all(
        rule_id.startswith("sgr-") for rule_id in alb.properties["RuleIds"].values()
    )

    from_alb = result.references(tasks)[security_group.INGRESS_FROM.at(0, 0)]
    assert (from_alb.target, from_alb.kind, from_alb.target_type) == (
        alb.uid,
        "network",
        SECURITY_GROUP,
    )
    egress = alb.properties["IpPermissionsEgress"]
    [to_tasks] = [i for i, rule in enumerate(egress) if rule["UserIdGroupPairs"]]
    assert result.references(alb)[security_group.EGRESS_TO.at(to_tasks, 0)].target == tasks.uid
    in_vpc = result.references(alb)[security_group.IN_VPC.at()]
    assert (in_vpc.target_type, in_vpc.kind) == (VPC, "network")

    hcl = result.hcl()
    assert 'resource "aws_vpc_security_group_ingress_rule" "app_tasks_ingress_0_0"' in hcl
    assert "referenced_security_group_id = aws_security_group.app_alb.id" in hcl
    assert "referenced_security_group_id = aws_security_group.app_tasks.id" in hcl
    assert "vpc_id      = aws_vpc.app_vpc.id" in hcl
    # The VPC's own default group is adopted, not created again (EC2 refuses the name).
    assert "default" in {o.properties["GroupName"] for o in result.observations}
    assert 'resource "aws_default_security_group" "default"' in hcl
    assert (
        'name        = "default"' not in hcl
        and 'resource "aws_security_group" "default"' not in hcl
    )
    result.assert_clean()


def test_a_pair_in_another_account_refers_to_that_accounts_group():
    scope = Scope("123456789012", REGION, client=lambda service: None)
    rules = [{"UserIdGroupPairs": [{"GroupId": "sg-1", "UserId": "210987654321"}]}]
    [peer] = extract(DECLARATION.references, scope, {"IpPermissions": rules})
    assert peer.target == resource_uid("210987654321", REGION, SECURITY_GROUP, "sg-1")
