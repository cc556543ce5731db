"""S3, CloudWatch Logs, Lambda, Secrets Manager, KMS and ECR crawled from moto over HTTP."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

import boto3
import pytest
from botocore.exceptions import ClientError

from catalog.aws.crawler import crawl
from catalog.aws.ecr import replication_configuration as ecr_replication
from catalog.aws.ecr import repository as ecr_repository
from catalog.aws.kms import key as key_type
from catalog.aws.lambda_ import function as lambda_function
from catalog.aws.logs import log_group
from catalog.aws.s3 import bucket as s3_bucket
from catalog.aws.secretsmanager import secret as secret_type
from catalog.aws.session import AwsAccount
from catalog.demo.stack import saas
from catalog.graph.reader import GraphReader
from catalog.model import canonical_json
from catalog.secrets import digest

ACCOUNT = "123456789012"
REGION = saas.REGION
TYPES = [
    s3_bucket.TYPE,
    log_group.TYPE,
    lambda_function.TYPE,
    secret_type.TYPE,
    key_type.TYPE,
    ecr_repository.TYPE,
    ecr_replication.TYPE,
]
SECRET_VALUE = "s3cr3t-db-password-4f9a1c"
ENV_VALUE = "env-token-value-8e2b7d"
BUCKET = "app-assets"
LIFECYCLE_RULE = {
    "ID": "expire-old-versions",
    "Status": "Enabled",
    "Filter": {"Prefix": "uploads/"},
    "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
}
BUCKET_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    ],
}
ECR_LIFECYCLE = {
    "rules": [
        {
            "rulePriority": 1,
            "selection": {
                "tagStatus": "untagged",
                "countType": "imageCountMoreThan",
                "countNumber": 5,
            },
            "action": {"type": "expire"},
        }
    ]
}


@dataclass
class DataStack:
    network: saas.SaasStack
    key_arn: str
    key_id: str
    secret_arn: str
    function_arn: str
    repository_arn: str


def handler_zip() -> bytes:
    """A deployment package built in memory: moto stores it, never runs it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handle(event, context):\n    return event\n")
    return buffer.getvalue()


def build_key() -> tuple[str, str]:
    client = boto3.client("kms", region_name=REGION)
    key = client.create_key(
        Description="app data", Tags=[{"TagKey": "Project", "TagValue": "app-infra"}]
    )["KeyMetadata"]
    client.create_alias(AliasName="alias/app-data", TargetKeyId=key["KeyId"])
    client.create_alias(AliasName="alias/app-archive", TargetKeyId=key["KeyId"])
    return key["Arn"], key["KeyId"]


