"""The web benchmark still runs (tiny sizes; the figures come from running it in full)."""

from __future__ import annotations

import sys

from tests.conftest import ROOT


def test_the_web_benchmark_runs() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_web

    figures = bench_web.main(["--sessions", "3", "--open", "5"])
    assert figures["requests_per_second"] > 0 and figures["p95_ms"] > 0
