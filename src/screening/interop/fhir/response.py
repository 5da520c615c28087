"""One stored submission -> a FHIR R4 transaction Bundle an EHR takes.

The Bundle holds a QuestionnaireResponse whose items nest under their groups
exactly as in the exported Questionnaire (so it validates against it), then an
Observation per score that has a standard code (PHQ-9: LOINC 44261-6 with the
total), each ``derivedFrom`` the response. ``responses_only`` leaves the
Observations out. Works from the submission record alone (its payload as the
store keeps it); the questionnaire, when known, gives groups, codes and
displays. Ids are derived from the submission id, so exporting twice gives the
same Bundle, and the ``ifNoneExist`` on the response keeps a server from
storing it twice.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from screening.engine.run.questionnaire import Questionnaire
from screening.interop.fhir import names
from screening.interop.fhir.export import option_codings

SUBMISSION_SYSTEM = "urn:screening:submission"
_BUNDLED = Path(__file__).resolve().parents[2] / "questionnaires"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$")


@lru_cache(maxsize=64)
def _bundled_by_hash() -> dict[str, Questionnaire]:
    from screening.engine.loader import load_questionnaire
    from screening.engine.problems import FileError

    found: dict[str, Questionnaire] = {}
    for path in sorted(_BUNDLED.glob("*.yaml")):
        try:
            questionnaire = load_questionnaire(str(path))
        except FileError:  # pragma: no cover - the bundled files are tested
            continue
        found[questionnaire.sha256] = questionnaire
    return found


def find_questionnaire(submission: Any, known: Iterable[Questionnaire] = ()) -> Questionnaire | None:
    """The questionnaire a submission was answered on: the very file (same sha256) among
    ``known`` and the bundled ones, else None (the response is then flat and uncoded)."""
    for questionnaire in known:
        if questionnaire.sha256 == submission.questionnaire_sha256:
            return questionnaire
    return _bundled_by_hash().get(submission.questionnaire_sha256)


def _uuid(submission_id: str, what: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{SUBMISSION_SYSTEM}:{submission_id}/{what}"))


class _Response:
    def __init__(self, submission: Any, questionnaire: Questionnaire | None, base: str):
        self.s = submission
        self.q = questionnaire
        self.base = base
        self.codings = {} if questionnaire is None else {
            question.id: option_codings(questionnaire, question, base) for question in questionnaire.questions
        }

    def coding(self, question_id: str, option_id: str, display: str | None) -> dict[str, Any]:
        coding = dict(self.codings.get(question_id, {}).get(option_id) or {
            "system": names.option_system(self.s.questionnaire_id, question_id, self.base),
            "code": option_id,
        })
        if display:
            coding["display"] = display
        return coding

    def values(self, answer: dict[str, Any]) -> list[dict[str, Any]]:
        kind, value = answer.get("type", ""), answer["value"]
        if kind in ("single_choice", "yes_no"):
            return [{"valueCoding": self.coding(answer["id"], value, answer.get("answer"))}]
        if kind == "multi_choice":
            displays = str(answer.get("answer", "")).split("; ")
            same = len(displays) == len(value)
            return [{"valueCoding": self.coding(answer["id"], code, displays[i] if same else None)} for i, code in enumerate(value)]
        if kind in ("integer", "scale"):
            return [{"valueInteger": int(value)}]
        if kind == "number":
            return [{"valueDecimal": value}]
        if kind == "duration":
            return [{"valueQuantity": _duration(answer)}]
        if kind == "date":
            return [{"valueDate": value}]
        return [{"valueString": str(value)}]

    def answer_item(self, answer: dict[str, Any]) -> dict[str, Any]:
        return {"linkId": answer["id"], "text": answer.get("question") or answer["id"], "answer": self.values(answer)}

    def items(self) -> list[dict[str, Any]]:
        answers = self.s.payload.get("answers") or []
        if self.q is None:
            return [self.answer_item(answer) for answer in answers]
        by_id = {answer["id"]: answer for answer in answers}
        language = self.s.language or self.q.default_language
        items = []
        for section in self.q.sections:
            children = [self.answer_item(by_id[question.id]) for question in section.questions if question.id in by_id]
            if children:
                group = {"linkId": names.GROUP_PREFIX + section.id, "text": self.q.text(section.title, language), "item": children}
                items.append(group)
        results = self.results(language)
        if results:
            items.append({"linkId": names.RESULTS, "item": results})
        return items

    def results(self, language: str) -> list[dict[str, Any]]:
        """The calculated items' answers, as the engine computed them when the person finished."""
        assert self.q is not None
        scores = self.s.payload.get("scores") or {}
        if "answers" not in self.s.payload:  # encrypted and not readable: nothing to say
            return []
        found = []
        for score in self.q.scores:
            if scores.get(score.id) is not None:
                found.append({"linkId": names.SCORE_PREFIX + score.id, "answer": [{"valueDecimal": scores[score.id]}]})
        raised = {flag["id"] for flag in self.s.flags}
        for flag in self.q.flags:
            found.append({"linkId": names.FLAG_PREFIX + flag.id, "answer": [{"valueBoolean": flag.id in raised}]})
        outcome = next((o for o in self.q.outcomes if o.id == self.s.outcome_id), None)
        if outcome is not None:
            coding = {"system": names.result_system(self.q.id, "outcome", self.base), "code": outcome.id}
            coding["display"] = self.q.text(outcome.title, language)
            found.append({"linkId": names.OUTCOME, "answer": [{"valueCoding": coding}]})
        return found

    def questionnaire_response(self) -> dict[str, Any]:
        s = self.s
        resource: dict[str, Any] = {
            "resourceType": "QuestionnaireResponse",
            "id": s.id,  # as `submissions show --format fhir` gives it; a server assigns its own on POST
            "meta": {"tag": [{"system": "urn:screening:kiosk", "code": s.kiosk_id or "none"}]},
            "identifier": {"system": SUBMISSION_SYSTEM, "value": s.id},
            "questionnaire": f"{names.canonical(s.questionnaire_id, self.base)}|{s.questionnaire_version}",
            "status": "completed",
            "authored": s.submitted_at,
        }
        if s.language:
            resource["language"] = s.language
        items = self.items()
        if items:
            resource["item"] = items
        return resource

    def observations(self, response_url: str) -> list[dict[str, Any]]:
        if self.q is None:
            return []
        scores = self.s.payload.get("scores") or {}
        found = []
        for score in self.q.scores:
            value = scores.get(score.id)
            if not score.code or value is None:
                continue
            codes = [{key: code[key] for key in ("system", "code", "display") if code.get(key)} for code in score.code]
            observation: dict[str, Any] = {
                "resourceType": "Observation",
                "status": "final",
                "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey"}]}],
                "code": {"coding": codes, "text": self.q.text(score.title, self.s.language or None) if score.title else score.id},
                "effectiveDateTime": self.s.submitted_at,
                "derivedFrom": [{"reference": response_url}],
            }
            if isinstance(value, int) and not isinstance(value, bool):
                observation["valueInteger"] = value
            else:
                observation["valueQuantity"] = {"value": value, "unit": "{score}", "system": names.UCUM, "code": "{score}"}
            found.append(observation)
        return found


