"""Terraform state, version 4, from a file or the S3 backend's object.

Only what drift needs is kept: every managed resource instance, its address
and attributes, with the values the state marks sensitive marked (sensitive.py).
Whatever is wrong with the input (no such file, not JSON, a truncated file,
another format version, a wrong shape, JSON nested too deep, more bytes than
the limit, an S3 object that cannot be read) is one `TerraformStateError` line
naming the source, never a traceback.

The limit (`--max-state-bytes`, `CAIRN_MAX_STATE_BYTES`, default 100 MiB) bounds
what one read holds in memory: at most limit + 1 bytes are read, so an endless
source (`/dev/zero`) stops at once.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from catalog.drift.sensitive import marked
from catalog.errors import CairnError

SUPPORTED_VERSION = 4
MAX_STATE_BYTES_VARIABLE = "CAIRN_MAX_STATE_BYTES"
DEFAULT_MAX_STATE_BYTES = 100 * 1024 * 1024


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


def state_limit(option: int | None = None) -> int:
    """The read limit: the option, else CAIRN_MAX_STATE_BYTES, else 100 MiB."""
    if option is not None:
        return _positive(option, "--max-state-bytes")
    configured = os.environ.get(MAX_STATE_BYTES_VARIABLE)
    if configured is None:
        return DEFAULT_MAX_STATE_BYTES
    try:
        return _positive(int(configured), MAX_STATE_BYTES_VARIABLE)
    except ValueError:
        raise CairnError(
            f"{MAX_STATE_BYTES_VARIABLE} must be a number of bytes, not {configured!r}"
        ) from None


def load_state(source: str, max_bytes: int | None = None) -> TerraformState:
    """Read `source`: a local path, or `s3://bucket/key` through the standard AWS chain,
    refusing more than `max_bytes` (default: `state_limit()`)."""
    limit = state_limit(max_bytes)
    data = _read(source, limit)
    if len(data) > limit:
        raise TerraformStateError(
            f"{source} is larger than {limit} bytes, the limit for a state "
            f"({MAX_STATE_BYTES_VARIABLE}; cairn drift --max-state-bytes)"
        )
    return parse_state(data, source)


def parse_state(text: bytes | str, source: str) -> TerraformState:
    try:
        document = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TerraformStateError(f"{source} is not JSON Terraform state ({error})") from None
    except RecursionError:
        raise TerraformStateError(
            f"{source} is not Terraform state: its JSON nests deeper than cairn reads"
        ) from None
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
    wrong = [key for key in ("mode", "type", "name") if not isinstance(resource[key], str)]
    wrong += [] if isinstance(resource.get("module") or "", str) else ["module"]
    if wrong:
        raise TerraformStateError(f"{where}: {', '.join(wrong)} must be text")
    if not isinstance(resource["instances"] or [], list):
        raise TerraformStateError(f"{where}: 'instances' is not a list")
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
        found.append(StateInstance(base + suffix, resource["type"], marked(attributes, instance)))
    return found


def _positive(limit: int, where: str) -> int:
    if limit < 1:
        raise CairnError(f"{where} must be a positive number of bytes, not {limit}")
    return limit


def _read(source: str, limit: int) -> bytes:
    """At most limit + 1 bytes of `source`: one more than allowed says it is too large."""
    if source.startswith("s3://"):
        return _read_s3(source, limit)
    try:
        with open(source, "rb") as stream:
            return stream.read(limit + 1)
    except OSError as error:
        raise TerraformStateError(f"cannot read {source}: {error.strerror or error}") from None


def _read_s3(source: str, limit: int) -> bytes:
    bucket, _, key = source[len("s3://") :].partition("/")
    if not bucket or not key:
        raise TerraformStateError(f"{source}: an S3 state is s3://BUCKET/KEY")
    try:
        body = boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"]
        try:
            return bytes(body.read(limit + 1))
        finally:
            body.close()
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "error")
        raise TerraformStateError(f"cannot read {source}: {code}") from None
    except BotoCoreError as error:
        raise TerraformStateError(f"cannot read {source}: {error}") from None
