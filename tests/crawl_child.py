"""A crawl in another process, for tests that kill it: it stages WEB (Port 443) and DB,
prints its run id, then waits for its end (a signal).

    python -m tests.crawl_child
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from catalog.graph.store import GraphStore
from catalog.graph.writer import CrawlRun
from tests.factories import observe, sg_uid

REPO = Path(__file__).resolve().parents[1]
WEB, DB = sg_uid("web"), sg_uid("db")


def start(env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """The child and its run id, once it has staged its work."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.crawl_child"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    return child, child.stdout.readline().strip()


def main() -> None:
    store = GraphStore.open()
    run = CrawlRun(store, batch_size=1)
    run.observe([observe(WEB, Port=443), observe(DB, refs={"Peer": WEB})])
    print(run.id, flush=True)
    while True:
        time.sleep(60)


if __name__ == "__main__":
    main()
