"""Integer, number, free text and date: one input line, checked by the engine.

Numbers and dates get an on-screen pad too, for people using only a mouse.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from screening.engine.run.answers import number_text
from screening.engine.run.questionnaire import Question, Questionnaire
from screening.i18n import t
from screening.ui.widgets.base import AnswerWidget
from screening.ui.widgets.number_pad import NumberPad


def parse_number(text: str) -> Any:
    """What the person typed, as a number when it is one (else the text, for a clear error)."""
    cleaned = text.strip().replace(",", ".")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        return float(cleaned)
    except ValueError:
        return cleaned


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
                placeholder = f"{number_text(low)}-{number_text(high)}"
            unit = questionnaire.text(question.settings.get("unit"), language)
            if unit:
                placeholder = f"{placeholder} {unit}".strip()
            restrict = r"-?[0-9]*" if kind == "integer" else r"-?[0-9]*[.,]?[0-9]*"
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
