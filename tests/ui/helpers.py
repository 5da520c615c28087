"""Driving the app the way a person does: keys, or clicks only."""

from __future__ import annotations

from textual.pilot import Pilot

from screening.ui.screens.question import QuestionScreen
from screening.ui.widgets.number_pad import KEY_WIDTH, NumberPad
from screening.ui.widgets.scale import CELL

# The bundled questionnaire, answered by keys: (question id, keys before Enter).
# Yes/no questions read No (1), Yes (2).
KEYBOARD_WALK = [
    ("age", ["4", "5"]),
    ("pain_duration", ["2", "tab", "right", "right", "right"]),  # 2, then years (no unit is chosen in advance)
    ("pain_average", ["7"]),
    ("pain_enjoyment", ["6"]),
    ("pain_activity", ["8"]),
    ("diagnoses", ["1"]),  # fibromyalgia
    ("crps_symptoms", ["5"]),  # none of these
    ("treatments_tried", ["1", "2", "5"]),
    ("treatment_relief", ["3"]),  # little or none
    ("mood_interest", ["2"]),
    ("mood_down", ["1"]),
    ("self_harm_thoughts", ["1"]),
    ("mental_health", ["6"]),  # none
    ("heart_condition", ["1"]),  # no
    ("blood_pressure", ["1"]),
    ("pregnant", ["1"]),  # no
    ("liver_disease", ["1"]),
    ("eye_or_head_pressure", ["1"]),
    ("thyroid_overactive", ["1"]),
    ("substance_use", ["1"]),
]


def question_id(pilot: Pilot) -> str:
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen), type(screen).__name__
    return screen.question.id


async def start(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def answer(pilot: Pilot, expected_id: str, keys: list[str]) -> None:
    assert question_id(pilot) == expected_id
    await pilot.press(*keys, "enter")
    await pilot.pause()


def error_text(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#error").render())


async def click_pad(pilot: Pilot, digits: str) -> None:
    pad = pilot.app.screen.query_one(NumberPad)
    for digit in digits:
        await pilot.click(NumberPad, offset=(pad.keys.index(digit) * KEY_WIDTH + 2, 0))


async def click_option(pilot: Pilot, index: int) -> None:
    await pilot.click("#answer", offset=(6, index))


async def click_scale(pilot: Pilot, value: int) -> None:
    await pilot.click("#answer", offset=(value * CELL + 2, 0))


async def click_next(pilot: Pilot) -> None:
    await pilot.click("#next")
    await pilot.pause()
