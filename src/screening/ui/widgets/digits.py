"""Digit keys that pick an option or a number, 10 and above too.

A digit acts at once; a second digit typed within ``WINDOW`` seconds that
makes a valid two-digit number replaces the first ("1" then "0" is 10), so
a person never has to wait, and every option has a key.
"""

from __future__ import annotations

import time
from collections.abc import Callable

WINDOW = 0.8


class DigitKeys:
    def __init__(self, valid: Callable[[int], bool], clock: Callable[[], float] = time.monotonic):
        self.valid = valid
        self.clock = clock
        self._last: tuple[str, float] | None = None

    def press(self, character: str) -> tuple[int, bool] | None:
        """(number, replaces the previous digit's choice) for a digit key, or None when it picks nothing."""
        now = self.clock()
        previous = self._last
        if previous is not None and now - previous[1] < WINDOW:
            combined = int(previous[0] + character)
            if previous[0] != "0" and self.valid(combined):
                self._last = None
                return combined, True
        digit = int(character)
        if self.valid(digit):
            self._last = (character, now)
            return digit, False
        self._last = None
        return None

    def forget(self) -> None:
        self._last = None
