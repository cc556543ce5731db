"""The runbook's gates evaluated against real (moto) resources: each passes on what the
plan asked for, fails naming what is missing, and says why when it cannot be verified
from where the drill runs."""

from __future__ import annotations

import json
import socket

import boto3
import pytest

from catalog.aws.acm import CERTIFICATE
from catalog.aws.ecs import SERVICE
from catalog.aws.elbv2 import LOAD_BALANCER, TARGET_GROUP
from catalog.aws.iam import ROLE
from catalog.aws.rds import DB_INSTANCE
from catalog.drill.gates import GateResult, answers, evaluate
from catalog.errors import CairnError

REGION = "us-west-2"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
         "Action": "sts:AssumeRole"}
    ],
}  # fmt: skip
READ = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "*"}]}  # fmt: skip


def planned(stage: str, *resources: tuple[str, str, list[str]]) -> dict:
    """A plan.json with one stage of (type, address, blocks)."""
    return {
        "stages": [
            {
                "stage": stage,
                "resources": [
                    {"uid": address, "type": kind, "address": address, "blocks": blocks}
                    for kind, address, blocks in resources
                ],
            }
        ]
    }


def outcomes(results: list[GateResult]) -> dict[str, tuple[bool | None, str]]:
    return {result.name: (result.passed, result.detail) for result in results}


