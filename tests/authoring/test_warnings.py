"""Warnings: valid but questionable content, at its line, and `validate --strict`."""

from __future__ import annotations

import pytest

from screening.authoring.reachability import reachability
from screening.authoring.warnings import file_warnings
from screening.engine.loader import load_questionnaire
from tests.conftest import BUNDLED, MINIMAL, ROOT, run_cli

# Covers every outcome and flag of MINIMAL, so a variant warns only about what it changes.
EXAMPLES = """
examples:
  - name: young
    answers: {age: 12, pain: 2 years, level: 1, kinds: [b], sad: "no"}
    expect: {outcome: young, flags: []}
  - name: short
    answers: {age: 40, pain: 3 weeks, level: 1, kinds: [b], sad: "no"}
    expect: {outcome: short, flags: []}
  - name: review
    answers: {age: 40, pain: 2 years, level: 9, kinds: [b], sad: "no"}
    expect: {outcome: review, flags: [high]}
  - name: ok, and urgent
    answers: {age: 40, pain: 2 years, level: 1, kinds: [b], sad: "yes"}
    expect: {outcome: ok, flags: [sad_flag]}
"""
FULL = MINIMAL + EXAMPLES


def warned(write, text: str) -> list[str]:
    path = write(text)
    return [str(p).replace(path, "F") for p in file_warnings(load_questionnaire(path))]


def add_outcome(text: str, outcome: str) -> str:
    anchor = "  - id: ok\n    otherwise: true"
    assert anchor in text
    return text.replace(anchor, outcome + anchor, 1)


def test_the_full_minimal_file_has_no_warning(write):
    assert warned(write, FULL) == []


def test_bundled_files_have_no_warning():
    for path in sorted((ROOT / "questionnaires").glob("*.yaml")):
        found = [p for p in file_warnings(load_questionnaire(str(path))) if p.severity == "warning"]
        assert found == [], [str(p) for p in found]


def test_outcome_shadowed_by_a_broader_earlier_one(write):
    text = add_outcome(FULL, "  - id: child\n    when: age < 10\n    title: Child\n    text: A child.\n")
    assert warned(write, text) == [
        "F:82:9: warning: no example ends in outcome 'child'; add one so `validate` checks its rule",
        "F:83:11: warning: outcome 'child' can never apply: every answer set that meets its condition meets "
        "an earlier outcome's first ('young'); move it above that outcome or narrow the earlier condition",
    ]


def test_outcome_no_answer_can_meet(write):
    text = add_outcome(FULL, "  - id: beyond\n    when: level > 10\n    title: Beyond\n    text: Off the scale.\n")
    found = warned(write, text)
    assert "F:83:11: warning: outcome 'beyond' can never apply: no answer set meets its condition; " \
        "check the condition against the questions' options and ranges" in found


def test_flag_never_raised(write):
    text = FULL.replace("when: level >= 8", "when: level >= 11")
    assert warned(write, text) == [
        "F:67:11: warning: flag 'high' can never be raised: no answer set meets its condition",
        # the only review flag was 'high', so the outcome that waits for one cannot apply either
        "F:79:11: warning: outcome 'review' can never apply: no answer set meets its condition; "
        "check the condition against the questions' options and ranges",
    ]


def test_duplicate_outcome_conditions(write):
    text = add_outcome(FULL, '  - id: minor\n    when: "age<18"\n    title: Minor\n    text: Minor.\n')
    found = warned(write, text)
    assert found[0] == (
        "F:82:9: warning: no example ends in outcome 'minor'; add one so `validate` checks its rule"
    )
    assert found[1] == (
        "F:83:11: warning: outcome 'minor' has the same condition as outcome 'young' (line 71), which comes first, "
        "so it can never apply; change one of the conditions or remove one"
    )
    assert len(found) == 2  # not also reported as unreachable


def test_outcomes_and_flags_no_example_covers(write):
    text = MINIMAL + EXAMPLES.split("  - name: short")[0]  # only the 'young' example
    assert warned(write, text) == [
        "F:61:9: warning: no example raises flag 'sad_flag'; add one so `validate` checks its rule",
        "F:65:9: warning: no example raises flag 'high'; add one so `validate` checks its rule",
        "F:74:9: warning: no example ends in outcome 'short'; add one so `validate` checks its rule",
        "F:78:9: warning: no example ends in outcome 'review'; add one so `validate` checks its rule",
        "F:82:9: warning: no example ends in outcome 'ok'; add one so `validate` checks its rule",
    ]


