"""The store at scale, before and after: open, export, and evaluate --store per submission.

    .venv/bin/python benchmarks/bench_store.py                 # 10,000 submissions, 3 runs each
    .venv/bin/python benchmarks/bench_store.py --count 2000 --repeat 1

"Before" is the code at ``--baseline`` (a git revision, default the commit this
work started from), extracted with ``git archive`` into a temporary folder and
run with ``PYTHONPATH`` pointing at it; "after" is this checkout. Both read the
same store file (the schema did not change). Every figure is min/median/max
over ``--repeat`` runs; peak memory is the child process's maximum RSS
(``os.wait4``), so it includes Python itself.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "src" / "screening" / "questionnaires" / "ketamine-chronic-pain.yaml"
BASELINE = "6d3a703"
sys.path.insert(0, str(ROOT))
from tests.store.conftest import ANSWERS  # noqa: E402 - the complete answer set the store tests use


def spread(values: list[float]) -> str:
    return f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}"


def run(src: Path, argv: list[str], stdin: str | None = None) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of ``python -m screening ARGV`` with ``src`` first on the path."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    began = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "screening", *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - began
    error = process.stderr.read().decode() if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{argv[:2]} failed ({process.returncode}): {error}")
    return elapsed, usage.ru_maxrss / 1024


def make_store(path: Path, count: int) -> None:
    """``count`` submissions of the bundled questionnaire (one evaluated, copied with new ids)."""
    sys.path.insert(0, str(ROOT / "src"))
    import uuid

    from screening.engine.loader import load_questionnaire
    from screening.engine.run.session import Session
    from screening.engine.run.summary import build_summary
    from screening.store import Submission, open_store

    session = Session(load_questionnaire(str(BUNDLED)))
    for question_id, raw in ANSWERS.items():
        session.set_answer(question_id, raw)
    template = Submission.from_summary(build_summary(session), kiosk_id="bench")
    with open_store(str(path)) as store:
        for start in range(0, count, 1000):
            batch = []
            for _ in range(min(1000, count - start)):
                copy = Submission(**{**template.__dict__, "id": uuid.uuid4().hex})
                batch.append(copy)
            store.save_many(batch)


def open_cost(path: Path, repeat: int) -> dict[str, list[float]]:
    """Milliseconds to open the store: the old full integrity_check vs. quick_check vs. nothing (in process)."""
    import sqlite3

    results: dict[str, list[float]] = {"integrity_check (before, every open)": [], "quick_check (kiosk start-up)": [], "open (after)": []}
    for _ in range(repeat):
        for label, pragma in (("integrity_check (before, every open)", "integrity_check"), ("quick_check (kiosk start-up)", "quick_check"), ("open (after)", None)):
            began = time.perf_counter()
            db = sqlite3.connect(path)
            db.execute("PRAGMA journal_mode").fetchone()
            if pragma:
                db.execute(f"PRAGMA {pragma}").fetchone()
            db.close()
            results[label].append((time.perf_counter() - began) * 1000)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--evaluations", type=int, default=20, help="answer files for the evaluate --store figure")
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--make-store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_store:
        make_store(Path(args.make_store), args.count)
        return
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        work = Path(folder)
        before = work / "before"
        before.mkdir()
        archive = subprocess.run(["git", "archive", args.baseline, "src"], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)
        before_src, after_src = before / "src", ROOT / "src"
        store = work / "s.db"
        # in a child: this process stays small, as Linux starts a child's peak RSS from its parent's at fork
        subprocess.run([sys.executable, __file__, "--make-store", str(store), "--count", str(args.count)], check=True)
        print(f"store: {args.count} submissions, {store.stat().st_size / 1e6:.1f} MB; figures min / median / max over {args.repeat} runs")

        for label, values in open_cost(store, args.repeat).items():
            print(f"open, {label}: {spread(values)} ms")

        for format in ("json", "csv", "fhir"):
            rows = {}
            for name, src in (("before", before_src), ("after", after_src)):
                out = work / f"out-{name}.{format}"
                times, peaks = zip(*(run(src, ["submissions", "export", "--store", str(store), "--format", format, "--output", str(out)]) for _ in range(args.repeat)))
                rows[name] = (list(times), list(peaks))
                print(f"export {format} {name}: {spread(list(times))} s, peak RSS {spread(list(peaks))} MB")
            if format == "json":  # counted line by line: loading it here would grow this process, and
                # a child's peak RSS as Linux reports it starts from its parent's at fork
                with open(work / "out-after.json", encoding="utf-8") as stream:
                    assert sum(line.startswith('{"id"') for line in stream) == args.count
            t_ratio = statistics.median(rows["before"][0]) / statistics.median(rows["after"][0])
            m_ratio = statistics.median(rows["before"][1]) / statistics.median(rows["after"][1])
            print(f"export {format}: after is {t_ratio:.1f}x faster, {m_ratio:.1f}x less memory")

        answer_files = []
        for number in range(args.evaluations):
            path = work / f"answers-{number}.json"
            path.write_text(json.dumps({**ANSWERS, "age": 20 + number}), encoding="utf-8")
            answer_files.append(str(path))
        per = {}
        for name, src in (("before", before_src), ("after", after_src)):
            costs = []
            for _ in range(args.repeat):
                target = work / f"eval-{name}-{len(costs)}.db"
                if name == "before":  # one process per answer file: all the old CLI could do
                    total = sum(run(src, ["evaluate", str(BUNDLED), "--answers", f, "--store", str(target)])[0] for f in answer_files)
                else:
                    total = run(src, ["evaluate", str(BUNDLED), "--answers", *answer_files, "--store", str(target)])[0]
                costs.append(total / len(answer_files) * 1000)
            per[name] = costs
            print(f"evaluate --store, {name}: {spread(costs)} ms per submission ({args.evaluations} answer files)")
        print(f"evaluate --store: after is {statistics.median(per['before']) / statistics.median(per['after']):.1f}x cheaper per submission")
        marginal = []  # one process, N then 2N files: the cost of one more submission, start-up left out
        for _ in range(args.repeat):
            single = run(after_src, ["evaluate", str(BUNDLED), "--answers", *answer_files, "--store", str(work / f"m1-{len(marginal)}.db")])[0]
            double = run(after_src, ["evaluate", str(BUNDLED), "--answers", *answer_files, *answer_files, "--store", str(work / f"m2-{len(marginal)}.db")])[0]
            marginal.append(max(0.0, double - single) / len(answer_files) * 1000)
        print(f"evaluate --store, after, each further submission in one process: {spread(marginal)} ms")


if __name__ == "__main__":
    main()
