"""The expression language of ``show_if``, ``when`` and scores.

Parsed once when a file loads, by a small hand-written tokenizer and
recursive-descent parser (not Python's ``ast``: the grammar is tiny, every
error gets a column and words a clinician understands, ``true``/``false`` are
literals, and nothing of Python's larger grammar leaks in). The checker gives
every node a type, so that wrong names, unknown option ids and type mistakes
are load-time errors; the compiler turns the tree into nested closures. No
``eval``, no ``exec``.

Missing answers: a hidden or unanswered question has no value. A comparison
with no value is false (``==``, ``!=``, ``in`` and ``not in`` alike),
arithmetic with it gives no value, ``answered(q)`` is false, ``count(q)`` is 0,
and ``sum``/``mean``/``min``/``max`` leave out arguments with no value (no
value when none is left). Division by zero gives no value.
"""

from __future__ import annotations

import datetime as _dt
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from screening.engine.suggest import did_you_mean

MAX_LENGTH = 1000
MAX_DEPTH = 30

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false"})
FUNCTIONS = frozenset({"answered", "count", "value", "sum", "mean", "min", "max", "flagged", "any_flag"})
RESERVED = KEYWORDS | FUNCTIONS
OUTCOME_ONLY = frozenset({"flagged", "any_flag"})
SEVERITIES = ("urgent", "review", "info")

Evaluator = Callable[["Environment"], Any]


class Environment:
    """What an expression reads: answers of visible questions, scores, raised flags."""

    __slots__ = ("answers", "scores", "flags", "severities", "today")

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


class ExpressionError(Exception):
    def __init__(self, offset: int, message: str, token: str = ""):
        super().__init__(message)
        self.offset = offset
        self.message = message
        self.token = token


# ---------------------------------------------------------------- tokens

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


@dataclass(frozen=True)
class Token:
    kind: str  # number, string, name, op, end
    text: str
    pos: int


def tokenize(source: str) -> list[Token]:
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
        if kind != "ws":
            tokens.append(Token(kind, text, pos))
        pos = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


# ---------------------------------------------------------------- syntax tree


@dataclass
class Node:
    pos: int


@dataclass
class Literal(Node):
    value: Any  # int, float, str or bool


@dataclass
class ListLiteral(Node):
    items: list[Node]


@dataclass
class Name(Node):
    name: str


@dataclass
class Call(Node):
    function: str
    args: list[Node]


@dataclass
class Unary(Node):
    op: str  # '-', '+', 'not'
    operand: Node


@dataclass
class Binary(Node):
    op: str  # + - * / == != < <= > >= in 'not in' and or
    left: Node
    right: Node


_COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


