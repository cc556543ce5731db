"""AWS::RDS::DBClusterParameterGroup: the engine settings of clusters."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.rds import DB_CLUSTER_PARAMETER_GROUP, parameter_groups
from catalog.aws.spec import Described, ResourceType, Scope


def read(scope: Scope) -> Iterator[Described]:
    return parameter_groups(
        scope, "DBCluster", "describe_db_cluster_parameter_groups", "describe_db_cluster_parameters"
    )


TYPE = ResourceType(
    DB_CLUSTER_PARAMETER_GROUP,
    "rds",
    read,
    iam_actions=(
        "rds:DescribeDBClusterParameterGroups",
        "rds:DescribeDBClusterParameters",
        "rds:ListTagsForResource",
    ),
)
