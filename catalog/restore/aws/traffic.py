"""Load balancing as Terraform: the traffic stage.

Listener actions keep their kind (forward, redirect, fixed response) with target
groups as references.
"""

from __future__ import annotations

from typing import Any

from catalog.aws.elbv2 import LISTENER, LOAD_BALANCER, TARGET_GROUP
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, legacy_terraform
from catalog.restore.hcl import Block


def load_balancer(ctx: Emit) -> list[Block]:
    p = ctx.properties
    attributes = p.get("Attributes") or {}
    return [
        ctx.resource(
            "aws_lb",
            {
                "name": p["LoadBalancerName"],
                "internal": p.get("Scheme") == "internal",
                "load_balancer_type": p.get("Type"),
                "ip_address_type": p.get("IpAddressType"),
                "security_groups": ctx.refs("SecurityGroups") or None,
                "subnets": ctx.refs("Subnets"),
                "idle_timeout": _number(attributes.get("idle_timeout.timeout_seconds")),
                "enable_deletion_protection": _flag(attributes.get("deletion_protection.enabled")),
                "enable_cross_zone_load_balancing": _flag(
                    attributes.get("load_balancing.cross_zone.enabled")
                )
                if p.get("Type") == "network"
                else None,
                **ctx.tags(),
            },
            adopt=ctx.asset.uid,
        )
    ]


def target_group(ctx: Emit) -> list[Block]:
    p = ctx.properties
    attributes = p.get("Attributes") or {}
    health = {
        "enabled": p.get("HealthCheckEnabled"),
        "path": p.get("HealthCheckPath"),
        "port": p.get("HealthCheckPort"),
        "protocol": p.get("HealthCheckProtocol"),
        "interval": p.get("HealthCheckIntervalSeconds"),
        "timeout": p.get("HealthCheckTimeoutSeconds"),
        "healthy_threshold": p.get("HealthyThresholdCount"),
        "unhealthy_threshold": p.get("UnhealthyThresholdCount"),
        "matcher": (p.get("Matcher") or {}).get("HttpCode"),
    }
    return [
        ctx.resource(
            "aws_lb_target_group",
            {
                "name": p["TargetGroupName"],
                "port": p.get("Port"),
                "protocol": p.get("Protocol"),
                "protocol_version": p.get("ProtocolVersion"),
                "target_type": p.get("TargetType"),
                "ip_address_type": p.get("IpAddressType"),
                "vpc_id": ctx.ref("VpcId"),
                "deregistration_delay": attributes.get("deregistration_delay.timeout_seconds"),
                **ctx.tags(),
            },
            [Block("health_check", attributes=health)],
            adopt=ctx.asset.uid,
        )
    ]


def listener(ctx: Emit) -> list[Block]:
    p = ctx.properties
    actions = [
        _action(ctx, f"DefaultActions[{index}]", action, "default_action")
        for index, action in enumerate(p.get("DefaultActions", ()))
    ]
    secure = p.get("Protocol") in ("HTTPS", "TLS")
    blocks = [
        ctx.resource(
            "aws_lb_listener",
            {
                "load_balancer_arn": ctx.ref("LoadBalancerArn", "arn"),
                "port": p.get("Port"),
                "protocol": p.get("Protocol"),
                "ssl_policy": p.get("SslPolicy") if secure else None,
                "certificate_arn": ctx.ref("Certificates[0].CertificateArn", "arn"),
                **ctx.tags(),
            },
            actions,
            adopt=ctx.asset.uid,
        )
    ]
    for index in range(1, len(p.get("Certificates", ()))):
        certificate = ctx.ref(f"Certificates[{index}].CertificateArn", "arn")
        blocks.append(
            ctx.resource(
                "aws_lb_listener_certificate",
                {"listener_arn": ctx.ref_self("arn"), "certificate_arn": certificate},
                part=f"certificate_{index}",
                adopt=_adopted_certificate(ctx, index),
            )
        )
    if not ctx.adopting:
        # Rules are identified by their priority, not by a stored ARN, so in place they
        # cannot be imported: there the running rules are left as they are.
        blocks += [_rule(ctx, index, rule) for index, rule in enumerate(p.get("Rules", ()))]
    return blocks


