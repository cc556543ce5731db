"""ACM: the certificates listeners and distributions present.

list_certificates gives summaries only; the domains, the validation records and
who uses the certificate come from describe_certificate, and tags from
list_tags_for_certificate: two calls per certificate, as neither has a batch
form. The listener -> certificate reference is declared by the listener's
crawler; here InUseBy is kept as a sorted property only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.spec import ResourceType, Scope, pages, tag_map, without
from catalog.model import Observation, Reference, canonical_json

CERTIFICATE = "AWS::CertificateManager::Certificate"
CERTIFICATE_AUTHORITY = "AWS::ACMPCA::CertificateAuthority"

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


def collect_certificates(scope: Scope) -> Iterator[Observation]:
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
        authority = certificate.get("CertificateAuthorityArn")
        references = (
            [Reference("CertificateAuthorityArn", authority, "issued-by", CERTIFICATE_AUTHORITY)]
            if authority
            else []
        )
        yield scope.observation(
            uid=arn,
            type=CERTIFICATE,
            name=tags.get("Name") or certificate.get("DomainName") or arn,
            tags=tags,
            properties=certificate_properties(certificate),
            references=references,
        )


TYPES = [ResourceType(CERTIFICATE, "acm", collect_certificates)]
