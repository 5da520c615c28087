"""Checking answers: every type, every range, durations and free text."""

from __future__ import annotations

import datetime as dt

import pytest

from screening.engine.run.answers import AnswerError, DurationAnswer, clean_text, display_answer, expression_value, parse_answer
from screening.engine.loader import load_questionnaire
from tests.conftest import MINIMAL


@pytest.fixture
def questionnaire(write):
    return load_questionnaire(write(MINIMAL))


def q(questionnaire, question_id):
    return questionnaire.question_by_id[question_id]


@pytest.mark.parametrize(
    "raw, weeks",
    [("6 months", 26), ("10 weeks", 10), ("2 years", 104), ("1 year", 52), ("3 months", 13), ("1.5 years", 78), ({"value": 6, "unit": "months"}, 26), ("12 Weeks", 12)],
)
def test_durations(questionnaire, raw, weeks):
    answer = parse_answer(q(questionnaire, "pain"), raw)
    assert isinstance(answer, DurationAnswer)
    assert answer.weeks == pytest.approx(weeks)
    assert expression_value(q(questionnaire, "pain"), answer) == pytest.approx(weeks)


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("six months", "write a duration like '6 months'"),
        ("-3 weeks", "write a duration like"),
        ("3 fortnights", "the unit must be one of weeks, months, years"),
        ("3 days", "the unit must be one of weeks, months, years, not 'days'"),
        (6, "write a duration like"),
        ({"value": 6}, "{value: 6, unit: months}"),
        ({"value": "6", "unit": "months"}, "{value: 6, unit: months}"),
    ],
)
def test_bad_durations(questionnaire, raw, fragment):
    with pytest.raises(AnswerError) as caught:
        parse_answer(q(questionnaire, "pain"), raw)
    assert fragment in caught.value.detail
    assert caught.value.message("en")  # a patient-facing message exists too


def test_integer_ranges_and_kinds(questionnaire):
    age = q(questionnaire, "age")
    assert parse_answer(age, 40) == 40
    for raw in (121, -1):
        with pytest.raises(AnswerError, match="outside 0-120"):
            parse_answer(age, raw)
    for raw in ("40", True, 4.5, None):
        with pytest.raises(AnswerError, match="whole number"):
            parse_answer(age, raw)
    with pytest.raises(AnswerError) as caught:
        parse_answer(age, 200)
    assert caught.value.message("en") == "Please enter a number from 0 to 120."
    assert caught.value.message("es") == "Por favor, escriba un número entre 0 y 120."


def test_scale_defaults_to_zero_to_ten(questionnaire):
    level = q(questionnaire, "level")
    assert parse_answer(level, 0) == 0
    with pytest.raises(AnswerError):
        parse_answer(level, 11)


def test_number_accepts_decimals_not_nan(questionnaire):
    weight = q(questionnaire, "weight")
    assert parse_answer(weight, 71.5) == 71.5
    with pytest.raises(AnswerError):
        parse_answer(weight, float("nan"))


def test_choices(questionnaire):
    assert parse_answer(q(questionnaire, "sad"), "not_sure") == "not_sure"
    with pytest.raises(AnswerError, match="unknown option 'maybe'"):
        parse_answer(q(questionnaire, "sad"), "maybe")
    with pytest.raises(AnswerError, match="unknown option 'z'"):
        parse_answer(q(questionnaire, "detail"), "z")
    with pytest.raises(AnswerError, match="one option id"):
        parse_answer(q(questionnaire, "detail"), ["x"])


def test_multi_choice_keeps_option_order_and_refuses_exclusive_with_others(questionnaire):
    kinds = q(questionnaire, "kinds")
    assert parse_answer(kinds, ["b", "a"]) == ("a", "b")
    assert expression_value(kinds, ("a", "b")) == frozenset({"a", "b"})
    with pytest.raises(AnswerError, match="'none' cannot be chosen together"):
        parse_answer(kinds, ["a", "none"])
    with pytest.raises(AnswerError, match="listed twice"):
        parse_answer(kinds, ["a", "a"])
    with pytest.raises(AnswerError, match="unknown option 'c'"):
        parse_answer(kinds, ["c"])
    with pytest.raises(AnswerError, match="list of option ids"):
        parse_answer(kinds, "a")


def test_text_is_cleaned_and_limited(questionnaire):
    notes = q(questionnaire, "notes")
    assert parse_answer(notes, "ok\x1b[31m red\x07") == "ok red"  # the whole escape sequence goes
    with pytest.raises(AnswerError, match="limit is 20"):
        parse_answer(notes, "x" * 21)


def test_clean_text_shows_bidi_controls():
    assert clean_text("abc\u202edef") == "abc<U+202E>def"
    assert clean_text("line\nnext\ttab\x9b") == "line\nnext\ttab"


def test_dates(questionnaire):
    when = q(questionnaire, "when")
    assert parse_answer(when, "2020-02-29") == dt.date(2020, 2, 29)
    with pytest.raises(AnswerError, match="YYYY-MM-DD"):
        parse_answer(when, "29/02/2020")
    with pytest.raises(AnswerError, match="is after"):
        parse_answer(when, "2999-01-01")


def test_notes_are_never_answered(questionnaire):
    with pytest.raises(AnswerError):
        parse_answer(q(questionnaire, "info"), "x")


def test_display(questionnaire):
    assert display_answer(questionnaire, q(questionnaire, "pain"), DurationAnswer(1, "years"), "en") == "1 year"
    assert display_answer(questionnaire, q(questionnaire, "pain"), DurationAnswer(6, "months"), "es") == "6 meses"
    assert display_answer(questionnaire, q(questionnaire, "sad"), "not_sure", "en") == "Not sure"
    assert display_answer(questionnaire, q(questionnaire, "kinds"), ("a", "b"), "en") == "A; B"
    assert display_answer(questionnaire, q(questionnaire, "weight"), 70, "en") == "70 kg"
    assert display_answer(questionnaire, q(questionnaire, "level"), 7, "en") == "7 / 10"