# Listener rule conditions: the API's field, and the block and values Terraform takes.
CONDITIONS = {
    "path-pattern": ("path_pattern", "PathPatternConfig"),
    "host-header": ("host_header", "HostHeaderConfig"),
    "http-request-method": ("http_request_method", "HttpRequestMethodConfig"),
    "source-ip": ("source_ip", "SourceIpConfig"),
}


def _rule(ctx: Emit, index: int, rule: dict[str, Any]) -> Block:
    field = f"Rules[{index}]"
    actions = [
        _action(ctx, f"{field}.Actions[{position}]", action, "action")
        for position, action in enumerate(rule.get("Actions", ()))
    ]
    conditions = [_condition(condition) for condition in rule.get("Conditions", ())]
    return ctx.resource(
        "aws_lb_listener_rule",
        {"listener_arn": ctx.ref_self("arn"), "priority": int(rule["Priority"])},
        [*actions, *conditions],
        part=f"rule_{rule['Priority']}",
    )


def _condition(condition: dict[str, Any]) -> Block:
    name = condition["Field"]
    if name == "http-header":
        config = condition.get("HttpHeaderConfig") or {}
        inner = Block(
            "http_header",
            attributes={
                "http_header_name": config.get("HttpHeaderName"),
                "values": config.get("Values", []),
            },
        )
    elif name == "query-string":
        pairs = (condition.get("QueryStringConfig") or {}).get("Values", ())
        return Block(
            "condition",
            blocks=[
                Block("query_string", attributes={"key": pair.get("Key"), "value": pair["Value"]})
                for pair in pairs
            ],
        )
    else:
        block, config = CONDITIONS[name]
        values = (condition.get(config) or {}).get("Values") or condition.get("Values", [])
        inner = Block(block, attributes={"values": values})
    return Block("condition", blocks=[inner])


def _adopted_certificate(ctx: Emit, index: int) -> str | None:
    arn = ctx.properties["Certificates"][index]["CertificateArn"]
    now = {c.get("CertificateArn") for c in (ctx.current or {}).get("Certificates", ())}
    return f"{ctx.asset.uid}_{arn}" if arn in now else None


def _action(ctx: Emit, field: str, action: dict[str, Any], block: str) -> Block:
    """A listener's default action or a rule's action (`block` names which)."""
    kind = action["Type"]
    attributes: dict[str, Any] = {"type": kind}
    blocks: list[Block] = []
    if kind == "forward":
        attributes["target_group_arn"] = ctx.ref(f"{field}.TargetGroupArn", "arn")
    elif kind == "redirect":
        redirect = action.get("RedirectConfig") or {}
        blocks.append(
            Block(
                "redirect",
                attributes={
                    "status_code": redirect.get("StatusCode"),
                    "protocol": redirect.get("Protocol"),
                    "port": redirect.get("Port"),
                    "host": redirect.get("Host"),
                    "path": redirect.get("Path"),
                    "query": redirect.get("Query"),
                },
            )
        )
    elif kind == "fixed-response":
        response = action.get("FixedResponseConfig") or {}
        blocks.append(
            Block(
                "fixed_response",
                attributes={
                    "content_type": response.get("ContentType"),
                    "message_body": response.get("MessageBody"),
                    "status_code": response.get("StatusCode"),
                },
            )
        )
    return Block(block, attributes=attributes, blocks=blocks)


def _flag(value: str | None) -> bool | None:
    return None if value is None else value == "true"


def _number(value: str | None) -> int | None:
    return None if value is None else int(value)


TYPES = [
    legacy_terraform(
        LOAD_BALANCER,
        "aws_lb",
        Stage.TRAFFIC,
        load_balancer,
        ("LoadBalancerName",),
        shapes=(StateShape("aws_lb", noun="load balancer"),),
        outputs=(("dns_name", "Load balancer address"),),
    ),
    legacy_terraform(
        TARGET_GROUP,
        "aws_lb_target_group",
        Stage.TRAFFIC,
        target_group,
        ("TargetGroupName",),
        shapes=(StateShape("aws_lb_target_group", noun="target group"),),
        outputs=(("arn", "Target group to check for health"),),
    ),
    legacy_terraform(
        LISTENER,
        "aws_lb_listener",
        Stage.TRAFFIC,
        listener,
        shapes=(
            StateShape("aws_lb_listener", noun="listener"),
            StateShape(
                "aws_lb_listener_certificate", parent="listener_arn", noun="listener certificate"
            ),
        ),
    ),
]
