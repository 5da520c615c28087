"""Stage 2: tokens -> syntax tree.

A small hand-written parser (not Python's ``ast``: the grammar is tiny, every
error gets a column and words a clinician understands, ``true``/``false`` are
literals, and nothing of Python's larger grammar leaks in). Each precedence
level collects its whole chain of operators in a loop into one flat node, so
recursion happens only at parentheses, lists, calls and unary operators, and
``nest`` refuses more than MAX_DEPTH of those with a located error.
"""

from __future__ import annotations

from screening.engine.expressions.tokens import MAX_DEPTH, ExpressionError, Token, number_value, tokenize, unquote
from screening.engine.expressions.tree import Arithmetic, Binary, Call, ListLiteral, Literal, Logic, Name, Node, Unary

_COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


class Parser:
    def __init__(self, source: str):
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
        return self._logic("or", self.parse_and)

    def parse_and(self) -> Node:
        return self._logic("and", self.parse_not)

    def _logic(self, word: str, operand: "callable") -> Node:  # type: ignore[valid-type]
        first = operand()
        if not self.at_keyword(word):
            return first
        pos = self.token.pos
        operands = [first]
        while self.at_keyword(word):
            self.advance()
            operands.append(operand())
        return Logic(pos, word, operands)

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
        following = self.tokens[self.index + 1] if self.index + 1 < len(self.tokens) else token
        if self.at_keyword("not") and following.kind == "name" and following.text == "in":
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
        if len(pairs) == 1:
            return pairs[0]
        return Logic(pairs[1].pos, "and", pairs)  # 0 <= x <= 10 means 0 <= x and x <= 10

    def parse_sum(self) -> Node:
        return self._arithmetic(("+", "-"), self.parse_term)

    def parse_term(self) -> Node:
        return self._arithmetic(("*", "/"), self.parse_unary)

    def _arithmetic(self, operators: tuple[str, str], operand: "callable") -> Node:  # type: ignore[valid-type]
        first = operand()
        token = self.token
        if not (token.kind == "op" and token.text in operators):
            return first
        operands, ops = [first], []
        while self.token.kind == "op" and self.token.text in operators:
            ops.append(self.advance().text)
            operands.append(operand())
        return Arithmetic(token.pos, operands, ops)

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
            return Literal(token.pos, number_value(token.text))
        if token.kind == "string":
            self.advance()
            return Literal(token.pos, unquote(token.text))
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
            items = self.parse_items("]")
            self.depth -= 1
            self.expect("]", f"to close the list opened at column {token.pos + 1}")
            return ListLiteral(token.pos, items)
        raise self.unexpected("expected a value (a name, a number, 'text', true, false or a list)")

    def parse_items(self, closing: str) -> list[Node]:
        items: list[Node] = []
        while not self.at("op", closing):
            items.append(self.parse_or())
            if not self.at("op", ","):
                break
            self.advance()
        return items

    def parse_call(self, name: Token) -> Node:
        open_paren = self.advance()
        self.nest(open_paren.pos)
        args = self.parse_items(")")
        self.depth -= 1
        self.expect(")", f"to close the call of {name.text}()")
        return Call(name.pos, name.text, args)


def parse(source: str) -> Node:
    return Parser(source).parse()
