"""AWS::RDS::DBParameterGroup: the engine settings of database instances."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.rds import DB_PARAMETER_GROUP, parameter_groups
from catalog.aws.spec import Described, ResourceType, Scope
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block


def read(scope: Scope) -> Iterator[Described]:
    return parameter_groups(scope, "DB", "describe_db_parameter_groups", "describe_db_parameters")


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    # Applied at the next reboot: static parameters refuse "immediate", and a
    # restored instance reboots into its group anyway.
    parameters = [
        Block(
            "parameter",
            attributes={"name": name, "value": str(value), "apply_method": "pending-reboot"},
        )
        for name, value in sorted((p.get("Parameters") or {}).items())
    ]
    return [
        ctx.resource(
            "aws_db_parameter_group",
            {
                "name": ctx.global_name(p["Name"]),
                "family": p["Family"],
                "description": p.get("Description") or None,
                **ctx.tags(),
            },
            parameters,
            adopt=p["Name"],
        )
    ]


TYPE = ResourceType(
    DB_PARAMETER_GROUP,
    "rds",
    read,
    iam_actions=(
        "rds:DescribeDBParameterGroups",
        "rds:DescribeDBParameters",
        "rds:ListTagsForResource",
    ),
    terraform=TerraformType(
        "aws_db_parameter_group",
        Stage.DATA,
        emit,
        ("Name",),
        shapes=(
            StateShape(
                "aws_db_parameter_group",
                noun="parameter group",
                ignored=("parameter.apply_method",),
            ),
        ),
    ),
)
