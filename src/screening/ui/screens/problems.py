"""Shown instead of the welcome when the questionnaire file is invalid."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from screening.engine.problems import Problem
from screening.i18n import t
from screening.terminal_text import for_terminal
from screening.ui.keys import bind


class ProblemsScreen(Screen[None]):
    def __init__(self, problems: list[Problem], language: str):
        super().__init__(id="problems")
        self.problems = problems
        self.language = language
        bind(self, language, [("enter,escape", "close", "ui.close")])

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content(t("ui.file_problems", self.language)), id="problems-title")
            yield Static(Content(for_terminal("\n".join(str(problem) for problem in self.problems))), id="problems-list")
            yield Button(Content(t("ui.close", self.language)), id="close")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()

    def action_close(self) -> None:
        self.app.exit(None, return_code=1)
