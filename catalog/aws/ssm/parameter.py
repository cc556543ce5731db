"""AWS::SSM::Parameter: a Parameter Store parameter's metadata, and a plain one's value
unless it is secret.

describe_parameters and list_tags_for_resource give the metadata. The values of String
and StringList parameters are read with get_parameters, ten names a call, never with
decryption and never for a SecureString, and kept unless secret (catalog/aws/env_values.py):
a secret one keeps why it is secret and a digest. ssm:GetParameters would also let a
caller decrypt SecureStrings under the default key, so it is optional, outside the
generated read-only policy (docs/aws-accounts.md says how to grant it on plain parameter
paths only): where it is refused, those values stay unread and the partition still
completes. With `--env-values none` no value is read. Restored, a kept value is written
as it was; any other is a variable to fill in, sensitive for a SecureString or a secret.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from botocore.exceptions import ClientError

from catalog.aws.env_values import PASCAL, EnvValues, kept, not_kept
from catalog.aws.kms import encrypted_by
from catalog.aws.spec import Described, ResourceType, Scope, pages, tag_map
from catalog.aws.ssm import PARAMETER, parameter_arn
from catalog.aws.values import Name
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Purpose, Stage, TerraformType
from catalog.restore.hcl import Block, Expr
from catalog.restore.renaming import NameScope, Naming

log = logging.getLogger(__name__)
NAME = Naming(NameScope.REGION, 1011)
ENCRYPTION = encrypted_by("KeyId")
SECURE = "SecureString"
PLAIN = ("String", "StringList")  # the types whose values are read; never SecureString
BATCH = 10  # names per get_parameters call, the API's limit
DENIED = ("AccessDenied", "AccessDeniedException")
# What a restore writes; the version, modification date and user change with every put.
KEPT = ("Name", "Type", "Tier", "Description", "DataType", "KeyId", "AllowedPattern")


def tags(ssm: Any, name: str) -> dict[str, str]:
    listed = ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=name)
    return tag_map(listed.get("TagList"))


def plain_values(scope: Scope, ssm: Any, parameters: list[dict[str, Any]]) -> dict[str, Any]:
    """The values of the String and StringList parameters, by name; none if the crawl keeps
    no values, nor those ssm:GetParameters is not granted on (one warning says how many)."""
    if scope.env_values is EnvValues.NONE:
        return {}
    names = [p["Name"] for p in parameters if p.get("Type") in PLAIN]
    batches = [names[start : start + BATCH] for start in range(0, len(names), BATCH)]
    answers = scope.map(lambda batch: readable(ssm, batch), batches)
    denied = sum(len(refused) for _, refused in answers)
    if denied:
        log.warning(
            "%d of %d SSM parameter values in %s stay unread: ssm:GetParameters is not "
            "granted on them (docs/aws-accounts.md: grant it on plain parameter paths)",
            denied,
            len(names),
            scope.region,
        )
    return {name: value for found, _ in answers for name, value in found.items()}


def readable(ssm: Any, names: list[str]) -> tuple[dict[str, Any], list[str]]:
    """The values of `names`, and the names refused. A grant scoped to some paths refuses
    a whole batch that names one outside them: then each name is asked for alone."""
    try:
        return values_of(ssm, names), []
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in DENIED:
            raise
        if len(names) == 1:
            return {}, names
    found: dict[str, Any] = {}
    refused: list[str] = []
    for name in names:
        values, denied = readable(ssm, [name])
        found |= values
        refused += denied
    return found, refused


def values_of(ssm: Any, names: list[str]) -> dict[str, Any]:
    # Never decrypted: only plain types are asked for, and WithDecryption stays off.
    found = ssm.get_parameters(Names=names, WithDecryption=False)["Parameters"]
    return {p["Name"]: p["Value"] for p in found if p.get("Type") in PLAIN}


def properties(parameter: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The kept metadata, and the value unless secret where it was read."""
    found = {key: parameter.get(key) for key in KEPT}
    name = parameter["Name"]
    if name in values:
        found |= kept(name, values[name], PASCAL)
    return found


def read(scope: Scope) -> Iterator[Described]:
    ssm = scope.client("ssm")
    parameters = list(pages(ssm, "describe_parameters", "Parameters"))
    # No batch call returns tags: one per parameter, on the crawl's pool.
    tag_maps = scope.map(lambda parameter: tags(ssm, parameter["Name"]), parameters)
    values = plain_values(scope, ssm, parameters)
    for parameter, tagged in zip(parameters, tag_maps, strict=True):
        yield Described(
            # Older responses (and moto) leave the ARN out.
            uid=parameter.get("ARN") or parameter_arn(scope, parameter["Name"]),
            name=parameter["Name"],
            properties=properties(parameter, values),
            tags=tagged,
        )


def value(ctx: Emit) -> Any:
    """The kept value as it was (what names the source rewritten); else a variable: a
    SecureString's or a secret's sensitive, a value never read a plain one to fill in."""
    p = ctx.properties
    if "Value" in p:
        return ctx.value("Value", p["Value"])
    if "Secret" in p:
        return ctx.variable(
            "value",
            f"Value of {p['Type']} parameter {p['Name']} ({not_kept(p['Secret'])}): take it "
            "from where it is kept or from the source region if it still answers.",
            sensitive=True,
            purpose=Purpose.SECRET_VALUE,
            digest=p["ValueDigest"],
        )
    secure = p["Type"] == SECURE
    return ctx.variable(
        "value",
        f"Value of {p['Type']} parameter {p['Name']} (never read by Cairn): take it from "
        "where it is kept or from the source region if it still answers.",
        sensitive=secure,
        purpose=Purpose.SECRET_VALUE if secure else Purpose.CONFIG_VALUE,
    )


def emit(ctx: Emit) -> list[Block]:
    """The parameter and its value. Repaired in place, the parameter keeps the value it
    holds."""
    p = ctx.properties
    secure = p["Type"] == SECURE
    return [
        ctx.resource(
            "aws_ssm_parameter",
            {
                "name": ctx.name(p["Name"], NAME),
                "type": p["Type"],
                "tier": p.get("Tier"),
                "description": p.get("Description") or None,
                "data_type": p.get("DataType"),
                "allowed_pattern": p.get("AllowedPattern"),
                # Without one, a SecureString uses the account's default key (alias/aws/ssm).
                "key_id": ctx.ref(ENCRYPTION, attribute="arn") if secure else None,
                "value": value(ctx),
                **ctx.tags(),
            },
            # Only a parameter that is created takes the variable's value.
            [Block("lifecycle", attributes={"ignore_changes": Expr("[value]")})]
            if ctx.adopting
            else None,
            adopt=p["Name"],
        )
    ]


TYPE = ResourceType(
    PARAMETER,
    "ssm",
    read,
    references=(ENCRYPTION,),
    iam_actions=("ssm:DescribeParameters", "ssm:ListTagsForResource"),
    optional_iam_actions=("ssm:GetParameters",),
    terraform=TerraformType(
        "aws_ssm_parameter",
        Stage.DATA,
        emit,
        ("Name",),
        shapes=(StateShape("aws_ssm_parameter", noun="parameter"),),
    ),
    names=(Name("Name", "name", whole=True),),
    values=("Value",),
)
