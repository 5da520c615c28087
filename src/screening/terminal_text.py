"""Text on its way to a terminal: the one place control characters are removed.

Everything the project prints (the screen, stdout, stderr, text and table
exports) may carry text from a questionnaire file, a patient, a store or a
command-line option. A terminal obeys escape sequences in it: colours, cursor
moves, window titles, the clipboard (OSC 52), hyperlinks. So every such text
goes through :func:`for_terminal`, which

* removes whole escape sequences (CSI, OSC, DCS and the like, 7-bit and 8-bit
  forms), not just their ESC, so no ``[31m`` is left behind;
* removes every other C0 and C1 control character and DEL, keeping newline and
  tab (and, with ``single_line=True``, turning those into spaces);
* shows the bidirectional controls that reorder text as ``<U+202E>``, so what
  is on screen reads in the order it is stored.

Pure Python, no Textual: the engine, the renderers and the store use it too.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
BIDI_CONTROLS = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compiled on first need (most of what a command prints takes the plain-text path)."""
    # ESC [ ... final byte; ESC ] ... BEL or ST; ESC P/X/^/_ ... ST; C1 CSI (0x9b) and
    # C1 OSC/DCS/SOS/PM/APC (0x9d, 0x90, 0x98, 0x9e, 0x9f) ... BEL or ST; then any
    # other two-byte ESC sequence.
    escape_sequence = re.compile(
        r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
        r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
        r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
    )
    line_breaks = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]")
    return escape_sequence, line_breaks


def for_terminal(text: str, *, single_line: bool = False) -> str:
    """``text`` with no escape sequences or control characters, bidi controls shown."""
    if text.isascii() and text.replace("\n", "").replace("\t", "").isprintable():
        # plain printable ASCII (and newlines, tabs): nothing to remove or show
        if not single_line or ("\n" not in text and "\t" not in text):
            return text
    escape_sequence, line_breaks = _patterns()
    if single_line:
        text = line_breaks.sub(" ", text)
    text = escape_sequence.sub("", text)
    text = _CONTROL.sub("", text)
    return BIDI_CONTROLS.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


def clean_free_text(text: str) -> str:
    """A patient's typed text as it is kept: NFC, then safe for any terminal."""
    import unicodedata

    return for_terminal(unicodedata.normalize("NFC", text))


def first_control_character(text: str) -> int | None:
    """The index of the first control character (other than newline and tab), or None."""
    match = _CONTROL.search(text)
    return match.start() if match else None
