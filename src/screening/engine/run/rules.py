"""Scores, flags and the outcome, with the reasons that fired them."""

from __future__ import annotations

import datetime as _dt
import weakref
from dataclasses import dataclass, field
from typing import Any

from screening.engine.expressions import Compiled, Environment
from screening.engine.numbers import rounded
from screening.engine.run.dependencies import plan_for
from screening.engine.run.questionnaire import Flag, Outcome, Questionnaire

SEVERITY_ORDER = {"urgent": 0, "review": 1, "info": 2}


@dataclass(frozen=True)
class Reason:
    """One answer or score that an expression read, with its value then."""

    name: str
    kind: str  # "answer" or "score"
    value: Any


@dataclass
class RaisedFlag:
    flag: Flag
    reasons: list[Reason]

    @property
    def id(self) -> str:
        return self.flag.id

    @property
    def severity(self) -> str:
        return self.flag.severity


@dataclass
class Evaluation:
    scores: dict[str, Any]
    raised_flags: list[RaisedFlag]  # urgent, then review, then info; file order within each
    outcome: Outcome
    outcome_rule: int  # 1-based position of the outcome that matched
    outcome_reasons: list[Reason] = field(default_factory=list)

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
        self._env = weakref.ref(env)

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
    questionnaire: Questionnaire, values: dict[str, Any], today: _dt.date | None = None, env: Environment | None = None
) -> Evaluation:
    """Scores, raised flags and outcome for the expression values of visible answers.

    ``env``: the walk's environment for the same ``values``, so scores it already
    computed are not computed again."""
    if env is None or env.answers is not values:
        env = lazy_environment(questionnaire, values, today)
    scores = {score.id: env.scores.get(score.id) for score in questionnaire.scores}
    raised = [RaisedFlag(flag, reasons(questionnaire, flag.when, env)) for flag in questionnaire.flags if flag.when.evaluate(env)]
    raised.sort(key=lambda r: SEVERITY_ORDER[r.severity])  # stable: file order within a severity
    env.flags = frozenset(r.id for r in raised)
    env.severities = frozenset(r.severity for r in raised)
    for number, outcome in enumerate(questionnaire.outcomes, start=1):
        if outcome.when is None:
            return Evaluation(scores, raised, outcome, number, [])
        if outcome.when.evaluate(env):
            return Evaluation(scores, raised, outcome, number, reasons(questionnaire, outcome.when, env))
    raise AssertionError("the loader guarantees a final 'otherwise' outcome")  # pragma: no cover
