"""The summary reads without ids, names repeated questions with their section, and says 'not asked'."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from screening.engine.loader import load_questionnaire
from screening.engine.run.session import Session
from screening.engine.run.summary import Summary, build_summary
from screening.render import render
from tests.conftest import BUNDLED
from tests.render.test_render import ANSWERS

CREATED = dt.datetime(2026, 11, 22, 10, 15, tzinfo=dt.timezone.utc)
# CRPS diagnosed: the CRPS symptom question is hidden, so its score was never asked
CRPS = {**{k: v for k, v in ANSWERS.items() if k != "crps_symptoms"}, "diagnoses": ["crps"], "self_harm_thoughts": "not_at_all"}


@pytest.fixture(scope="module")
def questionnaire():
    return load_questionnaire(str(BUNDLED))


def summary_for(questionnaire, answers, language="en"):
    session = Session(questionnaire, language)
    for question_id, raw in answers.items():
        session.set_answer(question_id, raw)
    return build_summary(session, created=CREATED)


@pytest.mark.parametrize("format", ["text", "markdown"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_reasons_are_words_never_ids(questionnaire, format, language):
    for answers in (ANSWERS, CRPS):
        text = render(summary_for(questionnaire, answers, language), format)
        because = {"en": "because", "es": "porque"}[language]
        reasons = re.findall(rf"\({because}: (.*?)\)\n", text.replace("\n    ", " ").replace("  \n", "\n"), re.S)
        assert reasons, because
        ids = set(questionnaire.question_by_id) | set(questionnaire.score_by_id) | set(questionnaire.flag_by_id)
        for reason in reasons:
            words = set(re.findall(r"[a-z0-9_]+", reason))
            assert not (words & {i for i in ids if "_" in i}), reason
            assert not any(re.search(rf"(^|; |`){re.escape(i)}`?:", reason) for i in ids), reason


def test_repeated_wording_is_named_with_its_section(questionnaire):
    summary = summary_for(questionnaire, ANSWERS)
    text = render(summary, "text")
    assert "  - About your pain: Has a doctor ever told you that you have any of these?" in text
    assert "  - Your mood: Has a doctor ever told you that you have any of these?" in text
    assert "  - How old are you?" in text  # a question whose words are its own keeps them alone
    data = json.loads(render(summary, "json"))
    labels = {a["id"]: a["label"] for a in data["answers"]}
    assert labels["mental_health"].startswith("Your mood: ")
    assert data["answers"][0]["question"] == "How old are you?"  # the contract's field keeps the words alone


def test_a_score_whose_questions_were_not_asked_says_so(questionnaire):
    summary = summary_for(questionnaire, CRPS)
    text = render(summary, "text")
    assert re.search(r"CRPS symptom groups reported \(0-4\) +not asked", text)
    assert "| CRPS symptom groups reported (0-4) | not asked |" in render(summary, "markdown")
    data = json.loads(render(summary, "json"))
    assert data["scores"]["crps_categories"] is None
    line = next(s for s in data["score_lines"] if s["id"] == "crps_categories")
    assert line == {"id": "crps_categories", "title": "CRPS symptom groups reported (0-4)", "value": None, "shown": "not asked"}
    asked = summary_for(questionnaire, ANSWERS)  # answered "none of these": a real 0
    assert asked.to_json()["scores"]["crps_categories"] == 0
    assert "no se preguntó" in render(summary_for(questionnaire, CRPS, "es"), "text")


def test_durations_carry_their_unit_in_json(questionnaire):
    data = summary_for(questionnaire, ANSWERS).to_json()
    duration = next(a for a in data["answers"] if a["id"] == "pain_duration")
    assert (duration["value"], duration["unit"], duration["answer"]) == (208, "weeks", "4 years")
    assert all("unit" not in a for a in data["answers"] if a["type"] != "duration")


def test_stored_json_renders_the_same_text(questionnaire):
    """The staff view and `submissions show` render the stored JSON: same words, same order."""
    for answers in (ANSWERS, CRPS):
        summary = summary_for(questionnaire, answers)
        again = Summary.from_json(json.loads(json.dumps(summary.to_json())))
        assert render(again, "text") == render(summary, "text")
        assert render(again, "markdown") == render(summary, "markdown")
