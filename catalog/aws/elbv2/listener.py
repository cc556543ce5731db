"""AWS::ElasticLoadBalancingV2::Listener: a port of a load balancer, with its rules and
certificates.

Rules and certificates are kept in the listener (they have no life of their own):
rules by priority, the default rule left out (it repeats DefaultActions). Listener
actions keep their kind (forward, redirect, fixed response) with target groups as
references.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from catalog.aws.acm import CERTIFICATE
from catalog.aws.elbv2 import LISTENER, LOAD_BALANCER, TARGET_GROUP, tags_by_arn
from catalog.aws.spec import Described, Ref, ResourceType, Scope, pages, without
from catalog.drift.shape import StateShape
from catalog.model import canonical_json
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block

ON_LOAD_BALANCER = Ref("LoadBalancerArn", LOAD_BALANCER, "attached-to", part_of=True)
DEFAULT_TARGET_GROUP = Ref("DefaultActions[*].TargetGroupArn", TARGET_GROUP, "traffic")
DEFAULT_WEIGHTED_TARGET_GROUPS = Ref(
    "DefaultActions[*].ForwardConfig.TargetGroups[*].TargetGroupArn", TARGET_GROUP, "traffic"
)
CERTIFICATES = Ref("Certificates[*].CertificateArn", CERTIFICATE, "tls")
RULE_TARGET_GROUP = Ref("Rules[*].Actions[*].TargetGroupArn", TARGET_GROUP, "traffic")
RULE_WEIGHTED_TARGET_GROUPS = Ref(
    "Rules[*].Actions[*].ForwardConfig.TargetGroups[*].TargetGroupArn", TARGET_GROUP, "traffic"
)


def action(item: dict[str, Any]) -> dict[str, Any]:
    """An action with its weighted target groups in a stable order; redirects kept as they are."""
    item = dict(item)
    forward = item.get("ForwardConfig")
    if forward:
        groups = sorted(forward.get("TargetGroups", ()), key=lambda g: g["TargetGroupArn"])
        item["ForwardConfig"] = {**forward, "TargetGroups": groups}
    return item


def actions(items: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    # Order says which action runs first; without an Order, keep the API's order.
    return sorted((action(item) for item in items or ()), key=lambda item: item.get("Order", 0))


def rule(item: dict[str, Any]) -> dict[str, Any]:
    # The rule ARN changes if the rule is recreated identically; the priority identifies it.
    return {
        "Priority": item.get("Priority"),
        "Conditions": sorted(item.get("Conditions", ()), key=canonical_json),
        "Actions": actions(item.get("Actions")),
    }


def rules(elbv2: Any, listener_arn: str) -> list[dict[str, Any]]:
    """The non-default rules by priority; the default rule repeats DefaultActions."""
    found = [
        rule(item)
        for item in pages(elbv2, "describe_rules", "Rules", ListenerArn=listener_arn)
        if not item.get("IsDefault") and item.get("Priority") != "default"
    ]
    return sorted(found, key=lambda item: int(item["Priority"]))


def certificates(elbv2: Any, listener: dict[str, Any]) -> list[dict[str, Any]]:
    """Every certificate of an HTTPS or TLS listener, by ARN.

    describe_listeners shows the default certificate only; the others (SNI) come
    from describe_listener_certificates, which some implementations answer
    without the default one, so both answers are merged.
    """
    if not listener.get("Certificates"):
        return []
    found = pages(
        elbv2,
        "describe_listener_certificates",
        "Certificates",
        ListenerArn=listener["ListenerArn"],
    )
    default = {c["CertificateArn"] for c in listener["Certificates"] if c.get("CertificateArn")}
    arns = default | {c["CertificateArn"] for c in found if c.get("CertificateArn")}
    return [{"CertificateArn": arn, "IsDefault": arn in default} for arn in sorted(arns)]


def listener_details(elbv2: Any, listener: dict[str, Any]) -> dict[str, Any]:
    return {
        "Certificates": certificates(elbv2, listener),
        "Rules": rules(elbv2, listener["ListenerArn"]),
    }


def listeners_of(elbv2: Any, balancer_arn: str) -> list[dict[str, Any]]:
    return list(pages(elbv2, "describe_listeners", "Listeners", LoadBalancerArn=balancer_arn))


def read(scope: Scope) -> Iterator[Described]:
    elbv2 = scope.client("elbv2")
    balancers = [
        balancer["LoadBalancerArn"]
        for balancer in pages(elbv2, "describe_load_balancers", "LoadBalancers")
    ]
    listeners = [
        listener
        for found in scope.map(lambda arn: listeners_of(elbv2, arn), balancers)
        for listener in found
    ]
    details = scope.map(lambda listener: listener_details(elbv2, listener), listeners)
    tags = tags_by_arn(elbv2, [listener["ListenerArn"] for listener in listeners])
    for listener, detail in zip(listeners, details, strict=True):
        arn = listener["ListenerArn"]
        properties = without(listener, "ListenerArn", "Certificates", "DefaultActions")
        properties["DefaultActions"] = actions(listener.get("DefaultActions"))
        properties["AlpnPolicy"] = sorted(listener.get("AlpnPolicy", ()))
        properties.update(detail)
        name = f"{listener.get('Protocol', '')}:{listener.get('Port', '')}".strip(":")
        yield Described(uid=arn, name=name, properties=properties, tags=tags.get(arn, {}))


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    default_actions = [
        _action(ctx, action, "default_action", DEFAULT_TARGET_GROUP, index)
        for index, action in enumerate(p.get("DefaultActions", ()))
    ]
    secure = p.get("Protocol") in ("HTTPS", "TLS")
    blocks = [
        ctx.resource(
            "aws_lb_listener",
            {
                "load_balancer_arn": ctx.ref(ON_LOAD_BALANCER, attribute="arn"),
                "port": p.get("Port"),
                "protocol": p.get("Protocol"),
                "ssl_policy": p.get("SslPolicy") if secure else None,
                "certificate_arn": ctx.ref(CERTIFICATES, 0, attribute="arn"),
                **ctx.tags(),
            },
            default_actions,
            adopt=ctx.asset.uid,
        )
    ]
    for index in range(1, len(p.get("Certificates", ()))):
        certificate = ctx.ref(CERTIFICATES, index, attribute="arn")
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
    rule_actions = [
        _action(ctx, action, "action", RULE_TARGET_GROUP, index, position)
        for position, action in enumerate(rule.get("Actions", ()))
    ]
    conditions = [_condition(condition) for condition in rule.get("Conditions", ())]
    return ctx.resource(
        "aws_lb_listener_rule",
        {"listener_arn": ctx.ref_self("arn"), "priority": int(rule["Priority"])},
        [*rule_actions, *conditions],
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


# Actions configured by a block of their own: the block, the API's field for it, and
# its arguments by the API's setting names.
CONFIGURED_ACTIONS = {
    "redirect": (
        "redirect",
        "RedirectConfig",
        {
            "status_code": "StatusCode",
            "protocol": "Protocol",
            "port": "Port",
            "host": "Host",
            "path": "Path",
            "query": "Query",
        },
    ),
    "fixed-response": (
        "fixed_response",
        "FixedResponseConfig",
        {
            "content_type": "ContentType",
            "message_body": "MessageBody",
            "status_code": "StatusCode",
        },
    ),
}


def _action(
    ctx: Emit, action: dict[str, Any], block: str, target_group: Ref, *positions: int
) -> Block:
    """A listener's default action or a rule's action (`block` names which); `target_group`
    is where its forward target is declared, at `positions`."""
    kind = action["Type"]
    attributes: dict[str, Any] = {"type": kind}
    blocks: list[Block] = []
    if kind == "forward":
        attributes["target_group_arn"] = ctx.ref(target_group, *positions, attribute="arn")
    elif kind in CONFIGURED_ACTIONS:
        name, key, settings = CONFIGURED_ACTIONS[kind]
        config = action.get(key) or {}
        values = {argument: config.get(setting) for argument, setting in settings.items()}
        blocks.append(Block(name, attributes=values))
    return Block(block, attributes=attributes, blocks=blocks)


TYPE = ResourceType(
    LISTENER,
    "elbv2",
    read,
    references=(
        ON_LOAD_BALANCER,
        DEFAULT_TARGET_GROUP,
        DEFAULT_WEIGHTED_TARGET_GROUPS,
        CERTIFICATES,
        RULE_TARGET_GROUP,
        RULE_WEIGHTED_TARGET_GROUPS,
    ),
    iam_actions=(
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTags",
    ),
    terraform=TerraformType(
        "aws_lb_listener",
        Stage.TRAFFIC,
        emit,
        shapes=(
            StateShape("aws_lb_listener", noun="listener"),
            StateShape(
                "aws_lb_listener_certificate", parent="listener_arn", noun="listener certificate"
            ),
        ),
    ),
)
