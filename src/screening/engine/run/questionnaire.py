"""A loaded, checked questionnaire: what the engine and the UI work from.

Built only by :mod:`screening.engine.loader`; every expression in it is
compiled and every id is known to be unique, so nothing here re-checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Union

from screening.engine.expressions import Compiled

Text = Union[str, dict[str, str]]

CHOICE_TYPES = ("single_choice", "multi_choice", "yes_no")
NUMBER_TYPES = ("integer", "number", "scale", "duration")


def localize(text: Text | None, language: str, fallback: str = "en") -> str:
    """The text in ``language`` (a file's texts all have every declared language)."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(language) or text.get(fallback) or next(iter(text.values()), "")


@dataclass
class Option:
    id: str
    text: Text
    value: float | int | None = None
    help: Text | None = None
    exclusive: bool = False


@dataclass
class Question:
    id: str
    type: str
    text: Text
    section: "Section"
    index: int  # position in the whole file, from 0
    help: Text | None = None
    required: bool = True
    show_if: Compiled | None = None
    options: list[Option] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)  # min, max, unit, units, ...
    line: int = 0

    @property
    def answerable(self) -> bool:
        return self.type != "note"

    @cached_property
    def option_ids(self) -> tuple[str, ...]:
        """Asked for every answer checked; the options are fixed once loaded."""
        return tuple(option.id for option in self.options)

    @cached_property
    def option_set(self) -> frozenset[str]:
        return frozenset(self.option_ids)

    @cached_property
    def exclusive_ids(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options if option.exclusive)

    def option(self, option_id: str) -> Option | None:
        for option in self.options:
            if option.id == option_id:
                return option
        return None

    @property
    def minimum(self) -> Any:
        return self.settings.get("min")

    @property
    def maximum(self) -> Any:
        return self.settings.get("max")


@dataclass
class Section:
    id: str
    title: Text
    show_if: Compiled | None = None
    questions: list[Question] = field(default_factory=list)


@dataclass
class Score:
    id: str
    expression: Compiled
    title: Text | None = None


@dataclass
class Flag:
    id: str
    severity: str
    when: Compiled
    text: Text


@dataclass
class Outcome:
    id: str
    title: Text
    text: Text
    when: Compiled | None = None  # None for the 'otherwise' outcome

    @property
    def otherwise(self) -> bool:
        return self.when is None


@dataclass
class Example:
    name: str
    answers: dict[str, Any]
    expect: dict[str, Any]
    language: str | None
    path: tuple[Any, ...]  # where it is in the file, for located reports


@dataclass
class Questionnaire:
    path: str
    sha256: str
    id: str
    version: str
    title: Text
    intro: Text | None
    languages: list[str]
    disclaimer: Text
    crisis: Text | None
    sections: list[Section]
    questions: list[Question]
    scores: list[Score]  # in an order where each score comes after those it reads
    flags: list[Flag]
    outcomes: list[Outcome]
    examples: list[Example]
    source: Any = None  # the SourceMap, for locating example failures

    def __post_init__(self) -> None:
        self.question_by_id = {question.id: question for question in self.questions}
        self.score_by_id = {score.id: score for score in self.scores}
        self.flag_by_id = {flag.id: flag for flag in self.flags}

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def text(self, value: Text | None, language: str | None = None) -> str:
        return localize(value, language or self.default_language, self.default_language)
