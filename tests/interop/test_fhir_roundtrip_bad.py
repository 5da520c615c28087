"""screening's own extensions are untrusted input: a garbled or hostile one is one located error
and exit 1 (never a traceback, never eval'd, never a silently wrong file); a file changed
outside screening after export is imported from its FHIR content alone, with a warning."""

from __future__ import annotations

import copy
import json
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.engine.loader import load_questionnaire, load_questionnaire_bytes
from screening.interop.fhir import names
from screening.interop.fhir.export import to_fhir_questionnaire
from screening.interop.fhir.importer import import_bytes
from tests.conftest import ROOT, run_cli
from tests.interop.test_fhir_roundtrip import model

KETAMINE = ROOT / "questionnaires" / "ketamine-chronic-pain.yaml"
PHQ9 = ROOT / "questionnaires" / "phq-9.yaml"


@lru_cache(maxsize=4)
def _exported(path) -> str:
    return json.dumps(to_fhir_questionnaire(load_questionnaire(str(path))))


def exported(path=KETAMINE) -> dict:
    return json.loads(_exported(path))


def item(resource: dict, link: str) -> dict:
    stack = list(resource["item"])
    while stack:
        found = stack.pop()
        if found["linkId"] == link:
            return found
        stack.extend(found.get("item", []))
    raise KeyError(link)


def own(element: dict, url: str) -> dict:
    return next(e for e in element["extension"] if e["url"] == url)


def set_json(extension: dict, change) -> None:
    data = json.loads(extension["valueString"])
    change(data)
    extension["valueString"] = json.dumps(data)


def _show_if(r):
    return own(item(r, "crps_symptoms"), names.EXT_OWN_SHOW_IF)


def _flag(r):
    return own(item(r, "flag-self_harm"), names.EXT_OWN_FLAG)


def _last_outcome(r):
    return own(item(r, "outcome")["answerOption"][-1], names.EXT_OWN_OUTCOME)


def _no_string(r):
    extension = _show_if(r)
    del extension["valueString"]
    extension["valueInteger"] = 3