def test_identity_gate_finds_each_role_with_its_policies(aws):
    iam = boto3.client("iam")
    iam.create_role(RoleName="app-task-dr", AssumeRolePolicyDocument=json.dumps(TRUST))
    iam.put_role_policy(
        RoleName="app-task-dr", PolicyName="hotfix-s3-read", PolicyDocument=json.dumps(READ)
    )
    policy = iam.create_policy(PolicyName="assets-read", PolicyDocument=json.dumps(READ))
    arn = policy["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="app-task-dr", PolicyArn=arn)
    blocks = ["aws_iam_role.app_task", "aws_iam_role_policy.app_task_hotfix_s3_read",
              "aws_iam_role_policy_attachment.app_task_0"]  # fmt: skip
    plan = planned("identity", (ROLE, "aws_iam_role.app_task", blocks))
    state = {
        "aws_iam_role.app_task": {"name": "app-task-dr"},
        "aws_iam_role_policy.app_task_hotfix_s3_read": {
            "role": "app-task-dr",
            "name": "hotfix-s3-read",
        },
        "aws_iam_role_policy_attachment.app_task_0": {"role": "app-task-dr", "policy_arn": arn},
    }

    passed = outcomes(evaluate("identity", plan, state, REGION))
    assert passed == {
        "applied": (True, "all 3 planned blocks are in the state"),
        "role app-task-dr": (True, f"exists with policies hotfix-s3-read, {arn}"),
    }

    iam.delete_role_policy(RoleName="app-task-dr", PolicyName="hotfix-s3-read")
    del state["aws_iam_role_policy_attachment.app_task_0"]
    failed = outcomes(evaluate("identity", plan, state, REGION))
    assert failed == {
        "applied": (False, "not in the state: aws_iam_role_policy_attachment.app_task_0"),
        "role app-task-dr": (False, "without its policies hotfix-s3-read"),
    }


def test_data_gate_waits_for_the_database_and_tries_to_reach_it(aws):
    rds = boto3.client("rds", region_name=REGION)
    found = rds.create_db_instance(
        DBInstanceIdentifier="app-db", DBInstanceClass="db.t3.micro", Engine="postgres",
        MasterUsername="app", MasterUserPassword="throwaway-1", AllocatedStorage=20,
    )["DBInstance"]  # fmt: skip
    plan = planned("data", (DB_INSTANCE, "aws_db_instance.app_db", ["aws_db_instance.app_db"]))
    state = {"aws_db_instance.app_db": {"identifier": "app-db", "port": 5432,
             "address": found["Endpoint"]["Address"]}}  # fmt: skip

    results = evaluate("data", plan, state, REGION, timeout_s=1)
    gates = outcomes(results)
    assert gates["db_instance_available app-db"] == (
        True,
        "aws rds wait db-instance-available --db-instance-identifier app-db",
    )
    # moto's endpoint names resolve nowhere: not verifiable from here, and said so.
    passed, detail = gates["database app-db answers"]
    assert passed is None and "does not resolve from here" in detail
    assert all(result.seconds >= 0 for result in results)

    state["aws_db_instance.app_db"] = {**state["aws_db_instance.app_db"], "identifier": "gone"}
    passed, detail = outcomes(evaluate("data", plan, state, REGION, timeout_s=1))[
        "db_instance_available gone"
    ]
    assert passed is False and "--db-instance-identifier gone" in detail


def test_a_database_answering_is_a_tcp_connection():
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        assert answers("127.0.0.1", port) == (True, f"127.0.0.1:{port} accepts connections")
    passed, detail = answers("127.0.0.1", port)  # closed now
    assert passed is None and "is not reachable from here" in detail


def test_compute_gate_waits_for_services_to_be_stable(aws, monkeypatch):
    ecs = boto3.client("ecs", region_name=REGION)
    cluster = ecs.create_cluster(clusterName="app")["cluster"]["clusterArn"]
    definition = ecs.register_task_definition(
        family="app-api", containerDefinitions=[{"name": "api", "image": "nginx", "memory": 256}]
    )["taskDefinition"]["taskDefinitionArn"]
    # moto runs no task unless told how many: a service of two never gets stable.
    ecs.create_service(cluster="app", serviceName="api", taskDefinition=definition, desiredCount=2)
    plan = planned("compute", (SERVICE, "aws_ecs_service.api", ["aws_ecs_service.api"]))
    state = {"aws_ecs_service.api": {"cluster": cluster, "name": "api"}}
    passed, detail = outcomes(evaluate("compute", plan, state, REGION, timeout_s=1))[
        "services_stable api"
    ]
    assert passed is False
    assert detail.startswith(f"aws ecs wait services-stable --cluster {cluster} --services api")

    monkeypatch.setenv("MOTO_ECS_SERVICE_RUNNING", "2")  # the moto server runs in-process
    ecs.create_service(cluster="app", serviceName="web", taskDefinition=definition, desiredCount=2)
    state["aws_ecs_service.api"] = {"cluster": cluster, "name": "web"}
    assert outcomes(evaluate("compute", plan, state, REGION, timeout_s=1))["services_stable web"][0]


def test_traffic_gate_reads_target_health_certificates_and_the_load_balancer(aws):
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.1.{i}.0/24", AvailabilityZone=f"{REGION}{z}")[
            "Subnet"
        ]["SubnetId"]
        for i, z in enumerate("ab")
    ]
    elbv2 = boto3.client("elbv2", region_name=REGION)
    group = elbv2.create_target_group(Name="app-api", Protocol="HTTP", Port=80, VpcId=vpc)
    balancer = elbv2.create_load_balancer(Name="app-alb", Subnets=subnets)["LoadBalancers"][0]
    certificate = boto3.client("acm", region_name=REGION).request_certificate(
        DomainName="api.example.com", ValidationMethod="DNS"
    )["CertificateArn"]
    plan = planned(
        "traffic",
        (TARGET_GROUP, "aws_lb_target_group.app_api", ["aws_lb_target_group.app_api"]),
        (LOAD_BALANCER, "aws_lb.app_alb", ["aws_lb.app_alb"]),
        (CERTIFICATE, "aws_acm_certificate.api", ["aws_acm_certificate.api"]),
    )
    state = {
        "aws_lb_target_group.app_api": {
            "arn": group["TargetGroups"][0]["TargetGroupArn"],
            "name": "app-api",
        },
        "aws_lb.app_alb": {"name": "app-alb", "dns_name": balancer["DNSName"], "internal": False},
        "aws_acm_certificate.api": {"arn": certificate, "domain_name": "api.example.com"},
    }
    gates = outcomes(evaluate("traffic", plan, state, REGION))
    assert gates["targets of app-api healthy"] == (
        None,
        "no target is registered yet (what registers them has not run)",
    )
    # Requested just now and never validated (no DNS records for it): not issued.
    assert gates["certificate api.example.com issued"] == (False, "status PENDING_VALIDATION")
    passed, detail = gates["load balancer app-alb answers HTTP"]
    assert passed is None and "does not resolve from here" in detail

    # A running instance registered is healthy (in moto); stopped, the gate fails.
    instance = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1,
                                 SubnetId=subnets[0])["Instances"][0]["InstanceId"]  # fmt: skip
    target_group = state["aws_lb_target_group.app_api"]["arn"]
    elbv2.register_targets(TargetGroupArn=target_group, Targets=[{"Id": instance}])
    healthy = outcomes(evaluate("traffic", plan, state, REGION))["targets of app-api healthy"]
    assert healthy == (True, "1 healthy")
    ec2.stop_instances(InstanceIds=[instance])
    stopped = outcomes(evaluate("traffic", plan, state, REGION))["targets of app-api healthy"]
    assert stopped == (False, "states: unused")


def test_dns_is_never_cut_over_by_a_drill_and_stages_are_checked(aws):
    [gate] = evaluate("dns", {"stages": []}, {}, REGION)
    assert gate.passed is None and "dns_cutover stays false" in gate.detail
    with pytest.raises(CairnError, match="no stage 'nope'"):
        evaluate("nope", {"stages": []}, {}, REGION)
