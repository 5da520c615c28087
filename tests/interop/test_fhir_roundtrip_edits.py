"""Edits made to screening's own export outside screening (in an EHR, by hand): each is either
imported with a warning at its JSON path, or makes the import fall back to the FHIR content
alone; never adopted silently, and the fallback never turns the export's own structure
(welcome, disclaimer, crisis text, results) into questions."""

from __future__ import annotations

import json

from screening.engine.loader import load_questionnaire, load_questionnaire_bytes
from screening.interop.fhir import names
from screening.interop.fhir.export import to_fhir_questionnaire
from screening.interop.fhir.importer import import_bytes
from tests.conftest import run_cli
from tests.interop.test_fhir_roundtrip import EVERYTHING, model
from tests.interop.test_fhir_roundtrip_bad import KETAMINE, PHQ9, exported, item, own, set_json

TEXT_EDITED = "was changed after screening exported the file (in an EHR?); the file's text is kept: check that it still fits the logic"


def _import(resource: dict, label: str = "e.json"):
    result = import_bytes(label, json.dumps(resource).encode())
    assert result.text is not None, result.messages
    return result, load_questionnaire_bytes(label.replace(".json", ".yaml"), result.text.encode())


def _header(resource: dict) -> dict:
    return own(resource, names.EXT_OWN_QUESTIONNAIRE)


def _without_new_digests(resource: dict) -> None:
    """What an export made before the outcome/help/version/code digests were recorded holds."""
    set_json(_header(resource), lambda d: d.update(texts={k: v for k, v in d["texts"].items() if not k.startswith("(") or k == "(Questionnaire)"}))


# ------------------------------------------------------------ 1. our extensions on an option


def test_our_extension_added_to_an_answer_option_is_ignored_with_a_warning_and_the_logic_kept():
    resource = exported(PHQ9)
    option = resource["item"][2]["item"][0]["answerOption"][0]
    option.setdefault("extension", []).append({"url": names.EXT_OWN_SHOW_IF, "valueString": "false"})
    result, again = _import(resource)
    assert result.messages == [
        "e.json: warning: Questionnaire.item[2].item[0].answerOption[0].extension[2]: a screening-show-if extension here is not where screening's export puts one; it was ignored"
    ]
    assert model(again) == model(load_questionnaire(str(PHQ9)))  # the urgent flag, outcomes and examples kept


def test_replacing_an_options_extensions_drops_its_weights_and_the_fallback_says_so():
    """Replacing the option's list (not adding to it) removes the itemWeight and ordinalValue
    the FHIR score reads: a real change of the FHIR content, so the file falls back, and the
    warning names what went, not just where."""
    resource = exported(PHQ9)
    resource["item"][2]["item"][0]["answerOption"][0]["extension"] = [{"url": names.EXT_OWN_SHOW_IF, "valueString": "false"}]
    result = import_bytes("e.json", json.dumps(resource).encode())
    lead = next(m for m in result.messages if "changed outside screening" in m)
    assert "answerOption[0].extension (itemWeight, ordinalValue missing)" in lead


# ------------------------------------------------------------ 2. texts only an extension carries


def _outcome(resource: dict, index: int = 0) -> dict:
    return own(item(resource, names.OUTCOME)["answerOption"][index], names.EXT_OWN_OUTCOME)


def test_an_outcome_text_edited_in_its_extension_is_a_warning_at_the_extension():
    resource = exported(PHQ9)
    set_json(_outcome(resource), lambda d: d["text"].update(en="Nothing to worry about."))
    result, again = _import(resource)
    assert result.messages == [f"e.json: warning: Questionnaire.item[3].item[2].answerOption[0].extension(screening-outcome): a text in this extension {TEXT_EDITED}"]
    assert again.outcomes[0].text["en"] == "Nothing to worry about."  # the file's text is kept, as for a FHIR text
    assert "# warning: a text in this extension was changed" in result.text


def test_an_option_help_edited_in_its_extension_is_a_warning_at_the_extension(tmp_path):
    path = tmp_path / "every_thing.yaml"
    path.write_text(EVERYTHING, encoding="utf-8")
    resource = to_fhir_questionnaire(load_questionnaire(str(path)))
    set_json(own(item(resource, "kinds"), names.EXT_OWN_QUESTION), lambda d: d["options"][0]["help"].update(en="The worst"))
    result, again = _import(resource)
    assert len(result.messages) == 1 and result.messages[0].endswith(f".extension(screening-question).options[0]: a text in this extension {TEXT_EDITED}")
    assert again.question_by_id["kinds"].options[0].help["en"] == "The worst"


def test_an_export_made_before_these_digests_imports_as_before():
    resource = exported(PHQ9)
    _without_new_digests(resource)
    result, again = _import(resource)
    assert result.messages == [] and model(again) == model(load_questionnaire(str(PHQ9)))
    set_json(_outcome(resource), lambda d: d["text"].update(en="Nothing to worry about."))
    resource["version"] = "9.9.9"
    assert _import(resource)[0].messages == []  # nothing recorded to compare with: as before


# ------------------------------------------------------------ 3. the Questionnaire's top level


def test_a_version_changed_since_export_is_kept_with_a_warning_at_its_path():
    resource = exported(PHQ9)
    resource["version"] = "9.9.9"
    result, again = _import(resource)
    assert len(result.messages) == 1 and result.messages[0].startswith('e.json: warning: Questionnaire.version: the version was changed after screening exported the file')
    assert again.version == "9.9.9" and "every submission records it" in result.messages[0]


def test_a_code_changed_since_export_is_kept_with_a_warning_at_its_path():
    resource = exported(PHQ9)
    resource["code"][0]["code"] = "12345-6"
    result, again = _import(resource)
    assert len(result.messages) == 1 and result.messages[0].startswith("e.json: warning: Questionnaire.code: the questionnaire's code was changed")
    assert again.code[0]["code"] == "12345-6"


