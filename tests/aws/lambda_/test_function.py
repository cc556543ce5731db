"""AWS::Lambda::Function from a recorded crawl (see tests/aws/roundtrip.py)."""

from __future__ import annotations

from pathlib import Path

import boto3

from catalog.aws.ec2 import SECURITY_GROUP, SUBNET, security_group, subnet
from catalog.aws.events import RULE, rule
from catalog.aws.iam import ROLE, role
from catalog.aws.kms import KEY
from catalog.aws.lambda_ import LAYER_VERSION, function
from catalog.aws.logs import LOG_GROUP
from catalog.aws.sns import TOPIC, topic
from catalog.aws.spec import Scope, extract
from catalog.aws.sqs import QUEUE
from catalog.model import Observation, Reference
from catalog.restore.runbook import render_runbook
from catalog.secrets import digest
from tests.aws.ec2 import security_group as new_group
from tests.aws.ec2 import test_subnet
from tests.aws.kms import build_key
from tests.aws.lambda_ import build_worker
from tests.aws.moto import REGION
from tests.aws.roundtrip import Roundtrip, roundtrip
from tests.test_aws_data_services import handler_zip

DECLARATION = function.TYPE
RECORDING = Path(__file__).with_name("function.json")
WITH = [role.TYPE, subnet.TYPE, security_group.TYPE, topic.TYPE, rule.TYPE]
ACCOUNT = "123456789012"
ENV_VALUE = "env-token-value-8e2b7d"
TOPIC_ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:app-jobs"
IMAGE_URI = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/app-images:v1"
RULE_ARN = f"arn:aws:events:{REGION}:{ACCOUNT}:rule/app-nightly"


def build_image_function() -> None:
    """A function run from a container image: its URI is an artifact of the restore."""
    boto3.client("ecr", region_name=REGION).create_repository(repositoryName="app-images")
    boto3.client("lambda", region_name=REGION).create_function(
        FunctionName="app-images",
        Role=boto3.client("iam").get_role(RoleName="app-worker")["Role"]["Arn"],
        PackageType="Image",
        Code={"ImageUri": IMAGE_URI},
    )


def build() -> None:
    test_subnet.build()
    [subnet] = boto3.client("ec2", region_name=REGION).describe_subnets()["Subnets"]
    awslambda = boto3.client("lambda", region_name=REGION)
    layer = awslambda.publish_layer_version(
        LayerName="app-deps", Content={"ZipFile": handler_zip()}, CompatibleRuntimes=["python3.12"]
    )["LayerVersionArn"]
    build_worker(
        Environment={"Variables": {"TOKEN": ENV_VALUE, "LOG_LEVEL": "info"}},
        KMSKeyArn=build_key(),
        VpcConfig={
            "SubnetIds": [subnet["SubnetId"]],
            "SecurityGroupIds": [new_group("app-worker")],
        },
        Layers=[layer],
        MemorySize=512,
        Timeout=30,
        Tags={"Project": "app-infra"},
    )
    awslambda.put_function_concurrency(FunctionName="app-worker", ReservedConcurrentExecutions=5)
    version = awslambda.publish_version(FunctionName="app-worker")["Version"]
    awslambda.create_alias(FunctionName="app-worker", Name="live", FunctionVersion=version)
    topic_arn = boto3.client("sns", region_name=REGION).create_topic(Name="app-jobs")["TopicArn"]
    awslambda.add_permission(
        FunctionName="app-worker",
        StatementId="from-jobs",
        Action="lambda:InvokeFunction",
        Principal="sns.amazonaws.com",
        SourceArn=topic_arn,
    )
    build_image_function()
    rule = boto3.client("events", region_name=REGION).put_rule(
        Name="app-nightly", ScheduleExpression="rate(1 day)"
    )["RuleArn"]
    awslambda.add_permission(
        FunctionName="app-worker",
        Qualifier="live",
        StatementId="nightly",
        Action="lambda:InvokeFunction",
        Principal="events.amazonaws.com",
        SourceArn=rule,
    )


def named(result: Roundtrip, name: str) -> Observation:
    [observed] = [o for o in result.observations if o.name == name]
    return observed


