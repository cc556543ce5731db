"""The second application (catalog/demo/stack/jobs.py), restored with the defaults into
another region of the same account, applied into moto and crawled back: the same kinds of
resource, referring to each other the same way, up to IDs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalog.aws.application_autoscaling import SCALABLE_TARGET
from catalog.aws.autoscaling import AUTO_SCALING_GROUP
from catalog.aws.dynamodb import TABLE
from catalog.aws.ec2 import INSTANCE, LAUNCH_TEMPLATE
from catalog.aws.ecr import REPOSITORY
from catalog.aws.ecs import TASK_DEFINITION
from catalog.aws.elbv2 import TARGET_GROUP
from catalog.aws.events import RULE
from catalog.aws.iam import INSTANCE_PROFILE, ROLE
from catalog.aws.kms import KEY
from catalog.aws.lambda_ import EVENT_SOURCE_MAPPING as MAPPING
from catalog.aws.lambda_ import FUNCTION
from catalog.aws.sqs import QUEUE
from catalog.demo.stack import jobs
from catalog.drill.compare import shape
from catalog.graph.reader import GraphReader
from catalog.restore.renaming import DEFAULT_SUFFIX as SUFFIX
from tests.cli_runner import cairn
from tests.terraform_tools import apply_into_moto, needs_terraform

TARGET_REGION = "us-west-2"
# moto does not implement Application Auto Scaling's ListTagsForResource, which the
# provider calls after registering a target: its apply never ends.
MOTO_CANNOT = {"aws_appautoscaling_target", "aws_appautoscaling_policy"}
MOTO_HOOK_TARGET = "arn:aws:sqs:us-west-2:123456789012:moto-hook-target"
ACCOUNT = "123456789012"  # same account: names unique per account get it (IAM roles, profiles)


@pytest.fixture
def snapshot(capsys, aws, store, neo4j_env) -> str:
    jobs.build()
    cairn(capsys, "crawl", "--region", jobs.REGION)
    cairn(capsys, "app", "create", jobs.PROJECT, "--tag", f"Project={jobs.PROJECT}",
          "--region", jobs.REGION)  # fmt: skip
    return cairn(capsys, "snapshot", "take", jobs.PROJECT)["id"]


def inputs(document: dict, package: Path) -> dict[str, str | None]:
    """What a reviewer supplies: the worker's package and the values Cairn never stores.
    Any other required input means the plan left a piece of the application out."""
    values: dict[str, str | None] = {}
    unexpected = []
    for variable in document["variables"]:
        name, purpose = variable["name"], variable["purpose"]
        if purpose == "table_source":
            # The table restores from its PITR across regions, by ARN: moto restores only
            # within a region, by name, so it starts empty here.
            values[name] = None
        elif variable["default"] is not None:
            continue
        elif purpose == "artifact":
            values[name] = str(package)
        elif purpose == "secret_value":
            values[name] = "restored"
        elif "LifecycleHooks[" in variable["description"]:
            # moto answers a lifecycle hook with a fixed role and queue of another account,
            # whatever it was given: references out of the application.
            values[name] = MOTO_HOOK_TARGET
        else:
            unexpected.append(variable)
    assert not unexpected, unexpected
    # Each input names the resource it is for: the package, the worker function.
    assert {v["uid"] for v in document["variables"] if v["purpose"] == "artifact"} == {
        f"arn:aws:lambda:{jobs.REGION}:{ACCOUNT}:function:{jobs.PROJECT}-worker"
    }
    return values


@needs_terraform
def test_the_jobs_application_comes_back_whole_in_another_region(capsys, tmp_path, store, snapshot):
    out = tmp_path / "restore"
    document = cairn(capsys, "restore", "plan", snapshot, "--out", str(out),
                     "--target-region", TARGET_REGION)  # fmt: skip
    # The source still runs in the same account: its IAM names are taken, regional ones not.
    roles = [f"{jobs.PROJECT}-{role}" for role in ("web", "worker", "task-execution")]
    assert sorted((r["type"], r["restored_name"]) for r in document["renamed"]) == sorted(
        [(INSTANCE_PROFILE, f"{jobs.PROJECT}-web{SUFFIX}")]
        + [(ROLE, f"{role}{SUFFIX}") for role in roles]
    )
    # Everything comes back but the instance the group launched: the group launches anew.
    assert [(item["type"], item["reason"]) for item in document["not_restored"]] == [
        (INSTANCE, f"launched by Auto Scaling group {jobs.PROJECT}-web, which relaunches it")
    ]
    # The worker's QUEUE_URL named the source queue: it names the restored one.
    [queue_url] = [r for r in document["rewired"] if r["address"].startswith("aws_lambda_function")]
    assert re.fullmatch(r"aws_sqs_queue\.\w+\.url", queue_url["written"])
    package = tmp_path / "worker.zip"
    package.write_bytes(jobs.worker_package())
    apply_into_moto(out, inputs(document, package), skipped=MOTO_CANNOT)

    cairn(capsys, "crawl", "--region", TARGET_REGION)
    cairn(capsys, "app", "create", "restored", "--tag", f"Project={jobs.PROJECT}",
          "--region", TARGET_REGION)  # fmt: skip
    restored = cairn(
        capsys, "snapshot", "show", cairn(capsys, "snapshot", "take", "restored")["id"]
    )
    original = cairn(capsys, "snapshot", "show", snapshot)

    left_out = {SCALABLE_TARGET}
    assert without(restored["by_type"], left_out) == without(original["by_type"], left_out)
    # The group places the instance it launches in either subnet: not compared.
    reader, placed = GraphReader(store), {*left_out, INSTANCE}
    expected = shape(reader, original["assets"], SUFFIX, placed)
    assert shape(reader, restored["assets"], SUFFIX, placed) == expected
    # Among them, the pieces that name each other across services.
    links = {(source, kind, target, name) for source, _, kind, target, name in expected}
    assert {
        (AUTO_SCALING_GROUP, "launches", LAUNCH_TEMPLATE, f"{jobs.PROJECT}-web"),
        (AUTO_SCALING_GROUP, "traffic", TARGET_GROUP, f"{jobs.PROJECT}-web"),
        (MAPPING, "reads", QUEUE, jobs.PROJECT),
        (MAPPING, "invokes", FUNCTION, f"{jobs.PROJECT}-worker"),
        (FUNCTION, "encryption", KEY, f"alias/{jobs.PROJECT}"),
        (TABLE, "encryption", KEY, f"alias/{jobs.PROJECT}"),
        (RULE, "target", FUNCTION, f"{jobs.PROJECT}-worker"),
        (FUNCTION, "invoked-by", RULE, f"{jobs.PROJECT}-nightly"),
        (TASK_DEFINITION, "image", REPOSITORY, f"{jobs.PROJECT}/api"),
        (FUNCTION, "names", QUEUE, jobs.PROJECT),  # QUEUE_URL in its environment
    } <= links, sorted(links)
    # Nothing restored names what it replaces: no reference, no value.
    source = {a["uid"] for a in original["assets"]} - {a["uid"] for a in restored["assets"]}
    leaving = [
        (asset["uid"], ref.field)
        for asset in restored["assets"]
        for ref in reader.references_out(asset["uid"])
        if ref.uid in source
    ]
    assert leaving == []


def without(counts: dict[str, int], types: set[str]) -> dict[str, int]:
    return {name: count for name, count in counts.items() if name not in types}
