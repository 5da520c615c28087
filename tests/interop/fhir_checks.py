"""Checks the FHIR tests share: HL7's R4 JSON Schema, a strict FHIRPath parser,
a QuestionnaireResponse-against-Questionnaire structure check, and a replay of
a questionnaire's FHIRPath on a response with fhirpathpy."""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data" / "fhir"


@lru_cache(maxsize=8)
def _validator(definition: str) -> Any:
    import jsonschema

    schema = json.loads(gzip.decompress((DATA / "fhir.schema.json.gz").read_bytes()))
    return jsonschema.Draft6Validator({"$ref": f"#/definitions/{definition}", "definitions": schema["definitions"]})


def schema_errors(resource: dict[str, Any]) -> list[str]:
    """Errors of a resource against HL7's official R4 JSON Schema (fhir.schema.json)."""
    validator = _validator(resource["resourceType"])
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(resource)]


def strict_fhirpath(text: str) -> None:
    """Parse FHIRPath with fhirpathpy's ANTLR grammar, failing on any syntax error
    (fhirpathpy.parse() itself lets some through)."""
    from antlr4 import CommonTokenStream, InputStream
    from antlr4.error.ErrorListener import ErrorListener
    from fhirpathpy.parser.generated.FHIRPathLexer import FHIRPathLexer
    from fhirpathpy.parser.generated.FHIRPathParser import FHIRPathParser

    class Raise(ErrorListener):
        def syntaxError(self, recognizer, offendingSymbol, line, column, msg, e):  # noqa: N802, N803
            raise SyntaxError(f"{column}: {msg} in {text!r}")

    lexer = FHIRPathLexer(InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(Raise())
    parser = FHIRPathParser(CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(Raise())
    parser.expression()
    if parser.getCurrentToken().type != -1:
        raise SyntaxError(f"unparsed input after column {parser.getCurrentToken().column} in {text!r}")


def expressions(resource: Any) -> list[str]:
    """Every FHIRPath expression anywhere in a resource (valueExpression of any extension)."""
    found: list[str] = []
    if isinstance(resource, dict):
        expression = resource.get("valueExpression")
        if isinstance(expression, dict) and expression.get("language") == "text/fhirpath":
            found.append(expression["expression"])
        for value in resource.values():
            found.extend(expressions(value))
    elif isinstance(resource, list):
        for value in resource:
            found.extend(expressions(value))
    return found


_ANSWER_KEYS = {
    "choice": {"valueCoding"},
    "boolean": {"valueBoolean"},
    "integer": {"valueInteger"},
    "decimal": {"valueDecimal"},
    "quantity": {"valueQuantity"},
    "date": {"valueDate"},
    "string": {"valueString"},
    "text": {"valueString"},
}


def response_problems(response: dict[str, Any], questionnaire: dict[str, Any]) -> list[str]:
    """Where a QuestionnaireResponse does not fit its Questionnaire's structure: each item at the
    same place (nested under the same groups), answers of the item's type, codings among its options."""
    problems: list[str] = []

    def check(items: list[dict[str, Any]], definitions: list[dict[str, Any]], where: str) -> None:
        by_link = {d["linkId"]: d for d in definitions}
        order = [d["linkId"] for d in definitions]
        positions = []
        for item in items:
            definition = by_link.get(item["linkId"])
            path = f"{where}/{item['linkId']}"
            if definition is None:
                problems.append(f"{path}: no such item at this place in the Questionnaire")
                continue
            positions.append(order.index(item["linkId"]))
            kind = definition["type"]
            if kind == "display":
                problems.append(f"{path}: a display item has no answer")
            if kind == "group":
                if "answer" in item or not item.get("item"):
                    problems.append(f"{path}: a group holds items, not answers")
                check(item.get("item", []), definition.get("item", []), path)
                continue
            answers = item.get("answer", [])
            if not answers:
                problems.append(f"{path}: an item without an answer")
            if len(answers) > 1 and not definition.get("repeats"):
                problems.append(f"{path}: several answers to an item that does not repeat")
            for answer in answers:
                keys = set(answer) - {"item"}
                if keys != _ANSWER_KEYS[kind]:
                    problems.append(f"{path}: answer {sorted(keys)} for a {kind} item")
                if kind == "choice" and "answerOption" in definition:
                    allowed = {(o["valueCoding"].get("system"), o["valueCoding"]["code"]) for o in definition["answerOption"]}
                    coding = answer.get("valueCoding", {})
                    if (coding.get("system"), coding.get("code")) not in allowed:
                        problems.append(f"{path}: {coding} is not one of the item's options")
        if positions != sorted(positions):
            problems.append(f"{where}: items out of the Questionnaire's order")

    check(response.get("item", []), questionnaire.get("item", []), "")
    return problems


def _variables(questionnaire: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (e["valueExpression"]["name"], e["valueExpression"]["expression"])
        for e in questionnaire.get("extension", [])
        if e["url"] == "http://hl7.org/fhir/StructureDefinition/variable"
    ]


def replay(questionnaire: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    """Every root variable of the Questionnaire evaluated in order on the response (fhirpathpy, R4 model)."""
    from fhirpathpy import evaluate
    from fhirpathpy.models import models

    context: dict[str, Any] = {"resource": response, "questionnaire": questionnaire}
    for name, expression in _variables(questionnaire):
        context[name] = evaluate(response, expression, dict(context), model=models["r4"])
    return {name: context[name] for name, _ in _variables(questionnaire)}


def enabled(questionnaire: dict[str, Any], response: dict[str, Any], variables: dict[str, Any]) -> dict[str, bool]:
    """linkId -> whether each item other than a group is enabled, for the response as it is (enableWhen and
    enableWhenExpression, a disabled group disabling its items)."""
    from fhirpathpy import evaluate
    from fhirpathpy.models import models

    answers: dict[str, list[dict[str, Any]]] = {}

    def collect(items: list[dict[str, Any]]) -> None:
        for item in items:
            if "answer" in item:
                answers[item["linkId"]] = item["answer"]
            collect(item.get("item", []))

    collect(response.get("item", []))

    def holds(condition: dict[str, Any]) -> bool:
        given = answers.get(condition["question"], [])
        key = next(k for k in condition if k.startswith("answer"))
        wanted = condition[key]
        if condition["operator"] == "exists":
            return bool(given) == wanted
        values = [next(v for k, v in a.items() if k.startswith("value")) for a in given]
        op = condition["operator"]
        if key == "answerCoding":
            hits = [v.get("code") == wanted["code"] and v.get("system") == wanted.get("system") for v in values]
            return any(hits) if op == "=" else bool(values) and not any(hits)
        compare = {"=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}[op]
        return any(compare(v, wanted) for v in values)

    result: dict[str, bool] = {}

    def walk(items: list[dict[str, Any]], parent_on: bool) -> None:
        for item in items:
            on = parent_on
            if item.get("enableWhen"):
                tests = [holds(c) for c in item["enableWhen"]]
                on = on and (any(tests) if item.get("enableBehavior") == "any" else all(tests))
            for extension in item.get("extension", []):
                if extension["url"].endswith("sdc-questionnaire-enableWhenExpression"):
                    context = {"resource": response, "questionnaire": questionnaire, **variables}
                    value = evaluate(response, extension["valueExpression"]["expression"], context, model=models["r4"])
                    on = on and value == [True]
            if item["type"] != "group":
                result[item["linkId"]] = on
            walk(item.get("item", []), on)

    walk(questionnaire.get("item", []), True)
    return result
