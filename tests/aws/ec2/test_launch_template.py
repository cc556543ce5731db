"""AWS::EC2::LaunchTemplate from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import boto3

from catalog.aws.ec2 import SECURITY_GROUP, SUBNET, launch_template, security_group
from catalog.aws.iam import INSTANCE_PROFILE, instance_profile
from catalog.aws.kms import KEY, key
from catalog.demo.declared_state import pinned_observation, state_of
from catalog.drift.check import Comparison
from catalog.drift.runtime import runtime_of
from catalog.drift.state import parse_state
from catalog.restore.emit import Target
from catalog.restore.planner import Planner
from tests.aws.ec2 import test_subnet, test_vpc
from tests.aws.kms import build_key
from tests.aws.moto import REGION, tags
from tests.aws.roundtrip import roundtrip

DECLARATION = launch_template.TYPE
WITH = [
    test_vpc.DECLARATION,
    test_subnet.DECLARATION,
    security_group.TYPE,
    instance_profile.TYPE,
    key.TYPE,
]
RECORDING = Path(__file__).with_name("launch_template.json")
IMAGE = "ami-12c6146b"  # one of moto's
IMAGE_NAME = "Windows_Server-2008-R2_SP1-English-64Bit-Base-2017.10.13"
GONE_IMAGE = "ami-0a1b2c3d4e5f60718"  # deregistered since
USER_DATA = base64.b64encode(b"DB_PASSWORD=hunter2").decode()
SCRIPT = "#!/bin/bash\nyum install -y nginx\nsystemctl enable --now nginx\n"


def build() -> None:
    test_subnet.build()
    ec2 = boto3.client("ec2", region_name=REGION)
    [vpc] = ec2.describe_vpcs()["Vpcs"]
    [subnet] = ec2.describe_subnets()["Subnets"]
    group = ec2.create_security_group(
        GroupName="app-workers", Description="workers", VpcId=vpc["VpcId"]
    )["GroupId"]
    boto3.client("iam", region_name=REGION).create_instance_profile(
        InstanceProfileName="app-workers"
    )
    ec2.create_launch_template(
        LaunchTemplateName="app-workers",
        LaunchTemplateData={
            "ImageId": GONE_IMAGE,
            "InstanceType": "t3.small",
            "SecurityGroupIds": [group],
            # By name: the reference is to the profile's ARN all the same.
            "IamInstanceProfile": {"Name": "app-workers"},
            "UserData": USER_DATA,
        },
        TagSpecifications=[{"ResourceType": "launch-template", "Tags": tags("app-workers")}],
    )
    ec2.create_launch_template(
        LaunchTemplateName="app-web",
        LaunchTemplateData={
            "ImageId": IMAGE,
            "InstanceType": "t3.micro",
            "KeyName": "app-deploy",
            "UserData": base64.b64encode(SCRIPT.encode()).decode(),
            "NetworkInterfaces": [
                {
                    "DeviceIndex": 0,
                    "SubnetId": subnet["SubnetId"],
                    "Groups": [group],
                    "AssociatePublicIpAddress": False,
                }
            ],
            "BlockDeviceMappings": [
                {
                    "DeviceName": "/dev/xvda",
                    "Ebs": {
                        "VolumeSize": 20,
                        "VolumeType": "gp3",
                        "Encrypted": True,
                        "KmsKeyId": build_key(),
                    },
                }
            ],
            "MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 2},
        },
        TagSpecifications=[{"ResourceType": "launch-template", "Tags": tags("app-web")}],
    )


def test_a_template_keeps_a_digest_of_secret_user_data_and_refers_to_groups_and_profile():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = next(o for o in result.observations if o.name == "app-workers")
    data = observed.properties["LaunchTemplateData"]
    assert observed.properties["VersionNumber"] == 1
    stored = json.dumps(observed.properties)
    assert "hunter2" not in stored and USER_DATA not in stored
    assert data["UserData"] is None
    assert data["UserDataDigest"] == launch_template.user_data_digest(USER_DATA)
    [group_id] = data["SecurityGroupIds"]
    references = result.references(observed)
    group = references[launch_template.SECURITY_GROUPS.at(0)]
    assert (group.kind, group.target_type) == ("network", SECURITY_GROUP)
    assert group.target.endswith(f":{group_id}")
    profile = references[launch_template.PROFILE.at()]
    assert (profile.kind, profile.target_type) == ("assumes", INSTANCE_PROFILE)
    assert profile.target == "arn:aws:iam::123456789012:instance-profile/app-workers"
    # The image is gone: another region asks for one.
    assert observed.properties["Image"] == {"ImageId": GONE_IMAGE, "Name": None, "OwnerId": None}
    assert result.plan is not None
    variables = {v.name: v for v in result.plan.variables}
    assert variables["app_workers_image_id"].purpose == "image"
    assert variables["app_workers_user_data"].sensitive
    assert variables["app_workers_user_data"].purpose == "secret_value"
    hcl = result.hcl()
    assert "hunter2" not in hcl
    assert "image_id               = var.app_workers_image_id" in hcl
    assert "user_data              = base64encode(var.app_workers_user_data)" in hcl
    assert "arn = aws_iam_instance_profile.app_workers.arn" in hcl
    result.assert_clean()


def test_a_template_keeps_plain_user_data_interfaces_volumes_and_finds_its_image_by_name():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = next(o for o in result.observations if o.name == "app-web")
    data = observed.properties["LaunchTemplateData"]
    assert data["UserData"] == SCRIPT
    assert observed.properties["Image"] == {
        "ImageId": IMAGE,
        "Name": IMAGE_NAME,
        "OwnerId": "801119661308",
    }
    references = result.references(observed)
    expected = {
        launch_template.INTERFACE_SUBNET.at(0): ("network", SUBNET),
        launch_template.INTERFACE_GROUPS.at(0, 0): ("network", SECURITY_GROUP),
        launch_template.VOLUME_ENCRYPTION.at(0): ("encryption", KEY),
    }
    assert {
        field: (references[field].kind, references[field].target_type) for field in expected
    } == expected
    hcl = result.hcl()
    assert 'data "aws_ami" "launch_template_app_web"' in hcl
    assert f'values = ["{IMAGE_NAME}"]' in hcl
    assert "image_id      = data.aws_ami.launch_template_app_web.id" in hcl
    assert "key_name      = var.app_web_key_name" in hcl  # key pairs are regional
    assert 'user_data     = base64encode("#!/bin/bash\\nyum install -y nginx\\n' in hcl
    assert "subnet_id                   = aws_subnet.app_private_b.id" in hcl
    assert "security_groups             = [aws_security_group.app_workers.id]" in hcl
    assert "volume_size = 20" in hcl and 'encrypted   = "true"' in hcl
    assert "kms_key_id  = " in hcl
    assert 'http_tokens                 = "required"' in hcl
    result.assert_clean()


def test_drift_compares_user_data_kept_as_text():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    assert result.plan is not None
    web = next(o for o in result.observations if o.name == "app-web")
    view = runtime_of(result.plan.snapshot, [pinned_observation(web)])
    state = state_of(view, "user-data")
    [template] = [r for r in state["resources"] if r["type"] == "aws_launch_template"]
    attributes = template["instances"][0]["attributes"]
    assert attributes["user_data"] == base64.b64encode(SCRIPT.encode()).decode()
    attributes["user_data"] = base64.b64encode(b"#!/bin/bash\nyum install -y httpd\n").decode()
    findings = Comparison(view, parse_state(json.dumps(state), "user-data"), None)
    [changed] = findings.runtime_findings()
    assert changed.document()["attribute"] == "user_data"


def test_in_place_a_template_keeps_the_user_data_only_its_digest_stands_for():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    assert result.plan is not None
    pinned = [pinned_observation(o) for o in result.observations]
    existing = {p.asset.uid: p.document["properties"] for p in pinned}
    plan = Planner(result.plan.snapshot, pinned, Target(mode="in-place"), existing=existing).build()
    assert [v.name for v in plan.variables if v.purpose == "secret_value"] == []
    compute = plan.files["40-compute.tf"]
    assert "ignore_changes = [user_data]" in compute
    assert compute.count("user_data") == 2  # app-web's, and app-workers' ignore_changes
