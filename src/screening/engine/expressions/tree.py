"""The syntax tree, and printing it back as text.

Chains of one operator (``a + b - c``, ``x and y and z``) are single flat
nodes with a list of operands, so a 1,000-term sum is one node holding 1,000
children rather than a tree 1,000 levels deep: every stage walks it with a loop.
Only parentheses, lists, calls and unary operators nest, and the parser limits
that nesting (MAX_DEPTH).
"""

from __future__ import annotations

from typing import Any

from screening.engine.expressions.tokens import quote
from screening.engine.numbers import number_text


class Node:
    """A node of the tree. Plain classes with slots, not dataclasses: they are
    created at import of every command, and `validate` should start fast."""

    __slots__ = ("pos",)
    _fields: tuple[str, ...] = ("pos",)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and all(getattr(self, f) == getattr(other, f) for f in self._fields)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f}={getattr(self, f)!r}' for f in self._fields)})"


class Literal(Node):
    __slots__ = ("value",)
    _fields = ("pos", "value")

    def __init__(self, pos: int, value: Any):  # int, float, str or bool
        self.pos, self.value = pos, value


class ListLiteral(Node):
    __slots__ = ("items",)
    _fields = ("pos", "items")

    def __init__(self, pos: int, items: list[Node]):
        self.pos, self.items = pos, items


class Name(Node):
    __slots__ = ("name",)
    _fields = ("pos", "name")

    def __init__(self, pos: int, name: str):
        self.pos, self.name = pos, name


class Call(Node):
    __slots__ = ("function", "args")
    _fields = ("pos", "function", "args")

    def __init__(self, pos: int, function: str, args: list[Node]):
        self.pos, self.function, self.args = pos, function, args


class Unary(Node):
    __slots__ = ("op", "operand")
    _fields = ("pos", "op", "operand")

    def __init__(self, pos: int, op: str, operand: Node):  # op: '-', '+' or 'not'
        self.pos, self.op, self.operand = pos, op, operand


class Binary(Node):
    """One comparison or membership test: == != < <= > >= in 'not in'."""

    __slots__ = ("op", "left", "right")
    _fields = ("pos", "op", "left", "right")

    def __init__(self, pos: int, op: str, left: Node, right: Node):
        self.pos, self.op, self.left, self.right = pos, op, left, right


class Logic(Node):
    """``a and b and c`` or ``a or b or c``: two or more operands, one operator."""

    __slots__ = ("op", "operands")
    _fields = ("pos", "op", "operands")

    def __init__(self, pos: int, op: str, operands: list[Node]):  # op: 'and' or 'or'
        self.pos, self.op, self.operands = pos, op, operands


class Arithmetic(Node):
    """``a + b - c`` or ``a * b / c``, evaluated left to right.

    ``ops[i]`` stands between ``operands[i]`` and ``operands[i + 1]``; all of
    one precedence level (+ and -, or * and /)."""

    __slots__ = ("operands", "ops")
    _fields = ("pos", "operands", "ops")

    def __init__(self, pos: int, operands: list[Node], ops: list[str]):
        self.pos, self.operands, self.ops = pos, operands, ops


def children(node: Node) -> list[Node]:
    if isinstance(node, (Logic, Arithmetic)):
        return node.operands
    if isinstance(node, Binary):
        return [node.left, node.right]
    if isinstance(node, Unary):
        return [node.operand]
    if isinstance(node, Call):
        return node.args
    if isinstance(node, ListLiteral):
        return node.items
    return []


# Precedence, loosest first; a child printed inside a parent of higher
# precedence (or of the same, for chains) is put in parentheses.
_OR, _AND, _NOT, _COMPARE, _SUM, _PRODUCT, _UNARY, _ATOM = range(8)


def _precedence(node: Node) -> int:
    if isinstance(node, Logic):
        return _OR if node.op == "or" else _AND
    if isinstance(node, Unary):
        return _NOT if node.op == "not" else _UNARY
    if isinstance(node, Binary):
        return _COMPARE
    if isinstance(node, Arithmetic):
        return _SUM if node.ops[0] in "+-" else _PRODUCT
    return _ATOM


def unparse(node: Node) -> str:
    """The expression as text that parses back to the same tree (up to positions)."""
    if isinstance(node, Literal):
        value = node.value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            return quote(value)
        return number_text(value)
    if isinstance(node, Name):
        return node.name
    if isinstance(node, ListLiteral):
        return "[" + ", ".join(unparse(item) for item in node.items) + "]"
    if isinstance(node, Call):
        return node.function + "(" + ", ".join(unparse(arg) for arg in node.args) + ")"
    if isinstance(node, Unary):
        if node.op == "not":
            return "not " + _wrapped(node.operand, _NOT)
        return node.op + _wrapped(node.operand, _UNARY)
    if isinstance(node, Binary):
        return f"{_wrapped(node.left, _SUM)} {node.op} {_wrapped(node.right, _SUM)}"
    if isinstance(node, Logic):
        level = _precedence(node) + 1
        return f" {node.op} ".join(_wrapped(operand, level) for operand in node.operands)
    if isinstance(node, Arithmetic):
        level = _precedence(node) + 1
        parts = [_wrapped(node.operands[0], level)]
        for op, operand in zip(node.ops, node.operands[1:]):
            parts.append(f" {op} {_wrapped(operand, level)}")
        return "".join(parts)
    raise AssertionError(node)  # pragma: no cover


def _wrapped(node: Node, least: int) -> str:
    text = unparse(node)
    return text if _precedence(node) >= least else f"({text})"
