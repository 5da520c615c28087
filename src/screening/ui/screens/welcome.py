"""The first screen: title, intro, disclaimer, language, Start.

The first paint is text only (what the person reads first); the controls,
which cannot be used before the file has loaded, are mounted when it has
(or, when an Enter pressed during the load already started the walk, when
the welcome is next shown). That keeps the time to the first screen close to
a bare Textual app's, and the first question close behind.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from screening.engine.format.header import Header
from screening.i18n import LANGUAGE_NAMES, t
from screening.terminal_text import for_terminal
from screening.ui.keys import bind, press_focused_button


class WelcomeScreen(Screen[None]):
    DEFAULT_CSS = """
    WelcomeScreen #key-hint { dock: bottom; height: 1; background: $footer-background; color: $footer-foreground; }
    """

    def __init__(self, header: Header | None, language: str):
        super().__init__()
        self.header = header
        self.language = language
        self.ready = False  # the file has loaded and is the one shown: Start acts
        self.controls_shown = False
        bind(self, language, [("enter", "enter", "ui.start")], priority=True)

    def compose(self) -> ComposeResult:
        header = self.header
        language = self.language
        with VerticalScroll(id="welcome-body"):
            yield Static(Content(for_terminal(header.text(header.title, language)) if header else ""), id="title")
            yield Static(Content(for_terminal(header.text(header.intro, language)) if header else ""), id="intro")
            yield Static(Content(for_terminal(header.text(header.disclaimer, language)) if header else ""), id="disclaimer")
            yield Static(Content(t("ui.loading", language)), id="loading")

    async def repaint(self, header: Header | None, language: str) -> None:
        """Show another header or language in place (the welcome is the base screen)."""
        self.header = header
        self.language = language
        self.ready = False
        self.controls_shown = False
        self._bindings.key_to_bindings.pop("enter", None)  # its label is in the old language
        bind(self, language, [("enter", "enter", "ui.start")], priority=True)
        await self.recompose()

    async def mark_ready(self) -> None:
        """The questionnaire has loaded: Start acts, and the controls show.

        When a session started meanwhile (Enter pressed while the file loaded, on
        this same welcome), the controls wait until the welcome is shown again.
        """
        from textual.containers import Horizontal
        from textual.widgets import Button

        self.ready = True
        if self.controls_shown or not self.in_view:
            return
        self.controls_shown = True
        await self.query_one("#loading").remove()
        body = self.query_one("#welcome-body", VerticalScroll)
        languages = self.header.languages if self.header else []
        if len(languages) > 1:
            row = Horizontal(id="languages")
            await body.mount(row)
            await row.mount(Static(Content(t("ui.language", self.language) + ":"), classes="label"))
            for code in languages:
                await row.mount(
                    Button(
                        Content(LANGUAGE_NAMES.get(code, code)),
                        id=f"lang-{code}",
                        variant="primary" if code == self.language else "default",
                        compact=True,
                    )
                )
        start = Button(Content(t("ui.start", self.language)), id="start", variant="success")
        await body.mount(start)
        # A fixed hint, not a Footer: this screen lives for the whole kiosk day, and a
        # Footer on a long-lived screen keeps every old key widget it re-renders
        # (found by benchmarks/soak_kiosk.py: ~76 KB a session).
        await self.mount(Static(Content.assemble((" ⏎ ", "bold"), t("ui.start", self.language)), id="key-hint"))
        start.focus()

    @property
    def in_view(self) -> bool:
        """On top, or right under a dialog (Textual's is_current is also true under a question)."""
        stack = self.app.screen_stack
        return stack[-1] is self or (stack[-1].is_modal and len(stack) > 1 and stack[-2] is self)

    async def on_screen_resume(self) -> None:
        if self.ready and not self.controls_shown:
            await self.mark_ready()

    def to_start(self) -> None:
        """As the first person saw it: scrolled to the top, Start focused."""
        for body in self.query("#welcome-body").results(VerticalScroll):
            body.scroll_home(animate=False)
        for start in self.query("#start"):
            start.focus()

    async def on_button_pressed(self, event) -> None:  # type: ignore[no-untyped-def]
        event.stop()
        button_id = event.button.id or ""
        if button_id == "start":
            self.action_start()
        elif button_id.startswith("lang-"):
            await self.app.set_language(button_id[len("lang-") :])  # type: ignore[attr-defined]

    def action_enter(self) -> None:
        if not press_focused_button(self):
            self.action_start()

    def action_start(self) -> None:
        if self.ready:
            self.app.start_session()  # type: ignore[attr-defined]
