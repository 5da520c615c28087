"""Modals: the crisis message, and the quit confirmation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from screening.i18n import t
from screening.terminal_text import for_terminal
from screening.ui.keys import bind, dismiss_if_current


class CrisisModal(ModalScreen[None]):
    """Shown the moment an urgent flag is raised, before anything else."""

    DEFAULT_CSS = """
    CrisisModal { align: center middle; }
    CrisisModal > Vertical { width: 70; max-width: 100%; height: auto; border: thick $error; background: $surface; padding: 1 2; }
    CrisisModal #crisis-title { text-style: bold; color: $error; margin-bottom: 1; }
    CrisisModal #crisis-text { margin-bottom: 1; }
    CrisisModal Button { width: 100%; }
    """

    def __init__(self, text: str, language: str):
        super().__init__()
        self.text = text
        self.language = language
        bind(self, language, [("enter", "acknowledge", "ui.crisis_ok")], priority=True)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("! " + t("ui.crisis_title", self.language)), id="crisis-title")
            yield Static(Content(for_terminal(self.text)), id="crisis-text")
            yield Button(Content(t("ui.crisis_ok", self.language)), variant="error", id="acknowledge")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#acknowledge", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        dismiss_if_current(self, None)

    def action_acknowledge(self) -> None:
        dismiss_if_current(self, None)


class QuitModal(ModalScreen[bool]):
    """Stopping early loses the answers, so it asks first."""

    DEFAULT_CSS = """
    QuitModal { align: center middle; }
    QuitModal > Vertical { width: 60; max-width: 100%; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    QuitModal #quit-title { text-style: bold; margin-bottom: 1; }
    QuitModal Horizontal { height: auto; margin-top: 1; }
    QuitModal Button { margin-right: 2; }
    """

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        bind(self, language, [("escape", "keep_going", "ui.quit_no")])

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(t("ui.quit_title", self.language)), id="quit-title")
            yield Static(Content(t("ui.quit_text", self.language)))
            with Horizontal():
                yield Button(Content(t("ui.quit_no", self.language)), variant="primary", id="keep-going")
                yield Button(Content(t("ui.quit_yes", self.language)), variant="error", id="quit")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#keep-going", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        dismiss_if_current(self, event.button.id == "quit")

    def action_keep_going(self) -> None:
        dismiss_if_current(self, False)


class IdleModal(ModalScreen[None]):
    """The countdown before an unattended session is wiped; any input dismisses it."""

    DEFAULT_CSS = """
    IdleModal { align: center middle; }
    IdleModal > Vertical { width: 60; max-width: 100%; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    IdleModal #idle-title { text-style: bold; margin-bottom: 1; }
    IdleModal Button { margin-top: 1; }
    """

    def __init__(self, language: str, seconds: int):
        super().__init__()
        self.language = language
        self.seconds = seconds

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(t("kiosk.idle_title", self.language)), id="idle-title")
            yield Static(Content(t("kiosk.idle_text", self.language, seconds=self.seconds)), id="idle-text")
            yield Button(Content(t("kiosk.keep_going", self.language)), id="keep-going", variant="primary")

    def count(self, seconds: int) -> None:
        self.seconds = seconds
        self.query_one("#idle-text", Static).update(Content(t("kiosk.idle_text", self.language, seconds=seconds)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        dismiss_if_current(self, None)


class SaveFailedModal(ModalScreen[bool]):
    """The store refused the submission: the answers stay, the person is told to get staff."""

    DEFAULT_CSS = """
    SaveFailedModal { align: center middle; }
    SaveFailedModal > Vertical { width: 70; max-width: 100%; height: auto; border: thick $error; background: $surface; padding: 1 2; }
    SaveFailedModal #save-title { text-style: bold; color: $error; margin-bottom: 1; }
    SaveFailedModal #save-detail { color: $text-muted; margin-top: 1; }
    SaveFailedModal Button { margin-top: 1; }
    """

    def __init__(self, language: str, detail: str):
        super().__init__()
        self.language = language
        self.detail = detail
        bind(self, language, [("enter", "retry", "kiosk.try_again")], priority=True)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("! " + t("kiosk.save_failed_title", self.language)), id="save-title")
            yield Static(Content(t("kiosk.save_failed_text", self.language)))
            yield Static(Content(for_terminal(f"For staff: {self.detail}")), id="save-detail")
            yield Button(Content(t("kiosk.try_again", self.language)), id="retry", variant="error")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        dismiss_if_current(self, True)

    def action_retry(self) -> None:
        dismiss_if_current(self, True)


class NoticeModal(ModalScreen[None]):
    """After an unforeseen error the kiosk started again: the person is sent to the front desk."""

    DEFAULT_CSS = """
    NoticeModal { align: center middle; }
    NoticeModal > Vertical { width: 60; max-width: 100%; height: auto; border: thick $error; background: $surface; padding: 1 2; }
    NoticeModal #notice-title { text-style: bold; color: $error; margin-bottom: 1; }
    NoticeModal Button { margin-top: 1; }
    """

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        bind(self, language, [("enter,escape", "close", "ui.close")], priority=True)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("! " + t("kiosk.went_wrong_title", self.language)), id="notice-title")
            yield Static(Content(t("kiosk.went_wrong_text", self.language)), id="notice-text")
            yield Button(Content(t("ui.close", self.language)), id="close", variant="primary")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        dismiss_if_current(self, None)

    def action_close(self) -> None:
        dismiss_if_current(self, None)
