"""AWS::EC2::SecurityGroup: a VPC's firewall, and the rules that let other groups in.

Its rules are separate `aws_vpc_security_group_*_rule` resources, never inline
blocks: groups that reference each other (the load balancer's, the tasks', the
database's) would otherwise form a cycle Terraform refuses.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.ec2 import EC2_ARN, SECURITY_GROUP, VPC, described
from catalog.aws.spec import (
    Described,
    Found,
    Ref,
    ResourceType,
    Scope,
    by_id,
    pages,
    resource_uid,
)
from catalog.drift.shape import StateShape
from catalog.model import canonical_json
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block


def in_pair_account(found: Found) -> str | None:
    """The group of a rule's pair, in the account the pair names (`UserId`): another
    account's group in a peered VPC is a resource of that account."""
    if not found.value:
        return None
    account = found.holder.get("UserId") or found.scope.account
    return resource_uid(account, found.scope.region, found.target, found.value)


DEFAULT = "default"  # the group every VPC comes with
IN_VPC = Ref("VpcId", VPC, "network", by_id)
INGRESS_FROM = Ref(
    "IpPermissions[*].UserIdGroupPairs[*].GroupId", SECURITY_GROUP, "network", in_pair_account
)
EGRESS_TO = Ref(
    "IpPermissionsEgress[*].UserIdGroupPairs[*].GroupId",
    SECURITY_GROUP,
    "network",
    in_pair_account,
)


def normalized_rules(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules in a stable order; AWS returns them, and their sources, as sets."""
    normalized = []
    for rule in rules:
        rule = dict(rule)
        for key in ("IpRanges", "Ipv6Ranges", "PrefixListIds", "UserIdGroupPairs"):
            rule[key] = sorted(rule.get(key, ()), key=canonical_json)
        normalized.append(rule)
    return sorted(normalized, key=canonical_json)


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


def read(scope: Scope) -> Iterator[Described]:
    ids = rule_ids(scope)
    for group in pages(scope.client("ec2"), "describe_security_groups", "SecurityGroups"):
        properties = {
            "GroupName": group["GroupName"],
            "Description": group.get("Description"),
            "VpcId": group.get("VpcId"),
            "IpPermissions": normalized_rules(group.get("IpPermissions", [])),
            "IpPermissionsEgress": normalized_rules(group.get("IpPermissionsEgress", [])),
            "RuleIds": ids.get(group["GroupId"], {}),
        }
        yield described(scope, SECURITY_GROUP, group["GroupId"], group, properties)


def default_group(properties: dict[str, Any]) -> str | None:
    """Every VPC comes with a group named `default`, which cannot be created again: it is
    adopted by `aws_default_security_group`, which then holds the rules declared for it."""
    return "aws_default_security_group" if properties.get("GroupName") == DEFAULT else None


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    adopted = default_group(p)
    attributes = {} if adopted else {"name": p["GroupName"], "description": p.get("Description")}
    group = ctx.resource(
        adopted or "aws_security_group",
        {**attributes, "vpc_id": ctx.ref(IN_VPC), **ctx.tags()},
        adopt=p.get("Id"),
    )
    rules: list[Block] = []
    for direction, field, groups in (
        ("ingress", "IpPermissions", INGRESS_FROM),
        ("egress", "IpPermissionsEgress", EGRESS_TO),
    ):
        for index, permission in enumerate(p.get(field, ())):
            rules += _rules(ctx, direction, groups, index, permission)
    return [group, *rules]


def _rules(
    ctx: Emit, direction: str, groups: Ref, index: int, permission: dict[str, Any]
) -> list[Block]:
    """One rule resource per source: a CIDR, an IPv6 CIDR, a prefix list or a group."""
    ports = _ports(permission)
    sources: list[tuple[str, dict[str, Any]]] = []  # (source as EC2 names it, arguments)
    for item in permission.get("IpRanges", ()):
        sources.append((item["CidrIp"], {"cidr_ipv4": item["CidrIp"]} | _described(item)))
    for item in permission.get("Ipv6Ranges", ()):
        sources.append((item["CidrIpv6"], {"cidr_ipv6": item["CidrIpv6"]} | _described(item)))
    for item in permission.get("PrefixListIds", ()):
        prefix_list = item["PrefixListId"]
        sources.append((prefix_list, {"prefix_list_id": prefix_list} | _described(item)))
    for position, pair in enumerate(permission.get("UserIdGroupPairs", ())):
        group = ctx.ref(groups, index, position)
        sources.append(
            (pair["GroupId"], {"referenced_security_group_id": group} | _described(pair))
        )
    rule_ids = (ctx.current or {}).get("RuleIds") or {}  # the rules that exist now
    protocol = permission.get("IpProtocol", "-1")
    return [
        ctx.resource(
            f"aws_vpc_security_group_{direction}_rule",
            {"security_group_id": ctx.ref_self("id"), **ports, **arguments},
            part=f"{direction}_{index}_{number}",
            adopt=rule_ids.get(
                rule_key(
                    direction == "egress",
                    protocol,
                    permission.get("FromPort"),
                    permission.get("ToPort"),
                    source,
                )
            ),
        )
        for number, (source, arguments) in enumerate(sources)
    ]


def _described(item: dict[str, Any]) -> dict[str, Any]:
    return {"description": item.get("Description")}


def _ports(permission: dict[str, Any]) -> dict[str, Any]:
    protocol = str(permission.get("IpProtocol", "-1"))
    if protocol == "-1":
        return {"ip_protocol": "-1"}
    return {
        "ip_protocol": protocol,
        "from_port": permission.get("FromPort"),
        "to_port": permission.get("ToPort"),
    }


TYPE = ResourceType(
    SECURITY_GROUP,
    "ec2",
    read,
    references=(IN_VPC, INGRESS_FROM, EGRESS_TO),
    compared=("IpPermissions", "IpPermissionsEgress"),
    iam_actions=("ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules"),
    terraform=TerraformType(
        "aws_security_group",
        Stage.NETWORK,
        emit,
        ("GroupName",),
        resource_for=default_group,
        shapes=(
            StateShape(
                "aws_security_group",
                schema_version=1,
                arn=EC2_ARN.format(kind="security-group"),
                noun="security group",
            ),
            StateShape(
                "aws_default_security_group",
                schema_version=1,
                arn=EC2_ARN.format(kind="security-group"),
                noun="default security group",
            ),
            StateShape(
                "aws_vpc_security_group_ingress_rule",
                parent="security_group_id",
                noun="ingress rule",
                inline="ingress",
            ),
            StateShape(
                "aws_vpc_security_group_egress_rule",
                parent="security_group_id",
                noun="egress rule",
                inline="egress",
            ),
        ),
    ),
)
