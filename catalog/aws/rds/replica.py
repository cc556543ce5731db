"""Where a read replica is restored, and what it replicates: the RESTORED primary.

A replica restored from its own snapshot would be a second primary. It is restored as a
replica (`replicate_source_db`) of the primary the plan restores, and carries no data,
engine or credentials of its own:

- a replica in its primary's region goes beside the restored primary, in the plan's
  region, and names it by identifier;
- a cross-region replica stays in its own region (a provider of the plan for it) and
  names the restored primary by ARN. The network, key and parameter group it runs on
  there are those of its region, which the disaster spared: variables whose defaults are
  the source's. Where its own region is the one the primary is restored into, it becomes
  a replica in that region, beside the primary;
- a replica whose primary the plan does not restore replicates the database an input
  variable names by ARN (the primary that still runs, or one restored separately).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from catalog.aws.spec import Ref
from catalog.restore.emit import Emit
from catalog.restore.hcl import Expr
from catalog.restore.naming import sanitize


@dataclass(frozen=True)
class Placement:
    """How one replica is written: `source` names the primary; `region` is None beside
    it in the plan's region, else the region the replica stays in."""

    source: Expr | None
    region: str | None = None
    beside_primary: bool = False

    def provider(self, ctx: Emit) -> dict[str, Any]:
        return {"provider": ctx.provider(self.region)} if self.region else {}


def placement(ctx: Emit, primary: Ref, *, identifier: str) -> Placement:
    """Where the replica holding `primary` goes; `identifier` is the attribute that names
    the restored primary in its own region."""
    primary_uid = ctx.target_uid(primary)
    if primary_uid is None or not ctx.in_plan(primary):
        return Placement(ctx.ref(primary, attribute="arn"))
    restored_in = ctx.plan.target.region or ctx.plan.source_region
    region = ctx.asset.region
    if region in (primary_uid.split(":")[3], restored_in):
        return Placement(ctx.ref(primary, attribute=identifier), beside_primary=True)
    return Placement(ctx.ref(primary, attribute="arn"), region)


def in_its_region(ctx: Emit, name: str, value: Any, what: str, type: str = "string") -> Expr:
    """A setting of a replica that stays in its region: what it used there, by default."""
    return ctx.plan.variable(
        sanitize(f"{ctx.label}_{name}"),
        f"{what} in {ctx.asset.region} for the replica {ctx.asset.uid}, which stays there.",
        default=value,
        type=type,
        uid=ctx.asset.uid,
    )
