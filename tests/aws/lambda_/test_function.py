"""AWS::Lambda::Function from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from catalog.aws.ec2 import SECURITY_GROUP, SUBNET
from catalog.aws.kms import KEY
from catalog.aws.lambda_ import LAYER_VERSION, function
from catalog.aws.logs import LOG_GROUP
from catalog.aws.sns import TOPIC
from catalog.aws.spec import Scope, extract
from catalog.aws.sqs import QUEUE
from tests.aws.ec2 import test_subnet
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip
from tests.test_aws_data_services import handler_zip

DECLARATION = function.TYPE
RECORDING = Path(__file__).with_name("function.json")
ACCOUNT = "123456789012"
ENV_VALUE = "env-token-value-8e2b7d"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def build() -> None:
    test_subnet.build()
    ec2 = boto3.client("ec2", region_name=REGION)
    [vpc] = ec2.describe_vpcs()["Vpcs"]
    [subnet] = ec2.describe_subnets()["Subnets"]
    group = ec2.create_security_group(
        GroupName="app-worker", Description="worker", VpcId=vpc["VpcId"]
    )["GroupId"]
    role = boto3.client("iam").create_role(
        RoleName="app-worker", AssumeRolePolicyDocument=json.dumps(TRUST)
    )["Role"]["Arn"]
    key = boto3.client("kms", region_name=REGION).create_key(Description="app worker")
    awslambda = boto3.client("lambda", region_name=REGION)
    layer = awslambda.publish_layer_version(
        LayerName="app-deps", Content={"ZipFile": handler_zip()}, CompatibleRuntimes=["python3.12"]
    )["LayerVersionArn"]
    awslambda.create_function(
        FunctionName="app-worker",
        Runtime="python3.12",
        Role=role,
        Handler="handler.handle",
        Code={"ZipFile": handler_zip()},
        Environment={"Variables": {"TOKEN": ENV_VALUE, "LOG_LEVEL": "info"}},
        KMSKeyArn=key["KeyMetadata"]["Arn"],
        VpcConfig={"SubnetIds": [subnet["SubnetId"]], "SecurityGroupIds": [group]},
        Layers=[layer],
        Tags={"Project": "app-infra"},
    )


def test_a_function_keeps_environment_names_only_and_refers_to_role_network_key_and_layer():
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert (observed.name, observed.tags) == ("app-worker", {"Project": "app-infra"})
    assert observed.properties["EnvironmentVariableNames"] == ["LOG_LEVEL", "TOKEN"]
    assert ENV_VALUE not in repr(observed.properties)
    assert "Environment" not in observed.properties
    references = result.references()
    role = references[function.EXECUTION_ROLE.path]
    assert (role.target, role.kind) == (f"arn:aws:iam::{ACCOUNT}:role/app-worker", "assumes")
    subnet = references[function.SUBNETS.at(0)]
    assert (subnet.kind, subnet.target_type) == ("network", SUBNET)
    assert references[function.SECURITY_GROUPS.at(0)].target_type == SECURITY_GROUP
    layer = references[function.LAYERS.at(0)]
    assert (layer.target, layer.target_type) == (
        f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:app-deps:1",
        LAYER_VERSION,
    )
    key = references[function.ENCRYPTION_KEY.path]
    assert (key.kind, key.target_type) == ("encryption", KEY)
    assert result.plan is None  # not restored yet
    result.assert_clean()


def test_a_dead_letter_target_is_a_queue_or_a_topic_and_a_log_group_is_named():
    # moto keeps neither DeadLetterConfig nor LoggingConfig: the references are read from
    # properties as AWS returns them.
    scope = Scope(ACCOUNT, REGION, client=lambda service: None)

    def found(target: str) -> dict[str, tuple[str, str | None]]:
        properties = {
            "DeadLetterConfig": {"TargetArn": target},
            "LoggingConfig": {"LogGroup": "/app/worker"},
        }
        references = extract(DECLARATION.references, scope, properties)
        return {ref.field: (ref.target, ref.target_type) for ref in references}

    queue = f"arn:aws:sqs:{REGION}:{ACCOUNT}:app-dead-letters"
    topic = f"arn:aws:sns:{REGION}:{ACCOUNT}:app-failures"
    log_group = (f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/app/worker", LOG_GROUP)
    assert found(queue) == {
        function.DEAD_LETTER_QUEUE.path: (queue, QUEUE),
        function.LOGS.path: log_group,
    }
    assert found(topic)[function.DEAD_LETTER_TOPIC.path] == (topic, TOPIC)
