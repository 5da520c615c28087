"""A typed line -> the raw answer the engine checks (or a message why not).

Pure functions over one question: numbers or option words for choices,
several numbers for multi-choice, yes/no words, numbers, durations, dates and
text as typed. The engine's ``parse_answer`` has the last word on every answer.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from screening.engine.run.answers import AnswerError
from screening.engine.run.questionnaire import Question, Questionnaire
from screening.i18n import t

# Bounded at input: a 400-digit number is refused with a message, never parsed.
_NUMBER = re.compile(r"^[+-]?\d{1,12}(?:[.,]\d{1,6})?$")
_DURATION = re.compile(r"^(\d{1,6}(?:[.,]\d{1,3})?)\s*(\S+)$")
_SEPARATORS = re.compile(r"[,;\s]+")
_UNITS = ("days", "weeks", "months", "years")


def folded(text: str) -> str:
    """Case and accents folded, spaces squeezed: 'Sí' matches 'si', 'Not  sure' matches 'not sure'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def option_label(questionnaire: Questionnaire, question: Question, option_id: str, language: str) -> str:
    option = question.option(option_id)
    if question.type == "yes_no" or option is None or not questionnaire.text(option.text, language):
        return t(option_id, language)
    return questionnaire.text(option.text, language)


def _option_by_word(questionnaire: Questionnaire, question: Question, word: str, language: str) -> str | None:
    """The option a number (1-based) or the option's own text names, else None."""
    word = word.strip()
    if word.isdigit() and len(word) <= 4:
        number = int(word)
        if 1 <= number <= len(question.options):
            return question.options[number - 1].id
        return None
    wanted = folded(word)
    for option in question.options:
        names = {folded(option_label(questionnaire, question, option.id, language)), folded(option.id.replace("_", " "))}
        if wanted in names:
            return option.id
    return None


def _choice_error(question: Question) -> AnswerError:
    return AnswerError("no such option", "plain.choose_number", count=len(question.options))


def read_answer(questionnaire: Questionnaire, question: Question, line: str, language: str) -> Any:
    """The raw answer ``line`` gives for ``question``; raises AnswerError with a patient message."""
    text = line.strip()
    kind = question.type
    if kind in ("single_choice", "yes_no"):
        option = _option_by_word(questionnaire, question, text, language)
        if option is None:
            raise _choice_error(question)
        return option
    if kind == "multi_choice":
        whole = _option_by_word(questionnaire, question, text, language)
        if whole is not None:
            return [whole]
        chosen: list[str] = []
        pieces = [piece for piece in re.split(r"[,;]", text) if piece.strip()]
        for piece in pieces:
            option = _option_by_word(questionnaire, question, piece, language)
            if option is not None:
                words = [option]
            else:  # "1 3 4": numbers separated by spaces
                words = [_option_by_word(questionnaire, question, word, language) for word in _SEPARATORS.split(piece.strip())]
                if any(word is None for word in words):
                    raise _choice_error(question)
            for word in words:
                if word not in chosen:
                    chosen.append(word)  # type: ignore[arg-type]
        return chosen
    if kind in ("integer", "scale", "number"):
        return _number(question, text, language)
    if kind == "duration":
        return _duration(question, text, language)
    if kind in ("date", "text"):
        return text if kind == "date" else line.rstrip("\r\n")
    raise AnswerError("a note is never answered")


def _number(question: Question, text: str, language: str) -> int | float:
    unit = question.settings.get("unit")
    if unit:  # "70 kg" where the question's unit is kg
        for name in set(unit.values()) if isinstance(unit, dict) else {unit}:
            if name and folded(text).endswith(folded(name)):
                text = text[: len(text) - len(name)].strip()
                break
    key = "error.number" if question.type == "number" else "error.whole_number"
    if not _NUMBER.match(text):
        raise AnswerError(f"not a number: {text!r}", key)
    if re.search(r"[.,]", text):
        value = float(text.replace(",", "."))
        return int(value) if value.is_integer() and question.type != "number" else value
    return int(text)


def unit_names(language: str) -> dict[str, str]:
    """Every way a unit may be written (English, the person's language, singular) -> the engine's unit."""
    names: dict[str, str] = {}
    for unit in _UNITS:
        for code in ("en", language):
            names[folded(t(f"unit.{unit}", code))] = unit
            names[folded(t(f"unit.{unit[:-1]}", code))] = unit
    return names


def _duration(question: Question, text: str, language: str) -> str:
    match = _DURATION.match(" ".join(text.split()))
    if not match:
        raise AnswerError(f"not a duration: {text!r}", "error.duration")
    unit = unit_names(language).get(folded(match.group(2)))
    if unit is None:
        units = question.settings.get("units", ["weeks", "months", "years"])
        shown = ", ".join(t(f"unit.{u}", language) for u in units)
        raise AnswerError(f"unknown unit {match.group(2)!r}", "error.duration_unit", units=shown)
    return f"{match.group(1).replace(',', '.')} {unit}"
