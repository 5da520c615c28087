"""Generated files at the limits: long score chains and long sums validate and
evaluate, without recursion errors and without recomputing what did not change."""

from __future__ import annotations

import sys

import pytest

from screening.engine.expressions import MAX_LENGTH
from screening.engine.loader import load_questionnaire
from screening.engine.run.session import Session
from tests.conftest import ROOT, run_cli

CHAIN = 1000
TERMS = 1000


def chained(reverse: bool) -> str:
    """q0, then s1 = q0 + 1, s2 = s1 + 1, ... s1000; q1 is shown when s1000 >= 1005,
    a flag and an outcome read s1000 too; examples check both sides."""
    scores = ["  s1: q0 + 1"] + [f"  s{n}: s{n - 1} + 1" for n in range(2, CHAIN + 1)]
    if reverse:
        scores.reverse()
    return "\n".join(
        [
            "format: 1",
            "id: chain",
            'version: "1"',
            "title: Chain",
            "disclaimer: Not a diagnosis.",
            "sections:",
            "  - id: s",
            "    title: S",
            "    questions:",
            "      - {id: q0, type: integer, text: Q0?, min: 0, max: 100}",
            f"      - {{id: q1, type: integer, text: Q1?, min: 0, max: 100, show_if: 's{CHAIN} >= {CHAIN + 5}'}}",
            "scores:",
            *scores,
            "flags:",
            f"  - {{id: big, severity: review, when: 's{CHAIN} >= {CHAIN + 50}', text: Big.}}",
            "outcomes:",
            f"  - {{id: high, when: 'flagged(''big'') and s{CHAIN} > 0', title: High, text: High.}}",
            "  - {id: fine, otherwise: true, title: Fine, text: Fine.}",
            "examples:",
            f"  - {{name: low, answers: {{q0: 1}}, expect: {{outcome: fine, flags: [], hidden: [q1], scores: {{s{CHAIN}: {CHAIN + 1}}}}}}}",
            f"  - {{name: high, answers: {{q0: 60, q1: 2}}, expect: {{outcome: high, flags: [big], scores: {{s{CHAIN}: {CHAIN + 60}}}}}}}",
        ]
    ) + "\n"


def long_sums() -> str:
    q_sum = " + ".join(["q0"] * TERMS)
    one_sum = " + ".join(["1"] * TERMS)
    many_ands = " and ".join(["q0 >= 0"] * TERMS)
    assert len(q_sum) + len(many_ands) < MAX_LENGTH
    return "\n".join(
        [
            "format: 1",
            "id: sums",
            'version: "1"',
            "title: Sums",
            "disclaimer: Not a diagnosis.",
            "sections:",
            "  - id: s",
            "    title: S",
            "    questions:",
            "      - {id: q0, type: integer, text: Q0?, min: 0, max: 100}",
            f"      - {{id: q1, type: integer, text: Q1?, show_if: '{q_sum} >= 3000 and {many_ands}'}}",
            "scores:",
            f"  qs: {q_sum}",
            f"  ones: {one_sum}",
            f"  mixed: {' - '.join(['q0'] * TERMS)} * 2 / 4",
            "flags:",
            f"  - {{id: many, severity: info, when: '{one_sum} == {TERMS} and {q_sum} > 0', text: Many.}}",
            "outcomes:",
            "  - {id: fine, otherwise: true, title: Fine, text: Fine.}",
            "examples:",
            f"  - {{name: three, answers: {{q0: 3, q1: 1}}, expect: {{outcome: fine, flags: [many], scores: {{qs: {3 * TERMS}, ones: {TERMS}}}}}}}",
        ]
    ) + "\n"


@pytest.fixture
def low_recursion_limit():
    """Prove no stage recurses with the length: leave 200 frames above the current depth."""
    depth = len(__import__("inspect").stack(0))
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 200)
    yield
    sys.setrecursionlimit(old)


@pytest.mark.parametrize("reverse", [False, True], ids=["in-order", "last-first"])
def test_a_thousand_chained_scores_validate_and_evaluate(write, reverse, low_recursion_limit):
    questionnaire = load_questionnaire(write(chained(reverse)))
    assert [s.id for s in questionnaire.scores][:2] == ["s1", "s2"]  # dependency order either way
    session = Session(questionnaire)
    session.set_answer("q0", 4)
    assert not session.is_visible("q1")
    session.set_answer("q0", 5)
    assert session.is_visible("q1")
    evaluation = session.evaluation()
    assert evaluation.scores[f"s{CHAIN}"] == CHAIN + 5
    assert evaluation.outcome.id == "fine"
    session.set_answer("q0", 50)
    evaluation = session.evaluation()
    assert evaluation.flag_ids == ["big"] and evaluation.outcome.id == "high"
    assert [r.name for r in evaluation.outcome_reasons] == [f"s{CHAIN}"]


def test_validate_runs_the_examples_of_a_thousand_chained_scores(write):
    for reverse in (False, True):
        result = run_cli("validate", write(chained(reverse), f"chain-{reverse}.yaml"))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "2 examples passed" in result.stdout


