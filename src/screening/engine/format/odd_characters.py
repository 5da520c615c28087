"""Characters that are invisible or look like others: found, named and located.

Pasted text brings non-breaking and zero-width spaces that YAML does not count
as spaces, and double-quoted escapes (``"\\e"``, ``"\\x1b"``) let control
characters through the YAML reader; a control character in a text could
repaint a patient's terminal. Columns count characters, never bytes.
"""

from __future__ import annotations

import re

# What PyYAML's reader refuses (its NON_PRINTABLE), to locate it ourselves.
FORBIDDEN = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
# Control characters no text may hold: C0 but tab and newline, DEL, C1 (NEL included).
CONTROL = re.compile("[\x00-\x08\x0B-\x1F\x7F-\x9F]")
NAMED_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b", "f": "\x0c", "r": "\x0d", "e": "\x1b", "N": "\x85"}
CONTROL_NAMES = {
    0x00: "null", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
    0x0D: "carriage return", 0x1B: "escape", 0x7F: "delete", 0x85: "next line",
}
SPACE_NAMES = {
    "\u00a0": "non-breaking space", "\u2007": "figure space", "\u202f": "narrow non-breaking space",
    "\u200b": "zero-width space", "\u3000": "ideographic space", "\u2009": "thin space", "\ufeff": "zero-width no-break space",
}
ODD_SPACE = re.compile("[" + "".join(SPACE_NAMES) + "]")


def control_name(code: int) -> str:
    return f" ({CONTROL_NAMES[code]})" if code in CONTROL_NAMES else ""


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``text[index]``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _structural(line: str, index: int) -> bool:
    """Whether a look-alike space at ``index`` stands where YAML needs a real one: in the
    indentation, after '-', ':', ',' or a bracket, or before ':'. (Inside a text, such as a
    French '\u00a0?', it is the author's choice and no cause of an error.)"""
    before = line[:index]
    if not before.strip(" " + "".join(SPACE_NAMES)):
        return True
    return before[-1] in "-:,{[" or line[index + 1 : index + 2] == ":"


def odd_space_before(text: str, line: int, col: int) -> tuple[tuple[int, int], str] | None:
    """The last look-alike space where YAML needs a space, on a syntax error's line or the two before."""
    lines = text.split("\n")
    for number in range(min(line, len(lines) - 1), max(line - 3, -1), -1):
        candidates = [m for m in ODD_SPACE.finditer(lines[number]) if _structural(lines[number], m.start())]
        if candidates:
            match = candidates[-1]
            return (number + 1, match.start() + 1), match.group()
    return None


def describe_control(raw: str, value: str) -> tuple[int, str]:
    """(offset in ``raw`` of how the first control character of ``value`` was written, the message)."""
    found = CONTROL.search(value)
    char = found.group() if found else "\x00"
    code = ord(char)
    spellings = [f"\\x{code:02x}", f"\\x{code:02X}", f"\\u{code:04x}", f"\\u{code:04X}", f"\\U{code:08x}", f"\\U{code:08X}"]
    spellings += [f"\\{letter}" for letter, named in NAMED_ESCAPES.items() if named == char] + [char]
    hits = sorted((raw.find(spelling), spelling) for spelling in spellings if raw.find(spelling) >= 0)
    offset, spelling = hits[0] if hits else (0, "")
    written = f", written as '{spelling}'" if hits and spelling != char else ""
    return offset, (
        f"control character U+{code:04X}{control_name(code)} in a text{written}; "
        "remove it: texts may not contain control characters"
    )
