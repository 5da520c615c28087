"""Plain language: the Flesch-Kincaid grade of every patient-facing English text.

Uses textstat (the optional `readability` extra). Flesch-Kincaid is an English
formula and means little for a few words ("Completely" grades 20), so texts of
fewer than MIN_WORDS words are reported as too short to grade; texts in other
languages are listed but not graded.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening.authoring.texts import patient_texts
from screening.engine.problems import Problem
from screening.engine.run.questionnaire import Questionnaire

MAX_GRADE = 8.0
MIN_WORDS = 10


class ReadabilityUnavailable(Exception):
    pass


@dataclass(frozen=True)
class Graded:
    line: int
    col: int
    what: str
    language: str
    grade: float | None  # None: not graded (too short, or not English)
    words: int
    text: str


def _grader():  # type: ignore[no-untyped-def]
    try:
        import textstat
    except ImportError:
        raise ReadabilityUnavailable("--readability needs the readability extra: pip install 'screening[readability]'") from None
    return textstat.flesch_kincaid_grade


def grade_texts(questionnaire: Questionnaire) -> list[Graded]:
    grade = _grader()
    source = questionnaire.source
    graded = []
    for placed in patient_texts(questionnaire):
        words = len(placed.text.split())
        value = None
        if placed.language == "en" and words >= MIN_WORDS:
            value = float(grade(placed.text))
        line, col = source.where(placed.path)
        graded.append(Graded(line, col, placed.what, placed.language, value, words, placed.text))
    return graded


def warnings(questionnaire: Questionnaire, graded: list[Graded]) -> list[Problem]:
    return [
        Problem(questionnaire.path, g.line, g.col, f"{g.what}: Flesch-Kincaid grade {g.grade:.1f} is above {MAX_GRADE:g}; use shorter words and sentences", "warning")
        for g in graded
        if g.grade is not None and g.grade > MAX_GRADE
    ]


def report(graded: list[Graded]) -> str:
    lines = [f"{'LINE':>5}  {'GRADE':>5}  {'LANG':4}  WHAT"]
    for g in graded:
        shown = f"{g.grade:5.1f}" if g.grade is not None else ("short" if g.language == "en" else "    -")
        lines.append(f"{g.line:>5}  {shown:>5}  {g.language:4}  {g.what}")
    return "\n".join(lines) + "\n"
