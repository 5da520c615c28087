"""Form fields -> raw answers the engine checks (``parse_answer``).

Every field is untrusted: sizes are bounded before anything is parsed, so a
400-digit number or a megabyte of text is one clear message, never a crash.
Nothing here decides what counts as an answer: an empty form is None, and
the engine (or the flow, for required questions) says what happens next.
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import parse_qsl

from screening.engine.run.answers import AnswerError, DurationAnswer, _check_range, number_text
from screening.engine.run.questionnaire import Question

MAX_BODY_BYTES = 64 * 1024  # the longest text answer, percent-encoded, fits many times over
MAX_FIELDS = 100
MAX_NUMBER_CHARS = 24
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_SHORT = 64  # option ids, dates, units, actions


class FormError(ValueError):
    """The body is not a form this app sends (too big, too many fields, not UTF-8)."""


def parse_form(body: bytes) -> dict[str, list[str]]:
    """An urlencoded body as field -> values, bounded."""
    if len(body) > MAX_BODY_BYTES:
        raise FormError("too large")
    try:
        text = body.decode("ascii")  # urlencoded bodies are ASCII; the UTF-8 is percent-encoded
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise FormError("not a form") from None
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)
    return fields


def one(fields: dict[str, list[str]], name: str, limit: int = _SHORT) -> str | None:
    """The single value of a field; None when it is missing, repeated or too long."""
    values = fields.get(name) or []
    if len(values) != 1 or len(values[0]) > limit:
        return None
    return values[0]


def number_from_text(question: Question, text: str) -> int | float:
    """A typed number, bounded in size before it is converted."""
    cleaned = text.strip()
    whole = question.type in ("integer", "scale")
    if len(cleaned) > MAX_NUMBER_CHARS and re.fullmatch(r"[+-]?\d+", cleaned):
        _check_range(question, math.inf if not cleaned.startswith("-") else -math.inf)  # the range's own message
    if len(cleaned) > MAX_NUMBER_CHARS or not _NUMBER.match(cleaned):
        raise AnswerError(f"not a number: {cleaned[:MAX_NUMBER_CHARS]!r}", "error.whole_number" if whole else "error.number")
    cleaned = cleaned.replace(",", ".")
    if "." in cleaned:
        value = float(cleaned)
        if whole and not value.is_integer():
            raise AnswerError(f"not a whole number: {cleaned!r}", "error.whole_number")
        return int(value) if whole else value
    return int(cleaned)


def raw_answer(question: Question, fields: dict[str, list[str]]) -> Any:
    """What the person gave for ``question`` in the form; None when they gave nothing."""
    kind = question.type
    values = fields.get("answer") or []
    if kind == "note":
        return None
    if kind == "multi_choice":
        if not values:
            return None
        if len(values) > len(question.options) or any(len(v) > _SHORT for v in values):
            raise AnswerError("too many options", "error.choose_one")
        return list(values)
    if kind == "duration":
        return _duration(question, fields)
    if not values or (len(values) == 1 and not values[0].strip()):
        return None
    if len(values) != 1:
        raise AnswerError("more than one answer", "error.choose_one")
    value = values[0]
    if kind in ("single_choice", "yes_no"):
        return value[:_SHORT]  # an unknown id is refused by the engine
    if kind in ("integer", "number", "scale"):
        return number_from_text(question, value)
    if kind == "date":
        return value.strip()[:_SHORT]
    if kind == "text":
        limit = int(question.settings.get("max_length", 500))
        if len(value) > 4 * limit:  # before cleaning, which can only shorten it
            raise AnswerError(f"{len(value)} characters", "error.too_long", max=limit)
        return value
    raise AssertionError(kind)  # pragma: no cover


def _duration(question: Question, fields: dict[str, list[str]]) -> Any:
    units = list(question.settings.get("units", ["weeks", "months", "years"]))
    amount = (one(fields, "amount", MAX_NUMBER_CHARS * 4) or "").strip()
    unit = one(fields, "unit") or (units[0] if len(units) == 1 else "")
    if not amount and not (fields.get("unit") and len(units) > 1):
        return None
    if not amount or len(amount) > MAX_NUMBER_CHARS or not _NUMBER.match(amount) or amount.startswith(("+", "-")):
        raise AnswerError("write a duration like 6 months", "error.duration")
    if unit not in units:
        raise AnswerError("no unit", "error.duration_unit", units=", ".join(units))
    return f"{amount.replace(',', '.')} {unit}"


def field_values(question: Question, held: Any) -> dict[str, Any]:
    """A held answer as the form shows it again (Back, review): what the person chose."""
    if held is None:
        return {}
    if question.type == "multi_choice":
        return {"answer": list(held)}
    if isinstance(held, DurationAnswer):
        return {"amount": number_text(held.amount), "unit": held.unit}
    if question.type in ("integer", "number", "scale"):
        return {"answer": number_text(held)}
    if hasattr(held, "isoformat"):
        return {"answer": held.isoformat()}
    return {"answer": str(held)}
