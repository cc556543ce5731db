"""One constant per resource type name, and one registry every other list agrees with.

A type name spelled as a literal in two modules can drift apart silently (a typo
loses a reference or an emitter); each is defined once, in the crawler module of
its service, and imported everywhere else.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from catalog.aws.registry import RESOURCE_TYPES
from catalog.restore.registry import LEGACY, TERRAFORM_TYPES

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("catalog", "scheduler")
TYPE_NAME = re.compile(r"AWS::[A-Za-z0-9]+::[A-Za-z0-9]+")


def type_name_literals(source: str) -> set[str]:
    """The string constants of a module that are exactly a type name."""
    return {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and TYPE_NAME.fullmatch(node.value)
    }


def modules_by_literal() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*.py")):
            for literal in type_name_literals(path.read_text()):
                found[literal].append(str(path.relative_to(ROOT)))
    return found


def test_each_type_name_literal_is_spelled_in_one_module():
    repeated = {
        literal: modules for literal, modules in modules_by_literal().items() if len(modules) > 1
    }
    assert not repeated, "\n".join(
        f"{literal} is spelled in {', '.join(modules)}: define it once and import it"
        for literal, modules in sorted(repeated.items())
    )


def test_the_check_finds_a_repeated_literal():
    assert type_name_literals('ROLE = "AWS::IAM::Role"\nf("AWS::IAM::Role", "AWS::x")') == {
        "AWS::IAM::Role"
    }


def test_each_registry_lists_a_type_once():
    crawled = [resource_type.name for resource_type in RESOURCE_TYPES]
    emitted = [name for name, _ in LEGACY] + [t.name for t in RESOURCE_TYPES if t.terraform]
    assert len(crawled) == len(set(crawled))
    assert len(emitted) == len(set(emitted))


def test_every_restore_list_names_only_crawled_types():
    crawled = {resource_type.name for resource_type in RESOURCE_TYPES}
    assert set(TERRAFORM_TYPES) <= crawled
