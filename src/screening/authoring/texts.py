"""Every patient-facing text of a questionnaire, with where it is in the file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from screening.engine.run.questionnaire import Questionnaire


class PlacedText:
    """(A plain class, not a dataclass: `validate` starts up on every save of a file.)"""

    __slots__ = ("path", "what", "language", "text")

    def __init__(self, path: tuple[Any, ...], what: str, language: str, text: str):
        self.path = path  # into the file, as the source map knows it
        self.what = what  # e.g. "question pain_duration, help"
        self.language = language
        self.text = text

    def __repr__(self) -> str:
        return f"PlacedText({self.what!r}, {self.language!r}, {self.text!r})"


def patient_texts(questionnaire: Questionnaire) -> Iterator[PlacedText]:
    """Texts a patient reads (on screen or in the summary), in file order, per language."""

    def each(path: tuple[Any, ...], value: Any, what: str) -> Iterator[PlacedText]:
        if value is None:
            return
        if isinstance(value, str):
            yield PlacedText(path, what, questionnaire.default_language, value)
            return
        for language, text in value.items():
            yield PlacedText(path + (language,), what, language, text)

    yield from each(("title",), questionnaire.title, "title")
    yield from each(("intro",), questionnaire.intro, "intro")
    yield from each(("disclaimer",), questionnaire.disclaimer, "disclaimer")
    yield from each(("crisis",), questionnaire.crisis, "crisis text")
    for s_index, section in enumerate(questionnaire.sections):
        base: tuple[Any, ...] = ("sections", s_index)
        yield from each(base + ("title",), section.title, f"section {section.id}")
        for q_index, question in enumerate(section.questions):
            q_path = base + ("questions", q_index)
            label = f"question {question.id}"
            yield from each(q_path + ("text",), question.text, label)
            yield from each(q_path + ("help",), question.help, f"{label}, help")
            for key in ("unit", "min_label", "max_label"):
                yield from each(q_path + (key,), question.settings.get(key), f"{label}, {key.replace('_', ' ')}")
            if question.type in ("single_choice", "multi_choice"):
                for o_index, option in enumerate(question.options):
                    yield from each(q_path + ("options", o_index, "text"), option.text, f"{label}, option {option.id}")
                    yield from each(q_path + ("options", o_index, "help"), option.help, f"{label}, option {option.id} help")
    for score in questionnaire.scores:
        yield from each(("scores", score.id, "title"), score.title, f"score {score.id}")
    for f_index, flag in enumerate(questionnaire.flags):
        yield from each(("flags", f_index, "text"), flag.text, f"flag {flag.id}")
    for o_index, outcome in enumerate(questionnaire.outcomes):
        yield from each(("outcomes", o_index, "title"), outcome.title, f"outcome {outcome.id}, title")
        yield from each(("outcomes", o_index, "text"), outcome.text, f"outcome {outcome.id}")
