"""AWS::Lambda::Function: a function with its role, network, key, layers, reserved
concurrency, aliases and resource policy (who may invoke it).

list_functions returns environment variable values: each is kept unless it is
secret (catalog/aws/env_values.py), at the first place it is seen; a secret one keeps its
name, why it is secret and a digest, never the value (with `--env-values none`, names
only). get_function is never called: it answers with a link to download the code.

Restored, the deployment package is not configuration: each function takes it as a
required variable (a local zip or `s3://bucket/key` in the target region; an image
URI for image functions), checked against the captured CodeSha256 (see the runbook).
Aliases and permissions are parts of the function. A restored function has no version
history: it is published once, and aliases naming a version name that one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from botocore.exceptions import ClientError

from catalog.aws.ec2 import SECURITY_GROUP, SUBNET
from catalog.aws.env_values import PASCAL, EnvValues
from catalog.aws.env_values import environment as kept_environment
from catalog.aws.events import RULE
from catalog.aws.iam import ROLE
from catalog.aws.kms import encrypted_by
from catalog.aws.lambda_ import FUNCTION, LAYER_VERSION
from catalog.aws.logs import logs_to
from catalog.aws.s3 import BUCKET
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
from catalog.aws.values import Name
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Purpose, Stage, TerraformType
from catalog.restore.environment import restored_value
from catalog.restore.hcl import Block, Expr
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 64)
# Dropped: the environment (kept by `environment_of` instead), the uid, and what changes
# without a configuration change (deploy time, revision, state of the last update, runtime
# patch level).
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
IMAGE = "Image"
LATEST = "$LATEST"


def arn_of(service: str, resource: str = "") -> Resolver:
    """A resolver of an ARN of `service` (a dead-letter target: a queue or a topic),
    whose resource part starts with `resource` (`rule/`) when given."""

    def resolve(found: Found) -> str | None:
        arn = found.value
        parts = arn.split(":", 5) if isinstance(arn, str) else []
        named = len(parts) == 6 and parts[2] == service and parts[5].startswith(resource)
        return arn if named else None

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
# Who may invoke it: a permission's source is a topic, a rule, a bucket or a queue, by
# the service in its ARN; all share the field, so any of them reads the reference back.
INVOKED_BY = "Permissions[*].SourceArn"
SOURCE_TOPIC = Ref(INVOKED_BY, TOPIC, "invoked-by", arn_of("sns"))
SOURCE_RULE = Ref(INVOKED_BY, RULE, "invoked-by", arn_of("events", "rule/"))
SOURCE_BUCKET = Ref(INVOKED_BY, BUCKET, "invoked-by", arn_of("s3"))
SOURCE_QUEUE = Ref(INVOKED_BY, QUEUE, "invoked-by", arn_of("sqs"))

# A policy statement's condition keys, by the permission field they hold.
CONDITIONS = {
    "AWS:SourceArn": "SourceArn",
    "AWS:SourceAccount": "SourceAccount",
    "aws:PrincipalOrgID": "PrincipalOrgID",
    "lambda:FunctionUrlAuthType": "FunctionUrlAuthType",
}


def environment_of(function: dict[str, Any], env_values: EnvValues) -> list[dict[str, Any]]:
    """The environment variables, each kept unless secret; a secret value goes no further."""
    variables = (function.get("Environment") or {}).get("Variables") or {}
    return kept_environment(variables, PASCAL, env_values)


def vpc_config(function: dict[str, Any]) -> dict[str, Any] | None:
    config = function.get("VpcConfig") or {}
    if not config.get("SubnetIds") and not config.get("SecurityGroupIds"):
        return None  # AWS answers with empty lists or nothing for a function outside a VPC
    return {
        **config,
        "SubnetIds": sorted(config.get("SubnetIds", ())),
        "SecurityGroupIds": sorted(config.get("SecurityGroupIds", ())),
    }


def principal(statement: dict[str, Any]) -> str:
    """A statement's principal as aws_lambda_permission takes it: a service, an account
    or an ARN, or `*`."""
    named = statement.get("Principal")
    if isinstance(named, dict):
        return str(next(iter(named.values())))
    return str(named)


def permission(statement: dict[str, Any]) -> dict[str, Any]:
    """One statement of the resource policy as the fields of a permission."""
    found: dict[str, Any] = {
        "StatementId": statement.get("Sid"),
        "Action": statement.get("Action"),
        "Principal": principal(statement),
    }
    for condition in (statement.get("Condition") or {}).values():
        for key, value in condition.items():
            if key in CONDITIONS:
                found[CONDITIONS[key]] = value
    # A permission of an alias or a version names it after the function's ARN.
    resource = str(statement.get("Resource", ""))
    if resource.count(":") == 7:
        found["Qualifier"] = resource.rsplit(":", 1)[1]
    return found


def permissions(awslambda: Any, name: str, qualifier: str | None = None) -> list[dict[str, Any]]:
    """Who may invoke the function (or one alias of it), by its resource policy; none
    without one."""
    try:
        qualified = {"Qualifier": qualifier} if qualifier else {}
        text = awslambda.get_policy(FunctionName=name, **qualified)["Policy"]
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
            return []
        raise
    return [permission(s) for s in json.loads(text).get("Statement", ())]


def unique(found: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Permissions once each, by alias and statement (moto answers an alias's statements
    for the function too)."""
    by_key = {(p.get("Qualifier") or "", str(p["StatementId"])): p for p in found}
    return [by_key[key] for key in sorted(by_key)]


