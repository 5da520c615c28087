"""One question at a time: section, progress, the question, help, the answer, errors."""

from __future__ import annotations

import asyncio
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, ProgressBar, Static

from screening.engine.run.answers import AnswerError
from screening.engine.run.questionnaire import Question
from screening.engine.run.session import Session
from screening.i18n import t
from screening.terminal_text import for_terminal
from screening.ui.keys import bind, press_focused_button
from screening.ui.widgets import AnswerWidget, answer_widget


class QuestionScreen(Screen[None]):
    """Walks the visible questions; in review mode it edits one and returns."""

    def __init__(self, session: Session, start: str | None = None, review_mode: bool = False):
        super().__init__(classes="question-screen")
        self.session = session
        self.language = session.language
        self.review_mode = review_mode
        first = session.questionnaire.question_by_id[start] if start else session.next_question()
        assert first is not None, "a questionnaire has at least one visible question"
        self.question: Question = first
        self.widget: AnswerWidget | None = None
        self._showing = asyncio.Lock()  # one question is drawn at a time (never two #answer)
        self._skip_armed = False  # an optional question left empty: the second Enter skips it
        bind(self, self.language, [("enter", "enter", "ui.next")], priority=True)
        bind(
            self,
            self.language,
            [
                ("escape", "back", "ui.back"),
                ("f1", "help", "ui.help"),
                ("f2", "review", "ui.review"),
            ],
        )

    def compose(self) -> ComposeResult:
        with Horizontal(id="status"):
            yield Static(id="section")
            yield Static(id="position")
        yield ProgressBar(show_eta=False, show_percentage=False, id="progress")
        with VerticalScroll(id="body"):
            yield Static(id="question-text")
            yield Static(id="help-text")
            yield Static(id="hint")
            yield Static(id="error")
        with Horizontal(id="buttons"):
            yield Button(Content(t("ui.back", self.language)), id="back")
            yield Button(Content(t("ui.help", self.language)), id="help")
            yield Button(Content(t("ui.next", self.language)), id="next", variant="primary")
        yield Footer()

    async def on_mount(self) -> None:
        await self.show(self.question)

    # ------------------------------------------------------------ showing

    async def show(self, question: Question) -> None:
        """Render a question, replacing the previous one's widget; input waits until it is drawn."""
        token = self.app.view_changing()  # type: ignore[attr-defined]
        try:
            async with self._showing:
                if self.on_stack:
                    await self._show(question)
        except NoMatches:
            if self.on_stack:
                raise
            # popped while it was being drawn (a burst of Enter and Escape): nothing to draw on
        finally:
            self.app.view_drawn(token)  # type: ignore[attr-defined]

    @property
    def on_stack(self) -> bool:
        return self in self.app.screen_stack and self.is_attached

    async def _show(self, question: Question) -> None:
        self.question = question
        self._skip_armed = False
        questionnaire = self.session.questionnaire
        language = self.language
        visible = [q for q in self.session.visible_questions if q.answerable]
        number = next((i for i, q in enumerate(visible, start=1) if q.id == question.id), len(visible))
        progress = self.session.progress()
        self.query_one("#section", Static).update(Content(for_terminal(questionnaire.text(question.section.title, language), single_line=True)))
        position = t("ui.progress", language, number=number, total=len(visible)) if question.answerable else ""
        self.query_one("#position", Static).update(Content(position))
        self.query_one("#progress", ProgressBar).update(total=max(progress.total, 1), progress=progress.answered)
        text = questionnaire.text(question.text, language)
        if question.answerable and not question.required:
            text += " " + t("ui.optional", language)
        self.query_one("#question-text", Static).update(Content(for_terminal(text)))
        help_text = questionnaire.text(question.help, language)
        help_widget = self.query_one("#help-text", Static)
        help_widget.update(Content(for_terminal(help_text)))
        help_widget.display = False
        self.query_one("#help", Button).display = bool(help_text)
        self.query_one("#hint", Static).update(Content(self._hint(question)))
        self.set_error("")
        self.query_one("#back", Button).disabled = False
        body = self.query_one("#body", VerticalScroll)
        if self.widget is not None:
            await self.widget.remove()  # type: ignore[attr-defined]
        self.widget = answer_widget(questionnaire, question, language, self.session.answer(question.id))
        if self.widget is not None:
            await body.mount(self.widget, before=self.query_one("#error"))  # type: ignore[arg-type]
            self.widget.focus_answer()
        else:
            self.query_one("#next", Button).focus()
        body.scroll_home(animate=False)

    def _hint(self, question: Question) -> str:
        language = self.language
        kind = question.type
        if kind in ("single_choice", "yes_no"):
            return t("ui.choose_one", language)
        if kind == "multi_choice":
            return t("ui.choose_many", language)
        if kind == "scale":
            return t("ui.scale_hint", language)
        if kind == "note":
            return t("ui.note_hint", language)
        if kind == "duration":
            return t("ui.duration_hint", language)
        return ""

    def set_error(self, message: str) -> None:
        for error in self.query("#error").results(Static):
            error.update(Content(("! " + message) if message else ""))
            error.display = bool(message)
            if message:
                error.scroll_visible(animate=False)

    @on(AnswerWidget.Changed)
    @on(Input.Changed)
    def _answer_changed(self, event: Any) -> None:
        """The person changed the answer: the old message no longer applies."""
        event.stop()
        self._skip_armed = False
        self.set_error("")

    # ------------------------------------------------------------ acting

    class Advance(Message):
        """Enter, travelling through the focused widget's queue (see action_enter)."""

        def __init__(self, token: int) -> None:
            super().__init__()
            self.token = token  # the input gate's change, opened again once Enter is handled

    def action_enter(self) -> None:
        """Enter: press a focused button, else settle the answer and go on.

        Enter is a priority binding, handled before keys typed just before it
        reach the focused input. Posting Advance to that input queues it behind
        them; it bubbles up here once they are in.
        """
        if press_focused_button(self):
            return
        # keys after this Enter belong to no question until the outcome is drawn (input_gate)
        token = self.app.view_changing()  # type: ignore[attr-defined]
        (self.focused or self).post_message(self.Advance(token))

    async def on_question_screen_advance(self, event: Advance) -> None:
        event.stop()
        try:
            if self.is_current and not self._showing.locked():
                if self.widget is not None:
                    self.widget.before_next()
                await self.action_next()
        finally:
            self.app.view_drawn(event.token)  # type: ignore[attr-defined]

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {"next": self.action_next, "back": self.action_back}
        if event.button.id in actions:
            token = self.app.view_changing()  # type: ignore[attr-defined]
            try:
                if event.button.id == "next" and self.widget is not None and self.is_current:
                    self.widget.before_next()
                if self.is_current and not self._showing.locked():
                    await actions[event.button.id]()
            finally:
                self.app.view_drawn(token)  # type: ignore[attr-defined]
        elif event.button.id == "help":
            self.action_help()

    def action_help(self) -> None:
        # F1 can arrive while the screen is still being built: nothing to toggle yet
        for help_widget in self.query("#help-text").results(Static):
            if self.session.questionnaire.text(self.question.help, self.language):
                help_widget.display = not help_widget.display

    def leave(self) -> None:
        """Back to the review (review mode): only while this screen is the one shown."""
        if self.is_current:
            self.dismiss(None)

    def action_review(self) -> None:
        if self.review_mode:
            self.leave()
        elif self.is_current:
            self.app.show_review()  # type: ignore[attr-defined]

    def record(self) -> bool:
        """Store the widget's answer; False (with a message) when it cannot be kept."""
        question = self.question
        if not question.answerable or self.widget is None:
            return True
        problem = self.widget.input_problem(self.language)
        if problem:
            self.set_error(problem)
            return False
        raw: Any = self.widget.raw_answer()
        if raw is None:
            # nothing given: nothing recorded, and the person is told what to do
            if question.required or not self._skip_armed:
                message = self._nothing_given(question)
                if not question.required:
                    message += " " + t("ui.skip_optional", self.language)
                    self._skip_armed = True
                self.set_error(message)
                return False
            self.session.clear_answer(question.id)
            return True
        try:
            self.session.set_answer(question.id, raw)
        except AnswerError as exc:
            self.set_error(exc.message(self.language))
            return False
        return True

    async def action_next(self) -> None:
        if not self.record():
            return
        if await self.app.check_crisis():  # type: ignore[attr-defined]
            return  # the crisis modal is up; it calls continue_after_crisis
        await self.advance()

    def _nothing_given(self, question: Question) -> str:
        kind = question.type
        if kind in ("single_choice", "yes_no"):
            return t("ui.nothing_chosen", self.language)
        if kind == "multi_choice":
            return t("ui.nothing_chosen_many", self.language)
        if kind == "scale":
            return t("ui.nothing_scale", self.language)
        return t("ui.nothing_typed", self.language)

    async def advance(self) -> None:
        if not self.is_current:
            return  # a screen that is not shown moves nothing
        if self.review_mode:
            self.leave()
            return
        following = self.session.next_question(self.question.id)
        if following is None:
            self.app.show_review()  # type: ignore[attr-defined]
        else:
            await self.show(following)

    async def action_back(self) -> None:
        if not self.is_current or self._showing.locked():
            return
        if self.review_mode:
            self.leave()
            return
        previous = self.session.previous_question(self.question.id)
        if previous is None:
            self.app.pop_screen()
        else:
            await self.show(previous)
