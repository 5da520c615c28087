"""Run a questionnaire's embedded examples (``screening validate``).

A failing example is an error at the example's own line, saying what was
expected, what came out, and which outcome rule matched.
"""

from __future__ import annotations

import datetime as _dt

from screening.engine.run.answer_file import session_from_mapping
from screening.engine.problems import Problem, ProblemCollector
from screening.engine.run.questionnaire import Example, Questionnaire
from screening.engine.numbers import number_text


class Reached:
    """The outcomes and flags the examples' answer sets reached, passing or not: each is
    proof that some answer set reaches it (``validate``'s reachability check starts from them)."""

    __slots__ = ("outcomes", "flags")

    def __init__(self) -> None:
        self.outcomes: set[str] = set()
        self.flags: set[str] = set()


def _number(value: object) -> str:
    """As the summary shows scores (two decimals), without importing the summary at start-up."""
    if value is None:
        return "no value"
    return number_text(round(value, 2) if isinstance(value, float) else value)  # type: ignore[arg-type]


def _ids(ids: set[str] | list[str]) -> str:
    return "[" + ", ".join(sorted(ids)) + "]"


def run_example(
    questionnaire: Questionnaire,
    example: Example,
    problems: ProblemCollector,
    today: _dt.date | None = None,
    reached: Reached | None = None,
) -> bool:
    """Run one example, adding located problems; True when it passes."""
    source = questionnaire.source
    errors_before = len(problems.errors)
    where = source.where(example.path)
    label = f"example '{example.name}'"
    expected_hidden = example.expect.get("hidden") or []
    session = session_from_mapping(
        questionnaire,
        example.answers,
        source,
        example.path + ("answers",),
        problems,
        example.language,
        expected_hidden,
        today,
    )
    if session is None:
        return False
    evaluation = session.evaluation()
    outcome = evaluation.outcome
    if reached is not None:
        reached.outcomes.add(outcome.id)
        reached.flags.update(evaluation.flag_ids)
    if outcome.id != example.expect["outcome"]:
        rule = "the 'otherwise' outcome" if outcome.when is None else f"outcome rule {evaluation.outcome_rule} '{outcome.id}' (when: {outcome.when.source})"
        problems.error(
            where,
            f"{label}: expected outcome '{example.expect['outcome']}', got '{outcome.id}'; {rule} matched",
        )
    expected_flags = set(example.expect["flags"])
    actual_flags = set(evaluation.flag_ids)
    if expected_flags != actual_flags:
        missing = expected_flags - actual_flags
        extra = actual_flags - expected_flags
        parts = [f"expected flags {_ids(expected_flags)}, got {_ids(actual_flags)}"]
        if missing:
            parts.append(f"not raised: {', '.join(sorted(missing))}")
        if extra:
            parts.append(f"raised but not expected: {', '.join(sorted(extra))}")
        problems.error(where, f"{label}: " + "; ".join(parts))
    for score_id, expected in (example.expect.get("scores") or {}).items():
        actual = evaluation.scores.get(score_id)
        if actual is None or round(float(actual), 2) != round(float(expected), 2):
            problems.error(
                source.where(example.path + ("expect", "scores", score_id)),
                f"{label}: expected score {score_id} = {_number(expected)}, got {_number(actual)}",
            )
    visible = {question.id for question in session.visible_questions}
    for index, question_id in enumerate(expected_hidden):
        if question_id in visible:
            problems.error(
                source.where(example.path + ("expect", "hidden", index)),
                f"{label}: expected '{question_id}' to be hidden, but it is shown",
            )
    return len(problems.errors) == errors_before


def run_examples(questionnaire: Questionnaire, today: _dt.date | None = None, reached: Reached | None = None) -> tuple[int, list[Problem]]:
    """Run every example; returns (how many passed, problems including warnings). ``reached``
    collects what the examples' answer sets reached."""
    problems = ProblemCollector(questionnaire.path)
    passed = sum(run_example(questionnaire, example, problems, today, reached) for example in questionnaire.examples)
    return passed, problems.problems
