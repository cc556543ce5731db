"""`cairn serve` as a script starts it: where it serves comes first, as one JSON line."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_json_says_where_it_serves_then_serves(neo4j_env):
    port = str(free_port())
    command = "import sys; from catalog.cli import main; sys.exit(main())"
    process = subprocess.Popen(
        [sys.executable, "-c", command, "serve", "--port", port, "--anonymous", "reader", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ),
    )
    try:
        assert process.stdout is not None
        served = json.loads(process.stdout.readline())
        assert served == {
            "graphql": f"http://127.0.0.1:{port}/graphql",
            "healthz": f"http://127.0.0.1:{port}/healthz",
            "anonymous": "reader",
        }
        for _ in range(100):  # uvicorn binds just after the line is printed
            try:
                with urllib.request.urlopen(served["healthz"], timeout=5) as answer:
                    assert json.load(answer) == {"status": "ok"}
                break
            except OSError:
                process.poll()
                assert process.returncode is None, "cairn serve exited"
                time.sleep(0.1)
        else:
            raise AssertionError("cairn serve never answered /healthz")
    finally:
        process.terminate()
        process.wait(timeout=30)
