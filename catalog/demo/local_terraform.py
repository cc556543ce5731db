"""Terraform for the demo's drill: the AWS provider found on this machine, or the reason
the drill step cannot run here.

A drill's `terraform init` needs the AWS provider. The demo looks for it where machines
keep providers for offline use before it asks the registry, so a laptop or a CI image
with a provider mirror tells the whole story without network; without terraform, or with
neither a mirror nor the registry, the drill step says why it was skipped.
"""

from __future__ import annotations

import os
import shutil
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from catalog.drill.terraform import PLUGIN_DIR_VARIABLE

PROVIDER = Path("registry.terraform.io") / "hashicorp" / "aws"
# Terraform's implied local mirrors on Linux and macOS, then where build images often
# bake providers in.
MIRRORS = (
    Path.home() / ".terraform.d" / "plugins",
    Path.home() / ".local" / "share" / "terraform" / "plugins",
    Path("/usr/local/share/terraform/plugins"),
    Path("/usr/share/terraform/plugins"),
    Path("/opt/tf-plugins"),
)
REGISTRY = "https://registry.terraform.io/.well-known/terraform.json"
REGISTRY_TIMEOUT_S = 5


@dataclass(frozen=True)
class LocalTerraform:
    plugin_dir: str | None = None  # None: terraform init asks the registry
    unavailable: str | None = None  # why the drill cannot run here


def local_terraform() -> LocalTerraform:
    if not any(shutil.which(binary) for binary in ("terraform", "tofu")):
        return LocalTerraform(unavailable="neither terraform nor tofu is installed")
    configured = os.environ.get(PLUGIN_DIR_VARIABLE)
    if configured:
        return LocalTerraform(plugin_dir=configured)
    for mirror in MIRRORS:
        if (mirror / PROVIDER).is_dir():
            return LocalTerraform(plugin_dir=str(mirror))
    if _registry_answers():
        return LocalTerraform()
    return LocalTerraform(
        unavailable=f"the AWS provider is in no local mirror (set {PLUGIN_DIR_VARIABLE}) and "
        "the Terraform registry is out of reach"
    )


def _registry_answers() -> bool:
    try:
        with urllib.request.urlopen(REGISTRY, timeout=REGISTRY_TIMEOUT_S):
            return True
    except OSError:
        return False
