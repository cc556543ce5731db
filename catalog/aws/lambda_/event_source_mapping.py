"""AWS::Lambda::EventSourceMapping: what a function reads from (a queue, a table's stream).

A mapping carries no tags of its own as a rule: it is part of its function, and belongs
to the application that tags the function. Its source is a queue or a DynamoDB table
(the stream ARN names its table); restored, the source is a reference to the restored
queue's ARN or table's `stream_arn`. Where it stands in a stream, and what it last
processed, are not configuration.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.dynamodb import TABLE, table_of_stream
from catalog.aws.kms import encrypted_by
from catalog.aws.lambda_ import EVENT_SOURCE_MAPPING, FUNCTION, function_arn, function_of
from catalog.aws.lambda_.function import arn_of
from catalog.aws.sns import TOPIC
from catalog.aws.spec import Described, Ref, ResourceType, Scope, pages, without
from catalog.aws.sqs import QUEUE
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block, Expr, quote

OF_FUNCTION = Ref("FunctionArn", FUNCTION, "invokes", function_of, part_of=True)
# The source is a queue or a table, by the service in its ARN; both share the field.
FROM_QUEUE = Ref("EventSourceArn", QUEUE, "reads", arn_of("sqs"))
FROM_TABLE = Ref("EventSourceArn", TABLE, "reads", table_of_stream)
ENCRYPTION = encrypted_by("KMSKeyArn")  # of the filter criteria
ON_FAILURE = "DestinationConfig.OnFailure.Destination"
FAILURE_QUEUE = Ref(ON_FAILURE, QUEUE, "dead-letter", arn_of("sqs"))
FAILURE_TOPIC = Ref(ON_FAILURE, TOPIC, "dead-letter", arn_of("sns"))

# The uid and name, and what moves without a configuration change.
DROPPED = (
    "UUID",
    "EventSourceMappingArn",
    "LastModified",
    "LastProcessingResult",
    "State",
    "StateTransitionReason",
    "Tags",
    "ResponseMetadata",
)
DISABLED = ("Disabled", "Disabling")
# aws_lambda_event_source_mapping arguments, by the field that holds them.
ARGUMENTS = {
    "BatchSize": "batch_size",
    "MaximumBatchingWindowInSeconds": "maximum_batching_window_in_seconds",
    "Enabled": "enabled",
    "StartingPosition": "starting_position",
    "StartingPositionTimestamp": "starting_position_timestamp",
    "MaximumRetryAttempts": "maximum_retry_attempts",
    "MaximumRecordAgeInSeconds": "maximum_record_age_in_seconds",
    "BisectBatchOnFunctionError": "bisect_batch_on_function_error",
    "ParallelizationFactor": "parallelization_factor",
    "TumblingWindowInSeconds": "tumbling_window_in_seconds",
    "FunctionResponseTypes": "function_response_types",
}


def mapping_arn(scope: Scope, mapping: dict[str, Any]) -> str:
    """The mapping's ARN; older answers give its UUID only."""
    return mapping.get("EventSourceMappingArn") or (
        f"arn:aws:lambda:{scope.region}:{scope.account}:event-source-mapping:{mapping['UUID']}"
    )


def last_part(arn: str) -> str:
    return arn.split("/stream/")[0].rsplit(":", 1)[-1].rsplit("/", 1)[-1]


def described(awslambda: Any, scope: Scope, mapping: dict[str, Any]) -> Described:
    properties = without(mapping, *DROPPED)
    properties["Enabled"] = mapping.get("State") not in DISABLED
    arn = mapping_arn(scope, mapping)
    tags = awslambda.list_tags(Resource=arn).get("Tags", {})
    # Named by what it joins: `source -> function` (a queue's or table's name).
    source, target = mapping.get("EventSourceArn", ""), mapping["FunctionArn"]
    name = f"{last_part(source)}-{function_arn(target).rsplit(':', 1)[-1]}"
    return Described(uid=arn, name=name, properties=properties, tags=tags)


def read(scope: Scope) -> Iterator[Described]:
    awslambda = scope.client("lambda")
    mappings = list(pages(awslambda, "list_event_source_mappings", "EventSourceMappings"))
    # Tags have no batch form: one call per mapping, on the pool.
    yield from scope.map(lambda mapping: described(awslambda, scope, mapping), mappings)


def function(ctx: Emit) -> Any:
    """The function (with the alias or version qualifier it names, if any)."""
    named = ctx.properties["FunctionArn"]
    arn = ctx.ref(OF_FUNCTION, attribute="arn")
    if arn is None:
        return ctx.plan.retarget.string(named)
    qualifier = named[len(function_arn(named)) :]
    return Expr(f'"${{{arn.text}}}{quote(qualifier)[1:-1]}"') if qualifier else arn


def source(ctx: Emit) -> Any:
    """The queue's ARN, or the table's current stream (a restored table has a new one)."""
    named = ctx.properties["EventSourceArn"]
    table = ctx.ref(FROM_TABLE, attribute="stream_arn") if ":dynamodb:" in named else None
    return table or ctx.ref(FROM_QUEUE, attribute="arn") or ctx.plan.retarget.string(named)


def blocks(ctx: Emit) -> list[Block]:
    p = ctx.properties
    found = []
    filters = (p.get("FilterCriteria") or {}).get("Filters") or ()
    if filters:
        patterns = [Block("filter", attributes={"pattern": f.get("Pattern")}) for f in filters]
        found.append(Block("filter_criteria", blocks=patterns))
    failure = ((p.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
    if failure:
        target = ctx.ref(FAILURE_QUEUE, attribute="arn") or ctx.plan.retarget.string(failure)
        on_failure = Block("on_failure", attributes={"destination_arn": target})
        found.append(Block("destination_config", blocks=[on_failure]))
    concurrency = (p.get("ScalingConfig") or {}).get("MaximumConcurrency")
    if concurrency:
        attributes = {"maximum_concurrency": concurrency}
        found.append(Block("scaling_config", attributes=attributes))
    return found


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    return [
        ctx.resource(
            "aws_lambda_event_source_mapping",
            {
                "function_name": function(ctx),
                "event_source_arn": source(ctx),
                **{argument: p.get(name) for name, argument in ARGUMENTS.items()},
                "kms_key_arn": ctx.ref(ENCRYPTION, attribute="arn"),
                **ctx.tags(),
            },
            blocks(ctx),
            adopt=ctx.asset.uid.rsplit(":", 1)[-1],
        )
    ]


TYPE = ResourceType(
    EVENT_SOURCE_MAPPING,
    "lambda",
    read,
    references=(OF_FUNCTION, FROM_QUEUE, FROM_TABLE, ENCRYPTION, FAILURE_QUEUE, FAILURE_TOPIC),
    iam_actions=("lambda:ListEventSourceMappings", "lambda:ListTags"),
    terraform=TerraformType(
        "aws_lambda_event_source_mapping",
        # After the function it invokes and the queue or table it reads.
        Stage.COMPUTE,
        emit,
        shapes=(StateShape("aws_lambda_event_source_mapping", noun="event source mapping"),),
    ),
)
