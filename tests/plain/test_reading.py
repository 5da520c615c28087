"""Typed lines -> answers: every way the issue lists, and what is refused."""

from __future__ import annotations

import pytest

from screening.engine.loader import load_questionnaire
from screening.engine.run.answers import AnswerError, parse_answer
from screening.plain.reading import read_answer
from tests.conftest import BUNDLED, MINIMAL


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "q.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return load_questionnaire(str(path))


def read(questionnaire, question_id, line, language="en"):
    question = questionnaire.question_by_id[question_id]
    return parse_answer(question, read_answer(questionnaire, question, line, language))


@pytest.mark.parametrize(
    ("question_id", "line", "expected"),
    [
        ("sad", "1", "yes"),
        ("sad", " NO ", "no"),
        ("sad", "not   sure", "not_sure"),
        ("detail", "y", "y"),
        ("kinds", "1, 2", ("a", "b")),
        ("kinds", "2 1", ("a", "b")),
        ("kinds", "a; b", ("a", "b")),
        ("kinds", "none of these", ("none",)),
        ("age", "40", 40),
        ("weight", "70,5 kg", 70.5),
        ("when", "2024-03-15", __import__("datetime").date(2024, 3, 15)),
        ("notes", "  as typed ", "  as typed "),
    ],
)
def test_accepted(mini, question_id, line, expected):
    assert read(mini, question_id, line) == expected


@pytest.mark.parametrize("line", ["6 months", "12 weeks", "2 years", "1 year", "18  MONTHS"])
def test_durations(mini, line):
    answer = read(mini, "pain", line)
    assert answer.amount == int(line.split()[0]) and line.split()[1].lower().startswith(answer.unit[:-1])


@pytest.mark.parametrize(
    ("question_id", "line"),
    [
        ("sad", "4"),
        ("sad", "0"),
        ("sad", "maybe"),
        ("kinds", "1 9"),
        ("kinds", "1 3"),  # 'none' is exclusive
        ("age", "9" * 400),
        ("age", "1e999"),
        ("age", "nan"),
        ("age", "40.5"),
        ("age", "-1"),
        ("pain", "six months"),
        ("pain", "6 fortnights"),
        ("when", "15/03/2024"),
        ("notes", "x" * 21),
    ],
)
def test_refused_with_a_message(mini, question_id, line):
    with pytest.raises(AnswerError) as caught:
        read(mini, question_id, line)
    message = caught.value.message("en")
    assert message.startswith("Please") or "cannot be chosen together" in message


def test_spanish_words_for_yes_and_units():
    questionnaire = load_questionnaire(str(BUNDLED))
    yes_no = next(q for q in questionnaire.questions if q.type == "yes_no")
    duration = next(q for q in questionnaire.questions if q.type == "duration")
    assert read(questionnaire, yes_no.id, "si", "es") == "yes"
    assert read(questionnaire, yes_no.id, "Sí", "es") == "yes"
    assert read(questionnaire, duration.id, "6 meses", "es").unit == "months"
    assert read(questionnaire, duration.id, "2 años", "es").unit == "years"


@pytest.mark.parametrize(
    ("flag", "value", "expected"),
    [(True, None, True), (False, None, False), (False, "", False), (False, "0", False), (False, " 0 ", False), (False, "1", True), (False, "yes", True)],
)
def test_accessible_chooses_plain_mode(flag, value, expected):
    from screening.plain.launch import wants_plain

    assert wants_plain(flag, {} if value is None else {"ACCESSIBLE": value}) is expected
