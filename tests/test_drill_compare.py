"""A restore applied into another region, crawled back and compared with its source the
way a drill does: kinds, references up to IDs and the attributes that matter. One apply
serves every check (the gates on the applied state too): applies are slow."""

from __future__ import annotations

import json

import boto3

from catalog.aws.route53 import RECORD_SET
from catalog.clock import now_ms, parse_time
from catalog.demo.stack import saas
from catalog.drill.compare import compare, not_created, restored_assets
from catalog.drill.gates import evaluate, state_attributes
from catalog.drill.inputs import supply
from catalog.drill.record import Made
from catalog.drill.tag import DRILL_TAG
from tests.cli_runner import cairn
from tests.drill_plans import TARGET_REGION, saas_plan
from tests.terraform_tools import apply_into_moto, needs_terraform, terraform

DRILL = "drill-0123456789ab"


@needs_terraform
def test_a_restored_saas_compares_alike_and_each_difference_is_named(
    capsys, tmp_path, monkeypatch, aws, store, neo4j_env
):
    out = tmp_path / "plan"
    snapshot, plan = saas_plan(capsys, out)
    source = cairn(capsys, "snapshot", "show", snapshot)
    at = parse_time(source["at"])
    made: list[Made] = []
    monkeypatch.setenv("MOTO_ECS_SERVICE_RUNNING", "2")  # the stack's desired count
    apply_into_moto(
        out,
        {**supply(plan, DRILL, {}, made.append), "dns_cutover": True},
        tags={DRILL_TAG: DRILL},
    )
    cairn(capsys, "crawl", "--region", TARGET_REGION)

    # As a drill sees it (no cutover): the records are left out on both sides.
    drilled = restored_assets(store, DRILL, TARGET_REGION, now_ms())
    alike = compare(store, at, source["assets"], drilled, "-dr", left_out=not_created(plan))
    assert alike.passed, json.dumps(alike.document(), indent=1)
    kinds = alike.document()["kinds"]
    assert kinds["AWS::EC2::SecurityGroup"] == {"source": 3, "restored": 3}
    assert kinds["AWS::IAM::Role"] == {"source": 2, "restored": 2}
    assert "AWS::Route53::RecordSet" not in kinds
    # Cut over, the zone's records (the same resources, moved) are compared too.
    cut_over = not_created(plan, cutover=True)
    alike = compare(store, at, source["assets"], with_records(drilled, source), "-dr",
                    left_out=cut_over)  # fmt: skip
    assert alike.passed, json.dumps(alike.document(), indent=1)
    assert alike.kinds["AWS::Route53::RecordSet"] == (2, 2)

    # The gates of each stage, on the state the apply left.
    state = state_attributes(json.loads(terraform(out, "show", "-json")))
    gates = {
        stage["stage"]: {g.name: g for g in evaluate(stage["stage"], plan, state, TARGET_REGION, 1)}
        for stage in plan["stages"]
    }
    assert all(stages["applied"].passed for name, stages in gates.items() if name != "dns")
    assert gates["identity"]["role app-task-dr"].passed
    assert gates["data"]["db_instance_available app-db"].passed
    assert gates["data"]["database app-db answers"].passed is None  # moto's names resolve nowhere
    assert gates["compute"]["services_stable app-api"].passed
    assert gates["traffic"]["load balancer app-alb answers HTTP"].passed is None
    [dns] = gates["dns"].values()
    assert dns.passed is None

    # A restore that lost a rule, changed a TTL or a policy fails, naming each.
    ec2 = boto3.client("ec2", region_name=TARGET_REGION)
    [group] = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["app-alb"]}])[
        "SecurityGroups"
    ]
    ec2.revoke_security_group_ingress(
        GroupId=group["GroupId"], IpPermissions=group["IpPermissions"]
    )
    boto3.client("iam").put_role_policy(
        RoleName="app-task-dr",
        PolicyName="hotfix-s3-read",
        PolicyDocument=json.dumps(saas.S3_READ).replace("GetObject", "*"),
    )
    shorten_ttl("www.example.com.", 60)
    boto3.client("logs", region_name=TARGET_REGION).delete_log_group(logGroupName=saas.LOG_GROUP)
    cairn(capsys, "crawl", "--region", TARGET_REGION)
    drilled = restored_assets(store, DRILL, TARGET_REGION, now_ms())
    changed = compare(store, at, source["assets"], with_records(drilled, source), "-dr",
                      left_out=cut_over)  # fmt: skip
    assert not changed.passed
    mismatched = {(m.type, m.name, m.attribute): m for m in changed.attributes}
    assert mismatched.keys() == {
        ("AWS::EC2::SecurityGroup", "app-alb", "IpPermissions"),
        ("AWS::IAM::Role", "app-task", "Policies"),
        ("AWS::Route53::RecordSet", "www.example.com.", "TTL"),
    }
    ttl = mismatched[("AWS::Route53::RecordSet", "www.example.com.", "TTL")]
    assert (ttl.source, ttl.restored) == (3600, 60)
    assert "AWS::Logs::LogGroup: 1 in the source, 0 restored" in changed.missing
    assert (
        "AWS::ECS::TaskDefinition app-api:1 -logs-> AWS::Logs::LogGroup /ecs/app-api"
        in changed.missing
    )
    assert changed.document()["passed"] is False


def with_records(restored: list[dict], source: dict) -> list[dict]:
    """The restored application and the zone's records its cutover moved (the same
    resources as the source's: a shared zone), once each."""
    uids = {asset["uid"] for asset in restored}
    records = [a for a in source["assets"] if a["type"] == RECORD_SET and a["uid"] not in uids]
    return [*restored, *records]


def shorten_ttl(name: str, ttl: int) -> None:
    route53 = boto3.client("route53")
    [zone] = route53.list_hosted_zones()["HostedZones"]
    [record] = [
        r
        for r in route53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]
        if r["Name"] == name
    ]
    route53.change_resource_record_sets(
        HostedZoneId=zone["Id"],
        ChangeBatch={
            "Changes": [{"Action": "UPSERT", "ResourceRecordSet": {**record, "TTL": ttl}}]
        },
    )
