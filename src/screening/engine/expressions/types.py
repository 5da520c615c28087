"""Stage 3a: what names mean (symbols, scopes) and the types the checker gives nodes.

Plain classes with slots rather than dataclasses: they are built when every
command starts, and `validate`'s start-up time is part of a clinician's edit loop.
"""

from __future__ import annotations

from typing import Any


class Type:
    __slots__ = ("kind", "question", "items")

    def __init__(self, kind: str, question: str | None = None, items: tuple[Any, ...] = ()):
        self.kind = kind  # num, bool, str, text, date, choice, set, list, any
        self.question = question  # for choice and set
        self.items = items  # literal values, for list and str

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Type) and (self.kind, self.question, self.items) == (other.kind, other.question, other.items)

    def __hash__(self) -> int:
        return hash((self.kind, self.question, self.items))

    def __repr__(self) -> str:
        return f"Type({self.kind!r}, {self.question!r}, {self.items!r})"

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


class Symbol:
    """A name an expression may use: a question's answer, or a score."""

    __slots__ = ("name", "kind", "question_type", "options", "exclusive", "values")

    def __init__(
        self,
        name: str,
        kind: str,  # "question" or "score"
        question_type: str | None = None,
        options: tuple[str, ...] = (),
        exclusive: frozenset[str] = frozenset(),
        values: dict[str, float] | None = None,  # every option's value, when all have one
    ):
        self.name = name
        self.kind = kind
        self.question_type = question_type
        self.options = options
        self.exclusive = exclusive
        self.values = values

    def __repr__(self) -> str:
        return f"Symbol({self.name!r}, {self.kind!r}, {self.question_type!r})"

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


class Scope:
    """What an expression in one place of the file may refer to."""

    __slots__ = ("symbols", "flags", "in_outcome")

    def __init__(self, symbols: dict[str, Symbol], flags: dict[str, str] | None = None, in_outcome: bool = False):
        self.symbols = symbols
        self.flags = flags if flags is not None else {}  # flag id -> severity
        self.in_outcome = in_outcome
