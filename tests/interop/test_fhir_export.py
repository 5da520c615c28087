"""`screening fhir export`: every bundled questionnaire -> a valid R4 Questionnaire whose FHIRPath
agrees with the engine on every embedded example, and responses that fit it."""

from __future__ import annotations

import datetime as _dt
import json

import pytest

from screening.engine.loader import load_questionnaire
from screening.engine.problems import ProblemCollector
from screening.engine.run.answer_file import session_from_mapping
from screening.engine.run.summary import build_summary
from screening.interop.fhir.export import to_fhir_questionnaire
from screening.interop.fhir.response import submission_bundle
from screening.store.base import Submission
from tests.conftest import MINIMAL, ROOT, run_cli
from tests.interop import fhir_checks

BUNDLED = sorted((ROOT / "questionnaires").glob("*.yaml"))
TODAY = _dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def exported() -> dict[str, tuple[object, dict]]:
    found = {}
    for path in BUNDLED:
        questionnaire = load_questionnaire(str(path))
        found[path.name] = (questionnaire, to_fhir_questionnaire(questionnaire))
    return found


@pytest.mark.parametrize("name", [p.name for p in BUNDLED])
def test_export_is_a_valid_r4_questionnaire(exported, name):
    from fhir.resources.R4B.questionnaire import Questionnaire

    questionnaire, resource = exported[name]
    assert fhir_checks.schema_errors(resource) == []
    Questionnaire.model_validate(resource)
    links: list[str] = []

    def collect(items):
        for item in items:
            links.append(item["linkId"])
            collect(item.get("item", []))

    collect(resource["item"])
    assert len(links) == len(set(links)), "linkIds must be unique"
    assert {q.id for q in questionnaire.questions} <= set(links)
    for expression in fhir_checks.expressions(resource):
        fhir_checks.strict_fhirpath(expression)
    for item in resource["item"]:
        for child in item.get("item", []):
            if child["type"] not in ("display", "group"):
                assert isinstance(child["required"], bool), child["linkId"]  # never left to R4's default


def _example_submissions(questionnaire):
    for example in questionnaire.examples:
        problems = ProblemCollector(questionnaire.path)
        session = session_from_mapping(
            questionnaire, example.answers, questionnaire.source, example.path + ("answers",), problems,
            example.language, example.expect.get("hidden") or [], TODAY,
        )
        assert session is not None, problems.errors
        yield example, session, Submission.from_summary(build_summary(session))


@pytest.mark.parametrize("name", [p.name for p in BUNDLED])
def test_every_example_replays_through_fhirpath_as_the_engine_says(exported, name):
    questionnaire, resource = exported[name]
    assert questionnaire.examples
    for example, session, submission in _example_submissions(questionnaire):
        bundle = submission_bundle(submission, questionnaire)
        response = bundle["entry"][0]["resource"]
        assert fhir_checks.response_problems(response, resource) == [], example.name
        assert fhir_checks.schema_errors(response) == []
        variables = fhir_checks.replay(resource, response)
        evaluation = session.evaluation()
        for score in questionnaire.scores:
            engine = evaluation.scores.get(score.id)
            fhir = variables["score" + "".join(p[:1].upper() + p[1:] for p in score.id.split("_"))]
            if engine is None:
                assert fhir == [], (example.name, score.id)
            else:
                assert len(fhir) == 1 and round(float(fhir[0]), 2) == round(float(engine), 2), (example.name, score.id, fhir, engine)
        raised = {flag.id for flag in questionnaire.flags if variables["flag" + "".join(p[:1].upper() + p[1:] for p in flag.id.split("_"))] == [True]}
        assert raised == set(evaluation.flag_ids) == set(example.expect["flags"]), example.name
        assert variables["outcome"] == [evaluation.outcome.id] == [example.expect["outcome"]], example.name
        shown = fhir_checks.enabled(resource, response, variables)
        visible = {q.id for q in session.visible_questions}
        assert {link for link, on in shown.items() if on and link in questionnaire.question_by_id} == visible, example.name


def test_phq9_total_leaves_as_a_loinc_coded_observation_derived_from_the_response(exported):
    from fhir.resources.R4B.bundle import Bundle

    questionnaire, resource = exported["phq-9.yaml"]
    example, session, submission = next(e for e in _example_submissions(questionnaire) if e[0].expect["scores"]["total"] == 14)
    bundle = submission_bundle(submission, questionnaire)
    assert fhir_checks.schema_errors(bundle) == []
    Bundle.model_validate(bundle)
    assert bundle["type"] == "transaction"
    response_entry, observation_entry = bundle["entry"]
    observation = observation_entry["resource"]
    assert observation["code"]["coding"][0]["code"] == "44261-6"
    assert observation["valueInteger"] == 14
    assert observation["derivedFrom"] == [{"reference": response_entry["fullUrl"]}]
    group = response_entry["resource"]["item"][0]
    assert group["linkId"] == "section-items" and group["item"][0]["answer"][0]["valueCoding"]["code"] == "LA6571-9"
    only = submission_bundle(submission, questionnaire, responses_only=True)
    assert [e["resource"]["resourceType"] for e in only["entry"]] == ["QuestionnaireResponse"]


