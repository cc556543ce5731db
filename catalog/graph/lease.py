"""Leases: one holder at a time for a named piece of work, never kept by a dead holder.

A lease is a `(:Lease {name})` node naming its holder (a run or snapshot id, the host,
pid and process) and when it expires. It is taken in one transaction only if it is
free, expired, or held by a process on this host that no longer exists; a daemon
thread renews it while the holder works, and the holder gives it back when done.
A holder that is killed stops renewing, so its lease lapses within LEASE_TTL_MS
(at once where its pid can be checked: the same host and pid namespace): a crash
never blocks the next holder for long.

Names: CRAWL_LEASE for the one crawl that writes at a time, `snapshot_lease(APP)`
for the one snapshot of an application in progress, `drill_lease(APP)` for its drill.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from catalog.clock import format_time
from catalog.errors import CairnError
from catalog.graph.store import GraphStore

log = logging.getLogger(__name__)

LEASE_TTL_MS = 45_000  # how long a holder that stopped renewing keeps the lease
RENEW_EVERY_S = 10  # several renewals per TTL, so one slow write does not lose it
POLL_EVERY_S = 2.0  # how often a waiting holder tries again
DEFAULT_WAIT_S = 600  # how long a crawl waits for the one before it

CRAWL_LEASE = "crawl"
HOST = socket.gethostname()
# Tells this process from an earlier one that had the same pid (a container's pid 1).
PROCESS = secrets.token_hex(6)


def _pid_namespace() -> str:
    """Where a pid names the same process: this boot's pid namespace on Linux (containers
    sharing a host name, as with host networking, have their own), else the host name."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="utf-8").strip()
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        return HOST
    return f"{boot}/{namespace}"


PID_NAMESPACE = _pid_namespace()


def snapshot_lease(application: str) -> str:
    return f"snapshot:{application}"


def drill_lease(application: str) -> str:
    """One drill of an application at a time: a drill's cleanup of earlier ones must never
    destroy a drill that is still running."""
    return f"drill:{application}"


@dataclass(frozen=True)
class Holder:
    """Who holds a lease, as the graph records it."""

    name: str
    holder: str  # the run or snapshot id
    host: str
    pid: int
    pid_namespace: str
    process: str
    token: str  # one per acquisition: renewals and release name it
    acquired_at: int
    expires_at: int

    @classmethod
    def of(cls, name: str, node: dict[str, Any]) -> Holder | None:
        if not node.get("token"):
            return None
        return cls(
            name=name,
            holder=node["holder"],
            host=node["host"],
            pid=int(node["pid"]),
            pid_namespace=node["pid_namespace"],
            process=node["process"],
            token=node["token"],
            acquired_at=int(node["acquired_at"]),
            expires_at=int(node["expires_at"]),
        )

    def describe(self) -> str:
        since = format_time(self.acquired_at)
        return f"{self.holder} (pid {self.pid} on {self.host}, since {since})"

    def is_gone(self, now: int) -> bool:
        """Expired, or its process is known to have ended: it will never give the lease back."""
        return self.expires_at <= now or self.process_ended()

    def process_ended(self) -> bool:
        """Only a process in this pid namespace can be checked; elsewhere the expiry tells."""
        if self.pid_namespace != PID_NAMESPACE:
            return False
        if self.pid == os.getpid():
            return self.process != PROCESS
        return not _pid_exists(self.pid)


class LeaseBusy(CairnError):
    """The lease is held by a live holder (and waiting for it, if asked, did not help)."""

    def __init__(self, held_by: Holder, message: str) -> None:
        super().__init__(message)
        self.held_by = held_by


class Lease:
    """A held lease, renewed on a daemon thread until `release`; a context manager."""

    def __init__(self, store: GraphStore, held: Holder):
        self.store = store
        self.held = held
        self._released = threading.Event()
        self._lost = threading.Event()
        self._renewer = threading.Thread(target=self._renew, name=f"lease {held.name}", daemon=True)
        self._renewer.start()

    @property
    def name(self) -> str:
        return self.held.name

    @property
    def lost(self) -> bool:
        """Another holder took it over: this one stopped renewing for longer than the TTL."""
        return self._lost.is_set()

    def release(self) -> None:
        if self._released.is_set():
            return
        self._released.set()
        self.store.write("lease_release", name=self.name, token=self.held.token)

    def __enter__(self) -> Lease:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        _: TracebackType | None,
    ) -> None:
        self.release()

    def _renew(self) -> None:
        while not self._released.wait(RENEW_EVERY_S):
            try:
                renewed = self.store.write(
                    "lease_renew", name=self.name, token=self.held.token, ttl=LEASE_TTL_MS
                )
            except Exception as error:
                # The graph out of reach, a transient error: try again until it expires,
                # because a renewer that dies gives the lease away while the work goes on.
                log.warning("could not renew the %s lease: %s", self.name, error)
                continue
            if not renewed:
                self._lost.set()
                log.warning("the %s lease of %s was taken over", self.name, self.held.holder)
                return


def acquire(
    store: GraphStore,
    name: str,
    holder: str,
    *,
    wait_s: float = 0,
    on_wait: Callable[[Holder], None] = lambda _: None,
) -> Lease:
    """Take the lease `name` for `holder`, waiting up to `wait_s` for a live holder to finish.

    `on_wait` hears of each live holder this one waits for. Raises LeaseBusy when the
    lease is still held after `wait_s`.
    """
    token = secrets.token_hex(8)
    deadline = time.monotonic() + wait_s
    dead_token: str | None = None
    waited_for: str | None = None
    while True:
        row = store.write(
            "lease_acquire",
            name=name,
            token=token,
            holder=holder,
            host=HOST,
            pid=os.getpid(),
            pid_namespace=PID_NAMESPACE,
            process=PROCESS,
            ttl=LEASE_TTL_MS,
            dead_token=dead_token,
        )[0]
        current = Holder.of(name, row["lease"])
        assert current is not None  # lease_acquire always leaves a holder
        if current.token == token:
            return Lease(store, current)
        if current.process_ended():
            dead_token = current.token  # try again at once, taking over from it
            continue
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LeaseBusy(current, _busy_message(current, wait_s))
        if current.token != waited_for:
            waited_for = current.token
            on_wait(current)
        time.sleep(min(POLL_EVERY_S, remaining))


def holders(store: GraphStore, names: list[str]) -> dict[str, tuple[Holder | None, int]]:
    """Each named lease's holder (None if free) and the graph's clock when it was read."""
    return {
        row["name"]: (Holder.of(row["name"], row["lease"] or {}), row["now"])
        for row in store.read("leases", names=names)
    }


def _busy_message(held: Holder, wait_s: float) -> str:
    waited = f" after waiting {wait_s:g} s" if wait_s else ""
    return f"the {held.name} lease is still held by {held.describe()}{waited}"


def _pid_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True
