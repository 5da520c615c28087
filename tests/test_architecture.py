"""Layers: the engine and the renderers stand on nothing of the UI's."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_import_linter_contract_holds():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout


def test_no_eval_exec_or_unsafe_yaml_in_the_source():
    source = ROOT / "src" / "screening"
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for forbidden in ("eval(", "exec(", "yaml.load(", "yaml.unsafe_load", "shell=True", "os.system("):
            assert forbidden not in text, f"{path}: {forbidden}"