def test_loinc_codes_are_exported_on_questionnaire_items_options_and_score(exported):
    _, resource = exported["phq-9.yaml"]
    assert resource["code"][0]["code"] == "44249-1"
    first = resource["item"][-2]["item"][0] if resource["item"][-2]["type"] == "group" else None
    first = next(i for g in resource["item"] if g["type"] == "group" for i in g["item"] if i["linkId"] == "phq9_1")
    assert first["code"][0] == {"system": "http://loinc.org", "code": "44250-9", "display": "Little interest or pleasure in doing things"}
    option = first["answerOption"][3]
    assert option["valueCoding"]["code"] == "LA6571-9"
    assert {"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 3} in option["extension"]
    assert option["valueCoding"]["_display"]["extension"][0]["extension"][0] == {"url": "lang", "valueCode": "es"}
    results = resource["item"][-1]
    total = next(i for i in results["item"] if i["linkId"] == "score-total")
    assert total["code"][0]["code"] == "44261-6" and total["readOnly"] is True


def test_semantics_that_differ_go_to_enable_when_expression(write):
    """Ours: a comparison with an unanswered question is false; FHIR's enableWhen '!=' is true then."""
    text = MINIMAL.replace("show_if: \"'a' in kinds\"", "show_if: \"sad != 'no' or level > 3\"")
    text = text.replace("          - id: sad\n", "")  # keep 'sad' before 'detail'
    text = text.replace("      - id: sad\n        type: yes_no\n        not_sure: true\n        text: Sad?\n", "")
    text = text.replace("      - id: detail\n", "      - id: sad\n        type: yes_no\n        not_sure: true\n        text: Sad?\n      - id: detail\n")
    text = text.replace("  - id: s1\n", "  - id: sad_section\n    title: Also an id\n    questions:\n      - {id: sad_section_q, type: note, text: Hi}\n  - id: s1\n")
    questionnaire = load_questionnaire(write(text))
    resource = to_fhir_questionnaire(questionnaire)
    detail = next(i for g in resource["item"] if g["type"] == "group" for i in g["item"] if i["linkId"] == "detail")
    assert "enableWhen" not in detail
    expression = next(e for e in detail["extension"] if e["url"].endswith("enableWhenExpression"))["valueExpression"]["expression"]
    fhir_checks.strict_fhirpath(expression)
    from fhirpathpy import evaluate

    empty = {"resourceType": "QuestionnaireResponse", "status": "completed"}
    assert evaluate(empty, expression, {"resource": empty, "questionnaire": resource}) == [False]


def test_a_section_and_a_question_sharing_an_id_get_distinct_link_ids(write):
    text = MINIMAL.replace("  - id: s1\n", "  - id: age\n", 1)
    resource = to_fhir_questionnaire(load_questionnaire(write(text)))
    assert [i["linkId"] for i in resource["item"] if i["type"] == "group"] == ["section-age", "results"]
    assert fhir_checks.schema_errors(resource) == []


def test_schema_check_catches_what_fhir_resources_lets_through(exported):
    """The reason for the second validator: R4B models accept a string where R4 wants a boolean."""
    _, resource = exported["peg.yaml"]
    broken = json.loads(json.dumps(resource))
    broken["item"][-1]["readOnly"] = "true"
    assert fhir_checks.schema_errors(broken)
    with pytest.raises(SyntaxError):
        fhir_checks.strict_fhirpath("iif(%a = 1, true")


def test_cli_export_writes_the_questionnaire(tmp_path):
    out = tmp_path / "phq.json"
    result = run_cli("fhir", "export", "questionnaires/phq-9.yaml", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["code"][0]["code"] == "44249-1"
    printed = run_cli("fhir", "export", "questionnaires/peg.yaml")
    assert printed.returncode == 0 and json.loads(printed.stdout)["resourceType"] == "Questionnaire"
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: x\n")
    failed = run_cli("fhir", "export", str(broken))
    assert failed.returncode == 1 and "error:" in failed.stderr and "Traceback" not in failed.stderr


def test_submissions_export_fhir_gives_a_transaction_bundle_per_submission(tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({f"phq9_{i}": "several_days" for i in range(1, 10)}))
    store = str(tmp_path / "s.db")
    stored = run_cli("evaluate", "questionnaires/phq-9.yaml", "--answers", str(answers), "--store", store)
    assert stored.returncode == 0, stored.stderr
    full = run_cli("submissions", "export", "--format", "fhir", "--store", store)
    assert full.returncode == 0, full.stderr
    (bundle,) = [json.loads(line) for line in full.stdout.splitlines()]
    assert fhir_checks.schema_errors(bundle) == []
    observation = bundle["entry"][1]["resource"]
    assert (observation["code"]["coding"][0]["code"], observation["valueInteger"]) == ("44261-6", 9)
    phq = to_fhir_questionnaire(load_questionnaire(str(ROOT / "questionnaires" / "phq-9.yaml")))
    assert fhir_checks.response_problems(bundle["entry"][0]["resource"], phq) == []
    only = run_cli("submissions", "export", "--format", "fhir-responses", "--store", store)
    assert [e["resource"]["resourceType"] for e in json.loads(only.stdout)["entry"]] == ["QuestionnaireResponse"]


def test_validate_and_evaluate_never_load_the_fhir_code():
    """Start-up of the everyday commands is unaffected: FHIR is imported only by its own commands."""
    code = (
        "import sys, contextlib, io\n"
        "from screening.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    main(['validate', 'questionnaires/phq-9.yaml'])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('screening.interop', 'fhirpathpy', 'fhir.'))))\n"
    )
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT), timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
