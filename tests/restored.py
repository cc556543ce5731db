"""A restored application compared with its original, up to IDs."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

from catalog.graph.reader import GraphReader

# What moto names by a generated ID only: compared by type.
GENERATED_ID = re.compile(r"^([a-z]+-[0-9a-f]{8,}|[0-9a-f-]{36})$")


def shape(
    reader: GraphReader,
    assets: list[dict],
    suffix: str,
    leaving: Collection[str] = (),
    at: int | None = None,
) -> Counter[tuple[str, ...]]:
    """Each reference between the application's resources at `at` (now if None) as
    (source, kind, target), each end named by type and name, with the restore's `suffix`
    and generated IDs left out; resources of the `leaving` types are not compared.

    A snapshot's references are read at its time: a resource both share (a DNS record of
    the zone, moved by the cutover) refers to the restored application now."""
    keys = {
        asset["uid"]: (asset["type"], _name(asset["name"], suffix))
        for asset in assets
        if asset["type"] not in leaving
    }
    return Counter(
        (*keys[uid], reference.kind, *keys[reference.uid])
        for uid in keys
        for reference in reader.references_out(uid, at)
        if reference.uid in keys
    )


def _name(name: str | None, suffix: str) -> str:
    """The name without the suffix, wherever it ends a part of it (a mapping is named by
    its queue and function: `jobs-dr-worker-dr`)."""
    name = re.sub(rf"{re.escape(suffix)}(?=$|[-/.:])", "", name or "") if suffix else name or ""
    return "" if GENERATED_ID.match(name) else name
