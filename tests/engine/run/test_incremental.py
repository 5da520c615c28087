"""Keeping scores and flags between answers never changes a result: after any
sequence of answers, the session's evaluation equals one computed from scratch."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.engine.loader import load_questionnaire_bytes
from screening.engine.run.answers import AnswerError
from screening.engine.run.rules import evaluate
from screening.engine.run.session import Session, walk
from tests.conftest import MINIMAL

QUESTIONNAIRE = load_questionnaire_bytes("mini.yaml", MINIMAL.encode())

ANSWERS = {
    "age": st.integers(10, 80),
    "pain": st.sampled_from(["2 weeks", "6 months", "3 years"]),
    "level": st.integers(0, 10),
    "kinds": st.sampled_from([["a"], ["b"], ["a", "b"], ["none"]]),
    "detail": st.sampled_from(["x", "y"]),
    "sad": st.sampled_from(["yes", "no", "not_sure"]),
    "weight": st.integers(0, 200),
}
steps = st.lists(
    st.one_of(
        st.sampled_from(sorted(ANSWERS)).flatmap(lambda q: ANSWERS[q].map(lambda v: ("set", q, v))),
        st.sampled_from(sorted(ANSWERS)).map(lambda q: ("clear", q, None)),
    ),
    min_size=1,
    max_size=25,
)


def fingerprint(evaluation):
    return (
        evaluation.outcome.id,
        evaluation.scores,
        [(r.id, [(x.name, x.kind, x.value) for x in r.reasons]) for r in evaluation.raised_flags],
        [(x.name, x.value) for x in evaluation.outcome_reasons],
    )


@settings(max_examples=150, deadline=None)
@given(steps, st.booleans())
def test_incremental_evaluation_equals_a_fresh_one(steps, evaluate_every_step):
    session = Session(QUESTIONNAIRE)
    for action, question_id, value in steps:
        try:
            if action == "set":
                session.set_answer(question_id, value)
            else:
                session.clear_answer(question_id)
        except AnswerError:
            continue
        if evaluate_every_step:
            session.evaluation()
    fresh_walk = walk(QUESTIONNAIRE, session.answers)
    assert [q.id for q in session.visible_questions] == [q.id for q in fresh_walk.visible]
    assert fingerprint(session.evaluation()) == fingerprint(evaluate(QUESTIONNAIRE, fresh_walk.values))


def test_reset_keeps_nothing_of_the_last_person():
    session = Session(QUESTIONNAIRE)
    session.set_answer("sad", "yes")
    session.set_answer("level", 9)
    assert set(session.evaluation().flag_ids) == {"sad_flag", "high"}
    session.reset()
    assert session.evaluation().flag_ids == []
    assert session._walk.env.scores == {} or all(v is None for v in session._walk.env.scores.values())


@pytest.mark.parametrize("day", ["2030-01-01", "2030-01-02"])
def test_a_new_day_evaluates_everything_again(day):
    import datetime as dt

    session = Session(QUESTIONNAIRE, today=dt.date(2030, 1, 1))
    session.set_answer("sad", "yes")
    first = session.evaluation()
    session.today = dt.date.fromisoformat(day)
    session.clear_answer("weight")  # a rewalk on the new day
    assert session.evaluation().flag_ids == first.flag_ids
