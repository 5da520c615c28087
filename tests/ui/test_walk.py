"""Pilot tests: the whole walk by keyboard and by mouse, and every behaviour on the way."""

from __future__ import annotations

import datetime as dt
import textwrap

from screening.engine.run.answers import DurationAnswer
from screening.ui.app import ScreeningApp
from screening.ui.screens.modals import CrisisModal, QuitModal
from screening.ui.screens.question import QuestionScreen
from screening.ui.screens.review import ReviewScreen
from screening.ui.screens.summary import SummaryScreen
from screening.ui.screens.welcome import WelcomeScreen
from tests.conftest import BUNDLED, MINIMAL
from tests.ui.helpers import (
    KEYBOARD_WALK,
    answer,
    click_next,
    click_option,
    click_pad,
    click_scale,
    error_text,
    question_id,
    start,
)

SIZE = (80, 24)


async def test_whole_bundled_questionnaire_by_keyboard():
    app = ScreeningApp(str(BUNDLED))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        for expected_id, keys in KEYBOARD_WALK:
            await answer(pilot, expected_id, keys)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await pilot.pause()
    summary = app.return_value
    assert summary is not None
    assert summary.outcome_id == "discuss"
    assert [flag.id for flag in summary.flags] == []
    answers = {line.id: line.value for line in summary.answers}
    assert answers["age"] == 45
    assert answers["pain_duration"] == 104
    assert answers["treatments_tried"] == ["antidepressants", "anticonvulsants", "physical_therapy"]
    assert {score.id: score.value for score in summary.scores}["peg"] == 7


