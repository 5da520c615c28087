"""Accepting a questionnaire rebuilt from screening's own extensions, or saying why not.

The rebuilt YAML is loaded by the project's loader (so every expression an extension
carried is parsed and checked like any hand-written one, and never evaluated unchecked),
its examples are run, and it is exported again: the result must be the file's own FHIR
content, texts aside. A problem in the first two is an error at the JSON path of the
extension it came from (the import stops, exit 1); a difference in the third means the
file was changed outside screening, and the caller imports its FHIR content alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from screening.interop.fhir.import_own_values import Mismatch, OwnRefused, differences, locate, standard, strip_origins
from screening.interop.fhir.yaml_out import comment_lines

_COMPARED = ("language", "code", "extension", "item")


def import_own(label: str, resource: dict[str, Any]) -> tuple[str | None, list[str]] | str:
    """(YAML or None, messages) when the extensions decide the import; else the warning with
    which the caller falls back to the file's FHIR content."""
    from screening.engine.loader import load_questionnaire_bytes
    from screening.engine.problems import FileError
    from screening.engine.run.examples import run_examples
    from screening.interop.fhir.export import to_fhir_questionnaire
    from screening.interop.fhir.import_own import rebuild

    try:
        marked, warnings, base = rebuild(resource, label)
    except OwnRefused as exc:
        return None, [f"{label}: error: {exc} (nothing was written)"]
    except Mismatch as exc:
        return _fallback(str(exc), [])
    text, origins = strip_origins(marked)
    messages = [f"{label}: warning: {path}: {message}" for path, message in warnings]
    name = str(Path(label).with_suffix(".yaml").name)
    try:
        questionnaire = load_questionnaire_bytes(name, text.encode("utf-8"))
    except FileError as exc:
        return None, messages + _located(label, exc.problems, origins, "would not validate")
    _passed, problems = run_examples(questionnaire)
    if any(p.severity == "error" for p in problems):
        return None, messages + _located(label, problems, origins, "fails its own example")
    expected = to_fhir_questionnaire(questionnaire, base, own_extensions=False)
    places: list[str] = []
    unknown: list[tuple[str, str]] = []
    differences(
        standard({key: resource.get(key) for key in _COMPARED}, unknown),
        standard({key: expected.get(key) for key in _COMPARED}),
        "Questionnaire",
        places,
    )
    if places:
        return _fallback("its FHIR content is not what screening's export of its extensions gives", places)
    notes = []
    for path, extension in unknown:  # another system's additions: not carried, as for any file
        messages.append(f"{label}: warning: {path}: not carried: {extension}")
        notes.append(f"# warning: not carried: {extension} ({path})")
    if notes:
        lines = text.split("\n")
        text = "\n".join(lines[:2] + [line for note in notes for line in comment_lines([note[2:]], '')] + lines[2:])
    return text, messages


def _located(label: str, problems: list[Any], origins: list[tuple[int, str]], what: str) -> list[str]:
    """One error per extension (its first problem), at the extension's JSON path."""
    found: dict[str, str] = {}
    for problem in problems:
        if problem.severity == "error":
            found.setdefault(locate(problem.line, origins), problem.message)
    return [
        f"{label}: error: {path}: {message} (the questionnaire rebuilt from screening's extensions {what}; nothing was written)"
        for path, message in found.items()
    ]


def _fallback(reason: str, places: list[str]) -> str:
    where = f" (at {', '.join(places[:5])}{', ...' if len(places) > 5 else ''})" if places else ""
    return (
        f"the file carries screening's extensions, but {reason}{where}: it was changed outside screening, "
        "so the extensions are not used and it is imported from its FHIR content alone, as from any other "
        "system (flags, outcomes and FHIRPath logic are lost: a clinician must check it against the original)"
    )
