"""Certificates as Terraform: the traffic stage (load balancing is declared with its types
in catalog/aws/elbv2/).

ACM certificates are regional: the plan requests a new one in the target
region (DNS validation), and the runbook says so.
"""

from __future__ import annotations

from typing import Any

from catalog.aws.acm import CERTIFICATE
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, legacy_terraform
from catalog.restore.hcl import Block


def certificate(ctx: Emit) -> list[Block]:
    p = ctx.properties
    names = sorted(set(p.get("SubjectAlternativeNames") or ()) - {p["DomainName"]})
    return [
        ctx.resource(
            "aws_acm_certificate",
            {
                "domain_name": p["DomainName"],
                "subject_alternative_names": names or None,
                "validation_method": _validation(p),
                **ctx.tags(),
            },
            [Block("lifecycle", attributes={"create_before_destroy": True})],
            adopt=ctx.asset.uid,
        )
    ]


def _names_besides_domain(attributes: dict[str, Any]) -> dict[str, Any]:
    """The provider's state lists the domain among the alternative names; code does not."""
    names = attributes.get("subject_alternative_names")
    if not isinstance(names, list):
        return attributes
    others = [name for name in names if name != attributes.get("domain_name")]
    return {**attributes, "subject_alternative_names": others}


def _validation(p: dict[str, Any]) -> str:
    methods = {o.get("ValidationMethod") for o in p.get("DomainValidationOptions") or ()}
    return "EMAIL" if methods == {"EMAIL"} else "DNS"


TYPES = [
    legacy_terraform(
        CERTIFICATE,
        "aws_acm_certificate",
        Stage.TRAFFIC,
        certificate,
        ("DomainName",),
        shapes=(
            StateShape("aws_acm_certificate", noun="certificate", normalize=_names_besides_domain),
        ),
        outputs=(("arn", "Certificate to wait for"),),
    ),
]
