"""`cairn serve` as a script starts it: where it serves comes first, as one JSON line."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from catalog.api.limits import MAX_BODY_VARIABLE

CLI = "import sys; from catalog.cli import main; sys.exit(main())"
READER_TOKEN = "reader-token-0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cairn_serve(*options: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "serve", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env or dict(os.environ),
    )


@contextmanager
def serving(*options: str) -> Iterator[tuple[subprocess.Popen[str], dict[str, Any]]]:
    """`cairn serve --json` on a free port, once /healthz answers; stopped afterwards."""
    port = str(free_port())
    process = cairn_serve("--port", port, *options, "--json")
    try:
        assert process.stdout is not None
        served = json.loads(process.stdout.readline())
        wait_until_healthy(process, served["healthz"])
        yield process, served
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_healthy(process: subprocess.Popen[str], healthz: str) -> None:
    for _ in range(300):  # uvicorn binds just after the line is printed
        try:
            with urllib.request.urlopen(healthz, timeout=5) as answer:
                assert json.load(answer) == {"status": "ok"}
            return
        except OSError:
            process.poll()
            assert process.returncode is None, "cairn serve exited"
            time.sleep(0.1)
    raise AssertionError("cairn serve never answered /healthz")


def post_graphql(url: str, query: str, token: str | None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps({"query": query}).encode(), headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as refused:
        return refused.code, json.load(refused)


def worker_processes(server_pid: int) -> int:
    """Children of the server that multiprocessing spawned (uvicorn's workers)."""
    count = 0
    for entry in Path("/proc").iterdir():
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        count += parent == server_pid and b"spawn_main" in command
    return count


def test_serve_json_says_where_it_serves_then_serves(neo4j_env):
    with serving("--anonymous", "reader") as (process, served):
        port = served["graphql"].rsplit(":", 1)[1].split("/")[0]
        assert served == {
            "graphql": f"http://127.0.0.1:{port}/graphql",
            "healthz": f"http://127.0.0.1:{port}/healthz",
            "console": f"http://127.0.0.1:{port}/",
            "anonymous": "reader",
        }
        assert worker_processes(process.pid) == 0  # one worker: uvicorn in the process itself
        # The console's shell page and the script it loads come from the server itself.
        with urllib.request.urlopen(served["console"], timeout=10) as page:
            shell = page.read().decode()
        assert 'id="content"' in shell
        [script] = re.findall(r'src="(/assets/console\.js[^"]*)"', shell)
        with urllib.request.urlopen(served["console"].rstrip("/") + script, timeout=10) as bundle:
            assert bundle.headers["content-type"].startswith("text/javascript")


def test_serve_with_two_workers_answers_graphql_with_a_token_from_the_file(neo4j_env, tmp_path):
    tokens = tmp_path / "tokens"
    tokens.write_text(f"reader:{READER_TOKEN}\n", encoding="utf-8")
    with serving("--workers", "2", "--tokens-file", str(tokens)) as (process, served):
        assert worker_processes(process.pid) == 2
        # A connection each, so the kernel hands them to either worker: each worker read
        # the tokens file and opened its own Neo4j driver.
        for _ in range(8):
            status, answer = post_graphql(
                served["graphql"], '{ resource(uid: "aws:none") { uid } }', READER_TOKEN
            )
            assert (status, answer) == (200, {"data": {"resource": None}})
        status, answer = post_graphql(served["graphql"], "{ __typename }", token=None)
        assert status == 401


def test_serve_with_workers_and_no_neo4j_says_so_in_one_line(neo4j_env, tmp_path):
    tokens = tmp_path / "tokens"
    tokens.write_text(f"reader:{READER_TOKEN}\n", encoding="utf-8")
    env = {**neo4j_env, "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}"}
    process = cairn_serve("--workers", "2", "--tokens-file", str(tokens), "--json", env=env)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert out == ""
    assert err.startswith("cairn: error: cannot reach Neo4j at bolt://127.0.0.1:")
    assert len(err.strip().splitlines()) == 1


def test_serve_with_a_body_limit_that_is_not_a_number_says_so_in_one_line(neo4j_env):
    env = {**neo4j_env, MAX_BODY_VARIABLE: "1MB"}
    process = cairn_serve("--workers", "2", "--anonymous", "reader", "--json", env=env)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert out == ""
    assert err.strip() == (
        f"cairn: error: {MAX_BODY_VARIABLE}='1MB' is not a positive number of bytes"
    )
