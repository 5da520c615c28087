"""Stage 3a: what names mean (symbols, scopes) and the types the checker gives nodes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Type:
    kind: str  # num, bool, str, text, date, choice, set, list, any
    question: str | None = None  # for choice and set
    items: tuple[Any, ...] = ()  # literal values, for list and str

    def describe(self) -> str:
        return {
            "num": "a number",
            "bool": "a condition (true or false)",
            "str": "a text",
            "text": "a free-text answer",
            "date": "a date",
            "choice": f"the choice answered to '{self.question}'",
            "set": f"the choices ticked in '{self.question}'",
            "list": "a list",
            "any": "a value",
        }[self.kind]


NUM = Type("num")
BOOL = Type("bool")
TEXT = Type("text")
DATE = Type("date")
ANY = Type("any")


@dataclass
class Symbol:
    """A name an expression may use: a question's answer, or a score."""

    name: str
    kind: str  # "question" or "score"
    question_type: str | None = None
    options: tuple[str, ...] = ()
    exclusive: frozenset[str] = frozenset()
    values: dict[str, float] | None = None  # every option's value, when all have one

    def type(self) -> Type:
        if self.kind == "score":
            return NUM
        qtype = self.question_type
        if qtype in ("single_choice", "yes_no"):
            return Type("choice", self.name)
        if qtype == "multi_choice":
            return Type("set", self.name)
        if qtype in ("integer", "number", "scale", "duration"):
            return NUM
        if qtype == "date":
            return DATE
        return TEXT


@dataclass
class Scope:
    """What an expression in one place of the file may refer to."""

    symbols: dict[str, Symbol]
    flags: dict[str, str] = field(default_factory=dict)  # flag id -> severity
    in_outcome: bool = False
