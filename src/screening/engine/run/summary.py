"""The referral summary as data: what every rendering (text, Markdown, JSON, PDF) shows.

Everything a person reads is decided here, in words, so every rendering says
the same thing in the same order: a question is named with its section where
its wording repeats; a reason is the question's words and the answer given (or
a score's title and value), never an id; a score none of whose questions was
asked is "not asked", not 0.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from screening.engine.numbers import is_number, number_text
from screening.engine.run.answers import answer_file_value, display_answer, json_value
from screening.engine.run.questionnaire import Question, Questionnaire
from screening.engine.run.rules import Evaluation, Reason
from screening.engine.run.session import Session
from screening.i18n import t


@dataclass(frozen=True)
class ReasonLine:
    id: str
    kind: str  # "answer" or "score"
    shown: str  # how it reads: the answer's words, or the score's number
    value: Any  # JSON data
    label: str = ""  # what it is, in words: the question's short text, or the score's title
    unit: str | None = None  # the unit of ``value`` ("weeks" for a duration)

    @property
    def words(self) -> str:
        """The reason as a person reads it: 'Are you pregnant...? Possibly', 'PHQ-2 mood score: 5'."""
        label = self.label or self.id
        if self.kind == "score":
            return f"{label}: {self.shown}"
        return f'{label} "{self.shown}"' if label.endswith(("?", ".", ":")) else f'{label}: "{self.shown}"'


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
    value: Any  # a number, or None when it has no value (or was not asked)
    shown: str = ""  # how it reads: the number, "no value" or "not asked"


@dataclass(frozen=True)
class AnswerLine:
    id: str
    question: str
    answer: str
    value: Any
    type: str = ""  # the question type, so exports (e.g. FHIR) can type the value
    raw: Any = None  # as an answer file writes it, so the answers can be evaluated again
    section: str = ""  # the section's title
    label: str = ""  # how the question is named: with its section where its wording repeats
    unit: str | None = None  # the unit of ``value`` ("weeks" for a duration)

    @property
    def heading(self) -> str:
        return self.label or self.question


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
            return [
                ReasonLine(r["id"], r["kind"], r.get("shown", str(r["value"])), r["value"], r.get("label", ""), r.get("unit"))
                for r in lines
            ]

        if "score_lines" in data:
            scores = [ScoreLine(s["id"], s["title"], s["value"], s.get("shown", "")) for s in data["score_lines"]]
        else:  # stored before the score lines were kept
            scores = [ScoreLine(k, k, v) for k, v in data["scores"].items()]

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
            scores=scores,
            answers=[
                AnswerLine(
                    a["id"], a["question"], a["answer"], a["value"], a.get("type", ""), None,
                    a.get("section", ""), a.get("label", ""), a.get("unit"),
                )
                for a in data["answers"]
            ],
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
            return [
                {"id": r.id, "kind": r.kind, "value": r.value, "shown": r.shown, "label": r.label, **_unit(r.unit)}
                for r in lines
            ]

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
            "score_lines": [{"id": s.id, "title": s.title, "value": s.value, "shown": s.shown} for s in self.scores],
            "answers": [
                {
                    "id": a.id,
                    "question": a.question,
                    "answer": a.answer,
                    "value": a.value,
                    **_unit(a.unit),
                    "type": a.type,
                    "section": a.section,
                    "label": a.heading,
                }
                for a in self.answers
            ],
            "crisis": self.crisis,
            "disclaimer": self.disclaimer,
        }


def _unit(unit: str | None) -> dict[str, str]:
    return {"unit": unit} if unit else {}


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


def short_text(text: str) -> str:
    """A question's first sentence: 'Has a doctor ever told you ...?' without 'Choose all that apply.'"""
    first = re.split(r"(?<=[?.!])\s+", text.strip(), maxsplit=1)[0]
    return first or text.strip()


def question_labels(questionnaire: Questionnaire, language: str, short: bool = False) -> dict[str, str]:
    """Each question's name in a summary: its words, with its section where the same words name another question."""
    words = {q.id: questionnaire.text(q.text, language) for q in questionnaire.questions}
    if short:
        words = {key: short_text(value) for key, value in words.items()}
    seen: dict[str, int] = {}
    for text in words.values():
        seen[text.casefold()] = seen.get(text.casefold(), 0) + 1
    labels = {}
    for question in questionnaire.questions:
        text = words[question.id]
        if seen[text.casefold()] > 1:
            text = f"{questionnaire.text(question.section.title, language)}: {text}"
        labels[question.id] = text
    return labels


def score_questions(questionnaire: Questionnaire, score_id: str, seen: set[str] | None = None) -> set[str]:
    """The questions a score reads, through the scores it reads."""
    seen = seen if seen is not None else set()
    if score_id in seen:
        return set()
    seen.add(score_id)
    found: set[str] = set()
    for name in questionnaire.score_by_id[score_id].expression.names:
        if name in questionnaire.score_by_id:
            found |= score_questions(questionnaire, name, seen)
        elif name in questionnaire.question_by_id:
            found.add(name)
    return found


def _duration_unit(question: Question) -> str | None:
    return "weeks" if question.type == "duration" else None


def build_summary(session: Session, created: _dt.datetime | None = None, evaluation: Evaluation | None = None) -> Summary:
    questionnaire = session.questionnaire
    language = session.language
    evaluation = evaluation or session.evaluation()
    text = lambda value: questionnaire.text(value, language)  # noqa: E731
    answers = session.answers
    labels = question_labels(questionnaire, language)
    short_labels = question_labels(questionnaire, language, short=True)

    def asked(score_id: str) -> bool:
        """False when none of the questions the score reads was answered (hidden, or skipped)."""
        questions = score_questions(questionnaire, score_id)
        return not questions or any(question_id in answers for question_id in questions)

    def score_shown(score_id: str, value: Any) -> str:
        if not asked(score_id):
            return t("summary.not_asked", language)
        return t("summary.no_value", language) if value is None else format_number(value)

    def score_title(score_id: str) -> str:
        score = questionnaire.score_by_id[score_id]
        return text(score.title) if score.title else score_id

    def reason_lines(reasons: list[Reason]) -> list[ReasonLine]:
        lines = []
        for reason in reasons:
            if reason.kind == "score":
                value = reason.value if asked(reason.name) else None
                shown = score_shown(reason.name, reason.value)
                lines.append(ReasonLine(reason.name, "score", shown, value, score_title(reason.name)))
                continue
            question = questionnaire.question_by_id[reason.name]
            held = answers.get(reason.name)  # the held form reads better ("2 years", not 104)
            value = None if held is None else json_value(question, held)
            shown = display_answer(questionnaire, question, held, language)
            lines.append(ReasonLine(reason.name, "answer", shown, value, short_labels[reason.name], _duration_unit(question)))
        return lines

    flags = [
        FlagLine(raised.id, raised.severity, text(raised.flag.text), reason_lines(raised.reasons))
        for raised in evaluation.raised_flags
    ]
    scores = []
    for score in questionnaire.scores:
        value = _two_places(evaluation.scores.get(score.id)) if asked(score.id) else None
        scores.append(ScoreLine(score.id, score_title(score.id), value, score_shown(score.id, value)))
    answer_lines = [
        AnswerLine(
            question.id,
            text(question.text),
            display_answer(questionnaire, question, answers[question.id], language),
            json_value(question, answers[question.id]),
            question.type,
            answer_file_value(answers[question.id]),
            text(question.section.title),
            labels[question.id],
            _duration_unit(question),
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
