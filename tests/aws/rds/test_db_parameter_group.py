"""AWS::RDS::DBParameterGroup from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.rds import db_parameter_group
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip

DECLARATION = db_parameter_group.TYPE
RECORDING = Path(__file__).with_name("db_parameter_group.json")


def build() -> None:
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_parameter_group(
        DBParameterGroupName="app-postgres16",
        DBParameterGroupFamily="postgres16",
        Description="app tuning",
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )
    rds.modify_db_parameter_group(
        DBParameterGroupName="app-postgres16",
        Parameters=[
            {
                "ParameterName": "max_connections",
                "ParameterValue": "300",
                "ApplyMethod": "pending-reboot",
            }
        ],
    )


def test_a_parameter_group_keeps_the_parameters_changed_and_applies_them_at_reboot():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert (observed.name, observed.tags) == ("app-postgres16", {"Project": "app-infra"})
    assert observed.properties["Family"] == "postgres16"
    assert observed.properties["Parameters"] == {"max_connections": "300"}
    assert observed.references == ()
    hcl = result.hcl()
    assert 'family      = "postgres16"' in hcl
    assert 'apply_method = "pending-reboot"' in hcl and 'value        = "300"' in hcl
    result.assert_clean()
