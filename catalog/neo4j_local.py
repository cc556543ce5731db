"""A real Neo4j 5.26 community server on 127.0.0.1 without Docker.

tools/neo4j holds a Maven project that embeds the official `org.neo4j:neo4j`
artifact in a small launcher with only the Bolt connector. This module builds
it on first use, starts it detached with its own PID file, waits until Bolt
answers, and stops exactly that process.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

from catalog.errors import CairnError

LAUNCHER_CLASS = "cairn.neo4j.Launcher"
DEFAULT_PORT = 7687
DEFAULT_JAVA_OPTS = "-Xms512m -Xmx4g"
# What Neo4j's own start script always passes: without these opens the page
# cache falls back to a slower path, and Netty cannot use direct buffers.
REQUIRED_JAVA_OPTS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UseG1GC",
    "-XX:+DisableExplicitGC",
    "-XX:-OmitStackTraceInFastThrow",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dlog4j2.disable.jmx=true",
)
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 60.0


class LocalNeo4jError(CairnError):
    """The local server could not be built, started or stopped."""


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    port: int
    uri: str
    home: str


def cairn_home() -> Path:
    return Path(os.environ.get("CAIRN_HOME") or Path.home() / ".cairn")


def tools_dir() -> Path:
    configured = os.environ.get("CAIRN_NEO4J_TOOLS")
    path = (
        Path(configured) if configured else Path(__file__).resolve().parents[1] / "tools" / "neo4j"
    )
    if not (path / "pom.xml").is_file():
        raise LocalNeo4jError(
            f"tools/neo4j not found at {path}: run from a source checkout of Cairn, "
            "set CAIRN_NEO4J_TOOLS, or use `docker compose up neo4j`"
        )
    return path


class LocalNeo4j:
    """One local server: its data, PID file and log live under `home`."""

    def __init__(self, home: Path | None = None, port: int = DEFAULT_PORT) -> None:
        self.home = (home or cairn_home() / "neo4j").resolve()
        self.port = port

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "neo4j.log"

    def status(self) -> ServerStatus:
        pid = self._own_pid()
        return ServerStatus(
            pid is not None and _bolt_answers(self.uri), pid, self.port, self.uri, str(self.home)
        )

    def start(self, on_progress: Callable[[str], None] = print) -> ServerStatus:
        """Start the server unless it already runs; return once Bolt answers."""
        current = self.status()
        if current.running:
            return current
        if (pid := current.pid) is not None:
            # Our process exists but Bolt is not up yet: a start in progress.
            return self._wait_for_bolt(pid, lambda: _is_launcher(pid))
        if _port_in_use(self.port):
            raise LocalNeo4jError(
                f"port {self.port} on 127.0.0.1 is used by another process; "
                "stop it or choose another port with --port"
            )
        classpath = build_launcher(on_progress)
        self.home.mkdir(parents=True, exist_ok=True)
        java = _require_command("java", "Java 17 (e.g. apt-get install openjdk-17-jre-headless)")
        java_opts = shlex.split(os.environ.get("CAIRN_NEO4J_JAVA_OPTS", DEFAULT_JAVA_OPTS))
        command = [
            java,
            *REQUIRED_JAVA_OPTS,
            *java_opts,
            "-cp",
            classpath,
            LAUNCHER_CLASS,
            str(self.home / "data"),
            str(self.port),
        ]
        on_progress(f"starting Neo4j 5.26 on {self.uri} (data in {self.home / 'data'})")
        with self.log_file.open("ab") as log:
            log_offset = log.tell()
            process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.pid_file.write_text(str(process.pid))
        # Poll the child itself: right after the fork its /proc entry may not
        # show the java command line yet.
        return self._wait_for_bolt(process.pid, lambda: process.poll() is None, log_offset)

    def stop(self) -> bool:
        """Stop our server if it runs; True if there was one to stop."""
        pid = self._own_pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        if not _wait_for_exit(pid, STOP_TIMEOUT_S):
            os.kill(pid, signal.SIGKILL)
            _wait_for_exit(pid, 10)
        self.pid_file.unlink(missing_ok=True)
        return True

    def _own_pid(self) -> int | None:
        """The PID in our PID file, only if that process is still our launcher."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if _is_launcher(pid) else None

    def _wait_for_bolt(
        self, pid: int, is_alive: Callable[[], bool], log_offset: int = 0
    ) -> ServerStatus:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if not is_alive():
                self.pid_file.unlink(missing_ok=True)
                reason = self._start_failure(log_offset)
                raise LocalNeo4jError(f"Neo4j exited during start-up: {reason}")
            if _bolt_answers(self.uri):
                return ServerStatus(True, pid, self.port, self.uri, str(self.home))
            time.sleep(0.5)
        raise LocalNeo4jError(
            f"Neo4j did not answer on {self.uri} within {START_TIMEOUT_S:.0f} s; "
            f"see {self.log_file}"
        )

    def _start_failure(self, log_offset: int) -> str:
        """The most telling line this start wrote: the first exception, else the last line."""
        with self.log_file.open("rb") as log:
            log.seek(log_offset)
            lines = [line.strip() for line in log.read().decode(errors="replace").splitlines()]
        lines = [line for line in lines if line]
        errors = [line for line in lines if "Exception" in line or "Error" in line]
        if errors:
            return errors[0]
        return lines[-1] if lines else f"no output (see {self.log_file})"


def build_launcher(on_progress: Callable[[str], None] = print) -> str:
    """The launcher's classpath, building it with Maven the first time."""
    tools = tools_dir()
    classes, lib = tools / "target" / "classes", tools / "target" / "lib"
    launcher_class = classes / "cairn" / "neo4j" / "Launcher.class"
    if not launcher_class.is_file() or not any(lib.glob("neo4j-5.26*.jar")):
        mvn = _require_command("mvn", "Maven (e.g. apt-get install maven)")
        _require_command("java", "Java 17 (e.g. apt-get install openjdk-17-jdk-headless)")
        on_progress("building the Neo4j launcher with Maven (first run downloads about 120 MB)")
        result = subprocess.run(
            [mvn, "-q", "-B", "package"], cwd=tools, capture_output=True, text=True
        )
        if result.returncode != 0:
            detail = (result.stdout + result.stderr).strip().splitlines()
            raise LocalNeo4jError(
                f"building tools/neo4j with Maven failed: {detail[-1] if detail else 'no output'}"
            )
    return f"{classes}{os.pathsep}{lib}{os.sep}*"


def _require_command(name: str, what: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise LocalNeo4jError(f"`{name}` not found on PATH: the local Neo4j needs {what}")
    return path


def _is_launcher(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][:1]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z" and LAUNCHER_CLASS.encode() in cmdline


def _wait_for_exit(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _is_launcher(pid):
            return True
        time.sleep(0.2)
    return False


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _bolt_answers(uri: str) -> bool:
    try:
        with GraphDatabase.driver(uri, auth=None, connection_timeout=2) as driver:
            driver.verify_connectivity()
        return True
    except (DriverError, Neo4jError, OSError):
        return False
