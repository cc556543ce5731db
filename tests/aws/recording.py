"""Recorded AWS responses: what a type's crawl really received, replayed without a server.

`record` runs one type's crawl against a real endpoint (moto, via AWS_ENDPOINT_URL) and
keeps every call it makes: operation, parameters, region and the parsed response (an
error response too). `Replay` answers the same calls from the file, so a type's test
needs neither a server nor the network; a call the file does not hold fails the test,
so a crawler that starts calling something new is re-recorded.

    python -m tests.aws.record tests.aws.ec2.test_subnet
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from botocore import xform_name
from botocore.exceptions import ClientError

from catalog.aws.spec import GLOBAL_REGION, ResourceType, Scope
from catalog.model import Observation

# Parameters that only page through a listing: a replayed paginator ignores them.
PAGE_TOKENS = {"NextToken", "nextToken", "Marker", "StartingToken", "PaginationToken"}


def encode(value: Any) -> Any:
    """A response as JSON: datetimes and bytes tagged so they come back as they were."""
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(value).decode()}
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items() if key != "ResponseMetadata"}
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    return value


def decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$datetime"}:
            return datetime.fromisoformat(value["$datetime"])
        if set(value) == {"$bytes"}:
            return base64.b64decode(value["$bytes"])
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value


@dataclass(frozen=True)
class Call:
    service: str
    region: str
    operation: str  # as the API names it: DescribeSubnets
    params: dict[str, Any]
    response: dict[str, Any]  # an error response holds "Error"

    def answers(self, service: str, region: str, operation: str) -> bool:
        return (self.service, self.region, self.operation) == (service, region, operation)


@dataclass(frozen=True)
class Recording:
    """The calls of one or more types' crawls (a type and the targets of its references)."""

    account: str
    regions: tuple[str, ...]
    calls: dict[str, tuple[Call, ...]]  # by type name

    @classmethod
    def load(cls, path: Path) -> Recording:
        document = json.loads(path.read_text())
        return cls(
            account=document["account"],
            regions=tuple(document["regions"]),
            calls={
                type_name: tuple(Call(**call) for call in calls)
                for type_name, calls in document["calls"].items()
            },
        )

    def document(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "regions": list(self.regions),
            "calls": {
                type_name: [call.__dict__ for call in calls]
                for type_name, calls in self.calls.items()
            },
        }


class ReplayedClient:
    """A boto3 client of one service and region that answers from a recording."""

    def __init__(self, replay: Replay, type_name: str, service: str, region: str) -> None:
        self._replay = replay
        self._calls = replay.recording.calls[type_name]
        self._service = service
        self._region = region

    def get_paginator(self, method: str) -> ReplayedPaginator:
        return ReplayedPaginator(self, method)

    def __getattr__(self, method: str) -> Any:
        def call(**params: Any) -> dict[str, Any]:
            return self.answer(method, params, paged=False)[0]

        return call

    def answer(self, method: str, params: dict[str, Any], paged: bool) -> list[dict[str, Any]]:
        """Every recorded response to `method` with these parameters (one page each)."""
        wanted = _without_tokens(params) if paged else params
        responses = []
        for found in self._calls:
            operation = found.operation
            if not found.answers(self._service, self._region, operation):
                continue
            if xform_name(operation) != method:
                continue
            given = _without_tokens(found.params) if paged else found.params
            if decode(given) != wanted:
                continue
            self._replay.called.append(found)
            response = decode(found.response)
            if "Error" in response:
                raise ClientError(response, operation)
            responses.append(response)
            if not paged:
                break
        if not responses:
            raise AssertionError(
                f"{self._service}.{method}({params}) in {self._region} is not recorded: "
                "record the type again (python -m tests.aws.record)"
            )
        return responses


@dataclass(frozen=True)
class ReplayedPaginator:
    client: ReplayedClient
    method: str

    def paginate(self, **params: Any) -> Iterator[dict[str, Any]]:
        yield from self.client.answer(self.method, params, paged=True)


def _without_tokens(params: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in params.items() if key not in PAGE_TOKENS}


class Replay:
    """Types' crawls run against their recording."""

    def __init__(self, recording: Recording) -> None:
        self.recording = recording
        self.called: list[Call] = []

    def scopes(self, declaration: ResourceType) -> list[Scope]:
        regions = self.recording.regions
        labels = [GLOBAL_REGION] if declaration.is_global else list(regions)
        client_regions = ["us-east-1"] if declaration.is_global else list(regions)

        def client(service: str, region: str) -> ReplayedClient:
            return ReplayedClient(self, declaration.name, service, region)

        return [
            Scope(
                self.recording.account,
                label,
                lambda service, region=client_region: client(service, region),
                regions=regions,
                regional_client=client,
            )
            for label, client_region in zip(labels, client_regions, strict=True)
        ]

    def observations(self, declaration: ResourceType) -> list[Observation]:
        return [
            observation
            for scope in self.scopes(declaration)
            for observation in declaration.collect(scope)
        ]