def test_a_function_keeps_plain_environment_values_and_refers_to_role_network_key_and_layer():
    # list_functions answers with the values: the read drops a secret one at once.
    assert ENV_VALUE in RECORDING.read_text()
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    observed = named(result, "app-worker")
    assert (observed.name, observed.tags) == ("app-worker", {"Project": "app-infra"})
    assert observed.properties["Environment"] == [
        {"Name": "LOG_LEVEL", "Value": "info"},
        {"Name": "TOKEN", "Secret": "name TOKEN", "ValueDigest": digest(ENV_VALUE)},
    ]
    assert ENV_VALUE not in repr(observed.properties)
    assert observed.properties["ReservedConcurrentExecutions"] == 5
    assert observed.properties["Aliases"] == [
        {"Name": "live", "FunctionVersion": "1", "Description": ""}
    ]
    vpc = observed.properties["VpcConfig"]
    [subnet_id], [group] = vpc["SubnetIds"], vpc["SecurityGroupIds"]
    prefix = f"aws:{ACCOUNT}:{REGION}"
    assert set(observed.references) == {
        Reference(function.EXECUTION_ROLE.path, observed.properties["Role"], "assumes", ROLE),
        Reference(function.SUBNETS.at(0), f"{prefix}:{SUBNET}:{subnet_id}", "network", SUBNET),
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
        Reference(function.SOURCE_TOPIC.at(0), TOPIC_ARN, "invoked-by", TOPIC),
        Reference(function.SOURCE_RULE.at(1), RULE_ARN, "invoked-by", RULE),
    }
    result.assert_clean()


def test_a_function_is_restored_with_its_package_environment_aliases_and_permissions():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    hcl = result.hcl()
    sha = named(result, "app-worker").properties["CodeSha256"]
    assert sha in hcl  # in the package variable's description
    assert 'function_name                  = "app-worker"' in hcl
    assert "role                           = aws_iam_role.app_worker.arn" in hcl
    package = 'startswith(var.app_worker_package, "s3://")'
    assert f"filename                       = {package} ? null : var.app_worker_package" in hcl
    assert f'{package} ? regex("^s3://([^/]+)/", var.app_worker_package)[0] : null' in hcl
    assert "reserved_concurrent_executions = 5" in hcl
    assert "publish                        = true" in hcl
    # The layer and the key are not in the plan: variables by the outside rule.
    assert "layers                         = [var." in hcl
    assert "kms_key_arn                    = var." in hcl
    assert "TOKEN     = var.app_worker_env_token" in hcl
    assert 'LOG_LEVEL = "info"' in hcl
    assert "subnet_ids         = [aws_subnet." in hcl
    assert "function_version = aws_lambda_function.app_worker.version" in hcl
    assert "source_arn    = aws_sns_topic.app_jobs.arn" in hcl
    assert 'principal     = "sns.amazonaws.com"' in hcl
    # The alias's own permission, on the alias.
    assert "qualifier     = aws_lambda_alias.app_worker_alias_live.name" in hcl
    assert "source_arn    = aws_cloudwatch_event_rule.app_nightly.arn" in hcl
    purposes = {v.name: (v.purpose, v.sensitive) for v in result.plan.variables}
    assert purposes["app_worker_package"] == ("artifact", False)
    assert purposes["app_worker_env_token"] == ("secret_value", True)
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


def test_the_runbook_says_how_to_check_the_package_against_the_captured_hash():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    assert result.plan is not None
    sha = named(result, "app-worker").properties["CodeSha256"]
    runbook = render_runbook(result.plan)
    assert "### Check the package of aws\\_lambda\\_function.app\\_worker" in runbook
    assert f"the SHA-256 below must print {sha}." in runbook
    assert "openssl dgst -sha256 -binary PACKAGE.zip | base64\n" in runbook


def test_an_image_function_takes_its_image_uri_as_an_artifact():
    result = roundtrip(DECLARATION, RECORDING, with_types=WITH)
    assert result.plan is not None
    image = named(result, "app-images")
    assert image.properties["PackageType"] == "Image"
    hcl = result.hcl()
    assert 'package_type  = "Image"' in hcl
    assert "image_uri     = var.app_images_image_uri" in hcl
    purposes = {v.name: v.purpose for v in result.plan.variables}
    assert purposes["app_images_image_uri"] == "artifact"
    runbook = render_runbook(result.plan)
    assert f"its digest must be sha256:{image.properties['CodeSha256']}." in runbook
