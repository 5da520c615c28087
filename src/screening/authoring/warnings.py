"""Warnings: content that loads and runs, but is probably not what the author meant.

``screening validate`` prints them as ``PATH:LINE:COL: warning: MESSAGE`` and
still exits 0 (``--strict`` makes them fail). What could not be decided is a
``note``, which never fails a run. Kept out of the loader: a kiosk never pays
for these checks at start-up.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from screening.authoring.reachability import reachability
from screening.authoring.texts import patient_texts
from screening.engine.expressions import tokenize
from screening.engine.problems import Problem
from screening.engine.run.questionnaire import Questionnaire

if TYPE_CHECKING:
    from screening.engine.run.examples import Reached

_COMMENT_AFTER = re.compile(r"[ \t]+#")


def file_warnings(questionnaire: Questionnaire, witnessed: Reached | None = None) -> list[Problem]:
    """Every warning (and note) for a loaded questionnaire, in file order. ``witnessed``: what
    the file's examples reached (see :func:`screening.engine.run.examples.run_examples`)."""
    found: list[Problem] = []
    found += cut_texts(questionnaire)
    found += duplicate_conditions(questionnaire)
    found += unreachable(questionnaire, witnessed)
    found += uncovered(questionnaire)
    found += import_placeholders(questionnaire)
    found += app_languages(questionnaire)
    return sorted(found, key=lambda p: (p.line, p.col, p.message))


def _problem(questionnaire: Questionnaire, where: tuple[int, int], message: str, severity: str = "warning") -> Problem:
    return Problem(questionnaire.path, where[0], where[1], message, severity)


PLACEHOLDER_OUTCOME = "fhir_import_placeholder"  # written by `screening fhir import`


def app_languages(questionnaire: Questionnaire) -> list[Problem]:
    """A file in a language the app itself does not speak: its texts are translated, but the
    app's own words (instructions, buttons, the crisis add-on, the summary's headings) are not."""
    from screening.i18n import LANGUAGES

    missing = [language for language in questionnaire.languages if language not in LANGUAGES]
    if not missing:
        return []
    source = questionnaire.source
    where = source.where(("languages",)) if source.has_key(("languages",)) else (1, 1)
    return [
        _problem(
            questionnaire,
            where,
            f"the app's own words exist in {', '.join(LANGUAGES)} only; a person who chooses "
            f"{', '.join(repr(language) for language in missing)} reads this file's texts in that language but the "
            "instructions, buttons, crisis add-on and summary headings in English (add the language to "
            "src/screening/i18n.py first)",
        )
    ]


def import_placeholders(questionnaire: Questionnaire) -> list[Problem]:
    """A file made by ``fhir import`` has a placeholder outcome until a clinician writes the real ones."""
    return [
        _problem(
            questionnaire,
            questionnaire.source.where(("outcomes", index, "id")),
            f"the outcome '{PLACEHOLDER_OUTCOME}' is a placeholder from `screening fhir import`: "
            "a clinician must write the real outcomes (and flags) before this file is used",
        )
        for index, outcome in enumerate(questionnaire.outcomes)
        if outcome.id == PLACEHOLDER_OUTCOME
    ]


def cut_texts(questionnaire: Questionnaire) -> list[Problem]:
    """``text: Do you smoke? #1 question``: YAML reads `` #...`` as a comment, so the
    patient sees "Do you smoke?" only. Warned at the '#'."""
    source = questionnaire.source
    lines = source.text.split("\n")
    commented = {number for number, line in enumerate(lines) if _COMMENT_AFTER.search(line) and line.lstrip()[:1] != "#"}
    found: list[Problem] = []
    if not commented:
        return found
    for placed in patient_texts(questionnaire):
        span = source.value(placed.path)
        if span.style is not None or span.end_line not in commented:
            continue
        rest = lines[span.end_line][span.end_col :]
        match = _COMMENT_AFTER.match(rest)
        if not match:
            continue
        comment = rest[match.end() - 1 :].strip()
        where = (span.end_line + 1, span.end_col + match.end())
        found.append(
            _problem(
                questionnaire,
                where,
                f"{placed.what}: the text stops before '{_short(comment)}', because ' #' starts a YAML comment; "
                "if it belongs to the text, put the whole text in quotes",
            )
        )
    return found


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _normal(source: str) -> str:
    """An expression as its tokens, so spacing and quote style do not matter."""
    return " ".join(token.text.replace('"', "'") for token in tokenize(source))


