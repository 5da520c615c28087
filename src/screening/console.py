"""Standard output and error for the command line: every text through one cleaner.

Text (summaries, tables, messages, paths) passes
:func:`screening.terminal_text.for_terminal`; JSON is escaped instead (the C1
and bidi controls that ``json.dumps(ensure_ascii=False)`` leaves raw become
``\\u`` escapes), which is lossless, as they can only occur inside strings.
"""

from __future__ import annotations

import sys

from screening.terminal_text import for_terminal


def out(text: str) -> None:
    sys.stdout.write(for_terminal(text))


def err(line: str) -> None:
    sys.stderr.write(for_terminal(line) + "\n")


def out_json(text: str) -> None:
    from screening.store.export import escape_json_controls

    sys.stdout.write(escape_json_controls(text))
