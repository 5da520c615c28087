"""Text, Markdown and JSON summaries."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from screening.engine.loader import load_questionnaire
from screening.engine.run.session import Session
from screening.engine.run.summary import build_summary
from screening.render import render
from screening.render.as_markdown import escape
from tests.conftest import BUNDLED

ANSWERS = {
    "age": 52, "pain_duration": "4 years", "pain_average": 8, "pain_enjoyment": 9, "pain_activity": 8,
    "diagnoses": ["fibromyalgia"], "crps_symptoms": ["none"],
    "treatments_tried": ["antidepressants", "opioids", "physical_therapy"], "treatment_relief": "little_or_none",
    "mood_interest": "more_than_half", "mood_down": "nearly_every_day", "self_harm_thoughts": "several_days",
    "mental_health": ["depression"], "heart_condition": "no", "blood_pressure": "normal", "pregnant": "possibly",
    "liver_disease": "no", "eye_or_head_pressure": "no", "thyroid_overactive": "no", "substance_use": "no",
}  # fmt: skip
CREATED = dt.datetime(2026, 11, 22, 10, 15, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def summary():
    session = Session(load_questionnaire(str(BUNDLED)))
    for question_id, raw in ANSWERS.items():
        session.set_answer(question_id, raw)
    return build_summary(session, created=CREATED)


def test_text_summary_order_and_width(summary):
    text = render(summary, "text")
    assert all(len(line) <= 80 for line in text.splitlines())
    urgent = text.index("NEEDS ATTENTION NOW")
    result = text.index("Result: Worth discussing, after a clinician's review")
    review = text.index("For a clinician to review first")
    info = text.index("Also worth noting")
    assert urgent < result < review < info
    assert "988" in text[urgent:result]  # the crisis text heads the summary
    assert '(because: Are you pregnant, could you be pregnant, or are you breastfeeding?\n    "Possibly")' in text
    assert "ketamine-chronic-pain, version 1.1.0" in text
    assert summary.questionnaire_sha256 in text
    assert "2026-11-22T10:15:00Z" in text
    assert text.rstrip().endswith("pain clinic.")  # the disclaimer is last
    assert text.index("Please note:") > text.index("SHA-256")


def test_json_summary_follows_the_contract(summary):
    data = json.loads(render(summary, "json"))
    assert data["questionnaire"]["id"] == "ketamine-chronic-pain"
    assert data["questionnaire"]["version"] == "1.1.0"
    assert len(data["questionnaire"]["sha256"]) == 64
    assert data["language"] == "en"
    assert data["created"] == "2026-11-22T10:15:00Z"
    assert data["outcome"]["id"] == "discuss_with_review"
    assert [f["id"] for f in data["flags"]] == ["self_harm", "pregnancy", "depression_screen"]
    assert [f["severity"] for f in data["flags"]] == ["urgent", "review", "info"]
    assert data["scores"] == {"peg": 8.33, "phq2": 5, "treatments_count": 3, "crps_categories": 0}
    duration = next(a for a in data["answers"] if a["id"] == "pain_duration")
    assert duration == {
        "id": "pain_duration",
        "question": "How long have you had this pain?",
        "answer": "4 years",
        "value": 208,
        "unit": "weeks",
        "type": "duration",
        "section": "About your pain",
        "label": "How long have you had this pain?",
    }
    assert next(a for a in data["answers"] if a["id"] == "diagnoses")["value"] == ["fibromyalgia"]
    assert data["disclaimer"].startswith("This screening does not diagnose")
    assert "988" in data["crisis"]


def test_markdown_summary(summary):
    text = render(summary, "markdown")
    assert text.startswith("# Referral summary: Chronic pain")
    assert "## Needs attention now" in text
    assert text.index("## Needs attention now") < text.index("## Result")


def test_markdown_escapes_text_from_files_and_patients():
    assert escape("[click](javascript:x) <b>*bold*</b>") == r"\[click\](javascript:x) \<b\>\*bold\*\</b\>"
    assert escape("1. not a list\n- nor this") == "1\\. not a list  \n\\- nor this"
