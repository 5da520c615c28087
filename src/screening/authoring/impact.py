"""The impact of a change: evaluate the same answer sets under two versions of a file.

Answer sets come from stored submissions (their answers in answer-file form)
or from a folder of answer files. Each set is checked against each version the
way `evaluate` would, except that a question the new version adds may stay
unanswered (a stored submission cannot answer it); a set one version cannot
read is counted with the reason, never silently dropped.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screening.engine.run.answers import AnswerError, parse_answer
from screening.engine.problems import FileError
from screening.engine.run.questionnaire import Questionnaire
from screening.engine.run.rules import Evaluation
from screening.engine.run.session import Session
from screening.engine.format.yaml_source import load_yaml_file

EXAMPLES_PER_CHANGE = 3


@dataclass(frozen=True)
class AnswerSet:
    id: str
    answers: dict[str, Any]


@dataclass
class Impact:
    old_id: str
    old_version: str
    new_id: str
    new_version: str
    total: int = 0
    compared: int = 0
    outcome_changes: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    flags_raised: dict[str, list[str]] = field(default_factory=dict)
    flags_cleared: dict[str, list[str]] = field(default_factory=dict)
    not_compared: dict[str, list[str]] = field(default_factory=dict)  # reason -> set ids
    unanswered_new: Counter = field(default_factory=Counter)  # questions the new version asks that sets lack
    warnings: list[str] = field(default_factory=list)  # about the two files themselves

    def to_json(self) -> dict[str, Any]:
        return {
            "warnings": list(self.warnings),
            "old": {"id": self.old_id, "version": self.old_version},
            "new": {"id": self.new_id, "version": self.new_version},
            "answer_sets": self.total,
            "compared": self.compared,
            "not_replayed": self.total - self.compared,
            "outcome_changes": [
                {"from": old, "to": new, "count": len(ids), "examples": ids[:EXAMPLES_PER_CHANGE]}
                for (old, new), ids in sorted(self.outcome_changes.items(), key=lambda item: -len(item[1]))
            ],
            "flags_raised": {flag: {"count": len(ids), "examples": ids[:EXAMPLES_PER_CHANGE]} for flag, ids in sorted(self.flags_raised.items())},
            "flags_cleared": {flag: {"count": len(ids), "examples": ids[:EXAMPLES_PER_CHANGE]} for flag, ids in sorted(self.flags_cleared.items())},
            "not_compared": {reason: {"count": len(ids), "examples": ids[:EXAMPLES_PER_CHANGE]} for reason, ids in sorted(self.not_compared.items())},
            "unanswered_in_new": dict(self.unanswered_new),
        }


def answer_sets_from_store(store: Any) -> list[AnswerSet]:
    sets = []
    for submission in store.submissions():
        responses = submission.payload.get("responses")
        if responses is None:
            responses = {"__locked__": True} if submission.encrypted else {}
        sets.append(AnswerSet(submission.id[:12], responses))
    return sets


def answer_sets_from_dir(folder: str) -> list[AnswerSet]:
    sets = []
    for path in sorted(Path(folder).iterdir()):
        if path.suffix.lower() not in (".yaml", ".yml", ".json") or not path.is_file():
            continue
        try:
            data, _ = load_yaml_file(str(path), 1024 * 1024)
        except FileError as exc:
            sets.append(AnswerSet(path.name, {"__unreadable__": str(exc.problems[0])}))
            continue
        sets.append(AnswerSet(path.name, data if isinstance(data, dict) else {"__unreadable__": "not a mapping"}))
    return sets


def _evaluate(questionnaire: Questionnaire, answers: dict[str, Any]) -> tuple[Evaluation | None, str, list[str]]:
    """(evaluation, reason it could not be evaluated, unanswered required questions)."""
    if "__locked__" in answers:
        return None, "encrypted: give --encrypt-key-file", []
    if "__unreadable__" in answers:
        return None, f"unreadable answer file: {answers['__unreadable__']}", []
    parsed = {}
    for question_id, raw in answers.items():
        question = questionnaire.question_by_id.get(question_id)
        if question is None or raw is None:
            continue  # a question this version does not ask
        try:
            parsed[question_id] = parse_answer(question, raw)
        except AnswerError as exc:
            return None, f"'{question_id}' does not fit: {exc.detail}", []
    session = Session(questionnaire)
    session.load_answers(parsed)
    return session.evaluation(), "", [q.id for q in session.missing_required()]


def _rules(questionnaire: Questionnaire) -> dict[str, str]:
    """Everything that decides a result, by what it is: expressions, severities, option values."""
    rules: dict[str, str] = {}
    for score in questionnaire.scores:
        rules[f"score '{score.id}'"] = " ".join(score.expression.source.split())
    for flag in questionnaire.flags:
        rules[f"flag '{flag.id}'"] = f"{flag.severity}: {' '.join(flag.when.source.split())}"
    for number, outcome in enumerate(questionnaire.outcomes, start=1):
        rules[f"outcome '{outcome.id}'"] = f"{number}: {' '.join(outcome.when.source.split()) if outcome.when else 'otherwise'}"
    for question in questionnaire.questions:
        shown = [c.source for c in (question.section.show_if, question.show_if) if c is not None]
        values = [(o.id, o.value, o.exclusive) for o in question.options]
        bounds = {k: question.settings.get(k) for k in ("min", "max", "min_selected", "max_selected")}
        rules[f"question '{question.id}'"] = repr((question.type, shown, values, bounds, question.required))
    return rules


def file_warnings(old: Questionnaire, new: Questionnaire) -> list[str]:
    """What a reader of the comparison must know about the two files themselves."""
    warnings = []
    if old.id != new.id:
        warnings.append(f"the files have different ids ('{old.id}' and '{new.id}'): are they versions of the same questionnaire?")
    before, after = _rules(old), _rules(new)
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    if old.version == new.version and changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        warnings.append(
            f"the version is '{new.version}' in both files, but the rules changed ({shown}); "
            "give the new file a new version, so each stored result says which rules made it"
        )
    dropped = [q for q in old.questions if q.id not in new.question_by_id]
    added = [q for q in new.questions if q.id not in old.question_by_id]
    for question in dropped:
        twin = next((q for q in added if _same_question(old, question, new, q)), None)
        if twin is not None:
            warnings.append(
                f"question '{question.id}' seems renamed to '{twin.id}' (same type, text and options): "
                f"stored answers to '{question.id}' are not read by the new version"
            )
        else:
            warnings.append(f"question '{question.id}' was dropped: stored answers to it are not read by the new version")
    for question in old.questions:
        other = new.question_by_id.get(question.id)
        if other is not None and other.type != question.type:
            warnings.append(f"question '{question.id}' changed type ({question.type} -> {other.type}): stored answers may not fit")
    return warnings


def _same_question(old: Questionnaire, a: Any, new: Questionnaire, b: Any) -> bool:
    return (
        a.type == b.type
        and a.option_ids == b.option_ids
        and (old.text(a.text) == new.text(b.text) or (a.option_ids != () and len(a.option_ids) > 2))
    )


def compare(old: Questionnaire, new: Questionnaire, sets: list[AnswerSet]) -> Impact:
    impact = Impact(old.id, old.version, new.id, new.version, total=len(sets), warnings=file_warnings(old, new))
    for answer_set in sets:
        before, reason, _ = _evaluate(old, answer_set.answers)
        if before is None:
            impact.not_compared.setdefault(f"old version: {reason}", []).append(answer_set.id)
            continue
        after, reason, unanswered = _evaluate(new, answer_set.answers)
        if after is None:
            impact.not_compared.setdefault(f"new version: {reason}", []).append(answer_set.id)
            continue
        impact.compared += 1
        impact.unanswered_new.update(q for q in unanswered if q not in old.question_by_id)
        if before.outcome.id != after.outcome.id:
            impact.outcome_changes.setdefault((before.outcome.id, after.outcome.id), []).append(answer_set.id)
        old_flags, new_flags = set(before.flag_ids), set(after.flag_ids)
        for flag in sorted(new_flags - old_flags):
            impact.flags_raised.setdefault(flag, []).append(answer_set.id)
        for flag in sorted(old_flags - new_flags):
            impact.flags_cleared.setdefault(flag, []).append(answer_set.id)
    return impact


def render_impact(impact: Impact, format: str = "text") -> str:
    if format == "json":
        return json.dumps(impact.to_json(), indent=2) + "\n"
    data = impact.to_json()
    lines = [f"Impact of {impact.old_id} {impact.old_version} -> {impact.new_id} {impact.new_version}"]
    lines += [f"warning: {warning}" for warning in impact.warnings]
    skipped = impact.total - impact.compared
    lines.append(
        f"{impact.compared} of {impact.total} answer sets compared"
        + (f"; {skipped} could not be replayed (why: 'Not replayed' below)." if skipped else ".")
    )
    lines.append("")
    changed = sum(change["count"] for change in data["outcome_changes"])
    lines.append(f"Outcomes: {changed} would change." if changed else "Outcomes: none would change.")
    for change in data["outcome_changes"]:
        lines.append(f"  {change['count']:>5}  {change['from']} -> {change['to']}   (e.g. {', '.join(change['examples'])})")
    for title, key in (("Flags newly raised", "flags_raised"), ("Flags no longer raised", "flags_cleared")):
        if data[key]:
            lines.append(f"{title}:")
            for flag, entry in data[key].items():
                lines.append(f"  {entry['count']:>5}  {flag}   (e.g. {', '.join(entry['examples'])})")
    if not data["flags_raised"] and not data["flags_cleared"]:
        lines.append("Flags: none would change.")
    if data["unanswered_in_new"]:
        lines.append("Questions the new version adds, unanswered in these sets (evaluated as no answer):")
        for question_id, count in sorted(data["unanswered_in_new"].items()):
            lines.append(f"  {count:>5}  {question_id}")
    if data["not_compared"]:
        lines.append(f"Not replayed ({skipped}):")
        for reason, entry in data["not_compared"].items():
            lines.append(f"  {entry['count']:>5}  {reason}   (e.g. {', '.join(entry['examples'])})")
    return "\n".join(lines) + "\n"
