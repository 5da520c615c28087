"""The walk through a questionnaire: which questions show, which answers count.

A :class:`Session` holds one person's answers. After every change it walks the
file in order: a question (or section) whose ``show_if`` is false is hidden, and
a hidden question's answer is dropped, so it reaches no score, flag, outcome,
summary or store. ``show_if`` only reads earlier questions (the loader makes
sure), so one pass in file order settles everything.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from screening.engine.expressions import Environment
from screening.engine.run.answers import expression_value, parse_answer
from screening.engine.run.questionnaire import Question, Questionnaire
from screening.engine.run.rules import Evaluation, evaluate, lazy_environment


class Progress:
    # Plain classes here, not dataclasses: see run/questionnaire.py.
    __slots__ = ("answered", "total")

    def __init__(self, answered: int, total: int):
        self.answered = answered  # visible questions with an answer
        self.total = total  # visible questions that take an answer

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Progress) and (self.answered, self.total) == (other.answered, other.total)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Progress(answered={self.answered}, total={self.total})"

    @property
    def remaining(self) -> int:
        return self.total - self.answered


class Walk:
    __slots__ = ("visible", "hidden", "kept", "dropped", "values", "env")

    def __init__(
        self,
        visible: list[Question],
        hidden: list[Question],
        kept: dict[str, Any],  # held answers of visible questions
        dropped: list[str],  # ids whose answers were dropped because they became hidden
        values: dict[str, Any],  # what expressions see, for the kept answers
        env: Environment,  # scores computed during the walk, valid for ``values``
    ):
        self.visible = visible
        self.hidden = hidden
        self.kept = kept
        self.dropped = dropped
        self.values = values
        self.env = env


def walk(questionnaire: Questionnaire, answers: dict[str, Any], today: _dt.date | None = None, previous: Walk | None = None) -> Walk:
    """Decide visibility in file order, dropping answers of hidden questions.

    With the ``previous`` walk, its scores are kept except those that read an
    answer whose value differs now: after one answer, only what depends on it
    is computed again. (A show_if reads only earlier questions, so by the time
    it is evaluated every earlier change has been seen and forgotten.)
    """
    values: dict[str, Any] = {}
    env = lazy_environment(questionnaire, values, today)
    before: dict[str, Any] = {}
    if previous is not None and previous.env.today == env.today:
        env.scores.update(previous.env.scores)
        before = previous.values
    scores = env.scores
    visible: list[Question] = []
    hidden: list[Question] = []
    kept: dict[str, Any] = {}
    dropped: list[str] = []
    for section in questionnaire.sections:
        section_shown = section.show_if is None or bool(section.show_if.evaluate(env))
        for question in section.questions:
            shown = section_shown and (question.show_if is None or bool(question.show_if.evaluate(env)))
            answer = answers.get(question.id)
            value = None
            if not shown:
                hidden.append(question)
                if answer is not None:
                    dropped.append(question.id)
            else:
                visible.append(question)
                if answer is not None:
                    kept[question.id] = answer
                    value = values[question.id] = expression_value(question, answer)
            if value != before.get(question.id):
                scores.forget(question.id)  # only the scores that read this answer
    return Walk(visible, hidden, kept, dropped, values, env)


class Session:
    """One person's pass through a questionnaire."""

    def __init__(self, questionnaire: Questionnaire, language: str | None = None, today: _dt.date | None = None):
        self.questionnaire = questionnaire
        self.language = language or questionnaire.default_language
        self.today = today
        self._answers: dict[str, Any] = {}
        self._walked: Walk | None = None  # walked on first use: load_answers need not walk twice
        self._evaluation: Evaluation | None = None  # the last one: flags nothing of changed are kept

    @property
    def _walk(self) -> Walk:
        if self._walked is None:
            self._walked = walk(self.questionnaire, self._answers, self.today)
        return self._walked

    @_walk.setter
    def _walk(self, value: Walk) -> None:
        self._walked = value

    # ------------------------------------------------------------ answers

    @property
    def answers(self) -> dict[str, Any]:
        """Held answers of the visible questions, in file order."""
        return dict(self._walk.kept)

    def answer(self, question_id: str) -> Any:
        return self._walk.kept.get(question_id)

    def set_answer(self, question_id: str, raw: Any) -> list[str]:
        """Check and store an answer; returns ids of answers dropped as a result."""
        question = self.questionnaire.question_by_id[question_id]
        self._answers[question_id] = parse_answer(question, raw, self.today)
        return self._rewalk()

    def load_answers(self, answers: dict[str, Any]) -> list[str]:
        """Replace all answers with already-checked ones; returns ids dropped as hidden."""
        self._answers = dict(answers)
        return self._rewalk()

    def clear_answer(self, question_id: str) -> list[str]:
        self._answers.pop(question_id, None)
        return self._rewalk()

    def reset(self) -> None:
        """Forget everything (the kiosk does this between people)."""
        self._answers = {}
        self._walk = walk(self.questionnaire, {}, self.today)  # nothing computed for them is kept
        self._evaluation = None

    def _rewalk(self) -> list[str]:
        self._walk = walk(self.questionnaire, self._answers, self.today, self._walked)
        for question_id in self._walk.dropped:
            del self._answers[question_id]
        return list(self._walk.dropped)

    # ------------------------------------------------------------ the walk

    @property
    def visible_questions(self) -> list[Question]:
        return list(self._walk.visible)

    @property
    def hidden_questions(self) -> list[Question]:
        return list(self._walk.hidden)

    def is_visible(self, question_id: str) -> bool:
        return any(q.id == question_id for q in self._walk.visible)

    def next_question(self, after: str | None = None) -> Question | None:
        """The visible question after ``after`` (the first when None)."""
        visible = self._walk.visible
        if after is None:
            return visible[0] if visible else None
        position = self.questionnaire.question_by_id[after].index
        for question in visible:
            if question.index > position:
                return question
        return None

    def previous_question(self, before: str) -> Question | None:
        position = self.questionnaire.question_by_id[before].index
        earlier = [q for q in self._walk.visible if q.index < position]
        return earlier[-1] if earlier else None

    def progress(self) -> Progress:
        answerable = [q for q in self._walk.visible if q.answerable]
        answered = sum(1 for q in answerable if q.id in self._walk.kept)
        return Progress(answered, len(answerable))

    def missing_required(self) -> list[Question]:
        return [q for q in self._walk.visible if q.answerable and q.required and q.id not in self._walk.kept]

    @property
    def complete(self) -> bool:
        return not self.missing_required()

    # ------------------------------------------------------------ results

    def evaluation(self) -> Evaluation:
        self._evaluation = evaluate(self.questionnaire, self._walk.values, self.today, self._walk.env, self._evaluation)
        return self._evaluation
