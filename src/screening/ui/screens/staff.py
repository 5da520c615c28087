"""Staff only, behind the PIN: the PIN prompt and the staff view of stored submissions.

Staff-facing text is English: the staff of one clinic share a working language.
"""

from __future__ import annotations

import textwrap

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from screening.store import Store, StoreError, Submission
from screening.terminal_text import for_terminal


class PinModal(ModalScreen[bool]):
    """Returns True for the right PIN; wrong ones lock it for a while (the app counts, on disk).

    While locked the box is disabled; it asks the app every second, counts the
    seconds left down, and opens again by itself when the lockout ends.
    """

    DEFAULT_CSS = """
    PinModal { align: center middle; }
    PinModal > Vertical { width: 44; height: auto; border: thick $primary; background: $surface; padding: 1 2; }
    PinModal Input { margin: 1 0; }
    PinModal #pin-message { color: $error; }
    """
    BINDINGS = [("escape", "cancel", "Cancel")]

    def __init__(self, message: str = "", locked: bool = False):
        super().__init__()
        self.message = message
        self.locked = locked

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Staff PIN"), id="pin-title")
            yield Input(password=True, restrict=r"[0-9]*", max_length=32, id="pin", disabled=self.locked)
            yield Static(Content(self.message), id="pin-message")
        yield Footer()

    def on_mount(self) -> None:
        if not self.locked:
            self.query_one("#pin", Input).focus()
        self.set_interval(1, self._unlock_when_due)

    def _unlock_when_due(self) -> None:
        field = self.query_one("#pin", Input)
        if not field.disabled:
            return
        if self.app.pin_locked():  # type: ignore[attr-defined]
            self.query_one("#pin-message", Static).update(Content(self.app.pin_lock_message()))  # type: ignore[attr-defined]
        else:
            field.disabled = False
            self.query_one("#pin-message", Static).update(Content("The lockout has ended: enter the PIN."))
            field.focus()

    @on(Input.Submitted, "#pin")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.app.check_staff_pin(self, event.value)  # type: ignore[attr-defined]

    def show_message(self, message: str, locked: bool = False) -> None:
        self.query_one("#pin-message", Static).update(Content(message))
        field = self.query_one("#pin", Input)
        field.value = ""
        field.disabled = locked

    def action_cancel(self) -> None:
        self.dismiss(False)


class StaffScreen(Screen[None]):
    """Recent submissions, each in full; back to the kiosk, or exit it."""

    DEFAULT_CSS = """
    StaffScreen #staff-title { text-style: bold; padding: 1 2 0 2; }
    StaffScreen #staff-list { height: 8; margin: 1 2 0 2; }
    StaffScreen #staff-record { height: 1fr; margin: 1 2 0 2; border: round $panel; padding: 0 1; }
    StaffScreen Horizontal { height: auto; padding: 0 2; }
    StaffScreen Button { margin-right: 2; }
    """
    BINDINGS = [("escape", "back", "Back to kiosk"), ("ctrl+x", "exit_kiosk", "Exit kiosk")]

    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        self.records: list[Submission] = []
        self.shown: Submission | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content("Staff view: stored submissions (newest first)"), id="staff-title")
        yield OptionList(markup=False, id="staff-list")
        with VerticalScroll(id="staff-record"):
            yield Static(id="staff-text")
        with Horizontal():
            yield Button(Content("Back to kiosk"), id="back", variant="primary")
            yield Button(Content("Exit kiosk"), id="exit", variant="error")
        yield Footer()

    def on_mount(self) -> None:
        listing = self.query_one("#staff-list", OptionList)
        try:
            self.records = self.store.submissions(limit=200)
        except StoreError as exc:
            self.query_one("#staff-text", Static).update(Content(f"The store cannot be read: {exc}"))
            return
        for record in self.records:
            flags = ", ".join(("!" if f["severity"] == "urgent" else "") + f["id"] for f in record.flags) or "-"
            line = f"{record.submitted_at[:19].replace('T', ' ')}  {record.kiosk_id or '-'}  {record.outcome_id}  {flags}"
            listing.add_option(Option(Content(for_terminal(line, single_line=True)), id=record.id))
        if self.records:
            listing.highlighted = 0
            self.call_after_refresh(self.show, self.records[0])  # once the panel has its width
        else:
            self.query_one("#staff-text", Static).update(Content("No submissions yet."))
        listing.focus()

    def _text_width(self) -> int:
        """Columns inside the record panel (its border, padding and scrollbar taken off)."""
        panel = self.query_one("#staff-record", VerticalScroll)
        width = panel.scrollable_content_region.width or self.app.size.width - 8
        return max(20, width - 1)

    def show(self, record: Submission) -> None:
        from screening.engine.run.summary import Summary
        from screening.render.as_text import render_text

        self.shown = record
        summary = record.payload.get("summary")
        width = self._text_width()
        header = "\n".join(
            textwrap.fill(line, width)
            for line in (f"Submission {record.id}", f"Kiosk {record.kiosk_id or '-'}, started {record.started_at}, submitted {record.submitted_at}")
        )
        header += "\n\n"
        # wrapped at the panel's own width: an 80-column text in a narrower panel breaks every long line twice
        body = render_text(Summary.from_json(summary), width) if summary else "The answers are encrypted: the kiosk was started without the key."
        self.query_one("#staff-text", Static).update(Content(for_terminal(header + body)))

    def on_resize(self) -> None:
        if self.shown is not None:
            self.call_after_refresh(self.show, self.shown)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index < len(self.records):
            self.show(self.records[event.option_index])

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "exit":
            self.action_exit_kiosk()
        else:
            self.action_back()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_exit_kiosk(self) -> None:
        self.app.staff_exit()  # type: ignore[attr-defined]
