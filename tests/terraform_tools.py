"""Generated Terraform in tests: read as text (whatever `terraform fmt`'s alignment), and
checked by the real terraform, offline, when it and the AWS provider plugins are here."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Collection, Mapping
from pathlib import Path

import boto3
import pytest


def assigned(text: str, argument: str, expression: str) -> bool:
    """`argument = expression` on a line of its own, with any alignment padding."""
    pattern = rf"\b{re.escape(argument)}\s+= {re.escape(expression)}$"
    return re.search(pattern, text, re.MULTILINE) is not None


def arguments(text: str) -> str:
    """The text without comments: what Terraform reads as arguments."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


PLUGINS = Path(os.environ.get("CAIRN_TF_PLUGIN_DIR", "/opt/tf-plugins"))
needs_terraform = pytest.mark.skipif(
    shutil.which("terraform") is None or not PLUGINS.is_dir(),
    reason="terraform or the AWS provider plugins (CAIRN_TF_PLUGIN_DIR) are not installed here",
)


def terraform(directory: Path, *argv: str) -> str:
    """Terraform offline: no CLI configuration, no checkpoint calls, providers from PLUGINS.
    Its standard output."""
    environment = {**os.environ, "TF_CLI_CONFIG_FILE": os.devnull, "CHECKPOINT_DISABLE": "1"}
    result = subprocess.run(
        ["terraform", *argv, "-no-color"],
        cwd=directory,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def terraform_init(directory: Path) -> None:
    terraform(directory, "init", "-backend=false", f"-plugin-dir={PLUGINS}", "-input=false")


def terraform_validate(files: dict[str, str], directory: Path) -> None:
    """Write a plan's files into `directory`, then `terraform init` and `validate` them."""
    for name, text in files.items():
        (directory / name).write_text(text)
    terraform_init(directory)
    terraform(directory, "validate")


# The provider as a restore test applies it into moto: AWS_ENDPOINT_URL (set by the `aws`
# fixture) points every service at the moto server.
MOTO_PROVIDER = """provider "aws" {
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true
}
"""


def resource_addresses(directory: Path, skipped: Collection[str] = ()) -> list[str]:
    """Every resource a restore plan's stage files declare, but those of `skipped` types."""
    return [
        f"{kind}.{label}"
        for path in sorted(directory.glob("[0-9][0-9]-*.tf"))
        for kind, label in re.findall(
            r'^resource "([^"]+)" "([^"]+)"', path.read_text(), re.MULTILINE
        )
        if kind not in skipped
    ]


def copied_snapshot(instance: str, source_region: str, region: str) -> str:
    """A snapshot of the RDS instance taken now and copied into `region`, as a DR pipeline
    does before it applies a restore: its ID there."""
    source = boto3.client("rds", region_name=source_region)
    arn = source.create_db_snapshot(
        DBInstanceIdentifier=instance, DBSnapshotIdentifier=f"{instance}-dr-copy"
    )["DBSnapshot"]["DBSnapshotArn"]
    copy = boto3.client("rds", region_name=region).copy_db_snapshot(
        SourceDBSnapshotIdentifier=arn,
        TargetDBSnapshotIdentifier=f"{instance}-dr-copy",
        SourceRegion=source_region,
    )
    return str(copy["DBSnapshot"]["DBSnapshotIdentifier"])


def apply_into_moto(
    directory: Path,
    values: Mapping[str, str | None],
    skipped: Collection[str] = (),
    tags: Mapping[str, str] | None = None,
) -> None:
    """`terraform apply` a restore plan into moto, with `values` for its variables; resources
    of `skipped` types are left out (-target the others); `tags` on every resource (the
    provider's default_tags, as a drill tags what it creates)."""
    default_tags = (
        "  default_tags {\n    tags = " + json.dumps(dict(tags)).replace('":', '" =') + "\n  }\n"
        if tags
        else ""
    )
    (directory / "moto_override.tf").write_text(MOTO_PROVIDER.replace("}\n", default_tags + "}\n"))
    (directory / "terraform.tfvars").write_text(
        "".join(f"{name} = {json.dumps(value)}\n" for name, value in values.items())
    )
    targets = [f"-target={a}" for a in resource_addresses(directory, skipped)] if skipped else []
    terraform_init(directory)
    terraform(directory, "apply", "-auto-approve", "-input=false", *targets)
