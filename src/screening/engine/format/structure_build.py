"""Generate the run-time structure schema from the pydantic models.

pydantic turns each model into a pydantic-core schema that references the
model classes and a few Python validator functions. This module rewrites it
into plain data (models become typed dicts, the text validator becomes a union
of string and string mapping), so that :mod:`screening.engine.format.structure` can
build the same validator with ``pydantic_core`` alone. A test keeps the
committed JSON equal to what this generates.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from screening.engine.format import model

_DROP = {"metadata", "serialization", "cls", "custom_init", "root_model", "computed_fields", "model_name", "post_init"}

TEXT_SCHEMA: dict[str, Any] = {
    "type": "union",
    "choices": [
        {"type": "str", "strict": True},
        {
            "type": "dict",
            "keys_schema": {"type": "str", "strict": True},
            "values_schema": {"type": "str", "strict": True},
            "strict": True,
        },
    ],
    "custom_error_type": "text_type",
    "custom_error_message": "expected text: a string, or a mapping from language code to string",
}


def _ref(value: str) -> str:
    # pydantic appends the class's id() to refs; drop it so the output is stable
    return re.sub(r":\d+$", "", value)


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    kind = node.get("type")
    if kind == "function-plain" and node.get("function", {}).get("function") is model._check_text:
        return dict(TEXT_SCHEMA)
    if kind == "model":
        fields_schema = node["schema"]
        fields = {}
        for name, field in fields_schema["fields"].items():
            inner = _convert(field["schema"])
            fields[name] = {"type": "typed-dict-field", "schema": inner, "required": inner.get("type") != "default"}
        converted: dict[str, Any] = {
            "type": "typed-dict",
            "fields": fields,
            "extra_behavior": "forbid",
            "strict": True,
            "config": {key: value for key, value in node.get("config", {}).items() if key != "title"},
        }
        if "ref" in node:
            converted["ref"] = _ref(node["ref"])
        return converted
    if kind == "default" and "default_factory" in node:
        node = dict(node)
        node["default"] = node.pop("default_factory")()
        node.pop("default_factory_takes_data", None)
    result = {}
    for key, value in node.items():
        if key in _DROP:
            continue
        if key in ("ref", "schema_ref") and isinstance(value, str):
            result[key] = _ref(value)
        else:
            result[key] = _convert(value)
    return result


def structure_schema() -> dict[str, Any]:
    """The pure-data pydantic-core schema of a questionnaire file."""
    model.Questionnaire.model_rebuild()
    return _convert(model.Questionnaire.__pydantic_core_schema__)


def structure_schema_json() -> str:
    return json.dumps(structure_schema(), indent=1, sort_keys=True) + "\n"


def _discriminate(node: Any) -> Any:
    """Replace each ``oneOf`` + OpenAPI ``discriminator`` (which editors ignore, so they
    report every branch's "missing property") with ``if``/``then`` on the discriminator:
    a validator then checks a question only against the branch its ``type`` names, and
    an unknown or missing ``type`` is one error at ``type``."""
    if isinstance(node, list):
        return [_discriminate(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _discriminate(value) for key, value in node.items()}
    if "discriminator" in node and "oneOf" in node:
        field = node["discriminator"]["propertyName"]
        mapping = node["discriminator"]["mapping"]
        return {
            "type": "object",
            "required": [field],
            "properties": {field: {"enum": list(mapping), "description": "the kind of question"}},
            "allOf": [
                {"if": {"properties": {field: {"const": tag}}, "required": [field]}, "then": {"$ref": ref}}
                for tag, ref in mapping.items()
            ],
        }
    return node


def editor_json_schema() -> dict[str, Any]:
    """The JSON Schema for editors, from the models, with discriminators editors follow."""
    return _discriminate(model.json_schema())


def json_schema_json() -> str:
    return json.dumps(editor_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_json_schemas(root: Path) -> list[Path]:
    """The committed JSON Schema, and its copy beside the bundled questionnaires (their
    ``$schema`` comment names a file in their own folder, so it resolves both from
    ``src/screening/questionnaires/`` and through the ``questionnaires`` link)."""
    text = json_schema_json()
    targets = [root / "schema" / "questionnaire.schema.json", root / "src" / "screening" / "questionnaires" / "questionnaire.schema.json"]
    for target in targets:
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return targets


if __name__ == "__main__":  # python -m screening.engine.format.structure_build: regenerate the schemas
    package = Path(__file__).resolve().parent
    (package / "structure_schema.json").write_text(structure_schema_json(), encoding="utf-8")
    written = write_json_schemas(package.parents[3])
    print("wrote", package / "structure_schema.json", "and", ", ".join(str(p) for p in written))