def test_no_examples_at_all(write):
    assert warned(write, MINIMAL) == [
        "F:1:1: warning: the file has no examples, so `validate` cannot check its rules; "
        "add a few under 'examples:' (answers and the outcome and flags they should give)"
    ]
    assert warned(write, MINIMAL + "examples: []\n")[0].startswith("F:86:1: warning: the file has no examples")


def test_hash_inside_an_unquoted_text_cut_it(write):
    text = FULL.replace("text: Age?", "text: Do you smoke? #1 question")
    assert warned(write, text) == [
        "F:13:29: warning: question age: the text stops before '#1 question', because ' #' starts a YAML comment; "
        "if it belongs to the text, put the whole text in quotes"
    ]
    assert warned(write, FULL.replace("text: Age?", 'text: "Do you smoke? #1 question"')) == []


def test_undecided_reachability_is_a_note_not_a_warning(write):
    text = add_outcome(FULL, "  - id: said\n    when: notes == 'x'\n    title: Said\n    text: Said.\n")
    notes = [w for w in warned(write, text) if ": note: " in w]
    assert notes == ["F:69:1: note: whether every outcome and flag can be reached was not decided: 'notes' is a text answer"]


def test_reachability_is_exact_on_a_finite_file(write):
    result = reachability(load_questionnaire(write(FULL)))
    assert result.decided and result.reached_outcomes == {"young", "short", "review", "ok"}
    assert result.raised_flags == {"sad_flag", "high"}


def test_validate_prints_warnings_and_strict_fails_on_them(write):
    path = write(FULL.replace("text: Age?", "text: Do you smoke? #1 question"))
    result = run_cli("validate", path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"{path}:13:29: warning: question age: the text stops before '#1 question'")
    assert "1 warning" in result.stdout
    strict = run_cli("validate", "--strict", path)
    assert strict.returncode == 1
    assert f"{path}:13:29: warning:" in strict.stderr
    clean = run_cli("validate", "--strict", write(FULL, "clean.yaml"))
    assert clean.returncode == 0, clean.stderr


def test_strict_fails_on_readability_warnings(write):
    hard = "Notwithstanding multidisciplinary considerations, pharmacological interventions necessitate comprehensive individualized evaluation prior to administration."
    path = write(FULL.replace("text: Fine.", f"text: {hard}"))
    assert run_cli("validate", "--readability", path).returncode == 0
    result = run_cli("validate", "--readability", "--strict", path)
    assert result.returncode == 1
    assert f"{path}:85:11: warning: outcome ok: Flesch-Kincaid grade" in result.stderr


@pytest.mark.parametrize("name", ["ketamine-chronic-pain.yaml"])
def test_bundled_validate_strict_passes(name):
    result = run_cli("validate", "--strict", str(BUNDLED.parent / name))
    assert result.returncode == 0, result.stderr


def test_too_many_combinations_samples_and_names_what_it_never_reached(write):
    # 12 questions of 3 answers: 531,441 combinations, too many; a random sample still walks them
    questions = "".join(
        f"      - id: q{n}\n        type: single_choice\n        text: Q{n}?\n        options: [{{id: a, text: A}}, {{id: b, text: B}}, {{id: c, text: C}}]\n"
        for n in range(12)
    )
    all_c = " and ".join(f"q{n} == 'c'" for n in range(12))
    text = (
        'format: 1\nid: many\nversion: "1"\ntitle: Many\ndisclaimer: D.\nsections:\n  - id: s\n    title: S\n    questions:\n'
        + questions
        + f'outcomes:\n  - id: all_c\n    when: "{all_c}"\n    title: All C\n    text: All C.\n'
        + "  - id: first_a\n    when: q0 == 'a'\n    title: A\n    text: A.\n"
        + "  - id: rest\n    otherwise: true\n    title: Rest\n    text: Rest.\n"
    )
    notes = [w for w in warned(write, text) if ": note: " in w]
    assert notes == [
        "F:58:1: note: whether every outcome and flag can be reached was not decided: about 531,441 answer combinations "
        "to try; the limit is 20,000; 1,000 random answer sets did not reach outcome 'all_c' (check them with examples)"
    ]


