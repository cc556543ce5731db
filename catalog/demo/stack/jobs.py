"""A second application, unlike the SaaS one: a web tier of EC2 instances in an Auto Scaling
group behind an ALB, a Lambda worker fed by an SQS queue and an EventBridge schedule, a
DynamoDB table, an ECS service scaled by Application Auto Scaling, one KMS key for all of
it, and an ECR repository. Built in moto through the real AWS APIs.

It is what the restore must bring back whole: compute, functions, keys, images, queues,
events, tables and scaling, each referring to the others.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

import boto3

REGION = "us-east-1"
PROJECT = "app-jobs"
TAGS = [{"Key": "Project", "Value": PROJECT}, {"Key": "Environment", "Value": "production"}]
TAG_MAP = {tag["Key"]: tag["Value"] for tag in TAGS}
WEB_USER_DATA = "#!/bin/bash\nsystemctl start jobs-web\n"
WORKER_CODE = "def handle(event, context):\n    return len(event.get('Records', []))\n"


def trust(service: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
            ],
        }
    )


@dataclass
class JobsStack:
    vpc: str = ""
    public_subnets: list[str] = field(default_factory=list)
    private_subnets: list[str] = field(default_factory=list)
    security_groups: dict[str, str] = field(default_factory=dict)
    key_arn: str = ""
    repository_url: str = ""
    instance_profile_arn: str = ""
    worker_role_arn: str = ""
    execution_role_arn: str = ""
    launch_template: str = ""
    target_group_arn: str = ""
    load_balancer_arn: str = ""
    auto_scaling_group: str = ""
    queue_url: str = ""
    queue_arn: str = ""
    dead_letter_arn: str = ""
    function_arn: str = ""
    rule_arn: str = ""
    table_arn: str = ""
    cluster_arn: str = ""
    service_arn: str = ""


def tagged(resource_type: str, name: str) -> list[dict[str, Any]]:
    return [{"ResourceType": resource_type, "Tags": [*TAGS, {"Key": "Name", "Value": name}]}]


def client(service: str, region: str) -> Any:
    return boto3.client(service, region_name=region)


def build(region: str = REGION) -> JobsStack:
    stack = JobsStack()
    build_network(client("ec2", region), stack, region)
    build_key(client("kms", region), stack)
    build_identity(client("iam", region), stack)
    build_web_tier(region, stack)
    build_worker(region, stack)
    build_table(client("dynamodb", region), stack)
    build_api_service(region, stack)
    return stack


def build_network(ec2: Any, stack: JobsStack, region: str) -> None:
    stack.vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16", TagSpecifications=tagged("vpc", PROJECT))[
        "Vpc"
    ]["VpcId"]
    for index, (kind, zone) in enumerate(
        [("public", "a"), ("public", "b"), ("private", "a"), ("private", "b")]
    ):
        subnet = ec2.create_subnet(
            VpcId=stack.vpc,
            CidrBlock=f"10.20.{index}.0/24",
            AvailabilityZone=f"{region}{zone}",
            TagSpecifications=tagged("subnet", f"{PROJECT}-{kind}-{zone}"),
        )["Subnet"]["SubnetId"]
        (stack.public_subnets if kind == "public" else stack.private_subnets).append(subnet)
    gateway = ec2.create_internet_gateway(TagSpecifications=tagged("internet-gateway", PROJECT))[
        "InternetGateway"
    ]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=stack.vpc)
    table = ec2.create_route_table(
        VpcId=stack.vpc, TagSpecifications=tagged("route-table", f"{PROJECT}-public")
    )["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    for subnet in stack.public_subnets:
        ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
    for name in ("alb", "web", "worker"):
        stack.security_groups[name] = ec2.create_security_group(
            GroupName=f"{PROJECT}-{name}",
            Description=f"{PROJECT} {name}",
            VpcId=stack.vpc,
            TagSpecifications=tagged("security-group", f"{PROJECT}-{name}"),
        )["GroupId"]
    groups = stack.security_groups
    ec2.authorize_security_group_ingress(
        GroupId=groups["alb"], IpProtocol="tcp", FromPort=80, ToPort=80, CidrIp="0.0.0.0/0"
    )
    ec2.authorize_security_group_ingress(
        GroupId=groups["web"],
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 8080,
                "ToPort": 8080,
                "UserIdGroupPairs": [{"GroupId": groups["alb"]}],
            }
        ],
    )


def build_key(kms: Any, stack: JobsStack) -> None:
    """One customer key encrypts the queue, the table and the function's environment."""
    key = kms.create_key(
        Description=f"{PROJECT} data",
        Tags=[{"TagKey": k, "TagValue": v} for k, v in TAG_MAP.items()],
    )["KeyMetadata"]
    kms.enable_key_rotation(KeyId=key["KeyId"])
    kms.create_alias(AliasName=f"alias/{PROJECT}", TargetKeyId=key["KeyId"])
    stack.key_arn = key["Arn"]


