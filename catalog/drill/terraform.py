"""Running terraform (or OpenTofu) in a drill's work directory.

The binary is `--terraform`, else $CAIRN_TERRAFORM, else `terraform`, else `tofu`,
whichever is installed. With a plugin directory ($CAIRN_TF_PLUGIN_DIR, `--plugin-dir`)
`init` installs providers from it alone and no CLI configuration is read: a drill then
runs offline. Output goes to `terraform.log` in the work directory, never to the
terminal: the drill prints one line per stage.

Interrupts: terraform runs in a process group of its own, so Ctrl-C reaches Cairn only,
which forwards exactly one SIGINT: terraform then stops at a safe point and saves its
state (two would make it exit at once, state unsaved). On Linux it also gets SIGINT
when Cairn itself dies (a SIGKILL), so a killed drill still leaves a state behind for
`cairn drill --cleanup` to destroy.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.errors import CairnError

BINARY_VARIABLE = "CAIRN_TERRAFORM"
PLUGIN_DIR_VARIABLE = "CAIRN_TF_PLUGIN_DIR"
LOG_FILE = "terraform.log"
STATE_FILE = "terraform.tfstate"
# A killed drill's terraform may still be saving its state when the cleanup starts.
LOCK_TIMEOUT = "-lock-timeout=300s"
PR_SET_PDEATHSIG = 1


class TerraformFailed(CairnError):
    """terraform exited non-zero: the message carries its first error line."""


@dataclass(frozen=True)
class Terraform:
    binary: str
    directory: Path
    plugin_dir: Path | None = None

    @classmethod
    def configured(
        cls, directory: Path, binary: str | None = None, plugin_dir: str | None = None
    ) -> Terraform:
        chosen = binary or os.environ.get(BINARY_VARIABLE) or _installed()
        if shutil.which(chosen) is None:
            raise CairnError(f"{chosen} is not installed (set --terraform or ${BINARY_VARIABLE})")
        plugins = plugin_dir or os.environ.get(PLUGIN_DIR_VARIABLE)
        if plugins and not Path(plugins).is_dir():
            raise CairnError(f"plugin directory {plugins} does not exist")
        return cls(chosen, directory, Path(plugins) if plugins else None)

    @property
    def log(self) -> Path:
        return self.directory / LOG_FILE

    @property
    def has_state(self) -> bool:
        """Some resource was applied (the state file lists it)."""
        try:
            state = json.loads((self.directory / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return bool(state.get("resources"))

    def init(self) -> None:
        plugins = [f"-plugin-dir={self.plugin_dir}"] if self.plugin_dir else []
        self.run("init", "-input=false", *plugins)

    def apply(self, targets: list[str]) -> None:
        self.run("apply", "-auto-approve", "-input=false", *(f"-target={t}" for t in targets))

    def destroy(self) -> None:
        self.run("destroy", "-auto-approve", "-input=false", LOCK_TIMEOUT)

    def show(self) -> dict[str, Any]:
        """`terraform show -json` of the state (an empty document before any apply)."""
        result = subprocess.run(
            [self.binary, "show", "-json", "-no-color"],
            cwd=self.directory,
            env=self._environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise TerraformFailed(f"{self.binary} show failed: {_first_error(result.stderr)}")
        document: dict[str, Any] = json.loads(result.stdout)
        return document

    def run(self, command: str, *argv: str) -> None:
        with self.log.open("a", encoding="utf-8") as log:
            log.write(f"\n$ {self.binary} {command} {' '.join(argv)}\n")
            log.flush()
            process = subprocess.Popen(
                [self.binary, command, "-no-color", *argv],
                cwd=self.directory,
                env=self._environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                process_group=0,
                preexec_fn=_interrupt_when_parent_dies(),
            )
            code = _wait(process)
        if code != 0:
            first = _first_error(self.log.read_text(encoding="utf-8").rpartition("\n$ ")[2])
            raise TerraformFailed(f"{self.binary} {command} failed: {first} (see {self.log})")

    def _environment(self) -> dict[str, str]:
        environment = {**os.environ, "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1"}
        if self.plugin_dir is not None:
            # Offline: no CLI configuration may send init to a registry or a mirror.
            environment["TF_CLI_CONFIG_FILE"] = os.devnull
        return environment


def _installed() -> str:
    for candidate in ("terraform", "tofu"):
        if shutil.which(candidate):
            return candidate
    raise CairnError(f"neither terraform nor tofu is installed (set ${BINARY_VARIABLE})")


def _wait(process: subprocess.Popen[bytes]) -> int:
    """The exit code; an interrupt here is forwarded once, waited out, then raised."""
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        try:
            process.wait()
        except KeyboardInterrupt:
            process.send_signal(signal.SIGINT)  # a second one: terraform exits at once
            raise
        raise


def _interrupt_when_parent_dies() -> Callable[[], None] | None:
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)

    interrupt = int(signal.SIGINT)

    def arm() -> None:
        libc.prctl(PR_SET_PDEATHSIG, interrupt)

    return arm


def _first_error(output: str) -> str:
    lines = [line.strip() for line in output.splitlines()]
    errors = [line for line in lines if line.startswith("Error:")]
    return (errors or [line for line in lines if line] or ["no output"])[0]