def test_a_language_the_app_does_not_speak_is_warned_about(write):
    import re

    from tests.conftest import BUNDLED

    text = re.sub(r"\bes:", "fr:", BUNDLED.read_text(encoding="utf-8")).replace("languages: [en, es]", "languages: [en, fr]")
    found = [w for w in warned(write, text) if "app's own words" in w]
    assert len(found) == 1 and found[0].startswith("F:29:12: warning: the app's own words exist in en, es only")
    assert "'fr'" in found[0]
    assert not [w for w in warned(write, BUNDLED.read_text(encoding="utf-8")) if "app's own words" in w]


def _many(extra_examples: str = "", count: int = 12) -> str:
    """``count`` questions of 3 answers (12: 531,441 combinations, too many to try), an outcome
    only one answer set of them all reaches (every answer 'c'), and one a third reach."""
    questions = "".join(
        f"      - id: q{n}\n        type: single_choice\n        text: Q{n}?\n        options: [{{id: a, text: A}}, {{id: b, text: B}}, {{id: c, text: C}}]\n"
        for n in range(count)
    )
    all_c = " and ".join(f"q{n} == 'c'" for n in range(count))
    return (
        'format: 1\nid: many\nversion: "1"\ntitle: Many\ndisclaimer: D.\nsections:\n  - id: s\n    title: S\n    questions:\n'
        + questions
        + f'outcomes:\n  - id: all_c\n    when: "{all_c}"\n    title: All C\n    text: All C.\n'
        + "  - id: first_a\n    when: q0 == 'a'\n    title: A\n    text: A.\n"
        + "  - id: rest\n    otherwise: true\n    title: Rest\n    text: Rest.\n"
        + extra_examples
    )


def _answers(first: str) -> str:
    """The first answer as given, every other 'c' (all twelve are required)."""
    return "{" + ", ".join(f"q{n}: {first if n == 0 else 'c'}" for n in range(12)) + "}"


def _validate_notes(path: str) -> list[str]:
    result = run_cli("validate", path)
    assert result.returncode == 0, result.stderr
    return [line.replace(path, "F") for line in result.stdout.splitlines() if ": note: " in line]


def test_what_the_examples_reach_needs_no_search(write):
    """An example is a real answer set: the outcomes and flags it reaches are reachable, proved.
    When the examples reach everything, a file too large to try decides at once, without a note."""
    from screening.engine.run.examples import Reached, run_examples

    examples = (
        "examples:\n"
        f"  - name: all c\n    answers: {_answers('c')}\n    expect: {{outcome: all_c, flags: []}}\n"
        f"  - name: a\n    answers: {_answers('a')}\n    expect: {{outcome: first_a, flags: []}}\n"
        f"  - name: rest\n    answers: {_answers('b')}\n    expect: {{outcome: rest, flags: []}}\n"
    )
    questionnaire = load_questionnaire(write(_many(examples)))
    reached = Reached()
    assert run_examples(questionnaire, reached=reached)[0] == 3
    assert reached.outcomes == {"all_c", "first_a", "rest"}
    result = reachability(questionnaire, witnessed=reached)
    assert result.decided and result.reached_outcomes == {"all_c", "first_a", "rest"}
    assert result.sampled == 0 and result.combinations == 0  # nothing tried
    assert _validate_notes(write(_many(examples), "cli.yaml")) == []


