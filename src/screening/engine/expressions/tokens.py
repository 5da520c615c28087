"""Stage 1: expression text -> tokens, with the limits every later stage relies on."""

from __future__ import annotations

import re

from screening.engine.numbers import number_problem

# Limits (docs/limits.md). The length bounds all work; the nesting depth bounds
# the only recursion (parser, checker, evaluator, explain), since long chains of
# the same operator (1 + 1 + ..., a and b and ...) are flat nodes and loops.
MAX_LENGTH = 20_000
MAX_DEPTH = 30

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false"})
FUNCTIONS = frozenset({"answered", "count", "value", "sum", "mean", "min", "max", "flagged", "any_flag"})
RESERVED = KEYWORDS | FUNCTIONS
OUTCOME_ONLY = frozenset({"flagged", "any_flag"})
SEVERITIES = ("urgent", "review", "info")


class ExpressionError(Exception):
    def __init__(self, offset: int, message: str, token: str = ""):
        super().__init__(message)
        self.offset = offset
        self.message = message
        self.token = token


_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>\d+(?:\.\d+)?|\.\d+)
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|\(|\)|\[|\]|,)
    """,
    re.VERBOSE,
)

_MISTAKES = {
    "=": "use '==' to compare",
    "&": "use 'and'",
    "|": "use 'or'",
    "!": "use 'not' or '!='",
    "{": "braces are not part of the language; use [ ] for a list",
    "}": "braces are not part of the language; use [ ] for a list",
    "%": "'%' is not part of the language",
    "'": "this text is missing its closing quote",
    '"': "this text is missing its closing quote",
}


class Token:
    __slots__ = ("kind", "text", "pos")

    def __init__(self, kind: str, text: str, pos: int):
        self.kind = kind  # number, string, name, op, end
        self.text = text
        self.pos = pos

    def __repr__(self) -> str:
        return f"Token({self.kind!r}, {self.text!r}, {self.pos})"


def tokenize(source: str) -> list[Token]:
    if len(source) > MAX_LENGTH:
        raise ExpressionError(0, f"the expression is {len(source):,} characters long; the limit is {MAX_LENGTH:,}")
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if not match:
            char = source[pos]
            hint = _MISTAKES.get(char, "")
            if source.startswith("&&", pos) or source.startswith("||", pos):
                char = source[pos : pos + 2]
            message = f"unexpected character '{char}'" + (f": {hint}" if hint else "")
            raise ExpressionError(pos, message, char)
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "number":
            problem = number_problem(number_value(text))
            if problem:
                raise ExpressionError(pos, f"the number {text[:20]}{'...' if len(text) > 20 else ''} {problem}", text)
        if kind != "ws":
            tokens.append(Token(kind, text, pos))
        pos = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


def number_value(text: str) -> int | float:
    """A number token's value (digits only: the grammar has no exponent or sign)."""
    whole = text.split(".")[0]
    if len(whole) > 20:  # past the bound anyway; int() of a huge digit string is slow
        return 10**20
    return float(text) if "." in text else int(text)


def unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
