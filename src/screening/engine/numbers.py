"""The one numeric policy for questionnaire files, answers and outputs.

Every number the engine accepts (a YAML value, an answer, a literal in an
expression) is finite and at most :data:`MAX_MAGNITUDE` in size; anything
beyond is refused where it was written. A computed value beyond the bound
(``1e15 * 1e15``) has no value, like a division by zero, so ``Infinity`` and
``NaN`` never reach an output. Numbers are shown exactly: integers in full,
decimals in the shortest form that reads back as the same number (``0.1``,
never ``1e-01`` and never six significant digits).
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

# 10**15: every integer up to it is exact as a float (2**53 is about 9.007e15),
# and a 15-digit decimal survives a round trip through a float unchanged.
MAX_MAGNITUDE = 10**15
MAX_MAGNITUDE_TEXT = "1,000,000,000,000,000"


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number_problem(value: Any) -> str | None:
    """Why a number is outside the policy (None when it is inside)."""
    if isinstance(value, float) and math.isnan(value):
        return "is not a number (NaN); write a number"
    if isinstance(value, float) and math.isinf(value):
        return "is infinite; write a number between -1,000,000,000,000,000 and 1,000,000,000,000,000"
    if abs(value) > MAX_MAGNITUDE:
        return f"is too large; numbers must lie between -{MAX_MAGNITUDE_TEXT} and {MAX_MAGNITUDE_TEXT}"
    return None


def within_bounds(value: Any) -> bool:
    """True for a finite number no larger than the bound (False for NaN)."""
    return -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE


def number_text(value: float | int) -> str:
    """A number as people write it: 1234567, 0.1, 2.5, 0.00001 (no exponent)."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):  # never produced by the engine; shown rather than hidden
        return "none"
    if value.is_integer() and abs(value) <= 2**53:
        return str(int(value))
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def rounded(value: Any, places: int = 6) -> Any:
    """A computed value as stored and shown: 6 decimals, whole numbers as ints."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = round(value, places)
        return int(value) if value.is_integer() else value
    return value
