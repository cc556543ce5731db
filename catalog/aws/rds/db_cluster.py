"""AWS::RDS::DBCluster: an Aurora (or Multi-AZ) cluster and the instances that are its members."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.rds import (
    DB_CLUSTER,
    DB_CLUSTER_PARAMETER_GROUP,
    DB_INSTANCE,
    DB_SUBNET_GROUP,
    SHARED_REFERENCES,
    database,
    shared_properties,
    sibling,
)
from catalog.aws.spec import Described, Ref, ResourceType, Scope, pages, without

# A cluster names its subnet group by name (not in a structure, as an instance does).
SUBNET_GROUP = Ref("DBSubnetGroup", DB_SUBNET_GROUP, "network", sibling("subgrp"))
PARAMETER_GROUP = Ref(
    "DBClusterParameterGroup", DB_CLUSTER_PARAMETER_GROUP, "configured-by", sibling("cluster-pg")
)
MEMBERS = Ref(
    "DBClusterMembers[*]", DB_INSTANCE, "contains", sibling("db", key="DBInstanceIdentifier")
)


def read(scope: Scope) -> Iterator[Described]:
    for cluster in pages(scope.client("rds"), "describe_db_clusters", "DBClusters"):
        members = sorted(
            (
                without(member, "DBClusterParameterGroupStatus")
                for member in cluster.get("DBClusterMembers", ())
            ),
            key=lambda member: member["DBInstanceIdentifier"],
        )
        properties = {
            **shared_properties(cluster),
            "DBSubnetGroup": cluster.get("DBSubnetGroup"),  # a name here, not a structure
            "DBClusterMembers": members,
            "ReadReplicaIdentifiers": sorted(cluster.get("ReadReplicaIdentifiers", ())),
        }
        yield database(cluster, cluster["DBClusterArn"], "DBClusterIdentifier", properties)


TYPE = ResourceType(
    DB_CLUSTER,
    "rds",
    read,
    references=(*SHARED_REFERENCES, SUBNET_GROUP, PARAMETER_GROUP, MEMBERS),
    iam_actions=("rds:DescribeDBClusters",),
)
