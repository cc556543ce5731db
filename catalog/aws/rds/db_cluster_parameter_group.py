"""AWS::RDS::DBClusterParameterGroup: the engine settings of clusters, restored as the
instances' groups are (see `parameter_group`)."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.rds import DB_CLUSTER_PARAMETER_GROUP, parameter_group, parameter_groups
from catalog.aws.spec import Described, ResourceType, Scope
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block


def read(scope: Scope) -> Iterator[Described]:
    return parameter_groups(
        scope, "DBCluster", "describe_db_cluster_parameter_groups", "describe_db_cluster_parameters"
    )


def emit(ctx: Emit) -> list[Block]:
    return parameter_group(ctx, "aws_rds_cluster_parameter_group")


TYPE = ResourceType(
    DB_CLUSTER_PARAMETER_GROUP,
    "rds",
    read,
    compared=("Parameters",),
    iam_actions=(
        "rds:DescribeDBClusterParameterGroups",
        "rds:DescribeDBClusterParameters",
        "rds:ListTagsForResource",
    ),
    terraform=TerraformType(
        "aws_rds_cluster_parameter_group",
        Stage.DATA,
        emit,
        ("Name",),
        shapes=(
            StateShape(
                "aws_rds_cluster_parameter_group",
                noun="cluster parameter group",
                ignored=("parameter.apply_method",),
            ),
        ),
    ),
)
