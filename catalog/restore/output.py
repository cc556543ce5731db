"""Writing a restore plan's files to a directory, refusing to mix it with others."""

from __future__ import annotations

from pathlib import Path

from catalog.errors import CairnError


def write_plan_files(files: dict[str, str], out: Path, force: bool) -> list[Path]:
    if out.exists() and not out.is_dir():
        raise CairnError(f"{out} exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise CairnError(f"{out} is not empty: choose a new directory or pass --force")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in sorted(files.items()):
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
