"""A loaded questionnaire -> an R4 Questionnaire (SDC), as JSON-ready data.

Sections become groups, questions items, options answerOptions (with their
codes, and itemWeight/ordinalValue for values). show_if becomes enableWhen
where FHIR means the same thing, else an SDC enableWhenExpression (FHIR's
``!=`` in enableWhen is true for an unanswered question; ours is false).
Scores, flags and the outcome become root variables in FHIRPath and read-only
calculated items in a final "results" group, coded with the documented code
systems of :mod:`.names`. See docs/fhir.md for the whole mapping.
"""

from __future__ import annotations

from typing import Any

from screening.engine.expressions import Binary, Call, Compiled, Literal, Logic, Name, Node
from screening.engine.run.questionnaire import Option, Question, Questionnaire, Section, Text
from screening.i18n import t
from screening.interop.fhir import names
from screening.interop.fhir.fhirpath import Translator, string

_RESULTS_TITLE = {"en": "Results (calculated; not a diagnosis)", "es": "Resultados (calculados; no es un diagnóstico)"}
_ITEM_TYPE = {
    "single_choice": "choice",
    "multi_choice": "choice",
    "yes_no": "choice",
    "integer": "integer",
    "scale": "integer",
    "number": "decimal",
    "duration": "quantity",
    "text": "text",
    "date": "date",
    "note": "display",
}


def option_codings(questionnaire: Questionnaire, question: Question, base: str = names.DEFAULT_BASE) -> dict[str, dict[str, Any]]:
    """Option id -> the Coding an answer to it carries (its first standard code, else our own)."""
    system = names.option_system(questionnaire.id, question.id, base)
    codings: dict[str, dict[str, Any]] = {}
    for option in question.options:
        if option.code:
            first = option.code[0]
            coding = {"system": first["system"], "code": first["code"]}
        else:
            coding = {"system": system, "code": option.id}
        codings[option.id] = coding
    return codings


