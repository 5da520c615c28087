"""Writing an imported questionnaire as YAML in the house style of the bundled files:
block mappings for the file, sections and questions, one flow mapping per option,
every string double-quoted (JSON's escapes are YAML's), comments where the import
wants a clinician to look."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any


_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf"}


def scalar(value: Any) -> str:
    if isinstance(value, str) and _PLAIN.match(value) and value.lower() not in _WORDS:
        return value  # ids, types, language codes: plain, as people write them
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return json.dumps(str(value), ensure_ascii=False)


def flow(value: Any) -> str:
    """A value on one line: {a: 1, b: "x"}, [1, 2], or a scalar."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(key)}: {flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    return scalar(value)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def comment_lines(comments: list[str], indent: str) -> list[str]:
    lines = []
    for text in comments:
        text = _CONTROL.sub("", text)  # comments quote untrusted text (linkIds, FHIRPath)
        for line in text.splitlines() or [""]:
            lines.append(f"{indent}# {line}".rstrip())
    return lines


@dataclass
class Block:
    """A mapping written in block style, with comments above it and above its keys."""

    values: dict[str, Any] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    key_comments: dict[str, list[str]] = field(default_factory=dict)
    flow_lists: set[str] = field(default_factory=set)  # keys whose list items are written one flow mapping a line


def write_block(block: Block, indent: str, first_prefix: str | None = None) -> list[str]:
    """The block's lines; with ``first_prefix`` ('- '), as an item of a block list."""
    lines = comment_lines(block.comments, indent)
    prefix = first_prefix or ""
    inner = indent + (" " * len(prefix))
    first = True
    for key, value in block.values.items():
        lead = (indent + prefix) if first else inner
        first = False
        if not indent and key in ("sections", "scores", "outcomes"):
            lines.append("")
        lines.extend(comment_lines(block.key_comments.get(key, []), inner))
        if isinstance(value, list) and value and all(isinstance(v, Block) for v in value):
            lines.append(f"{lead}{scalar(key)}:")
            for item in value:
                lines.extend(write_block(item, inner + "  ", "- "))
        elif key in block.flow_lists and isinstance(value, list):
            lines.append(f"{lead}{scalar(key)}:")
            for item in value:
                if isinstance(item, tuple):  # (comments, value)
                    lines.extend(comment_lines(item[0], inner + "  "))
                    item = item[1]
                lines.append(f"{inner}  - {flow(item)}")
        elif isinstance(value, Block):
            lines.append(f"{lead}{scalar(key)}:")
            lines.extend(write_block(value, inner + "  "))
        else:
            lines.append(f"{lead}{scalar(key)}: {flow(value)}")
    return lines
