"""The Terraform state a team's code would have left for an application: what the demo
and the tests declare before the console hotfixes, to run `cairn drift` against.

It is written as Terraform writes `terraform.tfstate` (format version 4: serial,
lineage, outputs, and per resource its mode, type, name, provider and instances
with attributes, sensitive attributes and dependencies): each resource as a
restore in place writes it, with the provider's `id` (and `arn`, `tags_all`).
Each role's inline policies are owned exclusively
(`aws_iam_role_policies_exclusive`), as in the scenario, where the next apply
deletes a policy added in the console.

- `declared_state(application)`: right after `saas.build_application()` and before
  the hotfixes, from the account itself (read with Cairn's crawlers, as a
  `terraform refresh` would; nothing is written to the catalog);
- `declared_state_of(store, name, at)`: an application as the catalog saw it.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from catalog.aws.crawler import plan, read_partition, select_types
from catalog.aws.session import AwsAccount
from catalog.clock import now_ms
from catalog.demo.stack import saas
from catalog.drift.check import Comparison
from catalog.drift.runtime import Runtime, RuntimeBlock, runtime, runtime_of
from catalog.drift.state import TerraformState
from catalog.drift.values import UNKNOWN, Digested, JsonDocument
from catalog.graph.store import GraphStore
from catalog.graph.traversal import Hop
from catalog.model import Observation
from catalog.restore.hcl import Block, Expr, JsonEncode
from catalog.scope import TAGGED, Asset
from catalog.snapshots import PinnedAsset, Snapshot

TERRAFORM_VERSION = "1.11.4"
PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]'
EXPRESSION_REFERENCE = re.compile(r"\b((?:data\.)?aws_[a-z0-9_]+\.[a-z0-9_]+)\.[a-z0-9_]+")
AWS_OWNED = "arn:aws:iam::aws:"  # AWS-managed policies: no one's code declares them


def declared_state(application: saas.Application, region: str = saas.REGION) -> dict[str, Any]:
    """`terraform.tfstate` of code that declares the SaaS application just as it was
    built: every resource of the account in `region` (and IAM) as it runs now."""
    account = AwsAccount.connect()
    observations = [
        observation
        for task in plan(account, [region], select_types())
        for observation in read_partition(task).observations
        if not observation.uid.startswith(AWS_OWNED)
    ]
    at = now_ms()
    snapshot = Snapshot(
        id="declared",
        application="declared",
        status="declared",
        trigger="declared",
        started_at=at,
        at=at,
    )
    pinned = [pinned_observation(observation) for observation in observations]
    return state_of(runtime_of(snapshot, pinned), f"saas:{application.network.vpc}")


def declared_state_of(store: GraphStore, name: str, at: int | None = None) -> dict[str, Any]:
    """`terraform.tfstate` of code that declares application `name` exactly as the catalog
    saw it at `at` (default now)."""
    return state_of(runtime(store, name, now_ms() if at is None else at), name)


def pinned_observation(observation: Observation) -> PinnedAsset:
    """An observation as a snapshot pins it, without the graph."""
    hops = tuple(
        Hop(observation.uid, reference.target, reference.field, reference.kind)
        for reference in observation.references
    )
    asset = Asset(
        uid=observation.uid,
        type=observation.type,
        name=observation.name,
        account=observation.account,
        region=observation.region,
        hash="",
        reason=TAGGED,
        references=hops,
    )
    # As the store keeps them: JSON.
    document = json.loads(
        json.dumps(
            {
                "name": observation.name,
                "tags": dict(observation.tags),
                "properties": dict(observation.properties),
            },
            default=str,
        )
    )
    return PinnedAsset(asset, document)


def state_of(view: Runtime, lineage: str) -> dict[str, Any]:
    """`terraform.tfstate` of code that declares every block of `view` as it runs."""
    empty = TerraformState(
        source="", terraform_version=None, serial=None, lineage=None, instances=[]
    )
    values = Comparison(view, empty, None)
    resources = [_resource(values, block) for block in view.blocks]
    policies: dict[str, list[str]] = {}
    for block in view.blocks:
        if block.type == "aws_iam_role" and block.key:
            policies.setdefault(block.key, [])
        elif block.type == "aws_iam_role_policy" and block.owner and block.owner.key:
            policies.setdefault(block.owner.key, []).append(str(values.body(block)["name"]))
    resources += [
        _exclusive(block, policies[str(block.key)])
        for block in view.blocks
        if block.type == "aws_iam_role" and block.key
    ]
    return {
        "version": 4,
        "terraform_version": TERRAFORM_VERSION,
        "serial": 1,
        "lineage": str(uuid.uuid5(uuid.NAMESPACE_URL, f"cairn:{lineage}")),
        "outputs": {},
        "resources": resources,
        "check_results": None,
    }


def _resource(values: Comparison, block: RuntimeBlock) -> dict[str, Any]:
    attributes = {
        key: state_value(value) for key, value in values.body(block).items() if value is not UNKNOWN
    }
    attributes["id"] = _known(values.lookup(block.address, "id"))
    if block.owner is None and block.uid.startswith("arn:"):
        if block.shape.has_arn:
            attributes.setdefault("arn", block.uid)
    elif block.owner is None and block.shape.arn and attributes["id"]:
        arn = block.shape.arn.format(
            region=block.region, account=block.account, id=attributes["id"]
        )
        attributes.setdefault("arn", arn)
    if "tags" in attributes:
        attributes["tags_all"] = attributes["tags"]
    kind, label = block.block.labels
    return {
        "mode": "managed",
        "type": kind,
        "name": label,
        "provider": PROVIDER,
        "instances": [
            {
                "schema_version": block.shape.schema_version,
                "attributes": attributes,
                "sensitive_attributes": [],
                "dependencies": sorted(_references(block.block) - {block.address}),
            }
        ],
    }


def _exclusive(role: RuntimeBlock, names: list[str]) -> dict[str, Any]:
    label = role.block.labels[1]
    return {
        "mode": "managed",
        "type": "aws_iam_role_policies_exclusive",
        "name": label,
        "provider": PROVIDER,
        "instances": [
            {
                "schema_version": 0,
                "attributes": {"role_name": role.key, "policy_names": sorted(names)},
                "sensitive_attributes": [],
                "dependencies": [role.address],
            }
        ],
    }


def state_value(value: Any) -> Any:
    """An evaluated value as the provider stores it: JSON documents as strings, nested
    blocks as lists of objects, unknowns as null."""
    if isinstance(value, JsonDocument):
        return json.dumps(state_value(value.document), separators=(",", ":"))
    if isinstance(value, dict):
        return {key: state_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [state_value(item) for item in value]
    return _known(value)


def _references(value: Any) -> set[str]:
    """The resources a block's expressions refer to: its dependencies, as Terraform
    records them."""
    if isinstance(value, Block):
        return _references(value.attributes) | _references(value.blocks)
    if isinstance(value, Expr):
        found = {m.group(1) for m in EXPRESSION_REFERENCE.finditer(value.text)}
        return {address for address in found if not address.startswith("data.")}
    if isinstance(value, JsonEncode):
        return _references(value.document)
    if isinstance(value, dict):
        return {r for item in value.values() for r in _references(item)}
    if isinstance(value, list | tuple):
        return {r for item in value for r in _references(item)}
    return set()


def _known(value: Any) -> Any:
    """Null for what the catalog does not know, and for a secret it keeps as a digest."""
    return None if value is UNKNOWN or isinstance(value, Digested) else value