def test_top_level_metadata_we_do_not_carry_is_a_not_carried_warning_and_the_logic_stays():
    resource = exported(PHQ9)
    resource.update(url="http://ehr.example/Questionnaire/phq", status="retired", publisher="Some EHR")
    resource["meta"]["versionId"] = "3"  # a server's bookkeeping: nothing to say
    result, again = _import(resource)
    assert result.messages == [
        'e.json: warning: Questionnaire: not carried: url "http://ehr.example/Questionnaire/phq", status "retired", publisher '
        "(FHIR metadata this format has no place for; the import has screening's own)"
    ]
    assert model(again) == model(load_questionnaire(str(PHQ9)))


# ------------------------------------------------------------ 4. the fallback keeps the export's structure


def _fallen_back(path=PHQ9):
    resource = exported(path)
    resource["item"][2]["item"][0]["required"] = False  # a change of logic made in an EHR: the FHIR content wins
    return import_bytes("e.json", json.dumps(resource).encode())


def test_the_fallback_maps_the_exports_welcome_disclaimer_and_crisis_back_not_into_notes():
    result = _fallen_back()
    assert result.text is not None, result.messages
    again = load_questionnaire_bytes("e.yaml", result.text.encode())
    original = load_questionnaire(str(PHQ9))
    assert again.intro == original.intro and again.disclaimer == original.disclaimer  # the Spanish too
    assert again.crisis == original.crisis  # shown only when an urgent flag is raised, never to everyone
    assert all(q.type != "note" for q in again.questions) and "988" not in "".join(str(q.text) for q in again.questions)
    assert [s.id for s in again.sections] == ["section_items"]  # no "Results" section
    assert [s.id for s in again.scores] == ["total"]
    lost = [m for m in result.messages if m.startswith("e.json: warning: Questionnaire.item[3]: the export's results group is not asked")]
    assert len(lost) == 1 and "flag-self_harm" in lost[0] and "write the flags again" in lost[0]


def test_the_fallback_of_a_questionnaire_without_intro_through_the_cli(tmp_path):
    resource = exported(KETAMINE)
    item(resource, "pain_average")["enableWhen"] = [{"question": "age", "operator": ">", "answerInteger": 17}]
    path, out = tmp_path / "k.json", tmp_path / "k.yaml"
    path.write_text(json.dumps(resource), encoding="utf-8")
    assert run_cli("fhir", "import", str(path), "--output", str(out)).returncode == 0
    again, original = load_questionnaire(str(out)), load_questionnaire(str(KETAMINE))
    assert again.disclaimer == original.disclaimer and again.crisis == original.crisis and again.intro == original.intro
    assert not any("988" in str(q.text) for q in again.questions)


def _third_party(display: str, languages: bool = False) -> dict:
    text: dict = {"text": display}
    question: dict = {"linkId": "q1", "type": "boolean", "text": "Do you feel down?"}
    if languages:
        for element, spanish in ((text, "Llame al 988."), (question, "¿Se siente decaído?")):
            element["_text"] = {"extension": [{"url": names.EXT_TRANSLATION, "extension": [{"url": "lang", "valueCode": "es"}, {"url": "content", "valueString": spanish}]}]}
    return {"resourceType": "Questionnaire", "status": "active", "item": [question, {"linkId": "help", "type": "display", **text}]}


def test_a_crisis_message_in_another_systems_file_is_named_not_silently_a_note():
    result = import_bytes("t.json", json.dumps(_third_party("If you are thinking about suicide, call 988 now.")).encode())
    assert result.text is not None
    assert any(m.startswith("t.json: warning: Questionnaire.item[1]: this display item reads like a crisis message") and "shown to everyone" in m for m in result.messages)
    plain = import_bytes("t.json", json.dumps(_third_party("Thank you for your answers.")).encode())
    assert plain.messages == []


def test_our_standard_disclaimer_is_in_spanish_where_the_file_is():
    result = import_bytes("t.json", json.dumps(_third_party("Gracias.", languages=True)).encode())
    again = load_questionnaire_bytes("t.yaml", result.text.encode())
    assert again.languages == ["en", "es"] and again.disclaimer["es"].startswith("Este cuestionario no diagnostica nada")


# ------------------------------------------------------------ 5. and 6. the words of the messages


def test_a_deeply_nested_extension_is_refused_in_our_words():
    resource = exported(PHQ9)
    own(item(resource, "phq9_1"), names.EXT_OWN_QUESTION)["valueString"] = '{"type": ' + "[" * 20_000 + "]" * 20_000 + "}"
    result = import_bytes("deep.json", json.dumps(resource).encode())
    assert result.text is None and len(result.messages) == 1
    assert "the JSON in the valueString is nested too deeply to read" in result.messages[0]
    assert "recursion" not in result.messages[0] and "unicode" not in result.messages[0]


def _keep_examples(resource: dict, count: int) -> None:
    examples = [e for e in resource["extension"] if e["url"] == names.EXT_OWN_EXAMPLE]
    resource["extension"] = [e for e in resource["extension"] if e["url"] != names.EXT_OWN_EXAMPLE] + examples[:count]


def test_missing_examples_are_counted_in_plain_words():
    where = "e.json: warning: Questionnaire.extension(screening-example): "
    resource = exported(PHQ9)
    _keep_examples(resource, 0)
    assert _import(resource)[0].messages == [where + "all 10 examples the export carried are missing; the questionnaire has none now"]
    resource = exported(PHQ9)
    _keep_examples(resource, 9)
    assert _import(resource)[0].messages == [where + "1 of the 10 examples the export carried is missing; the rest are kept"]
