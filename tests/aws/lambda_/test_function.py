"""AWS::Lambda::Function from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from catalog.aws.ec2 import SECURITY_GROUP, SUBNET
from catalog.aws.iam import ROLE
from catalog.aws.kms import KEY
from catalog.aws.lambda_ import LAYER_VERSION, function
from catalog.aws.logs import LOG_GROUP
from catalog.aws.sns import TOPIC
from catalog.aws.spec import Scope, extract
from catalog.aws.sqs import QUEUE
from catalog.model import Reference
from tests.aws.ec2 import security_group, test_subnet
from tests.aws.iam import trust
from tests.aws.kms import build_key
from tests.aws.moto import REGION
from tests.aws.roundtrip import roundtrip
from tests.test_aws_data_services import handler_zip

DECLARATION = function.TYPE
RECORDING = Path(__file__).with_name("function.json")
ACCOUNT = "123456789012"
ENV_VALUE = "env-token-value-8e2b7d"


def build() -> None:
    test_subnet.build()
    [subnet] = boto3.client("ec2", region_name=REGION).describe_subnets()["Subnets"]
    role = boto3.client("iam").create_role(
        RoleName="app-worker", AssumeRolePolicyDocument=json.dumps(trust("lambda.amazonaws.com"))
    )["Role"]["Arn"]
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
        KMSKeyArn=build_key(),
        VpcConfig={
            "SubnetIds": [subnet["SubnetId"]],
            "SecurityGroupIds": [security_group("app-worker")],
        },
        Layers=[layer],
        Tags={"Project": "app-infra"},
    )


def test_a_function_keeps_environment_names_only_and_refers_to_role_network_key_and_layer():
    # list_functions answers with the values: the read drops them at once.
    assert ENV_VALUE in RECORDING.read_text()
    result = roundtrip(DECLARATION, RECORDING)
    observed = result.only()
    assert (observed.name, observed.tags) == ("app-worker", {"Project": "app-infra"})
    assert observed.properties["EnvironmentVariableNames"] == ["LOG_LEVEL", "TOKEN"]
    assert ENV_VALUE not in repr(observed.properties)
    assert "Environment" not in observed.properties
    vpc = observed.properties["VpcConfig"]
    [subnet], [group] = vpc["SubnetIds"], vpc["SecurityGroupIds"]
    prefix = f"aws:{ACCOUNT}:{REGION}"
    assert set(observed.references) == {
        Reference(function.EXECUTION_ROLE.path, observed.properties["Role"], "assumes", ROLE),
        Reference(function.SUBNETS.at(0), f"{prefix}:{SUBNET}:{subnet}", "network", SUBNET),
        Reference(
            function.SECURITY_GROUPS.at(0),
            f"{prefix}:{SECURITY_GROUP}:{group}",
            "network",
            SECURITY_GROUP,
        ),
        Reference(
            function.LAYERS.at(0),
            f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:app-deps:1",
            "layer",
            LAYER_VERSION,
        ),
        Reference(function.ENCRYPTION.path, observed.properties["KMSKeyArn"], "encryption", KEY),
    }
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
