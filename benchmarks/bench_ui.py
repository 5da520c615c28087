"""UI benchmarks: ratios and percentiles measured in one run.

    python benchmarks/bench_ui.py            # both
    python benchmarks/bench_ui.py startup    # or: steps

1. startup: in a real terminal (tmux, 80x24), time from launch until the
   welcome's title is on screen, against a bare Textual app showing one line,
   interleaved, medians. Target <= 1.15x.
2. steps: in Pilot, time from the Enter that answers a question to the
   refresh after the next question is up (timed inside the app: Pilot's own
   waits add ~100 ms to every press), over full walks of the bundled
   questionnaire: median, 95th percentile and the slowest question.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "questionnaires" / "ketamine-chronic-pain.yaml"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def _time_to_text(command: str, text: str, timeout: float = 30) -> float:
    server = f"bench-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", server]
    try:
        start = time.perf_counter()
        subprocess.run([*tmux, "new-session", "-d", "-x", "80", "-y", "24", command], check=True)
        while time.perf_counter() - start < timeout:
            shown = subprocess.run([*tmux, "capture-pane", "-p"], capture_output=True, text=True).stdout
            if text in shown:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise RuntimeError(f"{text!r} did not appear")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def bench_startup(rounds: int = 15) -> dict[str, float]:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src"), str(ROOT / "benchmarks")], check=True)
    python = shlex.quote(sys.executable)
    bare = f"cd {shlex.quote(str(ROOT))} && {python} benchmarks/bare_app.py"
    ours = f"cd {shlex.quote(str(ROOT))} && {python} -m screening run"
    title = "Chronic pain: is a ketamine evaluation"
    for command, text in ((bare, "Bare app is on screen"), (ours, title)):  # warm caches
        _time_to_text(command, text)
    bare_times, our_times = [], []
    for _ in range(rounds):
        bare_times.append(_time_to_text(bare, "Bare app is on screen"))
        our_times.append(_time_to_text(ours, title))
    result = {"bare_ms": statistics.median(bare_times) * 1000, "ours_ms": statistics.median(our_times) * 1000}
    result["ratio"] = result["ours_ms"] / result["bare_ms"]
    print(
        f"startup: welcome on screen in {result['ours_ms']:.0f} ms vs bare Textual app {result['bare_ms']:.0f} ms "
        f"(tmux 80x24, medians of {rounds}): ratio {result['ratio']:.2f} (target <= 1.15)"
    )
    return result


_painted: list[float] = []


def _instrument() -> None:
    """Record when the screen has refreshed after a new question was put up."""
    from screening.ui.screens.question import QuestionScreen

    if getattr(QuestionScreen, "_benchmarked", False):
        return
    original = QuestionScreen.show

    async def show(self, question):  # type: ignore[no-untyped-def]
        await original(self, question)
        self.call_after_refresh(lambda: _painted.append(time.perf_counter()))

    QuestionScreen.show = show  # type: ignore[method-assign]
    QuestionScreen._benchmarked = True  # type: ignore[attr-defined]


async def _walk_once(latencies: dict[str, list[float]]) -> None:
    from screening.ui.app import ScreeningApp
    from screening.ui.screens.modals import CrisisModal
    from screening.ui.screens.question import QuestionScreen
    from tests.ui.helpers import KEYBOARD_WALK

    _instrument()
    app = ScreeningApp(str(BUNDLED))
    app.input_gate.settle = 0.0  # the step's own latency is measured, not the quiet wait for held keys
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        for question_id, keys in KEYBOARD_WALK:
            assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == question_id
            if keys:
                await pilot.press(*keys)
            await pilot.pause()
            painted_before = len(_painted)
            start = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            if len(_painted) > painted_before:  # the last question leads to the review instead
                latencies.setdefault(question_id, []).append(_painted[-1] - start)
            if isinstance(app.screen, CrisisModal):  # pragma: no cover - not in this walk
                await pilot.press("enter")


def bench_steps(walks: int = 5) -> dict[str, float]:
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    latencies: dict[str, list[float]] = {}
    for _ in range(walks):
        asyncio.run(_walk_once(latencies))
    every = sorted(value for values in latencies.values() for value in values)
    median = statistics.median(every) * 1000
    p95 = every[int(0.95 * (len(every) - 1))] * 1000
    slowest_id, slowest = max(((qid, statistics.median(v)) for qid, v in latencies.items()), key=lambda pair: pair[1])
    print(
        f"steps: Enter to next question painted, {len(every)} steps over {walks} walks: median {median:.1f} ms, "
        f"95th percentile {p95:.1f} ms; slowest question {slowest_id} (median {slowest * 1000:.1f} ms, "
        f"{slowest * 1000 / median:.2f}x the overall median)"
    )
    return {"median_ms": median, "p95_ms": p95}


def main(argv: list[str]) -> int:
    which = argv or ["startup", "steps"]
    if "startup" in which:
        bench_startup()
    if "steps" in which:
        bench_steps()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
