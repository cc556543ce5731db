"""How commands print: one JSON document with --json, readable text otherwise."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.measure import Measurement
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

# Soft wrap: the terminal folds long lines, so a command, uid or sentence copied from the
# output, or read in a CI log, has no line break of ours in it. Tables keep their width.
console = Console(highlight=False, soft_wrap=True)
progress_console = Console(stderr=True, highlight=False)
# Wide enough for any table's natural width (rich caps a measurement at the width asked).
UNBOUNDED_WIDTH = 1_000_000


def emit(document: Any, as_json: bool, render: Callable[[Any], None]) -> None:
    """Print `document` as JSON on stdout, or hand it to `render` for people."""
    if as_json:
        sys.stdout.write(json.dumps(document, indent=2, sort_keys=False, ensure_ascii=False) + "\n")
    else:
        render(document)


def print_table(table: Table) -> None:
    """A table on stdout. Off a terminal (a pipe, a file, a CI log) nothing folds long lines
    back, and rich would fit the table into 80 columns by cutting cells to "…": ids that
    cannot be grepped or pasted. There the table gets its natural width instead."""
    if console.is_terminal:
        console.print(table)
        return
    natural = Measurement.get(console, console.options.update_width(UNBOUNDED_WIDTH), table)
    Console(file=console.file, width=natural.maximum, highlight=False).print(table)


def progress(as_json: bool) -> Callable[[str], None]:
    """A progress printer: to stderr, so stdout stays one JSON document."""

    def say(message: str) -> None:
        if not as_json:
            progress_console.print(f"[dim]{message}[/dim]")
        else:
            print(message, file=sys.stderr)

    return say


def short(value: Any, width: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return text if len(text) <= width else text[: width - 1] + "…"


def progress_bar(quiet: bool) -> Progress:
    """A bar on stderr for long work (crawls); silent under --json and off a terminal,
    where a redrawn bar only litters logs."""
    return Progress(
        TextColumn("{task.description:<40}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=progress_console,
        transient=True,
        disable=quiet or not progress_console.is_terminal,
    )


def print_attribute_changes(changes: list[dict[str, Any]], indent: int) -> None:
    for change in changes:
        before, after = short(change["before"]), short(change["after"])
        console.print(f"{' ' * indent}{change['path']}: {before} -> {after}")
