"""The benchmark scripts still run (tiny sizes; the figures come from running them in full)."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_engine  # noqa: E402


def test_generated_questionnaires_are_valid():
    from screening.engine.loader import load_questionnaire_bytes

    questionnaire = load_questionnaire_bytes("generated.yaml", bench_engine.generate_questionnaire(120).encode())
    assert len(questionnaire.questions) == 120


def test_scoring_benchmark_runs():
    assert bench_engine.bench_scoring(count=200)["sets_per_second"] > 0


def test_growth_benchmark_runs():
    results = bench_engine.bench_growth(sizes=(40, 80), repeats=1)
    assert results[80]["validate_ms"] > 0


def test_kiosk_soak_leaves_no_widgets_behind(tmp_path):
    import asyncio

    import soak_kiosk

    result = asyncio.run(soak_kiosk.soak(40, tmp_path))
    assert result["stored"] == 40
    assert result["widgets_growth"] == 0
    assert result["objects_per_session"] < 200
