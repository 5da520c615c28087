"""Write translations into a questionnaire file, keeping its comments and layout.

ruamel.yaml's round-trip mode reads the file into data that remembers comments,
quoting, flow and block styles and key order, and writes it back as it was
(the bundled files come back byte for byte) apart from what changed. Only
`screening translate import` imports it.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from screening.authoring.translation import TextNode

_SEQUENCE_ITEM = re.compile(r"^( *)- ")
_KEY_ONLY = re.compile(r"^( *)[A-Za-z_][\w-]*:\s*(#.*)?$")


def _indentation(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as ruamel.yaml names them, from the file's own layout."""
    lines = text.splitlines()
    mapping = sequence = offset = None
    for before, line in zip(lines, lines[1:]):
        key = _KEY_ONLY.match(before)
        if not key:
            continue
        parent = len(key.group(1))
        item = _SEQUENCE_ITEM.match(line)
        if item and sequence is None:
            offset = len(item.group(1)) - parent
            sequence = offset + 2
        elif not item and mapping is None and line.strip():
            child = len(line) - len(line.lstrip(" "))
            if child > parent:
                mapping = child - parent
        if mapping is not None and sequence is not None:
            break
    return mapping or 2, sequence or 4, offset if offset is not None else 2


def _yaml(text: str) -> YAML:
    round_trip = YAML(typ="rt", pure=True)
    round_trip.preserve_quotes = True
    round_trip.width = 4096  # never re-wrap a line
    mapping, sequence, offset = _indentation(text)
    round_trip.indent(mapping=mapping, sequence=sequence, offset=offset)
    return round_trip


def _flow_seq(items: list[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def write_translations(text: str, nodes: list[TextNode], translations: dict[str, str], language: str, source_language: str) -> str:
    """The file's text with ``language`` added to ``languages`` and each translation in place."""
    # Round-trip mode builds only plain mappings, lists and strings (no object from a tag), and
    # the file already passed the loader, which refuses tags, anchors and aliases outright.
    round_trip = _yaml(text)
    data = round_trip.load(text)
    languages = data.get("languages")
    if languages is None:
        position = list(data).index("title") + 1 if "title" in data else 0
        data.insert(position, "languages", _flow_seq([source_language, language]))
    elif language not in languages:
        languages.append(language)
    for node in nodes:
        if node.id not in translations:
            continue
        parent: Any = data
        for part in node.path[:-1]:
            parent = parent[part]
        key = node.path[-1]
        current = parent[key]
        if isinstance(current, dict):
            current[language] = translations[node.id]
            continue
        texts = CommentedMap()
        texts[source_language] = current
        texts[language] = translations[node.id]
        if "\n" not in str(current) and len(str(current)) + len(translations[node.id]) < 70:
            texts.fa.set_flow_style()
        parent[key] = texts
    out = io.StringIO()
    round_trip.dump(data, out)
    return _restore_comment_gaps(text, out.getvalue())


_TRAILING_COMMENT = re.compile(r"(?<=\S)([ \t]+)(#[^'\"\n]*)$")


def _restore_comment_gaps(before: str, after: str) -> str:
    """ruamel.yaml writes one space before the comment of a flow mapping it changed
    (``{...}  # note`` comes back as ``{...} # note``); put back the author's gap."""
    gaps: dict[str, str | None] = {}
    for line in before.split("\n"):
        found = _TRAILING_COMMENT.search(line)
        if found:
            comment = found.group(2)
            gaps[comment] = found.group(1) if gaps.get(comment, found.group(1)) == found.group(1) else None
    lines = after.split("\n")
    for index, line in enumerate(lines):
        found = _TRAILING_COMMENT.search(line)
        if found and gaps.get(found.group(2)):
            lines[index] = line[: found.start(1)] + gaps[found.group(2)] + found.group(2)  # type: ignore[operator]
    return "\n".join(lines)