def aliases(awslambda: Any, name: str) -> list[dict[str, Any]]:
    return sorted(
        (
            without(alias, "AliasArn", "RevisionId")
            for alias in pages(awslambda, "list_aliases", "Aliases", FunctionName=name)
        ),
        key=lambda alias: alias["Name"],
    )


def described(awslambda: Any, function: dict[str, Any], env_values: EnvValues) -> Described:
    name = function["FunctionName"]
    properties = without(function, *DROPPED)
    properties["Environment"] = environment_of(function, env_values)
    properties["VpcConfig"] = vpc_config(function)
    # Layer order matters (later layers override earlier files), so it is kept.
    properties["Layers"] = [layer["Arn"] for layer in function.get("Layers", ())]
    concurrency = awslambda.get_function_concurrency(FunctionName=name)
    properties["ReservedConcurrentExecutions"] = concurrency.get("ReservedConcurrentExecutions")
    properties["Aliases"] = aliases(awslambda, name)
    # An alias has a resource policy of its own (an API granted the `live` alias only).
    qualifiers = [None, *(alias["Name"] for alias in properties["Aliases"])]
    properties["Permissions"] = unique(
        p for qualifier in qualifiers for p in permissions(awslambda, name, qualifier)
    )
    # No batch call returns tags: one per function.
    tags = awslambda.list_tags(Resource=function["FunctionArn"]).get("Tags", {})
    return Described(uid=function["FunctionArn"], name=name, properties=properties, tags=tags)


def read(scope: Scope) -> Iterator[Described]:
    awslambda = scope.client("lambda")
    functions = list(pages(awslambda, "list_functions", "Functions"))
    # Concurrency, aliases, policy and tags have no batch form: per function, on the pool.
    yield from scope.map(
        lambda function: described(awslambda, function, scope.env_values), functions
    )


# -- restore --

S3 = "s3://"


def package(ctx: Emit) -> dict[str, Any]:
    """The deployment package, from one variable holding a local zip or `s3://bucket/key`
    (image functions: the image URI)."""
    p = ctx.properties
    if p.get("PackageType") == IMAGE:
        # No default: list_functions gives no ImageUri, and get_function is never called.
        uri = ctx.variable(
            "image_uri",
            "Image URI of the function's container image in the target region (an ECR "
            "replica or a push of the same image).",
            purpose=Purpose.ARTIFACT,
        )
        return {"package_type": IMAGE, "image_uri": uri}
    source = ctx.variable(
        "package",
        "Deployment package: a local zip path or s3://bucket/key in the target region; "
        f"its SHA-256 (base64) must be {p.get('CodeSha256')} (see the runbook).",
        purpose=Purpose.ARTIFACT,
    )
    in_s3 = f'startswith({source.text}, "{S3}")'
    return {
        "filename": Expr(f"{in_s3} ? null : {source.text}"),
        "s3_bucket": Expr(f'{in_s3} ? regex("^s3://([^/]+)/", {source.text})[0] : null'),
        "s3_key": Expr(f'{in_s3} ? regex("^s3://[^/]+/(.+)$", {source.text})[0] : null'),
    }


