"""The drill's overrides: what each resource type declares disposable exists in the provider."""

from __future__ import annotations

from catalog.drill.overrides import DISPOSABLE
from tests import terraform_schema

FLAGS_A_DRILL_NEEDS = {
    "aws_db_instance": "skip_final_snapshot",
    "aws_rds_cluster": "skip_final_snapshot",
    "aws_s3_bucket": "force_destroy",
    "aws_ecr_repository": "force_delete",
    "aws_secretsmanager_secret": "recovery_window_in_days",
    "aws_kms_key": "deletion_window_in_days",
    "aws_lb": "enable_deletion_protection",
    "aws_dynamodb_table": "deletion_protection_enabled",
}


def test_every_disposable_argument_is_an_optional_argument_of_its_type():
    schemas = terraform_schema.resource_schemas()
    for terraform_type, arguments in DISPOSABLE.items():
        attributes = schemas[terraform_type]["attributes"]
        for argument in arguments:
            assert argument in attributes, (terraform_type, argument)
            assert "optional" in attributes[argument]["flags"], (terraform_type, argument)
    # What would otherwise leave a paid snapshot, a recovery window or a protected resource.
    assert all(DISPOSABLE[t].keys() >= {a} for t, a in FLAGS_A_DRILL_NEEDS.items())
    assert DISPOSABLE["aws_secretsmanager_secret"]["recovery_window_in_days"] == 0
