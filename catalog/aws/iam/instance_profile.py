"""AWS::IAM::InstanceProfile: what hands a role to the EC2 instances launched with it."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.aws.iam import INSTANCE_PROFILE, ROLE, described
from catalog.aws.spec import Described, Ref, ResourceType, Scope, pages
from catalog.drift.shape import StateShape
from catalog.restore.emit import Emit, Stage, TerraformType
from catalog.restore.hcl import Block
from catalog.restore.renaming import NameScope, Naming

NAME = Naming(NameScope.ACCOUNT, 128)  # IAM is global
ROLES = Ref("Roles[*]", ROLE, "contains")


def read(scope: Scope) -> Iterator[Described]:
    for profile in pages(scope.client("iam"), "list_instance_profiles", "InstanceProfiles"):
        properties = {
            "InstanceProfileName": profile["InstanceProfileName"],
            "Path": profile.get("Path", "/"),
            "Roles": sorted(role["Arn"] for role in profile.get("Roles", ())),
        }
        yield described(profile, profile["InstanceProfileName"], properties)


def emit(ctx: Emit) -> list[Block]:
    p = ctx.properties
    return [
        ctx.resource(
            "aws_iam_instance_profile",
            {
                "name": ctx.name(p["InstanceProfileName"], NAME),
                "path": p.get("Path"),
                # A profile holds one role at most.
                "role": ctx.ref(ROLES, 0, attribute="name"),
                **ctx.tags(),
            },
            adopt=p["InstanceProfileName"],
        )
    ]


TYPE = ResourceType(
    INSTANCE_PROFILE,
    "iam",
    read,
    references=(ROLES,),
    iam_actions=("iam:ListInstanceProfiles",),
    terraform=TerraformType(
        "aws_iam_instance_profile",
        Stage.IDENTITY,
        emit,
        ("InstanceProfileName",),
        shapes=(StateShape("aws_iam_instance_profile", noun="instance profile"),),
    ),
    is_global=True,
)
