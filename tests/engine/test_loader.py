"""Whole-file checks: each mistake a clinician can make gets one located error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.engine.loader import load_questionnaire, load_questionnaire_bytes
from screening.engine.problems import FileError
from tests.conftest import BUNDLED, MINIMAL


def problems(write, text: str) -> list[str]:
    path = write(text)
    with pytest.raises(FileError) as caught:
        load_questionnaire(path)
    return [str(p).replace(path, "F") for p in caught.value.problems]


def vary(old: str, new: str, base: str = MINIMAL) -> str:
    assert old in base, old
    return base.replace(old, new, 1)


def test_minimal_and_bundled_files_load(write):
    questionnaire = load_questionnaire(write(MINIMAL))
    assert [q.id for q in questionnaire.questions][:3] == ["age", "pain", "level"]
    bundled = load_questionnaire(str(BUNDLED))
    assert len(bundled.sha256) == 64
    assert bundled.version == "1.1.0"


def test_the_sha256_is_the_file_bytes_whoever_asks_first_and_however_many_at_once():
    """Worked out on first use (validate never asks); the web server's threads may ask together."""
    import hashlib
    from concurrent.futures import ThreadPoolExecutor

    expected = hashlib.sha256(BUNDLED.read_bytes()).hexdigest()
    for _ in range(20):
        questionnaire = load_questionnaire(str(BUNDLED))
        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(lambda _: questionnaire.sha256, range(64))) == {expected}


def test_misspelled_key_is_an_error_with_a_suggestion(write):
    text = vary("show_if: \"'a' in kinds\"", "show_iff: \"'a' in kinds\"")
    assert problems(write, text) == ["F:31:9: error: unknown key 'show_iff' (did you mean 'show_if'?)"]


def test_misspelled_question_type(write):
    text = vary("type: single_choice", "type: single-choice")
    [message] = problems(write, text)
    assert message.startswith("F:30:15: error: unknown question type 'single-choice' (did you mean 'single_choice'?)")


def test_missing_required_key(write):
    [message] = problems(write, vary("title: Mini\n", ""))
    assert message == "F:1:1: error: missing required key 'title'"


def test_version_as_number_says_to_quote_it(write):
    [message] = problems(write, vary('version: "1"', "version: 1.10"))
    assert message == "F:3:10: error: 'version' should be text (a string), not 1.1; put the version in quotes: \"1.1\""


def test_strict_booleans(write):
    [message] = problems(write, vary("required: false\n        unit: kg", 'required: "no"\n        unit: kg'))
    assert "'required' should be true or false, not 'no'" in message


def test_top_level_list_and_empty_file(write):
    assert problems(write, "- a\n- b\n") == ["F:1:1: error: the top level must be a mapping of keys (format, id, ...), not a list"]
    assert problems(write, "") == ["F:1:1: error: the file is empty; a questionnaire starts with 'format: 1'"]


def test_wrong_format_number(write):
    [message] = problems(write, vary("format: 1", "format: 2"))
    assert message == "F:1:9: error: 'format' should be 1, not 2"


def test_duplicate_question_ids(write):
    found = problems(write, vary("id: level\n", "id: age\n"))
    assert found[0] == "F:19:13: error: duplicate question id 'age' (first used on line 11)"


def test_duplicate_option_ids(write):
    [message] = problems(write, vary("{id: b, text: B}", "{id: a, text: B}"))
    assert "duplicate option id 'a'" in message


def test_reserved_word_as_id(write):
    text = vary("id: sad\n", "id: count\n").replace("sad ==", "count ==")
    assert any("'count' is a reserved word" in m for m in problems(write, text))


def test_score_id_clashing_with_question(write):
    text = vary("total: value(detail) + level", "age: value(detail) + level")
    assert any("score id 'age' is already a question id" in m for m in problems(write, text))


def test_missing_translation(write):
    text = vary("title: Mini", "title: Mini\nlanguages: [en, es]")
    found = problems(write, text)
    assert any("F:4:8: error: the title needs a translation for each language (en, es)" in m for m in found)
    text = vary("title: Mini", "title: {en: Mini}\nlanguages: [en, es]")
    assert "F:4:8: error: the title is missing the translation for 'es'" in problems(write, text)


