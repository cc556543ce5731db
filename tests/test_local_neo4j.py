"""`cairn neo4j start|stop|status` drives a real local server by its own PID."""

from __future__ import annotations

import json
import socket

import pytest

from catalog.cli import main
from catalog.neo4j_local import LocalNeo4j, LocalNeo4jError


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cli_json(capsys, *argv: str) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_start_is_idempotent_and_stop_ends_exactly_that_server(tmp_path, capsys):
    port = str(free_port())
    home = str(tmp_path / "neo4j")
    try:
        code, started = cli_json(capsys, "neo4j", "start", "--port", port, "--home", home)
        assert code == 0 and started["running"] and started["pid"]

        code, again = cli_json(capsys, "neo4j", "start", "--port", port, "--home", home)
        assert code == 0 and again["pid"] == started["pid"]

        code, status = cli_json(capsys, "neo4j", "status", "--port", port, "--home", home)
        assert code == 0 and status["running"]
    finally:
        code, stopped = cli_json(capsys, "neo4j", "stop", "--port", port, "--home", home)
    assert stopped == {"stopped": True}

    code, status = cli_json(capsys, "neo4j", "status", "--port", port, "--home", home)
    assert code == 3 and not status["running"]
    assert cli_json(capsys, "neo4j", "stop", "--port", port, "--home", home)[1] == {
        "stopped": False
    }


def test_a_port_taken_by_another_process_is_refused(tmp_path):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        server = LocalNeo4j(tmp_path, other.getsockname()[1])
        with pytest.raises(LocalNeo4jError, match="used by another process"):
            server.start()


def test_missing_java_or_maven_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(LocalNeo4jError, match=r"`(java|mvn)` not found on PATH"):
        LocalNeo4j(tmp_path, free_port()).start()


def test_a_stale_pid_file_is_not_trusted(tmp_path, capsys):
    home = tmp_path / "neo4j"
    home.mkdir()
    (home / "neo4j.pid").write_text("1")  # PID 1 is alive but is not our server
    code, status = cli_json(
        capsys, "neo4j", "status", "--port", str(free_port()), "--home", str(home)
    )
    assert code == 3 and status["pid"] is None
