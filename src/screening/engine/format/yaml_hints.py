"""Plain words for the YAML syntax errors clinicians actually make.

The parser reports where it gave up, in its own terms ("mapping values are not
allowed in this context"), often a line after the cause. These recognise the
usual causes (a tab, a look-alike space, a ': ' or ' #' inside unquoted text)
and report them at the character that caused them, with the fix.
"""

from __future__ import annotations

import re

from screening.engine.format.odd_characters import SPACE_NAMES, odd_space_before

_COMMENT = re.compile(r"\s#")


def _unquoted(line: str, end: int) -> bool:
    """Whether position ``end`` of ``line`` is outside quotes (a rough count, enough for hints)."""
    before = line[:end]
    return before.count('"') % 2 == 0 and before.count("'") % 2 == 0


def explain_syntax_error(text: str, line: int, col: int, message: str) -> tuple[int, int, str]:
    """(1-based line, column, message) for a syntax error the parser placed at 0-based ``line``, ``col``."""
    lines = text.split("\n")
    here = lines[line] if line < len(lines) else ""
    if here[col : col + 1] == "\t":
        return line + 1, col + 1, "a tab character where YAML needs spaces; indent with spaces only"
    odd = odd_space_before(text, line, col)
    if odd is not None:
        (odd_line, odd_col), char = odd
        return odd_line, odd_col, (
            f"a {SPACE_NAMES[char]} (U+{ord(char):04X}) where YAML needs an ordinary space; delete it and type a normal space"
        )
    if "mapping values are not allowed" in message and here[col : col + 1] == ":":
        return line + 1, col + 1, (
            "a ': ' inside unquoted text makes YAML read a new key here; put the whole text in quotes, "
            'e.g. text: "Note: ..."'
        )
    if "while parsing a flow" in message:  # a ' #' in { } or [ ] hid the rest of the line, the closing bracket too
        for number in (line, line - 1):
            if 0 <= number < len(lines):
                candidate = lines[number]
                for found in _COMMENT.finditer(candidate):
                    opened = candidate[: found.start()]
                    if opened.count("{") + opened.count("[") > opened.count("}") + opened.count("]") and _unquoted(candidate, found.start()):
                        return number + 1, found.start() + 2, (
                            "' #' starts a YAML comment, so the rest of this line (with its closing bracket) was cut off; "
                            "put text that has ' #' in quotes"
                        )
    return line + 1, col + 1, message
