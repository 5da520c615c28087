"""Scores, flags and the outcome, with the reasons that fired them."""

from __future__ import annotations

import datetime as _dt
from _weakref import ref as _weak_ref  # weakref.ref itself, without the weakref module's imports
from typing import Any

from screening.engine.expressions import Compiled, Environment
from screening.engine.numbers import rounded
from screening.engine.run.dependencies import plan_for
from screening.engine.run.questionnaire import Flag, Outcome, Questionnaire

SEVERITY_ORDER = {"urgent": 0, "review": 1, "info": 2}


class Reason:
    """One answer or score that an expression read, with its value then."""

    __slots__ = ("name", "kind", "value")

    def __init__(self, name: str, kind: str, value: Any):
        self.name = name
        self.kind = kind  # "answer" or "score"
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reason) and (self.name, self.kind, self.value) == (other.name, other.kind, other.value)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Reason({self.name!r}, {self.kind!r}, {self.value!r})"


class RaisedFlag:
    __slots__ = ("flag", "reasons")

    def __init__(self, flag: Flag, reasons: list[Reason]):
        self.flag = flag
        self.reasons = reasons

    def __repr__(self) -> str:
        return f"RaisedFlag({self.flag.id!r}, {self.reasons!r})"

    @property
    def id(self) -> str:
        return self.flag.id

    @property
    def severity(self) -> str:
        return self.flag.severity


class Evaluation:
    # Plain classes here and above, not dataclasses: see run/questionnaire.py.
    __slots__ = ("scores", "raised_flags", "outcome", "outcome_rule", "outcome_reasons", "basis")

    def __init__(
        self,
        scores: dict[str, Any],
        raised_flags: list[RaisedFlag],  # urgent, then review, then info; file order within each
        outcome: Outcome,
        outcome_rule: int,  # 1-based position of the outcome that matched
        outcome_reasons: list[Reason] | None = None,
        basis: tuple[dict[str, Any], _dt.date] | None = None,  # the values and day it was computed for
    ):
        self.scores = scores
        self.raised_flags = raised_flags
        self.outcome = outcome
        self.outcome_rule = outcome_rule
        self.outcome_reasons = outcome_reasons if outcome_reasons is not None else []
        self.basis = basis

    def __repr__(self) -> str:
        return f"Evaluation({self.outcome.id!r}, flags={self.flag_ids!r}, scores={self.scores!r})"

    @property
    def flag_ids(self) -> list[str]:
        return [raised.id for raised in self.raised_flags]

    @property
    def urgent(self) -> list[RaisedFlag]:
        return [raised for raised in self.raised_flags if raised.severity == "urgent"]


class _Scores(dict):
    """Scores computed on first use, so a show_if can read one mid-walk.

    Reading a score computes it and the scores it reads that are not known
    yet, in dependency order (a loop, not recursion: chains can be long).
    ``forget(name)`` drops only the scores that read ``name``.
    """

    def __init__(self, questionnaire: Questionnaire, env: Environment):
        super().__init__()
        self._questionnaire = questionnaire
        self._plan = plan_for(questionnaire)
        # weak: the environment holds this dict, and a cycle between them would
        # leave every walk's objects to the cyclic garbage collector
        self._env = _weak_ref(env)

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        if name not in self:
            if name not in self._plan.position:
                return default
            by_id = self._questionnaire.score_by_id
            env = self._env()
            for score_id in self._plan.needed(name, self):
                self[score_id] = rounded(by_id[score_id].expression.evaluate(env))
        return dict.get(self, name, default)

    def forget(self, name: str) -> None:
        """An answer to ``name`` changed: drop the scores that depend on it."""
        if self:
            for score_id in self._plan.affected(name):
                self.pop(score_id, None)


def lazy_environment(questionnaire: Questionnaire, values: dict[str, Any], today: _dt.date | None = None) -> Environment:
    """An environment whose scores follow ``values``; after changing ``values[id]``,
    call ``env.scores.forget(id)``."""
    env = Environment(values, today=today)
    env.scores = _Scores(questionnaire, env)
    return env


def reasons(questionnaire: Questionnaire, compiled: Compiled, env: Environment) -> list[Reason]:
    """The answers and scores that made a condition true, with their values now."""
    found: dict[str, Reason] = {}
    for name in compiled.explain(env):
        if name in questionnaire.score_by_id:
            found[name] = Reason(name, "score", env.scores.get(name))
        else:
            found[name] = Reason(name, "answer", env.answers.get(name))
    return list(found.values())


def evaluate(
    questionnaire: Questionnaire,
    values: dict[str, Any],
    today: _dt.date | None = None,
    env: Environment | None = None,
    previous: Evaluation | None = None,
) -> Evaluation:
    """Scores, raised flags and outcome for the expression values of visible answers.

    ``env``: the walk's environment for the same ``values``, so scores it already
    computed are not computed again. ``previous``: the last evaluation of the same
    person's answers; a flag none of whose names changed since is not evaluated again.
    """
    if env is None or env.answers is not values:
        env = lazy_environment(questionnaire, values, today)
    scores = {score.id: env.scores.get(score.id) for score in questionnaire.scores}
    changed = _changed_since(previous, values, scores, env.today)
    kept = {raised.id: raised for raised in previous.raised_flags} if changed is not None and previous else {}
    names = plan_for(questionnaire).flag_names
    raised = []
    for flag in questionnaire.flags:
        if changed is not None and names[flag.id].isdisjoint(changed):
            if flag.id in kept:
                raised.append(kept[flag.id])
        elif flag.when.evaluate(env):
            raised.append(RaisedFlag(flag, reasons(questionnaire, flag.when, env)))
    raised.sort(key=lambda r: SEVERITY_ORDER[r.severity])  # stable: file order within a severity
    env.flags = frozenset(r.id for r in raised)
    env.severities = frozenset(r.severity for r in raised)
    for number, outcome in enumerate(questionnaire.outcomes, start=1):
        if outcome.when is None:
            return Evaluation(scores, raised, outcome, number, [], (values, env.today))
        if outcome.when.evaluate(env):
            return Evaluation(scores, raised, outcome, number, reasons(questionnaire, outcome.when, env), (values, env.today))
    raise AssertionError("the loader guarantees a final 'otherwise' outcome")  # pragma: no cover


def _changed_since(previous: Evaluation | None, values: dict[str, Any], scores: dict[str, Any], today: _dt.date) -> set[str] | None:
    """The answers and scores whose values differ from ``previous`` (None: everything may have)."""
    if previous is None or previous.basis is None or previous.basis[1] != today:
        return None
    before = previous.basis[0]
    changed = {name for name in values.keys() | before.keys() if values.get(name) != before.get(name)}
    changed.update(name for name, value in scores.items() if previous.scores.get(name) != value)
    return changed
