"""AWS::CertificateManager::Certificate from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.acm import certificate
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = certificate.TYPE
RECORDING = Path(__file__).with_name("certificate.json")


def build() -> None:
    boto3.client("acm", region_name=REGION).request_certificate(
        DomainName="app.example.com",
        ValidationMethod="DNS",
        SubjectAlternativeNames=["www.app.example.com", "app.example.com"],
        Tags=[{"Key": "Name", "Value": "app-cert"}, {"Key": "Project", "Value": "app-infra"}],
    )


def test_a_certificate_keeps_its_names_and_is_requested_again_with_dns_validation():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert observed.name == "app-cert"
    assert observed.properties["SubjectAlternativeNames"] == [
        "app.example.com",
        "www.app.example.com",
    ]
    assert observed.properties["ValidationMethod"] == "DNS"
    assert observed.references == ()  # issued by ACM, not by a private authority
    hcl = result.hcl()
    assert 'domain_name               = "app.example.com"' in hcl
    assert 'subject_alternative_names = ["www.app.example.com"]' in hcl
    assert 'validation_method         = "DNS"' in hcl
    result.assert_clean()
