"""Single choice, multi choice and yes/no: one list, wrapping long options.

Textual's RadioSet and SelectionList cut labels to one line; an OptionList
wraps them, so long options stay readable at 80 columns. The marks ``(•)``
and ``[x]`` show the choice without colour (NO_COLOR).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from screening.engine.run.questionnaire import Question, Questionnaire
from screening.i18n import t
from screening.ui.widgets.base import AnswerWidget


class ChoiceList(AnswerWidget, OptionList):
    DEFAULT_CSS = """
    ChoiceList { height: auto; max-height: 100%; border: none; padding: 0; background: $surface; }
    ChoiceList:focus { border: none; }
    ChoiceList > .option-list--option-highlighted { text-style: bold; }
    """
    BINDINGS = [Binding("space", "toggle", "Choose", show=False)]

    def __init__(self, questionnaire: Questionnaire, question: Question, language: str, held: Any):
        self.question = question
        self.multiple = question.type == "multi_choice"
        if question.type == "yes_no":
            self.labels = [t(option.id, language) for option in question.options]
        else:
            self.labels = [questionnaire.text(option.text, language) for option in question.options]
        self.exclusive = {option.id for option in question.options if option.exclusive}
        self._cursor = -1  # the highlighted option, marked '>' so it shows without colour
        if held is None:
            self.chosen: list[str] = []
        else:
            self.chosen = list(held) if self.multiple else [held]
        super().__init__(*self._options(), markup=False, id="answer")

    def _prompt(self, index: int) -> Content:
        option_id = self.question.options[index].id
        on = option_id in self.chosen
        if self.multiple:
            mark = "[x]" if on else "[ ]"
        else:
            mark = "(•)" if on else "( )"
        number = f"{index + 1}." if index < 9 else "  "
        cursor = ">" if index == self._cursor else " "
        return Content.assemble((cursor, "bold"), (mark, "bold" if on else ""), f" {number} ", self.labels[index])

    def _options(self) -> list[Option]:
        return [Option(self._prompt(i), id=o.id) for i, o in enumerate(self.question.options)]

    def on_mount(self) -> None:
        if self.chosen:
            self.highlighted = self.question.option_ids.index(self.chosen[0])
        else:
            self.highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index != self._cursor:
            self._cursor = event.option_index
            self._refresh_prompts()

    def _refresh_prompts(self) -> None:
        for index in range(len(self.question.options)):
            self.replace_option_prompt_at_index(index, self._prompt(index))

    def choose(self, index: int) -> None:
        """Tick (or for a single choice, pick) the option at ``index``."""
        option_id = self.question.options[index].id
        if not self.multiple:
            self.chosen = [option_id]
        elif option_id in self.chosen:
            self.chosen.remove(option_id)
        elif option_id in self.exclusive:
            self.chosen = [option_id]  # "None of these" clears the others
        else:
            self.chosen = [c for c in self.chosen if c not in self.exclusive] + [option_id]
        self.highlighted = index
        self._refresh_prompts()

    def raw_answer(self) -> Any:
        if not self.chosen:
            return None
        if self.multiple:
            return [o for o in self.question.option_ids if o in self.chosen]
        return self.chosen[0]

    def action_toggle(self) -> None:
        if self.highlighted is not None:
            self.choose(self.highlighted)

    def before_next(self) -> None:
        """Enter: a single choice takes the highlighted option."""
        if not self.multiple and self.highlighted is not None:
            self.choose(self.highlighted)

    def action_select(self) -> None:
        self.before_next()

    async def _on_click(self, event: events.Click) -> None:
        event.prevent_default()  # OptionList's own click handler would select and move on
        clicked = event.style.meta.get("option")
        if clicked is not None:
            self.choose(clicked)

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            index = int(event.character) - 1
            if index < len(self.question.options):
                event.stop()
                self.choose(index)
