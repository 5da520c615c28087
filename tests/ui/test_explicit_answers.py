"""Only what the person gave is recorded: no default, no pre-highlighted option, nothing from Enter alone."""

from __future__ import annotations

import pytest

from screening.engine.run.answers import DurationAnswer
from screening.ui.app import ScreeningApp
from screening.ui.screens.modals import QuitModal
from screening.ui.screens.review import ReviewScreen
from screening.ui.widgets.choice import ChoiceList
from screening.ui.widgets.entry import number_problem, parse_number
from tests.conftest import MINIMAL, ROOT
from tests.ui.helpers import answer, error_text, question_id, start

SIZE = (80, 24)
QUESTIONNAIRES = ROOT / "src" / "screening" / "questionnaires"


def app_for(tmp_path, text: str = MINIMAL, **options) -> ScreeningApp:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    return ScreeningApp(str(path), **options)


def error_shown(pilot) -> bool:
    return bool(pilot.app.screen.query_one("#error").display)


async def test_enter_on_every_untouched_question_type_records_nothing(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        expected = [
            ("age", ["4", "0"], "Nothing is typed yet"),
            ("pain", ["3", "tab", "right"], "Nothing is typed yet"),
            ("level", ["5"], "No number is chosen yet"),
            ("kinds", ["3"], "Nothing is ticked yet"),
            ("sad", ["1"], "Nothing is chosen yet"),
        ]
        for question, keys, message in expected:
            assert question_id(pilot) == question
            for _ in range(3):  # Enter, again and again: the person stays, nothing is kept
                await pilot.press("enter")
                await pilot.pause()
                assert question_id(pilot) == question
                assert message in error_text(pilot)
                assert app.session.answer(question) is None
            await answer(pilot, question, keys)
        assert app.session.answers == {"age": 40, "pain": DurationAnswer(3, "weeks"), "level": 5, "kinds": ("none",), "sad": "no"}
        # an optional question: the first Enter explains, only a second one skips it (nothing recorded)
        assert question_id(pilot) == "weight"
        await pilot.press("enter")
        await pilot.pause()
        assert question_id(pilot) == "weight" and "press Enter again" in error_text(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert question_id(pilot) == "notes" and app.session.answer("weight") is None


async def test_phq9_enter_nine_times_answers_nothing():
    app = ScreeningApp(str(QUESTIONNAIRES / "phq-9.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        first = question_id(pilot)
        for _ in range(9):
            await pilot.press("enter")
            await pilot.pause()
        assert question_id(pilot) == first
        assert app.session.answers == {}
        widget = app.screen.widget
        assert isinstance(widget, ChoiceList) and widget.highlighted is None  # nothing pre-highlighted
        assert "Nothing is chosen yet" in error_text(pilot)


async def test_spanish_message_for_an_untouched_question():
    app = ScreeningApp(str(QUESTIONNAIRES / "phq-9.yaml"), language="es")
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert "Todavía no ha elegido nada" in error_text(pilot)


async def test_moving_to_an_option_then_enter_chooses_it_and_back_shows_it(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        for question, keys in [("age", ["4", "0"]), ("pain", ["3", "tab", "right"]), ("level", ["5"]), ("kinds", ["1"])]:
            await answer(pilot, question, keys)
        assert question_id(pilot) == "detail"
        await answer(pilot, "detail", ["down", "down"])  # moved to the second option, then Enter
        assert app.session.answer("detail") == "y"
        await pilot.press("escape")
        await pilot.pause()
        widget = app.screen.widget
        assert question_id(pilot) == "detail" and widget.chosen == ["y"] and widget.highlighted == 1
        assert "(•)" in str(widget.get_option_at_index(1).prompt)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.widget.chosen == ["a"]  # the multi choice, as ticked
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.widget.value == 5  # the scale shows the earlier number


async def test_required_multi_choice_takes_a_choice_or_the_exclusive_none(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        for question, keys in [("age", ["4", "0"]), ("pain", ["3", "tab", "right"]), ("level", ["5"])]:
            await answer(pilot, question, keys)
        await pilot.press("down", "enter")  # a highlight is not a tick
        await pilot.pause()
        assert question_id(pilot) == "kinds" and "Nothing is ticked yet" in error_text(pilot)
        await pilot.press("1", "2", "1", "2", "enter")  # ticked and unticked again
        await pilot.pause()
        assert question_id(pilot) == "kinds" and app.session.answer("kinds") is None
        await answer(pilot, "kinds", ["3"])
        assert app.session.answer("kinds") == ("none",)


async def test_scale_has_no_default_and_arrows_are_an_answer(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await answer(pilot, "age", ["4", "0"])
        await answer(pilot, "pain", ["3", "tab", "right"])
        assert app.screen.widget.value is None
        assert "[" not in str(app.screen.widget.render()).split("\n")[0]  # no number marked
        await answer(pilot, "level", ["right", "right"])
        assert app.session.answer("level") == 1


async def test_error_message_goes_as_soon_as_the_answer_is_fixed(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("2", "0", "0", "enter")
        await pilot.pause()
        assert error_shown(pilot)
        await pilot.press("backspace")
        await pilot.pause()
        assert not error_shown(pilot)  # typing fixes it: the old message is gone at once
        await answer(pilot, "age", ["backspace", "4"])
        await pilot.press("enter")
        await pilot.pause()
        assert error_shown(pilot)
        await pilot.press("tab", "right")  # the unit changes: that is a change of answer too
        await pilot.pause()
        assert not error_shown(pilot)
        await answer(pilot, "pain", ["shift+tab", "3"])
        await pilot.press("enter")
        await pilot.pause()
        assert question_id(pilot) == "level" and error_shown(pilot)
        await pilot.press("4")
        await pilot.pause()
        assert not error_shown(pilot)


@pytest.mark.parametrize(
    "typed",
    ["9" * 400, "1e999", "nan", "inf", "-5", "--1", "1.5", "12a", " ", "１２"],
)
async def test_numbers_are_bounded_at_input(tmp_path, typed):
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press(*typed)
        field = app.screen.query_one("#entry")
        assert len(field.value) <= 3 and set(field.value) <= set("0123456789")  # age: 0-120, digits only
        app.screen.widget.field.value = typed  # even set behind the field's back (a paste, a bug)
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and question_id(pilot) == "age"
        assert app.session.answer("age") is None
        assert error_text(pilot).count("!") == 1  # one clear message


def test_number_parsing_never_builds_an_unbounded_number():
    assert parse_number("9" * 400) == "9" * 400
    assert parse_number("1e999") == "1e999"
    assert parse_number("nan") == "nan" and parse_number("inf") == "inf"
    assert parse_number("42") == 42 and parse_number("-1,5") == -1.5
    assert number_problem("9" * 13, False, "en") == "Please enter a number of at most 12 characters."
    assert number_problem("1e9", True, "es") == "Por favor, escriba un número entero."
    assert number_problem("12.5", False, "en") is None


MONTHS = "".join(f"          - {{id: m{n}, text: Month {n}}}\n" for n in range(1, 13))
TWELVE = (
    "format: 1\nid: twelve\nversion: '1'\ntitle: Twelve\ndisclaimer: Not a diagnosis.\n"
    "sections:\n  - id: s\n    title: S\n    questions:\n"
    "      - id: month\n        type: single_choice\n        text: Which month?\n        options:\n"
    + MONTHS
    + "      - id: many\n        type: multi_choice\n        text: Which months?\n        options:\n"
    + MONTHS.replace("id: m", "id: k")
    + "outcomes:\n  - id: ok\n    otherwise: true\n    title: OK\n    text: OK.\n"
)


async def test_every_option_has_a_key_also_past_nine(tmp_path):
    app = app_for(tmp_path, TWELVE)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        widget = app.screen.widget
        assert "12. Month 12" in str(widget.get_option_at_index(11).prompt)
        await pilot.press("1", "2")  # quickly: twelve
        assert widget.chosen == ["m12"]
        await pilot.press("1")
        await pilot.pause(0.9)  # after a pause a digit stands alone
        await pilot.press("2")
        assert widget.chosen == ["m2"]
        await answer(pilot, "month", ["1", "1"])
        assert app.session.answer("month") == "m11"
        await pilot.press("3")
        await pilot.pause(0.9)
        await pilot.press("1", "0")  # 3 stays ticked; "1" then "0" ticks 10, not 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.answer("many") == ("k3", "k10")


async def test_no_comes_before_yes_everywhere(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        for question, keys in [("age", ["4", "0"]), ("pain", ["3", "tab", "right"]), ("level", ["5"]), ("kinds", ["3"])]:
            await answer(pilot, question, keys)
        widget = app.screen.widget
        labels = [str(widget.get_option_at_index(i).prompt) for i in range(3)]
        assert [label.split(". ", 1)[1] for label in labels] == ["No", "Yes", "Not sure"]
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitModal)
        buttons = [str(button.label) for button in app.screen.query("Button")]
        assert buttons[0].startswith("No") and buttons[1].startswith("Yes")
    bundled = QUESTIONNAIRES / "ketamine-chronic-pain.yaml"
    text = bundled.read_text(encoding="utf-8")
    assert text.index('{id: "no"') < text.index('{id: "yes"')  # the one single-choice No/Yes in the bundle


async def test_review_change_answer_then_nothing_else_is_changed(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        for question, keys in [("age", ["4", "0"]), ("pain", ["3", "tab", "right"]), ("level", ["5"]), ("kinds", ["3"]), ("sad", ["1"])]:
            await answer(pilot, question, keys)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("down", "down", "down", "down", "enter")  # sad
        await pilot.pause()
        assert question_id(pilot) == "sad" and app.screen.widget.chosen == ["no"]
        await pilot.press("enter")  # keeps "no": Enter on the held answer changes nothing
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.session.answer("sad") == "no"


async def test_a_duration_needs_a_unit_the_person_chose(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await answer(pilot, "age", ["4", "0"])
        assert "( ) weeks" in str(app.screen.query_one("#unit").render())  # nothing chosen in advance
        await answer(pilot, "pain", ["1", "8"])
        assert question_id(pilot) == "pain" and app.session.answer("pain") is None
        assert "Please choose a unit: weeks, months, years." in error_text(pilot)
        await answer(pilot, "pain", ["tab", "left"])  # from nothing, left is the last unit
        assert app.session.answer("pain") == DurationAnswer(18, "years")


async def test_number_fields_hint_in_words_never_with_a_bare_number(tmp_path):
    """A '0' under the cursor reads as an answer already typed: the hints are words."""
    from textual.widgets import Input

    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert question_id(pilot) == "age"
        hint = app.screen.query_one(Input).placeholder
        assert hint == "Type a number from 0 to 120" and app.session.answer("age") is None
        await pilot.press("4", "2", "enter")
        await pilot.pause()
        assert question_id(pilot) == "pain"
        assert [field.placeholder for field in app.screen.query(Input)] == ["How many"]


def _cursor_marks(widget: ChoiceList) -> list[int]:
    """The options drawn with the '>' cursor mark (what the person sees as highlighted)."""
    return [index for index in range(len(widget.ids)) if str(widget.get_option_at_index(index).prompt).startswith(">")]


async def test_no_option_is_drawn_as_highlighted_until_the_person_moves():
    """The '>' mark shows where the arrows have moved; on an untouched question it is on no option,
    and the first Down puts it on option 1, where Space then chooses."""
    app = ScreeningApp(str(QUESTIONNAIRES / "phq-9.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.pause(0.3)
        widget = app.screen.widget
        assert isinstance(widget, ChoiceList)
        assert widget.highlighted is None and _cursor_marks(widget) == []
        await pilot.press("space")
        await pilot.pause()
        assert app.session.answers == {} and _cursor_marks(widget) == []
        await pilot.press("down")
        await pilot.pause()
        assert widget.highlighted == 0 and _cursor_marks(widget) == [0]
        await pilot.press("down")
        await pilot.pause()
        assert _cursor_marks(widget) == [1]
        await pilot.press("space")
        await pilot.pause()
        assert widget.raw_answer() == widget.ids[1]