def build_identity(iam: Any, stack: JobsStack) -> None:
    iam.create_role(RoleName=f"{PROJECT}-web", AssumeRolePolicyDocument=trust("ec2.amazonaws.com"))
    stack.instance_profile_arn = iam.create_instance_profile(InstanceProfileName=f"{PROJECT}-web")[
        "InstanceProfile"
    ]["Arn"]
    iam.add_role_to_instance_profile(
        InstanceProfileName=f"{PROJECT}-web", RoleName=f"{PROJECT}-web"
    )
    # Long batch jobs: the worker's sessions last four hours, not the one-hour default.
    stack.worker_role_arn = iam.create_role(
        RoleName=f"{PROJECT}-worker",
        AssumeRolePolicyDocument=trust("lambda.amazonaws.com"),
        Description="Runs the jobs worker",
        MaxSessionDuration=4 * 3600,
    )["Role"]["Arn"]
    stack.execution_role_arn = iam.create_role(
        RoleName=f"{PROJECT}-task-execution",
        AssumeRolePolicyDocument=trust("ecs-tasks.amazonaws.com"),
    )["Role"]["Arn"]


def build_web_tier(region: str, stack: JobsStack) -> None:
    """Instances from a launch template, in an Auto Scaling group behind an ALB."""
    ec2, elbv2 = client("ec2", region), client("elbv2", region)
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    stack.launch_template = ec2.create_launch_template(
        LaunchTemplateName=f"{PROJECT}-web",
        LaunchTemplateData={
            "ImageId": image,
            "InstanceType": "t3.small",
            "IamInstanceProfile": {"Arn": stack.instance_profile_arn},
            "SecurityGroupIds": [stack.security_groups["web"]],
            "UserData": _base64(WEB_USER_DATA),
            "MetadataOptions": {"HttpTokens": "required"},
        },
        TagSpecifications=tagged("launch-template", f"{PROJECT}-web"),
    )["LaunchTemplate"]["LaunchTemplateId"]
    stack.target_group_arn = elbv2.create_target_group(
        Name=f"{PROJECT}-web",
        Protocol="HTTP",
        Port=8080,
        VpcId=stack.vpc,
        TargetType="instance",
        HealthCheckPath="/health",
        Tags=TAGS,
    )["TargetGroups"][0]["TargetGroupArn"]
    balancer = elbv2.create_load_balancer(
        Name=f"{PROJECT}-web",
        Subnets=stack.public_subnets,
        SecurityGroups=[stack.security_groups["alb"]],
        Scheme="internet-facing",
        Type="application",
        Tags=TAGS,
    )["LoadBalancers"][0]
    stack.load_balancer_arn = balancer["LoadBalancerArn"]
    elbv2.create_listener(
        LoadBalancerArn=stack.load_balancer_arn,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": stack.target_group_arn}],
    )
    build_auto_scaling_group(client("autoscaling", region), stack)


def build_auto_scaling_group(autoscaling: Any, stack: JobsStack) -> None:
    stack.auto_scaling_group = f"{PROJECT}-web"
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName=stack.auto_scaling_group,
        LaunchTemplate={"LaunchTemplateId": stack.launch_template, "Version": "$Latest"},
        MinSize=1,
        MaxSize=4,
        DesiredCapacity=1,
        VPCZoneIdentifier=",".join(stack.private_subnets),
        TargetGroupARNs=[stack.target_group_arn],
        HealthCheckType="ELB",
        HealthCheckGracePeriod=120,
        Tags=[
            {"Key": key, "Value": value, "PropagateAtLaunch": True}
            for key, value in TAG_MAP.items()
        ],
    )
    autoscaling.put_scaling_policy(
        AutoScalingGroupName=stack.auto_scaling_group,
        PolicyName="cpu-50",
        PolicyType="TargetTrackingScaling",
        TargetTrackingConfiguration={
            "PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
            "TargetValue": 50.0,
        },
    )
    autoscaling.put_scheduled_update_group_action(
        AutoScalingGroupName=stack.auto_scaling_group,
        ScheduledActionName="business-hours",
        Recurrence="0 7 * * MON-FRI",
        MinSize=2,
    )
    autoscaling.put_lifecycle_hook(
        AutoScalingGroupName=stack.auto_scaling_group,
        LifecycleHookName="drain",
        LifecycleTransition="autoscaling:EC2_INSTANCE_TERMINATING",
        HeartbeatTimeout=300,
        DefaultResult="CONTINUE",
    )


