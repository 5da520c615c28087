"""The walk: visibility in file order, dropping hidden answers, progress."""

from __future__ import annotations

import pytest

from screening.engine.run.answers import AnswerError
from screening.engine.loader import load_questionnaire
from screening.engine.run.session import Session
from tests.conftest import BUNDLED, MINIMAL


@pytest.fixture
def session(write):
    return Session(load_questionnaire(write(MINIMAL)))


def ids(questions):
    return [q.id for q in questions]


def test_hidden_until_shown(session):
    assert "detail" not in ids(session.visible_questions)
    session.set_answer("kinds", ["a"])
    assert "detail" in ids(session.visible_questions)


def test_changing_an_answer_drops_answers_that_become_hidden(session):
    session.set_answer("kinds", ["a"])
    session.set_answer("detail", "y")
    session.set_answer("level", 4)
    assert session.evaluation().scores["total"] == 6
    dropped = session.set_answer("kinds", ["b"])
    assert dropped == ["detail"]
    assert "detail" not in session.answers
    assert session.evaluation().scores["total"] is None
    # and it does not come back when the question shows again
    session.set_answer("kinds", ["a", "b"])
    assert session.answer("detail") is None


def test_bad_answers_are_refused_and_not_stored(session):
    with pytest.raises(AnswerError):
        session.set_answer("age", 500)
    assert session.answer("age") is None


def test_navigation_and_progress(session):
    first = session.next_question()
    assert first.id == "age"
    assert session.next_question("kinds").id == "sad"  # detail is hidden
    assert session.previous_question("sad").id == "kinds"
    assert session.previous_question("age") is None
    progress = session.progress()
    assert (progress.answered, progress.total) == (0, 8)  # the note and hidden detail are not counted
    session.set_answer("kinds", ["a"])
    assert session.progress() .total == 9
    assert session.progress().answered == 1


def test_missing_required_and_complete(session):
    assert ids(session.missing_required()) == ["age", "pain", "level", "kinds", "sad"]
    for question_id, raw in {"age": 40, "pain": "2 years", "level": 3, "kinds": ["b"], "sad": "no"}.items():
        session.set_answer(question_id, raw)
    assert session.complete
    assert session.evaluation().outcome.id == "ok"


def test_urgent_flag_and_outcomes(session):
    for question_id, raw in {"age": 40, "pain": "2 years", "level": 9, "kinds": ["b"], "sad": "yes"}.items():
        session.set_answer(question_id, raw)
    evaluation = session.evaluation()
    assert evaluation.flag_ids == ["sad_flag", "high"]  # urgent first
    assert evaluation.outcome.id == "review"
    assert evaluation.outcome_rule == 3


def test_reset_forgets_everything(session):
    session.set_answer("age", 40)
    session.reset()
    assert session.answers == {}


def test_bundled_crps_question_depends_on_diagnoses():
    session = Session(load_questionnaire(str(BUNDLED)))
    session.set_answer("diagnoses", ["crps"])
    assert not session.is_visible("crps_symptoms")
    session.set_answer("diagnoses", ["fibromyalgia"])
    assert session.is_visible("crps_symptoms")
    session.set_answer("crps_symptoms", ["sensory", "vasomotor", "sudomotor"])
    assert session.evaluation().scores["crps_categories"] == 3
    assert "possible_crps_features" in session.evaluation().flag_ids
    session.set_answer("diagnoses", ["crps", "fibromyalgia"])
    assert session.answer("crps_symptoms") is None
    assert "possible_crps_features" not in session.evaluation().flag_ids
