"""RUNBOOK.md's images: what a restore into another region must find or copy before the
compute stage, from the launch templates' recording (tests/aws/ec2/test_launch_template.py)."""

from __future__ import annotations

import dataclasses

from catalog.demo.declared_state import pinned_observation
from catalog.model import Observation
from catalog.restore.emit import Target
from catalog.restore.planner import Planner
from catalog.restore.runbook import checklist
from tests.aws.ec2 import test_launch_template as templates
from tests.aws.roundtrip import TARGET_REGION, roundtrip

ACCOUNT = "123456789012"


def images_section(runbook: str) -> list[str]:
    lines = runbook.splitlines()
    start = lines.index("## Images")
    return [line for line in lines[start + 1 : lines.index("## Stages")] if line]


def owned(observation: Observation) -> Observation:
    """The template as if its image were the account's own."""
    image = {**observation.properties["Image"], "OwnerId": ACCOUNT}
    return dataclasses.replace(observation, properties={**observation.properties, "Image": image})


def test_an_image_gone_from_the_source_is_asked_for_and_one_found_by_name_is_not():
    result = roundtrip(templates.DECLARATION, templates.RECORDING, with_types=templates.WITH)
    assert result.plan is not None
    section = images_section(result.plan.files["RUNBOOK.md"])
    assert section == [
        f"AMIs are regional: what launches in {TARGET_REGION} needs its image there.",
        f"- `{templates.GONE_IMAGE}`, for `aws_launch_template.app_workers`: it no longer "
        "exists in us-east-1: set `app_workers_image_id` to an image in eu-central-1, one built "
        "anew or a copy from a region that still holds it: `aws ec2 copy-image --source-region "
        f"REGION --source-image-id {templates.GONE_IMAGE} --region eu-central-1 --name "
        f"{templates.GONE_IMAGE}`.",
        f"- `{templates.IMAGE}` (`{templates.IMAGE_NAME}`), for `aws_launch_template.app_web`: "
        "found in eu-central-1 by its name and owner `801119661308`.",
    ]


def test_the_accounts_own_image_is_copied_under_its_name_before_the_data_source_finds_it():
    result = roundtrip(templates.DECLARATION, templates.RECORDING, with_types=templates.WITH)
    assert result.plan is not None
    web = next(o for o in result.observations if o.name == "app-web")
    pinned = [pinned_observation(owned(web))]
    plan = Planner(result.plan.snapshot, pinned, Target(region=TARGET_REGION)).build()
    [image] = checklist(plan).images
    assert (image.own, image.variable) == (True, None)
    assert image.copy == (
        f"aws ec2 copy-image --source-region us-east-1 --source-image-id {templates.IMAGE} "
        f"--region {TARGET_REGION} --name {templates.IMAGE_NAME}"
    )
    assert f"copy it there first under the same name: `{image.copy}`" in plan.files["RUNBOOK.md"]


def test_a_restore_in_the_source_region_keeps_the_image_and_says_nothing_of_it():
    result = roundtrip(templates.DECLARATION, templates.RECORDING, with_types=templates.WITH)
    assert result.plan is not None
    pinned = [pinned_observation(o) for o in result.observations]
    plan = Planner(result.plan.snapshot, pinned, Target()).build()
    assert "## Images" not in plan.files["RUNBOOK.md"]
    assert f'image_id      = "{templates.IMAGE}"' in plan.files["40-compute.tf"]