def environment(ctx: Emit) -> list[Block]:
    """The environment: each kept value as it was (what names the source rewritten), each
    other a sensitive variable. A snapshot of before values were kept holds names alone."""
    kept = ctx.properties.get("Environment") or [
        {"Name": name} for name in ctx.properties.get("EnvironmentVariableNames") or ()
    ]
    if not kept:
        return []
    variables = {
        variable["Name"]: restored_value(
            ctx,
            f"Environment[{position}].Value",
            variable,
            PASCAL,
            f"env_{variable['Name']}",
            f"function {ctx.properties['FunctionName']}",
        )
        for position, variable in enumerate(kept)
    }
    return [Block("environment", attributes={"variables": variables})]


# Nested blocks as the API has them: (where, block, {argument: field}).
COPIED_BLOCKS = (
    (("TracingConfig",), "tracing_config", {"mode": "Mode"}),
    (("EphemeralStorage",), "ephemeral_storage", {"size": "Size"}),
    (
        ("ImageConfigResponse", "ImageConfig"),
        "image_config",
        {
            "entry_point": "EntryPoint",
            "command": "Command",
            "working_directory": "WorkingDirectory",
        },
    ),
    (
        ("LoggingConfig",),
        "logging_config",
        {
            "log_format": "LogFormat",
            "application_log_level": "ApplicationLogLevel",
            "system_log_level": "SystemLogLevel",
            "log_group": "LogGroup",
        },
    ),
)


def copied(ctx: Emit) -> list[Block]:
    """The blocks taken as they are, but the log group, a reference where it is restored."""
    references = {"log_group": ctx.ref(LOGS, attribute="name")}
    blocks = []
    for path, name, arguments in COPIED_BLOCKS:
        found: Any = ctx.properties
        for key in path:
            found = (found or {}).get(key)
        if found:
            attributes = {argument: found.get(field) for argument, field in arguments.items()}
            attributes |= {k: v for k, v in references.items() if k in attributes and v}
            blocks.append(Block(name, attributes=attributes))
    return blocks


def settings(ctx: Emit) -> list[Block]:
    """The nested blocks of the function, each where the function sets it."""
    p = ctx.properties
    blocks = environment(ctx)
    if p.get("VpcConfig"):
        vpc = {"subnet_ids": ctx.refs(SUBNETS), "security_group_ids": ctx.refs(SECURITY_GROUPS)}
        blocks.append(Block("vpc_config", attributes=vpc))
    dead_letter = (p.get("DeadLetterConfig") or {}).get("TargetArn")
    if dead_letter:
        retargeted = ctx.plan.retarget.string(dead_letter)
        target = ctx.ref(DEAD_LETTER_QUEUE, attribute="arn") or retargeted
        blocks.append(Block("dead_letter_config", attributes={"target_arn": target}))
    return blocks + copied(ctx)


def publishes(ctx: Emit) -> bool:
    """Whether an alias names a published version: the restore publishes one for it."""
    return any(alias["FunctionVersion"] != LATEST for alias in ctx.properties.get("Aliases", ()))


def alias(ctx: Emit, named: dict[str, Any]) -> Block:
    """An alias of the function; a numbered version is the one the restore publishes
    (the source's version history is not restored, nor weights between versions)."""
    version = named["FunctionVersion"]
    return ctx.resource(
        "aws_lambda_alias",
        {
            "name": named["Name"],
            "description": named.get("Description") or None,
            "function_name": ctx.ref_self("function_name"),
            "function_version": version if version == LATEST else ctx.ref_self("version"),
        },
        part=f"alias_{named['Name']}",
        adopt=f"{ctx.properties['FunctionName']}/{named['Name']}",
    )


