"""The first screen: title, intro, disclaimer, language, Start."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from screening.engine.header import Header
from screening.i18n import LANGUAGE_NAMES, t
from screening.ui.keys import bind, press_focused_button


class WelcomeScreen(Screen[None]):
    def __init__(self, header: Header | None, language: str):
        super().__init__()
        self.header = header
        self.language = language
        self.ready = False
        bind(self, language, [("enter", "enter", "ui.start")], priority=True)

    def compose(self) -> ComposeResult:
        header = self.header
        language = self.language
        with VerticalScroll(id="welcome-body"):
            yield Static(Content(header.text(header.title, language) if header else ""), id="title")
            yield Static(Content(header.text(header.intro, language) if header else ""), id="intro")
            yield Static(Content(header.text(header.disclaimer, language) if header else ""), id="disclaimer")
            yield Static(Content(t("ui.loading", language)), id="loading")
            languages = header.languages if header else []
            if len(languages) > 1:
                with Horizontal(id="languages"):
                    yield Static(Content(t("ui.language", language) + ":"), classes="label")
                    for code in languages:
                        yield Button(
                            Content(LANGUAGE_NAMES.get(code, code)),
                            id=f"lang-{code}",
                            variant="primary" if code == language else "default",
                            compact=True,
                        )
            yield Button(Content(t("ui.start", language)), id="start", variant="success", disabled=True)
        yield Footer()

    def mark_ready(self) -> None:
        """The questionnaire has loaded: Start can be pressed."""
        self.ready = True
        self.query_one("#loading").display = False
        start = self.query_one("#start", Button)
        start.disabled = False
        start.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id == "start":
            self.action_start()
        elif button_id.startswith("lang-"):
            self.app.set_language(button_id[len("lang-") :])  # type: ignore[attr-defined]

    def action_enter(self) -> None:
        if not press_focused_button(self):
            self.action_start()

    def action_start(self) -> None:
        if self.ready:
            self.app.start_session()  # type: ignore[attr-defined]
