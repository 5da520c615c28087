"""The whole pipeline for one expression: parse, check, compile; and explain a result."""

from __future__ import annotations

from screening.engine.expressions import evaluators as ev
from screening.engine.expressions.checker import Checker
from screening.engine.expressions.evaluators import Environment, Evaluator
from screening.engine.expressions.parser import parse
from screening.engine.expressions.tokens import ExpressionError
from screening.engine.expressions.tree import Logic, Name, Node, children
from screening.engine.expressions.types import Scope, Type


class Compiled:
    """A checked, compiled expression and the names it reads.

    A plain class, not a dataclass (start-up time: see expressions/types.py)."""

    __slots__ = ("source", "evaluate", "type", "references", "flag_references", "tree", "evaluators", "_fixed", "_names")

    def __init__(
        self,
        source: str,
        evaluate: Evaluator,
        type: Type,
        references: list[tuple[str, int]],  # (name, offset) of every name read
        flag_references: list[tuple[str, int]],
        tree: Node | None = None,
        evaluators: dict[int, Evaluator] | None = None,
    ):
        self.source = source
        self.evaluate = evaluate
        self.type = type
        self.references = references
        self.flag_references = flag_references
        self.tree = tree
        self.evaluators = evaluators if evaluators is not None else {}
        self._fixed: bool | None = None  # True when explain() does not depend on the values
        self._names: list[str] = []

    def __repr__(self) -> str:
        return f"Compiled({self.source!r})"

    @property
    def names(self) -> set[str]:
        return {name for name, _ in self.references}

    def explain(self, env: Environment) -> list[str]:
        """The names behind a true condition: only the true sides of an 'or'."""
        if self.tree is None:  # pragma: no cover - always set by check_expression
            return [name for name, _ in self.references]
        if self._fixed is None:
            self._fixed = not any(isinstance(n, Logic) and n.op == "or" for n in _nodes(self.tree))
            if self._fixed:  # no 'or': the answer is the same whatever the values
                self._names = self._explained(env)
        if self._fixed:
            return list(self._names)
        return self._explained(env)

    def _explained(self, env: Environment) -> list[str]:
        found: list[str] = []
        self._explain(self.tree, env, found)
        known = {name for name, _ in self.references}
        return [name for name in dict.fromkeys(found) if name in known]

    def _explain(self, node: Node, env: Environment, found: list[str]) -> None:
        # Recursion as deep as the nesting only: chains are one node.
        if isinstance(node, Logic) and node.op == "or":
            sides = [side for side in node.operands if self.evaluators[id(side)](env)]
            for side in sides or node.operands:
                self._explain(side, env, found)
            return
        for child in children(node):
            self._explain(child, env, found)
        if isinstance(node, Name):
            found.append(node.name)


def _nodes(tree: Node) -> list[Node]:
    """Every node of a tree, by an explicit stack."""
    found, stack = [], [tree]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(children(node))
    return found


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
        evaluator = ev.as_number(evaluator)
    compiled = Compiled(source, evaluator, kind, checker.references, checker.flag_references, tree, checker.evaluators)
    return compiled, []
