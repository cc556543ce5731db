"""How the provider writes one Terraform type into a state file: what drift reads.

Each type's declaration (catalog/aws/) lists the shapes of the Terraform types it
emits; drift (catalog/drift/) matches state resources to the catalog through them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol


class Declared(Protocol):
    """What drift knows of the declared side (see catalog/drift): the state's resources
    and, when given `--tf-dir`, the configuration's."""

    def instances(self, resource_type: str) -> list[tuple[str, dict[str, Any]]]: ...

    def configured(self, address: str) -> dict[str, Any] | None:
        """The resource's body in the configuration; None without one."""
        ...


def attributes_key(*names: str, separator: str = "/") -> Callable[[dict[str, Any]], str | None]:
    """A state key made of attributes joined as the import ID joins them."""

    def key(attributes: dict[str, Any]) -> str | None:
        values = [attributes.get(name) for name in names]
        return separator.join(map(str, values)) if all(values) else None

    return key


@dataclass(frozen=True)
class StateShape:
    """How the provider writes one Terraform type into a state file, for drift.

    `key` gives, from its state attributes, the ID the emitter adopts it by (the import
    ID); `parent` names the attribute holding the key of what a part (a rule, a policy)
    hangs off; `id_attribute` the attribute the provider's `id` equals when it is not
    the import ID (an ECS cluster's ARN); `noun` how a sentence names it; `enforced`,
    for a part, why `terraform apply` deletes one that runs but is declared nowhere
    (None: apply leaves it alone); `ignored`, paths (`parameter.apply_method`) drift
    never compares.
    """

    resource: str
    key: Callable[[dict[str, Any]], str | None] = field(default=attributes_key("id"))
    parent: str | None = None
    id_attribute: str | None = None
    noun: str | None = None
    enforced: Callable[[str, Declared], str | None] | None = None
    ignored: tuple[str, ...] = ()  # arguments that say how to apply, not what runs
    arn: str | None = None  # the provider's `arn` when the uid is no ARN: `...:vpc/{id}`
    # The parent's attribute that may hold these parts inline (a group's `ingress` blocks):
    # where the parent's state lists some, its parts are declared there, not one by one.
    inline: str | None = None
    schema_version: int = 0  # of the provider's (5.x) schema for it, as its state records
    has_arn: bool = True  # whether its state has an `arn` (a service's is its `id`)
    # The state's attributes as the emitter would write them (what the provider adds).
    normalize: Callable[[dict[str, Any]], dict[str, Any]] | None = None
