"""The expression language: syntax, static checks and evaluation with missing answers."""

from __future__ import annotations

import datetime as dt

import pytest

from screening.engine.expressions import (
    MAX_DEPTH,
    MAX_LENGTH,
    Environment,
    ExpressionError,
    Scope,
    Symbol,
    check_expression,
    compile_expression,
    parse,
)

SYMBOLS = {
    "diagnoses": Symbol("diagnoses", "question", "multi_choice", ("fibro", "crps", "none"), frozenset({"none"})),
    "pregnant": Symbol("pregnant", "question", "single_choice", ("no", "yes", "possibly")),
    "mood": Symbol("mood", "question", "single_choice", ("a", "b"), values={"a": 0, "b": 3}),
    "heart": Symbol("heart", "question", "yes_no", ("yes", "no", "not_sure")),
    "weeks": Symbol("weeks", "question", "duration"),
    "level": Symbol("level", "question", "scale"),
    "notes": Symbol("notes", "question", "text"),
    "start": Symbol("start", "question", "date"),
    "hello": Symbol("hello", "question", "note"),
    "peg": Symbol("peg", "score"),
}
SCOPE = Scope(SYMBOLS, {"preg": "review", "sad": "urgent"})
OUTCOME = Scope(SYMBOLS, {"preg": "review", "sad": "urgent"}, in_outcome=True)


def value(source: str, answers: dict, want: str = "condition", scope: Scope = SCOPE, **env) -> object:
    return compile_expression(source, scope, want).evaluate(Environment(answers, **env))


def errors(source: str, want: str = "condition", scope: Scope = SCOPE) -> list[str]:
    _, found = check_expression(source, scope, want)
    return [e.message for e in found]


@pytest.mark.parametrize(
    "source, answers, expected",
    [
        ("'crps' in diagnoses", {"diagnoses": frozenset({"crps"})}, True),
        ("'crps' not in diagnoses", {"diagnoses": frozenset({"fibro"})}, True),
        ("pregnant in ['yes', 'possibly']", {"pregnant": "possibly"}, True),
        ("pregnant not in ['yes', 'possibly']", {"pregnant": "no"}, True),
        ("weeks < 12", {"weeks": 11.9}, True),
        ("weeks < 12", {"weeks": 12}, False),
        ("0 <= level <= 10", {"level": 10}, True),
        ("0 <= level <= 9", {"level": 10}, False),
        ("not (heart == 'yes')", {"heart": "no"}, True),
        ("heart == 'yes' or level > 5 and level < 3", {"heart": "yes", "level": 1}, True),
        ("(heart == 'yes') + (level > 5) == 2", {"heart": "yes", "level": 6}, True),
        ("value(mood) * 2 - 1 == 5", {"mood": "b"}, True),
        ("count(diagnoses) == 2", {"diagnoses": frozenset({"crps", "fibro"})}, True),
        ("count(diagnoses) == 0", {"diagnoses": frozenset({"none"})}, True),
        ("count(diagnoses, 'crps', 'none') == 1", {"diagnoses": frozenset({"crps", "fibro"})}, True),
        ("mean(level, peg) == 5", {"level": 4}, True),
        ("notes == 'hi'", {"notes": "hi"}, True),
        ("start >= '2020-01-01'", {"start": dt.date(2020, 1, 1)}, True),
        ("true and not false", {}, True),
        ("-level < 0", {"level": 2}, True),
        ("level / 4 == 0.5", {"level": 2}, True),
    ],
)
def test_evaluation(source, answers, expected):
    assert value(source, answers, scores={"peg": 6}) is expected


@pytest.mark.parametrize(
    "source",
    [
        "pregnant == 'yes'",
        "pregnant != 'yes'",
        "pregnant in ['yes']",
        "pregnant not in ['yes']",
        "'crps' in diagnoses",
        "'crps' not in diagnoses",
        "level > 3",
        "level + 1 > 3",
        "value(mood) >= 0",
    ],
)
def test_comparisons_with_a_missing_answer_are_false(source):
    assert value(source, {}) is False


