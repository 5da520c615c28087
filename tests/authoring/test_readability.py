"""Plain language: Flesch-Kincaid grades, and the bundled English text stays at grade 8 or below."""

from __future__ import annotations

from screening.authoring.readability import MIN_WORDS, grade_texts, warnings
from screening.engine.loader import load_questionnaire
from tests.conftest import BUNDLED, MINIMAL, run_cli


def test_bundled_english_has_no_warning():
    questionnaire = load_questionnaire(str(BUNDLED))
    graded = grade_texts(questionnaire)
    assert warnings(questionnaire, graded) == []
    english = [g for g in graded if g.language == "en"]
    assert len([g for g in english if g.grade is not None]) >= 10  # the long texts were really graded
    assert {g.language for g in graded} == {"en", "es"}


def test_hard_text_warns_at_its_line(write):
    hard = "Notwithstanding multidisciplinary considerations, pharmacological interventions necessitate comprehensive individualized evaluation prior to administration."
    path = write(MINIMAL.replace("text: Fine.", f"text: {hard}"))
    questionnaire = load_questionnaire(path)
    [problem] = warnings(questionnaire, grade_texts(questionnaire))
    assert (problem.line, problem.col) == (85, 11)
    assert problem.severity == "warning"
    assert "outcome ok: Flesch-Kincaid grade" in problem.message


def test_short_texts_are_not_graded(write):
    questionnaire = load_questionnaire(write(MINIMAL))
    graded = {g.what: g for g in grade_texts(questionnaire)}
    assert graded["question age"].grade is None and graded["question age"].words < MIN_WORDS


def test_validate_readability_from_the_command_line(write):
    result = run_cli("validate", "--readability", str(BUNDLED))
    assert result.returncode == 0
    assert "GRADE" in result.stdout and "question self_harm_thoughts" in result.stdout
    assert "warning" not in result.stderr
    hard = "Notwithstanding multidisciplinary considerations, pharmacological interventions necessitate comprehensive individualized evaluation prior to administration."
    path = write(MINIMAL.replace("text: Fine.", f"text: {hard}"))
    result = run_cli("validate", "--readability", "--quiet", path)
    assert result.returncode == 0  # a warning, not an error
    assert f"\n{path}:85:11: warning: outcome ok: Flesch-Kincaid grade" in result.stderr
