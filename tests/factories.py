"""Observations for tests: small, readable, one account and region by default."""

from __future__ import annotations

from typing import Any

from catalog.model import Observation, Partition, Reference

ACCOUNT = "111122223333"
REGION = "eu-west-1"
SG = "AWS::EC2::SecurityGroup"
ROLE = "AWS::IAM::Role"
VPC = "AWS::EC2::VPC"


def sg_uid(name: str) -> str:
    return f"aws:{ACCOUNT}:{REGION}:{SG}:{name}"


def partition(type_name: str = SG) -> Partition:
    return Partition(ACCOUNT, REGION, type_name)


def observe(
    uid: str,
    type_name: str = SG,
    refs: dict[str, str] | None = None,
    tags: dict[str, str] | None = None,
    **properties: Any,
) -> Observation:
    """An observation whose references are {field: target uid}, all of kind `network`;
    tagged Project=app-infra unless `tags` says otherwise."""
    return Observation(
        uid=uid,
        type=type_name,
        account=ACCOUNT,
        region=REGION,
        name=uid.rsplit(":", 1)[-1],
        tags={"Project": "app-infra"} if tags is None else tags,
        properties=properties,
        references=tuple(
            Reference(field, target, "network") for field, target in (refs or {}).items()
        ),
    )
