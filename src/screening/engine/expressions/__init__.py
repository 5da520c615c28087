"""The expression language of ``show_if``, ``when`` and scores, one module per stage.

    tokens      text -> tokens; the limits (length, nesting) and reserved words
    tree        the syntax tree (flat nodes for chains) and printing it back
    parser      tokens -> tree, refusing nesting beyond MAX_DEPTH with a column
    types       symbols, scopes and the types the checker assigns
    checker     static checks: every node typed, every error found and located
    evaluators  the closures a checked tree compiles to (no eval, no exec)
    compiled    the pipeline for one expression, and explaining a result

Parsed, checked and compiled once when a file loads. Recursion in every stage
is bounded by the nesting limit, never by the length of an expression.
"""

from screening.engine.expressions.compiled import Compiled, check_expression, compile_expression
from screening.engine.expressions.evaluators import Environment, Evaluator
from screening.engine.expressions.parser import Parser, parse
from screening.engine.expressions.tokens import (
    FUNCTIONS,
    KEYWORDS,
    MAX_DEPTH,
    MAX_LENGTH,
    OUTCOME_ONLY,
    RESERVED,
    SEVERITIES,
    ExpressionError,
    Token,
    tokenize,
)
from screening.engine.expressions.tree import (
    Arithmetic,
    Binary,
    Call,
    ListLiteral,
    Literal,
    Logic,
    Name,
    Node,
    Unary,
    unparse,
)
from screening.engine.expressions.types import ANY, BOOL, DATE, NUM, TEXT, Scope, Symbol, Type

__all__ = [
    "ANY", "BOOL", "DATE", "FUNCTIONS", "KEYWORDS", "MAX_DEPTH", "MAX_LENGTH", "NUM", "OUTCOME_ONLY", "RESERVED",
    "SEVERITIES", "TEXT", "Arithmetic", "Binary", "Call", "Compiled", "Environment", "Evaluator", "ExpressionError",
    "ListLiteral", "Literal", "Logic", "Name", "Node", "Parser", "Scope", "Symbol", "Token", "Type", "Unary",
    "check_expression", "compile_expression", "parse", "tokenize", "unparse",
]
