"""AWS::SSM::Parameter: a Parameter Store parameter's metadata, never its value.

Only describe_parameters and list_tags_for_resource are called. get_parameter(s) would
return values, SecureString ones decrypted, and are never granted
(tests/test_iam_policy.py): so no value is kept, of any type. Restored, each value is a
variable to fill in, sensitive for a SecureString.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.aws.kms import encrypted_by
from catalog.aws.spec import Described, ResourceType, Scope, pages, tag_map
from catalog.aws.ssm import PARAMETER, parameter_arn
from catalog.aws.values import Name
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Purpose, Stage, TerraformType
from catalog.restore.hcl import Block, Expr
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.REGION, 1011)
ENCRYPTION = encrypted_by("KeyId")
SECURE = "SecureString"
# What a restore writes; the version, modification date and user change with every put.
KEPT = ("Name", "Type", "Tier", "Description", "DataType", "KeyId", "AllowedPattern")


def tags(ssm: Any, name: str) -> dict[str, str]:
    listed = ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=name)
    return tag_map(listed.get("TagList"))


def read(scope: Scope) -> Iterator[Described]:
    ssm = scope.client("ssm")
    parameters = list(pages(ssm, "describe_parameters", "Parameters"))
    # No batch call returns tags: one per parameter, on the crawl's pool.
    tag_maps = scope.map(lambda parameter: tags(ssm, parameter["Name"]), parameters)
    for parameter, tagged in zip(parameters, tag_maps, strict=True):
        yield Described(
            # Older responses (and moto) leave the ARN out.
            uid=parameter.get("ARN") or parameter_arn(scope, parameter["Name"]),
            name=parameter["Name"],
            properties={key: parameter.get(key) for key in KEPT},
            tags=tagged,
        )


def emit(ctx: Emit) -> list[Block]:
    """The parameter, its value a variable: Cairn never reads one, so even a plain
    String's has no default. Repaired in place, the parameter keeps the value it holds."""
    p = ctx.properties
    secure = p["Type"] == SECURE
    value = ctx.variable(
        "value",
        f"Value of {p['Type']} parameter {p['Name']} (never read by Cairn): take it from "
        "where it is kept or from the source region if it still answers.",
        sensitive=secure,
        purpose=Purpose.SECRET_VALUE if secure else Purpose.CONFIG_VALUE,
    )
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
                "value": value,
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
