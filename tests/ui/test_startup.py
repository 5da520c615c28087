"""Start-up: the file loads while the person reads the welcome, and what they press meanwhile.

The load runs as soon as the welcome is drawn and blocks the app for its length,
so a key pressed during it is handled once it is done: an Enter then starts the
walk, but only on the welcome the person saw being the real one, and no key
reaches the first question before it is drawn.
"""

from __future__ import annotations

import gc

import screening.engine.loader as loader
from screening.engine.format.header import Header
from screening.ui.screens.question import QuestionScreen
from screening.ui.screens.welcome import WelcomeScreen
from tests.ui.helpers import question_id
from tests.ui.keys import key_event
from tests.ui.test_explicit_answers import app_for
from tests.ui.test_input_race import quiet, settled

SIZE = (80, 24)


def press_during_load(monkeypatch, app, keys: list[str], stamped_before_welcome: bool = False) -> list[float]:
    """Post ``keys`` from inside the load, as the terminal delivers keys pressed while it runs."""
    real = loader.load_questionnaire
    loads: list[float] = []

    def load(path):  # type: ignore[no-untyped-def]
        assert app.welcome_drawn_at is not None  # the load starts once the welcome is drawn
        loads.append(app.welcome_drawn_at)
        for key in keys:
            event = key_event(key)
            if stamped_before_welcome:
                event.time = app.welcome_drawn_at - 0.05  # typed ahead, before anything showed
            app.post_message(event)
        return real(path)

    monkeypatch.setattr(loader, "load_questionnaire", load)
    return loads


async def test_enter_pressed_while_the_file_loads_starts_once_it_is_loaded_and_answers_nothing(tmp_path, monkeypatch):
    app = settled(app_for(tmp_path))
    loads = press_during_load(monkeypatch, app, ["enter", "4", "0", "enter"])
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot)
        assert loads, "the load ran"
        assert question_id(pilot) == "age"
        # the keys after Enter were pressed before the question was drawn: none reached it
        assert app.session.answers == {} and app.screen.query_one("#answer Input").value == ""
        await pilot.press("4", "2", "enter")
        await quiet(pilot)
        assert app.session.answers == {"age": 42}
        # back on the welcome, its controls are there (they waited while it was hidden)
        await pilot.press("escape")
        await quiet(pilot)
        await pilot.press("escape")
        await quiet(pilot)
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen) and welcome.controls_shown
        assert welcome.focused is welcome.query_one("#start")
        assert not welcome.query("#loading")


async def test_a_key_typed_before_the_welcome_was_drawn_does_not_start(tmp_path, monkeypatch):
    app = settled(app_for(tmp_path))
    press_during_load(monkeypatch, app, ["enter"], stamped_before_welcome=True)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot)
        assert isinstance(app.screen, WelcomeScreen) and app.session is None
        await pilot.press("enter")
        await quiet(pilot)
        assert question_id(pilot) == "age"


async def test_enter_on_a_welcome_the_quick_read_guessed_wrong_does_not_start(tmp_path, monkeypatch):
    app = settled(app_for(tmp_path, header=Header(title="Not this questionnaire")))
    press_during_load(monkeypatch, app, ["enter"])
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot)
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen) and app.session is None
        assert "Not this" not in str(welcome.query_one("#title").render())
        assert welcome.query_one("#start")  # the real welcome, ready: now Enter starts
        await pilot.press("enter")
        await quiet(pilot)
        assert isinstance(app.screen, QuestionScreen) and app.session.answers == {}


async def test_enter_during_the_load_of_an_invalid_file_starts_nothing(tmp_path, monkeypatch):
    app = settled(app_for(tmp_path, text="title: Broken\nquestions: [\n"))
    press_during_load(monkeypatch, app, ["enter"] * 3)
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot)
        assert app.problems and app.session is None
        assert not isinstance(app.screen, (WelcomeScreen, QuestionScreen))


async def test_collection_paused_by_the_launcher_resumes_after_the_load(tmp_path):
    app = app_for(tmp_path)
    app.gc_paused = True
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.questionnaire is not None and not app.gc_paused
            await pilot.pause(0.7)
            assert gc.isenabled()
    finally:
        gc.enable()
