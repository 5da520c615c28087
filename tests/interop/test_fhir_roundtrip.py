"""`fhir export` then `fhir import` of every bundled questionnaire gives the same questionnaire:
the same ids, texts, show_ifs, scores, flags, outcomes, crisis text and examples, and every
example's answers evaluate to the same outcome, flags and scores through both."""

from __future__ import annotations

import json

import pytest

from screening.engine.loader import load_questionnaire, load_questionnaire_bytes
from screening.engine.problems import ProblemCollector
from screening.engine.run.answer_file import session_from_mapping
from screening.engine.run.summary import build_summary
from screening.interop.fhir import names
from screening.interop.fhir.export import to_fhir_questionnaire
from screening.interop.fhir.importer import import_bytes
from tests.conftest import ROOT, run_cli
from tests.interop import fhir_checks

BUNDLED = sorted((ROOT / "questionnaires").glob("*.yaml"))


def _source(compiled):
    return None if compiled is None else compiled.source


def model(q) -> dict:
    """Everything a loaded questionnaire means, as plain data (expressions by their source)."""
    def question(x):
        options = [(o.id, o.text, o.value, o.help, o.exclusive, o.code) for o in x.options]
        return (x.id, x.type, x.text, x.help, x.required, _source(x.show_if), options, x.settings, x.code)

    return {
        "head": (q.id, q.version, q.title, q.intro, q.languages, q.disclaimer, q.crisis, q.code),
        "sections": [(s.id, s.title, _source(s.show_if), [question(x) for x in s.questions]) for s in q.sections],
        "scores": [(s.id, s.expression.source, s.title, s.code) for s in q.scores],
        "flags": [(f.id, f.severity, f.when.source, f.text) for f in q.flags],
        "outcomes": [(o.id, o.title, o.text, _source(o.when)) for o in q.outcomes],
        "examples": [(e.name, e.answers, {k: v for k, v in e.expect.items() if v is not None}, e.language) for e in q.examples],
    }


def evaluate(q, answers: dict, language: str | None = None) -> dict:
    problems = ProblemCollector(q.path)
    session = session_from_mapping(q, answers, q.source, ("answers",), problems, language, [], None)
    assert session is not None, problems.errors
    summary = build_summary(session)
    return {
        "outcome": (summary.outcome_id, summary.outcome_title, summary.outcome_text),
        "flags": [(f.id, f.severity, f.text) for f in summary.flags],
        "scores": {s.id: s.value for s in summary.scores},
        "crisis": summary.crisis,
        "shown": [a.id for a in summary.answers],
    }


def round_trip(path) -> tuple[object, object, list[str]]:
    original = load_questionnaire(str(path))
    exported = json.dumps(to_fhir_questionnaire(original))
    result = import_bytes(path.stem + ".json", exported.encode())
    assert result.text is not None, result.messages
    again = load_questionnaire_bytes(path.name, result.text.encode())
    return original, again, result.messages


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_a_bundled_questionnaire_comes_back_the_same(path):
    original, again, messages = round_trip(path)
    assert messages == []
    assert model(again) == model(original)
    assert [s.id for s in again.scores] == [s.id for s in original.scores]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_every_example_evaluates_the_same_through_both(path):
    original, again, _ = round_trip(path)
    assert original.examples
    for example in original.examples:
        assert evaluate(again, example.answers, example.language) == evaluate(original, example.answers, example.language), example.name


def test_the_export_with_extensions_is_still_valid_r4():
    from fhir.resources.R4B.questionnaire import Questionnaire

    for path in BUNDLED:
        resource = to_fhir_questionnaire(load_questionnaire(str(path)))
        assert fhir_checks.schema_errors(resource) == []
        Questionnaire.model_validate(resource)
        urls = {e["url"] for e in resource["extension"]}
        assert names.EXT_OWN_QUESTIONNAIRE in urls


def test_cli_round_trip_validates_strictly(tmp_path):
    source = ROOT / "questionnaires" / "ketamine-chronic-pain.yaml"
    exported, imported = tmp_path / "k.json", tmp_path / "k.yaml"
    assert run_cli("fhir", "export", str(source), "--output", str(exported)).returncode == 0
    result = run_cli("fhir", "import", str(exported), "--output", str(imported))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    validated = run_cli("validate", "--strict", str(imported))
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "16 examples passed" in validated.stdout + validated.stderr
    assert model(load_questionnaire(str(imported))) == model(load_questionnaire(str(source)))


def test_a_text_edited_in_an_ehr_is_imported_with_the_logic_intact_and_a_warning():
    """Texts live once, in the FHIR content: an edit there is what comes back, and the flags stay;
    a digest of each item's texts in the extensions tells which were changed, for a clinician to check."""
    resource = to_fhir_questionnaire(load_questionnaire(str(ROOT / "questionnaires" / "phq-9.yaml")))
    item = resource["item"][-2]["item"][0]  # the first question of the last section
    item["text"] = "Edited in the EHR"
    result = import_bytes("phq.json", json.dumps(resource).encode())
    assert result.text is not None
    assert result.messages == [
        "phq.json: warning: Questionnaire.item[2].item[0]: a text here was changed after screening exported the file (in an EHR?); "
        "the file's text is kept: check that it still fits the logic"
    ]
    assert "# warning: a text here was changed after screening exported the file" in result.text
    again = load_questionnaire_bytes("phq.yaml", result.text.encode())
    assert again.question_by_id[item["linkId"]].text["en"] == "Edited in the EHR"
    assert [f.id for f in again.flags] == ["self_harm"] and again.crisis is not None


