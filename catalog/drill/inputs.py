"""A restore plan's inputs, supplied by the drill itself where the source can give them.

    supply(plan, drill_id, given, record_made, account=None) -> dict[str, Any]
    remove(made, account=None) -> None
    remains(made, account=None) -> bool

`supply` returns tfvars for every variable of plan.json without a default (and for any
the user gives with `--var`, which win): database snapshots are taken now and copied
into the target region, both named `<source-id>-<drill_id>` and recorded before each is
created (a drill killed mid-copy still knows what to delete); secrets get throwaway
values, never printed, logged or stored. What only a person can give (an image, an
artifact) is refused at once, before anything is made, in one error naming them all.
`account`: the AWS account as the crawl reaches it; None connects through the standard
chain (AWS_ENDPOINT_URL, AWS_PROFILE).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from catalog.aws.rds import CLUSTER_BACKUPS, DB_CLUSTER, DB_INSTANCE, INSTANCE_BACKUPS, Backups
from catalog.aws.session import AwsAccount
from catalog.drill.record import Made
from catalog.drill.tag import drill_tags
from catalog.errors import CairnError
from catalog.restore.emit import Purpose
from catalog.restore.planner import outside_reference, outside_value

# How each database type's snapshots are taken, copied and deleted (the AWS names of
# each call follow from its Backups: db-snapshot / DBSnapshot, db-cluster-snapshot...).
BACKUPS = {DB_INSTANCE: INSTANCE_BACKUPS, DB_CLUSTER: CLUSTER_BACKUPS}
BY_KIND = {backups.snapshot_cli: backups for backups in BACKUPS.values()}
# A large database's snapshot copies for a long time across regions: up to two hours.
SNAPSHOT_WAIT = {"Delay": 15, "MaxAttempts": 480}
# Where a copy of an encrypted snapshot is encrypted in the target region when the plan
# says nothing: the account's RDS key there (a key of the source region cannot serve).
TARGET_DEFAULT_KEY = "alias/aws/rds"


class MissingInputs(CairnError):
    """Variables a drill cannot fill itself: the user must give them."""


@dataclass(frozen=True)
class Variable:
    """One variable of plan.json."""

    name: str
    description: str
    purpose: str
    uid: str | None

    @classmethod
    def of(cls, document: Mapping[str, Any]) -> Variable:
        return cls(document["name"], document["description"], document["purpose"], document["uid"])


def supply(
    plan: Mapping[str, Any],
    drill_id: str,
    given: Mapping[str, str],
    record_made: Callable[[Made], None],
    account: AwsAccount | None = None,
) -> dict[str, Any]:
    declared = {v["name"]: v for v in plan["variables"]}
    unknown = sorted(set(given) - declared.keys())
    if unknown:
        raise CairnError(f"the plan has no variable {', '.join(unknown)} (--var NAME=VALUE)")
    switches = sorted(name for name in given if declared[name]["purpose"] == Purpose.SWITCH)
    if switches:
        raise CairnError(f"a drill never sets {', '.join(switches)}: it never moves DNS")
    needed = [Variable.of(v) for v in plan["variables"] if v["default"] is None]
    inputs = _Inputs(plan, drill_id, record_made, account)
    missing = [v.name for v in needed if v.name not in given and not inputs.can_supply(v)]
    if missing:
        raise MissingInputs(
            f"a drill cannot supply {', '.join(missing)}: give --var NAME=VALUE for each"
        )
    supplied = {v.name: inputs.value(v) for v in needed if v.name not in given}
    return {**supplied, **given}


def remove(made: Made, account: AwsAccount | None = None) -> None:
    """Delete a snapshot the drill made; already gone is fine. One still being created or
    copied (a drill killed mid-copy) is waited for first: RDS refuses to delete it."""
    backups = _backups_of(made)
    rds = _account(account).client("rds", made.region)
    for attempt in range(2):
        try:
            getattr(rds, f"delete_{_snake(backups.snapshot_cli)}")(
                **{f"{backups.snapshot_key}Identifier": made.identifier}
            )
            return
        except ClientError as error:
            if _not_found(error):
                return
            if attempt or "InvalidDB" not in _code(error):
                raise
            _wait_available(rds, backups, made.identifier)


def remains(made: Made, account: AwsAccount | None = None) -> bool:
    """Whether what the drill made still exists (a describe call)."""
    backups = _backups_of(made)
    rds = _account(account).client("rds", made.region)
    try:
        getattr(rds, f"describe_{_snake(backups.snapshot_cli)}s")(
            **{f"{backups.snapshot_key}Identifier": made.identifier}
        )
    except ClientError as error:
        if _not_found(error):
            return False
        raise
    return True


class _Inputs:
    """The values one drill supplies, by each variable's purpose."""

    def __init__(
        self,
        plan: Mapping[str, Any],
        drill_id: str,
        record_made: Callable[[Made], None],
        account: AwsAccount | None,
    ) -> None:
        self.drill_id = drill_id
        self.record_made = record_made
        self.target_region: str = plan["target"]["region"]
        self.target_account: str | None = plan["target"]["account"]
        self.types = {r["uid"]: r["type"] for stage in plan["stages"] for r in stage["resources"]}
        self._given_account = account
        self._connected: AwsAccount | None = None

    def can_supply(self, variable: Variable) -> bool:
        purpose = variable.purpose
        if purpose in (Purpose.DATABASE_SNAPSHOT, Purpose.RESTORE_TIME):
            return self.types.get(variable.uid or "") in BACKUPS
        if purpose == Purpose.OUTSIDE_REFERENCE:
            return self._outside(variable) is not None
        return purpose in OFFLINE

    def value(self, variable: Variable) -> Any:
        if variable.purpose == Purpose.DATABASE_SNAPSHOT:
            return self._snapshot_copy(variable.uid or "")
        if variable.purpose == Purpose.RESTORE_TIME:
            return self._latest_restorable_time(variable.uid or "")
        if variable.purpose == Purpose.OUTSIDE_REFERENCE:
            return self._outside(variable)
        return OFFLINE[variable.purpose](self, variable)

    @property
    def account(self) -> AwsAccount:
        if self._connected is None:
            self._connected = _account(self._given_account)
        return self._connected

    def _snapshot_copy(self, uid: str) -> str:
        """A snapshot of the source taken now, copied into the target region; waits
        until the copy is available and returns its identifier."""
        backups = BACKUPS[self.types[uid]]
        source_region, source_id = _region(uid), _identifier(uid)
        name = f"{source_id}-{self.drill_id}"
        kind = _snake(backups.snapshot_cli)
        identifier = f"{backups.snapshot_key}Identifier"
        source = self.account.client("rds", source_region)
        self.record_made(Made(backups.snapshot_cli, source_region, name))
        taken = getattr(source, f"create_{kind}")(
            **{f"{backups.key}Identifier": source_id, identifier: name},
            Tags=drill_tags(self.drill_id),
        )[backups.snapshot_key]
        _wait_available(source, backups, name)
        target = self.account.client("rds", self.target_region)
        encrypted = taken.get("Encrypted") or taken.get("StorageEncrypted")
        key = {"KmsKeyId": TARGET_DEFAULT_KEY} if encrypted else {}
        self.record_made(Made(backups.snapshot_cli, self.target_region, name))
        getattr(target, f"copy_{kind}")(
            **{
                f"Source{identifier}": taken[f"{backups.snapshot_key}Arn"],
                f"Target{identifier}": name,
            },
            SourceRegion=source_region,
            Tags=drill_tags(self.drill_id),
            **key,
        )
        _wait_available(target, backups, name)
        return name

    def _latest_restorable_time(self, uid: str) -> str:
        backups = BACKUPS[self.types[uid]]
        rds = self.account.client("rds", _region(uid))
        found = getattr(rds, f"describe_{_snake(backups.cli)}s")(
            **{f"{backups.key}Identifier": _identifier(uid)}
        )[f"{backups.key}s"][0]
        latest = found.get("LatestRestorableTime")
        if not isinstance(latest, datetime):
            raise CairnError(f"{uid} reports no latest restorable time: are its backups on?")
        return latest.astimezone(UTC).isoformat().replace("+00:00", "Z")

    def _outside(self, variable: Variable) -> str | None:
        """What the source referred to, where the restore may use it as it is: in the
        same account, and global or in the target region."""
        found = outside_reference(variable.description)
        if found is None:
            return None
        target, attribute = found
        region, account = _region(target), _account_id(target)
        if self.target_account not in (None, account):
            return None
        if region not in ("", "global", self.target_region):
            return None
        return outside_value(target, attribute)


