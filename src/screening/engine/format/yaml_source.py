"""Untrusted YAML text -> plain data plus the line and column of every node.

Built on PyYAML's event stream (its C parser when available) rather than any of
its loaders, so that nothing is ever constructed from a tag. On top of the
events this module enforces what the file format promises:

* YAML 1.2 core-schema scalars: unquoted ``no``, ``yes``, ``on``, ``off`` and
  dates stay strings (a clinician writes ``id: no`` and ``pregnant: no``);
* no anchors, aliases or tags (refused at the first one, so an alias bomb
  costs nothing), no duplicate keys, a single document;
* UTF-8 only, a size limit, a nesting limit; every failure is a located
  :class:`~screening.engine.problems.FileError`.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

try:  # the C parser is many times faster; PyYAML wheels ship it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python PyYAML
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]
from yaml import SafeLoader as _PureLoader

from screening.engine.format.odd_characters import CONTROL, FORBIDDEN, describe_control, line_col
from screening.engine.format.yaml_hints import explain_syntax_error
from screening.engine.format.source_map import Path, SourceMap, Span, _pack, _with_key
from screening.engine.numbers import number_problem
from screening.engine.problems import FileError

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 500_000

__all__ = ["Path", "SourceMap", "Span", "decode_source", "load_yaml_file", "parse_yaml", "read_bytes", "resolve_plain_scalar"]

_WORDS: dict[str, Any] = {w: None for w in ("null", "Null", "NULL")}
_WORDS.update({w: True for w in ("true", "True", "TRUE")})
_WORDS.update({w: False for w in ("false", "False", "FALSE")})
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


def resolve_plain_scalar(text: str) -> Any:
    """The YAML 1.2 core schema: null, booleans, integers, floats, else a string.

    Raises ValueError (the reason) for a number outside the numeric policy:
    ``.inf``, ``.nan``, ``1e400``, a 400-digit integer (screening.engine.numbers)."""
    if text[:1].isalpha():  # most scalars: words, which are never numbers
        return _WORDS.get(text, text)
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    number: Any = None
    if _INT.match(text):
        digits = text.lstrip("+-")
        # int() of thousands of digits is slow (and refused past 4,300); past 20 it is over the bound anyway
        number = int(text) if len(digits) <= 20 else 10**20
    elif _OCT.match(text):
        number = int(text[2:], 8) if len(text) <= 30 else 10**20
    elif _HEX.match(text):
        number = int(text[2:], 16) if len(text) <= 30 else 10**20
    elif _FLOAT.match(text):
        number = float(text)
        if math.isinf(number):  # 1e400: too large, rather than "infinite" as written
            number = 10**20
    elif _INF.match(text) or _NAN.match(text):
        number = float("nan") if _NAN.match(text) else float("inf")
    else:
        return text
    problem = number_problem(number)
    if problem:
        raise ValueError(problem)
    return number


def _line_col_of_byte(data: bytes, index: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, index) + 1
    line = data.count(b"\n", 0, index) + 1
    col = len(data[line_start:index].decode("utf-8", errors="replace")) + 1
    return line, col


def decode_source(path: str, data: bytes, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Bytes -> text, refusing oversized and non-UTF-8 input with a location."""
    if len(data) > max_bytes:
        raise FileError.single(
            path, 1, 1, f"the file is {len(data):,} bytes; the limit is {max_bytes:,} bytes"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_byte(data, exc.start)
        raise FileError.single(
            path, line, col, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        ) from None


def read_bytes(path: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes (at most one more than the limit, so the size check can fire)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise FileError.single(path, 1, 1, "no such file") from None
    except IsADirectoryError:
        raise FileError.single(path, 1, 1, "this is a folder, not a file") from None
    except OSError as exc:
        raise FileError.single(path, 1, 1, f"cannot read the file: {exc.strerror or exc}") from None


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    message = f"YAML syntax: {problem}" if problem else "YAML syntax error"
    if context:
        message += f" ({context})"
    return message


class _Builder:
    """Turns the event stream into plain data, checking as it goes."""

    def __init__(self, path: str, text: str):
        self.source = SourceMap(path, text)
        self.path = path

    def fail(self, mark: Any, message: str) -> FileError:
        return FileError.single(self.path, mark.line + 1, mark.column + 1, message)

    def build(self) -> tuple[Any, SourceMap]:
        try:
            try:
                return self._build(_Loader)
            except yaml.MarkedYAMLError as exc:
                if _Loader is _PureLoader or not _is_parser_depth_limit(exc):
                    raise
                # libyaml 0.2.5 as PyYAML 6.0.4 bundles it stops at 1,000 levels, reading
                # ahead of the events it has handed out, so our own (lower) limit never
                # saw the deep node. The pure-Python parser has no limit of its own and
                # streams, so this file's own limit decides, at the node where it starts,
                # whatever the PyYAML version. Only files nested over 1,000 deep get here.
                self.source = SourceMap(self.path, self.source.text)
                return self._build(_PureLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col, message = 1, 1, _syntax_message(exc)
            if mark:
                line, col, message = explain_syntax_error(self.source.text, mark.line, mark.column, message)
            raise FileError.single(self.path, line, col, message) from None
        except yaml.reader.ReaderError:  # characters YAML forbids
            # Located here, not from the error: libyaml counts its position in bytes,
            # which put the mark late after any accented letter.
            found = FORBIDDEN.search(self.source.text)
            index = found.start() if found else 0
            line, col = line_col(self.source.text, index)
            code = ord(self.source.text[index]) if found else 0
            raise FileError.single(self.path, line, col, f"control character U+{code:04X} is not allowed in YAML") from None
        except yaml.YAMLError as exc:  # pragma: no cover - anything else PyYAML raises
            raise FileError.single(self.path, 1, 1, f"YAML: {exc}") from None
        except RecursionError:  # pragma: no cover - the depth limit comes first
            raise FileError.single(self.path, 1, 1, "the file is nested too deeply") from None

    def _escaped_control(self, event: Any) -> FileError:
        """A double-quoted escape (``"\\e"``, ``"\\x1b"``) let a control character into a text:
        an error at the escape, so nothing can reach a terminal and repaint it."""
        span = Span(event.start_mark.line, event.start_mark.column, event.end_mark.line, event.end_mark.column)
        offset, message = describe_control(self.source.raw(span), event.value)
        line, col = line_col(self.source.raw(span), offset)
        if line == 1:
            line, col = span.line + 1, span.col + col
        else:
            line = span.line + line
        return FileError.single(self.path, line, col, message)

    def _build(self, loader: Any) -> tuple[Any, SourceMap]:
        # One open container per level: [container, its path, pending key and its mark (mappings)].
        # This loop runs once per event of the file, so it is written for speed: locals for
        # everything it looks up, and placing a value inline rather than in a method.
        stack: list[list[Any]] = []
        root: Any = None
        documents = 0
        nodes = 0
        spans = self.source.spans
        control = CONTROL.search
        resolve = resolve_plain_scalar
        pack, with_key = _pack, _with_key
        scalar, mapping, sequence = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        for event in yaml.parse(self.source.text, Loader=loader):
            kind = type(event)
            if kind in ends:
                stack.pop()
                continue
            if kind is not scalar and kind is not mapping and kind is not sequence:
                if kind is yaml.AliasEvent:
                    raise self.fail(
                        event.start_mark,
                        f"YAML aliases ('*{event.anchor}') are not allowed; write the value out in full",
                    )
                if kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise self.fail(event.start_mark, "only one YAML document is allowed in a file (remove '---')")
                continue
            # a node: a scalar, or the start of a mapping or a list
            start = event.start_mark
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise self._anchor_or_tag(event)
            nodes += 1
            if nodes > MAX_NODES:
                raise self.fail(start, f"the file has more than {MAX_NODES:,} values")
            if kind is scalar:
                value: Any = event.value
                if control(value):
                    raise self._escaped_control(event)
                style = event.style
                if not style:
                    style = None
                    if event.tag is None:
                        try:
                            value = resolve(value)
                        except ValueError as exc:
                            shown = value if len(value) <= 24 else value[:20] + "..."
                            raise self.fail(start, f"the number {shown} {exc}; put it in quotes if it is meant as text") from None
                end = event.end_mark
                span = pack(start.line, start.column, end.line, end.column, style)
                container = None
            else:
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(start, f"the file is nested more than {MAX_DEPTH} levels deep")
                value = container = {} if kind is mapping else []
                span = pack(start.line, start.column, 0, 0)
            # place the value: the root, an item of a list, or a mapping's key or value
            if not stack:
                path: Path = ()
                spans[path] = span
                root = value
            else:
                top = stack[-1]
                parent = top[0]
                if type(parent) is list:
                    path = top[1] + (len(parent),)
                    parent.append(value)
                    spans[path] = span
                elif top[2] is None:  # a mapping's key
                    if container is not None:
                        raise self.fail(start, "a key must be a plain word, not a list or mapping")
                    key = event.value  # keys are always strings, as written
                    if key in parent:
                        first = self.source.key(top[1] + (key,))
                        raise self.fail(start, f"duplicate key '{key}' (first at line {first.line + 1})")
                    top[2] = key
                    top[3] = start
                    continue
                else:
                    key = top[2]
                    top[2] = None
                    path = top[1] + (key,)
                    parent[key] = value
                    key_mark = top[3]
                    spans[path] = with_key(span, key_mark.line, key_mark.column)
            if container is not None:
                stack.append([container, path, None, None])
        return root, self.source

    def _anchor_or_tag(self, event: Any) -> FileError:
        if event.anchor is not None:
            return self.fail(event.start_mark, f"YAML anchors ('&{event.anchor}') are not allowed; write the value out in full")
        return self.fail(event.start_mark, f"YAML tags ('{_short_tag(event.tag)}') are not allowed; remove the tag")


def _is_parser_depth_limit(exc: Exception) -> bool:
    """The parser's own nesting limit (libyaml: "exceeded maximum nesting depth")."""
    return "nesting depth" in str(getattr(exc, "problem", "") or "")


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def parse_yaml(path: str, text: str) -> tuple[Any, SourceMap]:
    """Parse YAML text. Returns (data, source map); raises FileError."""
    data, source = _Builder(path, text).build()
    return data, source


def load_yaml_file(path: str, max_bytes: int = MAX_FILE_BYTES) -> tuple[Any, SourceMap]:
    return parse_yaml(path, decode_source(path, read_bytes(path, max_bytes), max_bytes))

