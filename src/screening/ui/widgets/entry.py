"""Integer, number, free text and date: a single input line, checked by the engine."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from textual.widgets import Input

from screening.engine.answers import number_text
from screening.engine.questionnaire import Question, Questionnaire
from screening.i18n import t
from screening.ui.widgets.base import AnswerWidget


def _parse_number(text: str, whole: bool) -> Any:
    """What the person typed, as a number when it is one (else the text, for a clear error)."""
    cleaned = text.strip().replace(",", ".") if not whole else text.strip()
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        number = float(cleaned)
    except ValueError:
        return cleaned
    return number


class EntryInput(AnswerWidget, Input):
    DEFAULT_CSS = """
    EntryInput { width: 40; }
    EntryInput.-text { width: 100%; }
    """

    def __init__(self, questionnaire: Questionnaire, question: Question, language: str, held: Any):
        self.question = question
        kind = question.type
        value = ""
        if held is not None:
            value = held.isoformat() if isinstance(held, _dt.date) else (number_text(held) if kind in ("integer", "number") else str(held))
        placeholder = ""
        max_length = 0
        if kind == "date":
            placeholder = t("ui.date_hint", language)
            max_length = 10
        elif kind == "text":
            max_length = int(question.settings.get("max_length", 500))
            placeholder = t("ui.text_hint", language, max=max_length)
        elif kind in ("integer", "number"):
            low, high = question.minimum, question.maximum
            if low is not None and high is not None:
                placeholder = f"{number_text(low)}-{number_text(high)}"
            unit = questionnaire.text(question.settings.get("unit"), language)
            if unit:
                placeholder = f"{placeholder} {unit}".strip()
        super().__init__(
            value=value,
            placeholder=placeholder,
            max_length=max_length,
            restrict=r"[-0-9.,]*" if kind in ("integer", "number") else (r"[0-9-]*" if kind == "date" else None),
            id="answer",
            classes="-text" if kind == "text" else "",
            select_on_focus=False,
        )

    def raw_answer(self) -> Any:
        text = self.value
        if not text.strip():
            return None
        kind = self.question.type
        if kind in ("integer", "number"):
            return _parse_number(text, kind == "integer")
        if kind == "date":
            return text.strip()
        return text

    def action_submit(self) -> None:  # type: ignore[override]
        self.post_message(self.Submitted())
