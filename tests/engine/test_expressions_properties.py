"""Property: random well-typed expressions parse, print back and evaluate like a
simple reference evaluator written here, with its own tree and its own rules
for missing answers (no value in arithmetic, false in comparisons)."""

from __future__ import annotations

import operator

from hypothesis import given, settings
from hypothesis import strategies as st

from screening.engine.expressions import Environment, Scope, Symbol, compile_expression, parse, unparse
from screening.engine.numbers import MAX_MAGNITUDE

SCOPE = Scope(
    {
        "level": Symbol("level", "question", "scale"),
        "age": Symbol("age", "question", "integer"),
        "weeks": Symbol("weeks", "question", "duration"),
        "peg": Symbol("peg", "score"),
        "heart": Symbol("heart", "question", "yes_no", ("yes", "no", "not_sure")),
        "kinds": Symbol("kinds", "question", "multi_choice", ("a", "b", "c")),
    }
)
NUMERIC_NAMES = ["level", "age", "weeks", "peg"]

# --- the reference: trees are tuples, evaluation is written out plainly


def ref_number(tree, env):
    kind = tree[0]
    if kind == "lit":
        return tree[1]
    if kind == "name":
        return env["scores"].get(tree[1]) if tree[1] == "peg" else env["answers"].get(tree[1])
    if kind == "neg":
        value = ref_number(tree[1], env)
        return None if value is None else -value
    if kind == "chain":
        _, ops, operands = tree
        total = ref_number(operands[0], env)
        for op, operand in zip(ops, operands[1:]):
            value = ref_number(operand, env)
            if total is None or value is None:
                return None
            if op == "/":
                total = None if value == 0 else total / value
            else:
                total = {"+": operator.add, "-": operator.sub, "*": operator.mul}[op](total, value)
            if total is None or not (-MAX_MAGNITUDE <= total <= MAX_MAGNITUDE):
                return None
        return total
    if kind in ("sum", "min", "max"):
        present = [v for v in (ref_number(a, env) for a in tree[1]) if v is not None]
        if not present:
            return None
        result = {"sum": sum, "min": min, "max": max}[kind](present)
        return result if -MAX_MAGNITUDE <= result <= MAX_MAGNITUDE else None
    raise AssertionError(tree)


def ref_condition(tree, env):
    kind = tree[0]
    if kind == "bool":
        return tree[1]
    if kind == "cmp":
        _, op, left, right = tree
        a, b = ref_number(left, env), ref_number(right, env)
        if a is None or b is None:
            return False
        return {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
    if kind == "choice":
        answer = env["answers"].get("heart")
        return answer is not None and (answer == tree[2]) == (tree[1] == "==")
    if kind == "member":
        chosen = env["answers"].get("kinds")
        return chosen is not None and ((tree[2] in chosen) != (tree[1] == "not in"))
    if kind == "not":
        return not ref_condition(tree[1], env)
    if kind == "and":
        return all(ref_condition(t, env) for t in tree[1])
    if kind == "or":
        return any(ref_condition(t, env) for t in tree[1])
    raise AssertionError(tree)


# --- the test's own printer (fully parenthesised, so it does not share the engine's)


def text_of(tree) -> str:
    kind = tree[0]
    if kind == "lit":
        return repr(tree[1])
    if kind == "name":
        return tree[1]
    if kind == "neg":
        return f"-({text_of(tree[1])})"
    if kind == "chain":
        parts = [text_of(tree[2][0])]
        for op, operand in zip(tree[1], tree[2][1:]):
            parts.append(f" {op} {text_of(operand)}")
        return "(" + "".join(parts) + ")"
    if kind in ("sum", "min", "max"):
        return f"{kind}(" + ", ".join(text_of(a) for a in tree[1]) + ")"
    if kind == "bool":
        return "true" if tree[1] else "false"
    if kind == "cmp":
        return f"({text_of(tree[2])} {tree[1]} {text_of(tree[3])})"
    if kind == "choice":
        return f"(heart {tree[1]} '{tree[2]}')"
    if kind == "member":
        return f"('{tree[2]}' {tree[1]} kinds)"
    if kind == "not":
        return f"not ({text_of(tree[1])})"
    return "(" + f" {kind} ".join(text_of(t) for t in tree[1]) + ")"


# --- strategies: depth-limited so the nesting limit is never the point

literals = st.one_of(
    st.integers(0, 1000).map(lambda v: ("lit", v)),
    st.sampled_from([0.25, 0.5, 1.5, 2.75, 10.125]).map(lambda v: ("lit", v)),
)
numbers = st.recursive(
    st.one_of(literals, st.sampled_from(NUMERIC_NAMES).map(lambda n: ("name", n))),
    lambda inner: st.one_of(
        inner.map(lambda t: ("neg", t)),
        st.integers(1, 6).flatmap(
            lambda n: st.tuples(
                st.lists(st.sampled_from(["+", "-"]), min_size=n, max_size=n),
                st.lists(inner, min_size=n + 1, max_size=n + 1),
            ).map(lambda pair: ("chain", pair[0], pair[1]))
        ),
        st.integers(1, 4).flatmap(
            lambda n: st.tuples(
                st.lists(st.sampled_from(["*", "/"]), min_size=n, max_size=n),
                st.lists(inner, min_size=n + 1, max_size=n + 1),
            ).map(lambda pair: ("chain", pair[0], pair[1]))
        ),
        st.tuples(st.sampled_from(["sum", "min", "max"]), st.lists(inner, min_size=1, max_size=4)),
    ),
    max_leaves=12,
)
atoms = st.one_of(
    st.booleans().map(lambda b: ("bool", b)),
    st.tuples(st.just("cmp"), st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), numbers, numbers),
    st.tuples(st.just("choice"), st.sampled_from(["==", "!="]), st.sampled_from(["yes", "no", "not_sure"])),
    st.tuples(st.just("member"), st.sampled_from(["in", "not in"]), st.sampled_from(["a", "b", "c"])),
)
conditions = st.recursive(
    atoms,
    lambda inner: st.one_of(
        inner.map(lambda t: ("not", t)),
        st.tuples(st.sampled_from(["and", "or"]), st.lists(inner, min_size=2, max_size=5)),
    ),
    max_leaves=10,
)
environments = st.fixed_dictionaries(
    {
        "answers": st.fixed_dictionaries(
            {},
            optional={
                "level": st.integers(0, 10),
                "age": st.integers(0, 120),
                "weeks": st.sampled_from([0.5, 4.333333333333333, 104.0]),
                "heart": st.sampled_from(["yes", "no", "not_sure"]),
                "kinds": st.frozensets(st.sampled_from(["a", "b", "c"])),
            },
        ),
        "scores": st.fixed_dictionaries({}, optional={"peg": st.one_of(st.integers(0, 10), st.just(6.5))}),
    }
)


