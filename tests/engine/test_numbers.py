"""One numeric policy for files, answers and outputs; strict dates; JSON escapes."""

from __future__ import annotations

import json

import pytest

from screening.engine.dates import parse_iso_date
from screening.engine.format.yaml_source import parse_yaml
from screening.engine.numbers import MAX_MAGNITUDE, number_text
from screening.engine.problems import FileError
from screening.engine.run.summary import format_number
from tests.conftest import MINIMAL, run_cli

OUT_OF_POLICY = {
    "1e400": "too large",
    "-1e400": "too large",
    "1" * 400: "too large",
    "-" + "9" * 5000: "too large",  # past Python's own 4,300-digit int() limit
    "10000000000000001": "too large",
    ".nan": "not a number",
    ".NaN": "not a number",
    ".inf": "infinite",
    "-.inf": "infinite",
    "0x" + "f" * 40: "too large",
}

ANSWERS = "age: 40\npain: 2 years\nlevel: 5\nkinds: [b]\nsad: 'no'\n"


@pytest.mark.parametrize(
    "value, shown",
    [(1234567, "1234567"), (1234567.0, "1234567"), (0.1, "0.1"), (2.5, "2.5"), (-0.5, "-0.5"), (1e-05, "0.00001"),
     (10**15, "1000000000000000"), (1e15, "1000000000000000"), (123456.789, "123456.789"), (True, "1")],
)
def test_numbers_are_shown_exactly_never_with_an_exponent(value, shown):
    assert number_text(value) == shown


def test_scores_show_two_decimals_exactly():
    assert format_number(1234567) == "1234567"
    assert format_number(1234567.891) == "1234567.89"
    assert format_number(0.1) == "0.1"
    assert format_number(3.0) == "3"


@pytest.mark.parametrize("text, problem", OUT_OF_POLICY.items())
def test_numbers_in_yaml_files_are_refused_where_they_stand(text, problem):
    with pytest.raises(FileError) as caught:
        parse_yaml("f.yaml", f"a: 1\nmax:  {text}\n")
    message = str(caught.value)
    assert message.startswith("f.yaml:2:7: error: the number ")
    assert problem in message and "put it in quotes" in message


def test_numbers_at_the_bound_and_quoted_text_are_kept():
    data, _ = parse_yaml("f.yaml", f"a: {MAX_MAGNITUDE}\nb: -{MAX_MAGNITUDE}\nc: '1e400'\nd: 1e-400\ne: 0.1\n")
    assert data == {"a": MAX_MAGNITUDE, "b": -MAX_MAGNITUDE, "c": "1e400", "d": 0.0, "e": 0.1}


def test_a_questionnaire_with_an_infinite_maximum_is_a_located_error(write):
    path = write(MINIMAL.replace("max: 120\n", "max: .inf\n"))
    result = run_cli("validate", path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{path}:15:14: error: the number .inf is infinite" in result.stdout + result.stderr


@pytest.mark.parametrize("text", ["1e400", "-1e400", "1" * 400, ".nan", ".inf"])
@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_answer_files_with_numbers_beyond_the_bound(write, tmp_path, text, suffix):
    questionnaire = write(MINIMAL)
    if suffix == "json":
        if text.startswith("."):
            text = {".nan": "NaN", ".inf": "Infinity"}[text]  # what Python's json writes
        body = '{"age": 40, "pain": "2 years", "level": 5, "kinds": ["b"], "sad": "no", "weight": ' + text + "}"
    else:
        body = ANSWERS + f"weight: {text}\n"
    answers = tmp_path / f"answers.{suffix}"
    answers.write_text(body, encoding="utf-8")
    result = run_cli("evaluate", questionnaire, "--answers", str(answers), "--format", "json")
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert f"{answers}:" in result.stderr + result.stdout  # located in the answer file


def test_json_output_never_holds_infinity(write, tmp_path):
    """A score past the bound has no value (null), like a division by zero."""
    text = MINIMAL.replace("      total: value(detail) + level", "      total: weight * weight * weight")
    answers = tmp_path / "a.yaml"
    answers.write_text(ANSWERS + f"weight: {MAX_MAGNITUDE}\n", encoding="utf-8")
    result = run_cli("evaluate", write(text), "--answers", str(answers), "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"{name} in the JSON output"))
    assert summary["scores"]["total"] is None
    assert f'"value": {MAX_MAGNITUDE}' in result.stdout  # shown exactly, not 1e+15


def test_large_numbers_reach_outputs_exactly(write, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text(ANSWERS + "weight: 1234567\n", encoding="utf-8")
    result = run_cli("evaluate", write(MINIMAL), "--answers", str(answers), "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "1234567" in result.stdout and "e+06" not in result.stdout


@pytest.mark.parametrize(
    "text, message",
    [
        ("2024-2-30", "write a date as YYYY-MM-DD (for example 2024-02-29), not '2024-2-30'"),
        ("20240230", "write a date as YYYY-MM-DD (for example 2024-02-29), not '20240230'"),
        ("2024-W09-4", "write a date as YYYY-MM-DD"),
        ("2024-02-30", "'2024-02-30' is not a date: February 2024 has 29 days"),
        ("2023-02-29", "'2023-02-29' is not a date: February 2023 has 28 days"),
        ("2024-13-01", "'2024-13-01' is not a date: there is no month 13"),
        ("2024-02-29T00:00", "write a date as YYYY-MM-DD"),
    ],
)
def test_dates_are_strict(text, message):
    with pytest.raises(ValueError) as caught:
        parse_iso_date(text)
    assert message in str(caught.value)


def test_a_valid_leap_day():
    assert parse_iso_date("2024-02-29").isoformat() == "2024-02-29"


@pytest.mark.parametrize("date", ["2024-2-30", "2024-02-30", "20240230"])
def test_lax_dates_in_answer_files_are_refused_clearly(write, tmp_path, date):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"age": 40, "pain": "2 years", "level": 5, "kinds": ["b"], "sad": "no", "when": date}))
    result = run_cli("evaluate", write(MINIMAL), "--answers", str(answers))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    output = result.stdout + result.stderr
    assert f"{answers}:1:" in output and "'when'" in output
    assert ("YYYY-MM-DD" in output) or ("has 29 days" in output)


def test_lax_date_in_an_expression_is_a_located_error(write):
    text = MINIMAL.replace("when: age < 18\n", "when: when < '2024-2-30'\n")
    result = run_cli("validate", write(text))
    assert result.returncode == 1
    assert "write a date as YYYY-MM-DD" in result.stdout + result.stderr


def test_json_surrogate_pairs_are_one_character(write, tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(
        '{"age": 40, "pain": "2 years", "level": 5, "kinds": ["b"], "sad": "no", "notes": "ok \\ud83d\\ude00 \\\\ud800"}'
    )
    result = run_cli("evaluate", write(MINIMAL), "--answers", str(answers), "--format", "json")
    assert result.returncode == 0, result.stderr
    notes = [a for a in json.loads(result.stdout)["answers"] if a["id"] == "notes"][0]
    assert notes["value"] == "ok \U0001f600 \\ud800"  # an escaped backslash stays a backslash


def test_a_lone_surrogate_in_json_is_refused_where_it_stands(write, tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text('{"age": 40,\n "notes": "a \\ud800 b"}')
    result = run_cli("evaluate", write(MINIMAL), "--answers", str(answers))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{answers}:2:14: error: '\\ud800' is half of a character (a lone surrogate)" in result.stdout + result.stderr
