"""The committed schemas are what the models generate, and they accept real files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from screening.engine.format.structure import SCHEMA_FILE
from screening.engine.format.structure_build import json_schema_json, structure_schema_json
from tests.conftest import ROOT

COMMITTED = ROOT / "schema" / "questionnaire.schema.json"
REGENERATE = "run: python -m screening.engine.format.structure_build"


def test_committed_json_schema_matches_the_models():
    assert COMMITTED.read_text(encoding="utf-8") == json_schema_json(), REGENERATE


def test_runtime_structure_schema_matches_the_models():
    assert Path(SCHEMA_FILE).read_text(encoding="utf-8") == structure_schema_json(), REGENERATE


@pytest.mark.parametrize("path", sorted((ROOT / "questionnaires").glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_files_satisfy_the_json_schema(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # PyYAML reads YAML 1.1; our files quote 'yes'/'no' where they mean strings, so this is the same data.
    jsonschema.validate(data, json.loads(COMMITTED.read_text(encoding="utf-8")))


def test_json_schema_refuses_unknown_keys():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    data = yaml.safe_load((ROOT / "questionnaires" / "ketamine-chronic-pain.yaml").read_text(encoding="utf-8"))
    data["sections"][0]["questions"][0]["show_iff"] = "true"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_pydantic_models_and_runtime_validator_agree_on_a_real_file():
    from screening.engine.format import model
    from screening.engine.format.structure import _validator

    data = yaml.safe_load((ROOT / "questionnaires" / "ketamine-chronic-pain.yaml").read_text(encoding="utf-8"))
    from_models = model.Questionnaire.model_validate(data).model_dump()
    from_runtime = _validator().validate_python(data)
    assert from_models == from_runtime
