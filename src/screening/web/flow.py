"""Where a person is in the questionnaire, and what each button does: no HTTP here.

The saved state is plain JSON (answers in answer-file form, so the engine
checks them again on every load); the engine :class:`Session` is rebuilt from
it for each request, so order, show_if, dropped hidden answers, scores, flags
and the outcome are always the engine's.

Pages: ``welcome`` -> ``question`` (one at a time; ``crisis`` the moment a new
urgent flag is raised, before the next question) -> ``review`` -> ``summary``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from screening.engine.run.answers import AnswerError, answer_file_value, parse_answer
from screening.engine.run.questionnaire import Question, Questionnaire
from screening.engine.run.session import Session
from screening.web.forms import raw_answer

PAGES = ("welcome", "question", "crisis", "review", "summary")


def new_state(questionnaire: Questionnaire, language: str, started_at: str) -> dict[str, Any]:
    return {
        "lang": language,
        "answers": {},
        "page": "welcome",
        "at": None,
        "edit": False,
        "ack": [],
        "csrf": secrets.token_urlsafe(32),
        "started_at": started_at,
        "summary": None,
    }


class Stale(Exception):
    """The form was for another page than the one the person is on (old tab, double submit, forgery)."""


@dataclass
class Outcome:
    error: str | None = None  # a message for the person, in their language; the page stays
    submit: bool = False  # the caller stores the submission
    finish: bool = False  # the caller ends the session


class Flow:
    def __init__(self, questionnaire: Questionnaire, state: dict[str, Any]):
        self.questionnaire = questionnaire
        self.state = state
        language = state.get("lang")
        if language not in questionnaire.languages:
            language = questionnaire.default_language
            state["lang"] = language
        self.session = Session(questionnaire, language)
        held: dict[str, Any] = {}
        for question_id, raw in (state.get("answers") or {}).items():
            question = questionnaire.question_by_id.get(question_id)
            if question is None or not question.answerable:
                continue
            try:
                held[question_id] = parse_answer(question, raw)
            except AnswerError:
                continue  # e.g. a date bound that moved with today: asked again
        self.session.load_answers(held)
        self._settle()

    # ------------------------------------------------------------ where

    @property
    def language(self) -> str:
        return self.session.language

    @property
    def page(self) -> str:
        return self.state["page"] if self.state.get("page") in PAGES else "welcome"

    @property
    def question(self) -> Question | None:
        at = self.state.get("at")
        return self.questionnaire.question_by_id.get(at) if at else None

    def _settle(self) -> None:
        """Keep the position valid: a question that became hidden sends the person to the review."""
        if self.page in ("question", "crisis"):
            question = self.question
            if question is None or not self.session.is_visible(question.id):
                self.state.update(page="review", at=None, edit=False)

    def _save_answers(self) -> None:
        self.state["answers"] = {qid: answer_file_value(value) for qid, value in self.session.answers.items()}

    def position(self) -> tuple[int, int]:
        """(number of this question among the answerable visible ones, how many there are)."""
        visible = [q for q in self.session.visible_questions if q.answerable]
        question = self.question
        number = next((i for i, q in enumerate(visible, start=1) if question and q.id == question.id), 0)
        return number, len(visible)

    def check(self, page: str, question_id: str | None) -> None:
        """The form must be for the page (and question) the person is on now."""
        if page != self.page:
            raise Stale(page)
        if page in ("question", "crisis") and (question_id or None) != self.state.get("at"):
            raise Stale(question_id)

    # ------------------------------------------------------------ acting

    def act(self, action: str, fields: dict[str, list[str]]) -> Outcome:
        handlers = {
            ("welcome", "start"): self._start,
            ("question", "next"): self._next,
            ("question", "back"): self._back,
            ("question", "review"): self._to_review,
            ("crisis", "read"): self._read_crisis,
            ("review", "back"): self._back_from_review,
            ("review", "edit"): self._edit,
            ("review", "submit"): self._submit,
            ("summary", "finish"): lambda f: Outcome(finish=True),
        }
        handler = handlers.get((self.page, action))
        if handler is None:
            raise Stale(action)
        return handler(fields)

    def set_language(self, language: str) -> None:
        if language in self.questionnaire.languages and self.page != "summary":
            self.state["lang"] = language
            self.session.language = language

    def _start(self, fields: dict[str, list[str]]) -> Outcome:
        first = self.session.next_question()
        assert first is not None, "the loader guarantees a question"
        self.state.update(page="question", at=first.id, edit=False)
        return Outcome()

    def _next(self, fields: dict[str, list[str]]) -> Outcome:
        question = self.question
        assert question is not None
        if question.answerable:
            try:
                raw = raw_answer(question, fields)
                if raw is None or raw == []:
                    if question.required:
                        return Outcome(error=self._required_message(question))
                    self.session.clear_answer(question.id)
                else:
                    self.session.set_answer(question.id, raw)
            except AnswerError as exc:
                return Outcome(error=exc.message(self.language))
            self._save_answers()
        if self._crisis_raised():
            self.state["page"] = "crisis"
            return Outcome()
        self._advance()
        return Outcome()

    def _required_message(self, question: Question) -> str:
        from screening.i18n import t

        if question.type in ("single_choice", "yes_no", "multi_choice", "scale"):
            return t("error.choose_one", self.language)
        return t("error.required", self.language)

    def _crisis_raised(self) -> bool:
        """A new urgent flag: the crisis page comes first. A flag that clears and returns shows again."""
        urgent = {raised.id for raised in self.session.evaluation().urgent}
        acknowledged = set(self.state.get("ack") or []) & urgent
        new = urgent - acknowledged
        self.state["ack"] = sorted(acknowledged | new)
        return bool(new) and self.questionnaire.crisis is not None

    def _read_crisis(self, fields: dict[str, list[str]]) -> Outcome:
        self.state["page"] = "question"
        self._advance()
        return Outcome()

    def _advance(self) -> None:
        question = self.question
        assert question is not None
        if self.state.get("edit"):
            self.state.update(page="review", at=None, edit=False)
            return
        following = self.session.next_question(question.id)
        if following is None:
            self.state.update(page="review", at=None)
        else:
            self.state.update(page="question", at=following.id)

    def _back(self, fields: dict[str, list[str]]) -> Outcome:
        question = self.question
        assert question is not None
        if self.state.get("edit"):
            self.state.update(page="review", at=None, edit=False)
            return Outcome()
        previous = self.session.previous_question(question.id)
        if previous is None:
            self.state.update(page="welcome", at=None)
        else:
            self.state["at"] = previous.id
        return Outcome()

    def _to_review(self, fields: dict[str, list[str]]) -> Outcome:
        self.state.update(page="review", at=None, edit=False)
        return Outcome()

    def _back_from_review(self, fields: dict[str, list[str]]) -> Outcome:
        visible = self.session.visible_questions
        self.state.update(page="question", at=visible[-1].id, edit=False)
        return Outcome()

    def _edit(self, fields: dict[str, list[str]]) -> Outcome:
        target = (fields.get("edit") or [""])[0]
        if not self.session.is_visible(target):
            raise Stale(target)
        self.state.update(page="question", at=target, edit=True)
        return Outcome()

    def _submit(self, fields: dict[str, list[str]]) -> Outcome:
        if not self.session.complete:
            from screening.web.words import w

            return Outcome(error=w("web.answer_missing", self.language))
        return Outcome(submit=True)

    def submitted(self, summary_json: dict[str, Any]) -> None:
        """After the store has the submission: only the summary is kept, for this page."""
        self.state.update(page="summary", at=None, edit=False, answers={}, summary=summary_json)
