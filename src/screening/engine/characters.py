"""Characters that look like the right ones but are not, named with what to type.

Word processors and phones turn ``'`` into a curly quote, ``>=`` into ``≥``
and ``-`` into a dash; clinicians paste from them. The expression language
accepts only the plain forms, so each look-alike gets its name and its
replacement instead of "unexpected character".
"""

from __future__ import annotations

import re

from screening.engine.expressions import ExpressionError

# character -> (its name, what to type instead)
LOOKALIKES: dict[str, tuple[str, str]] = {
    "\u2018": ("a curly opening quote", "a straight quote '"),
    "\u2019": ("a curly closing quote", "a straight quote '"),
    "\u201a": ("a low curly quote", "a straight quote '"),
    "\u201c": ("a curly opening double quote", "a straight quote '"),
    "\u201d": ("a curly closing double quote", "a straight quote '"),
    "\u201e": ("a low curly double quote", "a straight quote '"),
    "\u00ab": ("a guillemet", "a straight quote '"),
    "\u00bb": ("a guillemet", "a straight quote '"),
    "\u00b4": ("an acute accent", "a straight quote '"),
    "`": ("a backtick", "a straight quote '"),
    "\u2265": ("a greater-than-or-equal sign", ">="),
    "\u2264": ("a less-than-or-equal sign", "<="),
    "\u2260": ("a not-equal sign", "!="),
    "\u2013": ("an en dash", "-"),
    "\u2014": ("an em dash", "-"),
    "\u2212": ("a minus sign", "-"),
    "\u2010": ("a hyphen", "-"),
    "\u00d7": ("a multiplication sign", "*"),
    "\u00f7": ("a division sign", "/"),
    "\uff1d": ("a full-width equals sign", "=="),
}

# words written in capitals (as in spreadsheets or SQL) -> the language's word
WORDS: dict[str, str] = {"AND": "and", "OR": "or", "NOT": "not", "IN": "in", "TRUE": "true", "FALSE": "false", "True": "true", "False": "false"}


_CAPITALS = re.compile(r"\b(" + "|".join(WORDS) + r")\b")


def _message(token: str) -> str:
    if token in LOOKALIKES:
        name, replacement = LOOKALIKES[token]
        return f"'{token}' is {name}, which expressions do not understand; type {replacement} instead"
    return f"write '{token}' in lowercase: '{WORDS[token]}'"


def find_lookalike(source: str) -> tuple[int, str] | None:
    """The first look-alike character or capitalised word outside quoted text: (offset, token)."""
    quote = ""
    for offset, char in enumerate(source):
        if quote:
            if char == quote:
                quote = ""
            continue
        if char in ("'", '"'):
            quote = char
        elif char in LOOKALIKES:
            return offset, char
        elif char.isupper() and (offset == 0 or not (source[offset - 1].isalnum() or source[offset - 1] == "_")):
            found = _CAPITALS.match(source, offset)
            if found:
                return offset, found.group()
    return None


def explain_expression_error(source: str, error: ExpressionError) -> ExpressionError:
    """The error, or (when the expression holds a look-alike) one at the look-alike that
    names it: it is what confused the parser, wherever the parser noticed."""
    found = find_lookalike(source)
    if found is None:
        return error
    offset, token = found
    return ExpressionError(offset, _message(token), token)