EVERYTHING = '''\
format: 1
id: every_thing
version: "2.0"
title: {en: Everything, fr: Tout}
languages: [en, fr]
disclaimer: {en: "Not a diagnosis.\\nA clinician decides.", fr: "Pas un diagnostic."}
crisis: {en: Call 988., fr: Appelez le 988.}
code: [{system: "http://loinc.org", code: "1-8", display: Panel}]
sections:
  - id: first
    title: {en: First, fr: Premier}
    questions:
      - id: born
        type: date
        text: {en: Born?, fr: Né ?}
        min: "1900-01-01"
        max: today
        required: false
      - id: weight
        type: number
        text: {en: Weight?, fr: Poids ?}
        unit: {en: kg, fr: kg}
        min: 0.5
        max: 400
      - id: kinds
        type: multi_choice
        text: {en: Which?, fr: Lesquels ?}
        min_selected: 1
        max_selected: 2
        options:
          - {id: a, text: {en: A, fr: A}, help: {en: The first, fr: Le premier}, code: [{system: "http://x.org", code: A1}, {system: "http://y.org", code: A2}]}
          - {id: b, text: {en: B, fr: B}, value: 2}
          - {id: none, text: {en: None, fr: Aucun}, exclusive: true}
      - id: how_long
        type: duration
        text: {en: How long?, fr: Depuis quand ?}
        units: [days, weeks]
        min: 1
        max: 520
  - id: second
    title: {en: Second, fr: Second}
    show_if: "'a' in kinds and not answered(weight) or weight > 100"
    questions:
      - id: info
        type: note
        text: {en: Read this., fr: Lisez ceci.}
        help: {en: Really., fr: Vraiment.}
      - id: sad
        type: yes_no
        not_sure: true
        text: {en: Sad?, fr: Triste ?}
      - id: why
        type: text
        max_length: 80
        show_if: "sad != 'no'"
        text: {en: Why?, fr: Pourquoi ?}
      - id: level
        type: scale
        min: 1
        max: 5
        text: {en: How bad?, fr: À quel point ?}
scores:
  total: count(kinds) + (sad == 'yes')
  heavy: {expr: "weight / 2", title: {en: Half the weight, fr: La moitié}, code: [{system: "http://loinc.org", code: "2-6"}]}
flags:
  - {id: sad_now, severity: urgent, when: "sad == 'yes'", text: {en: Sad., fr: Triste.}}
  - {id: heavy_one, severity: info, when: "heavy > 60", text: {en: Heavy., fr: Lourd.}}
outcomes:
  - {id: urgent, when: "flagged('sad_now')", title: {en: Urgent, fr: Urgent}, text: {en: Now., fr: Maintenant.}}
  - {id: many, when: "total >= 2 or any_flag('info')", title: {en: Many, fr: Beaucoup}, text: {en: Many., fr: Beaucoup.}}
  - {id: rest, otherwise: true, title: {en: Rest, fr: Reste}, text: {en: The rest., fr: Le reste.}}
examples:
  - name: Sad
    language: fr
    answers: {born: "1980-02-03", weight: 130, kinds: [a, b], how_long: {value: 3, unit: weeks}, sad: "yes", why: "because", level: 3}
    expect: {outcome: urgent, flags: [sad_now, heavy_one], scores: {total: 3, heavy: 65}}
  - name: Light and fine
    answers: {weight: 50, kinds: [none], how_long: "10 days"}
    expect: {outcome: rest, flags: [], hidden: [sad, why]}
'''


def test_every_feature_of_the_format_comes_back(tmp_path):
    path = tmp_path / "every_thing.yaml"
    path.write_text(EVERYTHING, encoding="utf-8")
    original, again, messages = round_trip(path)
    assert messages == []
    assert model(again) == model(original)
    assert again.disclaimer["en"] == "Not a diagnosis.\nA clinician decides."
    assert fhir_checks.schema_errors(to_fhir_questionnaire(original)) == []
    for example in original.examples:
        assert evaluate(again, example.answers, example.language) == evaluate(original, example.answers, example.language)


def test_a_clinic_base_url_round_trips(tmp_path):
    source = ROOT / "questionnaires" / "gad-7.yaml"
    exported = tmp_path / "gad.json"
    base = "https://clinic.example/fhir/Questionnaire/"
    assert run_cli("fhir", "export", str(source), "--fhir-base", base, "--output", str(exported)).returncode == 0
    assert json.loads(exported.read_text(encoding="utf-8"))["url"] == base + "gad-7"
    result = import_bytes("gad.json", exported.read_bytes())
    assert result.text is not None and result.messages == [], result.messages
    assert model(load_questionnaire_bytes("gad.yaml", result.text.encode())) == model(load_questionnaire(str(source)))
