"""AWS::KMS::Key: customer-managed keys, with their aliases and multi-Region layout.

AWS-managed keys (aws/s3, aws/secretsmanager...) are not crawled: nobody
restores them, AWS recreates them. Other services still reference them; those
references stay unresolved stubs, which a restore leaves out (the target service then uses
its own default key: see Planner.outside).

Restored, a customer key is a new key (key material never leaves KMS): the resources it
encrypted refer to the new key, and the runbook says how snapshots are copied under it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from catalog.aws.kms import KEY
from catalog.aws.spec import Described, Found, Ref, ResourceType, Scope, pages, without
from catalog.drift.shape import StateShape
from catalog.model import canonical_json
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

ALIAS = Naming(NameScope.REGION, 256)  # `alias/` included


def other_key(found: Found) -> str | None:
    """A replica names its primary; a primary names itself there, which is no reference."""
    return found.value if found.value and found.value != found.context["arn"] else None


# A replica is part of its primary: an application tagging the primary restores both.
PRIMARY = Ref("MultiRegionConfiguration.PrimaryKey.Arn", KEY, "replica-of", other_key, part_of=True)


def aliases_by_key(kms: Any) -> dict[str, list[str]]:
    """Every alias of the region in one paginated listing, grouped by the key it targets."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for alias in pages(kms, "list_aliases", "Aliases"):
        if alias.get("TargetKeyId"):
            grouped[alias["TargetKeyId"]].append(alias["AliasName"])
    return {key_id: sorted(names) for key_id, names in grouped.items()}


def multi_region(arn: str, configuration: dict[str, Any] | None) -> dict[str, Any] | None:
    """Replicas are a set: sorted by Region so their order never makes a new version.

    The key type is derived from the primary's ARN, which is what it means: moto shares
    one dict between a primary and its replicas and reports the primary as REPLICA.
    """
    if not configuration:
        return None
    primary = configuration.get("PrimaryKey", {}).get("Arn")
    return {
        **configuration,
        "MultiRegionKeyType": "PRIMARY" if primary == arn else "REPLICA",
        "ReplicaKeys": sorted(configuration.get("ReplicaKeys", ()), key=canonical_json),
    }


def key_tags(kms: Any, key_id: str) -> dict[str, str]:
    # KMS spells tags TagKey/TagValue, and has no batch call: one listing per key.
    return {
        tag["TagKey"]: tag.get("TagValue", "")
        for tag in pages(kms, "list_resource_tags", "Tags", KeyId=key_id)
    }


# The only key policy name KMS has.
DEFAULT_POLICY = "default"
# Only symmetric keys KMS generated can rotate: asking about the others is an error.
ROTATES = ("SYMMETRIC_DEFAULT",)
# KMS never says which window a key was created with; the longest, so that a
# mistaken destroy of the restored key can still be cancelled.
DELETION_WINDOW_DAYS = 30


def rotation(kms: Any, metadata: dict[str, Any]) -> dict[str, Any]:
    """Whether (and how often) KMS rotates the key's material, where it can."""
    if metadata.get("KeySpec") not in ROTATES or metadata.get("Origin") != "AWS_KMS":
        return {"KeyRotationEnabled": False}
    status = kms.get_key_rotation_status(KeyId=metadata["KeyId"])
    return {
        "KeyRotationEnabled": status.get("KeyRotationEnabled", False),
        "RotationPeriodInDays": status.get("RotationPeriodInDays"),
    }


def described(kms: Any, key_id: str, aliases: dict[str, list[str]]) -> Described | None:
    # list_keys gives ids only: describe_key is the one call that says who manages it.
    metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    if metadata.get("KeyManager") != "CUSTOMER":
        return None
    key_id = metadata["KeyId"]
    # CustomerMasterKeySpec is the deprecated spelling of KeySpec.
    properties = without(
        metadata, "Arn", "AWSAccountId", "CustomerMasterKeySpec", "MultiRegionConfiguration"
    )
    for field in ("EncryptionAlgorithms", "SigningAlgorithms", "MacAlgorithms"):
        if field in properties:
            properties[field] = sorted(properties[field])
    properties["MultiRegionConfiguration"] = multi_region(
        metadata["Arn"], metadata.get("MultiRegionConfiguration")
    )
    properties["Aliases"] = aliases.get(key_id, [])
    # The key policy is configuration (who may use the key), not key material.
    policy = kms.get_key_policy(KeyId=key_id, PolicyName=DEFAULT_POLICY).get("Policy")
    properties["Policy"] = json.loads(policy) if policy else None
    properties |= rotation(kms, metadata)
    return Described(
        uid=metadata["Arn"],
        name=properties["Aliases"][0] if properties["Aliases"] else key_id,
        properties=properties,
        tags=key_tags(kms, key_id),
        context={"arn": metadata["Arn"]},  # the ARN is the uid, not kept in properties
    )


