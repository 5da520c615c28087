"""The referral summary as data: what every rendering (text, Markdown, JSON) shows."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from screening.engine.numbers import is_number, number_text
from screening.engine.run.answers import answer_file_value, display_answer, json_value
from screening.engine.run.rules import Evaluation, Reason
from screening.engine.run.session import Session
from screening.i18n import t


@dataclass(frozen=True)
class ReasonLine:
    id: str
    kind: str  # "answer" or "score"
    shown: str  # how it reads: the answer's words, or the score's number
    value: Any  # JSON data


@dataclass(frozen=True)
class FlagLine:
    id: str
    severity: str
    text: str
    because: list[ReasonLine]


@dataclass(frozen=True)
class ScoreLine:
    id: str
    title: str
    value: Any  # a number, or None when it has no value


@dataclass(frozen=True)
class AnswerLine:
    id: str
    question: str
    answer: str
    value: Any
    type: str = ""  # the question type, so exports (e.g. FHIR) can type the value
    raw: Any = None  # as an answer file writes it, so the answers can be evaluated again


@dataclass
class Summary:
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_sha256: str
    title: str
    language: str
    created: _dt.datetime
    outcome_id: str
    outcome_title: str
    outcome_text: str
    outcome_rule: int
    outcome_because: list[ReasonLine]
    flags: list[FlagLine]
    scores: list[ScoreLine]
    answers: list[AnswerLine]
    disclaimer: str
    crisis: str | None = None  # present when an urgent flag is raised

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Summary":
        """The summary back from its JSON (as stored), to render it again."""

        def because(lines: list[dict[str, Any]]) -> list[ReasonLine]:
            return [ReasonLine(r["id"], r["kind"], r.get("shown", str(r["value"])), r["value"]) for r in lines]

        created = _dt.datetime.strptime(data["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=_dt.timezone.utc)
        return cls(
            questionnaire_id=data["questionnaire"]["id"],
            questionnaire_version=data["questionnaire"]["version"],
            questionnaire_sha256=data["questionnaire"]["sha256"],
            title=data.get("title", data["questionnaire"]["id"]),
            language=data["language"],
            created=created,
            outcome_id=data["outcome"]["id"],
            outcome_title=data["outcome"]["title"],
            outcome_text=data["outcome"]["text"],
            outcome_rule=0,
            outcome_because=because(data["outcome"].get("because", [])),
            flags=[FlagLine(f["id"], f["severity"], f["text"], because(f.get("because", []))) for f in data["flags"]],
            scores=[ScoreLine(k, k, v) for k, v in data["scores"].items()],
            answers=[AnswerLine(a["id"], a["question"], a["answer"], a["value"], a.get("type", "")) for a in data["answers"]],
            disclaimer=data["disclaimer"],
            crisis=data.get("crisis"),
        )

    def flags_of(self, severity: str) -> list[FlagLine]:
        return [flag for flag in self.flags if flag.severity == severity]

    @property
    def created_text(self) -> str:
        return self.created.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def to_json(self) -> dict[str, Any]:
        """The JSON summary of the contract (plus the reasons behind each result)."""

        def because(lines: list[ReasonLine]) -> list[dict[str, Any]]:
            return [{"id": r.id, "kind": r.kind, "value": r.value, "shown": r.shown} for r in lines]

        return {
            "questionnaire": {
                "id": self.questionnaire_id,
                "version": self.questionnaire_version,
                "sha256": self.questionnaire_sha256,
            },
            "title": self.title,
            "language": self.language,
            "created": self.created_text,
            "outcome": {
                "id": self.outcome_id,
                "title": self.outcome_title,
                "text": self.outcome_text,
                "because": because(self.outcome_because),
            },
            "flags": [
                {"id": f.id, "severity": f.severity, "text": f.text, "because": because(f.because)} for f in self.flags
            ],
            "scores": {s.id: s.value for s in self.scores},
            "answers": [
                {"id": a.id, "question": a.question, "answer": a.answer, "value": a.value, "type": a.type} for a in self.answers
            ],
            "crisis": self.crisis,
            "disclaimer": self.disclaimer,
        }


def format_number(value: Any) -> str:
    """A score as people read it: at most two decimals, exact, no exponent."""
    if isinstance(value, float):
        value = round(value, 2)
    return number_text(value) if is_number(value) else str(value)


def _two_places(value: Any) -> Any:
    """Scores are shown and stored to 2 decimals, as examples compare them."""
    if isinstance(value, float):
        value = round(value, 2)
        return int(value) if value.is_integer() else value
    return value


def build_summary(session: Session, created: _dt.datetime | None = None, evaluation: Evaluation | None = None) -> Summary:
    questionnaire = session.questionnaire
    language = session.language
    evaluation = evaluation or session.evaluation()
    text = lambda value: questionnaire.text(value, language)  # noqa: E731
    answers = session.answers

    def reason_lines(reasons: list[Reason]) -> list[ReasonLine]:
        lines = []
        for reason in reasons:
            if reason.kind == "score":
                shown = t("summary.no_value", language) if reason.value is None else format_number(reason.value)
                lines.append(ReasonLine(reason.name, "score", shown, reason.value))
                continue
            question = questionnaire.question_by_id[reason.name]
            held = answers.get(reason.name)  # the held form reads better ("2 years", not 104)
            value = None if held is None else json_value(question, held)
            lines.append(ReasonLine(reason.name, "answer", display_answer(questionnaire, question, held, language), value))
        return lines

    flags = [
        FlagLine(raised.id, raised.severity, text(raised.flag.text), reason_lines(raised.reasons))
        for raised in evaluation.raised_flags
    ]
    scores = [
        ScoreLine(score.id, text(score.title) if score.title else score.id, _two_places(evaluation.scores.get(score.id)))
        for score in questionnaire.scores
    ]
    answer_lines = [
        AnswerLine(
            question.id,
            text(question.text),
            display_answer(questionnaire, question, answers[question.id], language),
            json_value(question, answers[question.id]),
            question.type,
            answer_file_value(answers[question.id]),
        )
        for question in session.visible_questions
        if question.id in answers
    ]
    urgent = any(flag.severity == "urgent" for flag in flags)
    return Summary(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        questionnaire_sha256=questionnaire.sha256,
        title=text(questionnaire.title),
        language=language,
        created=created or _dt.datetime.now(_dt.timezone.utc),
        outcome_id=evaluation.outcome.id,
        outcome_title=text(evaluation.outcome.title),
        outcome_text=text(evaluation.outcome.text),
        outcome_rule=evaluation.outcome_rule,
        outcome_because=reason_lines(evaluation.outcome_reasons),
        flags=flags,
        scores=scores,
        answers=answer_lines,
        disclaimer=text(questionnaire.disclaimer),
        crisis=text(questionnaire.crisis) if urgent and questionnaire.crisis else None,
    )
