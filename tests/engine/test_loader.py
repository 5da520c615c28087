"""Whole-file checks: each mistake a clinician can make gets one located error."""

from __future__ import annotations

import pytest

from screening.engine.loader import load_questionnaire
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
