"""References held in values: which strings name a resource, and how a restore rewrites them."""

from __future__ import annotations

from catalog.aws.values import Name, Named, NameIndex, names_of, value_references
from catalog.restore.hcl import Expr
from catalog.restore.retarget import interpolate

BALANCER = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/app-alb/1"
DATABASE = "arn:aws:rds:us-east-1:123456789012:db:app-db"
TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/app"
BUCKET = "arn:aws:s3:::app-files"
DNS = Name("DNSName", "dns_name")
ADDRESS = Name("Endpoint.Address", "address")
BARE = Name("TableName", "name", whole=True)
BUCKET_NAME = Name("BucketName", "bucket", whole=True)
ENDPOINT = {"Endpoint": {"Address": "app-db.abc.rds.amazonaws.com"}}


def index() -> NameIndex:
    return NameIndex(
        [
            *names_of(BALANCER, {"DNSName": "App-ALB-1.us-east-1.elb.amazonaws.com"}, [DNS]),
            *names_of(DATABASE, ENDPOINT, [ADDRESS]),
            *names_of(TABLE, {"TableName": "app"}, [BARE]),
            *names_of(BUCKET, {"BucketName": "app-files"}, [BUCKET_NAME]),
        ]
    )  # fmt: skip


def named(value: str) -> list[tuple[str, str | None]]:
    return [(m.named.uid, m.named.declared.attribute) for m in index().matches(value)]


def test_a_dns_name_or_endpoint_counts_anywhere_in_a_value():
    assert named("app-alb-1.us-east-1.elb.amazonaws.com.") == [(BALANCER, "dns_name")]
    assert named("postgres://app@app-db.abc.rds.amazonaws.com:5432/app") == [(DATABASE, "address")]
    assert named("http://App-ALB-1.us-east-1.elb.amazonaws.com/health") == [(BALANCER, "dns_name")]


def test_a_name_must_not_continue_into_a_longer_one():
    assert named("x-app-db.abc.rds.amazonaws.com") == []
    assert named("app-db.abc.rds.amazonaws.com.evil.example") == []
    assert named("replica.app-db.abc.rds.amazonaws.com") == []
    assert named("app-db.abc.rds.amazonaws.comx") == []


def test_a_bare_name_counts_only_as_the_whole_value():
    assert named("app") == [(TABLE, "name")]
    assert named("app.example.com") == []
    assert named("postgres://db:5432/app") == []


def test_an_arn_names_its_resource_inside_a_policy_resource():
    assert named("arn:aws:s3:::app-files/*") == [(BUCKET, "arn")]
    assert named("arn:aws:s3:::app-files-logs/*") == []


def test_value_references_follow_the_paths_into_documents_and_never_name_the_holder():
    properties = {
        "Policies": {
            "read": {"Statement": [{"Resource": ["arn:aws:s3:::app-files/*", TABLE]}]},
        },
        "Unscanned": BUCKET,
    }
    found = value_references(TABLE, properties, ["Policies"], index())
    assert [(ref.field, ref.target, ref.kind) for ref in found] == [
        ("Policies.read.Statement[0].Resource[0]", BUCKET, "names")
    ]


def test_interpolate_writes_a_value_a_reference_or_a_template():
    address = Expr("aws_db_instance.app.address")
    assert interpolate(["plain"]) == "plain"
    assert interpolate(["", address, ""]) == address
    assert interpolate(["postgres://", address, ':5432/"app"']) == Expr(
        '"postgres://${aws_db_instance.app.address}:5432/\\"app\\""'
    )
    assert interpolate(["${HOME}/", address]) == Expr('"$${HOME}/${aws_db_instance.app.address}"')


def test_an_index_without_names_is_empty():
    assert not NameIndex([])
    assert NameIndex([Named(TABLE, "app", BARE)])
