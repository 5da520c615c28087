"""Answer files: every bad input is one located error naming the question."""

from __future__ import annotations

import json

import pytest

from screening.engine.run.answer_file import load_answer_file
from screening.engine.loader import load_questionnaire
from screening.engine.problems import FileError
from tests.conftest import MINIMAL

GOOD = "age: 40\npain: 2 years\nlevel: 3\nkinds: [b]\nsad: 'no'\n"


@pytest.fixture
def questionnaire(write):
    return load_questionnaire(write(MINIMAL))


def problems(questionnaire, write, text: str, name: str = "a.yaml") -> list[str]:
    path = write(text, name)
    with pytest.raises(FileError) as caught:
        load_answer_file(questionnaire, path)
    return [str(p).replace(path, "A") for p in caught.value.problems]


def test_good_yaml_and_json(questionnaire, write):
    session, warnings = load_answer_file(questionnaire, write(GOOD, "a.yaml"))
    assert warnings == []
    assert session.evaluation().outcome.id == "ok"
    data = {"age": 40, "pain": {"value": 6, "unit": "months"}, "level": 3, "kinds": ["b"], "sad": "no"}
    session, _ = load_answer_file(questionnaire, write(json.dumps(data, indent=2), "a.json"))
    assert session.answers["pain"].weeks == 26


def test_unquoted_no_is_a_string(questionnaire, write):
    session, _ = load_answer_file(questionnaire, write(GOOD.replace("'no'", "no")))
    assert session.answer("sad") == "no"


def test_unknown_question(questionnaire, write):
    assert problems(questionnaire, write, GOOD + "agee: 3\n") == ["A:6:1: error: unknown question 'agee' (did you mean 'age'?)"]


def test_unknown_option(questionnaire, write):
    assert problems(questionnaire, write, GOOD.replace("kinds: [b]", "kinds: [c]")) == [
        "A:4:8: error: 'kinds': unknown option 'c'; the options are a, b, none"
    ]


def test_out_of_range_and_wrong_kind(questionnaire, write):
    assert problems(questionnaire, write, GOOD.replace("age: 40", "age: 400")) == ["A:1:6: error: 'age': 400 is outside 0-120"]
    assert problems(questionnaire, write, GOOD.replace("level: 3", "level: high")) == [
        "A:3:8: error: 'level': expected a whole number, not 'high'"
    ]


def test_exclusive_with_others(questionnaire, write):
    assert problems(questionnaire, write, GOOD.replace("kinds: [b]", "kinds: [b, none]")) == [
        "A:4:8: error: 'kinds': 'none' cannot be chosen together with other options"
    ]


def test_missing_required(questionnaire, write):
    assert problems(questionnaire, write, GOOD.replace("level: 3\n", "")) == [
        "A:1:1: error: missing an answer to a required question: level"
    ]


@pytest.mark.parametrize("duration", ["six months", "-3 weeks", "3"])
def test_malformed_durations(questionnaire, write, duration):
    [message] = problems(questionnaire, write, GOOD.replace("2 years", duration))
    assert message.startswith("A:2:7: error: 'pain': write a duration like '6 months'")


def test_broken_and_non_mapping_files(questionnaire, write):
    assert problems(questionnaire, write, "- 1\n- 2\n") == [
        "A:1:1: error: answers must be a mapping of question id: answer, not a list"
    ]
    assert problems(questionnaire, write, "") == ["A:1:1: error: answers must be a mapping of question id: answer, not nothing"]
    assert problems(questionnaire, write, "age: [1,\n")[0].startswith("A:2:1: error: YAML syntax")
    assert problems(questionnaire, write, b"age: \xff\n") == ["A:1:6: error: the file is not UTF-8 text (byte 0xff); save it as UTF-8"]
    assert problems(questionnaire, write, '{"age": 4, "age": 5}', "a.json")[0].startswith("A:1:12: error: duplicate key 'age'")


def test_hidden_answer_is_ignored_with_a_warning(questionnaire, write):
    session, warnings = load_answer_file(questionnaire, write(GOOD + "detail: x\n"))
    assert [str(w).split(": ", 1)[1] for w in warnings] == [
        "warning: the answer to 'detail' is ignored: the question is hidden by the other answers"
    ]
    assert "detail" not in session.answers


def test_every_error_is_reported(questionnaire, write):
    found = problems(questionnaire, write, "age: 400\npain: forever\nlevel: 3\nkinds: [q]\nsad: maybe\n")
    assert len(found) == 4
