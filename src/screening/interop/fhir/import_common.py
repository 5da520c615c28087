"""What the FHIR import's stages share: its limits, its refusal, and small value types.

Kept apart so that the stages (:mod:`.importer` -> :mod:`.import_items` ->
:mod:`.import_kinds`) import in one direction only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from screening.interop.fhir import names

MAX_ITEMS = 2000
MAX_DEPTH = 20
PLACEHOLDER_OUTCOME = "fhir_import_placeholder"


class Refused(Exception):
    """The input cannot be imported; the message says why (and where)."""



def slug(text: str, pattern: str = r"[^a-z0-9_-]+", first: str = "q") -> str:
    """An id from any text: lower case, other characters as '_' (or '-'), starting with a letter."""
    value = re.sub(pattern, "_", text.lower()).strip("_-")
    value = re.sub(r"_+", "_", value)
    if not value or not value[0].isalpha():
        value = f"{first}_{value}".rstrip("_")
    return value[:60]


_WEIGHTS = (names.EXT_ITEM_WEIGHT, names.EXT_ORDINAL_VALUE, "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value")
_HELP_CONTROLS = {"help", "flyover", "legal"}
_EXPRESSION_EXTENSIONS = ("enableWhenExpression", "initialExpression", "answerExpression", "candidateExpression", "calculatedExpression", "contextExpression")


def as_list(value: Any) -> list[Any]:
    """A JSON value read as a list: anything else (untrusted input) reads as empty."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    """A JSON value read as an object: anything else (untrusted input) reads as empty."""
    return value if isinstance(value, dict) else {}


class Text:
    """A text and its translations; which languages a file keeps is decided once all are read."""

    def __init__(self, values: dict[str, str]):
        self.values = values


@dataclass
class Target:
    """What an enableWhen or a score formula may refer to."""

    id: str
    kind: str  # our question type
    position: int
    options: dict[tuple[str | None, str], str] = field(default_factory=dict)  # (system, code) -> option id
    valued: bool = False


def _clean(text: str) -> str:
    """Control characters out (untrusted text); line breaks kept as spaces."""
    text = re.sub(r"[\r\n\t]+", " ", text)
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]", "", text).strip()


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


# A Questionnaire's top-level elements the import reads (or that are a server's bookkeeping,
# `meta`), and the values of others that say nothing beyond what every questionnaire here is.
_TOP_READ = {"resourceType", "id", "name", "language", "extension", "url", "version", "title", "description", "code", "item", "contained", "meta"}
_TOP_USUAL: dict[str, Any] = {"status": "active", "subjectType": ["Patient"]}


def metadata_not_carried(resource: dict[str, Any], read: set[str] | None = None, usual: dict[str, Any] | None = None) -> str | None:
    """The top-level FHIR metadata this format has no place for (status, publisher, copyright,
    ...), as one 'not carried: ...' message, or None: the same words as for an extension."""
    read = _TOP_READ if read is None else read
    usual = _TOP_USUAL if usual is None else usual
    found = []
    for key, value in resource.items():
        name = key[1:] if key.startswith("_") else key
        if name in read or (key in usual and value == usual[key]):
            continue
        shown = _clean(str(key))[:40]
        found.append(f"{shown} {json.dumps(value)[:60]}" if isinstance(value, str) and key in ("status", "url", "id", "name") else shown)
    if not found:
        return None
    return f"not carried: {', '.join(found)} (FHIR metadata this format has no place for)"
