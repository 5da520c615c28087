"""Our expression language -> FHIRPath, with our semantics kept exactly.

Ours is two-valued: a comparison with an unanswered (or hidden, hence absent)
question is false, and 'and', 'or', 'not' only ever see true or false. FHIRPath
propagates the empty collection instead (``{} = 1`` is ``{}``, ``({}).not()`` is
``{}``), so every comparison is wrapped as ``iif(a op b, true, false)``, which
turns an empty result into false. Arithmetic with an empty side is empty in
both languages, and so is a division by zero. Aggregates use ``aggregate()``
so that "no value at all" stays empty (FHIRPath's ``sum()`` of nothing is 0).

Answers are read from the response being filled (``%resource``); an option's
``value`` is read from the Questionnaire's ``itemWeight`` of the chosen option
(``%questionnaire``), which is what SDC's ``weight()`` does, in plain FHIRPath
that engines without ``weight()`` also run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from screening.engine.expressions import Arithmetic, Binary, Call, Compiled, ListLiteral, Literal, Logic, Name, Node, Unary
from screening.engine.run.questionnaire import Questionnaire
from screening.interop.fhir import names

_WRAP_SUM = "aggregate(iif($total.exists(), $total + $this, $this))"
_WRAP_MIN = "aggregate(iif($total.empty() or $this < $total, $this, $total))"
_WRAP_MAX = "aggregate(iif($total.empty() or $this > $total, $this, $total))"
_OPERATORS = {"==": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class Untranslatable(Exception):
    """An expression this module cannot carry (not expected for a file that loaded)."""


def string(text: str) -> str:
    """A FHIRPath string literal."""
    escaped = text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f"'{escaped}'"


def number(value: int | float) -> str:
    if isinstance(value, bool):  # pragma: no cover - the caller turns conditions into 1/0
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{value:.12f}".rstrip("0")
    return text if "." in text else text + ".0"


@dataclass
class _Value:
    kind: str  # bool, num, choice, set, date, text, str, list
    text: str
    question: str | None = None
    literal: Any = None


class Translator:
    """Translates the expressions of one loaded questionnaire."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        variables: names.VariableNames,
        code_of: Callable[[str, str], str],
    ):
        self.questionnaire = questionnaire
        self.variables = variables
        self.code_of = code_of  # (question id, option id) -> the code the export gives that option

    # ------------------------------------------------------------ entry points

    def condition(self, compiled: Compiled) -> str:
        value = self.visit(self._tree(compiled))
        if value.kind != "bool":  # pragma: no cover - the loader checked the type
            raise Untranslatable(f"not a condition: {compiled.source}")
        return value.text

    def number(self, compiled: Compiled) -> str:
        return self.as_number(self.visit(self._tree(compiled)))

    def answer(self, question_id: str) -> str:
        """The FHIRPath of a question's answer, as our expressions see it."""
        question = self.questionnaire.question_by_id[question_id]
        path = f"%resource.repeat(item).where(linkId = {string(question_id)}).answer.value"
        if question.type in ("single_choice", "multi_choice", "yes_no"):
            return path + ".code"
        if question.type == "duration":
            weeks = "iif(code = 'd', value / 7, iif(code = 'mo', value * 52 / 12, iif(code = 'a', value * 52, value)))"
            return f"{path}.select({weeks})"
        return path

    # ------------------------------------------------------------ the tree

    @staticmethod
    def _tree(compiled: Compiled) -> Node:
        if compiled.tree is None:  # pragma: no cover - always set by the loader
            raise Untranslatable(compiled.source)
        return compiled.tree

    def as_number(self, value: _Value) -> str:
        if value.kind == "bool":
            return f"iif({value.text}, 1, 0)"
        return value.text

    def visit(self, node: Node) -> _Value:
        if isinstance(node, Literal):
            if isinstance(node.value, bool):
                return _Value("bool", "true" if node.value else "false")
            if isinstance(node.value, (int, float)):
                return _Value("num", number(node.value), literal=node.value)
            return _Value("str", string(node.value), literal=node.value)
        if isinstance(node, ListLiteral):
            return _Value("list", "", literal=[item.value for item in node.items if isinstance(item, Literal)])
        if isinstance(node, Name):
            return self.name(node.name)
        if isinstance(node, Unary):
            operand = self.visit(node.operand)
            if node.op == "not":
                return _Value("bool", f"({operand.text}).not()")
            text = self.as_number(operand)
            return _Value("num", f"-({text})" if node.op == "-" else text)
        if isinstance(node, Logic):  # a flat run: a and b and c
            return _Value("bool", "(" + f" {node.op} ".join(self.visit(operand).text for operand in node.operands) + ")")
        if isinstance(node, Arithmetic):  # a flat run, left to right: ((a + b) - c)
            text = self.as_number(self.visit(node.operands[0]))
            for op, operand in zip(node.ops, node.operands[1:]):
                text = f"({text} {op} {self.as_number(self.visit(operand))})"
            return _Value("num", text)
        if isinstance(node, Binary):
            if node.op in ("in", "not in"):
                return self.membership(node)
            return self.comparison(node)
        if isinstance(node, Call):
            return self.call(node)
        raise Untranslatable(repr(node))  # pragma: no cover

    def name(self, identifier: str) -> _Value:
        if identifier in self.questionnaire.score_by_id:
            return _Value("num", "%" + self.variables.name("score", identifier))
        question = self.questionnaire.question_by_id[identifier]
        kind = {
            "single_choice": "choice",
            "yes_no": "choice",
            "multi_choice": "set",
            "date": "date",
            "text": "text",
        }.get(question.type, "num")
        return _Value(kind, self.answer(identifier), question=identifier)

    def option_literal(self, question: str, value: _Value) -> str:
        return string(self.code_of(question, value.literal))

    def side(self, value: _Value, other: _Value) -> str:
        """One side of a comparison, in the form the other side is compared in."""
        if value.kind == "str" and other.kind == "choice":
            return self.option_literal(other.question or "", value)
        if value.kind == "str" and other.kind == "date":
            return "today()" if value.literal == "today" else "@" + value.literal
        if value.kind == "bool":
            return self.as_number(value)
        return value.text

    def comparison(self, node: Binary) -> _Value:
        left, right = self.visit(node.left), self.visit(node.right)
        expression = f"{self.side(left, right)} {_OPERATORS[node.op]} {self.side(right, left)}"
        return _Value("bool", f"iif({expression}, true, false)")

    def membership(self, node: Binary) -> _Value:
        left, right = self.visit(node.left), self.visit(node.right)
        negate = node.op == "not in"
        if right.kind == "set":  # 'option' in a multi-choice answer; false when unanswered, either way
            test = f"{self.option_literal(right.question or '', left)} in {right.text}"
            test = f"({test}).not()" if negate else test
            return _Value("bool", f"iif({right.text}.exists(), {test}, false)")
        items = right.literal or []
        if left.kind == "choice":
            rendered = [string(self.code_of(left.question or "", item)) for item in items]
        else:
            rendered = [string(item) if isinstance(item, str) else number(item) for item in items]
        collection = "(" + " | ".join(rendered) + ")" if rendered else "{}"
        subject = self.as_number(left) if left.kind == "bool" else left.text
        test = f"({subject} in {collection})"
        test = f"{test}.not()" if negate else test
        return _Value("bool", f"iif({subject}.exists(), {test}, false)")

    def call(self, call: Call) -> _Value:
        function = call.function
        if function == "answered":
            return _Value("bool", f"{self.answer(self._question(call.args[0]))}.exists()")
        if function == "count":
            question_id = self._question(call.args[0])
            answer = self.answer(question_id)
            listed = [arg.value for arg in call.args[1:] if isinstance(arg, Literal)]
            if not listed:
                question = self.questionnaire.question_by_id[question_id]
                listed_out = [string(self.code_of(question_id, o.id)) for o in question.options if o.exclusive]
                if not listed_out:
                    return _Value("num", f"{answer}.count()")
                return _Value("num", f"{answer}.where(($this in ({' | '.join(listed_out)})).not()).count()")
            codes = " | ".join(string(self.code_of(question_id, option)) for option in listed)
            return _Value("num", f"{answer}.where($this in ({codes})).count()")
        if function == "value":
            question_id = self._question(call.args[0])
            option = (
                f"%questionnaire.repeat(item).where(linkId = {string(question_id)})"
                f".answerOption.where(value.code = {self.answer(question_id)})"
            )
            return _Value("num", f"{option}.extension({string(names.EXT_ITEM_WEIGHT)}).value")
        if function in ("sum", "mean", "min", "max"):
            parts = [self.as_number(self.visit(arg)) for arg in call.args]
            collection = "(" + parts[0] + ")" + "".join(f".combine({part})" for part in parts[1:])
            if function == "sum":
                return _Value("num", f"{collection}.{_WRAP_SUM}")
            if function == "min":
                return _Value("num", f"{collection}.{_WRAP_MIN}")
            if function == "max":
                return _Value("num", f"{collection}.{_WRAP_MAX}")
            return _Value("num", f"({collection}.{_WRAP_SUM} / {collection}.count())")
        if function == "flagged":
            flag = call.args[0].value if isinstance(call.args[0], Literal) else ""
            return _Value("bool", "%" + self.variables.name("flag", flag))
        if function == "any_flag":
            severity = call.args[0].value if isinstance(call.args[0], Literal) else ""
            flags = ["%" + self.variables.name("flag", f.id) for f in self.questionnaire.flags if f.severity == severity]
            return _Value("bool", "(" + " or ".join(flags) + ")" if flags else "false")
        raise Untranslatable(function)  # pragma: no cover

    @staticmethod
    def _question(node: Node) -> str:
        if not isinstance(node, Name):  # pragma: no cover - the loader checked it
            raise Untranslatable("a question id was expected")
        return node.name
