"""UI benchmarks: ratios and percentiles measured in one run.

    python benchmarks/bench_ui.py            # startup and steps
    python benchmarks/bench_ui.py startup    # or: steps, breakdown

1. startup: in a real terminal (tmux, 80x24), time from launch until the
   welcome's title is on screen, against a bare Textual app showing one line
   (target <= 1.15x); and until the first question is on screen after Enter,
   against the bare app answering a key (target <= 1.3x). Interleaved rounds,
   min / median / max.
2. steps: in Pilot, time from the Enter that answers a question to the
   refresh after the next question is up (timed inside the app: Pilot's own
   waits add ~100 ms to every press), over full walks of the bundled
   questionnaire: median, 95th percentile and the slowest question.
3. breakdown: where the time to the first question goes, as in `startup`
   (tmux, Enter every 20 ms from first paint) but timed inside the app by
   wrapping a few of its methods: launch to welcome drawn, the load (engine
   import, file load and check, imports for Start), the Enter handled, the
   question screen mounted and drawn. Medians, in ms.
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


def _time_to_text(command: str, text: str, then: str | None = None, timeout: float = 30) -> tuple[float, float | None]:
    """Seconds from launch until ``text`` is on screen; with ``then``, also until
    ``then`` is, pressing Enter every 20 ms from the moment ``text`` showed (so a
    key sent before the app takes keys is simply sent again)."""
    server = f"bench-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", server]

    def screen() -> str:
        return subprocess.run([*tmux, "capture-pane", "-p"], capture_output=True, text=True).stdout

    try:
        start = time.perf_counter()
        subprocess.run([*tmux, "new-session", "-d", "-x", "80", "-y", "24", command], check=True)
        first = None
        while time.perf_counter() - start < timeout:
            if text in screen():
                first = time.perf_counter() - start
                break
            time.sleep(0.005)
        if first is None:
            raise RuntimeError(f"{text!r} did not appear")
        if then is None:
            return first, None
        while time.perf_counter() - start < timeout:
            subprocess.run([*tmux, "send-keys", "Enter"], check=True)
            deadline = time.perf_counter() + 0.02
            while time.perf_counter() < deadline:
                if then in screen():
                    return first, time.perf_counter() - start
                time.sleep(0.002)
        raise RuntimeError(f"{then!r} did not appear")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def _spread(values: list[float]) -> str:
    return f"{min(values):.0f} / {statistics.median(values):.0f} / {max(values):.0f}"


def _ratios(ours: list[float], bare: list[float]) -> str:
    ratios = [o / b for o, b in zip(ours, bare)]
    return f"{min(ratios):.2f} / {statistics.median(ratios):.2f} / {max(ratios):.2f}"


def bench_startup(rounds: int = 15) -> dict[str, float]:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src"), str(ROOT / "benchmarks")], check=True)
    python = shlex.quote(sys.executable)
    bare = f"cd {shlex.quote(str(ROOT))} && {python} benchmarks/bare_app.py"
    ours = f"cd {shlex.quote(str(ROOT))} && {python} -m screening run"
    title = "Chronic pain: is a ketamine evaluation"
    question = "How old are you?"
    bare_texts = ("Bare app is on screen", "Bare app took a key")
    _time_to_text(bare, *bare_texts)  # warm caches
    _time_to_text(ours, title, question)
    bare_paint, bare_key, our_paint, our_key = [], [], [], []
    for _ in range(rounds):
        paint, key = _time_to_text(bare, *bare_texts)
        bare_paint.append(paint * 1000)
        bare_key.append((key or 0) * 1000)
        paint, key = _time_to_text(ours, title, question)
        our_paint.append(paint * 1000)
        our_key.append((key or 0) * 1000)
    result = {
        "bare_ms": statistics.median(bare_paint),
        "ours_ms": statistics.median(our_paint),
        "ratio": statistics.median([o / b for o, b in zip(our_paint, bare_paint)]),
        "key_ratio": statistics.median([o / b for o, b in zip(our_key, bare_key)]),
    }
    print(
        f"startup (tmux 80x24, {rounds} interleaved rounds, min / median / max): first paint: welcome "
        f"{_spread(our_paint)} ms vs bare Textual app {_spread(bare_paint)} ms, ratio {_ratios(our_paint, bare_paint)} "
        f"(target <= 1.15)"
    )
    print(
        f"startup: first question on screen after Enter (Enter sent from first paint until it takes) "
        f"{_spread(our_key)} ms vs bare app answering a key {_spread(bare_key)} ms, ratio {_ratios(our_key, bare_key)} "
        f"(target <= 1.30)"
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
        f"steps: Enter to next question painted, {len(every)} steps over {walks} walks: min / median / max "
        f"{every[0] * 1000:.1f} / {median:.1f} / {every[-1] * 1000:.1f} ms, 95th percentile {p95:.1f} ms; slowest question "
        f"{slowest_id} (median {slowest * 1000:.1f} ms, {slowest * 1000 / median:.2f}x the overall median)"
    )
    return {"median_ms": median, "p95_ms": p95}


def _traced_run(out: str) -> None:
    """`screening run`, noting when each start-up step ends (seconds since this process began)."""
    began = time.perf_counter()
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        if name not in marks:
            marks[name] = time.perf_counter() - began
            with open(out, "w", encoding="utf-8") as handle:
                handle.write(repr(marks))

    import importlib.abc
    import importlib.machinery

    class PatchApp(importlib.abc.MetaPathFinder):
        """Wrap the app's methods once `screening run` has imported it (its own way, at its own time)."""

        def find_spec(self, name, path, target=None):  # type: ignore[no-untyped-def]
            if name != "screening.ui.app":
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            execute = spec.loader.exec_module

            def exec_module(module):  # type: ignore[no-untyped-def]
                execute(module)
                mark("app imported")
                _patch_app(module, mark, marks)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, PatchApp())
    from screening.cli import main as cli_main

    cli_main(["run"])


