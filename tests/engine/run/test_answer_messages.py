"""Messages about answers in the words a clinician wrote: durations in their units, counts of one
singular, in both languages; the same text for answer files, examples and the screens."""

from __future__ import annotations

import pytest

from screening.engine.loader import load_questionnaire
from screening.engine.problems import FileError
from screening.engine.run.answer_file import load_answer_file
from screening.engine.run.answers import AnswerError, DurationBound, parse_answer
from screening.engine.run.examples import run_examples
from screening.i18n import plural
from tests.conftest import run_cli

QUESTIONNAIRE = """\
format: 1
id: messages
version: "1"
title: T
disclaimer: D
sections:
  - id: s
    title: S
    questions:
      - id: howlong
        type: duration
        units: [days, weeks, months, years]
        text: How long?
        min: 1
        max: 520
      - id: kinds
        type: multi_choice
        text: Which?
        min_selected: 1
        max_selected: 1
        options:
          - {id: a, text: A}
          - {id: b, text: B}
      - id: initial
        type: text
        required: false
        text: Your initial?
        max_length: 1
outcomes:
  - id: o
    otherwise: true
    title: O
    text: O
examples:
  - name: three days
    answers: {howlong: 3 days, kinds: [a]}
    expect: {outcome: o, flags: []}
  - name: eleven years
    answers: {howlong: 11 years, kinds: [a]}
    expect: {outcome: o, flags: []}
"""


@pytest.fixture
def questionnaire(write):
    return load_questionnaire(write(QUESTIONNAIRE.split("examples:")[0]))


def refused(questionnaire, question_id, raw) -> AnswerError:
    with pytest.raises(AnswerError) as caught:
        parse_answer(questionnaire.question_by_id[question_id], raw)
    return caught.value


@pytest.mark.parametrize(
    "raw, detail, en, es",
    [
        ("3 days", "3 days is shorter than the minimum, 1 week", "Please enter 1 week or more.", "Por favor, escriba 1 semana o más."),
        ("0 weeks", "0 weeks is shorter than the minimum, 1 week", "Please enter 1 week or more.", "Por favor, escriba 1 semana o más."),
        (
            "11 years",
            "11 years is longer than the maximum, 520 weeks (10 years)",
            "Please enter 520 weeks (10 years) or less.",
            "Por favor, escriba 520 semanas (10 años) o menos.",
        ),
    ],
)
def test_a_duration_out_of_range_is_said_in_durations(questionnaire, raw, detail, en, es):
    error = refused(questionnaire, "howlong", raw)
    assert (error.detail, error.message("en"), error.message("es")) == (detail, en, es)


def test_duration_bounds_read_as_written():
    assert [DurationBound(w).display() for w in (1, 2, 13, 26, 52, 104, 0.5)] == [
        "1 week", "2 weeks", "13 weeks (3 months)", "26 weeks (6 months)", "52 weeks (1 year)", "104 weeks (2 years)", "0.5 weeks",
    ]
    assert DurationBound(52).display("es") == "52 semanas (1 año)"


def test_the_same_duration_message_in_examples_and_answer_files(write, questionnaire):
    path = write(QUESTIONNAIRE)
    _, problems = run_examples(load_questionnaire(path))
    assert [f"{p.line}: {p.message}" for p in problems] == [
        "36: 'howlong': 3 days is shorter than the minimum, 1 week",
        "39: 'howlong': 11 years is longer than the maximum, 520 weeks (10 years)",
    ]
    with pytest.raises(FileError) as caught:
        load_answer_file(questionnaire, write("howlong: 3 days\nkinds: [a]\n", "a.yaml"))
    assert [p.message for p in caught.value.problems] == ["'howlong': 3 days is shorter than the minimum, 1 week"]
    result = run_cli("validate", path)
    assert result.returncode == 1 and f"{path}:36:24: error: 'howlong': 3 days is shorter than the minimum, 1 week" in result.stderr


def test_counts_of_one_are_singular(questionnaire):
    assert refused(questionnaire, "kinds", []).detail == "choose at least 1 option"
    assert refused(questionnaire, "kinds", ["a", "b"]).detail == "choose at most 1 option"
    too_long = refused(questionnaire, "initial", "ab")
    assert too_long.detail == "the text is 2 characters; the limit is 1"
    assert (too_long.message("en"), too_long.message("es")) == ("Please keep this to 1 character.", "Por favor, use 1 carácter como máximo.")
    assert [plural(n, "option", "options") for n in (0, 1, 2)] == ["0 options", "1 option", "2 options"]


def test_one_missing_required_answer_is_singular(write, questionnaire):
    with pytest.raises(FileError) as caught:
        load_answer_file(questionnaire, write("howlong: 3 weeks\n", "a.yaml"))
    assert [p.message for p in caught.value.problems] == ["missing an answer to a required question: kinds"]
