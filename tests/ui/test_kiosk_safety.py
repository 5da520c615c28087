"""The kiosk keeps nothing of one person for the next, and an unforeseen error never ends it."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from screening.store import open_store
from screening.ui.app import ScreeningApp
from screening.ui.kiosk import KioskApp, run_kiosk
from screening.ui.launch import EXIT_CRASHED, run_app
from screening.ui.screens.modals import IdleModal, NoticeModal
from screening.ui.screens.staff import StaffScreen
from screening.ui.screens.summary import SummaryScreen
from screening.ui.screens.welcome import WelcomeScreen
from tests.ui.helpers import question_id, start
from tests.ui.test_kiosk import SIZE, SMALL, finish_walk, kiosk  # noqa: F401  (the fixture)

BILINGUAL = SMALL.replace("title: Small\n", "title: {en: Small, es: Pequeño}\nlanguages: [en, es]\n").replace(
    "disclaimer: Not a diagnosis.", "disclaimer: {en: Not a diagnosis., es: No es un diagnóstico.}"
).replace("crisis: Call 988 now.", "crisis: {en: Call 988 now., es: Llame al 988.}").replace(
    "title: Questions", "title: {en: Questions, es: Preguntas}"
).replace("text: How old are you?", "text: {en: How old are you?, es: ¿Qué edad tiene?}").replace(
    "text: Thoughts of hurting yourself?", "text: {en: Thoughts of hurting yourself?, es: ¿Pensamientos de hacerse daño?}"
).replace("text: Needs follow-up today.", "text: {en: Needs follow-up today., es: Seguimiento hoy.}").replace(
    "title: All done", "title: {en: All done, es: Listo}"
).replace("text: Thank you.", "text: {en: Thank you., es: Gracias.}")


def osc52_spy(app) -> list[str]:
    written: list[str] = []
    driver = app._driver
    original = driver.write

    def write(data: str) -> None:
        written.append(data)
        original(data)

    driver.write = write
    return written


async def cut_and_paste(pilot) -> None:
    await pilot.press("4", "2", "shift+home", "ctrl+x")  # select what was typed, cut it
    await pilot.press("ctrl+c", "ctrl+v")
    pilot.app.post_message(events.Paste("77"))  # the terminal's own paste
    await pilot.pause()


async def test_the_plain_app_would_keep_a_cut(tmp_path):
    """What the kiosk must prevent: in `screening run`, Ctrl+X fills the clipboard (and OSC 52)."""
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    app = ScreeningApp(str(path))
    async with app.run_test(size=SIZE) as pilot:
        written = osc52_spy(app)
        await start(pilot)
        await pilot.press("4", "2", "shift+home", "ctrl+x")
        await pilot.pause()
        assert app.clipboard == "42"
        assert any("\x1b]52;" in data for data in written)


async def test_kiosk_next_person_can_paste_nothing(kiosk):
    app = kiosk(idle_timeout=20)
    async with app.run_test(size=SIZE) as pilot:
        written = osc52_spy(app)
        await start(pilot)
        await cut_and_paste(pilot)
        field = app.screen.query_one("#entry", Input)
        assert field.value == "" and app.clipboard == "" and app._clipboard == ""
        assert not any("\x1b]52;" in data for data in written)  # nothing sent to the terminal's clipboard
        await pilot.press("4", "2")
        kiosk.clock.now += 25  # the person walks away: wiped
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await start(pilot)  # the next person
        field = app.screen.query_one("#entry", Input)
        assert field.value == ""
        await pilot.press("ctrl+v")
        app.post_message(events.Paste("42"))
        await pilot.pause()
        assert field.value == ""


async def test_reset_puts_language_focus_and_scroll_back(kiosk):
    (kiosk.folder / "small.yaml").write_text(BILINGUAL, encoding="utf-8")
    app = kiosk(idle_timeout=20)
    async with app.run_test(size=(80, 12)) as pilot:  # short: the welcome scrolls
        await pilot.pause()
        await pilot.click("#lang-es")
        await pilot.pause()
        welcome = app.screen
        assert str(welcome.query_one("#title").render()) == "Pequeño"
        await pilot.press("enter")
        await pilot.pause()
        assert question_id(pilot) == "age" and "¿Qué edad tiene?" in str(app.screen.query_one("#question-text").render())
        kiosk.clock.now += 25
        app.tick()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.language == "en" and str(app.screen.query_one("#title").render()) == "Small"
        assert str(app.screen.query_one("#start").label) == "Start"
        assert app.screen.focused is app.screen.query_one("#start")
        assert app.screen.query_one("#welcome-body").scroll_y == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.language == "en" and app.session.answers == {}


async def test_countdowns_are_visible_without_scrolling(kiosk):
    app = kiosk(idle_timeout=20)
    async with app.run_test(size=SIZE) as pilot:
        await finish_walk(pilot)
        kiosk.clock.now += 16
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, IdleModal)
        text = app.screen.query_one("#idle-text")
        assert text.region.bottom <= SIZE[1] and text.region.height >= 1
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        countdown = app.screen.query_one("#countdown")
        assert "This screen clears in" in str(countdown.render())
        assert countdown.region.height >= 1 and countdown.region.y == 0  # at the top, however long the summary


async def test_staff_view_wraps_the_summary_at_its_own_width(kiosk):
    app = kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await finish_walk(pilot, sad="2")  # the crisis text: a long paragraph
        await pilot.press("enter")  # the crisis modal
        await pilot.pause()
        await pilot.press("f10", "enter")
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press(*"2468", "enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, StaffScreen)
        panel = app.screen.query_one("#staff-record")
        text = str(app.screen.query_one("#staff-text").render())
        lines = text.split("\n")
        assert "REFERRAL SUMMARY" in text and len(lines) > 10
        assert max(len(line) for line in lines) <= panel.scrollable_content_region.width
        rule = next(line for line in lines if set(line) == {"="})
        assert len(rule) < 80  # drawn for the panel, not for paper


def test_run_reports_an_unforeseen_error_with_a_log_and_no_patient_data(tmp_path, monkeypatch, capsys):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    original_run = ScreeningApp.run

    async def drive(pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("4", "2", "enter")
        await pilot.pause()

    def explode(self) -> bool:
        raise RuntimeError(f"secret answer {self.session.answer('age')}")

    monkeypatch.setattr(ScreeningApp, "run", lambda self, **_: original_run(self, headless=True, auto_pilot=drive))
    monkeypatch.setattr(ScreeningApp, "check_crisis", lambda self: explode(self))
    code = run_app(str(path))
    assert code == EXIT_CRASHED and code not in (0, 3)
    err = capsys.readouterr()
    lines = err.err.strip().splitlines()
    assert len(lines) == 1 and "crash.log" in lines[0]
    assert err.out == ""
    log = lines[0].rsplit(" ", 1)[1]
    logged = open(log, encoding="utf-8").read()
    assert "RuntimeError" in logged and "secret" not in logged
    # the typed age (42) nowhere: not counting the timestamp (23:42:08) and file:line numbers
    import re

    without_times = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "", logged)
    assert not re.search(r"(?<![:\d])42(?!\d)", without_times)


def test_kiosk_starts_again_after_an_unforeseen_error(kiosk, monkeypatch):
    calls = {"start": 0}
    original = KioskApp.start_session
    seen: list[str] = []

    def start_session(self) -> None:
        calls["start"] += 1
        if calls["start"] == 2:
            raise RuntimeError("the second person's answers: 42")
        original(self)

    async def drive(pilot) -> None:
        app = pilot.app
        if not app.notice:  # the first run: one person finishes, the next one meets the error
            await finish_walk(pilot)
            await pilot.press("f10", "enter")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            return
        await pilot.pause()
        await pilot.pause()
        seen.append(type(app.screen).__name__)
        seen.append(str(app.screen.query_one("#notice-text").render()))
        await pilot.press("enter")
        await pilot.pause()
        seen.append(type(app.screen).__name__)
        app.exit(None)

    monkeypatch.setattr(KioskApp, "start_session", start_session)
    made = kiosk()
    store = open_store(str(kiosk.folder / "s.db"))
    code = run_kiosk(
        made.path, store, config=made.config, kiosk_id="desk-1", clock=kiosk.clock, run_options={"headless": True, "auto_pilot": drive}
    )
    assert code == 0
    assert seen[0] == NoticeModal.__name__ and "ask the front desk" in seen[1] and seen[2] == WelcomeScreen.__name__
    assert len(kiosk.store.submissions()) == 1  # what was stored before the error is still there
