"""Submissions out of the store: a table for people, JSON, CSV and FHIR for systems."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from screening.store.base import Submission

FORMATS = ("table", "json", "csv", "fhir", "fhir-responses")
DEFAULT_FHIR_BASE = "urn:screening:questionnaire:"


def as_table(submissions: list[Submission]) -> str:
    rows = [("ID", "SUBMITTED (UTC)", "KIOSK", "QUESTIONNAIRE", "OUTCOME", "FLAGS")]
    for s in submissions:
        flags = ", ".join(("!" if f["severity"] == "urgent" else "") + f["id"] for f in s.flags) or "-"
        rows.append((s.id[:12], s.submitted_at[:19].replace("T", " "), s.kiosk_id or "-", f"{s.questionnaire_id} {s.questionnaire_version}", s.outcome_id, flags))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1] for row in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def as_json(submissions: list[Submission]) -> str:
    return json.dumps([s.to_json() for s in submissions], indent=2, ensure_ascii=False) + "\n"


def as_csv(submissions: list[Submission]) -> str:
    """One row per submission; each answer's value in a column named by its question id."""
    question_ids: list[str] = []
    units: dict[str, str] = {}  # a duration's column says its unit: "pain_duration (weeks)"
    for s in submissions:
        for answer in s.payload.get("answers", []):
            if answer["id"] not in question_ids:
                question_ids.append(answer["id"])
            if answer.get("unit"):
                units[answer["id"]] = answer["unit"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["id", "submitted_at", "kiosk_id", "questionnaire_id", "questionnaire_version", "language", "outcome", "flags"]
    writer.writerow(header + [f"{q} ({units[q]})" if q in units else q for q in question_ids])
    for s in submissions:
        values = {a["id"]: a["value"] for a in s.payload.get("answers", [])}
        row = [s.id, s.submitted_at, s.kiosk_id, s.questionnaire_id, s.questionnaire_version, s.language, s.outcome_id]
        row.append(";".join(f["id"] for f in s.flags))
        for question_id in question_ids:
            value = values.get(question_id, "")
            row.append(";".join(map(str, value)) if isinstance(value, list) else value)
        writer.writerow([_csv_safe(cell) for cell in row])
    return buffer.getvalue()


def _csv_safe(cell: Any) -> Any:
    """Free text that a spreadsheet would run as a formula is prefixed with a quote."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
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


def as_fhir_bundle(submissions: list[Submission], base: str = DEFAULT_FHIR_BASE) -> str:
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": as_fhir(s, base)} for s in submissions],
    }
    return json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"


def render_submissions(submissions: list[Submission], format: str, fhir_base: str = DEFAULT_FHIR_BASE) -> str:
    if format == "json":
        return as_json(submissions)
    if format == "csv":
        return as_csv(submissions)
    if format in ("fhir", "fhir-responses"):  # NDJSON: a transaction Bundle per submission
        from screening.interop.fhir.response import bundle_lines

        return "".join(bundle_lines(submissions, fhir_base, responses_only=format == "fhir-responses"))
    return as_table(submissions)
