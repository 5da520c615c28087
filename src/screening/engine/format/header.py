"""A quick read of a questionnaire's first-screen fields, before the full load.

The welcome screen needs only the title, intro, disclaimer and languages, and
start-up time is what a person at a kiosk waits through: importing the YAML
library alone costs more than the rest of our start-up. So this scans the top
of the file line by line for the usual shapes (plain, quoted and block
scalars; a one-level language mapping; a flow list of languages) and gives up,
returning None, on anything else.

It is only a hint for the first paint: the real load (a real YAML parser, every
check) runs right after it, and the app repaints the welcome from the loaded
questionnaire whenever the two differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_FILE_BYTES = 2 * 1024 * 1024  # the loader's limit (not imported: start-up time)
_WANTED = ("title", "intro", "disclaimer", "languages", "id", "version")
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*?))?[ \t]*$")
_SUB_KEY = re.compile(r"^([ ]+)([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?):(?:[ \t]+(.*?))?[ \t]*$")
_PLAIN_UNSAFE = re.compile(r"^[\[\]{}&*!|>%@`]|: | #")


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
        found = scan_header(data.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return None
    if found is None or not isinstance(found.get("title"), (str, dict)):
        return None
    header = Header()
    for key, value in found.items():
        setattr(header, key, value)
    if not isinstance(header.languages, list) or not header.languages:
        header.languages = ["en"]
    return header


def scan_header(text: str) -> dict[str, Any] | None:
    """The wanted top-level keys before 'sections', or None on anything unusual."""
    lines = text.splitlines()
    found: dict[str, Any] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip() or line.startswith("#"):
            continue
        match = _TOP_KEY.match(line)
        if not match:
            return None
        key, rest = match.group(1), match.group(2) or ""
        if key == "sections":
            break
        block: list[str] = []
        while index < len(lines) and (not lines[index].strip() or lines[index].startswith((" ", "#"))):
            if not lines[index].startswith("#"):
                block.append(lines[index])
            index += 1
        if key not in _WANTED:
            continue
        value = _value(rest, block, key == "languages")
        if value is None:
            return None
        found[key] = value
    return found


def _value(rest: str, block: list[str], is_list: bool) -> Any:
    if is_list:
        return _flow_list(rest) if not any(line.strip() for line in block) else None
    if rest:
        return _scalar(rest, block)
    # a one-level mapping: language code -> scalar
    mapping: dict[str, str] = {}
    position = 0
    while position < len(block):
        line = block[position]
        position += 1
        if not line.strip():
            continue
        match = _SUB_KEY.match(line)
        if not match:
            return None
        indent = len(match.group(1))
        nested: list[str] = []
        while position < len(block) and (not block[position].strip() or len(block[position]) - len(block[position].lstrip(" ")) > indent):
            nested.append(block[position])
            position += 1
        value = _scalar(match.group(3) or "", nested)
        if not isinstance(value, str):
            return None
        mapping[match.group(2)] = value
    return mapping or None


def _scalar(rest: str, block: list[str]) -> str | None:
    if rest[:1] in ">|":
        if rest not in (">", ">-", "|", "|-", ">+", "|+"):
            return None
        return _block_scalar(rest[0], block)
    if rest[:1] in "'\"":
        if any(line.strip() for line in block):
            return None
        return _quoted(rest)
    if _PLAIN_UNSAFE.search(rest) or rest.startswith("#"):
        return None
    lines = list(block)
    while lines and not lines[-1].strip():
        lines.pop()
    if any(not line.strip() or line.lstrip().startswith("#") for line in lines):
        # a blank line inside a plain scalar folds into a line break, and an indented '#' line is
        # a comment, not more of the text: leave both to the real parser
        return None
    words = ([rest] if rest else []) + [line.strip() for line in lines]
    if any(_PLAIN_UNSAFE.search(word) for word in words):
        return None
    return " ".join(words)


def _quoted(rest: str) -> str | None:
    quote = rest[0]
    if len(rest) < 2 or rest[-1] != quote:
        return None
    body = rest[1:-1]
    if quote == "'":
        if re.search(r"(?<!')'(?!')", body.replace("''", "")):
            return None
        return body.replace("''", "'")
    if "\\" in body or '"' in body:
        return None  # escapes: leave them to the real parser
    return body


def _block_scalar(style: str, block: list[str]) -> str | None:
    lines = list(block)
    while lines and not lines[-1].strip():
        lines.pop()
    content = [line for line in lines if line.strip()]
    if not content:
        return None
    indents = {len(line) - len(line.lstrip(" ")) for line in content}
    indent = min(indents)
    if style == ">" and (len(indents) > 1 or any(line[indent:indent + 1] in (" ", "\t") for line in content)):
        return None  # more-indented lines keep their line breaks: the real parser's business
    stripped = [line[indent:] if line.strip() else "" for line in lines]
    if style == "|":
        return "\n".join(stripped)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in stripped:
        if line:
            current.append(line)
        else:
            paragraphs.append(" ".join(current))
            current = []
    paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


def _flow_list(rest: str) -> list[str] | None:
    if not (rest.startswith("[") and rest.endswith("]")):
        return None
    items = [item.strip() for item in rest[1:-1].split(",")]
    if not all(re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", item) for item in items):
        return None
    return items
