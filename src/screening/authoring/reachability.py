"""Which outcomes and flags some answer set can reach, decided by trying them all.

Exact where the answers that matter have few enough possible values: choice,
yes/no and scale answers, bounded integers, and numbers (integer, number,
duration) that the rules only compare with constants: for those, one value
per stretch between the constants stands for every value in it. The walk
runs in file order, so a hidden question is tried only as unanswered, as the
app would leave it. When an answer that matters has no such finite set (a
date, a text, a number used in arithmetic), or there are too many
combinations, the result says so instead of guessing.

An outcome or flag that some real answer set reaches needs no search: the
file's examples (run by ``validate`` anyway) are such answer sets, and so is
every random answer set tried when there are too many to try them all. Once
everything has been reached the question is decided, and the search stops.
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import TYPE_CHECKING, Any

from screening.engine.expressions import Binary, Call, Compiled, Literal, Name, Node
from screening.engine.expressions.tree import children
from screening.engine.run.questionnaire import Question, Questionnaire
from screening.engine.run.rules import SEVERITY_ORDER, lazy_environment

if TYPE_CHECKING:
    from screening.engine.run.examples import Reached

MAX_COMBINATIONS = 20_000
MAX_MULTI_OPTIONS = 10
SAMPLE = 1_000  # random answer sets tried when there are too many to try them all
SAMPLE_STEPS = 30_000  # ... fewer for long files (at most this many questions walked), none under MIN_SAMPLE
MIN_SAMPLE = 200


def _count(number: int) -> str:
    return f"about {number:,}" if number < 10**12 else f"more than 10^{len(str(number)) - 1}"
_COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


class Reachability:
    """(Plain classes here, not dataclasses: `validate` runs this on every save of a file, and
    generating a dataclass costs about 0.4 ms of its start-up.)"""

    def __init__(self, decided: bool, why_not: str = ""):
        self.decided = decided
        self.why_not = why_not  # when not decided
        self.reached_outcomes: set[str] = set()
        self.raised_flags: set[str] = set()
        # outcome id -> id of the earlier outcome that took every answer set meeting its condition
        self.shadowed_by: dict[str, str] = {}
        self.combinations = 0
        self.sampled = 0  # random answer sets tried when there were too many to try all (what they reached is real)


def _rules(questionnaire: Questionnaire) -> list[Compiled]:
    found = [score.expression for score in questionnaire.scores]
    found += [flag.when for flag in questionnaire.flags]
    found += [outcome.when for outcome in questionnaire.outcomes if outcome.when is not None]
    for section in questionnaire.sections:
        found += [section.show_if] if section.show_if is not None else []
        found += [q.show_if for q in section.questions if q.show_if is not None]
    return found


def _read_by(questionnaire: Questionnaire, rules: list[Compiled]) -> set[str]:
    """The question ids ``rules`` read, directly or through scores."""
    scores = questionnaire.score_by_id
    names: set[str] = set()
    pending = list(rules)
    while pending:
        compiled = pending.pop()
        for name in compiled.names - names:
            names.add(name)
            if name in scores:
                pending.append(scores[name].expression)
    return {name for name in names if name in questionnaire.question_by_id}


def _blame(questionnaire: Questionnaire, result: Reachability, questions: list[Question], uses: _Uses) -> str:
    """Why it was not decided, naming a question that a rule not reached yet reads (the first
    such question in file order may be one that only already-reached rules read)."""
    missing = [o.when for o in questionnaire.outcomes if o.when is not None and o.id not in result.reached_outcomes]
    missing += [f.when for f in questionnaire.flags if f.id not in result.raised_flags]
    read = _read_by(questionnaire, missing)
    for question in questions:
        if question.id in read:
            domain = _domain(question, uses)
            if isinstance(domain, str):
                return domain
    return ""


def _relevant(questionnaire: Questionnaire) -> list[Question]:
    """Questions the rules read (through scores too), with those their visibility reads."""
    rules = [flag.when for flag in questionnaire.flags] + [o.when for o in questionnaire.outcomes if o.when is not None]
    wanted = _read_by(questionnaire, rules)
    while True:
        shown_by = [
            show_if
            for question in questionnaire.questions
            if question.id in wanted
            for show_if in (question.show_if, question.section.show_if)
            if show_if is not None
        ]
        more = _read_by(questionnaire, shown_by) - wanted
        if not more:
            return [question for question in questionnaire.questions if question.id in wanted]
        wanted |= more


class _Uses:
    """How the rules use each name: the constants it is compared with, the options tested with
    'in', and whether it is ever used any other way (then neither list stands for it)."""

    def __init__(self) -> None:
        self.constants: dict[str, list[float]] = {}
        self.tested: dict[str, set[str]] = {}
        self.other: set[str] = set()
        self.other_than_in: set[str] = set()


def _uses(rules: list[Compiled]) -> _Uses:
    uses = _Uses()

    def visit(node: Node, parent: Node | None) -> None:
        if isinstance(node, Name):
            name = node.name
            if isinstance(parent, Call) and parent.function == "answered":
                return
            if isinstance(parent, Binary) and parent.op in ("in", "not in") and parent.right is node and isinstance(parent.left, Literal):
                uses.tested.setdefault(name, set()).add(str(parent.left.value))
                uses.other.add(name)  # not a number comparison
                return
            uses.other_than_in.add(name)
            if isinstance(parent, Binary) and parent.op in _COMPARISONS:
                other = parent.right if parent.left is node else parent.left
                if isinstance(other, Literal) and isinstance(other.value, (int, float)) and not isinstance(other.value, bool):
                    uses.constants.setdefault(name, []).append(float(other.value))
                    return
            uses.other.add(name)
            return
        for child in children(node):
            visit(child, node)

    for compiled in rules:
        if compiled.tree is not None:
            visit(compiled.tree, None)
    return uses


def _subsets(question: Question, uses: _Uses) -> list[Any] | str:
    """The selections worth trying: every one, or (when the rules only ask whether an
    option is in it) every combination of the options they ask about, plus one other."""
    plain = [o.id for o in question.options if not o.exclusive]
    exclusive = [o.id for o in question.options if o.exclusive]
    least = question.settings.get("min_selected") or 1
    most = question.settings.get("max_selected") or len(plain)
    if len(question.options) > MAX_MULTI_OPTIONS:
        tested = uses.tested.get(question.id, set())
        if question.id in uses.other_than_in or most < len(plain):
            how = (
                f"used other than as 'option' in {question.id} (in count(), for example)"
                if question.id in uses.other_than_in
                else "limited by max_selected"
            )
            return (
                f"'{question.id}' has {len(question.options)} options and its answer is {how}: too many "
                f"selections to try (every one is tried for at most {MAX_MULTI_OPTIONS} options)"
            )
        others = [o for o in plain if o not in tested]
        plain = [o for o in plain if o in tested] + others[:1]  # one untested option stands for them all
        exclusive = [o for o in exclusive if o in tested] + [o for o in exclusive if o not in tested][:1]
        least, most = min(least, len(plain)), len(plain)
    values: list[Any] = [frozenset(c) for size in range(least, most + 1) for c in combinations(plain, size)]
    return values + [frozenset([o]) for o in exclusive]


def _numeric_stand_ins(question: Question, constants: list[float]) -> list[Any]:
    low, high = question.minimum, question.maximum
    whole = question.type == "integer"
    points: set[float] = set()
    for c in constants:
        if whole:
            points.update({math.floor(c) - 1, math.floor(c), math.ceil(c), math.ceil(c) + 1})
        else:
            points.update({c - 1, c, c + 1})
    ordered = sorted(points)
    if not whole:  # a value strictly between each pair of neighbours
        ordered = sorted(set(ordered) | {(a + b) / 2 for a, b in zip(ordered, ordered[1:])})
    if not ordered:
        ordered = [0.0]
    for bound in (low, high):
        if bound is not None:
            ordered.append(bound)
    kept = [v for v in ordered if (low is None or v >= low) and (high is None or v <= high)]
    if question.type == "duration" or not whole:
        return sorted(set(kept))
    return sorted({int(v) for v in kept})


def _domain(question: Question, uses: _Uses) -> list[Any] | str:
    """Every value worth trying (None: unanswered), or why there is no such list."""
    values: list[Any]
    if question.type in ("single_choice", "yes_no"):
        values = list(question.option_ids)
    elif question.type == "multi_choice":
        subsets = _subsets(question, uses)
        if isinstance(subsets, str):
            return subsets
        values = subsets
    elif question.type == "scale" or (question.type == "integer" and question.minimum is not None and question.maximum is not None and question.maximum - question.minimum <= 200):
        values = list(range(int(question.minimum), int(question.maximum) + 1))
    elif question.type in ("integer", "number", "duration"):
        constants = uses.constants.get(question.id, [])
        if question.id in uses.other:
            return f"'{question.id}' ({question.type}) is used in arithmetic or compared with other answers"
        values = _numeric_stand_ins(question, constants)
    else:
        return f"'{question.id}' is a {question.type} answer"
    if not question.required:
        values.append(None)
    return values


def reachability(questionnaire: Questionnaire, limit: int = MAX_COMBINATIONS, witnessed: Reached | None = None) -> Reachability:
    """What some answer set reaches. ``witnessed``: what real answer sets (the file's examples) were
    seen to reach; each is proof, so when they reach everything nothing needs trying."""
    outcomes = questionnaire.outcomes
    flags = questionnaire.flags
    result = Reachability(True)
    if witnessed is not None:
        result.reached_outcomes |= witnessed.outcomes & {outcome.id for outcome in outcomes}
        result.raised_flags |= witnessed.flags & {flag.id for flag in flags}

    def everything() -> bool:
        return len(result.reached_outcomes) == len(outcomes) and len(result.raised_flags) == len(flags)

    if everything():
        return result
    uses = _uses(_rules(questionnaire))
    questions = _relevant(questionnaire)
    samples = min(SAMPLE, SAMPLE_STEPS // max(1, len(questions)))
    samples = samples if samples >= MIN_SAMPLE else 0  # too few to say anything
    domains: list[list[Any]] = []
    bound = 1
    for question in questions:
        domain = _domain(question, uses)
        if isinstance(domain, str):
            result.decided, result.why_not = False, _blame(questionnaire, result, questions, uses) or domain
            return result
        domains.append(domain)
        bound *= len(domain)
        if bound > limit * 2 and not samples:  # no use building the rest
            result.decided, result.why_not = False, f"more than {limit * 2:,} answer combinations to try; the limit is {limit:,}"
            return result
    too_many = bound > limit * 2  # visibility prunes some, rarely more than half
    if too_many:
        result.why_not = f"{_count(bound)} answer combinations to try; the limit is {limit:,}"
    values: dict[str, Any] = {}
    env = lazy_environment(questionnaire, values)

    def leaf() -> None:
        env.scores.clear()
        raised = [flag for flag in flags if flag.when.evaluate(env)]
        raised.sort(key=lambda f: SEVERITY_ORDER[f.severity])
        env.flags = frozenset(f.id for f in raised)
        env.severities = frozenset(f.severity for f in raised)
        result.raised_flags.update(env.flags)
        first = None
        for outcome in outcomes:
            if outcome.when is None or outcome.when.evaluate(env):
                if first is None:
                    first = outcome.id
                    result.reached_outcomes.add(first)
                elif outcome.id not in result.shadowed_by:
                    result.shadowed_by[outcome.id] = first
                if outcome.when is None:
                    break

    def visible(question: Question) -> bool:
        env.scores.clear()
        for show_if in (question.section.show_if, question.show_if):
            if show_if is not None and not show_if.evaluate(env):
                return False
        return True

    def walk(index: int) -> bool:
        """False when the walk stopped early: at the limit, or with everything reached."""
        if index == len(questions):
            if result.combinations == limit:
                return False  # one more than the limit: not tried
            result.combinations += 1
            leaf()
            return not everything()
        question = questions[index]
        choices = domains[index] if visible(question) else [None]
        for value in choices:
            if value is None:
                values.pop(question.id, None)
            else:
                values[question.id] = value
            if not walk(index + 1):
                return False
        values.pop(question.id, None)
        return True

    def sample(count: int) -> None:
        """Random answer sets, walked as the app would: evidence, which decides once it has reached everything."""
        import random  # only for files too large to try every answer set

        rng = random.Random(0)  # the same note on every run
        for _ in range(count):
            values.clear()
            for question, domain in zip(questions, domains):
                if visible(question):
                    value = rng.choice(domain)
                    if value is not None:
                        values[question.id] = value
            leaf()
            result.sampled += 1
            if everything():
                break
        result.decided = everything()

    if too_many:
        sample(samples)
    elif not walk(0) and not everything():
        result.why_not = f"more than {limit:,} answer combinations to try"
        sample(samples)  # what the walk reached so far is kept: each was a real answer set
    return result
