"""Region-scoped artifacts: what the application uses that exists per region and must be
in the target region before a recovery there can finish.

- ACM certificates for the same domain names (issuing one waits on DNS validation);
- AMIs its launch templates and instances launch from (the plan looks them up there by
  name and owner; the catalog does not crawl images, so it cannot say they are there);
- ECR images its task definitions run (the registry must replicate into the region);
- KMS keys (multi-region replicas), Secrets Manager secrets (replicas).

What the target region holds is read from the catalog at the asked time: a type whose
partition in that region no crawl has read says so instead of "missing".
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from catalog.aws.acm import CERTIFICATE
from catalog.aws.acm.certificate import covers, domain_names
from catalog.aws.ec2 import INSTANCE, LAUNCH_TEMPLATE
from catalog.aws.ecr import REPLICATION
from catalog.aws.ecs import TASK_DEFINITION
from catalog.aws.ecs.task_definition import ecr_registry, images
from catalog.aws.kms import KEY
from catalog.aws.kms.key import replica_regions as key_replica_regions
from catalog.aws.secretsmanager import SECRET
from catalog.aws.secretsmanager.secret import replica_regions as secret_replica_regions
from catalog.readiness.check import Check, Finding, Subject, Verdict, needs_target, properties
from catalog.scope import Asset
from catalog.snapshots import PinnedAsset

NAME = "region-scoped artifacts"
ISSUED = "ISSUED"


def check(subject: Subject) -> Check:
    missing_target = needs_target(subject, NAME)
    if missing_target is not None:
        return missing_target
    evidence = [
        *_certificates(subject),
        *_images(subject),
        *_registries(subject),
        *_keys(subject),
        *_secrets(subject),
    ]
    short = sum(1 for finding in evidence if finding.verdict != Verdict.READY)
    summary = (
        f"{len(evidence)} artifacts the application uses; "
        f"{short} not ready in {subject.target_region}"
    )
    return Check(NAME, summary, evidence)


def _not_crawled(subject: Subject, what: str, uid: str) -> Finding:
    return Finding(
        Verdict.AT_RISK,
        f"{what}: {subject.target_region} has not been crawled "
        f"(`cairn crawl --region {subject.target_region}`)",
        uid,
    )


def _certificates(subject: Subject) -> Iterator[Finding]:
    used = subject.of_type(CERTIFICATE)
    if not used:
        return
    region = subject.target_region
    there = subject.in_region(CERTIFICATE, region)
    known = subject.crawled(CERTIFICATE, region)
    for pinned in used:
        domains = domain_names(properties(pinned))
        what = f"certificate for {', '.join(sorted(domains))}"
        if not known:
            yield _not_crawled(subject, what, pinned.asset.uid)
            continue
        covering = [c for c in there if covers(c.properties, domains)]
        issued = [c for c in covering if c.properties.get("Status") == ISSUED]
        uid = pinned.asset.uid
        if issued:
            yield Finding(Verdict.READY, f"{what}: issued in {region}", uid, issued[0].uid)
        elif covering:
            status = covering[0].properties.get("Status")
            yield Finding(Verdict.AT_RISK, f"{what}: {status} in {region}", uid, covering[0].uid)
        else:
            yield Finding(
                Verdict.NOT_READY,
                f"{what}: none in {region}; request one now, issuing it waits on DNS validation",
                pinned.asset.uid,
            )


def _images(subject: Subject) -> Iterator[Finding]:
    """One finding per AMI, naming what launches from it."""
    users: dict[str, tuple[dict[str, Any], list[Asset]]] = {}
    for pinned in subject.of_type(LAUNCH_TEMPLATE, INSTANCE):
        image = properties(pinned).get("Image")
        if image:
            users.setdefault(image["ImageId"], (image, []))[1].append(pinned.asset)
    for image_id, (image, assets) in sorted(users.items()):
        label = f"AMI {image_id} of {', '.join(sorted(a.name or a.uid for a in assets))}"
        if not image.get("Name"):
            yield Finding(Verdict.NOT_READY, f"{label}: it no longer exists", assets[0].uid)
            continue
        yield Finding(
            Verdict.AT_RISK,
            f"{label}: the plan looks up {image['Name']} of {image['OwnerId']} in "
            f"{subject.target_region}; images are not crawled, copy it there "
            "(`aws ec2 copy-image`)",
            assets[0].uid,
            image_id,
        )


def _registries(subject: Subject) -> Iterator[Finding]:
    region = subject.target_region
    for pinned in subject.of_type(TASK_DEFINITION):
        for image in images(properties(pinned)):
            registry = ecr_registry(image)
            if registry is None:
                continue
            account, home = registry
            if home == region:
                yield Finding(Verdict.READY, f"image {image}: in {region}", pinned.asset.uid)
                continue
            yield _replicated(subject, pinned.asset, image, account, home)


def _replicated(subject: Subject, asset: Asset, image: str, account: str, home: str) -> Finding:
    configurations = subject.in_region(REPLICATION, home, account)
    region = subject.target_region
    if any(
        destination.get("region") == region
        for configuration in configurations
        for rule in configuration.properties.get("Rules") or ()
        for destination in rule.get("destinations") or ()
    ):
        return Finding(Verdict.READY, f"image {image}: replicated into {region}", asset.uid)
    if not subject.crawled(REPLICATION, home) or asset.account != account:
        return Finding(
            Verdict.AT_RISK,
            f"image {image}: registry {account} in {home} not in the catalog; does it "
            f"replicate into {region}?",
            asset.uid,
        )
    return Finding(
        Verdict.NOT_READY,
        f"image {image}: registry {account} in {home} does not replicate into {region}",
        asset.uid,
    )


def _keys(subject: Subject) -> Iterator[Finding]:
    for pinned in subject.of_type(KEY):
        yield _replicated_into_target(
            subject,
            pinned,
            f"KMS key {pinned.asset.name or pinned.asset.uid}",
            key_replica_regions(properties(pinned)),
            "what it encrypts needs another key there",
        )


def _secrets(subject: Subject) -> Iterator[Finding]:
    for pinned in subject.of_type(SECRET):
        yield _replicated_into_target(
            subject,
            pinned,
            f"secret {pinned.asset.name}",
            secret_replica_regions(properties(pinned)),
            "its value must be supplied during the restore",
        )


def _replicated_into_target(
    subject: Subject, pinned: PinnedAsset, label: str, replicas: Collection[str], without: str
) -> Finding:
    region = subject.target_region
    if region in replicas or pinned.asset.region == region:
        return Finding(Verdict.READY, f"{label}: replica in {region}", pinned.asset.uid)
    return Finding(Verdict.AT_RISK, f"{label}: no replica in {region}; {without}", pinned.asset.uid)
