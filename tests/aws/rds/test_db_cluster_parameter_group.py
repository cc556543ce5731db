"""AWS::RDS::DBClusterParameterGroup from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.rds import db_cluster_parameter_group
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = db_cluster_parameter_group.TYPE
RECORDING = Path(__file__).with_name("db_cluster_parameter_group.json")


def build() -> None:
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_cluster_parameter_group(
        DBClusterParameterGroupName="app-aurora",
        DBParameterGroupFamily="aurora-postgresql16",
        Description="aurora tuning",
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName="app-aurora",
        Parameters=[
            {
                "ParameterName": "rds.force_ssl",
                "ParameterValue": "1",
                "ApplyMethod": "pending-reboot",
            }
        ],
    )


def test_a_cluster_parameter_group_keeps_its_family_tags_and_parameters():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert (observed.name, observed.tags) == ("app-aurora", {"Project": "app-infra"})
    assert observed.properties["Family"] == "aurora-postgresql16"
    assert observed.properties["Description"] == "aurora tuning"
    assert observed.properties["Parameters"] == {"rds.force_ssl": "1"}
    hcl = result.hcl()
    assert 'resource "aws_rds_cluster_parameter_group" "app_aurora"' in hcl
    assert 'family      = "aurora-postgresql16"' in hcl
    assert 'name         = "rds.force_ssl"' in hcl and 'value        = "1"' in hcl
    result.assert_clean()
