"""AWS::EC2::LaunchTemplate: what an instance (or an Auto Scaling group's) starts from."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from catalog.aws.ec2 import LAUNCH_TEMPLATE, SECURITY_GROUP, described, instance_profile_arn
from catalog.aws.iam import INSTANCE_PROFILE
from catalog.aws.spec import Described, Found, Ref, ResourceType, Scope, by_id, pages


def profile_by_arn(found: Found) -> str | None:
    """The template's instance profile, which it may name by name instead of by ARN."""
    return instance_profile_arn(found.scope, found.value)


SECURITY_GROUPS = Ref("LaunchTemplateData.SecurityGroupIds[*]", SECURITY_GROUP, "network", by_id)
PROFILE = Ref("LaunchTemplateData.IamInstanceProfile", INSTANCE_PROFILE, "assumes", profile_by_arn)


def user_data_digest(user_data: str | None) -> str | None:
    """User data often carries credentials: keep a digest that shows it changed, never the text."""
    return hashlib.sha256(user_data.encode()).hexdigest() if user_data else None


def default_version(ec2: Any, template: dict[str, Any]) -> dict[str, Any]:
    # Versions are per template: no call returns the data of several templates.
    [version] = ec2.describe_launch_template_versions(
        LaunchTemplateId=template["LaunchTemplateId"], Versions=["$Default"]
    )["LaunchTemplateVersions"]
    return version


def read(scope: Scope) -> Iterator[Described]:
    ec2 = scope.client("ec2")
    templates = list(pages(ec2, "describe_launch_templates", "LaunchTemplates"))
    versions = scope.map(lambda template: default_version(ec2, template), templates)
    for template, version in zip(templates, versions, strict=True):
        data = dict(version.get("LaunchTemplateData", {}))
        data["UserData"] = user_data_digest(data.get("UserData"))
        data["SecurityGroupIds"] = sorted(data.get("SecurityGroupIds", ()))
        properties = {
            "LaunchTemplateName": template["LaunchTemplateName"],
            "DefaultVersionNumber": template.get("DefaultVersionNumber"),
            "LaunchTemplateData": data,
        }
        yield described(scope, LAUNCH_TEMPLATE, template["LaunchTemplateId"], template, properties)


TYPE = ResourceType(
    LAUNCH_TEMPLATE,
    "ec2",
    read,
    references=(SECURITY_GROUPS, PROFILE),
    iam_actions=("ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions"),
)
