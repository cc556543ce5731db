"""The API contract in graphql/: the exported SDL is current, and every portal
operation is valid against the schema (tests/test_api*.py execute them over HTTP)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, parse, validate

from catalog.api import sdl
from catalog.api.schema import schema

REPO = Path(__file__).resolve().parents[1]
OPERATIONS = sorted((REPO / "graphql" / "operations").glob("*.graphql"))


def test_exported_sdl_is_current():
    exported = (REPO / "graphql" / "schema.graphql").read_text(encoding="utf-8")
    assert exported == schema.as_str() + "\n", (
        f"graphql/schema.graphql is out of date: run `{sdl.REGENERATE}` and commit it"
    )


def test_sdl_module_writes_the_contract_file():
    assert sdl.SDL_PATH == REPO / "graphql" / "schema.graphql"
    assert sdl.sdl() == schema.as_str() + "\n"


def test_graphql_folder_is_never_a_python_package():
    # It would shadow graphql-core, which strawberry imports.
    assert not list((REPO / "graphql").rglob("__init__.py"))


def test_the_portal_operations_are_all_there():
    assert {path.stem for path in OPERATIONS} >= {
        "Inventory",
        "ImpactCheck",
        "ApplicationTimeline",
        "SnapshotDiff",
        "CreateApplication",
        "TakeSnapshot",
        "SetSchedule",
        "StartCrawl",
    }


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda path: path.stem)
def test_operation_is_one_named_valid_operation(path: Path):
    document = parse(path.read_text(encoding="utf-8"))
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert [op.name.value for op in operations if op.name] == [path.stem]
    assert len(document.definitions) == 1
    assert validate(schema._schema, document) == []