def test_unknown_language_in_text(write):
    text = vary("title: Mini", "title: {en: Mini, fr: Mini}")
    assert problems(write, text) == ["F:4:19: error: 'fr' is not one of the file's languages (en)"]


def test_single_option_choice(write):
    text = vary("          - {id: y, text: Y, value: 2}\n", "").replace("value(detail) + level", "level")
    [message] = problems(write, text)
    assert message == "F:33:9: error: 'options' needs at least 2 items, not 1"


def test_min_above_max(write):
    assert problems(write, vary("min: 0\n        max: 120", "min: 130\n        max: 120")) == [
        "F:14:14: error: 'min' (130) is above 'max' (120)"
    ]


def test_min_selected_above_options(write):
    text = vary("        text: Which?\n", "        text: Which?\n        max_selected: 5\n")
    assert problems(write, text) == ["F:25:23: error: 'max_selected' (5) is more than the 3 options"]


def test_exclusive_only_on_multi_choice(write):
    text = vary("{id: y, text: Y, value: 2}", "{id: y, text: Y, value: 2, exclusive: true}")
    assert any("'exclusive' only applies" in m for m in problems(write, text))


def test_missing_otherwise(write):
    text = vary("  - id: ok\n    otherwise: true\n", "  - id: ok\n    when: age > 1\n")
    assert problems(write, text) == [
        "F:82:5: error: the last outcome must have 'otherwise: true' (what applies when no other outcome does)"
    ]


def test_otherwise_not_last(write):
    text = vary("  - id: young\n    when: age < 18\n", "  - id: young\n    otherwise: true\n")
    text = vary("  - id: ok\n    otherwise: true\n", "  - id: ok\n    when: age > 1\n", text)
    found = problems(write, text)
    assert found == ["F:71:16: error: the 'otherwise' outcome must be the last; outcomes after it could never apply"]


def test_two_otherwise_outcomes(write):
    text = vary("  - id: young\n    when: age < 18\n", "  - id: young\n    otherwise: true\n")
    assert problems(write, text) == ["F:71:16: error: only one outcome may have 'otherwise: true'"]


def test_when_and_otherwise_together(write):
    text = vary("    otherwise: true\n", "    otherwise: true\n    when: age > 3\n")
    assert any("either 'when' or 'otherwise: true', not both" in m for m in problems(write, text))


def test_urgent_flag_without_crisis(write):
    [message] = problems(write, vary("crisis: Call 988.\n", ""))
    assert message.startswith("F:61:15: error: an urgent flag needs a top-level 'crisis' text")


def test_score_cycle(write):
    text = vary("total: value(detail) + level", "total: other + 1\n  other: total + level")
    found = problems(write, text)
    assert any("scores refer to each other in a circle: total -> other -> total" in m for m in found)


def test_forward_reference_in_show_if(write):
    text = vary("show_if: \"'a' in kinds\"", "show_if: \"sad == 'yes'\"")
    assert problems(write, text) == [
        "F:31:19: error: show_if uses 'sad', which is not asked before this question; "
        "a show_if may only use answers to earlier questions"
    ]


def test_show_if_on_itself(write):
    text = vary("show_if: \"'a' in kinds\"", "show_if: \"detail == 'x'\"")
    assert any("show_if uses 'detail'" in m for m in problems(write, text))


def test_show_if_through_a_score_that_reads_later_questions(write):
    text = vary("show_if: \"'a' in kinds\"", "show_if: total > 3")
    [message] = problems(write, text)
    assert "score 'total' reads" in message


def test_expression_errors_are_located_at_their_column(write):
    text = vary("when: sad == 'yes'", "when: sad == 'yess'")
    assert problems(write, text) == [
        "F:63:18: error: 'sad' has no option 'yess' (did you mean 'yes'?); its options are 'yes', 'no', 'not_sure'"
    ]


