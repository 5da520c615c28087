"""An on-screen number pad, so numbers and dates can be entered with a mouse alone."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Input

BACKSPACE = "⌫"


class NumberPad(Horizontal):
    DEFAULT_CSS = """
    NumberPad { height: 1; width: auto; margin-top: 1; }
    NumberPad Button { min-width: 5; width: 5; margin-right: 1; }
    """

    def __init__(self, target: str, keys: str = "1234567890"):
        super().__init__(classes="number-pad")
        self.target = target
        self.keys = list(keys) + [BACKSPACE]

    def compose(self) -> ComposeResult:
        for index, key in enumerate(self.keys):
            yield Button(Content(key), id=f"pad-{index}", compact=True, name=key)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        field = self.screen.query_one(self.target, Input)
        key = event.button.name or ""
        if key == BACKSPACE:
            field.value = field.value[:-1]
        else:
            candidate = field.value + key
            allowed = field.restrict is None or re.fullmatch(field.restrict, candidate)
            too_long = field.max_length and len(candidate) > field.max_length
            if allowed and not too_long:
                field.value = candidate
        field.cursor_position = len(field.value)
