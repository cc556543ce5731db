"""docs/cli.md, generated from the CLI itself: `python -m catalog.cli.reference > docs/cli.md`.

Every command's section is its own `--help` text, so the reference cannot say
anything the CLI does not; a test fails when docs/cli.md is stale.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import typer.main
from typer._click.core import Command, Context
from typer.core import TyperGroup

from catalog.cli import app

# Fixed, so the page does not depend on the terminal it was generated in.
WIDTH = 100
HEADER = """\
# CLI reference

Generated from the CLI itself by `.venv/bin/python -m catalog.cli.reference > docs/cli.md`;
a test fails when this page is stale. Every command accepts `--json` and then prints one JSON
document on stdout; a mistake prints one line on stderr and exits non-zero. Exit codes other
than 0 and 1 are named in a command's help (`cairn crawl` exits 3 when partitions failed,
`cairn neo4j status` 3 when the server is not running).
"""


@dataclass(frozen=True)
class Entry:
    """One command of the tree, with the context its help is rendered in."""

    path: str
    command: Command
    context: Context


def walk(command: Command, context: Context) -> Iterator[Entry]:
    """Every command under `command`, depth first, in the order they were registered."""
    yield Entry(context.command_path, command, context)
    if isinstance(command, TyperGroup):
        for name, child in command.commands.items():
            if child.hidden:
                continue
            yield from walk(child, Context(child, info_name=name, parent=context))


def entries() -> list[Entry]:
    root = typer.main.get_command(app)
    context = Context(root, info_name="cairn", terminal_width=WIDTH, max_content_width=WIDTH)
    return list(walk(root, context))


def anchor(path: str) -> str:
    """GitHub's anchor for a `## path` heading."""
    return path.replace(" ", "-")


def render() -> str:
    """The whole page: an index of the commands, then each command's help."""
    listed = entries()
    lines = [HEADER]
    for entry in listed:
        summary = entry.command.get_short_help_str(limit=80)
        lines.append(f"- [`{entry.path}`](#{anchor(entry.path)}): {summary}")
    for entry in listed:
        help_text = entry.command.get_help(entry.context).rstrip()
        lines += ["", f"## {entry.path}", "", "```text", help_text, "```"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
