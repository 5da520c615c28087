"""Dates as the file format and answer files write them: strictly YYYY-MM-DD.

``datetime.date.fromisoformat`` (Python 3.11+) also takes ``20240229`` and week
dates like ``2024-W09-4``; a clinician or an answer file that writes one of
those has most likely made a mistake, so only the one form is accepted, and a
day the month does not have is named as such.
"""

from __future__ import annotations

import datetime as _dt
import re

# Not the calendar module: it imports locale, and `validate` starts up on every save.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _days_in(year: int, month: int) -> int:
    following = _dt.date(year + 1, 1, 1) if month == 12 else _dt.date(year, month + 1, 1)
    return (following - _dt.date(year, month, 1)).days

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
    days = _days_in(year, month) if year < 9999 or month < 12 else 31
    if not 1 <= day <= days:
        raise ValueError(f"{text!r} is not a date: {_MONTHS[month - 1]} {year} has {days} days")
    return _dt.date(year, month, day)
