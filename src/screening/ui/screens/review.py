"""Review: every visible answer; choosing one edits it and comes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from screening.engine.run.answers import display_answer
from screening.engine.run.session import Session
from screening.i18n import t
from screening.terminal_text import for_terminal
from screening.ui.keys import bind, press_focused_button


class ReviewScreen(Screen[None]):
    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.language = session.language
        bind(self, self.language, [("enter", "enter", "ui.change")], priority=True)
        bind(self, self.language, [("escape", "back", "ui.back"), ("f10", "submit", "ui.submit")])

    def compose(self) -> ComposeResult:
        yield Static(Content(t("ui.review_title", self.language)), id="review-title")
        yield Static(Content(t("ui.review_hint", self.language)), id="review-hint")
        yield OptionList(markup=False, id="answers")
        yield Static(id="review-error")
        with Horizontal(id="buttons"):
            yield Button(Content(t("ui.back", self.language)), id="back")
            yield Button(Content(t("ui.submit", self.language)), id="submit", variant="success")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_answers()
        self.query_one("#answers", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_answers()

    def refresh_answers(self) -> None:
        answers = self.query_one("#answers", OptionList)
        highlighted = answers.highlighted
        options = [Option(self._prompt(question_id, index == (highlighted or 0)), id=question_id) for index, question_id in enumerate(self._ids())]
        answers.set_options(options)
        if options:
            answers.highlighted = min(highlighted or 0, len(options) - 1)
        missing = self.session.missing_required()
        error = self.query_one("#review-error", Static)
        error.update(Content("! " + t("ui.missing", self.language, count=len(missing))) if missing else "")
        error.display = bool(missing)

    def _ids(self) -> list[str]:
        return [q.id for q in self.session.visible_questions if q.answerable]

    def _prompt(self, question_id: str, cursor: bool) -> Content:
        """One answer; '>' marks the highlighted one so it shows without colour."""
        session = self.session
        questionnaire = session.questionnaire
        question = questionnaire.question_by_id[question_id]
        held = session.answer(question_id)
        shown = display_answer(questionnaire, question, held, self.language)
        mark = "!" if held is None and question.required else " "
        return Content.assemble(
            (">" if cursor else " ", "bold"),
            (mark + " ", "bold"),
            (for_terminal(questionnaire.text(question.text, self.language), single_line=True), "bold"),
            "\n     -> ",
            shown,
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        answers = event.option_list
        for index, question_id in enumerate(self._ids()):
            answers.replace_option_prompt_at_index(index, self._prompt(question_id, index == event.option_index))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.app.edit_question(event.option.id)  # type: ignore[attr-defined]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "submit":
            self.action_submit()
        elif event.button.id == "back":
            self.action_back()

    def action_enter(self) -> None:
        if press_focused_button(self):
            return
        answers = self.query_one("#answers", OptionList)
        if answers.highlighted is not None:
            option = answers.get_option_at_index(answers.highlighted)
            if option.id:
                self.app.edit_question(option.id)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        if self.is_current:
            self.app.pop_screen()

    def action_submit(self) -> None:
        missing = self.session.missing_required()
        if missing:
            self.app.edit_question(missing[0].id)  # type: ignore[attr-defined]
            return
        self.app.submit()  # type: ignore[attr-defined]