def test_unknown_name_suggests(write):
    text = vary("when: level >= 8", "when: levle >= 8")
    assert problems(write, text) == ["F:67:11: error: unknown name 'levle' (did you mean 'level'?)"]


def test_number_compared_with_choice(write):
    text = vary("when: sad == 'yes'", "when: sad == 1")
    assert any("'sad' is a choice; compare it with an option id in quotes" in m for m in problems(write, text))


def test_flag_functions_outside_outcomes(write):
    text = vary("when: level >= 8", "when: flagged('sad_flag')")
    assert problems(write, text) == ["F:67:11: error: flagged() can only be used in an outcome's 'when'"]


def test_unknown_flag_in_outcome(write):
    text = vary("when: any_flag('review')", "when: flagged('hihg')")
    assert problems(write, text) == ["F:79:19: error: unknown flag 'hihg' (did you mean 'high'?)"]


def test_syntax_error_in_expression(write):
    text = vary("when: level >= 8", "when: level >= ")
    assert problems(write, text)[0].startswith("F:67:")


def test_twenty_thousand_parentheses_no_recursion_error(write):
    text = vary("when: level >= 8", "when: " + "(" * 20000 + "level >= 8" + ")" * 20000)
    [message] = problems(write, text)
    assert "the limit is 20,000" in message


def test_deep_nesting_within_length_limit(write):
    text = vary("when: level >= 8", "when: " + "(" * 200 + "level >= 8" + ")" * 200)
    [message] = problems(write, text)
    assert "nested more than 30 levels" in message


def test_many_errors_are_all_reported(write):
    text = vary("when: level >= 8", "when: levle >= 8")
    text = vary("when: sad == 'yes'", "when: sad == 'yess'", text)
    text = vary("id: level\n", "id: age\n", text)
    found = problems(write, text)
    assert len(found) >= 3


def test_value_needs_values_on_every_option(write):
    text = vary("{id: y, text: Y, value: 2}", "{id: y, text: Y}")
    assert any("value(detail) needs a 'value' on every option" in m for m in problems(write, text))


def test_bad_date_bound(write):
    text = vary("max: today", "max: 2020-02-30")
    assert any("is not a real date" in m for m in problems(write, text))


def test_block_scalar_expression_error_is_located_on_its_line(write):
    text = vary("when: level >= 8", "when: >-\n          level >= 8 and\n          sad == 'nope'")
    [message] = problems(write, text)
    assert message.startswith("F:69:18:")


def test_comma_in_flow_text_gets_a_hint(write):
    text = vary("{id: b, text: B}", "{id: b, text: B, or else}")
    assert problems(write, text) == [
        "F:27:30: error: unknown key 'or else': a comma inside { } ends the text before it; put text that has commas in quotes"
    ]


# --------------------------------------------------------------- the right node, in plain words

LANGS = vary("title: Mini\n", "title: Mini\nlanguages: [en, es]\n")

