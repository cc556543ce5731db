"""Lambda: functions with their role, network, key and layers; environment names only.

list_functions returns environment variable values: they are dropped here, at
the first place they are seen, and only the names are kept. Cairn must never
store a value (they routinely hold credentials).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.ec2 import SECURITY_GROUP, SUBNET, many
from catalog.aws.iam import ROLE
from catalog.aws.kms import key_reference
from catalog.aws.logs import LOG_GROUP, log_group_arn
from catalog.aws.spec import ResourceType, Scope, pages, references_to, without
from catalog.model import Observation, Reference

FUNCTION = "AWS::Lambda::Function"
LAYER_VERSION = "AWS::Lambda::LayerVersion"

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
# A dead-letter target by the service in its ARN.
DEAD_LETTER_TYPES = {"sqs": "AWS::SQS::Queue", "sns": "AWS::SNS::Topic"}


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


def function_references(scope: Scope, properties: dict[str, Any]) -> list[Reference]:
    vpc = properties["VpcConfig"] or {}
    references = [
        Reference("Role", properties["Role"], "assumes", ROLE),
        *many(scope, "VpcConfig.SubnetIds", SUBNET, vpc.get("SubnetIds", []), "network"),
        *many(
            scope,
            "VpcConfig.SecurityGroupIds",
            SECURITY_GROUP,
            vpc.get("SecurityGroupIds", []),
            "network",
        ),
        *references_to("Layers", properties["Layers"], "layer", LAYER_VERSION),
    ]
    references += key_reference(scope, "KMSKeyArn", properties.get("KMSKeyArn"))
    dead_letter = (properties.get("DeadLetterConfig") or {}).get("TargetArn")
    if dead_letter:
        target_type = DEAD_LETTER_TYPES.get(dead_letter.split(":")[2])
        references.append(
            Reference("DeadLetterConfig.TargetArn", dead_letter, "dead-letter", target_type)
        )
    log_group = (properties.get("LoggingConfig") or {}).get("LogGroup")
    if log_group:
        arn = log_group_arn(scope, log_group)
        references.append(Reference("LoggingConfig.LogGroup", arn, "logs", LOG_GROUP))
    return references


def collect_functions(scope: Scope) -> Iterator[Observation]:
    awslambda = scope.client("lambda")
    for function in pages(awslambda, "list_functions", "Functions"):
        properties = without(function, *DROPPED)
        properties["EnvironmentVariableNames"] = environment_names(function)
        properties["VpcConfig"] = vpc_config(function)
        # Layer order matters (later layers override earlier files), so it is kept.
        properties["Layers"] = [layer["Arn"] for layer in function.get("Layers", ())]
        # No batch call returns tags: one per function.
        tags = awslambda.list_tags(Resource=function["FunctionArn"]).get("Tags", {})
        yield scope.observation(
            uid=function["FunctionArn"],
            type=FUNCTION,
            name=function["FunctionName"],
            tags=tags,
            properties=properties,
            references=function_references(scope, properties),
        )


TYPES = [ResourceType(FUNCTION, "lambda", collect_functions)]
