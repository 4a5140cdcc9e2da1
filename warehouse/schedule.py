"""When the monthly deployment runs: the next dates of its cron schedule, in its time zone."""

from __future__ import annotations

from datetime import datetime
from itertools import islice
from zoneinfo import ZoneInfo

from cronsim import CronSim  # the cron engine Prefect itself schedules with


def next_runs(cron: str, timezone: str, count: int, after: datetime | None = None) -> list[datetime]:
    zone = ZoneInfo(timezone)
    start = (after or datetime.now(zone)).astimezone(zone)
    return list(islice(CronSim(cron, start), count))
