"""One constant per resource type name, and one registry every other list agrees with.

A type name spelled as a literal in two modules can drift apart silently (a typo
loses a reference or an emitter); each is defined once, in the package of its service
(catalog/aws/<service>/__init__.py), and imported everywhere else. Each type is
declared once, in catalog/aws/registry.py, with its round-trip test beside it.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections import defaultdict
from pathlib import Path

from catalog.aws.registry import RESOURCE_TYPES

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


def test_each_type_is_listed_once_and_restored_types_name_their_outputs_only_once():
    names = [resource_type.name for resource_type in RESOURCE_TYPES]
    assert len(names) == len(set(names))
    restored = [t.terraform.resource for t in RESOURCE_TYPES if t.terraform]
    assert len(restored) == len(set(restored))


def test_each_type_has_its_round_trip_test_beside_its_declaration():
    """catalog/aws/<service>/<type>.py is tested by tests/aws/<service>/test_<type>.py."""
    missing = []
    for resource_type in RESOURCE_TYPES:
        module = resource_type.read.__module__  # catalog.aws.ec2.vpc
        service, name = module.split(".")[2:]
        test = ROOT / "tests" / "aws" / service / f"test_{name}.py"
        if not test.exists() or resource_type.name not in _declared_in(test):
            missing.append(f"{resource_type.name}: {test.relative_to(ROOT)}")
    assert missing == []


def _declared_in(test: Path) -> str:
    module = importlib.import_module(".".join(test.relative_to(ROOT).with_suffix("").parts))
    return str(module.DECLARATION.name)
