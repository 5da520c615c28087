"""Held keys and bursts: no key acts on a view the person has not seen, and none crashes the app."""

from __future__ import annotations

from screening.ui.input_gate import SETTLE_SECONDS, InputGate, now
from screening.ui.screens.question import QuestionScreen
from screening.ui.screens.review import ReviewScreen
from screening.ui.screens.welcome import WelcomeScreen
from tests.ui.helpers import answer, question_id, start
from tests.ui.keys import burst
from tests.ui.test_explicit_answers import QUESTIONNAIRES, app_for
from screening.ui.app import ScreeningApp

SIZE = (80, 24)


def test_gate_drops_what_was_pressed_before_the_view_was_drawn():
    gate = InputGate(settle=0.2)
    pressed = now()
    token = gate.close()
    assert not gate.accept(pressed)  # while changing
    gate.open(token)
    assert not gate.accept(pressed)  # stamped before the new view was drawn
    assert not gate.accept(now())  # within the quiet wait
    gate.quiet_until = now() - 1  # (time passes)
    assert gate.accept(now())
    first, second = gate.close(), gate.close()
    gate.open(first)  # an older change cannot open the gate a newer one closed
    assert not gate.is_open
    gate.open(second)
    assert gate.is_open


def test_a_key_let_through_before_a_change_is_not_handled_after_it():
    gate = InputGate(settle=0.0)
    first, second = object(), object()
    gate.let_through(first)
    gate.let_through(second)
    assert gate.still_current(first)
    gate.close()
    assert not gate.still_current(second)


def test_a_change_that_never_finishes_does_not_lock_the_person_out():
    gate = InputGate(settle=0.0, stuck_after=0.0)
    gate.close()
    assert gate.accept(now() + 1)


def settled(app: ScreeningApp) -> ScreeningApp:
    app.input_gate.settle = SETTLE_SECONDS  # as in real use: a quiet wait after each new view
    return app


async def quiet(pilot) -> None:
    """Wait as a person would: until the view is drawn and its quiet wait is over."""
    gate = pilot.app.input_gate
    await pilot.pause(SETTLE_SECONDS)
    for _ in range(100):
        if gate.is_open and now() > gate.quiet_until:
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def test_held_enter_on_phq9_answers_nothing_and_moves_nowhere():
    app = settled(ScreeningApp(str(QUESTIONNAIRES / "phq-9.yaml")))
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot)
        await pilot.press("enter")
        await quiet(pilot)
        first = question_id(pilot)
        burst(app, ["enter"] * 40)  # a held Enter: auto-repeat
        await quiet(pilot)
        assert question_id(pilot) == first and app.session.answers == {}
        # a digit and Enter, then the hand stays on the keys: only the seen question is answered
        burst(app, ["1", "enter"] * 9)
        await quiet(pilot)
        assert list(app.session.answers) == [first]
        second = question_id(pilot)
        assert second != first and app.session.answer(second) is None


async def test_keys_while_the_next_question_is_drawn_belong_to_no_question(tmp_path):
    app = settled(app_for(tmp_path))
    shown: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot)
        await pilot.press("enter")
        await quiet(pilot)
        burst(app, ["4", "0", "enter", "3", "enter", "5", "enter"])
        await quiet(pilot)
        shown.append(question_id(pilot))
        assert app.session.answers == {"age": 40}  # "3" was typed while "How long?" was not yet there
        assert shown == ["pain"] and app.screen.query_one("#amount").value == ""


async def test_held_escape_goes_back_one_view_and_never_past_the_welcome(tmp_path):
    app = settled(app_for(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await quiet(pilot)
        await pilot.press("enter")
        await quiet(pilot)
        await pilot.press("4", "0", "enter")
        await quiet(pilot)
        assert question_id(pilot) == "pain"
        burst(app, ["escape"] * 30)
        await quiet(pilot)
        assert question_id(pilot) == "age"
        await pilot.press("escape")
        await quiet(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        burst(app, ["escape"] * 30)
        await quiet(pilot)
        assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 1


async def test_held_enter_on_change_answer_opens_one_question(tmp_path):
    app = app_for(tmp_path)  # no quiet wait: the guards alone must hold
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        for question, keys in [("age", ["4", "0"]), ("pain", ["3", "tab", "right"]), ("level", ["5"]), ("kinds", ["3"]), ("sad", ["1"])]:
            await answer(pilot, question, keys)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        for _ in range(5):
            burst(app, ["enter"] * 25 + ["f2"] * 5 + ["escape"] * 5)
            await pilot.pause()
        await pilot.pause(0.2)
        assert app.is_running
        assert sum(isinstance(screen, ReviewScreen) for screen in app.screen_stack) <= 1
        assert sum(isinstance(screen, QuestionScreen) and screen.review_mode for screen in app.screen_stack) <= 1
        assert app.session.answers["age"] == 40 and app.session.answer("sad") == "no"


async def test_f1_and_f2_during_screen_changes(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(4):
            burst(app, ["enter", "f1", "f2", "f1", "f10", "escape", "f1", "enter", "f1", "f2", "enter", "f1"])
            await pilot.pause()
        await pilot.pause(0.2)
        assert app.is_running
        assert app.session is None or app.session.answers == {}
