"""The JSON Schema as editors use it: the first error a validator reports is at the mistake.

yaml-language-server and VS Code's YAML extension validate with the schema and
show the most relevant error; `jsonschema.exceptions.best_match` picks it the
same way (deepest, least ambiguous first). Each broken file below must get its
first error at the node the clinician got wrong, with words about that node, not
"missing property" from another question type's branch.
"""

from __future__ import annotations

import json
import os

import jsonschema
import pytest
from jsonschema.exceptions import best_match

from screening.engine.format.yaml_source import parse_yaml
from tests.conftest import MINIMAL, ROOT, run_cli

SCHEMA = json.loads((ROOT / "schema" / "questionnaire.schema.json").read_text(encoding="utf-8"))


def first_error(text: str) -> tuple[tuple[int, int], str]:
    data, source = parse_yaml("f.yaml", text)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    error = best_match(validator.iter_errors(data))
    assert error is not None, "the schema accepted a broken file"
    return source.where(tuple(error.absolute_path)), error.message


def vary(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


BROKEN = [
    pytest.param(vary("text: How bad?\n", "text: How bad?\n        options: []\n"), (19, 9), "'options' was unexpected", id="options-on-a-scale"),
    pytest.param(vary("type: single_choice\n", "type: single_choice\n        options_: []\n"), (29, 9), "'options_' was unexpected", id="choice-without-options"),
    pytest.param(vary("type: single_choice", "type: single-choice"), (30, 15), "'single-choice' is not one of", id="unknown-type"),
    pytest.param(vary("not_sure: true", 'not_sure: "yes"'), (38, 19), "'yes' is not of type 'boolean'", id="quoted-boolean"),
    pytest.param(vary("min: 0", "min: ten"), (14, 14), "'ten' is not valid", id="integer-bound-as-words"),
    pytest.param(vary("max_length: 20", "max_length: 0"), (49, 21), "0 is less than the minimum of 1", id="text-question-setting"),
    pytest.param(vary("        type: yes_no\n", ""), (36, 9), "'type' is a required property", id="question-without-type"),
    pytest.param(vary("severity: urgent", "severity: urgnet"), (62, 15), "'urgnet' is not one of", id="flag-severity"),
]


@pytest.mark.parametrize("text, where, words", BROKEN)
def test_first_error_is_at_the_mistake(text, where, words):
    found_where, message = first_error(text)
    assert found_where == where, message
    assert words in message


def test_the_valid_file_passes():
    data, _ = parse_yaml("f.yaml", MINIMAL)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "questionnaires").glob("*.yaml")))
def test_bundled_schema_comment_resolves_from_both_folders(name):
    for folder in (ROOT / "questionnaires", ROOT / "src" / "screening" / "questionnaires"):
        first = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = first.split("$schema=", 1)[1]
        # an editor joins the path to the folder as opened, without resolving links
        resolved = os.path.normpath(os.path.join(str(folder), target))
        assert os.path.isfile(resolved), resolved
        assert json.loads(open(resolved, encoding="utf-8").read()) == SCHEMA


def test_schema_output_writes_the_file(tmp_path):
    target = tmp_path / "q.schema.json"
    result = run_cli("schema", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == SCHEMA
    missing = run_cli("schema", "--output", str(tmp_path / "nowhere" / "q.json"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_yaml_language_server_puts_the_first_error_at_the_mistake():
    from tests.authoring.yaml_language_server import diagnostics, find_server

    binary = find_server()
    if binary is None:
        pytest.skip("yaml-language-server is not installed (.ci/run installs it with npm)")
    cases = [case.values for case in BROKEN]
    found = diagnostics(binary, ROOT / "schema" / "questionnaire.schema.json", [text for text, _, _ in cases])
    # what the server says, per case: (1-based line, 1-based column) of the first diagnostic, and its words
    expected = {
        "options-on-a-scale": ((22, 9), "Property options is not allowed."),  # on the key itself
        "choice-without-options": ((31, 9), "Property options_ is not allowed."),
        "unknown-type": ((30, 15), 'Value is not accepted. Valid values: "date", "duration", "integer", "multi_choice", "note", "number", "scale", "single_choice", "text", "yes_no".'),
        "quoted-boolean": ((38, 19), 'Incorrect type. Expected "boolean".'),
        "integer-bound-as-words": ((14, 14), 'Incorrect type. Expected "integer | null".'),
        "text-question-setting": ((49, 21), "Value is below the minimum of 1."),
        "question-without-type": ((36, 9), 'Missing property "type".'),
        "flag-severity": ((62, 15), 'Value is not accepted. Valid values: "urgent", "review", "info".'),
    }
    for case, reported in zip(BROKEN, found):
        assert reported, f"{case.id}: no diagnostic"
        first = min(reported, key=lambda d: (d["range"]["start"]["line"], d["range"]["start"]["character"]))
        start = first["range"]["start"]
        assert ((start["line"], start["character"] + 1), first["message"]) == expected[case.id], case.id
        assert all("Missing property" not in d["message"] for d in reported if case.id != "question-without-type"), reported
