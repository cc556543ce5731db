"""AWS::KMS::Key: customer-managed keys, with their aliases and multi-Region layout.

AWS-managed keys (aws/s3, aws/secretsmanager...) are not crawled: nobody
restores them, AWS recreates them. Other services still reference them; those
references stay unresolved stubs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from catalog.aws.kms import KEY
from catalog.aws.spec import Described, Found, Ref, ResourceType, Scope, pages, without
from catalog.model import canonical_json


def other_key(found: Found) -> str | None:
    """A replica names its primary; a primary names itself there, which is no reference."""
    return found.value if found.value and found.value != found.context["arn"] else None


PRIMARY = Ref("MultiRegionConfiguration.PrimaryKey.Arn", KEY, "replica-of", other_key)


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


def read(scope: Scope) -> Iterator[Described]:
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
        yield Described(
            uid=metadata["Arn"],
            name=properties["Aliases"][0] if properties["Aliases"] else key_id,
            properties=properties,
            tags=key_tags(kms, key_id),
            context={"arn": metadata["Arn"]},  # the ARN is the uid, not kept in properties
        )


TYPE = ResourceType(
    KEY,
    "kms",
    read,
    references=(PRIMARY,),
    iam_actions=("kms:ListAliases", "kms:ListKeys", "kms:DescribeKey", "kms:ListResourceTags"),
)
