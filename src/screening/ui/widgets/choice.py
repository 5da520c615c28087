"""Single choice, multi choice and yes/no: one list, wrapping long options.

Textual's RadioSet and SelectionList cut labels to one line; an OptionList
wraps them, so long options stay readable at 80 columns. The marks ``(•)``
and ``[x]`` show the choice without colour (NO_COLOR).

Nothing is highlighted or chosen until the person acts: a digit (two digits
for option 10 and above), Space or a click chooses; arrows move the highlight,
and Enter on a highlighted option of a single choice takes it. A held answer
(Back, or change from the review) shows as chosen and highlighted.
Yes/no reads No, Yes (then Not sure), the order of every other No/Yes on screen.
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
from screening.terminal_text import for_terminal
from screening.ui.widgets.base import AnswerWidget
from screening.ui.widgets.digits import DigitKeys

YES_NO_ORDER = ("no", "yes", "not_sure")


class ChoiceList(AnswerWidget, OptionList):
    DEFAULT_CSS = """
    ChoiceList { height: auto; max-height: 100%; border: none; padding: 0; background: $surface; }
    ChoiceList:focus { border: none; }
    ChoiceList > .option-list--option-highlighted { text-style: bold; }
    """
    # Only the arrows move the highlight (one option at a time, seen moving); the page keys
    # scroll the question instead of jumping to the last option, which Enter would then take.
    BINDINGS = [
        Binding("space", "toggle", "Choose", show=False),
        Binding("pageup", "scroll_question('page_up')", show=False),
        Binding("pagedown", "scroll_question('page_down')", show=False),
        Binding("home", "scroll_question('scroll_home')", show=False),
        Binding("end", "scroll_question('scroll_end')", show=False),
    ]

    def __init__(self, questionnaire: Questionnaire, question: Question, language: str, held: Any):
        self.question = question
        self.multiple = question.type == "multi_choice"
        options = list(question.options)
        if question.type == "yes_no":
            options.sort(key=lambda option: YES_NO_ORDER.index(option.id) if option.id in YES_NO_ORDER else len(YES_NO_ORDER))
            self.labels = [t(option.id, language) for option in options]
        else:
            self.labels = [questionnaire.text(option.text, language) for option in options]
        self.ids = [option.id for option in options]  # in the order shown
        self.exclusive = {option.id for option in options if option.exclusive}
        self._cursor = -1  # the highlighted option, marked '>' so it shows without colour
        if held is None:
            self.chosen: list[str] = []
        else:
            self.chosen = list(held) if self.multiple else [held]
        self._digits = DigitKeys(lambda number: 1 <= number <= len(self.ids))
        self._before_digit: list[str] = []
        super().__init__(*self._options(), markup=False, id="answer")

    def _prompt(self, index: int) -> Content:
        on = self.ids[index] in self.chosen
        if self.multiple:
            mark = "[x]" if on else "[ ]"
        else:
            mark = "(•)" if on else "( )"
        width = len(str(len(self.ids)))
        number = f"{index + 1}.".rjust(width + 1)
        cursor = ">" if index == self._cursor else " "
        return Content.assemble((cursor, "bold"), (mark, "bold" if on else ""), f" {number} ", for_terminal(self.labels[index], single_line=True))

    def _options(self) -> list[Option]:
        return [Option(self._prompt(i), id=option_id) for i, option_id in enumerate(self.ids)]

    def on_mount(self) -> None:
        # only a held answer is highlighted: an untouched question has nothing to accept
        self.highlighted = self.ids.index(self.chosen[0]) if self.chosen else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        # The mark follows the highlight as it is now, not the event's index: OptionList posts a
        # highlight of option 1 while mounting, which arrives after on_mount cleared it, and a
        # mark drawn from it would show option 1 as highlighted on an untouched question.
        cursor = -1 if self.highlighted is None else self.highlighted
        if cursor != self._cursor:
            self._cursor = cursor
            self._refresh_prompts()

    def _refresh_prompts(self) -> None:
        for index in range(len(self.ids)):
            self.replace_option_prompt_at_index(index, self._prompt(index))

    def choose(self, index: int) -> None:
        """Tick (or for a single choice, pick) the option at ``index`` (in the order shown)."""
        option_id = self.ids[index]
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
        self.post_message(AnswerWidget.Changed())

    def action_scroll_question(self, how: str) -> None:
        parent = self.parent
        if parent is not None and hasattr(parent, how):
            getattr(parent, how)(animate=False)

    def raw_answer(self) -> Any:
        if not self.chosen:
            return None
        if self.multiple:
            return [o for o in self.question.option_ids if o in self.chosen]
        return self.chosen[0]

    def action_toggle(self) -> None:
        if self.highlighted is not None:
            self._digits.forget()
            self.choose(self.highlighted)

    def before_next(self) -> None:
        """Enter: a single choice takes the option the person moved to (nothing when untouched)."""
        if not self.multiple and self.highlighted is not None and self.ids[self.highlighted] not in self.chosen:
            self.choose(self.highlighted)

    def action_select(self) -> None:
        self.before_next()

    async def _on_click(self, event: events.Click) -> None:
        event.prevent_default()  # OptionList's own click handler would select and move on
        clicked = event.style.meta.get("option")
        if clicked is not None:
            self._digits.forget()
            self.choose(clicked)

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if not character or not character.isdigit() or not character.isascii():
            return
        event.stop()
        picked = self._digits.press(character)
        if picked is None:
            return
        number, replaces = picked
        if replaces:
            self.chosen = list(self._before_digit)  # "1" then "0": option 10, not 1 and 10
        else:
            self._before_digit = list(self.chosen)
        self.choose(number - 1)