def grant(ctx: Emit, index: int, statement: dict[str, Any], aliases: dict[str, Block]) -> Block:
    """One permission; its source a reference where Cairn restores it, else retargeted.
    An alias's permission names the alias's block, so it is granted once the alias exists."""
    source = statement.get("SourceArn")
    if source:
        source = ctx.ref(SOURCE_TOPIC, index, attribute="arn") or ctx.plan.retarget.string(source)
    qualifier = statement.get("Qualifier")
    alias_block = aliases.get(qualifier or "")
    function = ctx.properties["FunctionName"]
    return ctx.resource(
        "aws_lambda_permission",
        {
            "statement_id": statement["StatementId"],
            "function_name": ctx.ref_self("function_name"),
            "qualifier": Expr(f"{alias_block.address}.name") if alias_block else qualifier,
            "action": statement["Action"],
            "principal": ctx.plan.retarget.string(statement["Principal"]),
            "source_arn": source,
            "source_account": ctx.plan.retarget.string(statement["SourceAccount"])
            if statement.get("SourceAccount")
            else None,
            "principal_org_id": statement.get("PrincipalOrgID"),
            "function_url_auth_type": statement.get("FunctionUrlAuthType"),
        },
        part=f"permission_{statement['StatementId']}",
        adopt=f"{function}:{qualifier}/{statement['StatementId']}"
        if qualifier
        else f"{function}/{statement['StatementId']}",
    )


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    zipped = p.get("PackageType") != IMAGE
    function = ctx.resource(
        "aws_lambda_function",
        {
            "function_name": ctx.name(p["FunctionName"], NAME),
            "description": p.get("Description") or None,
            "role": ctx.ref(EXECUTION_ROLE, attribute="arn"),
            **package(ctx),
            "runtime": p.get("Runtime") if zipped else None,
            "handler": p.get("Handler") if zipped else None,
            "architectures": p.get("Architectures"),
            "memory_size": p.get("MemorySize"),
            "timeout": p.get("Timeout"),
            "layers": ctx.refs(LAYERS, attribute="arn") or None,
            "kms_key_arn": ctx.ref(ENCRYPTION, attribute="arn"),
            "reserved_concurrent_executions": p.get("ReservedConcurrentExecutions"),
            "publish": True if publishes(ctx) else None,
            **ctx.tags(),
        },
        settings(ctx),
        adopt=p["FunctionName"],
    )
    aliases = {named["Name"]: alias(ctx, named) for named in p.get("Aliases", ())}
    grants = [
        grant(ctx, i, statement, aliases) for i, statement in enumerate(p.get("Permissions", ()))
    ]
    return [function, *aliases.values(), *grants]


def permission_key(attributes: dict[str, Any]) -> str | None:
    """A permission's import ID: `function[:qualifier]/statement`."""
    function, statement = attributes.get("function_name"), attributes.get("statement_id")
    if not function or not statement:
        return None
    qualifier = attributes.get("qualifier")
    return f"{function}:{qualifier}/{statement}" if qualifier else f"{function}/{statement}"


def alias_key(attributes: dict[str, Any]) -> str | None:
    function, name = attributes.get("function_name"), attributes.get("name")
    return f"{function}/{name}" if function and name else None


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
        SOURCE_TOPIC,
        SOURCE_RULE,
        SOURCE_BUCKET,
        SOURCE_QUEUE,
    ),
    iam_actions=(
        "lambda:ListFunctions",
        "lambda:ListTags",
        "lambda:GetFunctionConcurrency",
        "lambda:ListAliases",
        "lambda:GetPolicy",
    ),
    terraform=TerraformType(
        "aws_lambda_function",
        Stage.COMPUTE,
        emit,
        ("FunctionName",),
        shapes=(
            StateShape("aws_lambda_function", noun="function"),
            StateShape(
                "aws_lambda_alias",
                key=alias_key,
                parent="function_name",
                id_attribute="arn",
                noun="function alias",
            ),
            StateShape(
                "aws_lambda_permission",
                key=permission_key,
                parent="function_name",
                has_arn=False,
                noun="function permission",
            ),
        ),
    ),
    names=(Name("FunctionName", "function_name", whole=True),),
    values=("Environment[*].Value",),
)
