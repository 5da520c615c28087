"""Embedded examples: failures are located and say what happened."""

from __future__ import annotations

from screening.engine.run.examples import run_examples
from screening.engine.loader import load_questionnaire
from tests.conftest import BUNDLED, MINIMAL

EXAMPLE = """
examples:
  - name: adult, long pain, high level
    answers: {age: 40, pain: 2 years, level: 9, kinds: [a], detail: y, sad: "no"}
    expect: {outcome: review, flags: [high], scores: {total: 11}}
"""


def run(write, text: str):
    questionnaire = load_questionnaire(write(text))
    passed, problems = run_examples(questionnaire)
    return passed, [str(p)[len(questionnaire.path) + 1 :] for p in problems]


def test_passing_example(write):
    assert run(write, MINIMAL + EXAMPLE) == (1, [])


def test_wrong_outcome_names_the_rule_that_matched(write):
    passed, problems = run(write, MINIMAL + EXAMPLE.replace("outcome: review", "outcome: ok"))
    assert passed == 0
    assert problems == [
        "88:5: error: example 'adult, long pain, high level': expected outcome 'ok', got 'review'; "
        "outcome rule 3 'review' (when: any_flag('review')) matched"
    ]


def test_wrong_flags_and_scores(write):
    text = MINIMAL + EXAMPLE.replace("flags: [high]", "flags: [sad_flag]").replace("total: 11", "total: 10.5")
    passed, problems = run(write, text)
    assert problems == [
        "88:5: error: example 'adult, long pain, high level': expected flags [sad_flag], got [high]; "
        "not raised: sad_flag; raised but not expected: high",
        "90:66: error: example 'adult, long pain, high level': expected score total = 10.5, got 11",
    ]


def test_hidden_expectation(write):
    text = MINIMAL + EXAMPLE.replace("kinds: [a], detail: y", "kinds: [b], detail: y").replace(
        "scores: {total: 11}", "hidden: [detail, sad]"
    )
    passed, problems = run(write, text)
    assert problems == ["90:63: error: example 'adult, long pain, high level': expected 'sad' to be hidden, but it is shown"]


def test_bad_answers_in_an_example_are_located_in_the_file(write):
    passed, problems = run(write, MINIMAL + EXAMPLE.replace("level: 9", "level: 90"))
    assert problems == ["89:46: error: 'level': 90 is outside 0-10"]


def test_unknown_ids_in_expectations_are_load_errors(write):
    import pytest

    from screening.engine.problems import FileError

    with pytest.raises(FileError) as caught:
        load_questionnaire(write(MINIMAL + EXAMPLE.replace("outcome: review", "outcome: reveiw").replace("flags: [high]", "flags: [hihg]")))
    messages = [p.message for p in caught.value.problems]
    assert messages == ["unknown outcome 'reveiw' (did you mean 'review'?)", "unknown flag 'hihg' (did you mean 'high'?)"]


def test_bundled_examples_cover_every_outcome_and_flag():
    questionnaire = load_questionnaire(str(BUNDLED))
    passed, problems = run_examples(questionnaire)
    assert problems == []
    assert passed == len(questionnaire.examples) >= 10
    outcomes = {example.expect["outcome"] for example in questionnaire.examples}
    flags = {flag for example in questionnaire.examples for flag in example.expect["flags"]}
    assert outcomes == {outcome.id for outcome in questionnaire.outcomes}
    assert flags == {flag.id for flag in questionnaire.flags}
    hidden = {h for example in questionnaire.examples for h in example.expect.get("hidden") or []}
    assert {"crps_symptoms", "treatment_relief"} <= hidden
