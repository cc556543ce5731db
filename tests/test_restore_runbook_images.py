"""RUNBOOK.md's image steps: what a restore into another region must copy or supply before
the compute stage, from the launch templates' recording (tests/aws/ec2/test_launch_template.py)."""

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


def owned(observation: Observation) -> Observation:
    """The template as if its image were the account's own."""
    image = {**observation.properties["Image"], "OwnerId": ACCOUNT}
    return dataclasses.replace(observation, properties={**observation.properties, "Image": image})


def test_an_image_gone_from_the_source_is_asked_for_and_a_public_one_found_by_name_is_not():
    result = roundtrip(templates.DECLARATION, templates.RECORDING, with_types=templates.WITH)
    assert result.plan is not None
    steps = [s for s in checklist(result.plan).manual if "image" in s.title]
    assert [(step.title, step.commands) for step in steps] == [
        (
            "Copy the image of aws_launch_template.app_workers",
            [
                "aws ec2 copy-image --source-region REGION --source-image-id "
                f"{templates.GONE_IMAGE} --region {TARGET_REGION} --name IMAGE_NAME"
            ],
        )
    ]
    assert "set app_workers_image_id to an image in eu-central-1" in steps[0].why
    runbook = result.plan.files["RUNBOOK.md"]
    assert "### Copy the image of aws\\_launch\\_template.app\\_workers" in runbook


def test_the_accounts_own_image_is_copied_under_its_name_before_the_data_source_finds_it():
    result = roundtrip(templates.DECLARATION, templates.RECORDING, with_types=templates.WITH)
    assert result.plan is not None
    web = next(o for o in result.observations if o.name == "app-web")
    pinned = [pinned_observation(owned(web))]
    plan = Planner(result.plan.snapshot, pinned, Target(region=TARGET_REGION)).build()
    [step] = checklist(plan).manual
    assert step.commands == [
        f"aws ec2 copy-image --source-region us-east-1 --source-image-id {templates.IMAGE} "
        f"--region {TARGET_REGION} --name {templates.IMAGE_NAME}"
    ]
    assert "copied there under the same name" in step.why


def test_a_restore_in_the_source_region_keeps_the_image_and_copies_nothing():
    result = roundtrip(templates.DECLARATION, templates.RECORDING, with_types=templates.WITH)
    assert result.plan is not None
    pinned = [pinned_observation(o) for o in result.observations]
    plan = Planner(result.plan.snapshot, pinned, Target()).build()
    assert not [s for s in checklist(plan).manual if "image" in s.title]
    assert f'image_id      = "{templates.IMAGE}"' in plan.files["40-compute.tf"]
