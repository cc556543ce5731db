"""Terraform state, version 4, from a file or the S3 backend's object.

Only what drift needs is kept: every managed resource instance, its address
and attributes. Whatever is wrong with the input (no such file, not JSON, a
truncated file, another format version, an S3 object that cannot be read)
is one `TerraformStateError` line naming the source, never a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from catalog.errors import CairnError

SUPPORTED_VERSION = 4


class TerraformStateError(CairnError):
    """A state that cannot be read or is not Terraform state version 4."""


@dataclass(frozen=True)
class StateInstance:
    """One managed resource instance: `module.net.aws_subnet.a[0]` and its attributes."""

    address: str
    type: str
    attributes: dict[str, Any]


@dataclass(frozen=True)
class TerraformState:
    source: str
    terraform_version: str | None
    serial: int | None
    lineage: str | None
    instances: list[StateInstance]

    def by_type(self) -> dict[str, list[StateInstance]]:
        grouped: dict[str, list[StateInstance]] = {}
        for instance in self.instances:
            grouped.setdefault(instance.type, []).append(instance)
        return grouped


def load_state(source: str) -> TerraformState:
    """Read `source`: a local path, or `s3://bucket/key` through the standard AWS chain."""
    return parse_state(_read(source), source)


def parse_state(text: bytes | str, source: str) -> TerraformState:
    try:
        document = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TerraformStateError(f"{source} is not JSON Terraform state ({error})") from None
    if not isinstance(document, dict) or "version" not in document:
        raise TerraformStateError(f"{source} is not Terraform state: it has no format version")
    version = document["version"]
    if version != SUPPORTED_VERSION:
        raise TerraformStateError(
            f"{source} is Terraform state format version {version}; cairn reads version 4 "
            "(Terraform 0.12 and later)"
        )
    resources = document.get("resources", [])
    if not isinstance(resources, list):
        raise TerraformStateError(f"{source}: 'resources' is not a list")
    instances = [
        instance
        for position, resource in enumerate(resources)
        for instance in _instances(source, position, resource)
    ]
    return TerraformState(
        source=source,
        terraform_version=document.get("terraform_version"),
        serial=document.get("serial"),
        lineage=document.get("lineage"),
        instances=instances,
    )


def _instances(source: str, position: int, resource: Any) -> list[StateInstance]:
    where = f"{source}: resources[{position}]"
    if not isinstance(resource, dict):
        raise TerraformStateError(f"{where} is not an object")
    missing = [key for key in ("mode", "type", "name", "instances") if key not in resource]
    if missing:
        raise TerraformStateError(f"{where} has no {', '.join(missing)}")
    if resource["mode"] != "managed":
        return []  # data sources are read, never changed, by apply
    prefix = f"{resource['module']}." if resource.get("module") else ""
    base = f"{prefix}{resource['type']}.{resource['name']}"
    found = []
    for instance in resource["instances"] or ():
        attributes = instance.get("attributes") if isinstance(instance, dict) else None
        if not isinstance(attributes, dict):
            raise TerraformStateError(f"{where} ({base}) has an instance without attributes")
        index = instance.get("index_key")
        suffix = "" if index is None else f"[{json.dumps(index)}]"
        found.append(StateInstance(base + suffix, resource["type"], attributes))
    return found


def _read(source: str) -> bytes:
    if source.startswith("s3://"):
        bucket, _, key = source[len("s3://") :].partition("/")
        if not bucket or not key:
            raise TerraformStateError(f"{source}: an S3 state is s3://BUCKET/KEY")
        try:
            return boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "error")
            raise TerraformStateError(f"cannot read {source}: {code}") from None
        except BotoCoreError as error:
            raise TerraformStateError(f"cannot read {source}: {error}") from None
    try:
        return Path(source).read_bytes()
    except OSError as error:
        raise TerraformStateError(f"cannot read {source}: {error.strerror}") from None
