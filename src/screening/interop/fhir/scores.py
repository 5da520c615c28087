"""Recognising FHIRPath score formulas that are sums of answer values or weights.

Real Questionnaires (LHC-Forms' LOINC panels, the SDC examples) compute a total
in many spellings; the common ones are sums of one term per question, where a
term is the chosen option's ordinalValue/itemWeight (looked up in
``%questionnaire``, or through ``ordinal()``/``weight()``) or a numeric answer,
possibly through named variables and guarded as ``iif(%x.exists(), %x, 0)``.
Anything else is reported as unrecognised, never guessed.
"""

from __future__ import annotations

import re

_LINK = re.compile(r"linkId\s*=\s*'((?:[^'\\]|\\.)*)'")
_VARIABLE = re.compile(r"^%([A-Za-z_][A-Za-z0-9_]*)$")
_WEIGHT_HINTS = ("ordinal()", "weight()", "ordinalValue", "itemWeight", "answerOption")
_AGGREGATE_SUM = ".aggregate(iif($total.exists(), $total + $this, $this))"
_GUARD = re.compile(r"^iif\(\s*%([A-Za-z_][A-Za-z0-9_]*)\.exists\(\)\s*,\s*%\1\s*,\s*0\s*\)$")


def split_top(text: str, separator: str) -> list[str]:
    """Split at ``separator`` outside parentheses, braces and quotes."""
    parts, depth, quoted, start, i = [], 0, False, 0, 0
    while i < len(text):
        char = text[i]
        if quoted:
            if char == "\\":
                i += 1
            elif char == "'":
                quoted = False
        elif char == "'":
            quoted = True
        elif char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif depth == 0 and text.startswith(separator, i):
            parts.append(text[start:i])
            start = i + len(separator)
        i += 1
    parts.append(text[start:])
    return [part.strip() for part in parts]


def _closing(text: str, start: int) -> int:
    """The index of the parenthesis closing the one at ``start`` (-1 if none)."""
    depth, quoted, i = 0, False, start
    while i < len(text):
        char = text[i]
        if quoted:
            if char == "\\":
                i += 1
            elif char == "'":
                quoted = False
        elif char == "'":
            quoted = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _unwrap(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and _closing(text, 0) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def _term(text: str, variables: dict[str, str], seen: int = 0) -> tuple[str, str] | None:
    """('weight' | 'answer', linkId) for a term reading one question, else None."""
    text = _unwrap(text)
    guarded = _GUARD.match(text)
    if guarded:
        text = "%" + guarded.group(1)
    variable = _VARIABLE.match(text)
    if variable:
        name = variable.group(1)
        if name not in variables or seen > 10:
            return None
        return _term(variables[name], variables, seen + 1)
    links = set(_LINK.findall(text))
    if len(links) != 1:
        return None
    link = links.pop()
    if any(hint in text for hint in _WEIGHT_HINTS) or any(
        "%" + name in text and any(h in value for h in _WEIGHT_HINTS) for name, value in variables.items()
    ):
        return "weight", link
    if re.search(r"\.answer\.value(\.ofType\(\w+\)|\.value|Integer|Decimal)?\s*$", text) or text.endswith(".answer.valueInteger"):
        return "answer", link
    return None


def _combined(text: str) -> list[str] | None:
    """The terms of '(t1).combine(t2).combine(t3)', or None."""
    if not text.startswith("("):
        return None
    end = _closing(text, 0)
    if end < 0:
        return None
    terms, rest = [text[1:end]], text[end + 1 :]
    while rest:
        if not rest.startswith(".combine("):
            return None
        start = len(".combine")
        close = _closing(rest, start)
        if close < 0:
            return None
        terms.append(rest[start + 1 : close])
        rest = rest[close + 1 :]
    return terms


def recognise_sum(expression: str, variables: dict[str, str], depth: int = 0) -> tuple[list[tuple[str, str]], bool] | None:
    """The terms of a sum, and whether a missing answer counts as nothing (our ``sum()``),
    or None when the expression is not a recognisable sum."""
    text = _unwrap(expression)
    variable = _VARIABLE.match(text)
    if variable and variable.group(1) in variables and depth < 10:  # a calculated item showing a variable
        return recognise_sum(variables[variable.group(1)], variables, depth + 1)
    lenient = False
    if text.endswith(_AGGREGATE_SUM):  # (a).combine(b)...aggregate(...): this project's own exports
        terms = _combined(text[: -len(_AGGREGATE_SUM)])
        if terms is None:
            return None
        found = [_term(term, variables) for term in terms]
        return (found, True) if len(found) >= 2 and all(found) else None  # type: ignore[return-value]
    if text.startswith("iif(") and text.endswith(")"):
        arguments = split_top(text[4:-1], ",")
        if len(arguments) == 3 and arguments[2].replace(" ", "") == "{}":
            text, lenient = _unwrap(arguments[1]), True
    terms = split_top(text, "+")
    if len(terms) < 2:
        return None
    found = []
    for term in terms:
        if _GUARD.match(_unwrap(term)):
            lenient = True
        reading = _term(term, variables)
        if reading is None:
            return None
        found.append(reading)
    return found, lenient