def build_worker(region: str, stack: JobsStack) -> None:
    """A Lambda worker reading a queue (with a dead-letter queue), and a schedule."""
    sqs, awslambda = client("sqs", region), client("lambda", region)
    encrypted = {"KmsMasterKeyId": stack.key_arn}
    dead_letter = sqs.create_queue(
        QueueName=f"{PROJECT}-dead-letter", tags=TAG_MAP, Attributes=encrypted
    )["QueueUrl"]
    stack.dead_letter_arn = _queue_arn(sqs, dead_letter)
    stack.queue_url = sqs.create_queue(
        QueueName=PROJECT,
        tags=TAG_MAP,
        Attributes={
            **encrypted,
            "VisibilityTimeout": "300",
            "RedrivePolicy": json.dumps(
                {"deadLetterTargetArn": stack.dead_letter_arn, "maxReceiveCount": 5}
            ),
        },
    )["QueueUrl"]
    stack.queue_arn = _queue_arn(sqs, stack.queue_url)
    function = awslambda.create_function(
        FunctionName=f"{PROJECT}-worker",
        Runtime="python3.12",
        Role=stack.worker_role_arn,
        Handler="worker.handle",
        Code={"ZipFile": worker_package()},
        Timeout=300,
        MemorySize=512,
        Environment={"Variables": {"QUEUE_URL": stack.queue_url, "LOG_LEVEL": "info"}},
        KMSKeyArn=stack.key_arn,
        Tags=TAG_MAP,
    )
    stack.function_arn = function["FunctionArn"]
    awslambda.create_event_source_mapping(
        EventSourceArn=stack.queue_arn, FunctionName=stack.function_arn, BatchSize=10
    )
    build_schedule(client("events", region), awslambda, stack)


def build_schedule(events: Any, awslambda: Any, stack: JobsStack) -> None:
    stack.rule_arn = events.put_rule(
        Name=f"{PROJECT}-nightly", ScheduleExpression="cron(0 2 * * ? *)", Tags=TAGS
    )["RuleArn"]
    events.put_targets(
        Rule=f"{PROJECT}-nightly", Targets=[{"Id": "worker", "Arn": stack.function_arn}]
    )
    awslambda.add_permission(
        FunctionName=f"{PROJECT}-worker",
        StatementId="nightly-schedule",
        Action="lambda:InvokeFunction",
        Principal="events.amazonaws.com",
        SourceArn=stack.rule_arn,
    )


def build_table(dynamodb: Any, stack: JobsStack) -> None:
    table = dynamodb.create_table(
        TableName=f"{PROJECT}-state",
        KeySchema=[{"AttributeName": "job", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "job", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": stack.key_arn},
        Tags=TAGS,
    )["TableDescription"]
    stack.table_arn = table["TableArn"]
    dynamodb.update_continuous_backups(
        TableName=f"{PROJECT}-state",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
    )


def build_api_service(region: str, stack: JobsStack) -> None:
    """A Fargate service whose image lives in the application's own ECR repository, scaled
    between one and four tasks by Application Auto Scaling."""
    ecr, ecs = client("ecr", region), client("ecs", region)
    repository = ecr.create_repository(repositoryName=f"{PROJECT}/api", tags=TAGS)["repository"]
    stack.repository_url = repository["repositoryUri"]
    ecr.put_lifecycle_policy(
        repositoryName=f"{PROJECT}/api",
        lifecyclePolicyText=json.dumps(
            {
                "rules": [
                    {
                        "rulePriority": 1,
                        "selection": {
                            "tagStatus": "untagged",
                            "countType": "imageCountMoreThan",
                            "countNumber": 10,
                        },
                        "action": {"type": "expire"},
                    }
                ]
            }
        ),
    )
    ecs_tags = [{"key": k, "value": v} for k, v in TAG_MAP.items()]
    stack.cluster_arn = ecs.create_cluster(clusterName=PROJECT, tags=ecs_tags)["cluster"][
        "clusterArn"
    ]
    definition = ecs.register_task_definition(
        family=f"{PROJECT}-api",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        executionRoleArn=stack.execution_role_arn,
        containerDefinitions=[
            {
                "name": "api",
                "image": f"{stack.repository_url}:1.4.2",
                "portMappings": [{"containerPort": 8080}],
                "essential": True,
            }
        ],
        tags=ecs_tags,
    )["taskDefinition"]["taskDefinitionArn"]
    stack.service_arn = ecs.create_service(
        cluster=PROJECT,
        serviceName=f"{PROJECT}-api",
        taskDefinition=definition,
        desiredCount=1,
        launchType="FARGATE",
        networkConfiguration={
            "awsvpcConfiguration": {
                "subnets": stack.private_subnets,
                "securityGroups": [stack.security_groups["worker"]],
            }
        },
        tags=ecs_tags,
    )["service"]["serviceArn"]
    build_service_scaling(client("application-autoscaling", region), stack)


def build_service_scaling(scaling: Any, stack: JobsStack) -> None:
    resource = f"service/{PROJECT}/{PROJECT}-api"
    scaling.register_scalable_target(
        ServiceNamespace="ecs",
        ResourceId=resource,
        ScalableDimension="ecs:service:DesiredCount",
        MinCapacity=1,
        MaxCapacity=4,
    )
    scaling.put_scaling_policy(
        PolicyName="api-cpu-60",
        ServiceNamespace="ecs",
        ResourceId=resource,
        ScalableDimension="ecs:service:DesiredCount",
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 60.0,
            "PredefinedMetricSpecification": {
                "PredefinedMetricType": "ECSServiceAverageCPUUtilization"
            },
        },
    )


def worker_package() -> bytes:
    """The worker's deployment package: a zip holding worker.py."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("worker.py", WORKER_CODE)
    return buffer.getvalue()


def _queue_arn(sqs: Any, url: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]


def _base64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()
