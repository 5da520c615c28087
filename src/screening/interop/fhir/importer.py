"""An R4 Questionnaire (JSON) -> a questionnaire file in the house style, or a clear refusal.

Untrusted input: the size is checked before reading, the encoding and the JSON
are checked with a located message, the item tree is measured without
recursion before anything recurses over it, and every value is type-checked
where it is read. What cannot be carried is listed as a ``warning:`` naming
its JSON path, and noted as a comment in the YAML at its place; the result is
then loaded with the project's own loader, so a file that would not validate
is never written (the caller gets the problems and exits 1). The mapping of
items is in :mod:`.import_items`; docs/fhir.md has the whole table.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screening.interop.fhir.import_common import MAX_DEPTH, MAX_ITEMS, PLACEHOLDER_OUTCOME, Refused, slug  # noqa: F401 - the importer's interface

MAX_BYTES = 10 * 1024 * 1024


@dataclass
class ImportResult:
    text: str | None  # the YAML, or None when refused or invalid
    messages: list[str] = field(default_factory=list)  # 'warning:' and 'error:' lines, in order


def import_file(path: str) -> ImportResult:
    """Read and convert a FHIR Questionnaire file (never raises for bad input)."""
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        return ImportResult(None, [f"{path}: error: cannot read the file: {exc.strerror or exc}"])
    if size > MAX_BYTES:  # refused before reading a byte of it
        return ImportResult(None, [f"{path}: error: the file is {size / 1024 / 1024:.1f} MB; a Questionnaire to import may be at most {MAX_BYTES // 1024 // 1024} MB"])
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        return ImportResult(None, [f"{path}: error: cannot read the file: {exc.strerror or exc}"])
    return import_bytes(path, data)


def import_bytes(label: str, data: bytes) -> ImportResult:
    if len(data) > MAX_BYTES:
        return ImportResult(None, [f"{label}: error: the file is larger than {MAX_BYTES // 1024 // 1024} MB"])
    try:
        resource = _parse(label, data)
    except Refused as exc:
        return ImportResult(None, [str(exc)])
    from screening.interop.fhir.import_items import Converter

    fallback = None
    if _is_own_export(resource):  # screening's own export: rebuilt exactly from its extensions
        from screening.interop.fhir.import_own_check import import_own

        try:  # the same limits as for any file (item count, depth, linkIds), before anything reads items
            Converter(label, resource).measure(resource.get("item", []))
        except Refused as exc:
            return ImportResult(None, [f"{label}: error: {exc}"])
        own = import_own(label, resource)
        if isinstance(own, tuple):
            return ImportResult(own[0], own[1])
        fallback = own  # changed outside screening: its FHIR content alone, as from any system
    converter = Converter(label, resource)
    if fallback is not None:
        converter.own_noted = True
        converter.warn("Questionnaire.extension(screening-questionnaire)", fallback)
    try:
        text = converter.convert()
    except Refused as exc:
        return ImportResult(None, converter.messages + [f"{label}: error: {exc}"])
    problems = _validation_problems(label, text)
    if problems:
        intro = f"{label}: error: the imported questionnaire would not validate; nothing was written:"
        return ImportResult(None, converter.messages + [intro] + problems)
    return ImportResult(text, converter.messages)


def _is_own_export(resource: dict[str, Any]) -> bool:
    from screening.interop.fhir.names import EXT_OWN_QUESTIONNAIRE

    extensions = resource.get("extension")
    return isinstance(extensions, list) and any(isinstance(e, dict) and e.get("url") == EXT_OWN_QUESTIONNAIRE for e in extensions)


def _parse(label: str, data: bytes) -> dict[str, Any]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise Refused(f"{label}:{line}:{column}: error: the file is not valid UTF-8 (byte 0x{data[exc.start]:02x})") from None
    text = text.removeprefix("\ufeff")
    try:
        resource = json.loads(text, parse_constant=_no_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise Refused(f"{label}:{exc.lineno}:{exc.colno}: error: not valid JSON: {exc.msg}") from None
    except (RecursionError, MemoryError):
        raise Refused(f"{label}: error: the JSON is nested too deeply to read") from None
    except ValueError as exc:
        raise Refused(f"{label}: error: not valid JSON: {exc}") from None
    if not isinstance(resource, dict) or resource.get("resourceType") != "Questionnaire":
        kind = resource.get("resourceType") if isinstance(resource, dict) else type(resource).__name__
        raise Refused(f"{label}: error: not a FHIR Questionnaire (resourceType is {json.dumps(kind)}); give a Questionnaire resource in JSON")
    return resource


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the key {json.dumps(key)} appears twice in one object")
        found[key] = value
    return found


def _validation_problems(label: str, text: str) -> list[str]:
    from screening.engine.loader import load_questionnaire_bytes
    from screening.engine.problems import FileError

    name = str(Path(label).with_suffix(".yaml").name)
    try:
        load_questionnaire_bytes(name, text.encode("utf-8"))
    except FileError as exc:
        return [str(problem) for problem in exc.problems]
    return []