def build_buckets(key_arn: str) -> None:
    client = boto3.client("s3", region_name=REGION)
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    client.put_bucket_tagging(Bucket=BUCKET, Tagging={"TagSet": saas.TAGS})
    client.put_bucket_lifecycle_configuration(
        Bucket=BUCKET, LifecycleConfiguration={"Rules": [LIFECYCLE_RULE]}
    )
    client.put_bucket_encryption(
        Bucket=BUCKET,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": key_arn,
                    }
                }
            ]
        },
    )
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(BUCKET_POLICY))
    client.put_public_access_block(
        Bucket=BUCKET,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    # A bare bucket (no optional configuration) and one in another region.
    client.create_bucket(Bucket="app-bare")
    boto3.client("s3", region_name="eu-west-1").create_bucket(
        Bucket="app-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )


def build_log_group(key_arn: str) -> None:
    client = boto3.client("logs", region_name=REGION)
    client.create_log_group(logGroupName="/app/api", kmsKeyId=key_arn, tags={"Project": "app"})
    client.put_retention_policy(logGroupName="/app/api", retentionInDays=30)


def build_secret(key_arn: str) -> str:
    return boto3.client("secretsmanager", region_name=REGION).create_secret(
        Name="app/db",
        Description="database credentials",
        KmsKeyId=key_arn,
        SecretString=json.dumps({"password": SECRET_VALUE}),
        Tags=[{"Key": "Project", "Value": "app-infra"}],
    )["ARN"]


def build_function(network: saas.SaasStack, key_arn: str) -> str:
    client = boto3.client("lambda", region_name=REGION)
    layer = client.publish_layer_version(
        LayerName="app-deps", Content={"ZipFile": handler_zip()}, CompatibleRuntimes=["python3.12"]
    )["LayerVersionArn"]
    return client.create_function(
        FunctionName="app-worker",
        Runtime="python3.12",
        Role=network.task_role_arn,
        Handler="handler.handle",
        Code={"ZipFile": handler_zip()},
        MemorySize=256,
        Timeout=30,
        Architectures=["arm64"],
        Environment={"Variables": {"SECRET_TOKEN": ENV_VALUE, "LOG_LEVEL": "info"}},
        KMSKeyArn=key_arn,
        VpcConfig={
            "SubnetIds": network.private_subnets,
            "SecurityGroupIds": [network.security_groups["ecs-tasks"]],
        },
        Layers=[layer],
        Tags={"Project": "app-infra"},
    )["FunctionArn"]


def build_repository() -> str:
    client = boto3.client("ecr", region_name=REGION)
    arn = client.create_repository(
        repositoryName="app-api",
        imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
        tags=[{"Key": "Project", "Value": "app-infra"}],
    )["repository"]["repositoryArn"]
    client.put_lifecycle_policy(
        repositoryName="app-api", lifecyclePolicyText=json.dumps(ECR_LIFECYCLE)
    )
    client.put_replication_configuration(
        replicationConfiguration={
            "rules": [{"destinations": [{"region": "eu-west-1", "registryId": ACCOUNT}]}]
        }
    )
    return arn


@pytest.fixture
def stack(aws) -> DataStack:
    network = saas.build()
    key_arn, key_id = build_key()
    build_buckets(key_arn)
    build_log_group(key_arn)
    return DataStack(
        network=network,
        key_arn=key_arn,
        key_id=key_id,
        secret_arn=build_secret(key_arn),
        function_arn=build_function(network, key_arn),
        repository_arn=build_repository(),
    )


def crawl_data(store):
    return crawl(store, AwsAccount.connect(), [REGION], TYPES)


def refs(reader: GraphReader, source: str) -> dict[str, str]:
    return {ref.field: ref.uid for ref in reader.references_out(source)}


def uid(type_name: str, resource_id: str) -> str:
    return f"aws:{ACCOUNT}:{REGION}:{type_name}:{resource_id}"


def test_every_partition_completes(store, stack):
    summary = crawl_data(store)
    failed = {p.partition.type: p.error for p in summary.partitions if p.status != "complete"}
    assert failed == {}


def test_bucket_keeps_every_configuration_and_only_its_region(store, stack):
    crawl_data(store)
    reader = GraphReader(store)

    bucket = reader.resource_at(f"arn:aws:s3:::{BUCKET}")
    assert bucket.region == REGION
    assert bucket.tags == {"Project": "app-infra", "Environment": "production"}
    assert bucket.properties["VersioningConfiguration"]["Status"] == "Enabled"
    assert bucket.properties["LifecycleConfiguration"]["Rules"][0]["ID"] == "expire-old-versions"
    assert bucket.properties["PolicyDocument"] == BUCKET_POLICY
    assert bucket.properties["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True
    assert bucket.properties["ReplicationConfiguration"] is None
    assert refs(reader, bucket.uid) == {s3_bucket.ENCRYPTION.at(0): stack.key_arn}

    bare = reader.resource_at("arn:aws:s3:::app-bare")
    assert bare.tags == {}
    assert bare.properties["LifecycleConfiguration"] is None
    assert bare.properties["PolicyDocument"] is None
    assert reader.resource_at("arn:aws:s3:::app-eu") is None


def test_log_group_keeps_retention_and_key(store, stack):
    crawl_data(store)
    reader = GraphReader(store)

    arn = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/app/api"
    group = reader.resource_at(arn)
    assert group.properties["retentionInDays"] == 30
    assert group.tags == {"Project": "app"}
    assert "storedBytes" not in group.properties and "creationTime" not in group.properties
    assert refs(reader, arn) == {log_group.ENCRYPTION.path: stack.key_arn}


def test_key_keeps_aliases_and_customer_keys_only(store, stack):
    crawl_data(store)
    reader = GraphReader(store)

    key = reader.resource_at(stack.key_arn)
    assert key.name == "alias/app-archive"
    assert key.properties["Aliases"] == ["alias/app-archive", "alias/app-data"]
    assert key.properties["Description"] == "app data"
    # moto leaves KeyUsage out of describe_key; AWS always returns it.
    assert key.properties["KeySpec"] == "SYMMETRIC_DEFAULT"
    assert key.properties["Enabled"] is True
    assert key.tags == {"Project": "app-infra"}
    dependents = {d.uid for d in reader.impact(stack.key_arn).dependents}
    assert {
        f"arn:aws:s3:::{BUCKET}",
        stack.secret_arn,
        stack.function_arn,
    } <= dependents


def test_function_keeps_configuration_and_references(store, stack):
    crawl_data(store)
    reader = GraphReader(store)
    network = stack.network

    function = reader.resource_at(stack.function_arn)
    properties = function.properties
    assert (properties["Runtime"], properties["Handler"]) == ("python3.12", "handler.handle")
    assert (properties["MemorySize"], properties["Timeout"]) == (256, 30)
    assert properties["Architectures"] == ["arm64"]
    assert properties["Environment"] == [
        {"Name": "LOG_LEVEL", "Value": "info"},
        {"Name": "SECRET_TOKEN", "Secret": "name SECRET_TOKEN", "ValueDigest": digest(ENV_VALUE)},
    ]
    assert "LastModified" not in properties
    assert properties["CodeSha256"]
    assert function.tags == {"Project": "app-infra"}

    subnets = sorted(network.private_subnets)
    assert refs(reader, stack.function_arn) == {
        lambda_function.EXECUTION_ROLE.path: network.task_role_arn,
        lambda_function.ENCRYPTION.path: stack.key_arn,
        lambda_function.LAYERS.at(0): f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:app-deps:1",
        lambda_function.SUBNETS.at(0): uid("AWS::EC2::Subnet", subnets[0]),
        lambda_function.SUBNETS.at(1): uid("AWS::EC2::Subnet", subnets[1]),
        lambda_function.SECURITY_GROUPS.at(0): uid(
            "AWS::EC2::SecurityGroup", network.security_groups["ecs-tasks"]
        ),
    }


def test_secret_keeps_metadata_only(store, stack):
    crawl_data(store)
    reader = GraphReader(store)

    secret = reader.resource_at(stack.secret_arn)
    assert secret.properties["Name"] == "app/db"
    assert secret.properties["Description"] == "database credentials"
    assert secret.properties["RotationEnabled"] is False
    assert secret.properties["ReplicaRegions"] == []
    assert secret.tags == {"Project": "app-infra"}
    assert refs(reader, stack.secret_arn) == {secret_type.ENCRYPTION.path: stack.key_arn}


def test_repository_and_registry_replication(store, stack):
    crawl_data(store)
    reader = GraphReader(store)

    repository = reader.resource_at(stack.repository_arn)
    assert repository.properties["imageTagMutability"] == "IMMUTABLE"
    assert repository.properties["imageScanningConfiguration"] == {"scanOnPush": True}
    assert repository.properties["lifecyclePolicy"] == ECR_LIFECYCLE
    assert repository.properties["repositoryPolicy"] is None
    assert repository.tags == {"Project": "app-infra"}

    replication = reader.resource_at(uid("AWS::ECR::ReplicationConfiguration", ACCOUNT))
    assert replication.properties["Rules"][0]["destinations"] == [
        {"region": "eu-west-1", "registryId": ACCOUNT}
    ]


def test_no_secret_or_environment_value_is_ever_stored(store, stack):
    summary = crawl_data(store)
    reader = GraphReader(store)

    # Every resource the crawl wrote, read back as stored.
    uids = [change.uid for change in reader.changes(since=0)]
    assert stack.secret_arn in uids and stack.function_arn in uids
    assert len(uids) == summary.stats.created
    stored = canonical_json(
        [
            [version.name, version.tags, version.properties]
            for version in map(reader.resource_at, uids)
        ]
    )
    assert SECRET_VALUE not in stored
    assert ENV_VALUE not in stored
    assert "SECRET_TOKEN" in stored  # the name is kept, so the check above reads real data


def test_second_crawl_writes_nothing(store, stack):
    first = crawl_data(store)
    again = crawl_data(store)
    assert first.stats.created > 0
    assert (again.stats.created, again.stats.changed, again.stats.deleted) == (0, 0, 0)


def test_replication_across_regions_references_both_ends(store, stack):
    """A multi-Region key, a replicated bucket and a replicated secret, crawled in both regions."""
    key = boto3.client("kms", region_name=REGION)
    primary = key.create_key(Description="app global", MultiRegion=True)["KeyMetadata"]
    replica = key.replicate_key(KeyId=primary["KeyId"], ReplicaRegion="eu-west-1")
    replica_arn = replica["ReplicaKeyMetadata"]["Arn"]
    bucket = boto3.client("s3", region_name=REGION)
    bucket.put_bucket_replication(
        Bucket=BUCKET,
        ReplicationConfiguration={
            "Role": stack.network.task_role_arn,
            "Rules": [
                {
                    "ID": "to-eu",
                    "Priority": 1,
                    "Status": "Enabled",
                    "Filter": {},
                    "DeleteMarkerReplication": {"Status": "Disabled"},
                    "Destination": {"Bucket": "arn:aws:s3:::app-eu"},
                }
            ],
        },
    )
    boto3.client("secretsmanager", region_name=REGION).replicate_secret_to_regions(
        SecretId=stack.secret_arn, AddReplicaRegions=[{"Region": "eu-west-1"}]
    )

    summary = crawl(store, AwsAccount.connect(), [REGION, "eu-west-1"], TYPES)
    reader = GraphReader(store)

    assert {p.status for p in summary.partitions} == {"complete"}
    configuration = reader.resource_at(primary["Arn"]).properties["MultiRegionConfiguration"]
    assert configuration["MultiRegionKeyType"] == "PRIMARY"
    assert configuration["ReplicaKeys"] == [{"Arn": replica_arn, "Region": "eu-west-1"}]
    assert reader.resource_at(replica_arn).region == "eu-west-1"
    assert refs(reader, replica_arn) == {key_type.PRIMARY.path: primary["Arn"]}

    assert reader.resource_at("arn:aws:s3:::app-eu").region == "eu-west-1"
    bucket_refs = refs(reader, f"arn:aws:s3:::{BUCKET}")
    assert bucket_refs[s3_bucket.REPLICATION_ROLE.path] == stack.network.task_role_arn
    assert bucket_refs[s3_bucket.REPLICATES_TO.at(0)] == "arn:aws:s3:::app-eu"

    secret = reader.resource_at(stack.secret_arn)
    assert [r["Region"] for r in secret.properties["ReplicaRegions"]] == ["eu-west-1"]
    # Aliases name no key.
    assert refs(reader, stack.secret_arn) == {secret_type.ENCRYPTION.path: stack.key_arn}


def test_denied_bucket_read_fails_only_the_bucket_partition(store, stack):
    account = AwsAccount.connect()

    def refuse(**_):
        error = {"Error": {"Code": "AccessDenied", "Message": "denied"}}
        raise ClientError(error, "GetBucketPolicy")

    account.session.events.register("before-call.s3.GetBucketPolicy", refuse)
    summary = crawl(store, account, [REGION], TYPES)

    failed = {p.partition.type: p.error for p in summary.partitions if p.status == "failed"}
    assert failed == {"AWS::S3::Bucket": "AccessDenied: denied"}
    assert GraphReader(store).resource_at(stack.function_arn) is not None