def _duration(answer: dict[str, Any]) -> dict[str, Any]:
    """The duration as the person gave it (raw '6 months'), else in weeks."""
    match = _DURATION.match(str(answer.get("raw") or ""))
    if match:
        unit = {"day": "days", "week": "weeks", "month": "months", "year": "years"}.get(match.group(2).rstrip("s"), "")
        if unit in names.DURATION_UNITS:
            amount = float(match.group(1)) if "." in match.group(1) else int(match.group(1))
            return {"value": amount, "unit": unit, "system": names.UCUM, "code": names.DURATION_UNITS[unit][0]}
    return {"value": answer["value"], "unit": "weeks", "system": names.UCUM, "code": "wk"}


def submission_bundle(
    submission: Any,
    questionnaire: Questionnaire | None = None,
    base: str = names.DEFAULT_BASE,
    responses_only: bool = False,
) -> dict[str, Any]:
    """A transaction Bundle for one submission record (see the module's doc)."""
    if questionnaire is None:
        questionnaire = find_questionnaire(submission)
    builder = _Response(submission, questionnaire, base)
    response_url = _uuid(submission.id, "response")
    entries = [
        {
            "fullUrl": response_url,
            "resource": builder.questionnaire_response(),
            "request": {
                "method": "POST",
                "url": "QuestionnaireResponse",
                "ifNoneExist": f"identifier={SUBMISSION_SYSTEM}|{submission.id}",
            },
        }
    ]
    if not responses_only:
        for index, observation in enumerate(builder.observations(response_url)):
            entries.append({
                "fullUrl": _uuid(submission.id, f"observation/{index}"),
                "resource": observation,
                "request": {"method": "POST", "url": "Observation"},
            })
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def bundle_lines(submissions: Iterable[Any], base: str = names.DEFAULT_BASE, responses_only: bool = False) -> Iterator[str]:
    """NDJSON: one transaction Bundle per line, one line per submission (streams)."""
    for submission in submissions:
        yield names.json_text(submission_bundle(submission, None, base, responses_only))
