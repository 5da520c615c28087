"""Standard codes (`code`) in the format: shape checked at load, carried into the loaded objects."""

from __future__ import annotations

import pytest

from screening.engine.loader import load_questionnaire
from screening.engine.problems import FileError
from tests.conftest import MINIMAL, ROOT

LOINC = "http://loinc.org"


def problems(write, text: str) -> list[str]:
    path = write(text)
    with pytest.raises(FileError) as caught:
        load_questionnaire(path)
    return [str(p).replace(path, "F") for p in caught.value.problems]


def coded(text: str) -> str:
    text = text.replace("title: Mini\n", 'title: Mini\ncode: [{system: "urn:oid:1.2.3", code: Q1}]\n', 1)
    text = text.replace("      - id: detail\n", '      - id: detail\n        code: [{system: "http://loinc.org", code: 1-8, display: D}]\n', 1)
    text = text.replace("{id: x, text: X, value: 1}", '{id: x, text: X, value: 1, code: [{system: "http://loinc.org", code: LA1-1}]}', 1)
    text = text.replace("  total: value(detail) + level\n", '  total: {expr: value(detail) + level, code: [{system: "http://loinc.org", code: 9-9}]}\n', 1)
    assert text.count("code: [") == 4
    return text


def bare(codes):
    """The codes without keys left unset (the loader keeps a missing display as None)."""
    return [{key: value for key, value in code.items() if value is not None} for code in codes]


def test_codes_are_optional_and_carried_on_every_level(write):
    questionnaire = load_questionnaire(write(coded(MINIMAL)))
    assert bare(questionnaire.code) == [{"system": "urn:oid:1.2.3", "code": "Q1"}]
    detail = questionnaire.question_by_id["detail"]
    assert bare(detail.code) == [{"system": LOINC, "code": "1-8", "display": "D"}]
    assert bare(detail.option("x").code) == [{"system": LOINC, "code": "LA1-1"}]
    assert detail.option("y").code == []
    assert bare(questionnaire.score_by_id["total"].code) == [{"system": LOINC, "code": "9-9"}]
    assert questionnaire.question_by_id["age"].code == []


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('system: "urn:oid:1.2.3"', "system: loinc", "'loinc' is not a valid system: a code system is an absolute URI"),
        ('system: "urn:oid:1.2.3"', 'system: "http://x y"', "is not a valid system"),
        ("code: Q1", 'code: ""', "is not a valid code: a code is not empty"),
        ("code: Q1", 'code: " Q1"', "is not a valid code"),
        ("code: Q1}", "code: 12}", "should be text (a string), not 12"),
        ("code: Q1}", "code: Q1, version: 2}", "unknown key 'version'"),
        ('[{system: "urn:oid:1.2.3", code: Q1}]', "[]", "'code' needs at least 1 items"),
        ('{system: "urn:oid:1.2.3", code: Q1}', '{system: "urn:oid:1.2.3"}', "missing required key 'code'"),
    ],
)
def test_bad_codes_are_located_errors(write, old, new, message):
    text = coded(MINIMAL)
    assert old in text
    found = problems(write, text.replace(old, new, 1))
    assert any(message in line and line.startswith("F:5:") for line in found), found


def test_bundled_phq9_and_gad7_carry_their_loinc_codes():
    phq = load_questionnaire(str(ROOT / "questionnaires" / "phq-9.yaml"))
    assert phq.code[0] == {"system": LOINC, "code": "44249-1", "display": "PHQ-9 quick depression assessment panel"}
    assert [q.code[0]["code"] for q in phq.questions] == [
        "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"
    ]
    assert phq.score_by_id["total"].code[0]["code"] == "44261-6"
    gad = load_questionnaire(str(ROOT / "questionnaires" / "gad-7.yaml"))
    assert gad.code[0]["code"] == "69737-5"
    assert [q.code[0]["code"] for q in gad.questions] == ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"]
    assert gad.score_by_id["total"].code[0]["code"] == "70274-6"
    for questionnaire in (phq, gad):
        for question in questionnaire.questions:
            assert [o.code[0]["code"] for o in question.options] == ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
