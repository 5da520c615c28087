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


def json_schema_json() -> str:
    return json.dumps(model.json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m screening.engine.format.structure_build: regenerate both files
    from pathlib import Path

    package = Path(__file__).resolve().parent
    (package / "structure_schema.json").write_text(structure_schema_json(), encoding="utf-8")
    root = package.parents[3]
    (root / "schema").mkdir(exist_ok=True)
    (root / "schema" / "questionnaire.schema.json").write_text(json_schema_json(), encoding="utf-8")
    print("wrote", package / "structure_schema.json", "and", root / "schema" / "questionnaire.schema.json")
