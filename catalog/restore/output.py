"""Writing a restore plan's files to a directory, refusing to mix it with others.

With `--force` a directory may hold a plan already. The plan.json of a plan lists
every file it wrote, so a new plan removes exactly the files of the previous one
that it does not write again: a stale `60-dns.tf` would otherwise recreate records
nobody asked for. Nothing Cairn did not write is removed (a backend.tf, .terraform/,
notes): those files are kept and named.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from catalog.errors import CairnError

PLAN_DOCUMENT = "plan.json"


@dataclass(frozen=True)
class Written:
    files: list[Path]  # the new plan's, in name order
    removed: list[str]  # the previous plan's files the new plan does not write
    kept: list[str]  # everything else that was there (not written by Cairn), untouched


def write_plan_files(files: dict[str, str], out: Path, force: bool) -> Written:
    try:
        return _write(files, out, force)
    except OSError as error:
        where, reason = error.filename or out, error.strerror or str(error)
        raise CairnError(f"cannot write the plan: {where}: {reason}") from error


def _write(files: dict[str, str], out: Path, force: bool) -> Written:
    if out.exists() and not out.is_dir():
        raise CairnError(f"{out} exists and is not a directory")
    present = {path.name for path in out.iterdir()} if out.is_dir() else set()
    if present and not force:
        raise CairnError(f"{out} is not empty: choose a new directory or pass --force")
    previous = _previous_plan_files(out) & present
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in sorted(files.items()):
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    # Last, once the new plan is whole: a write that fails removes nothing.
    removed = sorted(name for name in previous - files.keys() if (out / name).is_file())
    for name in removed:
        (out / name).unlink()
    return Written(written, removed, sorted(present - files.keys() - set(removed)))


def _previous_plan_files(out: Path) -> set[str]:
    """The files the Cairn plan already in `out` wrote, as its plan.json lists them;
    none when there is no such plan. Only plain names count: a plan.json edited to
    name `../x` or `/etc/x` cannot make Cairn remove anything outside `out`."""
    try:
        document = json.loads((out / PLAN_DOCUMENT).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none there, or not one Cairn wrote
        return set()
    listed = document.get("files") if isinstance(document, dict) else None
    if not isinstance(listed, list):
        return set()
    return {name for name in listed if isinstance(name, str) and _plain_name(name)}


def _plain_name(name: str) -> bool:
    return name not in ("", ".", "..") and Path(name).name == name and "\\" not in name