def duplicate_conditions(questionnaire: Questionnaire) -> list[Problem]:
    source = questionnaire.source
    first: dict[str, tuple[str, int]] = {}
    found = []
    for index, outcome in enumerate(questionnaire.outcomes):
        if outcome.when is None:
            continue
        key = _normal(outcome.when.source)
        if key in first:
            earlier, line = first[key]
            found.append(
                _problem(
                    questionnaire,
                    source.where(("outcomes", index, "when")),
                    f"outcome '{outcome.id}' has the same condition as outcome '{earlier}' (line {line}), "
                    "which comes first, so it can never apply; change one of the conditions or remove one",
                )
            )
        else:
            first[key] = (outcome.id, source.where(("outcomes", index, "when"))[0])
    return found


def unreachable(questionnaire: Questionnaire, witnessed: Reached | None = None) -> list[Problem]:
    source = questionnaire.source
    result = reachability(questionnaire, witnessed=witnessed)
    if not result.decided:
        message = f"whether every outcome and flag can be reached was not decided: {result.why_not}"
        missed = [f"outcome '{o.id}'" for o in questionnaire.outcomes if o.id not in result.reached_outcomes]
        missed += [f"flag '{f.id}'" for f in questionnaire.flags if f.id not in result.raised_flags]
        if not result.sampled and witnessed is not None and questionnaire.examples and missed:
            message += f"; the examples did not reach {', '.join(missed)} (check them with examples)"
        if result.sampled:
            tried = ["the examples"] if witnessed is not None and questionnaire.examples else []
            tried += [f"{result.combinations:,} answer sets in file order"] if result.combinations else []
            tried.append(f"{result.sampled:,} random answer sets")
            tried_text = ", ".join(tried[:-1]) + " and " + tried[-1] if len(tried) > 1 else tried[0]
            message += f"; {tried_text} did not reach {', '.join(missed)} (check them with examples)"
        return [_problem(questionnaire, source.key_where(("outcomes",)), message, "note")]
    duplicates = {p.line for p in duplicate_conditions(questionnaire)}
    found = []
    for index, outcome in enumerate(questionnaire.outcomes):
        where = source.where(("outcomes", index, "when" if outcome.when is not None else "otherwise"))
        if outcome.id in result.reached_outcomes or where[0] in duplicates:
            continue
        if outcome.id in result.shadowed_by:
            why = f"every answer set that meets its condition meets an earlier outcome's first ('{result.shadowed_by[outcome.id]}')"
            fix = "move it above that outcome or narrow the earlier condition"
        else:
            why = "no answer set meets its condition"
            fix = "check the condition against the questions' options and ranges"
        found.append(_problem(questionnaire, where, f"outcome '{outcome.id}' can never apply: {why}; {fix}"))
    for index, flag in enumerate(questionnaire.flags):
        if flag.id not in result.raised_flags:
            found.append(
                _problem(
                    questionnaire,
                    source.where(("flags", index, "when")),
                    f"flag '{flag.id}' can never be raised: no answer set meets its condition",
                )
            )
    return found


def uncovered(questionnaire: Questionnaire) -> list[Problem]:
    """Outcomes and flags that no example checks, or no examples at all."""
    source = questionnaire.source
    if not questionnaire.examples:
        where = source.key_where(("examples",)) if source.has_key(("examples",)) else (1, 1)
        return [
            _problem(
                questionnaire,
                where,
                "the file has no examples, so `validate` cannot check its rules; "
                "add a few under 'examples:' (answers and the outcome and flags they should give)",
            )
        ]
    outcomes: set[str] = set()
    flags: set[str] = set()
    for example in questionnaire.examples:
        expect: dict[str, Any] = example.expect
        outcomes.add(expect.get("outcome"))
        flags.update(expect.get("flags") or [])
    found = []
    for index, outcome in enumerate(questionnaire.outcomes):
        if outcome.id not in outcomes:
            found.append(
                _problem(
                    questionnaire,
                    source.where(("outcomes", index, "id")),
                    f"no example ends in outcome '{outcome.id}'; add one so `validate` checks its rule",
                )
            )
    for index, flag in enumerate(questionnaire.flags):
        if flag.id not in flags:
            found.append(
                _problem(
                    questionnaire,
                    source.where(("flags", index, "id")),
                    f"no example raises flag '{flag.id}'; add one so `validate` checks its rule",
                )
            )
    return found
