"""`cairn demo`: the story of SCENARIO.md on a sample account, step by step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalog import present
from catalog.demo.sample import PARAMETER_GROUP, TASK_ROLE, sample_account, sample_partitions
from catalog.graph.reader import GraphReader
from catalog.graph.store import GraphStore
from catalog.graph.writer import ingest


def run_demo(store: GraphStore, say: Callable[[str], None]) -> dict[str, Any]:
    """Crawl the healthy sample, then the hotfixed one, and read the graph back."""
    reader = GraphReader(store)
    say("crawl 1: the healthy production account (sample data, no AWS needed)")
    healthy = ingest(store, sample_account(), complete=sample_partitions(), source="sample")
    say("crawl 2: after two console hotfixes (an inline policy, max_connections 300 -> 900)")
    hotfixed = ingest(
        store, sample_account(hotfixed=True), complete=sample_partitions(), source="sample"
    )
    changes = reader.changes(since=healthy.at, until=hotfixed.at)
    impact = reader.impact(TASK_ROLE, at=hotfixed.at)
    return {
        "steps": [
            {"step": "crawl-healthy", **present.run_summary(healthy)},
            {"step": "crawl-hotfixed", **present.run_summary(hotfixed)},
            {"step": "changes", **present.changes(healthy.at, hotfixed.at, changes)},
            {"step": "impact", **present.impact(TASK_ROLE, hotfixed.at, 5, impact)},
            {"step": "history", **present.history(reader.history(PARAMETER_GROUP))},
        ]
    }
