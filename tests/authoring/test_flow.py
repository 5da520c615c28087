"""Flow diagrams: every question, flag and outcome appears, and the output parses."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from screening.authoring.flow import dot, mermaid
from screening.engine.loader import load_questionnaire
from tests.conftest import ROOT, run_cli

FILES = sorted((ROOT / "questionnaires").glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_dot_parses_with_graphviz_and_names_everything(path):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed (.ci/run installs it)")
    questionnaire = load_questionnaire(str(path))
    text = dot(questionnaire)
    result = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "<svg" in result.stdout
    for question in questionnaire.questions:
        assert f"q_{question.id} [label=" in text
    for flag in questionnaire.flags:
        assert f"flag_{flag.id} [label=" in text
    for outcome in questionnaire.outcomes:
        assert f"outcome_{outcome.id} [label=" in text


LINE = re.compile(
    r"""^(flowchart TD|  end|  subgraph \w+\["[^"]*"\]|\s+\w+(\[|\[/|\(\(|\{\{|\()"[^"]*"(\]|/\]|\)\)|\}\}|\))|  \w+ (-->|-\.->)(\|"[^"]*"\|)? \w+)$"""
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_mermaid_is_well_formed_and_names_everything(path):
    questionnaire = load_questionnaire(str(path))
    text = mermaid(questionnaire)
    for line in text.splitlines():
        assert LINE.match(line), line
    assert text.count("subgraph") == text.count("\n  end\n") + text.endswith("  end\n")
    for question in questionnaire.questions:
        assert f"q_{question.id}[" in text
    for outcome in questionnaire.outcomes:
        assert f"outcome_{outcome.id}(" in text


def test_show_if_conditions_label_the_edges():
    text = mermaid(load_questionnaire(str(ROOT / "questionnaires" / "ketamine-chronic-pain.yaml")))
    assert '''q_diagnoses -->|"if 'crps' not in diagnoses"| q_crps_symptoms''' in text
    assert 'q_diagnoses -.->|"otherwise"| q_treatments_tried' in text
    assert "score_peg" in text and "flag_self_harm" in text


def test_labels_from_files_cannot_inject(write):
    from tests.ui.test_walk import INJECTION

    questionnaire = load_questionnaire(write(INJECTION))
    text = mermaid(questionnaire)
    for line in text.splitlines():
        assert LINE.match(line), line
    assert "[@click" not in text and "#91;@click=app.quit#93;" in text
    result = subprocess.run(["dot", "-Tsvg"], input=dot(questionnaire), capture_output=True, text=True) if shutil.which("dot") else None
    assert result is None or result.returncode == 0


def test_flow_command():
    result = run_cli("flow", str(ROOT / "questionnaires" / "phq-9.yaml"), "--format", "dot")
    assert result.returncode == 0 and result.stdout.startswith("digraph")
    assert run_cli("flow", str(ROOT / "questionnaires" / "phq-9.yaml")).stdout.startswith("flowchart TD")


LONG = "age >= 18 and level > 3 and 'a' in kinds and 'b' not in kinds and age < 100 and level < 9"


def test_whole_conditions_wrapped_and_the_options_listed(write):
    from tests.conftest import MINIMAL

    text = MINIMAL.replace("show_if: \"'a' in kinds\"", f'show_if: "{LONG}"').replace("when: age < 18", f'when: "{LONG}"')
    questionnaire = load_questionnaire(write(text))
    drawn = dot(questionnaire)
    unwrapped = drawn.replace("\\n", " ")
    assert f'label="if {LONG}"' in unwrapped  # the edge into 'detail', whole
    assert f"1. outcome young: when {LONG}" in unwrapped
    assert "..." not in drawn
    assert max(len(part) for part in re.findall(r'"([^"]*)"', drawn) for part in part.split("\\n")) <= 60
    assert 'q_detail [label="detail: Detail?\\none of:\\n- x: X (= 1)\\n- y: Y (= 2)"' in drawn
    assert "any of:\\n- a: A\\n- b: B\\n- none: None of these (only this)" in drawn
    flow = mermaid(questionnaire)
    assert "<br/>- x: X (= 1)<br/>- y: Y (= 2)" in flow
    for line in flow.splitlines():
        assert LINE.match(line), line
