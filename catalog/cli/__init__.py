"""The `cairn` command line: a thin layer over the library.

Every command accepts --json and then prints exactly one JSON document on
stdout. Errors a user can act on print one line on stderr and exit non-zero.
"""

from __future__ import annotations

import logging
import sys

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError

from catalog.cli import (
    app_commands,
    crawl_command,
    demo_command,
    drift_command,
    drill_command,
    graph_commands,
    neo4j_commands,
    prune_command,
    readiness_command,
    restore_command,
    schedule_commands,
    serve_command,
    snapshot_commands,
)
from catalog.errors import CairnError

app = typer.Typer(
    name="cairn",
    help="Infrastructure catalog that remembers: history, impact, snapshots, restore, drift.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(neo4j_commands.app, name="neo4j")
app.add_typer(app_commands.app, name="app")
app.add_typer(snapshot_commands.app, name="snapshot")
app.add_typer(restore_command.app, name="restore")
crawl_command.register(app)
graph_commands.register(app)
demo_command.register(app)
drift_command.register(app)
drill_command.register(app)
prune_command.register(app)
readiness_command.register(app)
schedule_commands.register(app)
serve_command.register(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    # The driver logs each retry and each failed connection; whatever it finally raises
    # becomes the one line below, so its log would only repeat it a dozen times.
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)
    try:
        # Outside standalone mode, typer returns the code of a typer.Exit.
        code = app(args=argv, prog_name="cairn", standalone_mode=False)
    except CairnError as error:
        print(f"cairn: error: {error}", file=sys.stderr)
        return 1
    except (typer.Abort, KeyboardInterrupt):
        # A crawl interrupted here has already discarded what it staged.
        print("cairn: interrupted", file=sys.stderr)
        return 130
    except NoArgsIsHelpError as error:
        print(error.ctx.get_help() if error.ctx else error.format_message())
        return error.exit_code
    except ClickException as error:
        ctx = getattr(error, "ctx", None)
        hint = f" (see `{ctx.command_path} --help`)" if ctx else ""
        print(f"cairn: error: {error.format_message()}{hint}", file=sys.stderr)
        return error.exit_code
    return code if isinstance(code, int) else 0
