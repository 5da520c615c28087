"""How the main screens look at 80x24 (pytest-textual-snapshot).

Update only after reading snapshot_report.html: pytest tests/ui --snapshot-update
"""

from __future__ import annotations

import datetime as dt

import pytest

from screening.ui.app import ScreeningApp
from tests.conftest import BUNDLED
from tests.ui.helpers import KEYBOARD_WALK

SIZE = (80, 24)


def app() -> ScreeningApp:
    return ScreeningApp(str(BUNDLED), today=dt.date(2026, 11, 22))


def keys_until(question_id: str, extra: list[str] | None = None) -> list[str]:
    """Keys from the welcome screen to a question (and then `extra`)."""
    keys = ["wait:300", "enter"]
    for expected, answer_keys in KEYBOARD_WALK:
        if expected == question_id:
            break
        keys += answer_keys + ["enter"]
    return keys + (extra or [])


def all_keys(overrides: dict[str, list[str]] | None = None) -> list[str]:
    keys = ["wait:300", "enter"]
    for question_id, answer_keys in KEYBOARD_WALK:
        keys += (overrides or {}).get(question_id, answer_keys) + ["enter"]
    return keys


@pytest.fixture(autouse=True)
def _no_animation(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def test_welcome(snap_compare):
    assert snap_compare(app(), terminal_size=SIZE, press=["wait:300"])


def test_choice_question(snap_compare):
    assert snap_compare(app(), terminal_size=SIZE, press=keys_until("diagnoses", ["1", "2", "down", "down"]))


def test_scale_question(snap_compare):
    assert snap_compare(app(), terminal_size=SIZE, press=keys_until("pain_average", ["7"]))


def test_crisis_modal(snap_compare):
    assert snap_compare(app(), terminal_size=SIZE, press=keys_until("self_harm_thoughts", ["2", "enter"]))


def test_review(snap_compare):
    assert snap_compare(app(), terminal_size=SIZE, press=all_keys())


def test_summary(snap_compare):
    overrides = {"pregnant": ["3"], "self_harm_thoughts": ["2", "enter"]}  # 'enter' acknowledges the crisis text
    assert snap_compare(app(), terminal_size=SIZE, press=all_keys(overrides) + ["f10"])


def test_choice_question_without_colour(snap_compare, monkeypatch):
    """NO_COLOR: the ticks, the chosen option and the cursor still show."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(app(), terminal_size=SIZE, press=keys_until("diagnoses", ["1", "2", "down", "down"]))
