"""AWS::AutoScaling::AutoScalingGroup from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import re
from pathlib import Path

import boto3

from catalog.aws.autoscaling import auto_scaling_group
from catalog.aws.ec2 import LAUNCH_TEMPLATE, SUBNET, launch_template, subnet, vpc
from catalog.aws.elbv2 import TARGET_GROUP, target_group
from tests.aws.ec2 import test_launch_template, test_vpc
from tests.aws.moto import REGION, tags
from tests.aws.roundtrip import roundtrip

DECLARATION = auto_scaling_group.TYPE
WITH = [launch_template.TYPE, vpc.TYPE, subnet.TYPE, target_group.TYPE]
RECORDING = Path(__file__).with_name("auto_scaling_group.json")
GROUP = "app-workers"


def build() -> None:
    test_vpc.build()
    ec2 = boto3.client("ec2", region_name=REGION)
    [vpc_id] = [found["VpcId"] for found in ec2.describe_vpcs()["Vpcs"]]
    subnets = [
        ec2.create_subnet(
            VpcId=vpc_id,
            CidrBlock=f"10.0.{n}.0/24",
            AvailabilityZone=f"{REGION}{zone}",
            TagSpecifications=[{"ResourceType": "subnet", "Tags": tags(f"app-private-{zone}")}],
        )["Subnet"]["SubnetId"]
        for n, zone in ((1, "a"), (2, "b"))
    ]
    template = ec2.create_launch_template(
        LaunchTemplateName=GROUP,
        LaunchTemplateData={"ImageId": test_launch_template.IMAGE, "InstanceType": "t3.small"},
        TagSpecifications=[{"ResourceType": "launch-template", "Tags": tags(GROUP)}],
    )["LaunchTemplate"]["LaunchTemplateId"]
    [group] = boto3.client("elbv2", region_name=REGION).create_target_group(
        Name=GROUP, Protocol="HTTP", Port=8080, VpcId=vpc_id
    )["TargetGroups"]
    autoscaling = boto3.client("autoscaling", region_name=REGION)
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName=GROUP,
        # A version by number: the restored template starts its versions anew.
        LaunchTemplate={"LaunchTemplateId": template, "Version": "1"},
        MinSize=0,
        MaxSize=4,
        DesiredCapacity=0,
        # One string in the API: the crawl keeps a list, to refer to each subnet.
        VPCZoneIdentifier=",".join(subnets),
        TargetGroupARNs=[group["TargetGroupArn"]],
        HealthCheckType="ELB",
        HealthCheckGracePeriod=120,
        Tags=[
            {"Key": "Project", "Value": "app-infra", "PropagateAtLaunch": True},
            {"Key": "Role", "Value": "worker", "PropagateAtLaunch": False},
        ],
    )
    build_scaling(GROUP)


def build_scaling(group: str) -> None:
    """Two policies, a nightly schedule and a lifecycle hook for `group`."""
    autoscaling = boto3.client("autoscaling", region_name=REGION)
    autoscaling.put_scaling_policy(
        AutoScalingGroupName=group,
        PolicyName="cpu",
        PolicyType="TargetTrackingScaling",
        TargetTrackingConfiguration={
            "PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
            "TargetValue": 60.0,
        },
    )
    autoscaling.put_scaling_policy(
        AutoScalingGroupName=group,
        PolicyName="backlog",
        PolicyType="StepScaling",
        AdjustmentType="ChangeInCapacity",
        StepAdjustments=[
            {"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 10, "ScalingAdjustment": 1},
            {"MetricIntervalLowerBound": 10, "ScalingAdjustment": 2},
        ],
    )
    autoscaling.put_scheduled_update_group_action(
        AutoScalingGroupName=group,
        ScheduledActionName="nightly",
        Recurrence="0 22 * * *",
        TimeZone="Europe/Berlin",
        MinSize=0,
        MaxSize=1,
        DesiredCapacity=0,
    )
    autoscaling.put_lifecycle_hook(
        AutoScalingGroupName=group,
        LifecycleHookName="drain",
        LifecycleTransition="autoscaling:EC2_INSTANCE_TERMINATING",
        HeartbeatTimeout=300,
        DefaultResult="CONTINUE",
    )


def test_a_group_refers_to_its_template_each_subnet_and_its_target_groups():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = result.only()
    assert observed.name == GROUP
    assert observed.uid.startswith("arn:aws:autoscaling:")
    assert observed.tags == {"Project": "app-infra", "Role": "worker"}
    assert observed.properties["PropagateAtLaunch"] == {"Project": True, "Role": False}
    references = result.references()
    template = references[auto_scaling_group.LAUNCHES.at()]
    assert (template.kind, template.target_type) == ("launches", LAUNCH_TEMPLATE)
    assert template.target.endswith(f":{observed.properties['LaunchTemplate']['LaunchTemplateId']}")
    subnets = observed.properties["VPCZoneIdentifier"]
    assert len(subnets) == 2
    for index, subnet_id in enumerate(subnets):
        subnet_ref = references[auto_scaling_group.SUBNETS.at(index)]
        assert (subnet_ref.kind, subnet_ref.target_type) == ("network", SUBNET)
        assert subnet_ref.target.endswith(f":{subnet_id}")
    [target_group_arn] = observed.properties["TargetGroupARNs"]
    group_ref = references[auto_scaling_group.TARGET_GROUPS.at(0)]
    assert (group_ref.kind, group_ref.target_type, group_ref.target) == (
        "traffic",
        TARGET_GROUP,
        target_group_arn,
    )
    hcl = result.hcl()
    assert 'resource "aws_autoscaling_group" "app_workers"' in hcl
    assert "target_group_arns         = [aws_lb_target_group.app_workers.arn]" in hcl
    assert 'health_check_type         = "ELB"' in hcl
    [subnets] = re.findall(r"vpc_zone_identifier\s+= \[(.*)\]", hcl)
    assert set(subnets.split(", ")) == {
        "aws_subnet.app_private_a.id",
        "aws_subnet.app_private_b.id",
    }
    assert "wait_for_capacity_timeout" not in hcl  # the provider's default
    assert 'value               = "worker"\n    propagate_at_launch = false' in hcl
    # A version number becomes the restored template's latest version.
    assert "id      = aws_launch_template.app_workers.id" in hcl
    assert "version = aws_launch_template.app_workers.latest_version" in hcl
    result.assert_clean()


def test_policies_schedules_and_hooks_are_kept_and_restored_as_parts_of_the_group():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    p = result.only().properties
    assert [policy["PolicyName"] for policy in p["ScalingPolicies"]] == ["backlog", "cpu"]
    assert all("PolicyARN" not in policy for policy in p["ScalingPolicies"])
    [nightly] = p["ScheduledActions"]
    assert (nightly["Recurrence"], nightly["MinSize"]) == ("0 22 * * *", 0)
    [drain] = p["LifecycleHooks"]
    assert (drain["LifecycleHookName"], drain["HeartbeatTimeout"]) == ("drain", 300)
    hcl = result.hcl()
    for written in (
        'resource "aws_autoscaling_policy" "app_workers_policy_cpu"',
        'predefined_metric_type = "ASGAverageCPUUtilization"',
        'metric_interval_lower_bound = "10"',
        'resource "aws_autoscaling_schedule" "app_workers_schedule_nightly"',
        'time_zone              = "Europe/Berlin"',
        'resource "aws_autoscaling_lifecycle_hook" "app_workers_hook_drain"',
        "autoscaling_group_name = aws_autoscaling_group.app_workers.name",
    ):
        assert written in hcl
    result.assert_clean()
