"""Stage 4: the closures a checked tree compiles to, and the environment they read.

No ``eval``, no ``exec``. Missing answers: a hidden or unanswered question has
no value (None). A comparison with no value is false, arithmetic with it has
no value, ``sum``/``mean``/``min``/``max`` leave such arguments out. Division
by zero, and any result beyond the numeric bound (screening.engine.numbers),
has no value, so no infinity or NaN is ever produced. A chain of one operator
is a single closure that loops over its operands: evaluation recurses only as
deep as the parenthesised nesting, which the parser limits.
"""

from __future__ import annotations

import datetime as _dt
import operator
from collections.abc import Callable, Iterable
from typing import Any

from screening.engine.numbers import MAX_MAGNITUDE

Evaluator = Callable[["Environment"], Any]


class Environment:
    """What an expression reads: answers of visible questions, scores, raised flags."""

    __slots__ = ("answers", "scores", "flags", "severities", "today", "__weakref__")

    def __init__(
        self,
        answers: dict[str, Any],
        scores: dict[str, Any] | None = None,
        flags: Iterable[str] = (),
        severities: Iterable[str] = (),
        today: _dt.date | None = None,
    ):
        self.answers = answers
        self.scores = scores if scores is not None else {}
        self.flags = frozenset(flags)
        self.severities = frozenset(severities)
        self.today = today or _dt.date.today()


def constant(value: Any) -> Evaluator:
    return lambda env: value


def today(env: Environment) -> _dt.date:
    return env.today


def answer(name: str) -> Evaluator:
    return lambda env: env.answers.get(name)


def score(name: str) -> Evaluator:
    return lambda env: env.scores.get(name)


def answered(name: str) -> Evaluator:
    return lambda env: env.answers.get(name) is not None


def negation(operand: Evaluator) -> Evaluator:
    return lambda env: not operand(env)


def all_of(operands: list[Evaluator]) -> Evaluator:
    if len(operands) == 2:
        left, right = operands
        return lambda env: bool(left(env)) and bool(right(env))
    return lambda env: all(operand(env) for operand in operands)


def any_of(operands: list[Evaluator]) -> Evaluator:
    if len(operands) == 2:
        left, right = operands
        return lambda env: bool(left(env)) or bool(right(env))
    return lambda env: any(operand(env) for operand in operands)


def minus(operand: Evaluator) -> Evaluator:
    def evaluate(env: Environment) -> Any:
        value = operand(env)
        return None if value is None else -value

    return evaluate


def as_number(operand: Evaluator) -> Evaluator:
    def evaluate(env: Environment) -> Any:
        value = operand(env)
        return int(value) if isinstance(value, bool) else value

    return evaluate


def _divide(a: Any, b: Any) -> Any:
    return None if b == 0 else a / b


_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": _divide,
}


def arithmetic(ops: list[str], operands: list[Evaluator]) -> Evaluator:
    """``a op b op c ...`` left to right; no value once any step has none."""
    first = operands[0]
    rest = [(_ARITHMETIC[op], operand) for op, operand in zip(ops, operands[1:])]
    low, high = -MAX_MAGNITUDE, MAX_MAGNITUDE

    if len(rest) == 1:
        (apply, second), = rest

        def evaluate_two(env: Environment) -> Any:
            a = first(env)
            if a is None:
                return None
            b = second(env)
            if b is None:
                return None
            total = apply(a, b)
            return total if total is not None and low <= total <= high else None

        return evaluate_two

    def evaluate(env: Environment) -> Any:
        total = first(env)
        if total is None:
            return None
        for apply, operand in rest:
            value = operand(env)
            if value is None:
                return None
            total = apply(total, value)
            # checked at every step, so intermediate values stay small and NaN is caught
            if total is None or not low <= total <= high:
                return None
        return total

    return evaluate


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _binary(apply: Callable[[Any, Any], Any], left: Evaluator, right: Evaluator) -> Evaluator:
    """A test that is false when either side has no value."""

    def evaluate(env: Environment) -> Any:
        a = left(env)
        if a is None:
            return False
        b = right(env)
        if b is None:
            return False
        return apply(a, b)

    return evaluate


def compare(op: str, left: Evaluator, right: Evaluator) -> Evaluator:
    return _binary(_COMPARE[op], left, right)


def member(left: Evaluator, right: Evaluator, negate: bool) -> Evaluator:
    if negate:
        return _binary(lambda a, b: a not in b, left, right)
    return _binary(lambda a, b: a in b, left, right)


def count(name: str, exclusive: frozenset[str]) -> Evaluator:
    def evaluate(env: Environment) -> int:
        chosen = env.answers.get(name)
        return len(chosen - exclusive) if chosen else 0

    return evaluate


def count_of(name: str, options: frozenset[str]) -> Evaluator:
    def evaluate(env: Environment) -> int:
        chosen = env.answers.get(name)
        return len(chosen & options) if chosen else 0

    return evaluate


def option_value(name: str, values: dict[str, float]) -> Evaluator:
    def evaluate(env: Environment) -> Any:
        chosen = env.answers.get(name)
        return None if chosen is None else values.get(chosen)

    return evaluate


def aggregate(name: str, arguments: list[Evaluator]) -> Evaluator:
    low, high = -MAX_MAGNITUDE, MAX_MAGNITUDE

    def present(env: Environment) -> list[Any]:
        values = []
        for argument in arguments:
            value = argument(env)
            if value is not None:
                values.append(int(value) if isinstance(value, bool) else value)
        return values

    def bounded(value: Any) -> Any:
        return value if low <= value <= high else None

    if name == "sum":
        return lambda env: bounded(sum(v)) if (v := present(env)) else None
    if name == "mean":
        return lambda env: bounded(sum(v) / len(v)) if (v := present(env)) else None
    if name == "min":
        return lambda env: min(v) if (v := present(env)) else None
    return lambda env: max(v) if (v := present(env)) else None


def flagged(flag: str) -> Evaluator:
    return lambda env: flag in env.flags


def any_flag(severity: str) -> Evaluator:
    return lambda env: severity in env.severities
