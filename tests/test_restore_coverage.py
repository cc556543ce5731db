"""Every type Cairn crawls is restored: a restore plan's `not_restored` then lists only
what AWS owns (a zone's own NS and SOA records, default parameter groups), never a type
that simply has no Terraform mapping yet. Backups (`asset=False`, a DB snapshot) are
crawled for readiness and never restored as assets.

A crawled type without one (`terraform=None`) fails here unless it is in NOT_RESTORED
below, with the reason the provider cannot create it.
"""

from __future__ import annotations

from catalog.aws.registry import RESOURCE_TYPES

# Crawled types a restore leaves out, each with the reason the provider cannot create it
# (type constant: "reason"). None today: every crawled type has a Terraform resource.
NOT_RESTORED: dict[str, str] = {}


def unmapped_assets() -> set[str]:
    """Crawled types of assets without a Terraform mapping (backups are no assets)."""
    return {t.name for t in RESOURCE_TYPES if t.terraform is None and t.asset}


def test_every_crawled_type_is_restored_unless_the_provider_cannot_create_it():
    unmapped = unmapped_assets()
    missing = sorted(unmapped - NOT_RESTORED.keys())
    assert not missing, (
        f"crawled but not restored: {', '.join(missing)}; give each a `terraform=` "
        "(docs/development.md, 'Adding a type, end to end'), or list it in NOT_RESTORED "
        "with the reason the provider cannot create it"
    )


def test_the_allow_list_names_only_types_that_are_crawled_and_not_restored():
    unmapped = unmapped_assets()
    stale = sorted(NOT_RESTORED.keys() - unmapped)
    assert not stale, f"restored or no longer crawled, remove from NOT_RESTORED: {stale}"
    assert all(reason.strip() for reason in NOT_RESTORED.values())
