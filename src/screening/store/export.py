"""Submissions out of the store: a table for people, JSON, CSV and FHIR for systems.

Every writer takes an iterable of submissions and a text stream and writes row
by row, so an export of any size runs in constant memory (the store streams
them; nothing builds the whole document). Text a person reads (the table) goes
through :func:`screening.terminal_text.for_terminal`; JSON escapes every control
character (``\\u001b``, ``\\u009b``), which keeps the data exact and the
terminal safe; CSV cells are cleaned, as a spreadsheet has no use for them.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from typing import IO, Any

from screening.store.base import Submission
from screening.terminal_text import for_terminal

FORMATS = ("table", "json", "csv", "fhir", "fhir-responses")
DEFAULT_FHIR_BASE = "urn:screening:questionnaire:"
# json.dumps(ensure_ascii=False) leaves C1 controls, DEL and the bidi controls raw
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def escape_json_controls(text: str) -> str:
    """JSON text with the controls json.dumps leaves raw escaped; lossless (they occur only inside strings)."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def json_text(value: Any, indent: int | None = None) -> str:
    """JSON with every control character escaped: exact data, safe on a terminal."""
    return escape_json_controls(json.dumps(value, ensure_ascii=False, indent=indent))


def _table_row(s: Submission) -> tuple[str, ...]:
    flags = ", ".join(("!" if f["severity"] == "urgent" else "") + f["id"] for f in s.flags) or "-"
    cells = (s.id[:12], s.submitted_at[:19].replace("T", " "), s.kiosk_id or "-", f"{s.questionnaire_id} {s.questionnaire_version}", s.outcome_id, flags)
    return tuple(for_terminal(cell, single_line=True) for cell in cells)


def write_table(submissions: Iterable[Submission], out: IO[str], widths: list[int] | None = None) -> int:
    """A fixed-width table; column widths from a first pass (``widths``) or from the header."""
    header = ("ID", "SUBMITTED (UTC)", "KIOSK", "QUESTIONNAIRE", "OUTCOME", "FLAGS")
    widths = widths or [len(cell) for cell in header[:-1]]
    count = 0

    def line(row: tuple[str, ...]) -> str:
        return ("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1]).rstrip() + "\n"

    out.write(line(header))
    for submission in submissions:
        out.write(line(_table_row(submission)))
        count += 1
    return count


def table_widths(submissions: Iterable[Submission]) -> list[int]:
    """The first pass of a table: the widest cell of each column (metadata only)."""
    widths = [len(cell) for cell in ("ID", "SUBMITTED (UTC)", "KIOSK", "QUESTIONNAIRE", "OUTCOME")]
    for submission in submissions:
        widths = [max(width, len(cell)) for width, cell in zip(widths, _table_row(submission))]
    return widths


def write_json(submissions: Iterable[Submission], out: IO[str]) -> int:
    """A JSON array, one submission a line (the C encoder: no indent)."""
    count = 0
    out.write("[")
    for submission in submissions:
        out.write(("\n" if count == 0 else ",\n") + json_text(submission.to_json()))
        count += 1
    out.write("\n]\n")
    return count


def csv_columns(submissions: Iterable[Submission]) -> dict[str, str | None]:
    """The first pass of a CSV: every question id, in the order first seen, with its unit if it has one."""
    seen: dict[str, str | None] = {}
    for submission in submissions:
        for answer in submission.payload.get("answers", []):
            if seen.get(answer["id"]) is None:
                seen[answer["id"]] = answer.get("unit")
    return seen


def write_csv(submissions: Iterable[Submission], out: IO[str], columns: dict[str, str | None]) -> int:
    """One row per submission; each answer's value in a column named by its question id
    (a duration's column says its unit: "pain_duration (weeks)")."""
    question_ids = list(columns)
    writer = csv.writer(out, lineterminator="\n")
    header = ["id", "submitted_at", "kiosk_id", "questionnaire_id", "questionnaire_version", "language", "outcome", "flags"]
    writer.writerow(header + [_csv_safe(f"{q} ({columns[q]})" if columns[q] else q) for q in question_ids])
    count = 0
    for s in submissions:
        values = {a["id"]: a["value"] for a in s.payload.get("answers", [])}
        row = [s.id, s.submitted_at, s.kiosk_id, s.questionnaire_id, s.questionnaire_version, s.language, s.outcome_id]
        row.append(";".join(f["id"] for f in s.flags))
        for question_id in question_ids:
            value = values.get(question_id, "")
            row.append(";".join(map(str, value)) if isinstance(value, list) else value)
        writer.writerow([_csv_safe(cell) for cell in row])
        count += 1
    return count


def _csv_safe(cell: Any) -> Any:
    """Control characters out; free text a spreadsheet would run as a formula is prefixed with a quote."""
    if isinstance(cell, str):
        cell = for_terminal(cell)
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + cell
    return cell


def as_fhir(submission: Submission, base: str = DEFAULT_FHIR_BASE) -> dict[str, Any]:
    """An R4 QuestionnaireResponse, its questionnaire a canonical reference with version."""
    canonical = f"{base}{submission.questionnaire_id}|{submission.questionnaire_version}"
    items = []
    for answer in submission.payload.get("answers", []):
        values = _fhir_values(answer, f"{base}{submission.questionnaire_id}#{answer['id']}")
        items.append({"linkId": answer["id"], "text": answer["question"], "answer": values})
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": submission.id,
        "meta": {"tag": [{"system": "urn:screening:kiosk", "code": submission.kiosk_id or "none"}]},
        "questionnaire": canonical,
        "status": "completed",
        "authored": submission.submitted_at,
    }
    if submission.language:
        resource["language"] = submission.language
    if items:
        resource["item"] = items
    return resource


