"""Soak: many kiosk sessions in one process; reports memory growth.

    python benchmarks/soak_kiosk.py [SESSIONS]     # default 200

Each session: welcome, Start, answer, submit (stored), Finish (reset).
After a warm-up of 20 sessions and at the end it counts live Python objects
and Textual widgets and reads the resident memory (RSS); the growth per
session should be near zero: nothing of a person stays behind.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

WARM_UP = 20


async def soak(sessions: int, folder: Path) -> dict[str, float]:
    from screening.staff_pin import set_pin
    from screening.store import open_store
    from screening.ui.kiosk import KioskApp
    from tests.ui.test_kiosk import SMALL

    questionnaire = folder / "small.yaml"
    questionnaire.write_text(SMALL, encoding="utf-8")
    set_pin(folder / "config", "2468")
    store = open_store(str(folder / "s.db"))
    app = KioskApp(str(questionnaire), store, folder / "config", kiosk_id="soak", idle_timeout=600, reset_after=600)
    app.input_gate.settle = 0.0  # Pilot types at machine speed; a person's quarter-second pause is not what is measured
    from textual.dom import DOMNode

    def measure() -> tuple[int, int, int]:
        gc.collect()
        objects = gc.get_objects()
        return len(objects), sum(isinstance(o, DOMNode) for o in objects), _rss()

    before = (0, 0, 0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        for number in range(sessions):
            if number == WARM_UP:
                before = measure()
            await pilot.press("enter")  # Start
            await pilot.press("4", "2", "enter", "1", "enter")  # age, sad = no (No comes first)
            await pilot.press("f10")  # submit: stored
            await pilot.press("enter")  # Finish: reset
            await pilot.pause()
        elapsed = time.perf_counter() - started
        after = measure()
        nodes_now = len(list(app.screen.walk_children()))
    stored = len(store.submissions())
    store.close()
    measured = max(sessions - WARM_UP, 1)
    return {
        "sessions": sessions,
        "stored": stored,
        "seconds": elapsed,
        "objects_per_session": (after[0] - before[0]) / measured,
        "widgets_growth": after[1] - before[1],
        "rss_growth_kib": (after[2] - before[2]) / 1024,
        "widgets_on_screen": nodes_now,
    }


def _rss() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # pragma: no cover - not Linux
        return 0


def main(argv: list[str]) -> int:
    sessions = int(argv[0]) if argv else 200
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    with tempfile.TemporaryDirectory() as folder:
        result = asyncio.run(soak(sessions, Path(folder)))
    print(
        f"soak: {result['sessions']} kiosk sessions in {result['seconds']:.1f} s, {result['stored']} stored; "
        f"over the {sessions - WARM_UP} sessions after warm-up: {result['widgets_growth']:+d} live widgets, "
        f"{result['objects_per_session']:+.1f} live objects per session, RSS {result['rss_growth_kib']:+.0f} KiB"
    )
    return 0 if result["stored"] == sessions else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