class _Exporter:
    def __init__(self, questionnaire: Questionnaire, base: str):
        self.q = questionnaire
        self.base = base
        self.languages = questionnaire.languages
        self.default = questionnaire.default_language
        self.variables = names.VariableNames()
        self.codings = {question.id: option_codings(questionnaire, question, base) for question in questionnaire.questions}
        self.translator = Translator(questionnaire, self.variables, lambda q, o: self.codings[q][o]["code"])

    # ------------------------------------------------------------ texts

    def text(self, value: Text | None) -> str:
        return self.q.text(value, self.default)

    def translations(self, value: Text | None) -> dict[str, Any] | None:
        """The `_element` holding the translation extensions of a text, or None."""
        if not isinstance(value, dict):
            return None
        extensions = [
            {
                "url": names.EXT_TRANSLATION,
                "extension": [{"url": "lang", "valueCode": language}, {"url": "content", "valueString": value[language]}],
            }
            for language in self.languages[1:]
            if value.get(language)
        ]
        return {"extension": extensions} if extensions else None

    def put_text(self, target: dict[str, Any], key: str, value: Text | None) -> None:
        if value is None:
            return
        target[key] = self.text(value)
        translated = self.translations(value)
        if translated:
            target["_" + key] = translated

    def app_text(self, key: str) -> dict[str, str]:
        return {language: t(key, language) for language in self.languages}

    # ------------------------------------------------------------ the resource

    def build(self) -> dict[str, Any]:
        q = self.q
        resource: dict[str, Any] = {
            "resourceType": "Questionnaire",
            "id": names.resource_id(q.id),
            "meta": {"profile": [names.SDC_PROFILE]},
            "language": self.default,
        }
        extensions = self.variable_extensions()
        if extensions:
            resource["extension"] = extensions
        resource["url"] = names.canonical(q.id, self.base)
        resource["version"] = q.version
        resource["name"] = names.computable_name(q.id)
        self.put_text(resource, "title", q.title)
        resource["status"] = "active"
        resource["subjectType"] = ["Patient"]
        self.put_text(resource, "description", q.disclaimer)
        if q.code:
            resource["code"] = [_coding(code) for code in q.code]
        items: list[dict[str, Any]] = []
        if q.intro is not None:
            items.append(self.display(names.INTRO, q.intro))
        items.append(self.display(names.DISCLAIMER, q.disclaimer))
        items.extend(self.group(section) for section in q.sections)
        items.append(self.results())
        resource["item"] = items
        return resource

    def variable_extensions(self) -> list[dict[str, Any]]:
        """Scores (in evaluation order), then flags, then the outcome, as FHIRPath variables."""
        found = []
        for score in self.q.scores:
            name = self.variables.name("score", score.id)
            found.append(_variable(name, self.translator.number(score.expression)))
        for flag in self.q.flags:
            found.append(_variable(self.variables.name("flag", flag.id), self.translator.condition(flag.when)))
        expression = string(self.q.outcomes[-1].id)
        for outcome in reversed(self.q.outcomes[:-1]):
            assert outcome.when is not None
            expression = f"iif({self.translator.condition(outcome.when)}, {string(outcome.id)}, {expression})"
        found.append(_variable("outcome", expression))
        return found

    def display(self, link_id: str, text: Text) -> dict[str, Any]:
        item: dict[str, Any] = {"linkId": link_id}
        self.put_text(item, "text", text)
        item["type"] = "display"
        return item

    def group(self, section: Section) -> dict[str, Any]:
        item: dict[str, Any] = {"linkId": names.GROUP_PREFIX + section.id}
        self.put_text(item, "text", section.title)
        item["type"] = "group"
        self.enable_when(item, section.show_if)
        item["item"] = [self.question(question) for question in section.questions]
        return item

    def question(self, question: Question) -> dict[str, Any]:
        item: dict[str, Any] = {"linkId": question.id}
        extensions: list[dict[str, Any]] = []
        if question.code:
            item["code"] = [_coding(code) for code in question.code]
        self.put_text(item, "text", question.text)
        item["type"] = _ITEM_TYPE[question.type]
        self.enable_when(item, question.show_if, extensions)
        if question.type != "note":
            item["required"] = question.required  # explicit: R4's default (false) is not ours (true)
        settings = question.settings
        if question.type == "multi_choice":
            item["repeats"] = True
            if settings.get("min_selected") is not None:
                extensions.append({"url": names.EXT_MIN_OCCURS, "valueInteger": settings["min_selected"]})
            if settings.get("max_selected") is not None:
                extensions.append({"url": names.EXT_MAX_OCCURS, "valueInteger": settings["max_selected"]})
        if question.type in ("integer", "scale", "number", "date"):
            kind = {"integer": "valueInteger", "scale": "valueInteger", "number": "valueDecimal", "date": "valueDate"}[question.type]
            for key, url in (("min", names.EXT_MIN_VALUE), ("max", names.EXT_MAX_VALUE)):
                bound = settings.get(key)
                if bound is None:
                    continue
                if bound == "today":  # a computed bound: SDC's cqf-expression on the value
                    expression = {"language": "text/fhirpath", "expression": "today()"}
                    extensions.append({"url": url, "_valueDate": {"extension": [{"url": names.EXT_CQF_EXPRESSION, "valueExpression": expression}]}})
                else:
                    extensions.append({"url": url, kind: bound})
        if question.type == "scale":
            extensions.append(_item_control("slider"))
            extensions.append({"url": names.EXT_SLIDER_STEP, "valueInteger": 1})
        if settings.get("unit") is not None:
            unit: dict[str, Any] = {}
            self.put_text(unit, "display", settings["unit"])
            extensions.append({"url": names.EXT_UNIT, "valueCoding": unit})
        if question.type == "duration":
            for unit in settings.get("units", ["weeks", "months", "years"]):
                code = names.DURATION_UNITS[unit][0]
                extensions.append({"url": names.EXT_UNIT_OPTION, "valueCoding": {"system": names.UCUM, "code": code, "display": unit}})
        if question.type == "text":
            item["maxLength"] = settings.get("max_length", 500)
        if question.type in ("single_choice", "multi_choice", "yes_no"):
            item["answerOption"] = [self.option(question, option) for option in self.options(question)]
        if extensions:
            item = {"extension": extensions, **item}
        children = self.help_items(question)
        if children:
            item["item"] = children
        return item

    def options(self, question: Question) -> list[Option]:
        if question.type != "yes_no":
            return question.options
        return [Option(option.id, self.app_text(option.id)) for option in question.options]

    def option(self, question: Question, option: Option) -> dict[str, Any]:
        coding = dict(self.codings[question.id][option.id])
        self.put_text(coding, "display", option.text)
        answer: dict[str, Any] = {}
        extensions = []
        if option.value is not None:  # SDC's itemWeight; R4's ordinalValue for older readers
            extensions.append({"url": names.EXT_ITEM_WEIGHT, "valueDecimal": option.value})
            extensions.append({"url": names.EXT_ORDINAL_VALUE, "valueDecimal": option.value})
        if option.exclusive:
            extensions.append({"url": names.EXT_OPTION_EXCLUSIVE, "valueBoolean": True})
        if extensions:
            answer["extension"] = extensions
        answer["valueCoding"] = coding
        return answer

    def help_items(self, question: Question) -> list[dict[str, Any]]:
        children = []
        if question.help is not None:
            child = self.display(question.id + names.HELP_SUFFIX, question.help)
            children.append({"extension": [_item_control("help")], **child})
        if question.type == "scale":
            for key, control in (("min_label", "lower"), ("max_label", "upper")):
                if question.settings.get(key) is not None:
                    child = self.display(f"{question.id}-{control}", question.settings[key])
                    children.append({"extension": [_item_control(control)], **child})
        return children

    # ------------------------------------------------------------ show_if

    def enable_when(self, item: dict[str, Any], show_if: Compiled | None, extensions: list[dict[str, Any]] | None = None) -> None:
        if show_if is None:
            return
        plain = self.plain_enable_when(show_if.tree)
        if plain is not None:
            conditions, behavior = plain
            item["enableWhen"] = conditions
            if len(conditions) > 1:
                item["enableBehavior"] = behavior
            return
        extension = {
            "url": names.EXT_ENABLE_WHEN_EXPRESSION,
            "valueExpression": {"language": "text/fhirpath", "expression": self.translator.condition(show_if)},
        }
        if extensions is None:
            item.setdefault("extension", []).append(extension)
        else:
            extensions.append(extension)

    def plain_enable_when(self, node: Node | None) -> tuple[list[dict[str, Any]], str] | None:
        """enableWhen conditions meaning exactly what the expression means, or None."""
        if isinstance(node, Logic):  # a flat run: a and b and c
            behavior = "all" if node.op == "and" else "any"
            parts: list[dict[str, Any]] = []
            for side in node.operands:
                found = self.plain_enable_when(side)
                if found is None or (len(found[0]) > 1 and found[1] != behavior):
                    return None
                parts.extend(found[0])
            return parts, behavior
        single = self.plain_condition(node)
        return None if single is None else ([single], "all")

    def plain_condition(self, node: Node | None) -> dict[str, Any] | None:
        if isinstance(node, Call) and node.function == "answered" and isinstance(node.args[0], Name):
            return {"question": node.args[0].name, "operator": "exists", "answerBoolean": True}
        if not isinstance(node, Binary):
            return None
        left, right = node.left, node.right
        if node.op == "in" and isinstance(left, Literal) and isinstance(right, Name):
            question = self.q.question_by_id.get(right.name)
            if question is not None and question.type == "multi_choice" and isinstance(left.value, str):
                return {"question": right.name, "operator": "=", "answerCoding": self.codings[right.name][left.value]}
            return None
        if node.op not in ("==", "<", "<=", ">", ">="):  # '!=' differs: FHIR's is true when unanswered
            return None
        flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "=="}
        op = node.op
        if isinstance(left, Literal) and isinstance(right, Name):
            left, right, op = right, left, flipped[op]
        if not (isinstance(left, Name) and isinstance(right, Literal)) or isinstance(right.value, bool):
            return None
        question = self.q.question_by_id.get(left.name)
        if question is None:
            return None
        operator = "=" if op == "==" else op
        if question.type in ("single_choice", "yes_no") and op == "==" and isinstance(right.value, str):
            return {"question": left.name, "operator": "=", "answerCoding": self.codings[left.name][right.value]}
        if question.type in ("integer", "scale") and isinstance(right.value, int):
            return {"question": left.name, "operator": operator, "answerInteger": right.value}
        if question.type == "number" and isinstance(right.value, (int, float)):
            return {"question": left.name, "operator": operator, "answerDecimal": right.value}
        return None

    # ------------------------------------------------------------ results

    def results(self) -> dict[str, Any]:
        q = self.q
        items: list[dict[str, Any]] = []
        for score in q.scores:
            item: dict[str, Any] = {"extension": [_calculated("%" + self.variables.name("score", score.id))]}
            item["linkId"] = names.SCORE_PREFIX + score.id
            item["code"] = [_coding(code) for code in score.code] + [
                {"system": names.result_system(q.id, "score", self.base), "code": score.id}
            ]
            self.put_text(item, "text", score.title if score.title is not None else score.id)
            item.update({"type": "decimal", "required": False, "readOnly": True})
            items.append(item)
        for flag in q.flags:
            item = {"extension": [_calculated("%" + self.variables.name("flag", flag.id))], "linkId": names.FLAG_PREFIX + flag.id}
            item["code"] = [
                {"system": names.result_system(q.id, "flag", self.base), "code": flag.id},
                {"system": names.SEVERITY_SYSTEM, "code": flag.severity},
            ]
            self.put_text(item, "text", flag.text)
            item.update({"type": "boolean", "required": False, "readOnly": True})
            items.append(item)
        outcome_system = names.result_system(q.id, "outcome", self.base)
        lookup = f"%questionnaire.repeat(item).where(linkId = '{names.OUTCOME}').answerOption.value.where(code = %outcome)"
        outcome: dict[str, Any] = {"extension": [_calculated(lookup)], "linkId": names.OUTCOME}
        outcome["code"] = [{"system": outcome_system, "code": "outcome"}]
        outcome["text"] = self.text(self.app_text("summary.result"))
        outcome.update({"type": "choice", "required": False, "readOnly": True})
        options = []
        for each in q.outcomes:
            coding: dict[str, Any] = {"system": outcome_system, "code": each.id}
            self.put_text(coding, "display", each.title)
            options.append({"valueCoding": coding})
        outcome["answerOption"] = options
        items.append(outcome)
        if q.crisis is not None:
            urgent = ["%" + self.variables.name("flag", f.id) for f in q.flags if f.severity == "urgent"]
            crisis = self.display(names.CRISIS, q.crisis)
            if urgent:
                expression = {"language": "text/fhirpath", "expression": " or ".join(urgent)}
                crisis = {"extension": [{"url": names.EXT_ENABLE_WHEN_EXPRESSION, "valueExpression": expression}], **crisis}
            items.append(crisis)
        group: dict[str, Any] = {"linkId": names.RESULTS}
        self.put_text(group, "text", {language: _RESULTS_TITLE.get(language, _RESULTS_TITLE["en"]) for language in self.languages})
        group.update({"type": "group", "readOnly": True, "item": items})
        return group


