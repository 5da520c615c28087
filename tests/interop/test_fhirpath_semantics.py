"""Property: for any answers (any subset left unanswered), the exported FHIRPath gives the same
scores, flags, outcome and shown questions as the engine. This is where "a comparison with an
unanswered question is false" (ours) against FHIRPath's empty propagation is put to the test."""

from __future__ import annotations

import datetime as _dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.engine.loader import load_questionnaire
from screening.engine.run.answers import AnswerError, parse_answer
from screening.engine.run.session import Session
from screening.engine.run.summary import build_summary
from screening.interop.fhir.export import to_fhir_questionnaire
from screening.interop.fhir.names import VariableNames
from screening.interop.fhir.response import submission_bundle
from screening.store.base import Submission
from tests.conftest import MINIMAL, ROOT
from tests.interop import fhir_checks

TODAY = _dt.date(2026, 6, 1)


def _raw(draw, question):
    kind = question.type
    if kind in ("single_choice", "yes_no"):
        return draw(st.sampled_from(question.option_ids))
    if kind == "multi_choice":
        return draw(st.lists(st.sampled_from(question.option_ids), min_size=1, max_size=3, unique=True))
    if kind in ("integer", "scale"):
        low, high = question.settings.get("min", 0), question.settings.get("max", 10 if kind == "scale" else 120)
        return draw(st.integers(low if low is not None else -5, high if high is not None else 200))
    if kind == "number":
        return draw(st.floats(0, 300, allow_nan=False).map(lambda x: round(x, 1)))
    if kind == "duration":
        unit = draw(st.sampled_from(question.settings.get("units", ["weeks", "months", "years"])))
        return f"{draw(st.integers(0, 40))} {unit}"
    if kind == "date":
        return (TODAY - _dt.timedelta(days=draw(st.integers(0, 4000)))).isoformat()
    return draw(st.sampled_from(["", "x", "it's \"fine\""]))


def _check(questionnaire, resource, answers):
    session = Session(questionnaire, today=TODAY)
    session.load_answers(answers)
    submission = Submission.from_summary(build_summary(session))
    response = submission_bundle(submission, questionnaire)["entry"][0]["resource"]
    assert fhir_checks.response_problems(response, resource) == []
    variables = fhir_checks.replay(resource, response)
    evaluation = session.evaluation()
    names = VariableNames()
    for score in questionnaire.scores:
        engine, fhir = evaluation.scores.get(score.id), variables[names.name("score", score.id)]
        if engine is None:
            assert fhir == [], score.id
        else:
            assert len(fhir) == 1 and abs(float(fhir[0]) - float(engine)) < 0.01, (score.id, fhir, engine)
    raised = {flag.id for flag in questionnaire.flags if variables[names.name("flag", flag.id)] == [True]}
    assert raised == set(evaluation.flag_ids)
    assert variables["outcome"] == [evaluation.outcome.id]
    shown = fhir_checks.enabled(resource, response, variables)
    visible = {q.id for q in session.visible_questions}
    assert {link for link, on in shown.items() if on and link in questionnaire.question_by_id} == visible


def _property(questionnaire, plain: int = 0):
    resource = to_fhir_questionnaire(questionnaire)
    found = [i for g in resource["item"] for i in g.get("item", []) if "enableWhen" in i]
    assert len(found) >= plain  # enableWhen itself is exercised, not only enableWhenExpression

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def run(data):
        answers = {}
        for question in questionnaire.questions:
            if question.type == "note" or not data.draw(st.booleans(), label=f"answer {question.id}"):
                continue
            try:
                answers[question.id] = parse_answer(question, _raw(data.draw, question), TODAY)
            except AnswerError:
                continue
        _check(questionnaire, resource, answers)

    run()


# Every operator and function, each where an unanswered question makes FHIRPath's empty
# collection differ from our false (under 'not', '!=', 'not in', aggregates and arithmetic).
EXTRA_SCORES = """\
  spread: max(level, age / 10, value(detail)) - min(level, value(detail))
  average: mean(level, value(detail), (sad == 'yes') * 5)
  ticked: count(kinds) + count(kinds, 'a', 'b') * 2
  ratio: age / (level - 5)
"""
EXTRA_FLAGS = """\
  - {id: not_sad, severity: info, when: "not (sad == 'yes')", text: N}
  - {id: differs, severity: info, when: "sad != 'no'", text: D}
  - {id: not_a, severity: info, when: "'a' not in kinds", text: A}
  - {id: not_listed, severity: info, when: "detail not in ['x']", text: L}
  - {id: long_pain, severity: info, when: "pain >= 52 or not answered(weight)", text: P}
  - {id: recent, severity: info, when: "when > '2025-01-01' and when <= 'today'", text: R}
  - {id: maths, severity: info, when: "spread > 3 or not (average < 2) or ticked == 0", text: M}
  - {id: short_note, severity: info, when: "notes == 'x' or notes != \\"it's\\"", text: T}
"""


def test_minimal_questionnaire_every_type_any_answers(tmp_path):
    text = MINIMAL.replace("  total: value(detail) + level\n", "  total: value(detail) + level\n" + EXTRA_SCORES)
    text = text.replace("flags:\n", "flags:\n" + EXTRA_FLAGS)
    # plain enableWhen ('a' in kinds; an 'and' of two) and FHIRPath (not, !=) side by side
    text = text.replace("      - id: notes\n", "      - id: notes\n        show_if: \"not ('b' in kinds) or age != 30\"\n")
    text = text.replace("      - id: when\n", "      - id: when\n        show_if: \"level >= 2 and sad == 'yes'\"\n")
    assert text.count("not_sad") == 1 and "age != 30" in text and "level >= 2 and" in text and "'a' in kinds" in text
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    _property(load_questionnaire(str(path)), plain=2)


def test_bundled_ketamine_questionnaire_any_answers():
    _property(load_questionnaire(str(ROOT / "questionnaires" / "ketamine-chronic-pain.yaml")))
