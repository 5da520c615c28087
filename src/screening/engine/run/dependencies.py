"""The order scores are computed in, and what to recompute after an answer.

Computed with explicit stacks, never recursion: a file may chain 1,000 scores
(each reading the one before), declared in any order. A questionnaire's plan
is built once, on first use, and kept with it (:func:`plan_for`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from screening.engine.run.questionnaire import Questionnaire


def dependency_order(ids: Iterable[str], reads: Callable[[str], Iterable[str]]) -> tuple[list[str], list[list[str]]]:
    """``ids`` ordered so each comes after those it reads, and every cycle met.

    ``reads(id)`` gives the ids one reads (others are ignored). Visits in the
    given order, dependencies in sorted order, like a depth-first search; a
    cycle is returned as the path that closes it, e.g. ``[a, b, a]``.
    """
    known = list(ids)
    present = set(known)
    state: dict[str, str] = {}  # "active" while on the stack, then "done"
    order: list[str] = []
    cycles: list[list[str]] = []
    for root in known:
        if root in state:
            continue
        state[root] = "active"
        trail = [root]
        stack = [iter(sorted(name for name in reads(root) if name in present))]
        while stack:
            name = next(stack[-1], None)
            if name is None:
                stack.pop()
                done = trail.pop()
                state[done] = "done"
                order.append(done)
                continue
            seen = state.get(name)
            if seen == "done":
                continue
            if seen == "active":
                cycles.append(trail[trail.index(name) :] + [name])
                continue
            state[name] = "active"
            trail.append(name)
            stack.append(iter(sorted(n for n in reads(name) if n in present)))
    return order, cycles


class ScorePlan:
    """For one questionnaire: which scores read which names, in dependency order,
    and what each flag reads."""

    def __init__(self, questionnaire: Questionnaire):
        scores = questionnaire.scores
        self.position = {score.id: index for index, score in enumerate(scores)}
        self.reads: dict[str, tuple[str, ...]] = {}
        self.readers: dict[str, list[str]] = {}  # a question or score id -> the scores that read it
        for score in scores:
            names = tuple(sorted(score.expression.names))
            self.reads[score.id] = tuple(name for name in names if name in self.position)
            for name in names:
                self.readers.setdefault(name, []).append(score.id)
        # what each flag reads (answers and scores), to skip flags nothing of changed
        self.flag_names = {flag.id: frozenset(flag.when.names) for flag in questionnaire.flags}

    def needed(self, score_id: str, known: dict[str, Any]) -> list[str]:
        """``score_id`` and the scores it reads that are not in ``known``, dependencies first."""
        if score_id in known:
            return []
        found = {score_id}
        stack = [score_id]
        while stack:
            for name in self.reads[stack.pop()]:
                if name not in found and name not in known:
                    found.add(name)
                    stack.append(name)
        return sorted(found, key=self.position.__getitem__)

    def affected(self, name: str) -> set[str]:
        """Every score that reads ``name``, directly or through other scores."""
        found: set[str] = set()
        stack = list(self.readers.get(name, ()))
        while stack:
            score_id = stack.pop()
            if score_id not in found:
                found.add(score_id)
                stack.extend(self.readers.get(score_id, ()))
        return found


def plan_for(questionnaire: Questionnaire) -> ScorePlan:
    """The questionnaire's plan, built on first use and kept with it."""
    plan = questionnaire.__dict__.get("_score_plan")
    if plan is None:
        plan = ScorePlan(questionnaire)
        questionnaire.__dict__["_score_plan"] = plan
    return plan
