"""Schedules: when to snapshot an application, and how often to crawl an account's regions.

A schedule is a `(:Schedule)` node in the graph, so every `cairn` command and the
scheduler service see the same definitions; `cairn scheduler` turns them into
APScheduler jobs. The trigger is kept as a small JSON document ({"daily": "01:00"},
{"weekly": ["mon", "01:00"]}, {"monthly": [1, "01:00"]}, {"every_minutes": 15})
so it reads the same in Neo4j Browser as on the command line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from catalog.applications import get_application
from catalog.clock import now_ms
from catalog.errors import CairnError, NotFound
from catalog.graph.store import GraphStore

SNAPSHOT = "snapshot"
CRAWL = "crawl"
DEFAULT_TIMEZONE = "UTC"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CLOCK = re.compile(r"^(\d{2}):(\d{2})$")
# Months shorter than a given month day: a monthly schedule on the 29th-31st runs on the
# last day of these, so "--monthly 31" means "end of month", never "skip February".
SHORTER_MONTHS = {29: "2", 30: "2", 31: "2,4,6,9,11"}

Trigger = dict[str, Any]


class InvalidSchedule(CairnError):
    """A schedule option that cannot be a schedule (25:00, XYZ, day 32, an unknown zone)."""


@dataclass(frozen=True)
class Schedule:
    id: str
    kind: str  # snapshot | crawl
    trigger: Trigger
    timezone: str = DEFAULT_TIMEZONE
    application: str | None = None  # snapshot schedules
    regions: tuple[str, ...] = ()  # crawl schedules
    profile: str | None = None  # AWS profile of the standard boto3 chain; None: the default
    updated_at: int = 0

    @property
    def trigger_json(self) -> str:
        return json.dumps(self.trigger, sort_keys=True, separators=(",", ":"))

    @property
    def signature(self) -> str:
        """Everything that decides what runs when. The id already names the application or
        the profile and regions, so two schedules with the same signature are the same job."""
        return f"{self.id} {self.trigger_json} {self.timezone}"


def snapshot_schedule(
    application: str, trigger: Trigger, timezone: str, profile: str | None = None
) -> Schedule:
    return Schedule(
        id=f"{SNAPSHOT}:{application}",
        kind=SNAPSHOT,
        trigger=trigger,
        timezone=check_timezone(timezone),
        application=application,
        profile=profile,
    )


def crawl_schedule(
    every_minutes: int, regions: list[str], profile: str | None, timezone: str
) -> Schedule:
    if every_minutes < 1:
        raise InvalidSchedule(f"invalid --every {every_minutes}: at least 1 minute")
    if not regions:
        # A schedule that silently follows whatever default region the scheduler's
        # machine has would crawl something else than the user saw when setting it.
        raise InvalidSchedule("a crawl schedule needs at least one --region")
    unique = tuple(sorted(set(regions)))
    return Schedule(
        id=f"{CRAWL}:{profile or 'default'}:{','.join(unique)}",
        kind=CRAWL,
        trigger={"every_minutes": every_minutes},
        timezone=check_timezone(timezone),
        regions=unique,
        profile=profile,
    )


def snapshot_trigger(
    daily: str | None = None,
    weekly: tuple[str, str] | None = None,
    monthly: tuple[str, str] | None = None,
) -> Trigger:
    """The trigger of exactly one of --daily HH:MM, --weekly DAY HH:MM, --monthly DAY HH:MM."""
    if sum(option is not None for option in (daily, weekly, monthly)) != 1:
        raise InvalidSchedule("pass exactly one of --daily, --weekly, --monthly or --on-demand")
    if daily is not None:
        return {"daily": check_clock(daily)}
    if weekly is not None:
        return {"weekly": [check_weekday(weekly[0]), check_clock(weekly[1])]}
    assert monthly is not None
    return {"monthly": [check_month_day(monthly[0]), check_clock(monthly[1])]}


def check_clock(text: str) -> str:
    match = CLOCK.match(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise InvalidSchedule(f"invalid time {text!r}: expected HH:MM from 00:00 to 23:59")
    return match[0]


def check_weekday(text: str) -> str:
    day = text.strip().lower()
    if day not in WEEKDAYS:
        raise InvalidSchedule(f"invalid weekday {text!r}: expected one of {', '.join(WEEKDAYS)}")
    return day


def check_month_day(text: str | int) -> int:
    try:
        day = int(text)
    except ValueError:
        day = 0
    if not 1 <= day <= 31:
        raise InvalidSchedule(f"invalid day of month {text!r}: expected 1 to 31")
    return day


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidSchedule(
            f"unknown timezone {name!r}: expected an IANA name such as UTC or Europe/Paris"
        ) from None
    return name


def build_trigger(schedule: Schedule) -> BaseTrigger:
    """The APScheduler trigger of a schedule, in its timezone."""
    zone = ZoneInfo(schedule.timezone)
    ((kind, value),) = schedule.trigger.items()
    if kind == "every_minutes":
        return IntervalTrigger(minutes=int(value), timezone=zone)
    if kind == "daily":
        hour, minute = _hour_minute(value)
        return CronTrigger(hour=hour, minute=minute, timezone=zone)
    if kind == "weekly":
        hour, minute = _hour_minute(value[1])
        return CronTrigger(day_of_week=value[0], hour=hour, minute=minute, timezone=zone)
    if kind == "monthly":
        day = int(value[0])
        hour, minute = _hour_minute(value[1])
        on_day = CronTrigger(day=day, hour=hour, minute=minute, timezone=zone)
        if day not in SHORTER_MONTHS:
            return on_day
        last_day = CronTrigger(
            month=SHORTER_MONTHS[day], day="last", hour=hour, minute=minute, timezone=zone
        )
        return OrTrigger([on_day, last_day])
    raise InvalidSchedule(f"schedule {schedule.id} has an unknown trigger {schedule.trigger_json}")


def next_run(schedule: Schedule, after: datetime) -> datetime | None:
    return build_trigger(schedule).get_next_fire_time(None, after)


def save_schedule(store: GraphStore, schedule: Schedule) -> Schedule:
    """Create or replace a schedule; a snapshot schedule needs an existing application."""
    if schedule.application is not None:
        get_application(store, schedule.application)  # NotFound for an unknown application
    rows = store.write(
        "schedule_upsert",
        id=schedule.id,
        kind=schedule.kind,
        application=schedule.application,
        regions=list(schedule.regions),
        profile=schedule.profile,
        trigger=schedule.trigger_json,
        timezone=schedule.timezone,
        updated_at=now_ms(),
    )
    return _schedule(rows[0]["schedule"])


def list_schedules(store: GraphStore) -> list[Schedule]:
    return [_schedule(row["schedule"]) for row in store.read("schedule_list")]


def remove_schedule(store: GraphStore, schedule_id: str) -> Schedule:
    rows = store.write("schedule_remove", id=schedule_id)
    if not rows:
        raise NotFound(f"no schedule {schedule_id!r} (see `cairn schedule list`)")
    return _schedule(rows[0]["schedule"])


def remove_snapshot_schedule(store: GraphStore, application: str) -> Schedule | None:
    """`--on-demand`: the application is snapshotted only when asked; None if it already was."""
    get_application(store, application)
    rows = store.write("schedule_remove", id=f"{SNAPSHOT}:{application}")
    return _schedule(rows[0]["schedule"]) if rows else None


def _hour_minute(clock: str) -> tuple[int, int]:
    hour, minute = clock.split(":")
    return int(hour), int(minute)


def _schedule(node: dict[str, Any]) -> Schedule:
    return Schedule(
        id=node["id"],
        kind=node["kind"],
        trigger=json.loads(node["trigger"]),
        timezone=node.get("timezone") or DEFAULT_TIMEZONE,
        application=node.get("application"),
        regions=tuple(node.get("regions") or ()),
        profile=node.get("profile"),
        updated_at=int(node.get("updated_at") or 0),
    )
