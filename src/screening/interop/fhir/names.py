"""The names an export gives things: linkIds, FHIRPath variable names, code systems, extension URLs.

One place, so that the Questionnaire, its FHIRPath and the responses agree.
Question ids never contain '-', so every linkId made here with a '-' (groups,
results) cannot collide with a question's linkId, even when a section and a
question share an id.
"""

from __future__ import annotations

import json
import re
from typing import Any

DEFAULT_BASE = "urn:screening:questionnaire:"
SDC_PROFILE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire"

EXT_TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
EXT_VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
EXT_CALCULATED = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
EXT_ENABLE_WHEN_EXPRESSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
EXT_ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
EXT_ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
EXT_OPTION_EXCLUSIVE = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
EXT_MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
EXT_MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
EXT_MIN_OCCURS = "http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs"
EXT_MAX_OCCURS = "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs"
EXT_UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
EXT_UNIT_OPTION = "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption"
EXT_ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
EXT_SLIDER_STEP = "http://hl7.org/fhir/StructureDefinition/questionnaire-sliderStepValue"
EXT_CQF_EXPRESSION = "http://hl7.org/fhir/StructureDefinition/cqf-expression"
# This project's own extensions: what FHIR cannot carry losslessly, as our source, so that
# `fhir import` of our own export rebuilds the questionnaire exactly (docs/fhir.md).
# Each holds a valueString: an expression's source, or a small JSON object.
OWN_EXTENSION = "urn:screening:fhir:StructureDefinition/"
EXT_OWN_QUESTIONNAIRE = OWN_EXTENSION + "screening-questionnaire"  # root: id, base, languages, score order
EXT_OWN_SHOW_IF = OWN_EXTENSION + "screening-show-if"  # section group or question: the show_if source
EXT_OWN_QUESTION = OWN_EXTENSION + "screening-question"  # question: type, settings, options (texts aside)
EXT_OWN_SCORE = OWN_EXTENSION + "screening-score"  # score item: its formula, whether it has a title, codes
EXT_OWN_FLAG = OWN_EXTENSION + "screening-flag"  # flag item: severity and `when`
EXT_OWN_OUTCOME = OWN_EXTENSION + "screening-outcome"  # outcome answerOption: `when` or otherwise, its text
EXT_OWN_CRISIS = OWN_EXTENSION + "screening-crisis"  # the crisis display item: marks it as the crisis text
EXT_OWN_EXAMPLE = OWN_EXTENSION + "screening-example"  # root, one per example: name, answers, expect
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"

SEVERITY_SYSTEM = "urn:screening:severity"
# Duration units: UCUM code, and how many weeks one is (as the engine counts).
DURATION_UNITS = {"days": ("d", "1 / 7"), "weeks": ("wk", "1"), "months": ("mo", "52 / 12"), "years": ("a", "52")}

GROUP_PREFIX = "section-"
RESULTS = "results"
SCORE_PREFIX = "score-"
FLAG_PREFIX = "flag-"
OUTCOME = "outcome"
INTRO = "intro"
DISCLAIMER = "disclaimer"
CRISIS = "crisis"
HELP_SUFFIX = "-help"


def canonical(questionnaire_id: str, base: str = DEFAULT_BASE) -> str:
    return f"{base}{questionnaire_id}"


def option_system(questionnaire_id: str, question_id: str, base: str = DEFAULT_BASE) -> str:
    """The code system of a question's own options (those without a standard code)."""
    return f"{base}{questionnaire_id}#{question_id}"


def result_system(questionnaire_id: str, kind: str, base: str = DEFAULT_BASE) -> str:
    """The code system of a questionnaire's scores, flags or outcomes (kind: score, flag, outcome)."""
    return f"{base}{questionnaire_id}#{kind}"


def resource_id(text: str) -> str:
    """A FHIR id ([A-Za-z0-9-.]{1,64}) from one of ours (which may hold '_')."""
    return re.sub(r"[^A-Za-z0-9\-.]", "-", text)[:64]


def computable_name(text: str) -> str:
    """A Questionnaire.name: starts with a capital, letters, digits and '_' only."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Questionnaire"
    return name if name[0].isalpha() else "Q" + name


class VariableNames:
    """FHIRPath variable names for scores and flags: FHIR's Expression.name is an id and
    cannot hold '_', and a '%name' must be a FHIRPath identifier, so ids become camelCase
    with a prefix (scoreTotal, flagSelfHarm); a clash gets a number."""

    def __init__(self) -> None:
        self.taken: set[str] = {"outcome", "resource", "questionnaire", "context", "rootResource"}
        self.by_key: dict[tuple[str, str], str] = {}

    def name(self, kind: str, identifier: str) -> str:
        key = (kind, identifier)
        if key not in self.by_key:
            base = kind + "".join(part[:1].upper() + part[1:] for part in identifier.split("_") if part)
            candidate, number = base, 2
            while candidate in self.taken:
                candidate, number = f"{base}{number}", number + 1
            self.taken.add(candidate)
            self.by_key[key] = candidate
        return self.by_key[key]


_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON for a file or a terminal: readable non-ASCII, but C1 controls, DEL and bidi
    controls escaped (json.dumps leaves them raw; they may only occur inside strings)."""
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
