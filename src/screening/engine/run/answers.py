"""Answers: checking them, holding them, and showing them.

An answer is held in the form a person gave it (a duration keeps "6 months",
a multi-choice keeps the order of its options); :func:`expression_value` gives
what expressions see (weeks, a set of ids). Every check raises
:class:`AnswerError`, which carries both a patient-facing message key (see
:mod:`screening.i18n`) and a plain description for answer-file errors.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Any

from screening.engine.dates import parse_iso_date
from screening.engine.numbers import MAX_MAGNITUDE, number_problem
from screening.engine.numbers import number_text as _number_text
from screening.engine.run.questionnaire import Question, Questionnaire
from screening.engine.suggest import did_you_mean
from screening.i18n import plural, t

WEEKS_PER_UNIT = {"days": 1 / 7, "weeks": 1.0, "months": 52 / 12, "years": 52.0}
_UNIT_NAMES = {
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$")



class AnswerError(ValueError):
    """An answer that does not fit its question."""

    def __init__(self, detail: str, key: str = "error.required", **params: Any):
        super().__init__(detail)
        self.detail = detail
        self.key = key
        self.params = params

    def message(self, language: str = "en") -> str:
        """The patient-facing message, in their language (a duration bound in its words)."""
        values = {name: value.display(language) if isinstance(value, DurationBound) else value for name, value in self.params.items()}
        return t(self.key, language, **values)  # its ".one" form for a count of 1


class DurationAnswer:
    """A held duration (a plain class, not a dataclass: see run/questionnaire.py)."""

    __slots__ = ("amount", "unit")

    def __init__(self, amount: float | int, unit: str):
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "unit", unit)  # days, weeks, months or years

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a DurationAnswer does not change")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DurationAnswer) and (self.amount, self.unit) == (other.amount, other.unit)

    def __hash__(self) -> int:
        return hash((self.amount, self.unit))

    def __repr__(self) -> str:
        return f"DurationAnswer(amount={self.amount!r}, unit={self.unit!r})"

    @property
    def weeks(self) -> float:
        return self.amount * WEEKS_PER_UNIT[self.unit]

    def display(self, language: str = "en") -> str:
        amount = int(self.amount) if float(self.amount).is_integer() else self.amount
        unit_key = f"unit.{self.unit[:-1]}" if amount == 1 else f"unit.{self.unit}"
        return f"{amount} {t(unit_key, language)}"


class DurationBound:
    """A duration question's ``min`` or ``max`` (weeks, as the file gives them), shown as a
    clinician wrote it: "1 week", "520 weeks (10 years)", "13 weeks (3 months)"."""

    __slots__ = ("weeks",)

    def __init__(self, weeks: float | int):
        self.weeks = weeks

    def display(self, language: str = "en") -> str:
        weeks = self.weeks
        shown = f"{number_text(weeks)} {t('unit.week' if weeks == 1 else 'unit.weeks', language)}"
        for unit in ("years", "months"):
            amount = weeks / WEEKS_PER_UNIT[unit]
            if amount >= 1 and abs(amount - round(amount)) < 1e-9:
                return f"{shown} ({DurationAnswer(round(amount), unit).display(language)})"
        return shown

    def __str__(self) -> str:
        return self.display()


def clean_text(text: str) -> str:
    """Free text made safe to show: no control characters, bidi controls made visible."""
    from screening.terminal_text import clean_free_text  # only for text answers: not at start-up

    return clean_free_text(text)


def number_text(value: float | int) -> str:
    """A number shown exactly: 1234567, 0.1 (see screening.engine.numbers)."""
    return _number_text(value)


def _check_range(question: Question, number: float | int) -> None:
    if not -MAX_MAGNITUDE <= number <= MAX_MAGNITUDE:  # the policy holds whatever the question's range
        raise AnswerError(f"the number {number_problem(number)}", "error.number")
    low, high = question.minimum, question.maximum
    value = number
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            raise AnswerError(
                f"{number_text(value)} is outside {number_text(low)}-{number_text(high)}",
                "error.between",
                min=number_text(low),
                max=number_text(high),
            )
        if low is not None:
            raise AnswerError(f"{number_text(value)} is below the minimum {number_text(low)}", "error.at_least", min=number_text(low))
        raise AnswerError(f"{number_text(value)} is above the maximum {number_text(high)}", "error.at_most", max=number_text(high))


def parse_duration(question: Question, raw: Any) -> DurationAnswer:
    units = question.settings.get("units", ["weeks", "months", "years"])
    if isinstance(raw, dict):
        if set(raw) != {"value", "unit"}:
            raise AnswerError("write a duration as {value: 6, unit: months}", "error.duration")
        amount, unit_text = raw["value"], raw["unit"]
        if isinstance(amount, bool) or not isinstance(amount, (int, float)) or not isinstance(unit_text, str):
            raise AnswerError("write a duration as {value: 6, unit: months}", "error.duration")
    elif isinstance(raw, str):
        match = _DURATION.match(raw)
        if not match:
            raise AnswerError(f"write a duration like '6 months' or '2 years', not {raw!r}", "error.duration")
        amount = float(match.group(1)) if "." in match.group(1) else int(match.group(1))
        unit_text = match.group(2)
    else:
        raise AnswerError(f"write a duration like '6 months' or '2 years', not {raw!r}", "error.duration")
    unit = _UNIT_NAMES.get(unit_text.lower())
    if unit is None or unit not in units:
        shown = ", ".join(units)
        raise AnswerError(f"the unit must be one of {shown}, not {unit_text!r}", "error.duration_unit", units=shown)
    if number_problem(amount):
        raise AnswerError(f"the number {number_problem(amount)}", "error.duration")
    if amount < 0:
        raise AnswerError(f"a duration cannot be negative: {raw!r}", "error.duration")
    answer = DurationAnswer(amount, unit)
    weeks = answer.weeks
    if number_problem(weeks):  # within the policy in its own unit, beyond it in weeks
        raise AnswerError(f"{answer.display()} in weeks: the number {number_problem(weeks)}", "error.duration")
    low, high = question.minimum, question.maximum
    if low is not None and weeks < low:
        bound = DurationBound(low)
        raise AnswerError(f"{answer.display()} is shorter than the minimum, {bound}", "error.at_least", min=bound)
    if high is not None and weeks > high:
        bound = DurationBound(high)
        raise AnswerError(f"{answer.display()} is longer than the maximum, {bound}", "error.at_most", max=bound)
    return answer


def parse_date(question: Question, raw: Any, today: _dt.date | None = None) -> _dt.date:
    if isinstance(raw, _dt.date):
        value = raw
    elif isinstance(raw, str):
        try:
            value = parse_iso_date(raw.strip())
        except ValueError as exc:
            raise AnswerError(str(exc), "error.date") from None
    else:
        raise AnswerError(f"write a date as YYYY-MM-DD, not {raw!r}", "error.date")
    today = today or _dt.date.today()
    bounds = {key: question.settings.get(key) for key in ("min", "max")}
    for key, bound in bounds.items():
        if bound is None:
            continue
        limit = today if bound == "today" else parse_iso_date(bound)
        if key == "min" and value < limit:
            raise AnswerError(f"{value} is before {limit}", "error.date_min", min=limit.isoformat())
        if key == "max" and value > limit:
            raise AnswerError(f"{value} is after {limit}", "error.date_max", max=limit.isoformat())
    return value


def parse_answer(question: Question, raw: Any, today: _dt.date | None = None) -> Any:
    """Check a raw answer (from a file or a screen) and return the held form."""
    kind = question.type
    if kind == "note":
        raise AnswerError("a note is never answered")
    if kind in ("single_choice", "yes_no"):
        if not isinstance(raw, str):
            raise AnswerError(f"expected one option id, not {_show(raw)}", "error.choose_one")
        if raw not in question.option_ids:
            ids = ", ".join(question.option_ids)
            raise AnswerError(f"unknown option {raw!r}{did_you_mean(raw, question.option_ids)}; the options are {ids}", "error.choose_one")
        return raw
    if kind == "multi_choice":
        return parse_multi(question, raw)
    if kind in ("integer", "scale"):
        if isinstance(raw, bool) or not isinstance(raw, int):
            if isinstance(raw, float) and raw.is_integer():
                raw = int(raw)
            else:
                raise AnswerError(f"expected a whole number, not {_show(raw)}", "error.whole_number")
        _check_range(question, raw)
        return raw
    if kind == "number":
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
            raise AnswerError(f"expected a number, not {_show(raw)}", "error.number")
        _check_range(question, raw)
        return raw
    if kind == "duration":
        return parse_duration(question, raw)
    if kind == "text":
        if not isinstance(raw, str):
            raise AnswerError(f"expected text, not {_show(raw)}", "error.required")
        text = clean_text(raw)
        limit = question.settings.get("max_length", 500)
        if len(text) > limit:
            raise AnswerError(f"the text is {len(text)} characters; the limit is {limit}", "error.too_long", max=limit)
        return text
    if kind == "date":
        return parse_date(question, raw, today)
    raise AssertionError(kind)  # pragma: no cover


def parse_multi(question: Question, raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(type(item) is str for item in raw):
        raise AnswerError(f"expected a list of option ids, like [a, b], not {_show(raw)}", "error.choose_one")
    known = question.option_ids
    picked = set(raw)
    if not picked <= question.option_set:
        for item in raw:
            if item not in question.option_set:
                raise AnswerError(f"unknown option {item!r}{did_you_mean(item, known)}; the options are {', '.join(known)}", "error.choose_one")
    if len(picked) != len(raw):
        raise AnswerError("an option is listed twice", "error.choose_one")
    chosen = tuple(option for option in known if option in picked)
    if len(chosen) > 1:
        for option_id in question.exclusive_ids & picked:
            raise AnswerError(
                f"'{option_id}' cannot be chosen together with other options",
                "error.exclusive",
                option=option_id,
            )
    least = question.settings.get("min_selected")
    most = question.settings.get("max_selected")
    if least is not None and len(chosen) < least:
        raise AnswerError(f"choose at least {plural(least, 'option', 'options')}", "error.min_selected", min=least)
    if most is not None and len(chosen) > most:
        raise AnswerError(f"choose at most {plural(most, 'option', 'options')}", "error.max_selected", max=most)
    return chosen


def _show(raw: Any) -> str:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if raw is None:
        return "nothing"
    if isinstance(raw, dict):
        return "a mapping"
    if isinstance(raw, list):
        return "a list"
    return repr(raw)


def expression_value(question: Question, answer: Any) -> Any:
    """What expressions see of a held answer."""
    if answer is None:
        return None
    if question.type == "multi_choice":
        return frozenset(answer)
    if question.type == "duration":
        return answer.weeks
    return answer


def json_value(question: Question, answer: Any) -> Any:
    """The answer as JSON data (the 'value' of the JSON summary)."""
    if isinstance(answer, DurationAnswer):
        weeks = answer.weeks
        return int(weeks) if float(weeks).is_integer() else round(weeks, 4)
    if isinstance(answer, tuple):
        return list(answer)
    if isinstance(answer, _dt.date):
        return answer.isoformat()
    return answer


def answer_file_value(answer: Any) -> Any:
    """The answer as an answer file writes it (and parse_answer reads it back)."""
    if isinstance(answer, DurationAnswer):
        return f"{number_text(answer.amount)} {answer.unit}"
    if isinstance(answer, tuple):
        return list(answer)
    if isinstance(answer, _dt.date):
        return answer.isoformat()
    return answer


def display_answer(questionnaire: Questionnaire, question: Question, answer: Any, language: str) -> str:
    """The answer as a person reads it, in their language."""
    if answer is None:
        return t("no_answer", language)
    if question.type == "yes_no":
        return t(answer, language)
    if question.type == "single_choice":
        option = question.option(answer)
        return questionnaire.text(option.text, language) if option else str(answer)
    if question.type == "multi_choice":
        texts = []
        for option_id in answer:
            option = question.option(option_id)
            texts.append(questionnaire.text(option.text, language) if option else option_id)
        return "; ".join(texts)
    if isinstance(answer, DurationAnswer):
        return answer.display(language)
    if isinstance(answer, _dt.date):
        return answer.isoformat()
    if question.type in ("integer", "number", "scale"):
        shown = number_text(answer)
        unit = questionnaire.text(question.settings.get("unit"), language)
        if question.type == "scale":
            return f"{shown} / {number_text(question.settings.get('max', 10))}"
        return f"{shown} {unit}".strip()
    return str(answer)
