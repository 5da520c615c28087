"""Stage 3b: the static checker. Gives every node a type and an evaluator.

Wrong names, unknown option ids and type mistakes become load-time errors
(every one found, each at its column), so a file that loads cannot fail
at run time. The checker recurses only as deep as the parser allowed
(MAX_DEPTH of nesting); the operands of a flat chain are visited in a loop.
"""

from __future__ import annotations

from typing import Any

from screening.engine.expressions import evaluators as ev
from screening.engine.expressions.evaluators import Evaluator
from screening.engine.expressions.tokens import FUNCTIONS, OUTCOME_ONLY, SEVERITIES, ExpressionError
from screening.engine.expressions.tree import Arithmetic, Binary, Call, ListLiteral, Literal, Logic, Name, Node, Unary
from screening.engine.expressions.types import ANY, BOOL, NUM, Scope, Symbol, Type
from screening.engine.dates import parse_iso_date
from screening.engine.suggest import did_you_mean


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
        return ANY, ev.constant(None)

    # Each visit returns (type, evaluator).
    def visit(self, node: Node) -> tuple[Type, Evaluator]:
        kind, evaluator = self._visit(node)
        self.evaluators[id(node)] = evaluator
        return kind, evaluator

    def _visit(self, node: Node) -> tuple[Type, Evaluator]:
        if isinstance(node, Literal):
            value = node.value
            if isinstance(value, bool):
                return BOOL, ev.constant(value)
            if isinstance(value, (int, float)):
                return NUM, ev.constant(value)
            return Type("str", items=(value,)), ev.constant(value)
        if isinstance(node, ListLiteral):
            return self.visit_list(node)
        if isinstance(node, Name):
            return self.visit_name(node)
        if isinstance(node, Call):
            return self.visit_call(node)
        if isinstance(node, Unary):
            return self.visit_unary(node)
        if isinstance(node, Logic):
            return self.visit_logic(node)
        if isinstance(node, Arithmetic):
            return self.visit_arithmetic(node)
        if isinstance(node, Binary):
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
        return Type("list", items=tuple(values)), ev.constant(frozenset(values))

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
            if any(name in symbol.options for symbol in self.scope.symbols.values()):
                # an option id written without quotes: `q != not_at_all`
                return self.error(node, f"'{name}' is an option, not a question or score: put it in quotes, '{name}'", name)
            return self.error(node, f"unknown name '{name}'{did_you_mean(name, self.scope.symbols)}", name)
        if symbol.kind == "question" and symbol.question_type == "note":
            return self.error(node, f"'{name}' is a note; it has no answer", name)
        self.references.append((name, node.pos))
        if symbol.kind == "score":
            return NUM, ev.score(name)
        return symbol.type(), ev.answer(name)

    def visit_unary(self, node: Unary) -> tuple[Type, Evaluator]:
        kind, operand = self.visit(node.operand)
        if node.op == "not":
            if kind.kind not in ("bool", "any"):
                return self.error(node, f"'not' needs a condition, not {kind.describe()}")
            return BOOL, ev.negation(operand)
        if not self.numeric(node.operand, kind):
            return ANY, ev.constant(None)
        return NUM, (ev.minus(operand) if node.op == "-" else ev.as_number(operand))

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

    def visit_logic(self, node: Logic) -> tuple[Type, Evaluator]:
        evaluators = []
        for side in node.operands:
            kind, evaluator = self.visit(side)
            evaluators.append(evaluator)
            if kind.kind not in ("bool", "any"):
                example = ""
                if kind.kind == "num":
                    example = " (for example: score >= 3)"
                elif kind.kind == "choice":
                    example = f" (for example: {kind.question} == 'yes')"
                self.error(side, f"'{node.op}' needs a condition on each side, not {kind.describe()}{example}")
        return BOOL, (ev.all_of(evaluators) if node.op == "and" else ev.any_of(evaluators))

    def visit_arithmetic(self, node: Arithmetic) -> tuple[Type, Evaluator]:
        ok = True
        evaluators = []
        for operand in node.operands:
            kind, evaluator = self.visit(operand)
            ok = self.numeric(operand, kind) and ok
            evaluators.append(evaluator)
        if not ok:
            return ANY, ev.constant(None)
        return NUM, ev.arithmetic(node.ops, evaluators)

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
            return BOOL, ev.constant(False)
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
                    return BOOL, ev.compare(op, left, right)
                if other.kind == "num":
                    self.check_option(other_node, mine.question or "", _literal_value(other_node))
                    return ANY, ev.constant(False)
                if other.kind == "choice":
                    return BOOL, ev.compare(op, left, right)
                return self.error(node, f"cannot compare {mine.describe()} with {other.describe()}")
        if "date" in kinds:
            return self.compare_dates(node, left_type, left, right_type, right)
        numeric = {"num", "bool"}
        if left_type.kind in numeric and right_type.kind in numeric:
            return BOOL, ev.compare(op, left, right)
        texts = {"str", "text"}
        if left_type.kind in texts and right_type.kind in texts:
            if op not in ("==", "!="):
                return self.error(node, f"'{op}' cannot order texts; use == or !=")
            return BOOL, ev.compare(op, left, right)
        return self.error(node, f"cannot compare {left_type.describe()} with {right_type.describe()}")

    def compare_dates(self, node: Binary, left_type: Type, left: Evaluator, right_type: Type, right: Evaluator) -> tuple[Type, Evaluator]:
        sides = []
        for kind, evaluator, side in ((left_type, left, node.left), (right_type, right, node.right)):
            if kind.kind == "date":
                sides.append(evaluator)
            elif kind.kind == "str":
                text = kind.items[0]
                if text == "today":
                    sides.append(ev.today)
                else:
                    try:
                        sides.append(ev.constant(parse_iso_date(text)))
                    except ValueError as exc:
                        return self.error(side, f"{exc} (or 'today')", f"'{text}'")
            else:
                return self.error(side, f"a date can only be compared with a date ('YYYY-MM-DD' or 'today'), not {kind.describe()}")
        return BOOL, ev.compare(node.op, sides[0], sides[1])

    def visit_membership(self, node: Binary) -> tuple[Type, Evaluator]:
        left_type, left = self.visit(node.left)
        right_type, right = self.visit(node.right)
        negate = node.op == "not in"
        if "any" in (left_type.kind, right_type.kind):
            return BOOL, ev.constant(False)
        if right_type.kind == "set":
            question = right_type.question or ""
            if left_type.kind != "str":
                return self.error(node.left, f"write an option id in quotes before '{node.op} {question}', e.g. 'x' {node.op} {question}")
            self.check_option(node.left, question, left_type.items[0])
            return BOOL, ev.member(left, right, negate)
        if right_type.kind == "list":
            if left_type.kind == "choice":
                for item, value in zip(_list_items(node.right), right_type.items):
                    self.check_option(item, left_type.question or "", value)
                return BOOL, ev.member(left, right, negate)
            if left_type.kind in ("num", "bool"):
                if any(isinstance(v, str) for v in right_type.items):
                    return self.error(node.right, "a number cannot be in a list of texts")
                return BOOL, ev.member(left, right, negate)
            if left_type.kind in ("str", "text"):
                if any(not isinstance(v, str) for v in right_type.items):
                    return self.error(node.right, "a text cannot be in a list of numbers")
                return BOOL, ev.member(left, right, negate)
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
                return ANY, ev.constant(False)
            if symbol.question_type == "note":
                return self.error(call.args[0], f"'{symbol.name}' is a note; it is never answered", symbol.name)
            return BOOL, ev.answered(symbol.name)
        if name == "count":
            symbol = self.question_argument(call, 0, ("multi_choice",), "a multi-choice question")
            if symbol is None:
                return ANY, ev.constant(None)
            options = self.string_arguments(call, 1)
            if options is None:
                return ANY, ev.constant(None)
            for node, option in options:
                self.check_option(node, symbol.name, option)
            if options:
                return NUM, ev.count_of(symbol.name, frozenset(o for _, o in options))
            return NUM, ev.count(symbol.name, symbol.exclusive)
        if name == "value":
            if len(call.args) != 1:
                return self.error(call, "value() takes one question", name)
            symbol = self.question_argument(call, 0, ("single_choice",), "a single-choice question")
            if symbol is None:
                return ANY, ev.constant(None)
            if symbol.values is None:
                return self.error(call.args[0], f"value({symbol.name}) needs a 'value' on every option of '{symbol.name}'", symbol.name)
            return NUM, ev.option_value(symbol.name, symbol.values)
        if name in ("sum", "mean", "min", "max"):
            if not call.args:
                return self.error(call, f"{name}() needs at least one value", name)
            evaluators = []
            for arg in call.args:
                kind, evaluator = self.visit(arg)
                if not self.numeric(arg, kind):
                    return ANY, ev.constant(None)
                evaluators.append(evaluator)
            return NUM, ev.aggregate(name, evaluators)
        if name == "flagged":
            options = self.string_arguments(call, 0)
            if options is None or len(options) != 1:
                return self.error(call, "flagged() takes one flag id in quotes, like flagged('pregnancy')", name)
            node, flag = options[0]
            if flag not in self.scope.flags:
                return self.error(node, f"unknown flag '{flag}'{did_you_mean(flag, self.scope.flags)}", f"'{flag}'")
            self.flag_references.append((flag, node.pos))
            return BOOL, ev.flagged(flag)
        # any_flag
        options = self.string_arguments(call, 0)
        if options is None or len(options) != 1:
            return self.error(call, "any_flag() takes one severity in quotes: 'urgent', 'review' or 'info'", name)
        node, severity = options[0]
        if severity not in SEVERITIES:
            return self.error(node, f"unknown severity '{severity}'{did_you_mean(severity, SEVERITIES)}; use 'urgent', 'review' or 'info'", f"'{severity}'")
        return BOOL, ev.any_flag(severity)


def _literal_value(node: Node) -> Any:
    return node.value if isinstance(node, Literal) else None


def _list_items(node: Node) -> list[Node]:
    return node.items if isinstance(node, ListLiteral) else []


