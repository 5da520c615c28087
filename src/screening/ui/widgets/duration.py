"""A duration: a number and a unit (weeks, months, years, as the file allows).

No unit is chosen in advance (unless the file allows only one): "18" with a
unit the person never picked could be weeks or years.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input

from screening.engine.run.answers import DurationAnswer, number_text
from screening.engine.run.questionnaire import Question, Questionnaire
from screening.i18n import t
from screening.ui.widgets.base import AnswerWidget
from screening.ui.widgets.number_pad import NumberPad


class UnitPicker(Widget, can_focus=True):
    """One line of units, the chosen one marked (•) so it shows without colour; none at first."""

    DEFAULT_CSS = """
    UnitPicker { width: auto; height: 1; margin: 1 0 0 2; }
    UnitPicker:focus { background: $boost; text-style: bold; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", show=False),
        Binding("right", "move(1)", show=False),
        Binding("space", "move(1)", show=False),
    ]
    GAP = 3

    def __init__(self, labels: list[str], chosen: int | None):
        super().__init__(id="unit")
        self.labels = labels
        self.chosen = chosen

    def _cells(self) -> list[str]:
        return [("(•) " if i == self.chosen else "( ) ") + label for i, label in enumerate(self.labels)]

    def render(self) -> Content:
        parts: list[Any] = []
        for index, cell in enumerate(self._cells()):
            if index:
                parts.append(" " * self.GAP)
            parts.append((cell, "bold reverse" if index == self.chosen else ""))
        return Content.assemble(*parts)

    def get_content_width(self, container: Any, viewport: Any) -> int:
        return sum(len(cell) for cell in self._cells()) + self.GAP * (len(self.labels) - 1)

    def action_move(self, step: int) -> None:
        if self.chosen is None:
            self.chosen = 0 if step > 0 else len(self.labels) - 1
        else:
            self.chosen = (self.chosen + step) % len(self.labels)
        self.refresh()
        self.post_message(AnswerWidget.Changed())

    def on_click(self, event: events.Click) -> None:
        x = 0
        for index, cell in enumerate(self._cells()):
            if x <= event.x < x + len(cell):
                self.chosen = index
                self.refresh()
                self.post_message(AnswerWidget.Changed())
                break
            x += len(cell) + self.GAP
        self.focus()


AMOUNT_CHARS = 7  # "1234.56": more than a lifetime in any unit


class DurationInput(AnswerWidget, Vertical):
    DEFAULT_CSS = """
    DurationInput { height: auto; }
    DurationInput > Horizontal { height: auto; }
    DurationInput Input { width: 14; }
    """

    def __init__(self, questionnaire: Questionnaire, question: Question, language: str, held: Any):
        super().__init__(id="answer")
        self.question = question
        self.language = language
        self.units: list[str] = list(question.settings.get("units", ["weeks", "months", "years"]))
        self.held: DurationAnswer | None = held

    def compose(self) -> ComposeResult:
        amount = number_text(self.held.amount) if self.held else ""
        if self.held:
            chosen: int | None = self.units.index(self.held.unit)
        else:
            chosen = 0 if len(self.units) == 1 else None
        with Horizontal():
            yield Input(
                value=amount, placeholder=t("ui.amount_hint", self.language), restrict=r"[0-9]*[.,]?[0-9]*", max_length=AMOUNT_CHARS, id="amount", select_on_focus=False
            )
            yield UnitPicker([t(f"unit.{unit}", self.language) for unit in self.units], chosen)
        yield NumberPad("#amount", "1234567890.")

    def input_problem(self, language: str) -> str | None:
        from screening.ui.widgets.entry import number_problem

        text = self.query_one("#amount", Input).value
        if not text.strip():
            return None
        problem = number_problem(text, False, language, AMOUNT_CHARS)
        if problem is None and self.query_one(UnitPicker).chosen is None:
            units = ", ".join(t(f"unit.{unit}", language) for unit in self.units)
            return t("error.duration_unit", language, units=units) + " " + t("ui.unit_keys", language)
        return problem

    def raw_answer(self) -> Any:
        text = self.query_one("#amount", Input).value.strip().replace(",", ".")
        if not text:
            return None
        chosen = self.query_one(UnitPicker).chosen
        if chosen is None:
            return None
        return f"{text} {self.units[chosen]}"

    def focus_answer(self) -> None:
        self.query_one("#amount", Input).focus()
