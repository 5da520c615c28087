"""Random key sequences through every bundled questionnaire, in the app and the kiosk (Hypothesis).

Two oracles:
* keys that never answer anything (Enter, Escape, Tab, F-keys, ...): whatever their
  order and speed, no answer is ever recorded and nothing is submitted;
* with answer keys too (digits, Space, arrows, letters): every recorded answer is
  for a question that was on the screen.
Either way the app is alive at the end; an exception anywhere fails the test
(run_test re-raises what the app met).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.staff_pin import set_pin
from screening.store import open_store
from screening.ui.app import ScreeningApp
from screening.ui.kiosk import KioskApp
from screening.ui.screens.question import QuestionScreen
from tests.ui.keys import burst
from tests.ui.test_explicit_answers import QUESTIONNAIRES

BUNDLED = sorted(QUESTIONNAIRES.glob("*.yaml"))
NO_ANSWER_KEYS = ["enter", "escape", "tab", "shift+tab", "f1", "f2", "f10", "pageup", "pagedown"]
KIOSK_EXTRA = ["ctrl+c", "ctrl+q", "ctrl+x", "ctrl+v", "ctrl+z", "ctrl+p", "ctrl+t"]
ANSWER_KEYS = ["1", "2", "3", "9", "0", "space", "up", "down", "left", "right", "home", "end", "backspace", "a", "-", ".", "ctrl+a"]


def chunks(alphabet: list[str]):
    """40-80 keys in bursts of 1-6 (a burst is posted at once, then the app catches up)."""
    return st.lists(st.lists(st.sampled_from(alphabet), min_size=1, max_size=6), min_size=10, max_size=16)


def make_app(path: Path, kiosk: bool, folder: Path) -> ScreeningApp:
    today = dt.date(2026, 11, 22)
    if not kiosk:
        return ScreeningApp(str(path), today=today)
    config = folder / "config"
    if not config.exists():
        set_pin(config, "2468")
    return KioskApp(str(path), open_store(str(folder / "s.db")), config, kiosk_id="t", today=today)


def drive(path: Path, kiosk: bool, folder: Path, bursts: list[list[str]]) -> tuple[set[str], dict]:
    shown: set[str] = set()
    original = QuestionScreen._show

    async def recording_show(screen, question):  # which questions were on the screen
        await original(screen, question)
        shown.add(question.id)

    async def main() -> dict:
        app = make_app(path, kiosk, folder)
        QuestionScreen._show = recording_show
        try:
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                for keys in bursts:
                    burst(app, keys)
                    await pilot.pause()
                await pilot.pause()
                assert app.is_running
                answers = dict(app.session.answers) if app.session is not None else {}
                stored = len(app.store.submissions()) if kiosk else 0
        finally:
            QuestionScreen._show = original
        return {"answers": answers, "stored": stored}

    return shown, asyncio.run(main())


# bounded: 14 apps x (1 + 2) examples of 10-16 bursts keeps the whole file near 30 s of CPU
ONCE = settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck), database=None)
TWICE = settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@pytest.mark.parametrize("kiosk", [False, True], ids=["run", "kiosk"])
@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_keys_that_answer_nothing_record_nothing(path, kiosk, tmp_path_factory):
    alphabet = NO_ANSWER_KEYS + (KIOSK_EXTRA if kiosk else [])

    @ONCE
    @given(chunks(alphabet))
    def run(bursts):
        shown, result = drive(path, kiosk, tmp_path_factory.mktemp("k"), bursts)
        assert result["answers"] == {}
        assert result["stored"] == 0

    run()


@pytest.mark.parametrize("kiosk", [False, True], ids=["run", "kiosk"])
@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_every_recorded_answer_was_on_screen(path, kiosk, tmp_path_factory):
    alphabet = NO_ANSWER_KEYS + ANSWER_KEYS + (KIOSK_EXTRA if kiosk else [])

    @TWICE
    @given(chunks(alphabet))
    def run(bursts):
        shown, result = drive(path, kiosk, tmp_path_factory.mktemp("k"), bursts)
        assert set(result["answers"]) <= shown

    run()