def test_examples_that_miss_an_outcome_leave_the_search_to_find_it(write):
    """Examples reach two outcomes; the random sample must find the third, and stops when it has."""
    from screening.engine.run.examples import Reached, run_examples

    examples = (
        "examples:\n"
        f"  - name: a\n    answers: {_answers('a')}\n    expect: {{outcome: first_a, flags: []}}\n"
        f"  - name: rest\n    answers: {_answers('b')}\n    expect: {{outcome: rest, flags: []}}\n"
    )
    questionnaire = load_questionnaire(write(_many(examples)))
    reached = Reached()
    run_examples(questionnaire, reached=reached)
    result = reachability(questionnaire, witnessed=reached)
    assert not result.decided and result.sampled == 1_000  # all_c: one answer set in 531,441
    assert result.reached_outcomes == {"first_a", "rest"}
    assert _validate_notes(write(_many(examples), "cli.yaml")) == [
        "F:58:1: note: whether every outcome and flag can be reached was not decided: about 531,441 answer combinations "
        "to try; the limit is 20,000; the examples and 1,000 random answer sets did not reach outcome 'all_c' "
        "(check them with examples)"
    ]


def test_the_random_sample_stops_once_it_has_reached_everything(write):
    """Without all_c the sample reaches both outcomes within a few answer sets: decided, no note."""
    text = _many().replace("  - id: all_c\n", "  - id: all_c_gone\n")
    text = text.replace("when: \"q0 == 'c' and", "when: \"q0 == 'c' or", 1)  # now common
    questionnaire = load_questionnaire(write(text))
    result = reachability(questionnaire)
    assert result.decided
    assert result.reached_outcomes == {"all_c_gone", "first_a", "rest"}
    assert 0 < result.sampled < 50


def test_bundled_files_validate_without_a_note():
    """Their examples reach every outcome and flag: nothing left undecided for `validate` to say."""
    for path in sorted((ROOT / "questionnaires").glob("*.yaml")):
        result = run_cli("validate", str(path))
        assert result.returncode == 0, result.stderr
        assert ": note: " not in result.stdout, result.stdout


def test_a_walk_cut_short_keeps_what_it_reached_and_samples_the_rest(write):
    """9 questions: 19,683 combinations, walked in file order up to a limit of 10,000; every
    answer set walked is real, so what it reached counts, and the random sample looks further."""
    questionnaire = load_questionnaire(write(_many(count=9)))
    result = reachability(questionnaire, limit=10_000)
    assert result.combinations == 10_000 and result.sampled == 1_000
    assert "first_a" in result.reached_outcomes and "rest" in result.reached_outcomes
    assert not result.decided and result.reached_outcomes == {"first_a", "rest"}  # all 'c' is the last in order
    assert result.why_not == "more than 10,000 answer combinations to try"


def test_a_file_with_exactly_as_many_combinations_as_the_limit_is_decided(write):
    """2 questions of 3 answers: 9 combinations; all 'c' is the last one walked."""
    questionnaire = load_questionnaire(write(_many(count=2)))
    exact = reachability(questionnaire, limit=9)
    assert exact.decided and exact.combinations == 9 and "all_c" in exact.reached_outcomes
    short = reachability(questionnaire, limit=8)
    assert short.combinations == 8 and short.why_not == "more than 8 answer combinations to try"


def test_an_undecided_note_names_what_is_not_reached_and_the_question_it_reads(write):
    """An outcome on a text answer is reached by an example; one on a date answer is not. The note
    is about the second: it names the date question (not the first hard question in file order)
    and the outcome left in doubt."""
    text = (
        'format: 1\nid: t\nversion: "1"\ntitle: T\ndisclaimer: D.\nsections:\n  - id: s\n    title: S\n    questions:\n'
        "      - {id: name, type: text, text: Name?}\n"
        "      - {id: born, type: date, text: Born?}\n"
        "outcomes:\n"
        "  - {id: bob, when: \"name == 'bob'\", title: Bob, text: Bob.}\n"
        "  - {id: old, when: \"born < '1950-01-01'\", title: Old, text: Old.}\n"
        "  - {id: rest, otherwise: true, title: Rest, text: Rest.}\n"
        "examples:\n"
        "  - {name: bob, answers: {name: bob, born: '1990-01-01'}, expect: {outcome: bob, flags: []}}\n"
        "  - {name: rest, answers: {name: ann, born: '1990-01-01'}, expect: {outcome: rest, flags: []}}\n"
    )
    assert _validate_notes(write(text)) == [
        "F:12:1: note: whether every outcome and flag can be reached was not decided: 'born' is a date answer; "
        "the examples did not reach outcome 'old' (check them with examples)"
    ]