PLACED_CASES = [
    pytest.param(
        vary("max_length: 20", "max_length: 0"),
        "F:49:21: error: 'max_length' should be greater than or equal to 1",
        id="type-text-question-blames-its-own-key",
    ),
    pytest.param(
        vary("max_length: 20", "max_length: many"),
        "F:49:21: error: 'max_length' should be a whole number, not 'many'",
        id="type-text-question-wrong-kind",
    ),
    pytest.param(
        vary("text: How bad?\n", "text: How bad?\n        options: []\n"),
        "F:22:9: error: unknown key 'options' in a scale question; 'options' belongs in multi_choice and single_choice questions",
        id="valid-key-in-the-wrong-place-says-where-it-belongs",
    ),
    pytest.param(
        vary("severity: urgent\n", "severity: urgent\n    exclusive: true\n"),
        "F:63:5: error: unknown key 'exclusive' in a flag; 'exclusive' belongs in an option",
        id="option-key-on-a-flag",
    ),
    pytest.param(
        vary("text: Sad?\n", "text: Sad?\n        not_suer: true\n"),
        "F:40:9: error: unknown key 'not_suer' (did you mean 'not_sure'?)",
        id="typo-suggests-a-key-of-this-mapping",
    ),
    pytest.param(
        LANGS.replace("title: Mini", "title: {en: Mini, es: Mini}").replace("text: Age?", "text: {en: Age, years, es: Edad}"),
        "F:14:25: error: a comma inside { } ends the text before it, so 'years' became a key with no text; "
        'put text that has commas in quotes, e.g. en: "Age, years"',
        id="comma-in-bilingual-flow-mapping",
    ),
    pytest.param(
        MINIMAL.replace("  - id: pain", "  -\u00a0id: pain"),
        "F:16:8: error: a non-breaking space (U+00A0) where YAML needs an ordinary space; delete it and type a normal space",
        id="nbsp-after-a-dash-named-on-its-line",
    ),
    pytest.param(
        MINIMAL.replace("text: Age?", "text:\u00a0Age?"),
        "F:13:14: error: a non-breaking space (U+00A0) where YAML needs an ordinary space; delete it and type a normal space",
        id="nbsp-after-a-colon",
    ),
    pytest.param(
        MINIMAL.replace("        text: Age?", "\u00a0       text: Age?"),
        "F:13:1: error: a non-breaking space (U+00A0) where YAML needs an ordinary space; delete it and type a normal space",
        id="nbsp-in-indentation",
    ),
    pytest.param(
        vary("\"'a' in kinds\"", '"level \u2265 3"'),
        "F:31:25: error: '\u2265' is a greater-than-or-equal sign, which expressions do not understand; type >= instead",
        id="greater-or-equal-sign",
    ),
    pytest.param(
        vary("\"'a' in kinds\"", '"level \u2264 3"'),
        "F:31:25: error: '\u2264' is a less-than-or-equal sign, which expressions do not understand; type <= instead",
        id="less-or-equal-sign",
    ),
    pytest.param(
        vary("\"'a' in kinds\"", '"\u2018a\u2019 in kinds"'),
        "F:31:19: error: '\u2018' is a curly opening quote, which expressions do not understand; type a straight quote ' instead",
        id="curly-quotes",
    ),
    pytest.param(
        vary("\"'a' in kinds\"", '"level > 3 \u2013 1"'),
        "F:31:29: error: '\u2013' is an en dash, which expressions do not understand; type - instead",
        id="en-dash",
    ),
    pytest.param(
        vary("\"'a' in kinds\"", '"level > 3 \u2014 1"'),
        "F:31:29: error: '\u2014' is an em dash, which expressions do not understand; type - instead",
        id="em-dash",
    ),
    pytest.param(
        vary("\"'a' in kinds\"", '"level > 3 AND level < 5"'),
        "F:31:29: error: write 'AND' in lowercase: 'and'",
        id="capital-AND",
    ),
    pytest.param(
        vary("\"'a' in kinds\"", '"level > 3 OR level < 5"'),
        "F:31:29: error: write 'OR' in lowercase: 'or'",
        id="capital-OR",
    ),
    pytest.param(
        vary("\"'a' in kinds\"", '"NOT \'a\' in kinds"'),
        "F:31:19: error: write 'NOT' in lowercase: 'not'",
        id="capital-NOT-first-even-where-the-parser-noticed-later",
    ),
    pytest.param(
        vary("when: age < 18", "when: age < \u221218"),
        "F:71:17: error: '\u2212' is a minus sign, which expressions do not understand; type - instead",
        id="unicode-minus",
    ),
    pytest.param(
        vary("{id: a, text: A}", "{id: a, text: A #1}"),
        "F:26:29: error: ' #' starts a YAML comment, so the rest of this line (with its closing bracket) was cut off; "
        "put text that has ' #' in quotes",
        id="hash-inside-a-flow-mapping",
    ),
    pytest.param(
        vary("text: Age?", "text: Note: age?"),
        "F:13:19: error: a ': ' inside unquoted text makes YAML read a new key here; put the whole text in quotes, "
        'e.g. text: "Note: ..."',
        id="colon-inside-unquoted-text",
    ),
    pytest.param(
        MINIMAL.replace("text: Age?", "text:\u200bAge?"),
        "F:13:14: error: a zero-width space (U+200B) where YAML needs an ordinary space; delete it and type a normal space",
        id="zero-width-space",
    ),
    pytest.param(
        LANGS.replace("title: Mini", "title: {en: Miní, es: Miní\x07}"),
        "F:4:27: error: control character U+0007 is not allowed in YAML",
        id="raw-control-character-after-accents",
    ),
    pytest.param(
        MINIMAL.replace("title: Mini", 'title: "Miní\\e[31m"'),
        "F:4:13: error: control character U+001B (escape) in a text, written as '\\e'; remove it: texts may not contain control characters",
        id="escape-written-as-backslash-e",
    ),
    pytest.param(
        MINIMAL.replace("text: Age?", 'text: "Âge \\x1b]0;pwned\\x07"'),
        "F:13:20: error: control character U+001B (escape) in a text, written as '\\x1b'; remove it: texts may not contain control characters",
        id="escape-written-as-x1b",
    ),
    pytest.param(
        MINIMAL.replace("title: Mini", 'title: "Mini\n  and \\u009b more"'),
        "F:5:7: error: control character U+009B in a text, written as '\\u009b'; remove it: texts may not contain control characters",
        id="c1-control-on-a-continuation-line",
    ),
    pytest.param(
        MINIMAL.replace("text: Thanks.", 'text: "Thanks\\x7f"'),
        "F:57:22: error: control character U+007F (delete) in a text, written as '\\x7f'; remove it: texts may not contain control characters",
        id="delete-character",
    ),
]