def read(scope: Scope) -> Iterator[Described]:
    kms = scope.client("kms")
    aliases = aliases_by_key(kms)
    # alias/aws/ is reserved to AWS-managed keys: no describe call needed to skip them.
    key_ids = [
        listed["KeyId"]
        for listed in pages(kms, "list_keys", "Keys")
        if not any(alias.startswith("alias/aws/") for alias in aliases.get(listed["KeyId"], ()))
    ]
    # No batch describe: one describe, policy, rotation and tags call per key, on the pool.
    found = scope.map(lambda key_id: described(kms, key_id, aliases), key_ids)
    yield from (key for key in found if key is not None)


def is_replica(properties: dict[str, Any]) -> bool:
    configuration = properties.get("MultiRegionConfiguration") or {}
    return configuration.get("MultiRegionKeyType") == "REPLICA"


def replica_region(ctx: Emit) -> str | None:
    """Where a replica is restored (None: the plan's region): its own region, beside the
    primary restored into the plan's. Where its own region is the plan's and the primary is
    restored there too, the primary's source region: never its primary's region."""
    restored_in = ctx.plan.target.region or ctx.plan.source_region
    if ctx.asset.region != restored_in:
        return ctx.asset.region
    primary = ctx.target_uid(PRIMARY)
    return primary.split(":")[3] if primary and ctx.in_plan(PRIMARY) else None


def emit(ctx: Emit) -> list[Block]:
    """A new key (its material cannot be copied), its aliases, and for a replica of a
    multi-Region key, a replica of the restored primary."""
    p = ctx.properties
    common = {
        "description": p.get("Description") or None,
        "policy": ctx.json(p["Policy"]) if p.get("Policy") else None,
        "deletion_window_in_days": DELETION_WINDOW_DAYS,
        **ctx.tags(),
    }
    region = replica_region(ctx) if is_replica(p) else None
    if is_replica(p):
        key = ctx.resource(
            "aws_kms_replica_key",
            {
                **({"provider": ctx.provider(region)} if region else {}),
                "primary_key_arn": ctx.ref(PRIMARY, attribute="arn"),
                "enabled": p.get("Enabled"),
                **common,
            },
            adopt=p["KeyId"],
        )
    else:
        key = ctx.resource(
            "aws_kms_key",
            {
                "key_usage": p.get("KeyUsage"),
                "customer_master_key_spec": p.get("KeySpec"),
                "multi_region": p.get("MultiRegion", False),
                "is_enabled": p.get("Enabled"),
                "enable_key_rotation": p.get("KeyRotationEnabled", False),
                "rotation_period_in_days": p.get("RotationPeriodInDays")
                if p.get("KeyRotationEnabled")
                else None,
                **common,
            },
            adopt=p["KeyId"],
        )
    return [key, *(_alias(ctx, key, name, region) for name in p.get("Aliases", ()))]


def _alias(ctx: Emit, key: Block, name: str, region: str | None) -> Block:
    """An alias names one key per account and region: the restored key, suffixed where
    the source's alias still holds the name (a replica restored beside its source)."""
    provider = key.attributes.get("provider")
    return ctx.resource(
        "aws_kms_alias",
        {
            **({"provider": provider} if provider else {}),
            "name": ctx.name(name, ALIAS, region=region),
            "target_key_id": ctx.ref_self("key_id"),
        },
        part=name.removeprefix("alias/"),
        adopt=name,
    )


def replica_regions(properties: Mapping[str, Any]) -> set[str]:
    """The regions a multi-region key has replicas in."""
    configuration = properties.get("MultiRegionConfiguration") or {}
    return {replica["Region"] for replica in configuration.get("ReplicaKeys") or ()}


TYPE = ResourceType(
    KEY,
    "kms",
    read,
    references=(PRIMARY,),
    iam_actions=(
        "kms:ListAliases",
        "kms:ListKeys",
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:ListResourceTags",
    ),
    terraform=TerraformType(
        "aws_kms_key",
        Stage.IDENTITY,
        emit,
        shapes=(
            StateShape("aws_kms_key", noun="key", ignored=("deletion_window_in_days",)),
            StateShape(
                "aws_kms_replica_key", noun="replica key", ignored=("deletion_window_in_days",)
            ),
            StateShape("aws_kms_alias", parent="target_key_id", noun="key alias"),
        ),
        outputs=(("arn", "restored KMS key, which snapshot copies are encrypted with"),),
        resource_for=lambda properties: "aws_kms_replica_key" if is_replica(properties) else None,
        disposable={"deletion_window_in_days": 7},
    ),
)
