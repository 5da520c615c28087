"""The end: outcome, flags by severity, next steps, the disclaimer; a copy to keep; Finish."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from screening.engine.run.summary import Summary
from screening.i18n import crisis_text, t
from screening.terminal_text import for_terminal
from screening.ui.keys import bind

MARKS = {"urgent": "!!", "review": "*", "info": "-"}


class SummaryScreen(Screen[None]):
    def __init__(self, summary: Summary, countdown: int | None = None, mode: str = "home"):
        super().__init__()
        self.summary = summary
        self.mode = mode  # the crisis text's last line: alone at home, or at the front desk
        self.countdown = countdown  # the kiosk clears this screen after a while
        self.language = summary.language
        bind(self, self.language, [("enter", "finish", "ui.finish")], priority=True)
        self.printed = False

    def compose(self) -> ComposeResult:
        summary = self.summary
        language = self.language
        if self.countdown is not None:
            # docked at the top: seen at once, however long the summary
            yield Static(Content(t("kiosk.clears_in", language, seconds=self.countdown)), id="countdown")
        with VerticalScroll(id="summary-body"):
            yield Static(Content(t("ui.summary_title", language)), id="summary-title")
            urgent = summary.flags_of("urgent")
            if urgent:
                yield Static(Content(t("summary.urgent", language)), classes="heading urgent")
                for flag in urgent:
                    yield Static(Content(for_terminal(f"{MARKS['urgent']} {flag.text}")), classes="flag urgent")
                if summary.crisis:
                    yield Static(Content(for_terminal(crisis_text(summary.crisis, self.mode, language))), classes="crisis")
            yield Static(Content(for_terminal(summary.outcome_title)), id="outcome-title")
            yield Static(Content(for_terminal(summary.outcome_text)), id="outcome-text")
            for severity in ("review", "info"):
                flags = summary.flags_of(severity)
                if flags:
                    yield Static(Content(t(f"summary.{severity}", language)), classes=f"heading {severity}")
                    for flag in flags:
                        yield Static(Content(for_terminal(f"{MARKS[severity]} {flag.text}")), classes=f"flag {severity}")
            yield Static(Content(t("ui.next_steps", language)), id="next-steps")
            yield Static(Content(for_terminal(summary.disclaimer)), id="summary-disclaimer")
            # a copy to take away: printed at the kiosk (--printer), saved as a PDF at home
            if getattr(self.app, "printer", None):
                yield Button(Content(t("ui.print", language)), id="print")
            elif getattr(self.app, "pdf_path", None):
                yield Static(Content(t("ui.save_pdf_where", language, path=str(self.app.pdf_path))), id="copy-note")  # type: ignore[attr-defined]
                yield Button(Content(t("ui.save_pdf", language)), id="save-pdf")
            result = Static("", id="copy-result")
            result.display = False  # until there is something to say
            yield result
            yield Button(Content(t("ui.finish", language)), id="finish", variant="success")
        yield Footer()

    def on_mount(self) -> None:
        # the top (urgent notice, result) matters most: start there, Enter finishes
        self.query_one("#finish", Button).focus(scroll_visible=False)
        self.query_one("#summary-body", VerticalScroll).scroll_home(animate=False)

    def show_countdown(self, seconds: int) -> None:
        self.query_one("#countdown", Static).update(Content(t("kiosk.clears_in", self.language, seconds=seconds)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "print":
            event.button.disabled = True  # one copy per press; a failure enables it again
            self.show_copy_result(t("ui.printing", self.language))
            self.app.print_summary(self.summary, self)  # type: ignore[attr-defined]
        elif event.button.id == "save-pdf":
            self.save_pdf()
        else:
            self.app.finish(self.summary)  # type: ignore[attr-defined]

    def action_finish(self) -> None:
        if not self.is_current:  # a key meant for the screen before
            return
        focused = self.focused
        if isinstance(focused, Button) and focused.id != "finish":
            focused.press()  # Enter on "print" or "save" does that, not Finish
            return
        self.app.finish(self.summary)  # type: ignore[attr-defined]

    def show_copy_result(self, text: str) -> None:
        result = self.query_one("#copy-result", Static)
        result.update(Content(text))
        result.display = True

    def printing_done(self, ok: bool) -> None:
        """Called by the kiosk when lp has answered; the summary is stored whatever happened here."""
        self.show_copy_result(t("ui.printed" if ok else "ui.print_failed", self.language))
        if not ok:
            self.query_one("#print", Button).disabled = False

    def save_pdf(self) -> None:
        from screening.render import write_summary

        path = str(self.app.pdf_path)  # type: ignore[attr-defined]
        try:
            write_summary(path, self.summary, getattr(self.app, "paper", "a4"))
        except OSError as exc:
            self.show_copy_result(t("ui.save_pdf_failed", self.language, reason=exc.strerror or str(exc)))
            return
        self.show_copy_result(t("ui.saved_pdf", self.language, path=path))
