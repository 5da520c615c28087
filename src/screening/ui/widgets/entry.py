"""Integer, number, free text and date: one input line, checked by the engine.

Numbers and dates get an on-screen pad too, for people using only a mouse.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from screening.engine.run.answers import number_text
from screening.engine.run.questionnaire import Question, Questionnaire
from screening.i18n import t
from screening.ui.widgets.base import AnswerWidget
from screening.ui.widgets.number_pad import NumberPad


MAX_NUMBER_CHARS = 12  # digits, sign and point: far beyond any range a question asks for
DECIMALS = 4  # a number question accepts this many places after the point
WHOLE = re.compile(r"-?[0-9]+")
DECIMAL = re.compile(r"-?[0-9]+([.][0-9]+)?|-?[.][0-9]+")


def parse_number(text: str) -> Any:
    """What the person typed, as a number when it is one (else the text, for a clear error)."""
    cleaned = text.strip().replace(",", ".")
    if not DECIMAL.fullmatch(cleaned) or len(cleaned) > MAX_NUMBER_CHARS:
        return cleaned  # never int() or float() of something unbounded ("1e999", 400 digits)
    if WHOLE.fullmatch(cleaned):
        return int(cleaned)
    value = float(cleaned)
    return value if math.isfinite(value) else cleaned


def number_problem(text: str, whole: bool, language: str, max_chars: int = MAX_NUMBER_CHARS) -> str | None:
    """One clear message when ``text`` is not a plain, finite number of sane length (None when it is)."""
    cleaned = text.strip().replace(",", ".")
    if len(cleaned) > max_chars:
        return t("error.too_many_digits", language, max=max_chars)
    pattern = WHOLE if whole else DECIMAL
    if not pattern.fullmatch(cleaned):
        return t("error.whole_number" if whole else "error.number", language)
    return None


def number_width(question: Question) -> int:
    """How many characters a number for ``question`` can need (sign, digits, point and decimals)."""
    low, high = question.minimum, question.maximum
    if low is None or high is None:
        return MAX_NUMBER_CHARS
    digits = max(len(str(int(abs(bound)))) for bound in (low, high))
    sign = 1 if low < 0 else 0
    decimals = 0 if question.type == "integer" else 1 + DECIMALS
    return min(MAX_NUMBER_CHARS, sign + digits + decimals)


class EntryInput(AnswerWidget, Vertical):
    DEFAULT_CSS = """
    EntryInput { height: auto; }
    EntryInput Input { width: 40; }
    EntryInput.-text Input { width: 100%; }
    """

    def __init__(self, questionnaire: Questionnaire, question: Question, language: str, held: Any):
        kind = question.type
        super().__init__(id="answer", classes="-text" if kind == "text" else "")
        self.question = question
        self.language = language
        value = ""
        if held is not None:
            if isinstance(held, _dt.date):
                value = held.isoformat()
            elif kind in ("integer", "number"):
                value = number_text(held)
            else:
                value = str(held)
        placeholder = ""
        max_length = 0
        restrict = None
        if kind == "date":
            placeholder = t("ui.date_hint", language)
            max_length = 10
            restrict = r"[0-9-]*"
        elif kind == "text":
            max_length = int(question.settings.get("max_length", 500))
            placeholder = t("ui.text_hint", language, max=max_length)
        else:
            low, high = question.minimum, question.maximum
            if low is not None and high is not None:
                placeholder = t("ui.number_range_hint", language, min=number_text(low), max=number_text(high))
            else:
                placeholder = t("ui.number_hint", language)
            unit = questionnaire.text(question.settings.get("unit"), language)
            if unit:
                placeholder = f"{placeholder} {unit}".strip()
            # digits only (a minus only where the range allows one), no longer than the range needs
            sign = "-?" if low is None or low < 0 else ""
            restrict = sign + (r"[0-9]*" if kind == "integer" else r"[0-9]*[.,]?[0-9]*")
            max_length = number_width(question)
        self.field = Input(
            value=value,
            placeholder=placeholder,
            max_length=max_length,
            restrict=restrict,
            id="entry",
            select_on_focus=False,
        )

    def compose(self) -> ComposeResult:
        yield self.field
        kind = self.question.type
        if kind == "integer":
            yield NumberPad("#entry")
        elif kind == "number":
            yield NumberPad("#entry", "1234567890.")
        elif kind == "date":
            yield NumberPad("#entry", "1234567890-")

    def input_problem(self, language: str) -> str | None:
        kind = self.question.type
        if kind not in ("integer", "number") or not self.field.value.strip():
            return None
        return number_problem(self.field.value, kind == "integer", language, number_width(self.question))

    def raw_answer(self) -> Any:
        text = self.field.value
        if not text.strip():
            return None
        kind = self.question.type
        if kind in ("integer", "number"):
            return parse_number(text)
        if kind == "date":
            return text.strip()
        return text

    def focus_answer(self) -> None:
        self.field.focus()
