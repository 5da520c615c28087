"""The terminal driver: Textual's, sized from the terminal it draws on.

Textual draws on stderr but asks stdout for the size; with stdout redirected
(``screening run > summary.txt``, as the README suggests) it falls back to
80x24 whatever the window. This driver asks stderr (then stdin, then stdout).
"""

from __future__ import annotations

import os
import sys

from textual.drivers.linux_driver import LinuxDriver


def terminal_size() -> tuple[int, int] | None:
    """(columns, lines) of the first standard stream that is a terminal."""
    for stream in (sys.__stderr__, sys.__stdin__, sys.__stdout__):
        try:
            size = os.get_terminal_size(stream.fileno())  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            continue
        if size.columns and size.lines:
            return size.columns, size.lines
    return None


class StderrSizedDriver(LinuxDriver):
    def _get_terminal_size(self) -> tuple[int, int]:
        return terminal_size() or super()._get_terminal_size()
