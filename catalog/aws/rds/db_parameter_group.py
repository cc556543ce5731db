"""AWS::RDS::DBParameterGroup: the engine settings of database instances."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.rds import DB_PARAMETER_GROUP, parameter_group, parameter_groups
from catalog.aws.spec import Described, ResourceType, Scope
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block


def read(scope: Scope) -> Iterator[Described]:
    return parameter_groups(scope, "DB", "describe_db_parameter_groups", "describe_db_parameters")


def emit(ctx: Emit) -> list[Block]:
    return parameter_group(ctx, "aws_db_parameter_group")


TYPE = ResourceType(
    DB_PARAMETER_GROUP,
    "rds",
    read,
    compared=("Parameters",),
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
