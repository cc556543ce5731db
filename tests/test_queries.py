"""Cypher lives in queries/ as named files: every file is used, every name used exists."""

from __future__ import annotations

import re
from pathlib import Path

from catalog.graph.queries import QUERIES_DIR, query

REPO = Path(__file__).resolve().parents[1]
PYTHON_SOURCES = [
    *REPO.glob("catalog/**/*.py"),
    *REPO.glob("scheduler/*.py"),
    *REPO.glob("tests/*.py"),
    *REPO.glob("benchmarks/*.py"),
]
QUERY_CALL = re.compile(r"""(?:read|write|query|statements)\(\s*["'](\w+)["']""")
# write_all takes a (name, params) tuple per statement.
WRITE_ALL = re.compile(r"write_all\(\s*\[(.*?)\]\s*\)", re.DOTALL)
STEP = re.compile(r"""\(\s*["'](\w+)["'],\s*\{""")
LITERAL = re.compile(r"""["'](\w+)["']""")
# Names handed to prune's batch runner: _in_batches(store, "prune_versions", ...).
IN_BATCHES = re.compile(r"""_in_batches\(\s*store,\s*["'](\w+)["']""")


def names_used_in_code() -> set[str]:
    used: set[str] = set()
    for source in PYTHON_SOURCES:
        text = source.read_text(encoding="utf-8")
        used |= set(QUERY_CALL.findall(text))
        for steps in WRITE_ALL.findall(text):
            used |= set(STEP.findall(steps))
        used |= set(IN_BATCHES.findall(text))
    return used


def test_every_query_file_is_used_by_the_code():
    files = {path.stem for path in QUERIES_DIR.glob("*.cypher")}
    # Also names kept in tables, e.g. the step query of each walk direction.
    literals = set()
    for source in PYTHON_SOURCES:
        literals |= set(LITERAL.findall(source.read_text(encoding="utf-8")))
    assert files - names_used_in_code() - literals == set()


def test_every_query_the_code_names_exists():
    for name in sorted(names_used_in_code()):
        assert query(name).strip(), name