def test_a_cycle_in_a_long_chain_is_reported_not_recursed(write):
    text = chained(True).replace("  s1: q0 + 1", f"  s1: s{CHAIN} + 1")
    result = run_cli("validate", write(text))
    assert result.returncode == 1
    assert "scores refer to each other in a circle" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_thousand_term_sums_validate_and_evaluate(write, low_recursion_limit):
    questionnaire = load_questionnaire(write(long_sums()))
    session = Session(questionnaire)
    session.set_answer("q0", 3)
    assert session.is_visible("q1")
    evaluation = session.evaluation()
    assert evaluation.scores == {"qs": 3 * TERMS, "ones": TERMS, "mixed": 3 - 3 * (TERMS - 2) - 3 * 2 / 4}
    assert evaluation.flag_ids == ["many"]


def test_validate_and_evaluate_thousand_term_sums_from_the_command_line(write, tmp_path):
    path = write(long_sums())
    result = run_cli("validate", path)
    assert result.returncode == 0, result.stdout + result.stderr
    answers = tmp_path / "a.json"
    answers.write_text('{"q0": 3, "q1": 1}', encoding="utf-8")
    result = run_cli("evaluate", path, "--answers", str(answers), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"qs": 3000' in result.stdout


def test_after_an_answer_only_the_scores_that_read_it_are_computed_again(write):
    text = chained(False).replace(
        "      - {id: q0,", "      - {id: other, type: integer, text: Other?, required: false}\n      - {id: q0,"
    ).replace("scores:\n", "scores:\n  lone: other * 2\n")
    questionnaire = load_questionnaire(write(text))
    counts: dict[str, int] = {}
    for score in questionnaire.scores:
        original = score.expression.evaluate

        def counted(env, original=original, score_id=score.id):
            counts[score_id] = counts.get(score_id, 0) + 1
            return original(env)

        score.expression.evaluate = counted
    session = Session(questionnaire)
    assert session.next_question().id == "other"
    assert set(counts) == {f"s{n}" for n in range(1, CHAIN + 1)}  # the first walk: q1's show_if reads s1000
    counts.clear()
    session.set_answer("q0", 5)
    session.evaluation()
    assert max(counts.values()) == 1  # each score once, though q1's show_if and the flag read s1000
    counts.clear()
    session.set_answer("other", 7)
    session.evaluation()
    assert counts == {"lone": 1}
    counts.clear()
    session.set_answer("q0", 6)
    session.evaluation()
    assert set(counts) == {f"s{n}" for n in range(1, CHAIN + 1)} and max(counts.values()) == 1


def test_the_deepest_nesting_allowed_needs_a_bounded_stack(low_recursion_limit):
    """MAX_DEPTH calls, each holding a sum and a product: parsed, checked, run and
    explained within the 200 spare frames... plus a fixed allowance per nesting level."""
    from screening.engine.expressions import MAX_DEPTH, Environment, Scope, Symbol, compile_expression

    sys.setrecursionlimit(sys.getrecursionlimit() + 15 * MAX_DEPTH)
    source = "level"
    for _ in range(MAX_DEPTH):
        source = f"sum(1 + 2 * {source}, 0)"
    source = f"{source} > 0 or not level < 3 and false"
    compiled = compile_expression(source, Scope({"level": Symbol("level", "question", "scale")}), "condition")
    env = Environment({"level": 1})
    assert compiled.evaluate(env) is True
    assert compiled.explain(env) == ["level"]


def test_after_an_answer_only_the_flags_that_read_it_are_evaluated_again(write):
    text = chained(False).replace(
        "      - {id: q0,", "      - {id: other, type: integer, text: Other?, required: false}\n      - {id: q0,"
    ).replace("flags:\n", "flags:\n  - {id: odd, severity: info, when: 'other > 3', text: Odd.}\n")
    questionnaire = load_questionnaire(write(text))
    counts: dict[str, int] = {}
    for flag in questionnaire.flags:
        original = flag.when.evaluate

        def counted(env, original=original, flag_id=flag.id):
            counts[flag_id] = counts.get(flag_id, 0) + 1
            return original(env)

        flag.when.evaluate = counted
    session = Session(questionnaire)
    session.set_answer("q0", 60)
    assert session.evaluation().flag_ids == ["big"]
    counts.clear()
    session.set_answer("other", 7)
    assert session.evaluation().flag_ids == ["big", "odd"]
    assert counts == {"odd": 1}  # 'big' reads s1000, which did not change
    counts.clear()
    session.set_answer("q0", 1)
    assert session.evaluation().flag_ids == ["odd"]
    assert counts == {"big": 1}


def test_twenty_thousand_questions_and_a_megabyte_of_text_validate():
    """The largest files the limits allow load, with every question and every character."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_engine

    from screening.engine.loader import load_questionnaire_bytes
    from tests.conftest import MINIMAL

    questionnaire = load_questionnaire_bytes("g.yaml", bench_engine.generate_questionnaire(20000).encode())
    assert len(questionnaire.questions) == 20000
    session = Session(questionnaire)
    session.set_answer("q0", "b")
    assert session.is_visible("q2")
    big = ("word " * 200_000).strip()
    text = MINIMAL.replace("title: Mini", f'title: Mini\nintro: "{big}"')
    assert len(load_questionnaire_bytes("t.yaml", text.encode()).intro) == len(big)
