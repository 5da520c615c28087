"""The bundled questionnaire keeps the ids and rules of shared/design/clinical-content.md."""

from __future__ import annotations

import pytest

from screening.engine.loader import load_questionnaire
from screening.engine.run.session import Session
from tests.conftest import BUNDLED

FREQUENCY = ["not_at_all", "several_days", "more_than_half", "nearly_every_day"]
QUESTIONS = {
    "age": ("integer", None),
    "pain_duration": ("duration", None),
    "pain_average": ("scale", None),
    "pain_enjoyment": ("scale", None),
    "pain_activity": ("scale", None),
    "diagnoses": ("multi_choice", ["fibromyalgia", "crps", "neuropathy", "phantom_limb", "postherpetic", "spinal_cord_injury", "migraine", "back_pain", "arthritis", "other", "none"]),
    "crps_symptoms": ("multi_choice", ["sensory", "vasomotor", "sudomotor", "motor_trophic", "none"]),
    "treatments_tried": ("multi_choice", ["antidepressants", "anticonvulsants", "opioids", "nsaids", "physical_therapy", "injections", "stimulator", "psychotherapy", "lifestyle", "none"]),
    "treatment_relief": ("single_choice", ["enough", "some", "little_or_none"]),
    "mood_interest": ("single_choice", FREQUENCY),
    "mood_down": ("single_choice", FREQUENCY),
    "self_harm_thoughts": ("single_choice", FREQUENCY),
    "mental_health": ("multi_choice", ["depression", "anxiety", "ptsd", "bipolar", "psychosis", "none"]),
    "heart_condition": ("yes_no", ["yes", "no", "not_sure"]),
    "blood_pressure": ("single_choice", ["normal", "high_controlled", "high_uncontrolled", "not_sure"]),
    "pregnant": ("single_choice", ["no", "yes", "possibly", "not_applicable"]),
    "liver_disease": ("yes_no", ["yes", "no", "not_sure"]),
    "eye_or_head_pressure": ("yes_no", ["yes", "no", "not_sure"]),
    "thyroid_overactive": ("yes_no", ["yes", "no", "not_sure"]),
    "substance_use": ("yes_no", ["yes", "no"]),
}
FLAGS = {
    "self_harm": "urgent",
    "cardiovascular": "review",
    "pregnancy": "review",
    "psychosis_or_bipolar": "review",
    "liver": "review",
    "eye_or_head_pressure": "review",
    "thyroid": "review",
    "substance_use": "review",
    "unsure_health_answers": "info",
    "depression_screen": "info",
    "possible_crps_features": "info",
    "crps_evidence": "info",
}
OUTCOMES = ["adult_screening_only", "not_chronic_yet", "try_other_care_first", "discuss_with_review", "discuss"]


@pytest.fixture(scope="module")
def questionnaire():
    return load_questionnaire(str(BUNDLED))


def test_question_ids_types_and_options(questionnaire):
    found = {q.id: (q.type, list(q.option_ids) or None) for q in questionnaire.questions if q.type != "note"}
    assert found == QUESTIONS


def test_ranges(questionnaire):
    age = questionnaire.question_by_id["age"]
    assert (age.minimum, age.maximum) == (0, 120)
    for peg in ("pain_average", "pain_enjoyment", "pain_activity"):
        question = questionnaire.question_by_id[peg]
        assert (question.settings.get("min", 0), question.settings.get("max", 10)) == (0, 10)
    assert questionnaire.question_by_id["pain_duration"].settings["units"] == ["weeks", "months", "years"]
    for item in ("mood_interest", "mood_down", "self_harm_thoughts"):
        assert [o.value for o in questionnaire.question_by_id[item].options] == [0, 1, 2, 3]
    assert questionnaire.question_by_id["diagnoses"].option("none").exclusive


def test_scores_flags_outcomes(questionnaire):
    assert [s.id for s in questionnaire.scores] == ["peg", "phq2", "treatments_count", "crps_categories"]
    assert {f.id: f.severity for f in questionnaire.flags} == FLAGS
    assert [o.id for o in questionnaire.outcomes] == OUTCOMES
    assert questionnaire.crisis and "988" in questionnaire.text(questionnaire.crisis)
    assert "911" in questionnaire.text(questionnaire.crisis)


def test_any_self_harm_answer_other_than_not_at_all_raises_the_urgent_flag(questionnaire):
    for answer in FREQUENCY:
        session = Session(questionnaire)
        session.set_answer("self_harm_thoughts", answer)
        assert ("self_harm" in session.evaluation().flag_ids) is (answer != "not_at_all")


def test_never_claims_a_diagnosis(questionnaire):
    texts = [questionnaire.text(o.title) + " " + questionnaire.text(o.text) for o in questionnaire.outcomes]
    for text in texts:
        lowered = text.lower()
        assert "you have" not in lowered
        assert "you are a candidate" not in lowered
    assert "does not diagnose" in questionnaire.text(questionnaire.disclaimer)