def check_printing(text: str) -> None:
    printed = unparse(parse(text))
    assert unparse(parse(printed)) == printed  # printing is a fixed point
    assert parse(printed) == parse(unparse(parse(printed)))


@settings(max_examples=300, deadline=None)
@given(numbers, environments)
def test_numbers_evaluate_like_the_reference(tree, env):
    text = text_of(tree)
    check_printing(text)
    expected = ref_number(tree, env)
    for source in (text, unparse(parse(text))):
        compiled = compile_expression(source, SCOPE, "number")
        assert compiled.evaluate(Environment(env["answers"], env["scores"])) == expected, source


@settings(max_examples=300, deadline=None)
@given(conditions, environments)
def test_conditions_evaluate_like_the_reference(tree, env):
    text = text_of(tree)
    check_printing(text)
    expected = ref_condition(tree, env)
    for source in (text, unparse(parse(text))):
        compiled = compile_expression(source, SCOPE, "condition")
        assert compiled.evaluate(Environment(env["answers"], env["scores"])) is expected, source


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["+", "-", "*", "/"]), min_size=1, max_size=1500), environments)
def test_long_flat_chains_evaluate_like_the_reference(ops, env):
    """Up to 1,500 operators mixing two precedence levels, as one line."""
    operands = [("name", "level") if i % 3 == 0 else ("lit", i % 7 + 1) for i in range(len(ops) + 1)]
    text = text_of(operands[0]) + "".join(f" {op} {text_of(o)}" for op, o in zip(ops, operands[1:]))
    # the reference applies * and / before + and -: group runs of them first
    sums_ops, terms, run_ops, run = [], [], [], [operands[0]]
    for op, operand in zip(ops, operands[1:]):
        if op in "*/":
            run_ops.append(op)
            run.append(operand)
        else:
            terms.append(("chain", run_ops, run) if run_ops else run[0])
            sums_ops.append(op)
            run_ops, run = [], [operand]
    terms.append(("chain", run_ops, run) if run_ops else run[0])
    tree = ("chain", sums_ops, terms) if sums_ops else terms[0]
    compiled = compile_expression(text, SCOPE, "number")
    assert compiled.evaluate(Environment(env["answers"], env["scores"])) == ref_number(tree, env)
    check_printing(text)
