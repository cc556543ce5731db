"""An environment variable as a restore writes it: the value the crawl kept, or a variable.

The crawl keeps each value unless it is secret (catalog/aws/env_values.py). A kept value
is written as it ran, through `Emit.value`, which rewrites what names the source; a
secret one, one a names-only crawl did not keep, or one of a snapshot taken before values
were kept is a sensitive variable, carrying the secret's digest for drift.
"""

from __future__ import annotations

from typing import Any

from catalog.aws.env_values import Keys, not_kept
from catalog.restore.emit import Emit, Purpose


def restored_value(
    ctx: Emit, field: str, entry: dict[str, Any], keys: Keys, variable: str, holder: str
) -> Any:
    """`entry` ({name, value}, {name, secret, digest} or {name}) found at `field` of the
    properties, for the environment of `holder` (`container web`); `variable` names the
    variable that asks for a value not kept."""
    if keys.value in entry:
        return ctx.value(field, entry[keys.value])
    return ctx.variable(
        variable,
        f"Environment variable {entry[keys.name]} of {holder} "
        f"({not_kept(entry.get(keys.secret))}: take it from your deployment configuration).",
        sensitive=True,
        purpose=Purpose.SECRET_VALUE,
        digest=entry.get(keys.digest),
    )
