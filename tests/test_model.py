"""Observations are validated and normalized before anything reaches the store."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from catalog.errors import InvalidObservation
from catalog.model import Observation, Reference
from tests.factories import observe, sg_uid


def test_same_state_hashes_the_same_whatever_the_key_order():
    first = observe(sg_uid("a"), Rules={"from": 80, "to": 443}, Vpc="vpc-1")
    second = observe(sg_uid("a"), Vpc="vpc-1", Rules={"to": 443, "from": 80})
    assert first.content_hash() == second.content_hash()


def test_any_property_change_changes_the_hash():
    assert (
        observe(sg_uid("a"), Port=80).content_hash() != observe(sg_uid("a"), Port=81).content_hash()
    )


def test_datetimes_normalize_to_utc_iso_strings():
    local = datetime(2026, 11, 23, 2, 0, tzinfo=timezone(timedelta(hours=1)))
    observation = observe(sg_uid("a"), Created=local, Size=Decimal("5"))
    assert observation.properties == {"Created": "2026-11-23T01:00:00Z", "Size": 5}
    naive_utc = observe(sg_uid("a"), Created=datetime(2026, 11, 23, 1), Size=5)
    assert naive_utc.content_hash() == observation.content_hash()


def test_references_are_deduplicated_and_ordered():
    refs = (
        Reference("b", "t2", "network"),
        Reference("a", "t1", "network"),
        Reference("b", "t2", "network"),
    )
    observation = Observation("u", "AWS::EC2::Subnet", "1", "r", references=refs)
    assert [ref.field for ref in observation.references] == ["a", "b"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"uid": ""}, "uid is missing"),
        ({"uid": None}, "uid is missing"),
        ({"type": "SecurityGroup"}, "not a CloudFormation type name"),
        ({"account": " "}, "account is missing"),
        ({"properties": {"handle": object()}}, "properties.handle: value of type object"),
        ({"properties": {"ratio": float("nan")}}, "not a JSON number"),
        ({"properties": {1: "x"}}, "key 1 is not a string"),
        ({"tags": {"Project": 1}}, "is not a string pair"),
        ({"references": (Reference("f", "", "network"),)}, "reference target is missing"),
    ],
)
def test_malformed_observations_are_rejected_with_a_clear_message(kwargs, message):
    fields = {"uid": "sg-1", "type": "AWS::EC2::SecurityGroup", "account": "1", "region": "r"}
    with pytest.raises(InvalidObservation, match=message):
        Observation(**{**fields, **kwargs})
