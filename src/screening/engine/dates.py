"""Dates as the file format and answer files write them: strictly YYYY-MM-DD.

``datetime.date.fromisoformat`` (Python 3.11+) also takes ``20240229`` and week
dates like ``2024-W09-4``; a clinician or an answer file that writes one of
those has most likely made a mistake, so only the one form is accepted, and a
day the month does not have is named as such.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_iso_date(text: str) -> _dt.date:
    """``YYYY-MM-DD`` -> date; ValueError with a message a person understands."""
    match = _ISO_DATE.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"write a date as YYYY-MM-DD (for example 2024-02-29), not {str(text)[:40]!r}")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} is not a date: there is no month {month}")
    if year < 1:
        raise ValueError(f"{text!r} is not a date: there is no year 0")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"{text!r} is not a date: {calendar.month_name[month]} {year} has {days} days")
    return _dt.date(year, month, day)
