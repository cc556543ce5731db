"""The demo's story, told once per test session, for the tests that read what it leaves.

`cairn demo --json` (with its drill where terraform and the AWS provider are) takes
minutes; test_demo checks its record and files and the console's browser tests browse the
graph it leaves, so it runs once for all of them. Registered in conftest.py.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from catalog.applications import get_application
from catalog.cli import main
from catalog.errors import NotFound
from catalog.graph.connection import Neo4jSettings
from catalog.graph.store import GraphStore
from catalog.snapshots import list_snapshots
from tests.conftest import neo4j_environment
from tests.terraform_tools import PLUGINS

# The drill step runs where terraform and the AWS provider are; elsewhere it says why not.
TERRAFORM_HERE = shutil.which("terraform") is not None and PLUGINS.is_dir()

# The demo's task role: the untagged IAM role its application pulls in by dependency.
ROLE = "arn:aws:iam::123456789012:role/app-task"


@dataclass(frozen=True)
class ToldStory:
    record: dict[str, Any]  # `cairn demo --json`'s document
    home: Path  # its CAIRN_HOME: the demo's files are under home / "demo"
    aws_endpoint_left: str | None  # AWS_ENDPOINT_URL as the demo left it (it was unset)

    @property
    def steps(self) -> dict[str, dict[str, Any]]:
        return {step["step"]: step for step in self.record["steps"]}

    @property
    def application(self) -> str:
        return str(self.steps["application"]["application"]["name"])

    @property
    def snapshot_ids(self) -> tuple[str, str]:
        """The snapshot before the hotfixes and the one after them."""
        return self.steps["snapshot-1"]["id"], self.steps["hotfixes"]["snapshot"]["id"]


def tell_story(settings: Neo4jSettings, home: Path) -> ToldStory:
    """`cairn demo --json` in this process on `settings`' graph (emptied first by the caller)."""
    stdout = io.StringIO()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CAIRN_HOME", str(home))
        for name, value in neo4j_environment(settings).items():
            if value is None:
                env.delenv(name, raising=False)
            else:
                env.setenv(name, value)
        env.delenv("AWS_ENDPOINT_URL", raising=False)
        if TERRAFORM_HERE:
            env.setenv("CAIRN_TF_PLUGIN_DIR", str(PLUGINS))
        with contextlib.redirect_stdout(stdout):
            code = main(["demo", "--json"])
        left = os.environ.get("AWS_ENDPOINT_URL")
    assert code == 0, f"cairn demo exited {code} (its stderr is in the captured output)"
    return ToldStory(json.loads(stdout.getvalue()), home, left)


class StoryTeller:
    """Tells the story on demand and remembers the last telling."""

    def __init__(self, store: GraphStore, settings: Neo4jSettings, homes: Callable[[], Path]):
        self.store, self.settings, self.homes = store, settings, homes
        self.last: ToldStory | None = None

    def tell(self) -> ToldStory:
        self.store.write("wipe_test_graph")  # the demo refuses a graph other tests left
        self.last = tell_story(self.settings, self.homes())
        return self.last

    def in_graph(self, story: ToldStory) -> bool:
        """Are the story's application and both its snapshots still in the graph?"""
        try:
            get_application(self.store, story.application)
        except NotFound:
            return False
        kept = {snapshot.id for snapshot in list_snapshots(self.store, story.application)}
        return set(story.snapshot_ids) <= kept


@pytest.fixture(scope="session")
def story_teller(
    graph_store: GraphStore, neo4j_settings: Neo4jSettings, tmp_path_factory: pytest.TempPathFactory
) -> StoryTeller:
    # ~/.cairn of a user of its own, as the README's commands expect (tests/test_docs.py).
    return StoryTeller(
        graph_store, neo4j_settings, lambda: tmp_path_factory.mktemp("demo-user") / ".cairn"
    )


@pytest.fixture(scope="session")
def told_story(story_teller: StoryTeller) -> ToldStory:
    """The demo's record and home, told once for the session (other tests may since have
    wiped its graph: tests that browse the graph use `demo_graph`)."""
    return story_teller.tell()


@pytest.fixture
def demo_graph(told_story: ToldStory, story_teller: StoryTeller) -> ToldStory:
    """The story whose graph is in Neo4j now: other tests wipe the graph, so when the
    story's application or snapshots are gone this tells the story again (minutes, with
    the drill) and returns that telling, whose snapshot ids differ from `told_story`'s."""
    current = story_teller.last or told_story
    return current if story_teller.in_graph(current) else story_teller.tell()


# Tests that use the story run first, those that tell it over last among them: the story
# is told once per session however the files are ordered.
READS_STORY = ("told_story", "demo_graph")
RETELLS_STORY = "retells_story"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def order(item: pytest.Item) -> int:
        if item.get_closest_marker(RETELLS_STORY):
            return 1
        return 0 if set(READS_STORY) & set(getattr(item, "fixturenames", ())) else 2

    items.sort(key=order)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{RETELLS_STORY}: runs the demo over the told story (ordered after its readers)"
    )
