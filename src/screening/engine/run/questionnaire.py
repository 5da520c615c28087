"""A loaded, checked questionnaire: what the engine and the UI work from.

Built only by :mod:`screening.engine.loader`; every expression in it is
compiled and every id is known to be unique, so nothing here re-checks.
"""

from __future__ import annotations

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


class _Record:
    """Plain classes with hand-written constructors rather than dataclasses:
    dataclasses generate code when a command starts (about 0.3 ms each), and
    `validate` starts up on every save of a file. Equal means the same object."""

    __slots__ = ()

    def __repr__(self) -> str:
        name = getattr(self, "id", None) or getattr(self, "name", "")
        return f"{type(self).__name__}({name!r})"


class Option(_Record):
    __slots__ = ("id", "text", "value", "help", "exclusive", "code")

    def __init__(
        self,
        id: str,
        text: Text,
        value: float | int | None = None,
        help: Text | None = None,
        exclusive: bool = False,
        code: list[dict[str, str]] | None = None,  # standard codes, for FHIR
    ):
        self.id = id
        self.text = text
        self.value = value
        self.help = help
        self.exclusive = exclusive
        self.code = code if code is not None else []


class Question(_Record):
    def __init__(
        self,
        id: str,
        type: str,
        text: Text,
        section: "Section",
        index: int,  # position in the whole file, from 0
        help: Text | None = None,
        required: bool = True,
        show_if: Compiled | None = None,
        options: list[Option] | None = None,
        settings: dict[str, Any] | None = None,  # min, max, unit, units, ...
        line: int = 0,
        code: list[dict[str, str]] | None = None,
    ):
        self.id = id
        self.type = type
        self.text = text
        self.section = section
        self.index = index
        self.help = help
        self.required = required
        self.show_if = show_if
        self.options = options if options is not None else []
        self.settings = settings if settings is not None else {}
        self.line = line
        self.code = code if code is not None else []

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


class Section(_Record):
    __slots__ = ("id", "title", "show_if", "questions")

    def __init__(self, id: str, title: Text, show_if: Compiled | None = None, questions: list[Question] | None = None):
        self.id = id
        self.title = title
        self.show_if = show_if
        self.questions = questions if questions is not None else []


class Score(_Record):
    __slots__ = ("id", "expression", "title", "code")

    def __init__(self, id: str, expression: Compiled, title: Text | None = None, code: list[dict[str, str]] | None = None):
        self.id = id
        self.expression = expression
        self.title = title
        self.code = code if code is not None else []


class Flag(_Record):
    __slots__ = ("id", "severity", "when", "text")

    def __init__(self, id: str, severity: str, when: Compiled, text: Text):
        self.id = id
        self.severity = severity
        self.when = when
        self.text = text


class Outcome(_Record):
    __slots__ = ("id", "title", "text", "when")

    def __init__(self, id: str, title: Text, text: Text, when: Compiled | None = None):
        self.id = id
        self.title = title
        self.text = text
        self.when = when  # None for the 'otherwise' outcome

    @property
    def otherwise(self) -> bool:
        return self.when is None


class Example(_Record):
    __slots__ = ("name", "answers", "expect", "language", "path")

    def __init__(self, name: str, answers: dict[str, Any], expect: dict[str, Any], language: str | None, path: tuple[Any, ...]):
        self.name = name
        self.answers = answers
        self.expect = expect
        self.language = language
        self.path = path  # where it is in the file, for located reports


class Questionnaire(_Record):
    def __init__(
        self,
        path: str,
        sha256: str | None,  # None: worked out from ``content`` when first asked for
        id: str,
        version: str,
        title: Text,
        intro: Text | None,
        languages: list[str],
        disclaimer: Text,
        crisis: Text | None,
        sections: list[Section],
        questions: list[Question],
        scores: list[Score],  # in an order where each score comes after those it reads
        flags: list[Flag],
        outcomes: list[Outcome],
        examples: list[Example],
        source: Any = None,  # the SourceMap, for locating example failures
        code: list[dict[str, str]] | None = None,
        content: bytes | None = None,  # the file as read, when ``sha256`` is None
    ):
        self.path = path
        self._sha256 = sha256
        self._content = content
        self.id = id
        self.version = version
        self.title = title
        self.intro = intro
        self.languages = languages
        self.disclaimer = disclaimer
        self.crisis = crisis
        self.sections = sections
        self.questions = questions
        self.scores = scores
        self.flags = flags
        self.outcomes = outcomes
        self.examples = examples
        self.source = source
        self.code = code if code is not None else []
        self.question_by_id = {question.id: question for question in self.questions}
        self.score_by_id = {score.id: score for score in self.scores}
        self.flag_by_id = {flag.id: flag for flag in self.flags}

    @property
    def sha256(self) -> str:
        """The file's SHA-256, recorded with every summary. Worked out when first asked for:
        ``validate`` never asks, and importing hashlib is 2 ms of its start-up. The content is
        kept (never cleared): threads of the web server may ask at the same moment."""
        if self._sha256 is None:
            if self._content is None:
                raise ValueError("a questionnaire needs its SHA-256 or the content to work it out from")
            import hashlib

            self._sha256 = hashlib.sha256(self._content).hexdigest()
        return self._sha256

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def text(self, value: Text | None, language: str | None = None) -> str:
        return localize(value, language or self.default_language, self.default_language)
