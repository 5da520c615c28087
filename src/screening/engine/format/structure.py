"""Check a parsed file against the format's structure and locate every error.

The validator is pydantic-core, built from ``structure_schema.json``: plain
data generated from the pydantic models in :mod:`screening.engine.format.model` by
:mod:`screening.engine.format.structure_build` (a test keeps the two in step). It
needs only ``pydantic_core``, which makes it ~50 ms cheaper to start than
building the models, and gives the same errors. Each error is turned into
words for a clinician and placed at the node it is about.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from pydantic_core import SchemaValidator, ValidationError, from_json

from screening.engine.problems import ProblemCollector
from screening.engine.suggest import did_you_mean
from screening.engine.format.yaml_source import SourceMap

SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "structure_schema.json")

_KINDS = {
    "string_type": "text (a string)",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value)",
    "typed_dict_type": "a mapping (key: value)",
    "text_type": "text: a string, or a mapping from language code to string",
    "literal_error": "",
}

_PATTERN_HELP = {
    "id": "use lowercase letters, digits and '_' (and '-' for the questionnaire id), starting with a letter",
    "languages": "use a language code such as 'en' or 'es'",
    "system": "a code system is an absolute URI, e.g. http://loinc.org",
    "code": "a code is not empty and has no leading, trailing or double blanks",
}


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    with open(SCHEMA_FILE, "rb") as schema:
        return from_json(schema.read())  # pydantic-core's parser: importing json costs 1 ms of start-up


@lru_cache(maxsize=1)
def _validator() -> SchemaValidator:
    return SchemaValidator(_schema())


def _schema_nodes() -> "Iterator[dict[str, Any]]":
    """Every mapping in the committed core schema (a fixed, trusted file), depth first, with an
    explicit stack."""
    stack: list[Any] = [_schema()]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


@lru_cache(maxsize=1)
def known_keys() -> frozenset[str]:
    """Every key any mapping of the format may have (for 'did you mean')."""
    return frozenset(key for node in _schema_nodes() if node.get("type") == "typed-dict" for key in node["fields"])


@lru_cache(maxsize=1)
def question_types() -> tuple[str, ...]:
    for node in _schema_nodes():
        if node.get("type") == "tagged-union" and node.get("discriminator") == "type":
            return tuple(node["choices"])
    return ()


_MODEL_PLACES = {
    "Questionnaire": "the top level of the file",
    "Section": "a section",
    "Option": "an option",
    "ScoreDefinition": "a score (with 'expr')",
    "Flag": "a flag",
    "Outcome": "an outcome",
    "Example": "an example",
    "Expectation": "an example's 'expect'",
}


@lru_cache(maxsize=1)
def _models() -> dict[str, frozenset[str]]:
    """The keys of each mapping of the format: model name (or question type) -> keys."""
    found: dict[str, frozenset[str]] = {}
    for node in _schema_nodes():
        if node.get("type") == "typed-dict" and "ref" in node:
            name = node["ref"].rsplit(".", 1)[-1]
            type_field = node["fields"].get("type", {}).get("schema", {})
            if type_field.get("type") == "literal":
                name = str(type_field["expected"][0])
            found[name] = frozenset(node["fields"])
    return found


def _place_of(path: tuple[Any, ...], data: Any) -> str:
    """Which kind of mapping ``path`` points at: a model name or a question type."""
    if not path:
        return "Questionnaire"
    names = [part for part in path if isinstance(part, str)]
    last = names[-1] if names else ""
    if isinstance(path[-1], int):
        if last == "questions":
            _, node = _walk(data, path)
            return str(node.get("type", "")) if isinstance(node, dict) else ""
        return {"sections": "Section", "options": "Option", "flags": "Flag", "outcomes": "Outcome", "examples": "Example"}.get(last, "")
    if last == "expect":
        return "Expectation"
    if len(path) == 2 and path[0] == "scores":
        return "ScoreDefinition"
    return ""


def _describe_place(place: str) -> str:
    return _MODEL_PLACES.get(place) or (f"a {place} question" if place else "this mapping")


def _unknown_key_hint(key: str, path: tuple[Any, ...], data: Any) -> str:
    """Where a key that is valid elsewhere belongs, or the closest key allowed here."""
    models = _models()
    here = _place_of(path[:-1], data)
    if key in known_keys():
        owners = [name for name, keys in models.items() if key in keys and name != here]
        question_owners = [name for name in question_types() if name in owners]
        places = [_describe_place(name) for name in owners if name not in question_owners]
        if question_owners:
            places.insert(0, " and ".join(question_owners) + " questions")
        return f" in {_describe_place(here)}; '{key}' belongs in " + " and ".join(places) if places else ""
    allowed = models.get(here, known_keys())
    return did_you_mean(key, allowed) or did_you_mean(key, known_keys())


def _walk(data: Any, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], Any]:
    """Follow an error's loc through the data, skipping union-branch labels.

    A tagged union adds the question's type right after its list index: for a
    ``type: text`` question that label is ``text``, which is also a key of the
    question, so the label is skipped by position, not by name.
    """
    path: list[Any] = []
    node = data
    after_item = False
    for part in loc:
        if after_item and isinstance(node, dict) and isinstance(part, str) and node.get("type") == part and part in question_types():
            after_item = False
            continue
        after_item = False
        if isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
            after_item = True
    return tuple(path), node


def _field_name(path: tuple[Any, ...]) -> str:
    """The key a value sits under (the last string in its path that is a key of the format)."""
    for part in reversed(path):
        if isinstance(part, str) and part in known_keys():
            return part
    return ""


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def validate_structure(data: Any, source: SourceMap, problems: ProblemCollector) -> dict[str, Any] | None:
    """Validated data (defaults filled in), or None after adding located problems."""
    if data is None:
        problems.error((1, 1), "the file is empty; a questionnaire starts with 'format: 1'")
        return None
    if not isinstance(data, dict):
        problems.error(source.where(()), f"the top level must be a mapping of keys (format, id, ...), not {_describe(data)}")
        return None
    try:
        return _validator().validate_python(data)
    except ValidationError as exc:
        _report(exc, data, source, problems)
        return None


def _report(exc: ValidationError, data: Any, source: SourceMap, problems: ProblemCollector) -> None:
    errors = []
    for error in exc.errors(include_url=False):
        path, node = _walk(data, tuple(error["loc"]))
        errors.append((path, node, error))
    # In a union every branch reports; keep what explains the value best.
    deepest: dict[tuple[Any, ...], int] = {}
    for path, _, _ in errors:
        for cut in range(len(path)):
            deepest[path[:cut]] = max(deepest.get(path[:cut], 0), len(path))
    type_errors: dict[tuple[Any, ...], tuple[Any, list[str]]] = {}
    for path, node, error in errors:
        kind = error["type"]
        if kind in _KINDS and kind != "literal_error" and deepest.get(path, 0) > len(path):
            continue  # a branch that expected another kind of value; a deeper error says more
        if kind in _KINDS and kind != "literal_error":
            type_errors.setdefault(path, (node, []))[1].append(kind)
            continue
        _report_one(path, node, error, source, problems, data)
    for path, (node, kinds) in type_errors.items():
        name = _field_name(path)
        if "text_type" in kinds and isinstance(node, dict) and _comma_in_text(path, node, source, problems):
            continue
        expected = " or ".join(dict.fromkeys(_KINDS[k] for k in kinds))
        label = f"'{name}' should be" if name else "expected"
        message = f"{label} {expected}, not {_describe(node)}"
        if name == "version" and isinstance(node, (int, float)):
            message += f"; put the version in quotes: \"{node}\""
        problems.error(source.where(path), message)


def _comma_in_text(path: tuple[Any, ...], node: dict[str, Any], source: SourceMap, problems: ProblemCollector) -> bool:
    """``{en: Age, years, es: Edad}``: the comma ended the English text and made 'years' a key
    with no value. Says so at that key; False when the mapping has no such key."""
    cut = [key for key, value in node.items() if value is None]
    if not cut:
        return False
    before = {key: value for key, value in node.items() if value is not None}
    for key in cut:
        keys = list(node)
        previous = next((k for k in reversed(keys[: keys.index(key)]) if k in before), None)
        example = f'{previous}: "{before[previous]}, {key}"' if previous else f'"{key}"'
        problems.error(
            source.key_where(path + (key,)),
            f"a comma inside {{ }} ends the text before it, so '{key}' became a key with no text; "
            f"put text that has commas in quotes, e.g. {example}",
        )
    return True


def _report_one(
    path: tuple[Any, ...], node: Any, error: dict[str, Any], source: SourceMap, problems: ProblemCollector, data: Any
) -> None:
    kind = error["type"]
    loc = tuple(error["loc"])
    name = _field_name(path)
    if kind == "missing":
        missing = loc[-1]
        problems.error(source.where(path), f"missing required key '{missing}'")
    elif kind == "extra_forbidden":
        key = path[-1] if path else loc[-1]
        if " " in str(key).strip() and node is None:  # no key has a space: this was text after a comma
            hint = ": a comma inside { } ends the text before it; put text that has commas in quotes"
        elif "\u00a0" in str(key):
            hint = ": it contains a non-breaking space (U+00A0); retype the spaces before it as ordinary spaces"
        else:
            hint = _unknown_key_hint(str(key), path, data)
        problems.error(source.key_where(path), f"unknown key '{key}'{hint}")
    elif kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", node)
        types = question_types()
        problems.error(
            source.where(path + ("type",)),
            f"unknown question type '{tag}'{did_you_mean(str(tag), types)}; the types are {', '.join(types)}",
        )
    elif kind == "union_tag_not_found":
        problems.error(source.where(path), f"missing required key 'type' (one of {', '.join(question_types())})")
    elif kind == "string_pattern_mismatch":
        help_text = _PATTERN_HELP.get(name, _PATTERN_HELP["id"])
        if name in ("min", "max"):
            help_text = "use an ISO date (YYYY-MM-DD) or 'today'"
        problems.error(source.where(path), f"{_describe(node)} is not a valid {name or 'value'}: {help_text}")
    elif kind in ("too_short", "too_long"):
        ctx = error.get("ctx", {})
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        actual = ctx.get("actual_length", len(node) if hasattr(node, "__len__") else "?")
        word = "at least" if kind == "too_short" else "at most"
        target = source.key_where(path) if isinstance(node, (list, dict)) else source.where(path)
        label = f"'{name}'" if name else "this"
        unit = "items" if isinstance(node, (list, dict)) else "characters"
        problems.error(target, f"{label} needs {word} {bound} {unit}, not {actual}")
    elif kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        label = f"'{name}'" if name else "the value"
        problems.error(source.where(path), f"{label} should be {expected}, not {_describe(node)}")
    else:
        message = error["msg"]
        message = message[0].lower() + message[1:] if message else kind
        message = message.replace("input should", "should").replace("value should", "should")
        label = f"'{name}' " if name else ""
        if message.startswith("should"):
            problems.error(source.where(path), f"{label}{message}")
        else:
            problems.error(source.where(path), f"{label}{message}".strip())