@pytest.mark.parametrize("text, expected", PLACED_CASES)
def test_each_mistake_is_placed_and_named(write, text, expected):
    assert problems(write, text) == [expected]


def test_did_you_mean_never_suggests_the_word_typed(write):
    for key in ("options", "min_selected", "max_length", "exclusive", "unit"):
        text = vary("text: Sad?\n", f"text: Sad?\n        {key}: 1\n")
        [message] = problems(write, text)
        assert f"did you mean '{key}'" not in message and f"'{key}' belongs in" in message


_ESCAPES = {"\\e": 0x1B, "\\x1b": 0x1B, "\\a": 0x07, "\\x7f": 0x7F, "\\u009b": 0x9B, "\\b": 0x08, "\\x00": 0x00}


@settings(max_examples=40, deadline=None)
@given(
    line=st.sampled_from([4, 5, 6, 13, 17, 21]),  # title, disclaimer, crisis and three question texts
    accents=st.text(alphabet="éñüçàøß¿¡ 漢字", max_size=6),
    escape=st.sampled_from(sorted(_ESCAPES)),
)
def test_an_escaped_control_character_is_found_wherever_it_is(line, accents, escape):
    lines = MINIMAL.split("\n")
    key, value = lines[line - 1].split(": ", 1)
    lines[line - 1] = f'{key}: "{accents}{value}{escape}"'
    with pytest.raises(FileError) as caught:
        load_questionnaire_bytes("F", "\n".join(lines).encode("utf-8"))
    [problem] = caught.value.problems
    column = len(key) + 2 + 1 + len(accents) + len(value) + 1  # key, ': ', the quote, the text, then the escape
    assert (problem.line, problem.col) == (line, column)
    assert problem.message.startswith(f"control character U+{_ESCAPES[escape]:04X}") and f"written as '{escape}'" in problem.message


def test_validate_prints_the_located_error_and_fails(write):
    from tests.conftest import run_cli

    path = write(MINIMAL.replace("text: Age?", "text:\u00a0Age?"))
    result = run_cli("validate", path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"{path}:13:14: error: a non-breaking space (U+00A0) where YAML needs an ordinary space; delete it and type a normal space"
    )


def test_a_non_breaking_space_inside_a_text_is_not_blamed_for_a_later_error(write):
    text = MINIMAL.replace("text: Age?", "text: Votre âge\u00a0?").replace("text: How long?", "text: [How long?")
    [message] = problems(write, text)
    assert "non-breaking" not in message and message.startswith("F:1")
