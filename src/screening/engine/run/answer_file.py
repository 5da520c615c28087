"""Answer sets from files (``evaluate --answers``) and from a file's examples.

Both are a mapping question id -> answer; every problem is located in the file
it came from. An answer to a question that ends up hidden is ignored with a
warning; a missing answer to a visible required question is an error.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection
from typing import Any

from screening.engine.run.answers import AnswerError, parse_answer
from screening.engine.problems import FileError, ProblemCollector
from screening.engine.run.questionnaire import Questionnaire
from screening.engine.run.session import Session
from screening.engine.suggest import did_you_mean
from screening.engine.format.yaml_source import SourceMap, load_yaml_file

MAX_ANSWER_FILE_BYTES = 1024 * 1024


def session_from_mapping(
    questionnaire: Questionnaire,
    mapping: Any,
    source: SourceMap,
    base: tuple[Any, ...],
    problems: ProblemCollector,
    language: str | None = None,
    expected_hidden: Collection[str] = (),
    today: _dt.date | None = None,
) -> Session | None:
    """A session holding the mapping's answers, or None after located errors."""
    if not isinstance(mapping, dict):
        kind = "nothing" if mapping is None else "a list" if isinstance(mapping, list) else repr(mapping)
        problems.error(source.where(base), f"answers must be a mapping of question id: answer, not {kind}")
        return None
    parsed: dict[str, Any] = {}
    errors_before = len(problems.errors)
    for question_id, raw in mapping.items():
        path = base + (question_id,)
        question = questionnaire.question_by_id.get(question_id)
        if question is None:
            problems.error(
                source.key_where(path),
                f"unknown question '{question_id}'{did_you_mean(question_id, questionnaire.question_by_id)}",
            )
            continue
        if raw is None:
            continue  # an explicit empty answer: the same as leaving it out
        try:
            parsed[question_id] = parse_answer(question, raw, today)
        except AnswerError as exc:
            problems.error(source.where(path), f"'{question_id}': {exc.detail}")
    if len(problems.errors) > errors_before:
        return None
    session = Session(questionnaire, language, today)
    dropped = session.load_answers(parsed)
    for question_id in dropped:
        if question_id not in expected_hidden:
            problems.warning(
                source.key_where(base + (question_id,)),
                f"the answer to '{question_id}' is ignored: the question is hidden by the other answers",
            )
    missing = session.missing_required()
    if missing:
        names = ", ".join(q.id for q in missing)
        problems.error(source.where(base), f"missing answers to required questions: {names}")
        return None
    return session


def load_answer_file(
    questionnaire: Questionnaire, path: str, language: str | None = None, today: _dt.date | None = None
) -> tuple[Session, list[Any]]:
    """A session from an answer file (YAML or JSON); raises FileError. Returns warnings too."""
    data, source = load_yaml_file(path, MAX_ANSWER_FILE_BYTES)
    problems = ProblemCollector(path)
    session = session_from_mapping(questionnaire, data, source, (), problems, language, today=today)
    if session is None or problems.errors:
        raise FileError(problems.errors)
    return session, problems.warnings
