"""A quick read of a questionnaire's first-screen fields, before the full load.

The welcome screen needs only the title, intro, disclaimer and languages. This
reads the YAML event stream up to the ``sections`` key (the rest of the file is
never parsed here) and gives up quietly on anything unusual: the full load,
which runs right after the first paint, reports every real problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from screening.engine.yaml_source import MAX_FILE_BYTES

_WANTED = {"title", "intro", "disclaimer", "languages", "id", "version"}


@dataclass
class Header:
    title: Any = None
    intro: Any = None
    disclaimer: Any = None
    languages: list[str] = field(default_factory=lambda: ["en"])
    id: str = ""
    version: str = ""

    def text(self, value: Any, language: str) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, dict):
            return value.get(language) or next(iter(value.values()), "")
        return ""


def read_header(path: str) -> Header | None:
    """The first-screen fields, or None when a quick read cannot tell."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return None
        text = data.decode("utf-8-sig")
        found = _scan(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):
        return None
    if not found or not isinstance(found.get("title"), (str, dict)):
        return None
    header = Header()
    for key, value in found.items():
        setattr(header, key, value)
    if not isinstance(header.languages, list) or not all(isinstance(x, str) for x in header.languages) or not header.languages:
        header.languages = ["en"]
    return header


def _scan(text: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    events = yaml.parse(text, Loader=_Loader)
    depth = 0
    key: str | None = None
    for event in events:
        kind = type(event)
        if kind is yaml.MappingStartEvent and depth == 0:
            depth = 1
            continue
        if depth != 1:
            continue
        if kind is yaml.MappingEndEvent:
            break
        if key is None:
            if kind is not yaml.ScalarEvent:
                return found
            key = event.value
            if key == "sections":
                break
            continue
        value = _value(event, events) if key in _WANTED else _skip(event, events)
        if key in _WANTED and value is not None:
            found[key] = value
        key = None
    return found


def _value(first: Any, events: Any) -> Any:
    """A scalar, a flat list of scalars, or a flat mapping of scalars."""
    if isinstance(first, yaml.ScalarEvent):
        return first.value
    closing = yaml.SequenceEndEvent if isinstance(first, yaml.SequenceStartEvent) else yaml.MappingEndEvent
    if not isinstance(first, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
        return None
    items = []
    for event in events:
        if isinstance(event, closing):
            break
        if not isinstance(event, yaml.ScalarEvent):
            _skip(event, events)
            return None
        items.append(event.value)
    if closing is yaml.SequenceEndEvent:
        return items
    return dict(zip(items[::2], items[1::2]))


def _skip(first: Any, events: Any) -> None:
    if not isinstance(first, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
        return None
    depth = 1
    for event in events:
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
            if depth == 0:
                return None
    return None
