"""Write the GraphQL contract, graphql/schema.graphql, from the strawberry schema.

Regenerate it after any change to the schema (tests/test_api_contract.py fails
until you do):

    .venv/bin/python -m catalog.api.sdl

The file is what portals and code generators read; it is never edited by hand.
"""

from __future__ import annotations

from pathlib import Path

from catalog.api.schema import schema

SDL_PATH = Path(__file__).resolve().parents[2] / "graphql" / "schema.graphql"
REGENERATE = ".venv/bin/python -m catalog.api.sdl"


def sdl() -> str:
    """The schema as SDL, ending with one newline."""
    return schema.as_str() + "\n"


def main() -> None:
    SDL_PATH.write_text(sdl(), encoding="utf-8")
    print(f"wrote {SDL_PATH}")


if __name__ == "__main__":
    main()
