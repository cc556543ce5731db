"""AWS::CertificateManager::Certificate: a certificate listeners and distributions present.

list_certificates gives summaries only; the domains, the validation records and
who uses the certificate come from describe_certificate, and tags from
list_tags_for_certificate: two calls per certificate, as neither has a batch
form. The listener -> certificate reference is declared by the listener's
crawler; here InUseBy is kept as a sorted property only.

ACM certificates are regional: a restore requests a new one in the target region
(DNS validation), and the runbook says so.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from catalog.aws.acm import CERTIFICATE
from catalog.aws.acmpca import CERTIFICATE_AUTHORITY
from catalog.aws.spec import Described, Ref, ResourceType, Scope, pages, tag_map, without
from catalog.drift.shape import StateShape
from catalog.model import canonical_json
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block

ISSUED_BY = Ref("CertificateAuthorityArn", CERTIFICATE_AUTHORITY, "issued-by")

# Without a filter list_certificates returns RSA_1024 and RSA_2048 keys only,
# so ECDSA and larger RSA certificates would silently look deleted.
KEY_TYPES = (
    "RSA_1024",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "EC_prime256v1",
    "EC_secp384r1",
    "EC_secp521r1",
)


def validation_options(options: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """One entry per domain, in domain order (AWS returns them in no fixed order)."""
    normalized = []
    for option in options or ():
        option = dict(option)
        option["ValidationEmails"] = sorted(option.get("ValidationEmails", ()))
        normalized.append(option)
    return sorted(normalized, key=canonical_json)


def certificate_properties(certificate: dict[str, Any]) -> dict[str, Any]:
    properties = without(
        certificate, "CertificateArn", "DomainValidationOptions", "RenewalSummary", "InUseBy"
    )
    options = validation_options(certificate.get("DomainValidationOptions"))
    renewal = certificate.get("RenewalSummary")
    if renewal:
        # UpdatedAt moves whenever ACM retries a renewal, without any change from us.
        renewal = without(renewal, "UpdatedAt")
        renewal["DomainValidationOptions"] = validation_options(
            renewal.get("DomainValidationOptions")
        )
    return {
        **properties,
        "SubjectAlternativeNames": sorted(certificate.get("SubjectAlternativeNames", ())),
        "ExtendedKeyUsages": sorted(certificate.get("ExtendedKeyUsages", ()), key=canonical_json),
        "KeyUsages": sorted(certificate.get("KeyUsages", ()), key=canonical_json),
        "InUseBy": sorted(certificate.get("InUseBy", ())),
        "ValidationMethod": validation_method(options),
        "DomainValidationOptions": options,
        "RenewalSummary": renewal,
    }


def validation_method(options: list[dict[str, Any]]) -> str | None:
    """The method the certificate was requested with; the API gives it per domain only."""
    methods = sorted(
        {option["ValidationMethod"] for option in options if "ValidationMethod" in option}
    )
    return ",".join(methods) or None


def read(scope: Scope) -> Iterator[Described]:
    acm = scope.client("acm")
    summaries = pages(
        acm,
        "list_certificates",
        "CertificateSummaryList",
        Includes={"keyTypes": list(KEY_TYPES)},
    )
    for summary in summaries:
        arn = summary["CertificateArn"]
        certificate = acm.describe_certificate(CertificateArn=arn)["Certificate"]
        tags = tag_map(acm.list_tags_for_certificate(CertificateArn=arn).get("Tags"))
        yield Described(
            uid=arn,
            name=tags.get("Name") or certificate.get("DomainName") or arn,
            properties=certificate_properties(certificate),
            tags=tags,
        )


def emit(ctx: Emit) -> list[Block]:
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


def domain_names(properties: Mapping[str, Any]) -> set[str]:
    """The names a certificate is for: its domain and its alternative names."""
    names = {properties.get("DomainName"), *(properties.get("SubjectAlternativeNames") or ())}
    return {name for name in names if name}


def covers(properties: Mapping[str, Any], wanted: set[str]) -> bool:
    """The certificate serves every wanted name, itself or under a wildcard (`*.example.com`)."""
    names = domain_names(properties)
    return all(name in names or f"*.{name.partition('.')[2]}" in names for name in wanted)


TYPE = ResourceType(
    CERTIFICATE,
    "acm",
    read,
    references=(ISSUED_BY,),
    iam_actions=(
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "acm:ListTagsForCertificate",
    ),
    terraform=TerraformType(
        "aws_acm_certificate",
        Stage.TRAFFIC,
        emit,
        ("DomainName",),
        shapes=(
            StateShape("aws_acm_certificate", noun="certificate", normalize=_names_besides_domain),
        ),
        outputs=(("arn", "Certificate to wait for"),),
    ),
)