async def test_whole_bundled_questionnaire_by_mouse():
    app = ScreeningApp(str(BUNDLED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#start")
        await pilot.pause()
        assert question_id(pilot) == "age"
        await click_pad(pilot, "45")
        await click_next(pilot)
        await click_pad(pilot, "18")
        await pilot.click("#unit", offset=(15, 0))  # months
        await click_next(pilot)
        for value in (7, 6, 8):
            await click_scale(pilot, value)
            await click_next(pilot)
        assert question_id(pilot) == "diagnoses"
        await click_option(pilot, 1)  # crps: the CRPS symptom question is skipped
        await click_next(pilot)
        assert question_id(pilot) == "treatments_tried"
        for index in (0, 1, 5):
            await click_option(pilot, index)
        await click_next(pilot)
        await click_option(pilot, 2)
        await click_next(pilot)
        for _ in ("mood_interest", "mood_down", "self_harm_thoughts"):
            await click_option(pilot, 0)
            await click_next(pilot)
        await click_option(pilot, 5)  # mental health: none
        await click_next(pilot)
        for index in (0, 0, 0, 0, 0, 0, 0):  # heart no, bp normal, not pregnant, four noes (No comes first)
            await click_option(pilot, index)
            await click_next(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.click("#submit")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.click("#finish")
        await pilot.pause()
    summary = app.return_value
    assert summary is not None
    assert summary.outcome_id == "discuss"
    assert [flag.id for flag in summary.flags] == ["crps_evidence"]
    assert {line.id: line.answer for line in summary.answers}["pain_duration"] == "18 months"


def minimal_app(tmp_path, text: str = MINIMAL) -> ScreeningApp:
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    return ScreeningApp(str(path), today=dt.date(2026, 11, 22))


async def test_every_question_type_with_validation_messages(tmp_path):
    app = minimal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        # integer: required, then out of range, then fine
        await answer(pilot, "age", [])
        assert error_text(pilot) == "! Nothing is typed yet. Type your answer, then Enter."
        await pilot.press("2", "0", "0", "enter")
        await pilot.pause()
        assert error_text(pilot) == "! Please enter a number from 0 to 120."
        assert question_id(pilot) == "age"
        await pilot.press("backspace", "backspace", "enter")
        await pilot.pause()
        # duration: weeks is the first unit
        await answer(pilot, "pain", ["3", "0", "tab", "right"])
        assert app.session.answer("pain") == DurationAnswer(30, "weeks")
        # scale: "1" then "0" quickly gives 10
        await answer(pilot, "level", ["1", "0"])
        assert app.session.answer("level") == 10
        # multi choice: "None of these" clears the others
        await answer(pilot, "kinds", ["1", "2", "3"])
        assert app.session.answer("kinds") == ("none",)
        # now 'detail' is hidden; yes/no with not sure
        await answer(pilot, "sad", ["3"])
        assert app.session.answer("sad") == "not_sure"
        # optional number: the first Enter says how to skip, the second skips
        await answer(pilot, "weight", [])
        assert question_id(pilot) == "weight"
        assert "to skip it, press Enter again" in error_text(pilot)
        await answer(pilot, "weight", [])
        assert app.session.answer("weight") is None
        # text: markup and control characters stay literal and harmless
        await answer(pilot, "notes", list("[b]x[/"))
        assert app.session.answer("notes") == "[b]x[/"
        # date: bad, then after 'today', then fine
        await answer(pilot, "when", list("2026-13-01"))
        assert error_text(pilot) == "! Please enter a date as YYYY-MM-DD."
        await pilot.press(*["backspace"] * 10, *"2027-01-01", "enter")
        await pilot.pause()
        assert error_text(pilot) == "! Please enter a date on or before 2026-11-22."
        await pilot.press(*["backspace"] * 10, *"2025-01-01", "enter")
        await pilot.pause()
        # the note needs no answer
        assert question_id(pilot) == "info"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        review = str(app.screen.query_one("#answers").render_line(0))
        assert review is not None


async def test_back_keeps_answers_and_progress_is_honest(tmp_path):
    app = minimal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await answer(pilot, "age", ["4", "0"])
        await answer(pilot, "pain", ["2", "0", "tab", "right"])
        await answer(pilot, "level", ["3"])
        position = str(app.screen.query_one("#position").render())
        assert position == "Question 4 of 8"
        await answer(pilot, "kinds", ["1"])  # 'a' shows 'detail'
        assert question_id(pilot) == "detail"
        assert str(app.screen.query_one("#position").render()) == "Question 5 of 9"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert question_id(pilot) == "level"
        assert app.screen.widget.value == 3  # the answer is still there
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert question_id(pilot) == "age"
        assert app.screen.query_one("#entry").value == "40"


async def test_changing_an_answer_drops_hidden_answers(tmp_path):
    app = minimal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await answer(pilot, "age", ["4", "0"])
        await answer(pilot, "pain", ["2", "0", "tab", "right"])
        await answer(pilot, "level", ["3"])
        await answer(pilot, "kinds", ["1"])
        await answer(pilot, "detail", ["2"])
        assert app.session.answer("detail") == "y"
        await pilot.press("escape", "escape")  # back past detail to kinds
        await pilot.pause()
        assert question_id(pilot) == "kinds"
        await pilot.press("1", "2", "enter")  # untick a, tick b
        await pilot.pause()
        assert question_id(pilot) == "sad"  # detail is skipped now
        assert app.session.answer("detail") is None
        assert str(app.screen.query_one("#position").render()) == "Question 5 of 8"


async def test_review_jumps_to_a_question_and_back(tmp_path):
    app = minimal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        for expected, keys in [("age", ["4", "0"]), ("pain", ["2", "0", "tab", "right"]), ("level", ["3"]), ("kinds", ["2"]), ("sad", ["1"]), ("weight", []), ("weight", []), ("notes", []), ("notes", []), ("when", []), ("when", []), ("info", [])]:
            await answer(pilot, expected, keys)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("down", "down", "enter")  # the third answer: level
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.review_mode
        assert question_id(pilot) == "level"
        await pilot.press("9", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.session.answer("level") == 9
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.summary.outcome_id == "review"  # level >= 8 raised the review flag


async def test_submit_with_a_missing_answer_goes_to_it(tmp_path):
    app = minimal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "Still to answer: 5" in str(app.screen.query_one("#review-error").render())
        await pilot.press("f10")
        await pilot.pause()
        assert question_id(pilot) == "age"


async def test_crisis_modal_shows_at_once_and_heads_the_summary(tmp_path):
    app = minimal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        for expected, keys in [("age", ["4", "0"]), ("pain", ["2", "0", "tab", "right"]), ("level", ["3"]), ("kinds", ["2"])]:
            await answer(pilot, expected, keys)
        await answer(pilot, "sad", ["2"])  # yes (No comes first): the urgent flag
        assert isinstance(app.screen, CrisisModal)
        shown = str(app.screen.query_one("#crisis-text").render())
        assert "Call 988." in shown
        assert "If you are alone" in shown and "staff" not in shown  # `run` is used at home
        await pilot.press("enter")
        await pilot.pause()
        assert question_id(pilot) == "weight"  # and on to the next question
        # going back and answering the same again does not show it twice
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert question_id(pilot) == "weight"
        for expected, keys in (("weight", ["enter"]), ("notes", ["enter"]), ("when", ["enter"]), ("info", [])):
            await answer(pilot, expected, keys)
        await pilot.press("f10")
        await pilot.pause()
        summary = app.screen.summary
        assert summary.flags[0].id == "sad_flag"
        assert summary.crisis == "Call 988."
        assert "Call 988." in str(app.screen.query_one(".crisis").render())
        assert "If you are alone" in str(app.screen.query_one(".crisis").render())


async def test_quit_asks_first(tmp_path):
    app = minimal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await answer(pilot, "age", ["4", "0"])
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitModal)
        await pilot.press("enter")  # 'No, keep going' has the focus
        await pilot.pause()
        assert question_id(pilot) == "pain"
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, QuitModal)
        await pilot.click("#quit")
        await pilot.pause()
    assert app.return_value is None


INJECTION = textwrap.dedent(
    """\
    format: 1
    id: inject
    version: "1"
    title: "[@click=app.quit]Quit[/] [b]bold[/b] [/"
    disclaimer: "[red]Not[/red] a diagnosis [link=https://example.com]x[/link]"
    sections:
      - id: s
        title: "[/section"
        questions:
          - id: q
            type: single_choice
            text: "[@click=app.quit]Click me[/]"
            help: "[/help"
            options:
              - {id: a, text: "[@click=app.quit]A[/]"}
              - {id: b, text: "[/"}
          - id: t
            type: text
            text: Anything?
    outcomes:
      - id: ok
        otherwise: true
        title: "[b]OK[/b]"
        text: "[/"
    """
)


async def test_markup_in_files_and_answers_is_shown_literally(tmp_path):
    app = minimal_app(tmp_path, INJECTION)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "[@click=app.quit]Quit[/] [b]bold[/b] [/" in str(app.screen.query_one("#title").render())
        await pilot.click("#title")  # clicking the 'link' does nothing
        await pilot.pause()
        assert app.is_running
        await pilot.press("enter")
        await pilot.pause()
        assert "[@click=app.quit]Click me[/]" in str(app.screen.query_one("#question-text").render())
        await pilot.click("#question-text")
        await click_option(pilot, 0)
        await pilot.press("f1")
        await pilot.pause()
        assert "[/help" in str(app.screen.query_one("#help-text").render())
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"[@click=app.quit]x[/] [/", "enter")
        await pilot.pause()
        assert app.is_running
        assert app.session.answer("t") == "[@click=app.quit]x[/] [/"
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "[b]OK[/b]" in str(app.screen.query_one("#outcome-title").render())


async def test_escape_sequences_in_free_text_are_removed(tmp_path):
    app = minimal_app(tmp_path, INJECTION)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("1", "enter")
        await pilot.pause()
        app.screen.widget.field.insert_text_at_cursor("ok\x1b[2J\x07 done\u202e")
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.answer("t") == "ok done<U+202E>"  # the whole sequence goes, not just ESC


async def test_languages_switch_on_the_welcome_screen(tmp_path):
    text = MINIMAL.replace("title: Mini\n", "title: {en: Mini, es: Mini ES}\nlanguages: [en, es]\n")
    for key in ("disclaimer: Not a diagnosis.", "crisis: Call 988."):
        name, value = key.split(": ", 1)
        text = text.replace(key, f"{name}: {{en: {value}, es: {value} ES}}")
    import re

    text = re.sub(r"(\n\s+(?:text|title): )([^\n{]+)", lambda m: f"{m.group(1)}{{en: \"{m.group(2)}\", es: \"{m.group(2)} ES\"}}", text)
    text = re.sub(r"\{id: (\w+), text: ([^,}]+)", lambda m: f"{{id: {m.group(1)}, text: {{en: {m.group(2)}, es: {m.group(2)} ES}}", text)
    text = text.replace("unit: kg", "unit: {en: kg, es: kg}")
    app = minimal_app(tmp_path, text)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#title").render()) == "Mini"
        await pilot.click("#lang-es")
        await pilot.pause()
        assert str(app.screen.query_one("#title").render()) == "Mini ES"
        assert str(app.screen.query_one("#start").label) == "Comenzar"
        await pilot.press("enter")
        await pilot.pause()
        assert str(app.screen.query_one("#question-text").render()) == "Age? ES"
        await pilot.press("enter")
        await pilot.pause()
        assert error_text(pilot) == "! Todavía no ha escrito nada. Escriba su respuesta y luego Enter."


async def test_high_contrast_theme(tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    app = ScreeningApp(str(path), theme_name="high-contrast")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "high-contrast"


async def test_invalid_file_shows_located_problems(tmp_path):
    app = minimal_app(tmp_path, MINIMAL.replace("when: level >= 8", "when: levle >= 8"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = str(app.screen.query_one("#problems-list").render())
        assert ":67:11: error: unknown name 'levle' (did you mean 'level'?)" in text
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 1


async def test_bundled_questionnaire_fully_in_spanish():
    from screening.render import render
    from tests.ui.helpers import KEYBOARD_WALK

    app = ScreeningApp(str(BUNDLED), language="es")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#start").label) == "Comenzar"
        await pilot.press("enter")
        await pilot.pause()
        assert str(app.screen.query_one("#question-text").render()) == "¿Cuántos años tiene?"
        await pilot.press("enter")
        await pilot.pause()
        assert error_text(pilot) == "! Todavía no ha escrito nada. Escriba su respuesta y luego Enter."
        for expected_id, keys in KEYBOARD_WALK:
            if expected_id == "self_harm_thoughts":
                keys = ["2"]
            await answer(pilot, expected_id, keys)
            if isinstance(app.screen, CrisisModal):
                assert "marque 2 para español" in str(app.screen.query_one("#crisis-text").render())
                await pilot.press("enter")
                await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        assert str(app.screen.query_one("#summary-title").render()) == "Su resumen"
        await pilot.press("enter")
        await pilot.pause()
    summary = app.return_value
    assert summary.language == "es"
    assert summary.outcome_title == "Vale la pena hablarlo con un profesional de salud"
    text = render(summary, "text")
    assert text.startswith("RESUMEN PARA LA CONSULTA: Dolor crónico")
    assert "Requiere atención ahora".upper() in text
    assert "Importante: Esta evaluación no diagnostica nada" in text
