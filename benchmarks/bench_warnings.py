"""What `validate`'s warnings cost on each bundled file, next to loading it (median of 5, in-process).

Run: .venv/bin/python benchmarks/bench_warnings.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from screening.authoring.warnings import file_warnings
from screening.engine.loader import load_questionnaire

BUNDLED = Path(__file__).resolve().parents[1] / "src" / "screening" / "questionnaires"

if __name__ == "__main__":
    for path in sorted(BUNDLED.glob("*.yaml")):
        load_times, warn_times = [], []
        for _ in range(5):
            start = time.perf_counter()
            questionnaire = load_questionnaire(str(path))
            load_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            file_warnings(questionnaire)
            warn_times.append(time.perf_counter() - start)
        print(f"{path.name:28} load {statistics.median(load_times) * 1000:6.1f} ms   warnings {statistics.median(warn_times) * 1000:6.1f} ms")
