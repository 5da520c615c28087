"""An on-screen number pad, so numbers and dates can be entered with a mouse alone.

One widget that draws its keys (a row of Buttons made a question noticeably
slower to appear); keyboard users type into the field, so it takes no focus.
"""

from __future__ import annotations

import re

from textual import events
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input

BACKSPACE = "⌫"
KEY_WIDTH = 5  # " [1] "


class NumberPad(Widget):
    DEFAULT_CSS = """
    NumberPad { height: 1; width: auto; margin-top: 1; }
    """

    def __init__(self, target: str, keys: str = "1234567890"):
        super().__init__(classes="number-pad")
        self.target = target
        self.keys = list(keys) + [BACKSPACE]

    def render(self) -> Content:
        return Content.assemble(*[(f" [{key}] ", "bold") for key in self.keys])

    def get_content_width(self, container: object, viewport: object) -> int:
        return KEY_WIDTH * len(self.keys)

    def press(self, key: str) -> None:
        """Type one key into the target field, as its own rules allow."""
        field = self.screen.query_one(self.target, Input)
        if key == BACKSPACE:
            field.value = field.value[:-1]
        else:
            candidate = field.value + key
            allowed = field.restrict is None or re.fullmatch(field.restrict, candidate)
            too_long = field.max_length and len(candidate) > field.max_length
            if allowed and not too_long:
                field.value = candidate
        field.cursor_position = len(field.value)

    def on_click(self, event: events.Click) -> None:
        index = event.x // KEY_WIDTH
        if 0 <= index < len(self.keys):
            self.press(self.keys[index])
