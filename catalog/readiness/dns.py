"""DNS: how long clients keep the old answer after the cutover, against the RTO.

A record's TTL is how long resolvers may keep answering with the failed region's
address once the records are moved: a TTL-3600 CNAME means up to an hour, so it alone
breaks a 30-minute RTO. A TTL above half the RTO leaves the restore itself too little
time (at risk). Aliases have no TTL of their own (Route 53 answers with the target's),
and the NS and SOA records Route 53 owns are not moved by a cutover.
"""

from __future__ import annotations

from catalog.aws.route53 import RECORD_SET
from catalog.aws.route53.record_set import ZONE_OWNED
from catalog.readiness.check import (
    Check,
    Finding,
    Subject,
    Verdict,
    minutes,
    properties,
    unset,
)
from catalog.scope import Asset

NAME = "dns"
# A TTL above this share of the RTO leaves the restore less time than the caches take.
TTL_SHARE_OF_RTO = 0.5


def check(subject: Subject) -> Check:
    records = [
        (p.asset, properties(p))
        for p in subject.of_type(RECORD_SET)
        if properties(p).get("Type") not in ZONE_OWNED
    ]
    if not records:
        return Check(NAME, "no DNS records", [])
    rto = subject.application.rto_minutes
    if rto is None:
        summary = f"{len(records)} records, no RTO to hold their TTLs to"
        return Check(NAME, summary, [unset(subject, "RTO")])
    evidence = [_judge(asset, record, rto) for asset, record in records]
    longest = max((record.get("TTL") or 0 for _, record in records), default=0)
    summary = f"{len(records)} records; longest TTL {longest} s against an RTO of {rto} min"
    return Check(NAME, summary, evidence)


def _judge(asset: Asset, record: dict[str, object], rto_minutes: int) -> Finding:
    label = f"{record.get('Type')} {asset.name}"
    ttl = record.get("TTL")
    if record.get("AliasTarget") or not isinstance(ttl, int):
        return Finding(Verdict.READY, f"{label}: alias, no TTL of its own", asset.uid)
    rto = rto_minutes * 60
    if ttl > rto:
        verdict, why = Verdict.NOT_READY, f"clients keep the old answer up to {minutes(ttl)}"
    elif ttl > rto * TTL_SHARE_OF_RTO:
        verdict, why = Verdict.AT_RISK, "more than half the RTO spent waiting on caches"
    else:
        verdict, why = Verdict.READY, "within the RTO"
    return Finding(verdict, f"{label}: TTL {ttl} s, {why} (RTO {rto_minutes} min)", asset.uid, ttl)
