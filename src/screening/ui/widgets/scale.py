"""A 0-10 scale: a row of numbers, chosen by digit keys, arrows or a click."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

from screening.engine.run.questionnaire import Question, Questionnaire
from screening.terminal_text import for_terminal
from screening.ui.widgets.base import AnswerWidget
from screening.ui.widgets.digits import DigitKeys

CELL = 6  # columns per number: room for "[10]" and spaces


class ScaleInput(AnswerWidget, Widget, can_focus=True):
    DEFAULT_CSS = """
    ScaleInput { height: auto; width: 100%; padding: 0 0; }
    ScaleInput:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "Less", show=False),
        Binding("right", "move(1)", "More", show=False),
        Binding("home", "jump('min')", show=False),
        Binding("end", "jump('max')", show=False),
    ]

    def __init__(self, questionnaire: Questionnaire, question: Question, language: str, held: Any):
        super().__init__(id="answer")
        self.question = question
        self.low = int(question.settings.get("min", 0))
        self.high = int(question.settings.get("max", 10))
        self.value: int | None = held  # no default: None until the person picks a number
        self.min_label = questionnaire.text(question.settings.get("min_label"), language)
        self.max_label = questionnaire.text(question.settings.get("max_label"), language)
        self._digits = DigitKeys(lambda number: self.low <= number <= self.high)

    def _numbers(self) -> list[int]:
        return list(range(self.low, self.high + 1))

    def _per_row(self) -> int:
        width = self.size.width or 80
        return max(1, width // CELL)

    def render(self) -> Content:
        numbers = self._numbers()
        per_row = self._per_row()
        lines: list[Content] = []
        for start in range(0, len(numbers), per_row):
            parts: list[Any] = []
            for number in numbers[start : start + per_row]:
                if number == self.value:
                    parts.append((f"[{number}]".center(CELL), "reverse bold"))
                else:
                    parts.append(f" {number} ".center(CELL))
            lines.append(Content.assemble(*parts))
        labels = []
        if self.min_label:
            labels.append(f"{self.low} = {self.min_label}")
        if self.max_label:
            labels.append(f"{self.high} = {self.max_label}")
        for label in labels:
            lines.append(Content.styled(for_terminal(label, single_line=True), "dim"))
        return Content("\n").join(lines)

    def set_value(self, value: int) -> None:
        self.value = max(self.low, min(self.high, value))
        self.refresh(layout=True)
        self.post_message(AnswerWidget.Changed())

    def raw_answer(self) -> Any:
        return self.value

    def action_move(self, step: int) -> None:
        self.set_value(self.low if self.value is None else self.value + step)

    def action_jump(self, where: str) -> None:
        self.set_value(self.low if where == "min" else self.high)

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if not character or not character.isdigit() or not character.isascii():
            return
        event.stop()
        picked = self._digits.press(character)  # "1" then "0" quickly gives 10
        if picked is not None:
            self.set_value(picked[0])

    def on_click(self, event: events.Click) -> None:
        numbers = self._numbers()
        per_row = self._per_row()
        rows = (len(numbers) + per_row - 1) // per_row
        if event.y >= rows:
            return
        index = event.y * per_row + event.x // CELL
        if 0 <= index < len(numbers) and event.x // CELL < per_row:
            self.set_value(numbers[index])
        self.focus()
