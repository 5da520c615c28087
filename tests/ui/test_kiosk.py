"""The kiosk, driven with Pilot: lock-down, staff PIN, idle wipe, store-before-summary, reset."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from screening.staff_pin import set_pin
from screening.store import open_store
from screening.store.sqlite import SqliteStore
from screening.ui.kiosk import KioskApp
from screening.ui.screens.modals import IdleModal, SaveFailedModal
from screening.ui.screens.question import QuestionScreen
from screening.ui.screens.staff import PinModal, StaffScreen
from screening.ui.screens.summary import SummaryScreen
from screening.ui.screens.welcome import WelcomeScreen
from tests.ui.helpers import answer, question_id, start

SIZE = (80, 24)
SMALL = textwrap.dedent(
    """\
    format: 1
    id: small
    version: "1"
    title: Small
    disclaimer: Not a diagnosis.
    crisis: Call 988 now.
    sections:
      - id: s
        title: Questions
        questions:
          - id: age
            type: integer
            text: How old are you?
            min: 0
            max: 120
          - id: sad
            type: yes_no
            text: Thoughts of hurting yourself?
    flags:
      - id: harm
        severity: urgent
        when: sad == 'yes'
        text: Needs follow-up today.
    outcomes:
      - id: ok
        otherwise: true
        title: All done
        text: Thank you.
    """
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def kiosk(tmp_path):
    questionnaire = tmp_path / "small.yaml"
    questionnaire.write_text(SMALL, encoding="utf-8")
    config = tmp_path / "config"
    set_pin(config, "2468")
    store = open_store(str(tmp_path / "s.db"))
    clock = Clock()

    def make(**options) -> KioskApp:
        options = {"idle_timeout": 120, "reset_after": 60, **options}
        return KioskApp(str(questionnaire), store, config, kiosk_id="desk-1", clock=clock, today=dt.date(2026, 11, 22), **options)

    make.store = store  # type: ignore[attr-defined]
    make.clock = clock  # type: ignore[attr-defined]
    make.folder = tmp_path  # type: ignore[attr-defined]
    yield make
    store.close()


async def finish_walk(pilot, sad: str = "1") -> None:  # No (1), Yes (2)
    await start(pilot)
    await answer(pilot, "age", ["5", "0"])
    await answer(pilot, "sad", [sad])


async def test_escape_keys_do_nothing(kiosk):
    app = kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("4")
        for key in ("ctrl+c", "ctrl+q", "ctrl+p", "ctrl+z", "ctrl+backslash", "ctrl+d", "ctrl+s", "ctrl+w", *[f"f{n}" for n in range(3, 13)]):
            await pilot.press(key)
            await pilot.pause()
            assert app.is_running, key
            assert isinstance(app.screen, QuestionScreen), (key, type(app.screen).__name__)
        assert app.screen.query_one("#entry").value == "4"
        assert not app.ENABLE_COMMAND_PALETTE and not app.ALLOW_SELECT


async def test_submission_is_stored_before_the_summary_shows_then_resets(kiosk):
    app = kiosk()
    seen: list[int] = []
    original = SummaryScreen.on_mount

    def on_mount(screen):  # count what is stored at the moment the summary appears
        seen.append(len(kiosk.store.submissions()))
        original(screen)

    SummaryScreen.on_mount = on_mount
    try:
        async with app.run_test(size=SIZE) as pilot:
            await finish_walk(pilot)
            await pilot.press("f10")
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)
            assert seen == [1]
            record = kiosk.store.submissions()[0]
            assert record.kiosk_id == "desk-1" and record.outcome_id == "ok"
            assert "Clears in" in str(app.screen.query_one("#countdown").render()) or "clears in" in str(app.screen.query_one("#countdown").render())
            kiosk.clock.now += 61
            app.tick()
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen)
            assert len(app.screen_stack) == 1 and app.session is None
            # the next person cannot reach the previous answers
            await pilot.press("escape", "f2")
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen)
            await pilot.press("enter")
            await pilot.pause()
            assert question_id(pilot) == "age"
            assert app.screen.query_one("#entry").value == ""
            assert app.session.answers == {}
    finally:
        SummaryScreen.on_mount = original
    events = [e["event"] for e in kiosk.store.audit_events()]
    assert events == ["started", "submitted", "reset_finished", "started"]


async def test_finish_resets_at_once(kiosk):
    app = kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await finish_walk(pilot)
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.session is None


async def test_idle_warning_then_wipe(kiosk):
    app = kiosk(idle_timeout=20)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await answer(pilot, "age", ["5", "0"])
        kiosk.clock.now += 16  # past 75% of the timeout
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, IdleModal)
        assert "4 seconds" in str(app.screen.query_one("#idle-text").render())
        await pilot.press("space")  # any input dismisses it and keeps the answers
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.session.answer("age") == 50
        kiosk.clock.now += 16
        app.tick()
        await pilot.pause()
        kiosk.clock.now += 5
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.session is None and len(app.screen_stack) == 1
    assert "reset_timeout" in [e["event"] for e in kiosk.store.audit_events()]
    assert kiosk.store.submissions() == []


async def test_idle_on_the_welcome_does_nothing(kiosk):
    app = kiosk(idle_timeout=5)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        kiosk.clock.now += 100
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
    assert kiosk.store.audit_events() == []


async def test_a_staff_pin_box_left_open_on_the_welcome_closes_without_a_warning_about_answers(kiosk):
    app = kiosk(idle_timeout=20)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, PinModal)
        kiosk.clock.now += 16  # past the warning point: no "your answers will be cleared"
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, PinModal)
        kiosk.clock.now += 5
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 1


async def test_staff_pin_lockout_then_staff_view_and_exit(kiosk):
    app = kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await finish_walk(pilot)
        await pilot.press("f10", "enter")
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, PinModal)
        for _ in range(3):
            await pilot.press(*"1111", "enter")
            await pilot.pause()
        assert "Locked" in str(app.screen.query_one("#pin-message").render())
        await pilot.press(*"2468", "enter")  # right, but locked
        await pilot.pause()
        assert isinstance(app.screen, PinModal)
        assert app.screen.query_one("#pin").disabled
        assert "Try again in 1 min." in str(app.screen.query_one("#pin-message").render())
        kiosk.clock.now += 20
        await pilot.pause(1.2)  # counts down while it waits
        assert "Try again in 40 s" in str(app.screen.query_one("#pin-message").render())
        assert app.screen.query_one("#pin").disabled
        kiosk.clock.now += 41
        await pilot.pause(1.2)  # the box opens again by itself when the lockout ends
        assert not app.screen.query_one("#pin").disabled
        await pilot.press(*"2468", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StaffScreen)
        text = str(app.screen.query_one("#staff-text").render())
        assert "Result: All done" in text and "Kiosk desk-1" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press(*"2468", "enter")
        await pilot.pause()
        await pilot.click("#exit")
        await pilot.pause()
    events = [e["event"] for e in kiosk.store.audit_events()]
    assert events.count("staff_login_failed") == 3  # the disabled box took no PIN while locked
    assert events[-3:] == ["staff_login", "staff_login", "staff_exit"]


async def test_store_failure_keeps_the_answers_and_tells_staff(kiosk):
    app = kiosk()
    store: SqliteStore = kiosk.store
    async with app.run_test(size=SIZE) as pilot:
        await finish_walk(pilot)
        pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
        store.connection.execute("PRAGMA query_only = ON")  # a read-only disk
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SaveFailedModal)
        assert "front desk" in str(app.screen.query("Static")[1].render())
        assert app.session is not None and app.session.answer("age") == 50
        store.connection.execute("PRAGMA query_only = OFF")
        await pilot.press("enter")  # try again, now that staff fixed it
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert len(store.submissions()) == 1
        assert pages > 0


async def test_crisis_text_still_shows_in_the_kiosk(kiosk):
    app = kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await answer(pilot, "age", ["5", "0"])
        await answer(pilot, "sad", ["2"])  # yes
        shown = str(app.screen.query_one("#crisis-text").render())
        assert "Call 988 now." in shown
        assert "tell a staff member here" in shown and "If you are alone" not in shown