SHOW_IF_AT = "Questionnaire.item[3].item[5].extension(screening-show-if)"
FLAG_AT = "Questionnaire.item[7].item[4].extension(screening-flag)"
BAD = {
    "a show_if that is not a string": (_no_string, SHOW_IF_AT, "expected a valueString, got valueInteger"),
    "a huge show_if": (lambda r: _show_if(r).update(valueString="a" * 200_000), SHOW_IF_AT, "200,000 characters long"),
    "a control character": (lambda r: _show_if(r).update(valueString="'crps' not in diagnoses\x1b[2J"), SHOW_IF_AT, "control character (U+001B)"),
    "an unknown question": (lambda r: _show_if(r).update(valueString="'crps' not in diagnosis"), SHOW_IF_AT, "unknown name 'diagnosis' (did you mean 'diagnoses'?)"),
    "Python, not our language": (lambda r: _show_if(r).update(valueString="__import__('os').system('true')"), SHOW_IF_AT, "would not validate"),
    "the same extension twice": (lambda r: item(r, "crps_symptoms")["extension"].append(dict(_show_if(r))), SHOW_IF_AT, "appears 2 times"),
    "outcomes without otherwise": (lambda r: set_json(_last_outcome(r), lambda d: d.pop("otherwise")), "answerOption[4].extension(screening-outcome)", "the last outcome must have 'otherwise: true'"),
    "an outcome without its text": (lambda r: set_json(_last_outcome(r), lambda d: d.pop("text")), "answerOption[4].extension(screening-outcome)", "'text' should be a text"),
    "garbled JSON": (lambda r: _flag(r).update(valueString='{"severity": "urgent", "when": '), FLAG_AT, "not valid JSON"),
    "a JSON list": (lambda r: _flag(r).update(valueString='["urgent"]'), FLAG_AT, "should hold a JSON object, not list"),
    "an unknown severity": (lambda r: set_json(_flag(r), lambda d: d.update(severity="urgentish")), FLAG_AT, "'urgentish'"),
    "flagged() in a flag": (lambda r: set_json(_flag(r), lambda d: d.update(when="flagged('pregnancy')")), FLAG_AT, "flagged() can only be used in an outcome"),
    "an unknown key": (lambda r: set_json(_flag(r), lambda d: d.update(sevarity="info")), FLAG_AT, "unknown key 'sevarity'"),
    "an unknown question type": (
        lambda r: set_json(own(item(r, "age"), names.EXT_OWN_QUESTION), lambda d: d.update(type="rocket")),
        "Questionnaire.item[2].item[0].extension(screening-question)",
        "'rocket' is not a question type",
    ),
    "a header without the id": (
        lambda r: set_json(own(r, names.EXT_OWN_QUESTIONNAIRE), lambda d: d.pop("id")),
        "Questionnaire.extension(screening-questionnaire)",
        "'id' is missing",
    ),
    "a crisis shown at another time": (
        lambda r: own(item(r, "crisis"), names.EXT_OWN_CRISIS).update(valueString='{"shown_when": "never"}'),
        "extension(screening-crisis)",
        "the crisis text shows when an urgent flag is raised",
    ),
    "an example that fails": (
        lambda r: set_json(next(e for e in r["extension"] if e["url"] == names.EXT_OWN_EXAMPLE), lambda d: d["expect"].update(outcome="not_chronic_yet")),
        "(screening-example)",
        "expected outcome 'not_chronic_yet', got 'discuss'",
    ),
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_extension_is_one_located_error(name):
    change, where, message = BAD[name]
    resource = exported()
    change(resource)
    result = import_bytes("bad.json", json.dumps(resource).encode())
    assert result.text is None
    errors = [line for line in result.messages if ": error: " in line]
    assert len(errors) == 1 and where in errors[0] and message in errors[0], result.messages
    assert "nothing was written" in errors[0]


def test_a_hostile_file_through_the_cli_exits_1_without_a_traceback(tmp_path):
    resource = exported()
    _show_if(resource)["valueString"] = "__import__('os').system('touch " + str(tmp_path / "pwned") + "')"
    path, out = tmp_path / "hostile.json", tmp_path / "out.yaml"
    path.write_text(json.dumps(resource), encoding="utf-8")
    result = run_cli("fhir", "import", str(path), "--output", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{path}: error: {SHOW_IF_AT}:" in result.stderr
    assert not out.exists() and not (tmp_path / "pwned").exists()


def _fallback_warning(messages: list[str]) -> str:
    lead = [line for line in messages if "Questionnaire.extension(screening-questionnaire)" in line]
    assert len(lead) == 1 and "changed outside screening" in lead[0], messages
    return lead[0]


def test_logic_changed_in_an_ehr_wins_over_the_extension_with_a_warning():
    """The enableWhen someone added in the EHR is what every FHIR system acts on: the extensions
    no longer describe the file, so its FHIR content is imported, as from any other system."""
    resource = exported()
    item(resource, "pain_average")["enableWhen"] = [{"question": "age", "operator": ">", "answerInteger": 17}]
    result = import_bytes("edited.json", json.dumps(resource).encode())
    assert result.text is not None
    assert "section-pain).item[1](pain_average).enableWhen" in _fallback_warning(result.messages)
    again = load_questionnaire_bytes("edited.yaml", result.text.encode())
    assert again.question_by_id["pain_average"].show_if.source == "age > 17"
    assert again.outcomes[0].id == "fhir_import_placeholder"  # validate warns until a clinician writes them
    assert not any("not carried: screening-" in line for line in result.messages)  # said once, in the lead warning


def test_an_extension_edited_without_its_fhir_is_not_used():
    resource = exported()
    set_json(own(item(resource, "score-peg"), names.EXT_OWN_SCORE), lambda d: d.update(expr="max(pain_average, pain_enjoyment)"))
    result = import_bytes("edited.json", json.dumps(resource).encode())
    assert result.text is not None and "valueExpression.expression" in _fallback_warning(result.messages)
    assert "max(pain_average" not in result.text


def test_an_item_added_in_an_ehr_falls_back_with_a_warning():
    resource = exported()
    item(resource, "section-about_you")["item"].append({"linkId": "weight", "type": "integer", "text": "Weight?"})
    result = import_bytes("edited.json", json.dumps(resource).encode())
    assert result.text is not None and "has no screening-question extension" in _fallback_warning(result.messages)
    assert "id: weight" in result.text


def test_a_translation_lost_in_an_ehr_drops_that_language_and_keeps_the_logic():
    resource = exported()
    del item(resource, "age")["_text"]
    result = import_bytes("edited.json", json.dumps(resource).encode())
    assert result.text is not None
    assert result.messages == [
        "edited.json: warning: Questionnaire (translations): the 'es' translation is missing from 1 of 124 texts (edited outside screening?); the language is left out",
        "edited.json: warning: Questionnaire.item[2].item[0]: a text here was changed after screening exported the file (in an EHR?); the file's text is kept: check that it still fits the logic",
    ]
    again = load_questionnaire_bytes("edited.yaml", result.text.encode())
    assert again.languages == ["en"] and len(again.flags) == 12 and len(again.outcomes) == 5
    assert "# warning: the 'es' translation" in result.text


def test_missing_examples_are_a_warning_and_the_rest_is_kept():
    resource = exported(PHQ9)
    resource["extension"] = [e for e in resource["extension"] if e["url"] != names.EXT_OWN_EXAMPLE][:] + [
        e for e in resource["extension"] if e["url"] == names.EXT_OWN_EXAMPLE
    ][:3]
    result = import_bytes("phq.json", json.dumps(resource).encode())
    assert result.text is not None
    assert result.messages == ["phq.json: warning: Questionnaire.extension(screening-example): 7 of the 10 examples the export carried are missing; the rest are kept"]
    again = model(load_questionnaire_bytes("phq.yaml", result.text.encode()))
    original = model(load_questionnaire(str(PHQ9)))
    assert again["examples"] == original["examples"][:3]
    assert {k: v for k, v in again.items() if k != "examples"} == {k: v for k, v in original.items() if k != "examples"}


def _own_places(resource: dict) -> list[tuple]:
    """(container, index) of every screening-* extension in the resource."""
    places = []

    def walk(element):
        if isinstance(element, dict):
            for index, extension in enumerate(element.get("extension", [])):
                if extension.get("url", "").startswith(names.OWN_EXTENSION):
                    places.append((element, index))
            for value in element.values():
                walk(value)
        elif isinstance(element, list):
            for value in element:
                walk(value)

    walk(resource)
    return places


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_removing_any_extensions_never_crashes_and_always_says_what_was_lost(data):
    resource = exported(PHQ9)
    places = _own_places(resource)
    chosen = data.draw(st.sets(st.integers(0, len(places) - 1), min_size=1), label="removed")
    for element, index in sorted((places[i] for i in chosen), key=lambda p: -p[1]):
        del element["extension"][index]
    for element, _ in (places[i] for i in chosen):
        if not element["extension"]:
            del element["extension"]
    result = import_bytes("cut.json", json.dumps(resource).encode())
    assert result.text is not None, result.messages  # our export imports, with or without its extensions
    warnings = [line for line in result.messages if ": warning: " in line]
    assert warnings, "an extension was removed and nothing was said"
    again = load_questionnaire_bytes("cut.yaml", result.text.encode())
    if not any("changed outside screening" in w or "not carried: screening-" in w or "placeholder" in result.text for w in warnings):
        # only examples went: everything else came back exactly
        assert {k: v for k, v in model(again).items() if k != "examples"} == {
            k: v for k, v in model(load_questionnaire(str(PHQ9))).items() if k != "examples"
        }


def test_ids_and_keys_from_the_file_cannot_inject_yaml():
    resource = exported()
    item(resource, "score-peg")["linkId"] = "score-peg:\n  expr: age\nflags: []\n#"
    result = import_bytes("bad.json", json.dumps(resource).encode())
    assert result.text is None and len(result.messages) == 1 and "'scores' does not list the score items" in result.messages[0]
    resource = exported()
    set_json(next(e for e in resource["extension"] if e["url"] == names.EXT_OWN_EXAMPLE), lambda d: d["answers"].update({"age}: 1, x: {y": 3}))
    result = import_bytes("bad.json", json.dumps(resource).encode())
    assert result.text is None and "unknown question 'age}: 1, x: {y'" in result.messages[0]


def test_export_without_our_extensions_is_plain_fhir(tmp_path):
    out = tmp_path / "plain.json"
    result = run_cli("fhir", "export", str(PHQ9), "--no-screening-extensions", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert names.OWN_EXTENSION not in out.read_text(encoding="utf-8")


def test_another_systems_extension_is_not_carried_and_changes_nothing_of_ours():
    resource = exported()
    style = {"url": "http://hl7.org/fhir/StructureDefinition/rendering-style", "valueString": "color: red"}
    item(resource, "age").setdefault("extension", []).append(style)
    result = import_bytes("ehr.json", json.dumps(resource).encode())
    assert result.text is not None
    assert result.messages == ["ehr.json: warning: Questionnaire.item[2].item[0].extension: not carried: rendering-style"]
    assert "# warning: not carried: rendering-style (Questionnaire.item[2].item[0].extension)" in result.text
    assert model(load_questionnaire_bytes("ehr.yaml", result.text.encode())) == model(load_questionnaire(str(KETAMINE)))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_garbled_extension_is_refused_or_warned_about_never_a_traceback_or_a_silent_change(data):
    resource = exported(PHQ9)
    element, index = data.draw(st.sampled_from(_own_places(resource)), label="extension")
    extension = element["extension"][index]
    if data.draw(st.booleans(), label="whole value"):
        extension["valueString"] = data.draw(st.text(max_size=60) | _JSON.map(json.dumps), label="valueString")
    else:
        try:
            carried = json.loads(extension["valueString"])
        except ValueError:
            carried = None
        if isinstance(carried, dict) and carried:
            key = data.draw(st.sampled_from(sorted(carried)), label="key")
            carried[key] = data.draw(_JSON, label="value")
            extension["valueString"] = json.dumps(carried)
        else:
            extension["valueString"] = data.draw(st.text(max_size=60), label="expression")
    result = import_bytes("fuzz.json", json.dumps(resource).encode())  # never raises
    if result.text is None:
        errors = [line for line in result.messages if ": error: " in line]
        assert errors and all(line.startswith("fuzz.json: error: Questionnaire") for line in errors), result.messages
        return
    again = load_questionnaire_bytes("fuzz.yaml", result.text.encode())
    if not result.messages:  # accepted without a word: all that FHIR also carries is unchanged
        assert _fhir_visible(model(again)) == _fhir_visible(model(load_questionnaire(str(PHQ9))))


def _fhir_visible(meaning: dict) -> dict:
    """A questionnaire's meaning less what only the extensions carry (and so nothing can check):
    the outcomes' texts, the options' help, the examples."""
    meaning = copy.deepcopy(meaning)
    meaning["outcomes"] = [(i, title, when) for i, title, _text, when in meaning["outcomes"]]
    for section in meaning["sections"]:
        for index, question in enumerate(section[3]):
            options = [(o[0], o[1], o[2], o[4], o[5]) for o in question[6]]
            section[3][index] = question[:6] + (options,) + question[7:]
    del meaning["examples"]
    return meaning


def _nodes(value, path=()):
    """Every (parent, key) in a JSON value."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((value, key))
            found.extend(_nodes(item))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((value, index))
            found.extend(_nodes(item))
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_value_anywhere_replaced_never_gives_a_traceback(data):
    """Our export with any one JSON value replaced (standard content or ours): an import,
    a fallback with a warning, or located errors; never an exception."""
    resource = exported(PHQ9)
    nodes = _nodes(resource)
    parent, key = nodes[data.draw(st.integers(0, len(nodes) - 1), label="node")]
    parent[key] = data.draw(_JSON, label="value")
    result = import_bytes("fuzz.json", json.dumps(resource).encode())
    assert result.text is not None or any(": error: " in line for line in result.messages)


@pytest.mark.parametrize("where", ["intro", "age", "flag-self_harm", "an option"])
def test_one_of_our_extensions_where_the_export_never_puts_one_is_named_not_silently_ignored(where):
    """A screening-show-if on the intro text, a second kind on a question, a show_if on a flag,
    one deep inside an option: what it says is not used, and the import says so at its place."""
    resource = exported(PHQ9 if where == "intro" else KETAMINE)
    stray = {"url": names.EXT_OWN_SHOW_IF, "valueString": "__import__('os').system('id')"}
    if where == "an option":
        target = next(o for group in resource["item"] for i in group.get("item", []) for o in i.get("answerOption", []))
    else:
        target = item(resource, where)
    if where == "age":
        stray = {"url": names.EXT_OWN_FLAG, "valueString": '{"severity": "urgent", "when": "true"}'}
    target.setdefault("extension", []).append(stray)
    result = import_bytes("stray.json", json.dumps(resource).encode())
    assert result.text is not None and "__import__" not in result.text and "when: 'true'" not in result.text
    strays = [m for m in result.messages if "is not where screening's export puts one; it was ignored" in m]
    assert len(strays) == 1 and strays[0].startswith("stray.json: warning: Questionnaire.item[")
    original = model(load_questionnaire(str(PHQ9 if where == "intro" else KETAMINE)))
    assert model(load_questionnaire_bytes("stray.yaml", result.text.encode())) == original
