"""One widget per kind of answer; :func:`answer_widget` picks the right one.

Each kind's module is imported when a question of that kind is first shown:
the first question of a walk should not wait for the widgets of the others.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from screening.ui.widgets.base import AnswerWidget

if TYPE_CHECKING:
    from screening.engine.run.questionnaire import Question, Questionnaire
    from screening.ui.widgets.choice import ChoiceList
    from screening.ui.widgets.duration import DurationInput
    from screening.ui.widgets.entry import EntryInput
    from screening.ui.widgets.scale import ScaleInput

__all__ = ["AnswerWidget", "ChoiceList", "DurationInput", "EntryInput", "ScaleInput", "answer_widget"]

_MODULES = {"ChoiceList": "choice", "DurationInput": "duration", "EntryInput": "entry", "ScaleInput": "scale"}
_KINDS = {
    "single_choice": "ChoiceList",
    "multi_choice": "ChoiceList",
    "yes_no": "ChoiceList",
    "scale": "ScaleInput",
    "duration": "DurationInput",
    "integer": "EntryInput",
    "number": "EntryInput",
    "text": "EntryInput",
    "date": "EntryInput",
}


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return getattr(import_module(f"{__name__}.{_MODULES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def answer_widget(questionnaire: Questionnaire, question: Question, language: str, held: Any) -> AnswerWidget | None:
    """The widget for a question, showing its held answer (None for a note)."""
    name = _KINDS.get(question.type)
    if name is None:
        return None
    widget_class = __getattr__(name)
    return widget_class(questionnaire, question, language, held)  # type: ignore[no-any-return]
