"""Turning an answer set into the lines a person would type in plain mode."""

from __future__ import annotations

import datetime as dt
from typing import Any

from screening.engine.run.answers import answer_file_value, parse_answer
from screening.engine.run.questionnaire import Question, Questionnaire
from screening.engine.run.session import Session


def typed(question: Question, raw: Any) -> str:
    """How a person types ``raw`` (an answer-file value): option numbers, '6 months', numbers, dates, text."""
    if question.type in ("single_choice", "yes_no"):
        return str(question.option_ids.index(raw) + 1)
    if question.type == "multi_choice":
        return ", ".join(str(question.option_ids.index(option) + 1) for option in raw)
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(answer_file_value(parse_answer(question, raw)))


def lines_for(questionnaire: Questionnaire, answers: dict[str, Any], language: str | None = None) -> tuple[list[str], int]:
    """The lines that answer every visible question in order, an Enter after each crisis text, then 'yes'.

    Returns the lines and how many crisis texts they acknowledge.
    """
    session = Session(questionnaire, language)
    lines: list[str] = []
    acknowledged: set[str] = set()
    crises = 0
    question = session.next_question()
    while question is not None:
        raw = answers.get(question.id)
        if not question.answerable or raw is None:
            lines.append("")  # a note, or an optional question left out
        else:
            lines.append(typed(question, raw))
            session.set_answer(question.id, raw)
            urgent = {flag.id for flag in session.evaluation().urgent}
            if urgent - acknowledged and questionnaire.crisis:
                lines.append("")  # "Press Enter when you have read this."
                crises += 1
            acknowledged = (acknowledged & urgent) | urgent
        question = session.next_question(question.id)
    return lines + ["yes"], crises