def _secret(inputs: _Inputs, variable: Variable) -> str:
    return secrets.token_urlsafe(24)


def _placeholder(inputs: _Inputs, variable: Variable) -> str:
    return f"placeholder set by cairn drill {inputs.drill_id}"


def _source(inputs: _Inputs, variable: Variable) -> str:
    """The source's ARN where the description asks for one, else its identifier."""
    uid = variable.uid or ""
    return uid if variable.description.startswith("ARN") else _identifier(uid)


# What a drill supplies without asking AWS, by purpose.
OFFLINE: dict[str, Callable[[_Inputs, Variable], str]] = {
    Purpose.SECRET_VALUE: _secret,
    Purpose.CONFIG_VALUE: _placeholder,
    Purpose.DATABASE_SOURCE: _source,
    Purpose.TABLE_SOURCE: _source,
}


def _account(account: AwsAccount | None) -> AwsAccount:
    return account if account is not None else AwsAccount.connect()


def _backups_of(made: Made) -> Backups:
    if made.kind not in BY_KIND:
        raise CairnError(f"a drill does not make {made.kind!r} (made: {made.identifier})")
    return BY_KIND[made.kind]


def _wait_available(rds: Any, backups: Backups, name: str) -> None:
    rds.get_waiter(f"{_snake(backups.snapshot_cli)}_available").wait(
        **{f"{backups.snapshot_key}Identifier": name}, WaiterConfig=SNAPSHOT_WAIT
    )


def _snake(cli: str) -> str:
    return cli.replace("-", "_")


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _not_found(error: ClientError) -> bool:
    return "NotFound" in _code(error)


def _region(uid: str) -> str:
    """The region of an ARN, or of a uid of the form aws:<account>:<region>:..."""
    parts = uid.split(":")
    return parts[3] if uid.startswith("arn:") else parts[2]


def _account_id(uid: str) -> str:
    parts = uid.split(":")
    return parts[4] if uid.startswith("arn:") else parts[1]


def _identifier(uid: str) -> str:
    """The last part of an ARN: a database's identifier (arn:aws:rds:...:db:app-db)."""
    return uid.rsplit(":", 1)[-1].rsplit("/", 1)[-1]