def _fhir_values(answer: dict[str, Any], system: str) -> list[dict[str, Any]]:
    kind, value = answer.get("type", ""), answer["value"]
    if kind in ("single_choice", "yes_no"):
        return [{"valueCoding": {"system": system, "code": value, "display": answer["answer"]}}]
    if kind == "multi_choice":
        displays = answer["answer"].split("; ")
        return [
            {"valueCoding": {"system": system, "code": code, **({"display": displays[i]} if i < len(displays) else {})}}
            for i, code in enumerate(value)
        ]
    if kind in ("integer", "scale"):
        return [{"valueInteger": int(value)}]
    if kind == "number":
        return [{"valueDecimal": value}]
    if kind == "duration":
        return [{"valueQuantity": {"value": value, "unit": "wk", "system": "http://unitsofmeasure.org", "code": "wk"}}]
    if kind == "date":
        return [{"valueDate": value}]
    return [{"valueString": str(value)}]



def export(store: Any, format: str, out: Any, fhir_base: str = DEFAULT_FHIR_BASE, limit: int | None = None,
           need_answers: bool = True, progress: Callable[[int], None] | None = None) -> int:
    """Stream the store's submissions (newest first) to ``out`` in ``format``; returns how many.

    CSV and table take two passes over the store (the columns, then the rows)
    rather than holding everything: constant memory at any size.
    """
    def rows(answers: bool = need_answers, counted: bool = False) -> Iterable[Submission]:
        for done, submission in enumerate(store.iter_submissions(limit=limit, need_answers=answers), 1):
            yield submission
            if counted and progress is not None:
                progress(done)

    if format == "json":
        return write_json(rows(counted=True), out)
    if format == "csv":
        return write_csv(rows(counted=True), out, csv_columns(rows()))
    if format in ("fhir", "fhir-responses"):  # NDJSON: a transaction Bundle per submission, one a line
        from screening.interop.fhir.response import bundle_lines

        count = 0
        for line in bundle_lines(rows(counted=True), fhir_base, responses_only=format == "fhir-responses"):
            out.write(line if line.endswith("\n") else line + "\n")
            count += 1
        return count
    return write_table(rows(False, counted=True), out, table_widths(rows(False)))
