"""Where every node of a YAML file is: a compact source map.

One entry per node (a file may have 500,000), so each entry is a single packed
int rather than an object; :class:`Span` is built only when a location is asked
for, which happens when something is reported.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

Path = tuple[Any, ...]


class Span(NamedTuple):
    """Where a node's text starts and ends (0-based), and how it was written."""

    line: int
    col: int
    end_line: int
    end_col: int
    style: str | None = None  # None, "'", '"', "|", ">" for scalars

    @property
    def where(self) -> tuple[int, int]:
        """1-based (line, col), as printed in messages."""
        return (self.line + 1, self.col + 1)


# A source map holds one entry per node of the file (500,000 at most), so each
# entry is one int rather than an object: the value's start, end and style and,
# for a mapping value, where its key starts, in fields of 22 bits (a file is at
# most 2 MiB, so no line or column needs more; larger ones are clamped).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a new line
_BITS = 22
_FIELD = (1 << _BITS) - 1
_STYLES: tuple[str | None, ...] = (None, "'", '"', "|", ">")
_STYLE_CODE = {style: code for code, style in enumerate(_STYLES)}
_VALUE_BITS = 3 + 4 * _BITS
_HAS_KEY = 1 << (_VALUE_BITS + 2 * _BITS)


def _pack(line: int, col: int, end_line: int, end_col: int, style: str | None = None) -> int:
    if (line | col | end_line | end_col) > _FIELD:
        line, col, end_line, end_col = (min(n, _FIELD) for n in (line, col, end_line, end_col))
    return ((((((line << _BITS) | col) << _BITS) | end_line) << _BITS | end_col) << 3) | _STYLE_CODE.get(style, 0)


def _with_key(packed: int, line: int, col: int) -> int:
    if (line | col) > _FIELD:
        line, col = min(line, _FIELD), min(col, _FIELD)
    return packed | (((line << _BITS) | col) << _VALUE_BITS) | _HAS_KEY


def _value_span(packed: int) -> Span:
    style = _STYLES[packed & 7]
    packed >>= 3
    end_col = packed & _FIELD
    end_line = (packed >> _BITS) & _FIELD
    col = (packed >> 2 * _BITS) & _FIELD
    line = (packed >> 3 * _BITS) & _FIELD
    return Span(line, col, end_line, end_col, style)


def _key_span(packed: int) -> Span | None:
    if not packed & _HAS_KEY:
        return None
    key = packed >> _VALUE_BITS
    line, col = (key >> _BITS) & _FIELD, key & _FIELD
    return Span(line, col, line, col)


class SourceMap:
    """The location of every value (and of every mapping key) by its path.

    (A plain class, not a dataclass: this module is imported at every start-up.)"""

    __slots__ = ("path", "text", "spans", "_line_starts")

    def __init__(self, path: str, text: str, spans: dict[Path, int] | None = None):
        self.path = path
        self.text = text
        self.spans: dict[Path, int] = spans if spans is not None else {}  # packed, see _pack
        self._line_starts: list[int] | None = None

    def __repr__(self) -> str:
        return f"SourceMap({self.path!r}, {len(self.spans)} nodes)"

    def value(self, path: Path) -> Span:
        """The span of the value at ``path``, or of its nearest located ancestor."""
        path = tuple(path)
        spans = self.spans
        while path not in spans and path:
            path = path[:-1]
        packed = spans.get(path)
        return Span(0, 0, 0, 0) if packed is None else _value_span(packed)

    def key(self, path: Path) -> Span:
        """The start of the key that leads to ``path`` (the value's span for list items)."""
        path = tuple(path)
        packed = self.spans.get(path)
        key = None if packed is None else _key_span(packed)
        return key if key is not None else self.value(path)

    def where(self, path: Path) -> tuple[int, int]:
        return self.value(path).where

    def has_key(self, path: Path) -> bool:
        """Whether ``path`` was written in the file as a key (not just an ancestor)."""
        packed = self.spans.get(tuple(path))
        return packed is not None and _key_span(packed) is not None

    def key_where(self, path: Path) -> tuple[int, int]:
        return self.key(path).where

    def raw(self, span: Span) -> str:
        """The source text of a node, as written (quotes included)."""
        if self._line_starts is None:  # once: error reports call this often
            self._line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        starts = self._line_starts
        if span.line >= len(starts) or (span.line == len(starts) - 1 and starts[-1] == len(self.text)):
            return ""
        begin = starts[span.line] + span.col
        if span.end_line >= len(starts):
            return self.text[begin:]
        return self.text[begin : starts[span.end_line] + span.end_col]

    def locate_in_scalar(self, path: Path, value: str, offset: int, token: str = "") -> tuple[int, int]:
        """The 1-based position of character ``offset`` of a scalar's ``value``.

        Exact when the value appears verbatim in the source (a one-line plain
        or quoted scalar); otherwise the first occurrence of ``token``; else the
        node's start.
        """
        span = self.value(path)
        raw = self.raw(span)
        start = raw.find(value) if value else -1
        if start < 0 and token:
            found = raw.find(token)
            if found >= 0:
                start, offset = found, 0
        if start < 0:
            return span.where
        before = raw[: start + offset]
        newlines = before.count("\n")
        if newlines:
            return (span.line + newlines + 1, len(before) - before.rfind("\n"))
        return (span.line + 1, span.col + len(before) + 1)
