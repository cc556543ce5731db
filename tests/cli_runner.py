"""Running `cairn` in-process the way a script would, for tests."""

from __future__ import annotations

import json
from typing import Any

from catalog.cli import main


def run_cli(capsys: Any, *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one command."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def cairn(capsys: Any, *argv: str) -> Any:
    """The JSON document of a command that must succeed (`--json` added)."""
    code, out, err = run_cli(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)