class Parser:
    def __init__(self, source: str):
        if len(source) > MAX_LENGTH:
            raise ExpressionError(0, f"the expression is {len(source)} characters long; the limit is {MAX_LENGTH}")
        self.source = source
        self.tokens = tokenize(source)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at(self, kind: str, text: str | None = None) -> bool:
        token = self.token
        return token.kind == kind and (text is None or token.text == text)

    def at_keyword(self, word: str) -> bool:
        return self.token.kind == "name" and self.token.text == word

    def expect(self, text: str, context: str) -> Token:
        if self.at("op", text):
            return self.advance()
        raise self.unexpected(f"expected '{text}' {context}")

    def unexpected(self, expected: str) -> ExpressionError:
        token = self.token
        if token.kind == "end":
            return ExpressionError(token.pos, f"the expression ends too soon: {expected}")
        return ExpressionError(token.pos, f"unexpected '{token.text}': {expected}", token.text)

    def nest(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(pos, f"the expression is nested more than {MAX_DEPTH} levels deep; simplify it")

    def parse(self) -> Node:
        if self.token.kind == "end":
            raise ExpressionError(0, "the expression is empty")
        node = self.parse_or()
        if self.token.kind != "end":
            token = self.token
            hint = ""
            if token.kind in ("name", "number", "string"):
                hint = ": is an 'and', 'or' or an operator missing before it?"
            raise ExpressionError(token.pos, f"unexpected '{token.text}'{hint}", token.text)
        return node

    def parse_or(self) -> Node:
        left = self.parse_and()
        while self.at_keyword("or"):
            token = self.advance()
            left = Binary(token.pos, "or", left, self.parse_and())
        return left

    def parse_and(self) -> Node:
        left = self.parse_not()
        while self.at_keyword("and"):
            token = self.advance()
            left = Binary(token.pos, "and", left, self.parse_not())
        return left

    def parse_not(self) -> Node:
        if self.at_keyword("not"):
            token = self.advance()
            self.nest(token.pos)
            operand = self.parse_not()
            self.depth -= 1
            return Unary(token.pos, "not", operand)
        return self.parse_comparison()

    def comparison_operator(self) -> str | None:
        token = self.token
        if token.kind == "op" and token.text in _COMPARISONS:
            return token.text
        if self.at_keyword("in"):
            return "in"
        if self.at_keyword("not") and self.tokens[self.index + 1].kind == "name" and self.tokens[self.index + 1].text == "in":
            return "not in"
        return None

    def parse_comparison(self) -> Node:
        left = self.parse_sum()
        pairs: list[Node] = []
        while (op := self.comparison_operator()) is not None:
            token = self.advance()
            if op == "not in":
                self.advance()
            right = self.parse_sum()
            pairs.append(Binary(token.pos, op, left, right))
            left = right
        if not pairs:
            return left
        node = pairs[0]
        for pair in pairs[1:]:  # 0 <= x <= 10 means 0 <= x and x <= 10
            node = Binary(pair.pos, "and", node, pair)
        return node

    def parse_sum(self) -> Node:
        left = self.parse_term()
        while self.at("op", "+") or self.at("op", "-"):
            token = self.advance()
            left = Binary(token.pos, token.text, left, self.parse_term())
        return left

    def parse_term(self) -> Node:
        left = self.parse_unary()
        while self.at("op", "*") or self.at("op", "/"):
            token = self.advance()
            left = Binary(token.pos, token.text, left, self.parse_unary())
        return left

    def parse_unary(self) -> Node:
        if self.at("op", "-") or self.at("op", "+"):
            token = self.advance()
            self.nest(token.pos)
            operand = self.parse_unary()
            self.depth -= 1
            return Unary(token.pos, token.text, operand)
        return self.parse_atom()

    def parse_atom(self) -> Node:
        token = self.token
        if token.kind == "number":
            self.advance()
            return Literal(token.pos, float(token.text) if "." in token.text else int(token.text))
        if token.kind == "string":
            self.advance()
            return Literal(token.pos, _unquote(token.text))
        if token.kind == "name":
            word = token.text
            if word in ("true", "false"):
                self.advance()
                return Literal(token.pos, word == "true")
            if word in ("and", "or", "in"):
                raise self.unexpected("expected a value before it")
            if word == "not":  # only reachable inside arithmetic, e.g. 1 + not x
                raise self.unexpected("put 'not ...' in parentheses here")
            self.advance()
            if self.at("op", "("):
                return self.parse_call(token)
            return Name(token.pos, word)
        if token.kind == "op" and token.text == "(":
            self.advance()
            self.nest(token.pos)
            node = self.parse_or()
            self.depth -= 1
            self.expect(")", f"to close the '(' at column {token.pos + 1}")
            return node
        if token.kind == "op" and token.text == "[":
            self.advance()
            self.nest(token.pos)
            items: list[Node] = []
            while not self.at("op", "]"):
                items.append(self.parse_or())
                if not self.at("op", ","):
                    break
                self.advance()
            self.depth -= 1
            self.expect("]", f"to close the list opened at column {token.pos + 1}")
            return ListLiteral(token.pos, items)
        raise self.unexpected("expected a value (a name, a number, 'text', true, false or a list)")

    def parse_call(self, name: Token) -> Node:
        open_paren = self.advance()
        self.nest(open_paren.pos)
        args: list[Node] = []
        while not self.at("op", ")"):
            args.append(self.parse_or())
            if not self.at("op", ","):
                break
            self.advance()
        self.depth -= 1
        self.expect(")", f"to close the call of {name.text}()")
        return Call(name.pos, name.text, args)


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def parse(source: str) -> Node:
    return Parser(source).parse()


# ---------------------------------------------------------------- types and symbols


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


@dataclass
class Compiled:
    """A checked, compiled expression and the names it reads."""

    source: str
    evaluate: Evaluator
    type: Type
    references: list[tuple[str, int]]  # (name, offset) of every name read
    flag_references: list[tuple[str, int]]
    tree: Node | None = None
    evaluators: dict[int, Evaluator] = field(default_factory=dict, repr=False)

    @property
    def names(self) -> set[str]:
        return {name for name, _ in self.references}

    def explain(self, env: "Environment") -> list[str]:
        """The names behind a true condition: only the true sides of an 'or'."""
        if self.tree is None:  # pragma: no cover - always set by check_expression
            return [name for name, _ in self.references]
        found: list[str] = []
        self._explain(self.tree, env, found)
        known = {name for name, _ in self.references}
        return [name for name in dict.fromkeys(found) if name in known]

    def _explain(self, node: Node, env: "Environment", found: list[str]) -> None:
        if isinstance(node, Binary) and node.op == "or":
            sides = [side for side in (node.left, node.right) if self.evaluators[id(side)](env)]
            for side in sides or [node.left, node.right]:
                self._explain(side, env, found)
            return
        for child in _children(node):
            self._explain(child, env, found)
        if isinstance(node, Name):
            found.append(node.name)


class Checker:
    """Types and compiles one expression, collecting every error it finds."""

    def __init__(self, source: str, scope: Scope):
        self.source = source
        self.scope = scope
        self.evaluators: dict[int, Evaluator] = {}  # id(node) -> its evaluator, for explain()
        self.errors: list[ExpressionError] = []
        self.references: list[tuple[str, int]] = []
        self.flag_references: list[tuple[str, int]] = []

    def error(self, node: Node, message: str, token: str = "") -> tuple[Type, Evaluator]:
        self.errors.append(ExpressionError(node.pos, message, token))
        return ANY, _constant(None)

    # Each visit returns (type, evaluator).
    def visit(self, node: Node) -> tuple[Type, Evaluator]:
        kind, evaluator = self._visit(node)
        self.evaluators[id(node)] = evaluator
        return kind, evaluator

    def _visit(self, node: Node) -> tuple[Type, Evaluator]:
        if isinstance(node, Literal):
            value = node.value
            if isinstance(value, bool):
                return BOOL, _constant(value)
            if isinstance(value, (int, float)):
                return NUM, _constant(value)
            return Type("str", items=(value,)), _constant(value)
        if isinstance(node, ListLiteral):
            return self.visit_list(node)
        if isinstance(node, Name):
            return self.visit_name(node)
        if isinstance(node, Call):
            return self.visit_call(node)
        if isinstance(node, Unary):
            return self.visit_unary(node)
        if isinstance(node, Binary):
            if node.op in ("and", "or"):
                return self.visit_logic(node)
            if node.op in ("+", "-", "*", "/"):
                return self.visit_arithmetic(node)
            if node.op in ("in", "not in"):
                return self.visit_membership(node)
            return self.visit_comparison(node)
        raise AssertionError(node)  # pragma: no cover

    def visit_list(self, node: ListLiteral) -> tuple[Type, Evaluator]:
        values = []
        for item in node.items:
            if not isinstance(item, Literal) or isinstance(item.value, bool):
                return self.error(item, "a list may hold only texts like 'a' and numbers")
            values.append(item.value)
        kinds = {type(v) is str for v in values}
        if len(kinds) > 1:
            return self.error(node, "a list must hold only texts or only numbers, not both")
        return Type("list", items=tuple(values)), _constant(frozenset(values))

    def visit_name(self, node: Name) -> tuple[Type, Evaluator]:
        name = node.name
        symbol = self.scope.symbols.get(name)
        if symbol is None:
            if name in ("True", "False"):
                return self.error(node, f"write '{name.lower()}' in lower case", name)
            if name in FUNCTIONS:
                return self.error(node, f"{name} is a function: write {name}(...)", name)
            if name == "none" or name == "None":
                return self.error(node, "there is no 'none' value; use answered(q) to test for an answer", name)
            return self.error(node, f"unknown name '{name}'{did_you_mean(name, self.scope.symbols)}", name)
        if symbol.kind == "question" and symbol.question_type == "note":
            return self.error(node, f"'{name}' is a note; it has no answer", name)
        self.references.append((name, node.pos))
        if symbol.kind == "score":
            return NUM, _score(name)
        return symbol.type(), _answer(name)

    def visit_unary(self, node: Unary) -> tuple[Type, Evaluator]:
        kind, operand = self.visit(node.operand)
        if node.op == "not":
            if kind.kind not in ("bool", "any"):
                return self.error(node, f"'not' needs a condition, not {kind.describe()}")
            return BOOL, _not(operand)
        if not self.numeric(node.operand, kind):
            return ANY, _constant(None)
        return NUM, (_negate(operand) if node.op == "-" else _as_number(operand))

    def numeric(self, node: Node, kind: Type) -> bool:
        """True when a value can take part in arithmetic; else reports why not."""
        if kind.kind in ("num", "bool", "any"):
            return True
        if kind.kind == "choice":
            symbol = self.scope.symbols[kind.question or ""]
            if symbol.question_type == "single_choice":
                hint = f"use value({kind.question}) for the number of the chosen option"
            else:
                hint = f"compare it, e.g. ({kind.question} == 'yes'), which counts 1 when true"
            self.error(node, f"'{kind.question}' is a choice, not a number: {hint}", kind.question or "")
            return False
        if kind.kind == "set":
            self.error(
                node,
                f"'{kind.question}' is a list of ticked options, not a number: use count({kind.question})",
                kind.question or "",
            )
            return False
        self.error(node, f"expected a number here, not {kind.describe()}")
        return False

    def visit_logic(self, node: Binary) -> tuple[Type, Evaluator]:
        left_type, left = self.visit(node.left)
        right_type, right = self.visit(node.right)
        for side, kind in ((node.left, left_type), (node.right, right_type)):
            if kind.kind not in ("bool", "any"):
                example = ""
                if kind.kind == "num":
                    example = " (for example: score >= 3)"
                elif kind.kind == "choice":
                    example = f" (for example: {kind.question} == 'yes')"
                self.error(side, f"'{node.op}' needs a condition on each side, not {kind.describe()}{example}")
        return BOOL, (_and(left, right) if node.op == "and" else _or(left, right))

    def visit_arithmetic(self, node: Binary) -> tuple[Type, Evaluator]:
        left_type, left = self.visit(node.left)
        right_type, right = self.visit(node.right)
        ok = self.numeric(node.left, left_type) & self.numeric(node.right, right_type)
        if not ok:
            return ANY, _constant(None)
        return NUM, _arithmetic(node.op, left, right)

    def check_option(self, node: Node, question: str, option: Any) -> None:
        symbol = self.scope.symbols[question]
        if not isinstance(option, str):
            self.error(
                node,
                f"'{question}' is a choice; compare it with an option id in quotes, not the number {option}"
                + (f" (or use value({question}))" if symbol.question_type == "single_choice" else ""),
            )
        elif option not in symbol.options:
            choices = ", ".join(f"'{o}'" for o in symbol.options)
            self.error(
                node,
                f"'{question}' has no option '{option}'{did_you_mean(option, symbol.options)}; its options are {choices}",
                f"'{option}'",
            )

    def visit_comparison(self, node: Binary) -> tuple[Type, Evaluator]:
        left_type, left = self.visit(node.left)
        right_type, right = self.visit(node.right)
        op = node.op
        kinds = {left_type.kind, right_type.kind}
        if "any" in kinds:
            return BOOL, _constant(False)
        if "set" in kinds:
            question = left_type.question or right_type.question
            return self.error(
                node,
                f"'{question}' can have several options ticked: test one with 'option' in {question}, "
                f"or count them with count({question})",
            )
        if "list" in kinds:
            return self.error(node, f"a list can only follow 'in' or 'not in', not '{op}'")
        # a choice against a literal: the literal must be one of its options
        for mine, other, other_node in ((left_type, right_type, node.right), (right_type, left_type, node.left)):
            if mine.kind == "choice":
                if op not in ("==", "!="):
                    hint = f"; use value({mine.question}) to compare numbers" if self.scope.symbols[mine.question or ""].question_type == "single_choice" else ""
                    return self.error(node, f"'{op}' cannot order the choices of '{mine.question}'{hint}")
                if other.kind == "str":
                    self.check_option(other_node, mine.question or "", other.items[0])
                    return BOOL, _compare(op, left, right)
                if other.kind == "num":
                    self.check_option(other_node, mine.question or "", _literal_value(other_node))
                    return ANY, _constant(False)
                if other.kind == "choice":
                    return BOOL, _compare(op, left, right)
                return self.error(node, f"cannot compare {mine.describe()} with {other.describe()}")
        if "date" in kinds:
            return self.compare_dates(node, left_type, left, right_type, right)
        numeric = {"num", "bool"}
        if left_type.kind in numeric and right_type.kind in numeric:
            return BOOL, _compare(op, left, right)
        texts = {"str", "text"}
        if left_type.kind in texts and right_type.kind in texts:
            if op not in ("==", "!="):
                return self.error(node, f"'{op}' cannot order texts; use == or !=")
            return BOOL, _compare(op, left, right)
        return self.error(node, f"cannot compare {left_type.describe()} with {right_type.describe()}")

    def compare_dates(self, node: Binary, left_type: Type, left: Evaluator, right_type: Type, right: Evaluator) -> tuple[Type, Evaluator]:
        sides = []
        for kind, evaluator, side in ((left_type, left, node.left), (right_type, right, node.right)):
            if kind.kind == "date":
                sides.append(evaluator)
            elif kind.kind == "str":
                text = kind.items[0]
                if text == "today":
                    sides.append(_today)
                else:
                    try:
                        sides.append(_constant(_dt.date.fromisoformat(text)))
                    except ValueError:
                        return self.error(side, f"'{text}' is not a date: write 'YYYY-MM-DD' or 'today'", f"'{text}'")
            else:
                return self.error(side, f"a date can only be compared with a date ('YYYY-MM-DD' or 'today'), not {kind.describe()}")
        return BOOL, _compare(node.op, sides[0], sides[1])

    def visit_membership(self, node: Binary) -> tuple[Type, Evaluator]:
        left_type, left = self.visit(node.left)
        right_type, right = self.visit(node.right)
        negate = node.op == "not in"
        if "any" in (left_type.kind, right_type.kind):
            return BOOL, _constant(False)
        if right_type.kind == "set":
            question = right_type.question or ""
            if left_type.kind != "str":
                return self.error(node.left, f"write an option id in quotes before '{node.op} {question}', e.g. 'x' {node.op} {question}")
            self.check_option(node.left, question, left_type.items[0])
            return BOOL, _member(left, right, negate)
        if right_type.kind == "list":
            if left_type.kind == "choice":
                for item, value in zip(_list_items(node.right), right_type.items):
                    self.check_option(item, left_type.question or "", value)
                return BOOL, _member(left, right, negate)
            if left_type.kind in ("num", "bool"):
                if any(isinstance(v, str) for v in right_type.items):
                    return self.error(node.right, "a number cannot be in a list of texts")
                return BOOL, _member(left, right, negate)
            if left_type.kind in ("str", "text"):
                if any(not isinstance(v, str) for v in right_type.items):
                    return self.error(node.right, "a text cannot be in a list of numbers")
                return BOOL, _member(left, right, negate)
            return self.error(node.left, f"{left_type.describe()} cannot be looked up in a list")
        if right_type.kind == "choice":
            return self.error(node, f"'{right_type.question}' has one answer: write {right_type.question} == 'option'")
        return self.error(node.right, f"'{node.op}' needs a multi-choice question or a list on its right, not {right_type.describe()}")

    def question_argument(self, call: Call, index: int, types: tuple[str, ...], what: str) -> Symbol | None:
        if len(call.args) <= index:
            self.error(call, f"{call.function}() needs {what}", call.function)
            return None
        arg = call.args[index]
        if not isinstance(arg, Name):
            self.error(arg, f"{call.function}() needs {what}, written as its id without quotes")
            return None
        symbol = self.scope.symbols.get(arg.name)
        if symbol is None:
            self.error(arg, f"unknown question '{arg.name}'{did_you_mean(arg.name, self.scope.symbols)}", arg.name)
            return None
        if symbol.kind != "question" or (types and symbol.question_type not in types):
            self.error(arg, f"{call.function}() needs {what}; '{arg.name}' is {'a score' if symbol.kind == 'score' else 'a ' + str(symbol.question_type) + ' question'}", arg.name)
            return None
        self.references.append((arg.name, arg.pos))
        return symbol

    def string_arguments(self, call: Call, start: int) -> list[tuple[Node, str]] | None:
        found = []
        for arg in call.args[start:]:
            if not isinstance(arg, Literal) or not isinstance(arg.value, str):
                self.error(arg, f"{call.function}() takes ids in quotes here, like 'crps'")
                return None
            found.append((arg, arg.value))
        return found

    def visit_call(self, call: Call) -> tuple[Type, Evaluator]:
        name = call.function
        if name not in FUNCTIONS:
            return self.error(call, f"unknown function '{name}'{did_you_mean(name, FUNCTIONS)}", name)
        if name in OUTCOME_ONLY and not self.scope.in_outcome:
            return self.error(call, f"{name}() can only be used in an outcome's 'when'", name)
        if name == "answered":
            if len(call.args) != 1:
                return self.error(call, "answered() takes one question", name)
            symbol = self.question_argument(call, 0, (), "a question")
            if symbol is None:
                return ANY, _constant(False)
            if symbol.question_type == "note":
                return self.error(call.args[0], f"'{symbol.name}' is a note; it is never answered", symbol.name)
            return BOOL, _answered(symbol.name)
        if name == "count":
            symbol = self.question_argument(call, 0, ("multi_choice",), "a multi-choice question")
            if symbol is None:
                return ANY, _constant(None)
            options = self.string_arguments(call, 1)
            if options is None:
                return ANY, _constant(None)
            for node, option in options:
                self.check_option(node, symbol.name, option)
            if options:
                return NUM, _count_of(symbol.name, frozenset(o for _, o in options))
            return NUM, _count(symbol.name, symbol.exclusive)
        if name == "value":
            if len(call.args) != 1:
                return self.error(call, "value() takes one question", name)
            symbol = self.question_argument(call, 0, ("single_choice",), "a single-choice question")
            if symbol is None:
                return ANY, _constant(None)
            if symbol.values is None:
                return self.error(call.args[0], f"value({symbol.name}) needs a 'value' on every option of '{symbol.name}'", symbol.name)
            return NUM, _option_value(symbol.name, symbol.values)
        if name in ("sum", "mean", "min", "max"):
            if not call.args:
                return self.error(call, f"{name}() needs at least one value", name)
            evaluators = []
            for arg in call.args:
                kind, evaluator = self.visit(arg)
                if not self.numeric(arg, kind):
                    return ANY, _constant(None)
                evaluators.append(evaluator)
            return NUM, _aggregate(name, evaluators)
        if name == "flagged":
            options = self.string_arguments(call, 0)
            if options is None or len(options) != 1:
                return self.error(call, "flagged() takes one flag id in quotes, like flagged('pregnancy')", name)
            node, flag = options[0]
            if flag not in self.scope.flags:
                return self.error(node, f"unknown flag '{flag}'{did_you_mean(flag, self.scope.flags)}", f"'{flag}'")
            self.flag_references.append((flag, node.pos))
            return BOOL, _flagged(flag)
        # any_flag
        options = self.string_arguments(call, 0)
        if options is None or len(options) != 1:
            return self.error(call, "any_flag() takes one severity in quotes: 'urgent', 'review' or 'info'", name)
        node, severity = options[0]
        if severity not in SEVERITIES:
            return self.error(node, f"unknown severity '{severity}'{did_you_mean(severity, SEVERITIES)}; use 'urgent', 'review' or 'info'", f"'{severity}'")
        return BOOL, _any_flag(severity)


def _children(node: Node) -> list[Node]:
    if isinstance(node, Binary):
        return [node.left, node.right]
    if isinstance(node, Unary):
        return [node.operand]
    if isinstance(node, (Call,)):
        return list(node.args)
    if isinstance(node, ListLiteral):
        return list(node.items)
    return []


def _literal_value(node: Node) -> Any:
    return node.value if isinstance(node, Literal) else None


def _list_items(node: Node) -> list[Node]:
    return node.items if isinstance(node, ListLiteral) else []


def compile_expression(source: str, scope: Scope, want: str) -> Compiled:
    """Parse, check and compile. ``want`` is "condition" or "number".

    Raises ExpressionError (the first problem) or returns the compiled form;
    use :func:`check_expression` to get every problem.
    """
    compiled, errors = check_expression(source, scope, want)
    if errors:
        raise errors[0]
    assert compiled is not None
    return compiled


def check_expression(source: str, scope: Scope, want: str) -> tuple[Compiled | None, list[ExpressionError]]:
    if not isinstance(source, str):  # pragma: no cover - the structure check comes first
        return None, [ExpressionError(0, "an expression must be text")]
    try:
        tree = parse(source)
    except ExpressionError as exc:
        return None, [exc]
    checker = Checker(source, scope)
    kind, evaluator = checker.visit(tree)
    if not checker.errors:
        if want == "condition" and kind.kind != "bool":
            example = " (for example: score >= 3)" if kind.kind == "num" else ""
            checker.errors.append(ExpressionError(0, f"a condition is needed here, not {kind.describe()}{example}"))
        elif want == "number" and kind.kind not in ("num", "bool"):
            checker.errors.append(ExpressionError(0, f"a score must be a number, not {kind.describe()}"))
    if checker.errors:
        return None, checker.errors
    if want == "number" and kind.kind == "bool":
        evaluator = _as_number(evaluator)
    compiled = Compiled(source, evaluator, kind, checker.references, checker.flag_references, tree, checker.evaluators)
    return compiled, []


# ---------------------------------------------------------------- evaluators


def _constant(value: Any) -> Evaluator:
    return lambda env: value


def _today(env: Environment) -> _dt.date:
    return env.today


def _answer(name: str) -> Evaluator:
    return lambda env: env.answers.get(name)


def _score(name: str) -> Evaluator:
    return lambda env: env.scores.get(name)


def _answered(name: str) -> Evaluator:
    return lambda env: env.answers.get(name) is not None


def _not(operand: Evaluator) -> Evaluator:
    return lambda env: not operand(env)


def _and(left: Evaluator, right: Evaluator) -> Evaluator:
    return lambda env: bool(left(env)) and bool(right(env))


def _or(left: Evaluator, right: Evaluator) -> Evaluator:
    return lambda env: bool(left(env)) or bool(right(env))


def _negate(operand: Evaluator) -> Evaluator:
    def evaluate(env: Environment) -> Any:
        value = operand(env)
        return None if value is None else -value

    return evaluate


def _as_number(operand: Evaluator) -> Evaluator:
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


def _binary(apply: Callable[[Any, Any], Any], left: Evaluator, right: Evaluator, missing: Any) -> Evaluator:
    """Apply an operator; ``missing`` when either side has no value."""

    def evaluate(env: Environment) -> Any:
        a = left(env)
        if a is None:
            return missing
        b = right(env)
        if b is None:
            return missing
        return apply(a, b)

    return evaluate


def _arithmetic(op: str, left: Evaluator, right: Evaluator) -> Evaluator:
    return _binary(_ARITHMETIC[op], left, right, None)


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _compare(op: str, left: Evaluator, right: Evaluator) -> Evaluator:
    return _binary(_COMPARE[op], left, right, False)


def _member(left: Evaluator, right: Evaluator, negate: bool) -> Evaluator:
    if negate:
        return _binary(lambda a, b: a not in b, left, right, False)
    return _binary(lambda a, b: a in b, left, right, False)


def _count(name: str, exclusive: frozenset[str]) -> Evaluator:
    def evaluate(env: Environment) -> int:
        chosen = env.answers.get(name)
        return len(chosen - exclusive) if chosen else 0

    return evaluate


def _count_of(name: str, options: frozenset[str]) -> Evaluator:
    def evaluate(env: Environment) -> int:
        chosen = env.answers.get(name)
        return len(chosen & options) if chosen else 0

    return evaluate


def _option_value(name: str, values: dict[str, float]) -> Evaluator:
    def evaluate(env: Environment) -> Any:
        chosen = env.answers.get(name)
        return None if chosen is None else values.get(chosen)

    return evaluate


def _aggregate(name: str, arguments: list[Evaluator]) -> Evaluator:
    def present(env: Environment) -> list[Any]:
        values = []
        for argument in arguments:
            value = argument(env)
            if value is not None:
                values.append(int(value) if isinstance(value, bool) else value)
        return values

    if name == "sum":
        return lambda env: sum(v) if (v := present(env)) else None
    if name == "mean":
        return lambda env: sum(v) / len(v) if (v := present(env)) else None
    if name == "min":
        return lambda env: min(v) if (v := present(env)) else None
    return lambda env: max(v) if (v := present(env)) else None


def _flagged(flag: str) -> Evaluator:
    return lambda env: flag in env.flags


def _any_flag(severity: str) -> Evaluator:
    return lambda env: severity in env.severities
