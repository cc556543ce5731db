"""AWS::Lambda::Function: a function with its role, network, key and layers.

list_functions returns environment variable values: they are dropped here, at
the first place they are seen, and only the names are kept. Cairn must never
store a value (they routinely hold credentials).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.ec2 import SECURITY_GROUP, SUBNET
from catalog.aws.iam import ROLE
from catalog.aws.kms import encrypted_by
from catalog.aws.lambda_ import FUNCTION, LAYER_VERSION
from catalog.aws.logs import logs_to
from catalog.aws.sns import TOPIC
from catalog.aws.spec import (
    Described,
    Found,
    Ref,
    Resolver,
    ResourceType,
    Scope,
    by_id,
    pages,
    without,
)
from catalog.aws.sqs import QUEUE

# Dropped: the environment (values), the uid, and what changes without a configuration
# change (deploy time, revision, state of the last update, runtime patch level).
DROPPED = (
    "Environment",
    "FunctionArn",
    "LastModified",
    "RevisionId",
    "State",
    "StateReason",
    "StateReasonCode",
    "LastUpdateStatus",
    "LastUpdateStatusReason",
    "LastUpdateStatusReasonCode",
    "RuntimeVersionConfig",
    "ResponseMetadata",
    # A hash over the whole configuration, environment values included: it would show
    # that a value changed, and Cairn's own content hash already covers the rest.
    "ConfigSha256",
)


def arn_of(service: str) -> Resolver:
    """A resolver of an ARN of `service` (a dead-letter target: a queue or a topic)."""

    def resolve(found: Found) -> str | None:
        arn = found.value
        return arn if isinstance(arn, str) and arn.split(":")[2:3] == [service] else None

    return resolve


EXECUTION_ROLE = Ref("Role", ROLE, "assumes")
SUBNETS = Ref("VpcConfig.SubnetIds[*]", SUBNET, "network", by_id)
SECURITY_GROUPS = Ref("VpcConfig.SecurityGroupIds[*]", SECURITY_GROUP, "network", by_id)
LAYERS = Ref("Layers[*]", LAYER_VERSION, "layer")
ENCRYPTION = encrypted_by("KMSKeyArn")
# A dead-letter target is a queue or a topic, by the service in its ARN.
DEAD_LETTER_QUEUE = Ref("DeadLetterConfig.TargetArn", QUEUE, "dead-letter", arn_of("sqs"))
DEAD_LETTER_TOPIC = Ref("DeadLetterConfig.TargetArn", TOPIC, "dead-letter", arn_of("sns"))
LOGS = logs_to("LoggingConfig.LogGroup")  # named by its name only


def environment_names(function: dict[str, Any]) -> list[str]:
    """The names of the environment variables; their values are never read further."""
    return sorted((function.get("Environment") or {}).get("Variables", {}))


def vpc_config(function: dict[str, Any]) -> dict[str, Any] | None:
    config = function.get("VpcConfig") or {}
    if not config.get("SubnetIds") and not config.get("SecurityGroupIds"):
        return None  # AWS answers with empty lists or nothing for a function outside a VPC
    return {
        **config,
        "SubnetIds": sorted(config.get("SubnetIds", ())),
        "SecurityGroupIds": sorted(config.get("SecurityGroupIds", ())),
    }


def read(scope: Scope) -> Iterator[Described]:
    awslambda = scope.client("lambda")
    for function in pages(awslambda, "list_functions", "Functions"):
        properties = without(function, *DROPPED)
        properties["EnvironmentVariableNames"] = environment_names(function)
        properties["VpcConfig"] = vpc_config(function)
        # Layer order matters (later layers override earlier files), so it is kept.
        properties["Layers"] = [layer["Arn"] for layer in function.get("Layers", ())]
        # No batch call returns tags: one per function.
        tags = awslambda.list_tags(Resource=function["FunctionArn"]).get("Tags", {})
        yield Described(
            uid=function["FunctionArn"],
            name=function["FunctionName"],
            properties=properties,
            tags=tags,
        )


TYPE = ResourceType(
    FUNCTION,
    "lambda",
    read,
    references=(
        EXECUTION_ROLE,
        SUBNETS,
        SECURITY_GROUPS,
        LAYERS,
        ENCRYPTION,
        DEAD_LETTER_QUEUE,
        DEAD_LETTER_TOPIC,
        LOGS,
    ),
    iam_actions=("lambda:ListFunctions", "lambda:ListTags"),
)
