"""Named pulse windows as time ranges, and the baselines each one is compared with.

Rolling windows end now and move every minute (hopping, 1-minute step); calendar windows
follow the Swedish calendar (Europe/Stockholm); ``all`` is all time. Pure timestamp maths.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Stockholm")

ROLLING: dict[str, timedelta] = {
    "15m": timedelta(minutes=15),
    "1h": timedelta(hours=1),
    "24h": timedelta(hours=24),
}
CALENDAR = ("today", "week", "year")
ALL_TIME = "all"
DEFAULT_WINDOWS = (*ROLLING, *CALENDAR, ALL_TIME)

WEEK = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open time range [start, end); for calendar windows, whole local days."""

    start: datetime
    end: datetime

    def shift(self, delta: timedelta) -> Period:
        return Period(self.start + delta, self.end + delta)


def rolling_window(name: str) -> timedelta:
    """``"15m"``, ``"90m"``, ``"1h"``, ``"24h"``, ``"2d"`` → a duration.

    >>> rolling_window("90m")
    datetime.timedelta(seconds=5400)
    """
    if name in ROLLING:
        return ROLLING[name]
    units = {"m": "minutes", "h": "hours", "d": "days"}
    number, unit = name[:-1], name[-1:]
    if unit not in units or not number.isdigit() or int(number) <= 0:
        raise ValueError(f"not a rolling window: {name!r} (use e.g. 15m, 1h, 24h)")
    return timedelta(**{units[unit]: int(number)})


def is_rolling(name: str) -> bool:
    try:
        rolling_window(name)
    except ValueError:
        return False
    return True


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=TZ)


def _same_day_last_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def period(window: str, now: datetime, year: int | None = None) -> Period | None:
    """The range a window covers at ``now``; None for all time.

    >>> from datetime import UTC
    >>> p = period("today", datetime(2026, 11, 22, 23, 30, tzinfo=UTC))
    >>> p.start.isoformat(), p.end.isoformat()
    ('2026-11-23T00:00:00+01:00', '2026-11-24T00:00:00+01:00')
    """
    if window == ALL_TIME:
        return None
    if is_rolling(window):
        return Period(now - rolling_window(window), now)
    today = now.astimezone(TZ).date()
    if window == "today":
        return Period(_midnight(today), _midnight(today + timedelta(days=1)))
    if window == "week":
        monday = today - timedelta(days=today.weekday())
        return Period(_midnight(monday), _midnight(monday + WEEK))
    if window == "year":
        y = year or today.year
        return Period(_midnight(date(y, 1, 1)), _midnight(date(y + 1, 1, 1)))
    raise ValueError(f"unknown window {window!r}")


def baselines(window: str, now: datetime, year: int | None = None) -> dict[str, Period]:
    """What a window is compared with: the previous equal window, the same window a week
    earlier, and the same period a year earlier (calendar windows only)."""
    current = period(window, now, year)
    if current is None:
        return {}
    if is_rolling(window):
        length = current.end - current.start
        return {"previous": current.shift(-length), "week_ago": current.shift(-WEEK)}
    start = current.start.astimezone(TZ).date()
    if window == "today":
        yesterday = start - timedelta(days=1)
        last_year = _same_day_last_year(start)
        return {
            "previous": Period(_midnight(yesterday), _midnight(start)),
            "week_ago": Period(_midnight(start - WEEK), _midnight(start - WEEK + timedelta(days=1))),
            "year_ago": Period(_midnight(last_year), _midnight(last_year + timedelta(days=1))),
        }
    if window == "week":
        iso = start.isocalendar()
        try:
            monday = date.fromisocalendar(iso.year - 1, iso.week, 1)
        except ValueError:  # week 53 in a year that has none
            monday = date.fromisocalendar(iso.year - 1, 52, 1)
        return {
            "previous": Period(_midnight(start - WEEK), _midnight(start)),
            "year_ago": Period(_midnight(monday), _midnight(monday + WEEK)),
        }
    # year: a past year is compared with the whole year before; the current year, to date,
    # with the same days of last year.
    prev_start = _midnight(date(start.year - 1, 1, 1))
    today = now.astimezone(TZ).date()
    if start.year == today.year:
        end = _midnight(_same_day_last_year(today) + timedelta(days=1))
    else:
        end = _midnight(start)
    return {"previous": Period(prev_start, end)}


def local_day(ts: datetime) -> date:
    return ts.astimezone(TZ).date()


def days_in(p: Period) -> list[date]:
    """The local days a calendar period covers."""
    first, last = local_day(p.start), local_day(p.end - timedelta(microseconds=1))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
