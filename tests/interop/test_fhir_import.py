"""`screening fhir import`: real public Questionnaires import to files that validate, every loss listed;
bad input is refused with one clear message and exit 1, never a traceback."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from screening.engine.loader import load_questionnaire
from screening.interop.fhir.export import to_fhir_questionnaire
from screening.interop.fhir.importer import import_bytes
from tests.conftest import ROOT, run_cli
from tests.interop.fhir_checks import DATA

REAL = sorted((DATA / "real").glob("*.json"))

# What each real file is known to lose (a warning must name each), so a change in what is
# carried shows up here.
LOSSES = {
    "android-fhir-calculated-expression.json": ["initial values are dropped", "quantity item is asked as a number", "not a sum this import recognises"],
    "android-fhir-skip-logic.json": ["not carried: sdc-questionnaire-itemExtractionContext", "kept as option ids only: Y, N, unknown"],
    "hl7-sdc-phq9.json": ["not carried: rendering-styleSensitive", "answers().sum(value.ordinal())"],
    "lhc-forms-phq9.json": ["not carried: questionnaire-minOccurs", "taken as LOINC: LA6568-5"],
    "researchkit-contained-valueset.json": [],
    "researchkit-skip-logic.json": [],
}


def test_every_real_file_is_listed():
    assert sorted(p.name for p in REAL) == sorted(LOSSES)


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_questionnaires_import_to_files_that_validate(tmp_path, path):
    out = tmp_path / "imported.yaml"
    result = run_cli("fhir", "import", str(path), "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line]
    assert all(": warning: Questionnaire" in line for line in warnings), warnings
    for loss in LOSSES[path.name]:
        assert any(loss in line for line in warnings), (loss, warnings)
    text = out.read_text(encoding="utf-8")
    assert text.count("# warning:") == len(warnings)  # every loss also noted in the YAML
    questionnaire = load_questionnaire(str(out))
    assert questionnaire.outcomes[0].id == "fhir_import_placeholder"
    validated = run_cli("validate", str(out))
    assert validated.returncode == 0 and "placeholder" in validated.stderr


def test_lhc_forms_phq9_keeps_its_loinc_codes_and_its_total_as_a_score():
    result = import_bytes("phq9.json", (DATA / "real" / "lhc-forms-phq9.json").read_bytes())
    assert result.text is not None, result.messages
    path = Path(ROOT / "tests" / "data" / "fhir")  # only for the loader's label
    from screening.engine.loader import load_questionnaire_bytes

    questionnaire = load_questionnaire_bytes(str(path / "phq9.yaml"), result.text.encode())
    assert questionnaire.code[0]["code"] == "44249-1"
    first = questionnaire.questions[0]
    assert first.id == "q_44250_9" and first.code[0]["code"] == "44250-9" and first.required
    assert [o.value for o in first.options] == [0, 1, 2, 3]
    assert first.options[3].code[0] == {"system": "http://loinc.org", "code": "LA6571-9", "display": "Nearly every day"}
    (total,) = questionnaire.scores
    assert total.code[0]["code"] == "44261-6"
    assert total.expression.source.startswith("sum(value(q_44250_9), value(q_44255_8)")
    assert '# FHIR linkId: "/44250-9"' in result.text
    assert questionnaire.question_by_id["q_44260_8"].required is False  # explicit, as the file says


def test_hl7_sdc_phq9_resolves_its_contained_value_set_with_ordinal_values():
    result = import_bytes("sdc.json", (DATA / "real" / "hl7-sdc-phq9.json").read_bytes())
    assert result.text is not None, result.messages
    assert '{id: nearly_every_day, value: 3, text: "Nearly every day", code: [{system: "http://hl7.org/fhir/uv/sdc/CodeSystem/CSPHQ9"' in result.text


def test_skip_logic_and_a_contained_value_set_are_carried():
    result = import_bytes("skip.json", (DATA / "real" / "researchkit-skip-logic.json").read_bytes())
    assert result.text is not None and result.messages == [  # a draft is imported like any other, but not silently
        'skip.json: warning: Questionnaire: not carried: status "draft", publisher, useContext, contact (FHIR metadata this format has no place for)'
    ]
    assert "show_if: \"f0f95365_96d2_4892_9ccf_2e2c0c74a87c == 'yes'\"" in result.text
    contained = import_bytes("vs.json", (DATA / "real" / "researchkit-contained-valueset.json").read_bytes())
    assert contained.text is not None
    assert '{id: "1", text: "Yes", code: [{system: "urn:oid:2.16.578.1.12.4.1.9523", code: "1", display: "Yes"}]}' in contained.text


def test_a_bundled_questionnaire_survives_export_then_import():
    for name in ("phq-9.yaml", "ketamine-chronic-pain.yaml"):
        exported = to_fhir_questionnaire(load_questionnaire(str(ROOT / "questionnaires" / name)))
        result = import_bytes(name + ".json", json.dumps(exported).encode())
        assert result.text is not None, result.messages
        assert "languages: [en, es]" in result.text  # the translations come back
    # Without screening's own extensions (`--no-screening-extensions`, or an EHR that dropped them)
    # the FHIRPath sum is still recognised as the score it was.
    plain = to_fhir_questionnaire(load_questionnaire(str(ROOT / "questionnaires" / "phq-9.yaml")), own_extensions=False)
    phq = import_bytes("phq.json", json.dumps(plain).encode())
    assert phq.text is not None and "fhir_import_placeholder" in phq.text
    assert "  total:\n" in phq.text and 'expr: "sum(value(phq9_1), value(phq9_2)' in phq.text and "44261-6" in phq.text


def _questionnaire(items: list, **extra) -> bytes:
    return json.dumps({"resourceType": "Questionnaire", "status": "draft", **extra, "item": items}).encode()


def _choice(link: str, **extra) -> dict:
    options = [{"valueCoding": {"system": "http://x.org", "code": code}} for code in ("a", "b")]
    return {"linkId": link, "type": "choice", "text": link, "answerOption": options, **extra}


def _deep(levels: int) -> dict:
    item: dict = {"linkId": "leaf", "type": "string", "text": "Leaf"}
    for level in range(levels):
        item = {"linkId": f"g{level}", "type": "group", "text": "G", "item": [item]}
    return item


BAD = {
    "not a questionnaire": (json.dumps({"resourceType": "Patient"}).encode(), "not a FHIR Questionnaire"),
    "a list": (b"[1, 2]", "not a FHIR Questionnaire"),
    "not json": (b'{"resourceType": "Questionnaire",', "not valid JSON"),
    "duplicate linkIds": (_questionnaire([_choice("a"), _choice("a")]), 'the linkId "a" is used twice'),
    "enableWhen on a later item": (
        _questionnaire([_choice("a", enableWhen=[{"question": "b", "operator": "=", "answerCoding": {"code": "a"}}]), _choice("b")]),
        "is not a question asked before this item",
    ),
    "terminology server": (
        _questionnaire([{"linkId": "a", "type": "choice", "text": "A", "answerValueSet": "http://loinc.org/vs/LL358-3"}]),
        "needs a terminology server",
    ),
    "answerInteger holding a string": (
        _questionnaire([{"linkId": "a", "type": "choice", "text": "A", "answerOption": [{"valueInteger": "one"}, {"valueInteger": 2}]}]),
        'answerOption[0].valueInteger: expected an integer, got "one"',
    ),
    "enableWhen answerInteger holding a string": (
        _questionnaire([{"linkId": "n", "type": "integer", "text": "N"}, {"linkId": "b", "type": "string", "text": "B", "enableWhen": [{"question": "n", "operator": ">", "answerInteger": "3"}]}]),
        'enableWhen[0].answerInteger: expected an integer, got "3"',
    ),
    "10,000 items": (_questionnaire([{"linkId": f"q{i}", "type": "string", "text": "Q"} for i in range(10_000)]), "more than 2,000 items"),
    "200 levels of nesting": (_questionnaire([_deep(200)]), "nested more than 20 levels deep"),
    "invalid UTF-8": (b'{"resourceType": "Questionnaire", "title": "caf\xe9"}', "1:48: error: the file is not valid UTF-8 (byte 0xe9)"),
    "a string for required": (_questionnaire([{"linkId": "a", "type": "string", "text": "A", "required": "yes"}]), "required: expected true or false"),
    "NaN": (b'{"resourceType": "Questionnaire", "item": [{"linkId": "a", "type": "integer", "text": "A", "maxLength": NaN}]}', "NaN is not a JSON number"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_is_refused_with_one_clear_message(name):
    data, message = BAD[name]
    result = import_bytes("bad.json", data)
    assert result.text is None
    errors = [line for line in result.messages if ": error: " in line]
    assert len(errors) == 1 and message in errors[0], result.messages


@pytest.mark.parametrize("name", ["duplicate linkIds", "invalid UTF-8", "200 levels of nesting"])
def test_bad_input_through_the_cli_exits_1_without_a_traceback(tmp_path, name):
    path = tmp_path / "bad.json"
    path.write_bytes(BAD[name][0])
    out = tmp_path / "out.yaml"
    result = run_cli("fhir", "import", str(path), "--output", str(out))
    assert result.returncode == 1
    assert BAD[name][1] in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # sparse: 50 MB of size, nothing to read
    started = time.perf_counter()
    result = run_cli("fhir", "import", str(path))
    assert result.returncode == 1 and "the file is 50.0 MB" in result.stderr and "Traceback" not in result.stderr
    assert time.perf_counter() - started < 10


def test_an_import_that_would_not_validate_is_not_written(tmp_path):
    """A score over a choice without values cannot be a sum of value(): refused, nothing written."""
    items = [
        _choice("a"),
        {"linkId": "n", "type": "integer", "text": "N", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 5}, {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 1}]},
    ]
    path = tmp_path / "q.json"
    path.write_bytes(_questionnaire(items))
    out = tmp_path / "out.yaml"
    result = run_cli("fhir", "import", str(path), "--output", str(out))
    assert result.returncode == 1 and "would not validate" in result.stderr and "'min' (5) is above 'max' (1)" in result.stderr
    assert not out.exists()


def test_enable_when_semantics_are_kept():
    items = [
        _choice("a"),
        {"linkId": "n", "type": "integer", "text": "N"},
        {"linkId": "b", "type": "string", "text": "B", "enableBehavior": "any", "enableWhen": [
            {"question": "a", "operator": "!=", "answerCoding": {"system": "http://x.org", "code": "a"}},
            {"question": "n", "operator": ">=", "answerInteger": 3},
        ]},
    ]
    result = import_bytes("q.json", _questionnaire(items))
    assert result.text is not None, result.messages
    assert "show_if: \"(not answered(a) or a != 'a') or n >= 3\"" in result.text
