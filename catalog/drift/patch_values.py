"""Values as the codification patch writes them: whole, or not at all.

The runtime blocks hold expressions (catalog/drift/values.py). In the patch:
- a reference to what the state manages points at its address there; any other
  expression becomes the value it has now;
- a variable whose value Cairn never stores (an environment value) stays a
  variable, declared sensitive in the patch with what the user must supply;
- a value the state marks sensitive, or that looks secret (catalog/secrets.py),
  becomes such a variable too: the patch is committed, a secret must not be;
- a value the catalog does not know (`null /* not known to the catalog */`)
  cannot be written: `Unwritable`, and its argument or block is left out.
"""

from __future__ import annotations

from typing import Any

from catalog.drift.check import DriftReport
from catalog.drift.redaction import is_secret, value_name
from catalog.drift.runtime import UNKNOWN_EXPRESSION
from catalog.drift.values import REFERENCE, UNKNOWN, Digested, JsonDocument
from catalog.restore.hcl import Block, Expr, JsonEncode
from catalog.restore.naming import sanitize
from catalog.restore.planner import Variable

SECRET_DESCRIPTION = (
    "{name} as it runs: a secret, which Cairn never writes into code; set it from your "
    "secret store."
)


class Unwritable(Exception):
    """A value the patch cannot write whole; the message says why."""


class Values:
    def __init__(self, report: DriftReport) -> None:
        self.report = report
        self.variables: dict[str, Variable] = {}  # the patch's, by name

    def written(self, value: Any, name: str, variable: str) -> Any:
        """`value` (an argument named `name`) as the patch writes it; `variable` names
        the variable a secret in it becomes."""
        if isinstance(value, Expr):
            return self._expression(value, name, variable)
        if isinstance(value, JsonEncode):
            return JsonEncode(self.written(value.document, name, variable))
        if isinstance(value, dict):
            return {key: self._member(value, key, variable) for key in value}
        if isinstance(value, list):
            return [self.written(item, name, f"{variable}_{i}") for i, item in enumerate(value)]
        return self._scalar(value, name, variable)

    def _member(self, mapping: dict[str, Any], key: str, variable: str) -> Any:
        name = value_name(mapping, key)
        return self.written(mapping[key], name, f"{variable}_{name}")

    def evaluated(self, value: Any) -> Any:
        """A block's value as it runs (UNKNOWN where the catalog does not know it)."""
        return self.report.evaluator.value(value)

    def declarations(self) -> list[Block]:
        return [
            Block(
                "variable",
                (variable.name,),
                {
                    "description": variable.description,
                    "type": Expr(variable.type),
                    "sensitive": True,
                },
            )
            for variable in sorted(self.variables.values(), key=lambda v: v.name)
        ]

    def _expression(self, value: Expr, name: str, variable: str) -> Any:
        match = REFERENCE.match(value.text)
        address = self.report.addresses.get(match.group(1)) if match else None
        if match and address and not address.startswith("module."):
            return Expr(f"{address}.{match.group(2)}")
        evaluated = self.report.evaluator.expression(value.text)
        if evaluated is not UNKNOWN and not isinstance(evaluated, Digested):
            return self.written(_terraform(evaluated), name, variable)
        if value.text == UNKNOWN_EXPRESSION:
            raise Unwritable(f"the catalog does not know its {name}")
        declared = self.report.variables.get(value.text.removeprefix("var."))
        if declared is not None:
            self.variables[declared.name] = Variable(
                declared.name, declared.description, True, None, declared.type
            )
        return value

    def _scalar(self, value: Any, name: str, variable: str) -> Any:
        if not is_secret(value, name):
            return value
        wanted = sanitize(variable)
        self.variables[wanted] = Variable(
            wanted, SECRET_DESCRIPTION.format(name=name), True, None, _type(value)
        )
        return Expr(f"var.{wanted}")


def _terraform(value: Any) -> Any:
    """An evaluated value as Terraform: a JSON document as `jsonencode(...)`."""
    if value is UNKNOWN:
        raise Unwritable("the catalog does not know all of it")
    if isinstance(value, JsonDocument):
        return JsonEncode(_terraform(value.document))
    if isinstance(value, dict):
        return {k: _terraform(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_terraform(v) for v in value]
    return value


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    return "number" if isinstance(value, int | float) else "string"