def _patch_app(module, mark, marks) -> None:  # type: ignore[no-untyped-def]
    from screening.ui.screens.welcome import WelcomeScreen

    ScreeningApp = module.ScreeningApp
    display, load, start_session = ScreeningApp._display, ScreeningApp.load_questionnaire, ScreeningApp.start_session

    def traced_display(self, screen, renderable):  # type: ignore[no-untyped-def]
        display(self, screen, renderable)
        if renderable is not None and isinstance(screen, WelcomeScreen):
            mark("welcome drawn")
        elif renderable is not None and "question shown" in marks:
            mark("question drawn")

    async def traced_load(self):  # type: ignore[no-untyped-def]
        if self._load_started:
            return
        mark("load begins")
        await load(self)
        mark("loaded")

    def traced_start(self):  # type: ignore[no-untyped-def]
        from screening.ui.screens.question import QuestionScreen

        mark("Enter handled")
        if not hasattr(QuestionScreen, "_traced_show"):
            show = QuestionScreen._show

            async def traced_show(screen, question):  # type: ignore[no-untyped-def]
                mark("question mounted")
                await show(screen, question)
                mark("question shown")

            QuestionScreen._show = traced_show  # type: ignore[method-assign]
            QuestionScreen._traced_show = True  # type: ignore[attr-defined]
        start_session(self)

    ScreeningApp._display = traced_display  # type: ignore[method-assign]
    ScreeningApp.load_questionnaire = traced_load  # type: ignore[method-assign]
    ScreeningApp.start_session = traced_start  # type: ignore[method-assign]


BREAKDOWN = [
    "app imported",  # the interpreter, `screening run` and Textual
    "welcome drawn",  # the first paint
    "load begins",
    "loaded",  # engine import, file load and check, imports for Start
    "Enter handled",  # an Enter pressed during the load waits for it
    "question mounted",  # the session, the question screen composed and mounted
    "question shown",  # the first question's text and answer widget
    "question drawn",  # laid out and written to the terminal
]


def bench_breakdown(rounds: int = 9) -> None:
    import ast
    import tempfile

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src"), str(ROOT / "benchmarks")], check=True)
    steps: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "marks"
        command = f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} benchmarks/bench_ui.py _traced {shlex.quote(str(out))}"
        for _ in range(rounds + 1):  # the first warms caches
            paint, key = _time_to_text(command, "Chronic pain: is a ketamine evaluation", "How old are you?")
            time.sleep(0.1)
            marks = ast.literal_eval(out.read_text(encoding="utf-8"))
            previous = 0.0
            for name in BREAKDOWN:
                steps.setdefault(name, []).append((marks[name] - previous) * 1000)
                previous = marks[name]
            steps.setdefault("on screen (tmux): title", []).append(paint * 1000)
            steps.setdefault("on screen (tmux): question", []).append((key or 0) * 1000)
    print(f"breakdown (tmux 80x24, {rounds} rounds; each step from the end of the one before, median ms):")
    for name, values in steps.items():
        print(f"  {name:28} {statistics.median(values[1:]):6.1f}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["_traced"]:
        _traced_run(argv[1])
        return 0
    which = argv or ["startup", "steps"]
    if "startup" in which:
        bench_startup()
    if "steps" in which:
        bench_steps()
    if "breakdown" in which:
        bench_breakdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