def _coding(code: dict[str, Any]) -> dict[str, Any]:
    coding = {"system": code["system"], "code": code["code"]}
    if code.get("display"):
        coding["display"] = code["display"]
    return coding


def _variable(name: str, expression: str) -> dict[str, Any]:
    return {"url": names.EXT_VARIABLE, "valueExpression": {"name": name, "language": "text/fhirpath", "expression": expression}}


def _calculated(expression: str) -> dict[str, Any]:
    return {"url": names.EXT_CALCULATED, "valueExpression": {"language": "text/fhirpath", "expression": expression}}


def _item_control(code: str) -> dict[str, Any]:
    return {"url": names.EXT_ITEM_CONTROL, "valueCodeableConcept": {"coding": [{"system": names.ITEM_CONTROL_SYSTEM, "code": code}]}}


def to_fhir_questionnaire(questionnaire: Questionnaire, base: str = names.DEFAULT_BASE, own_extensions: bool = True) -> dict[str, Any]:
    """The R4 Questionnaire (SDC) for a loaded questionnaire, as JSON-ready data; with
    ``own_extensions``, also the source FHIR cannot carry (:mod:`.export_own`), so that
    importing the file again rebuilds the questionnaire exactly."""
    resource = _Exporter(questionnaire, base).build()
    if own_extensions:
        from screening.interop.fhir.export_own import add_own_extensions

        add_own_extensions(resource, questionnaire, base)
    return resource
