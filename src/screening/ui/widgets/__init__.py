"""One widget per kind of answer; :func:`answer_widget` picks the right one."""

from __future__ import annotations

from typing import Any

from screening.engine.run.questionnaire import Question, Questionnaire
from screening.ui.widgets.base import AnswerWidget
from screening.ui.widgets.choice import ChoiceList
from screening.ui.widgets.duration import DurationInput
from screening.ui.widgets.entry import EntryInput
from screening.ui.widgets.scale import ScaleInput

__all__ = ["AnswerWidget", "ChoiceList", "DurationInput", "EntryInput", "ScaleInput", "answer_widget"]


def answer_widget(questionnaire: Questionnaire, question: Question, language: str, held: Any) -> AnswerWidget | None:
    """The widget for a question, showing its held answer (None for a note)."""
    kind = question.type
    if kind in ("single_choice", "multi_choice", "yes_no"):
        return ChoiceList(questionnaire, question, language, held)
    if kind == "scale":
        return ScaleInput(questionnaire, question, language, held)
    if kind == "duration":
        return DurationInput(questionnaire, question, language, held)
    if kind in ("integer", "number", "text", "date"):
        return EntryInput(questionnaire, question, language, held)
    return None
