"""Answer sets from files (``evaluate --answers``) and from a file's examples.

Both are a mapping question id -> answer; every problem is located in the file
it came from. An answer to a question that ends up hidden is ignored with a
warning; a missing answer to a visible required question is an error.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection
import re
from typing import Any

from screening.engine.run.answers import AnswerError, parse_answer
from screening.engine.problems import FileError, ProblemCollector
from screening.engine.run.questionnaire import Questionnaire
from screening.engine.run.session import Session
from screening.engine.suggest import did_you_mean
from screening.engine.format.yaml_source import SourceMap, decode_source, parse_yaml, read_bytes

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
        what = "an answer to a required question" if len(missing) == 1 else "answers to required questions"
        problems.error(source.where(base), f"missing {what}: {names}")
        return None
    return session


# In JSON text: an escaped backslash, a surrogate pair, or a lone surrogate.
_ESCAPES = re.compile(r"\\\\|\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})|\\u(d[89a-f][0-9a-f]{2})", re.IGNORECASE)


def json_surrogates(path: str, text: str) -> str:
    """JSON writes a character beyond U+FFFF as two escapes (``\\ud83d\\ude00``);
    YAML, which reads our JSON, wants one (``\\U0001f600``). Rewritten here for a
    JSON document (every backslash of it is in a double-quoted string); a lone
    half of a pair is no character at all, and refused where it stands."""
    if "\\u" not in text or not text.lstrip()[:1] in ("{", "["):
        return text

    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            code = 0x10000 + ((int(match.group(1), 16) - 0xD800) << 10) + (int(match.group(2), 16) - 0xDC00)
            return f"\\U{code:08x}"
        if match.group(3):
            before = text[: match.start()]
            line = before.count("\n") + 1
            col = match.start() - (before.rfind("\n") + 1) + 1
            raise FileError.single(
                path, line, col, f"'\\u{match.group(3)}' is half of a character (a lone surrogate); write the whole character"
            )
        return match.group()

    return _ESCAPES.sub(replace, text)


def load_answer_file(
    questionnaire: Questionnaire, path: str, language: str | None = None, today: _dt.date | None = None
) -> tuple[Session, list[Any]]:
    """A session from an answer file (YAML or JSON); raises FileError. Returns warnings too."""
    text = decode_source(path, read_bytes(path, MAX_ANSWER_FILE_BYTES), MAX_ANSWER_FILE_BYTES)
    data, source = parse_yaml(path, json_surrogates(path, text))
    problems = ProblemCollector(path)
    session = session_from_mapping(questionnaire, data, source, (), problems, language, today=today)
    if session is None or problems.errors:
        raise FileError(problems.errors)
    return session, problems.warnings
