"""The waits the runbook's gates name, both as `aws ... wait` commands (RUNBOOK.md) and as
boto3 waiters (a drill's gates, catalog/drill/gates.py): one table both read."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from botocore import xform_name

from catalog.aws.rds import DB_CLUSTER, DB_INSTANCE


@dataclass(frozen=True)
class Wait:
    """One AWS waiter: boto3's name for it; the CLI's is the same in kebab case."""

    service: str
    waiter: str  # db_instance_available

    def command(self, **arguments: str) -> str:
        """The CLI command, its arguments by their boto3 names (DBInstanceIdentifier)."""
        flags = [f"--{xform_name(name, '-')} {value}" for name, value in arguments.items()]
        return " ".join(["aws", self.service, "wait", self.waiter.replace("_", "-"), *flags])

    def run(self, client: Any, timeout_s: float, **arguments: Any) -> None:
        """Wait up to `timeout_s` (botocore.exceptions.WaiterError if it never holds)."""
        waiter = client.get_waiter(self.waiter)
        attempts = max(1, math.ceil(timeout_s / waiter.config.delay))
        waiter.wait(**arguments, WaiterConfig={"MaxAttempts": attempts})


@dataclass(frozen=True)
class DatabaseWait:
    """How a database's gate waits for it and reaches it, by Terraform attributes."""

    wait: Wait
    parameter: str  # the waiter's argument naming the database
    attribute: str  # the attribute that names it
    endpoint: str  # the attribute holding the host it answers on (beside `port`)


DATABASE_WAITERS = {
    DB_CLUSTER: DatabaseWait(
        Wait("rds", "db_cluster_available"), "DBClusterIdentifier", "cluster_identifier", "endpoint"
    ),
    DB_INSTANCE: DatabaseWait(
        Wait("rds", "db_instance_available"), "DBInstanceIdentifier", "identifier", "address"
    ),
}
SERVICES_STABLE = Wait("ecs", "services_stable")  # arguments: cluster, services