def test_missing_answers_in_functions():
    assert value("answered(level)", {}) is False
    assert value("answered(level)", {"level": 0}) is True
    assert value("count(diagnoses)", {}, "number") == 0
    assert value("sum(level, value(mood))", {"mood": "b"}, "number") == 3
    assert value("max(level, value(mood))", {}, "number") is None
    assert value("level / 0", {"level": 3}, "number") is None


def test_conditions_in_arithmetic_count_one_or_zero():
    assert value("(heart == 'yes') + (pregnant == 'yes')", {"heart": "yes", "pregnant": "no"}, "number") == 1
    assert value("heart == 'yes'", {"heart": "yes"}, "number") == 1


def test_flag_functions_in_outcomes():
    check = compile_expression("flagged('preg') and not any_flag('urgent')", OUTCOME, "condition")
    assert check.evaluate(Environment({}, flags={"preg"}, severities={"review"})) is True
    assert check.evaluate(Environment({}, flags={"preg", "sad"}, severities={"review", "urgent"})) is False


def test_today_in_date_comparisons():
    check = compile_expression("start <= 'today'", SCOPE, "condition")
    assert check.evaluate(Environment({"start": dt.date(2030, 1, 1)}, today=dt.date(2030, 1, 1))) is True
    assert check.evaluate(Environment({"start": dt.date(2030, 1, 2)}, today=dt.date(2030, 1, 1))) is False


@pytest.mark.parametrize(
    "source, message",
    [
        ("pregnat == 'yes'", "unknown name 'pregnat' (did you mean 'pregnant'?)"),
        ("pregnant != possibly", "'possibly' is an option, not a question or score: put it in quotes, 'possibly'"),
        ("pregnant == 'maybe'", "'pregnant' has no option 'maybe'; its options are 'no', 'yes', 'possibly'"),
        ("pregnant in ['yes', 'mayb']", "'pregnant' has no option 'mayb'"),
        ("'crsp' in diagnoses", "'diagnoses' has no option 'crsp' (did you mean 'crps'?)"),
        ("pregnant == 3", "'pregnant' is a choice; compare it with an option id in quotes, not the number 3"),
        ("mood + 1 > 2", "'mood' is a choice, not a number: use value(mood)"),
        ("heart + 1 > 2", "'heart' is a choice, not a number: compare it"),
        ("diagnoses + 1 > 2", "use count(diagnoses)"),
        ("diagnoses == 'crps'", "'diagnoses' can have several options ticked"),
        ("mood > 'a'", "'>' cannot order the choices of 'mood'"),
        ("level", "a condition is needed here, not a number"),
        ("level and heart == 'yes'", "'and' needs a condition on each side, not a number"),
        ("not level", "'not' needs a condition"),
        ("flagged('preg')", "flagged() can only be used in an outcome's 'when'"),
        ("any_flag('review')", "any_flag() can only be used in an outcome's 'when'"),
        ("value(heart) > 1", "value() needs a single-choice question; 'heart' is a yes_no question"),
        ("value(pregnant) > 1", "value(pregnant) needs a 'value' on every option of 'pregnant'"),
        ("count(pregnant) > 1", "count() needs a multi-choice question"),
        ("count(diagnoses, 'cprs') > 1", "'diagnoses' has no option 'cprs'"),
        ("answered(hello)", "'hello' is a note; it is never answered"),
        ("hello == 'x'", "'hello' is a note; it has no answer"),
        ("frobnicate(level)", "unknown function 'frobnicate'"),
        ("sum() > 1", "sum() needs at least one value"),
        ("True", "write 'true' in lower case"),
        ("level = 3", "unexpected character '=': use '==' to compare"),
        ("level > 3 && heart == 'yes'", "use 'and'"),
        ("level > ", "the expression ends too soon"),
        ("(level > 3", "expected ')'"),
        ("level > 3 heart", "unexpected 'heart'"),
        ("", "the expression is empty"),
        ("'oops", "missing its closing quote"),
        ("start > 3", "a date can only be compared with a date"),
        ("start > '2020-13-01'", "'2020-13-01' is not a date"),
        ("notes < 'a'", "'<' cannot order texts"),
        ("level in [1, 'a']", "only texts or only numbers"),
        ("level in ['a']", "a number cannot be in a list of texts"),
        ("'a' in pregnant", "'pregnant' has one answer: write pregnant == 'option'"),
        ("level in level", "needs a multi-choice question or a list on its right"),
        ("[1, 2] == 1", "a list can only follow 'in' or 'not in'"),
    ],
)
def test_load_time_errors(source, message):
    found = errors(source)
    assert found, source
    assert message in found[0], found


