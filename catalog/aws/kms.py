"""KMS: customer-managed keys, with their aliases and multi-Region layout.

AWS-managed keys (aws/s3, aws/secretsmanager...) are not crawled: nobody
restores them, AWS recreates them. Other services still reference them; those
references stay unresolved stubs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from catalog.aws.spec import ResourceType, Scope, pages, without
from catalog.model import Observation, Reference, canonical_json

KEY = "AWS::KMS::Key"


def key_arn(scope: Scope, key: str) -> str | None:
    """The ARN of a key named by ARN or bare id; None for an alias, which names no key."""
    if key.startswith("arn:"):
        return key if ":key/" in key else None
    if key.startswith("alias/"):
        return None
    return f"arn:aws:kms:{scope.region}:{scope.account}:key/{key}"


def key_reference(scope: Scope, field: str, key: str | None) -> list[Reference]:
    """A reference to the key that encrypts something; other modules share it."""
    arn = key_arn(scope, key) if key else None
    return [Reference(field, arn, "encryption", KEY)] if arn else []


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


def collect_keys(scope: Scope) -> Iterator[Observation]:
    kms = scope.client("kms")
    aliases = aliases_by_key(kms)
    for listed in pages(kms, "list_keys", "Keys"):
        # alias/aws/ is reserved to AWS-managed keys: no describe call needed to skip them.
        if any(alias.startswith("alias/aws/") for alias in aliases.get(listed["KeyId"], ())):
            continue
        # list_keys gives ids only: describe_key is the one call that says who manages it.
        metadata = kms.describe_key(KeyId=listed["KeyId"])["KeyMetadata"]
        if metadata.get("KeyManager") != "CUSTOMER":
            continue
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
        references = []
        primary = (metadata.get("MultiRegionConfiguration") or {}).get("PrimaryKey", {})
        if primary.get("Arn") and primary["Arn"] != metadata["Arn"]:
            references.append(
                Reference(
                    "MultiRegionConfiguration.PrimaryKey.Arn", primary["Arn"], "replica-of", KEY
                )
            )
        aliases_of_key = properties["Aliases"]
        yield scope.observation(
            uid=metadata["Arn"],
            type=KEY,
            name=aliases_of_key[0] if aliases_of_key else key_id,
            tags=key_tags(kms, key_id),
            properties=properties,
            references=references,
        )


TYPES = [ResourceType(KEY, "kms", collect_keys)]