def test_score_must_be_a_number():
    assert errors("notes", "number") == ["a score must be a number, not a free-text answer"]


def test_error_offsets_point_at_the_problem():
    _, found = check_expression("level > 3 and pregnant == 'mabye'", SCOPE, "condition")
    assert found[0].offset == len("level > 3 and pregnant == ")


def test_length_and_depth_limits_never_recurse():
    with pytest.raises(ExpressionError, match=f"limit is {MAX_LENGTH:,}"):
        parse("(" * MAX_LENGTH + "1" + ")" * MAX_LENGTH)
    with pytest.raises(ExpressionError, match=f"more than {MAX_DEPTH} levels"):
        parse("(" * 100 + "1" + ")" * 100)
    with pytest.raises(ExpressionError, match=f"more than {MAX_DEPTH} levels"):
        parse("-" * 100 + "1")
    with pytest.raises(ExpressionError, match=f"more than {MAX_DEPTH} levels"):
        parse("not " * 100 + "true")
    # long flat chains are loops, not recursion
    parse(" + ".join(["1"] * 240))


def test_no_python_leaks_in():
    for source in ["__import__('os')", "level.__class__", "lambda: 1", "level if true else 2", "[x for x in y]", "f'{level}'", "level[0]"]:
        assert errors(source), source


def test_explain_follows_only_the_true_side_of_or():
    compiled = compile_expression("heart == 'yes' or pregnant == 'yes' or level > 5", SCOPE, "condition")
    env = Environment({"heart": "no", "pregnant": "yes", "level": 9})
    assert compiled.explain(env) == ["pregnant", "level"]


@pytest.mark.parametrize("literal", ["1" * 400, "10000000000000001", "1" * 400 + ".5"])
def test_numbers_beyond_the_bound_are_refused_where_they_are_written(literal):
    with pytest.raises(ExpressionError, match="too large") as caught:
        parse(f"level > {literal}")
    assert caught.value.offset == len("level > ")


def test_results_beyond_the_bound_have_no_value():
    """Never infinity or NaN: 1e15 * 1e15 has no value, like a division by zero."""
    big = "1000000000000000"
    assert value(f"{big} * {big}", {}, "number") is None
    assert value(f"{big} + 1 - 1", {}, "number") is None  # checked at every step
    assert value(f"{big} - 1 + 1", {}, "number") == 10**15
    assert value(f"sum({big}, {big})", {}, "number") is None
    assert value(f"{big} * {big} > 0", {}, "condition") is False


def test_printing_reads_back_the_same():
    from screening.engine.expressions import unparse

    for source in ["level - (1 - 2)", "(level - 1) - 2", "not (pregnant == 'yes' or level > 0.1)", "-(-level)", "0 <= level <= 10", "'it\\'s' == notes"]:
        printed = unparse(parse(source))
        assert unparse(parse(printed)) == printed
    assert unparse(parse("level - (1 - 2)")) == "level - (1 - 2)"
    assert unparse(parse("1234567 + 0.1 + 0.00001")) == "1234567 + 0.1 + 0.00001"
