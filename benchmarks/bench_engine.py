"""Engine benchmarks, each against a floor measured side by side in the same run.

    python benchmarks/bench_engine.py            # all
    python benchmarks/bench_engine.py startup    # or: growth, memory, scoring

1. startup: wall time of `screening validate <bundled>` against
   `python -c "import yaml, pydantic_core"` (what validate cannot do without),
   interleaved. Target <= 1.5x.
2. growth: validating generated files of 200, 2,000 and 20,000 questions
   against the C YAML event stream of the same text with the garbage collector
   off (the least any validator must do). Target: time per question flat.
3. memory: per size, in a fresh process: peak Python heap while validating,
   and the heap the loaded questionnaire keeps, per question (tracemalloc).
4. scoring: check answers, walk, scores, flags and outcome on the bundled
   questionnaire, answer sets per second, against plain Python written out
   by hand for the same rules (and checked to reach the same outcomes).
   Target >= 10,000/s.

Every figure is min / median / max over repeated runs in one process. The
machine is shared and noisy, so in-process figures are CPU time of this process
(time.process_time: what a run costs, not how long others kept the CPU), and
start-up is given as both wall and CPU time of each command.
"""

from __future__ import annotations

import gc
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "questionnaires" / "ketamine-chronic-pain.yaml"
sys.path.insert(0, str(ROOT / "src"))


def spread(values: list[float]) -> dict[str, float]:
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def shown(figures: dict[str, float], fmt: str = ".0f") -> str:
    return f"{figures['min']:{fmt}} / {figures['median']:{fmt}} / {figures['max']:{fmt}}"


def _wall(argv: list[str]) -> float:
    return _run(argv)[0]


def _run(argv: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one command, in seconds.

    CPU time is what the command costs; wall time also holds whatever else the
    shared machine was doing meanwhile, so the ratios are given for both."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, argv)
    return wall, usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- startup


def bench_startup(rounds: int = 21) -> dict[str, object]:
    # An installed package has its bytecode compiled; do the same for the source tree.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    commands = {
        "floor": [sys.executable, "-c", "import yaml, pydantic_core"],
        "pydantic": [sys.executable, "-c", "import yaml, pydantic"],  # the old, flattering floor
        # validate freezes its objects out of the interpreter's last collections (cli.entry);
        # the floor doing the same shows what that alone is worth
        "floor_frozen": [sys.executable, "-c", "import yaml, pydantic_core, gc; gc.freeze()"],
        "validate": [sys.executable, "-m", "screening", "validate", str(BUNDLED)],
    }
    for argv in commands.values():  # warm the file cache
        _wall(argv)
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, argv in commands.items():
            took, used = _run(argv)
            wall[name].append(took * 1000)
            cpu[name].append(used * 1000)
    result: dict[str, object] = {name: spread(values) for name, values in wall.items()}
    result["cpu"] = {name: spread(values) for name, values in cpu.items()}
    result["ratio"] = spread([v / f for v, f in zip(wall["validate"], wall["floor"])])
    result["cpu_ratio"] = spread([v / f for v, f in zip(cpu["validate"], cpu["floor"])])
    result["frozen_ratio"] = spread([v / f for v, f in zip(wall["validate"], wall["floor_frozen"])])
    print(
        f"startup ({rounds} interleaved rounds, min / median / max): wall: validate {shown(result['validate'])} ms; "
        f"import yaml, pydantic_core {shown(result['floor'])} ms; ratio {shown(result['ratio'], '.2f')} (target <= 1.50); "
        f"for reference import yaml, pydantic {shown(result['pydantic'])} ms"
    )
    print(
        f"startup, against the floor that also freezes its objects at exit as validate does: "
        f"{shown(result['floor_frozen'])} ms; ratio {shown(result['frozen_ratio'], '.2f')}"
    )
    print(
        f"startup CPU time (user + system): validate {shown(result['cpu']['validate'])} ms; "  # type: ignore[index]
        f"import yaml, pydantic_core {shown(result['cpu']['floor'])} ms; ratio {shown(result['cpu_ratio'], '.2f')}"  # type: ignore[index]
    )
    return result


# ---------------------------------------------------------------- generated files


def generate_questionnaire(count: int) -> str:
    """A valid file of ``count`` short questions (about 100 bytes each, so 20,000
    fit the 2 MB limit): choices with values, show_if, scores and flags."""
    lines = ["format: 1", "id: generated", 'version: "1"', "title: Generated", "disclaimer: Not a diagnosis.", "sections:"]
    for number in range(count):
        if number % 50 == 0:
            lines += [f"- id: s{number // 50}", f"  title: Section {number // 50}", "  questions:"]
        kind = number % 4
        if kind == 0:
            lines.append(f"  - {{id: q{number}, type: single_choice, text: Q, options: [{{id: a, text: A, value: 0}}, {{id: b, text: B, value: 2}}]}}")
        elif kind == 1:
            lines.append(f"  - {{id: q{number}, type: multi_choice, text: Q, options: [{{id: a, text: A}}, {{id: n, text: N, exclusive: true}}]}}")
        elif kind == 2:
            lines.append(f"  - {{id: q{number}, type: scale, text: Q, show_if: q{number - 2} == 'b' or 'a' in q{number - 1}}}")
        else:
            lines.append(f"  - {{id: q{number}, type: duration, text: Q}}")
    lines.append("scores:")
    lines += [f"  score{n}: value(q{n}) + count(q{n + 1})" for n in range(0, count, 8)]
    lines.append("flags:")
    lines += [f"  - {{id: flag{n}, severity: review, when: q{n} >= 8, text: F.}}" for n in range(2, count, 8)]
    lines += [
        "outcomes:",
        "  - {id: some_flags, when: any_flag('review'), title: Flagged, text: Some flags.}",
        "  - {id: fine, otherwise: true, title: Fine, text: Fine.}",
    ]
    return "\n".join(lines) + "\n"


def _event_stream_floor(text: str) -> float:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    gc.disable()
    try:
        start = time.process_time()
        for _ in yaml.parse(text, Loader=loader):
            pass
        return time.process_time() - start
    finally:
        gc.enable()


def bench_growth(sizes: tuple[int, ...] = (200, 2000, 20000), repeats: int = 5) -> dict[int, dict[str, object]]:
    from screening.engine.loader import load_questionnaire_bytes

    results: dict[int, dict[str, object]] = {}
    for size in sizes:
        text = generate_questionnaire(size)
        data = text.encode()
        floor, ours = [], []
        for _ in range(repeats):
            floor.append(_event_stream_floor(text) * 1000)
            start = time.process_time()
            questionnaire = load_questionnaire_bytes(f"generated-{size}.yaml", data)
            ours.append((time.process_time() - start) * 1000)
        assert len(questionnaire.questions) == size
        del questionnaire
        per_question = [value * 1000 / size for value in ours]
        results[size] = {
            "bytes": len(data),
            "validate_ms": spread(ours),
            "floor_ms": spread(floor),
            "us_per_question": spread(per_question),
            "ratio": spread([o / f for o, f in zip(ours, floor)]),
        }
        r = results[size]
        print(
            f"growth: {size:6,d} questions ({len(data) / 1024:,.0f} KiB), {repeats} runs min / median / max, CPU time: "
            f"validate {shown(r['validate_ms'])} ms = {shown(r['us_per_question'])} us/question; "
            f"C event stream, GC off {shown(r['floor_ms'], '.1f')} ms; ratio {shown(r['ratio'], '.1f')}"
        )
    first, last = min(sizes), max(sizes)
    growth = results[last]["us_per_question"]["median"] / results[first]["us_per_question"]["median"]  # type: ignore[index]
    print(f"growth: median time per question at {last:,} vs {first:,} questions: {growth:.2f}x (1.00 = linear)")
    return results


# ---------------------------------------------------------------- memory


def _memory_child(size: int) -> None:
    import tracemalloc

    from screening.engine.loader import load_questionnaire_bytes

    data = generate_questionnaire(size).encode()
    gc.collect()
    tracemalloc.start()
    questionnaire = load_questionnaire_bytes("generated.yaml", data)
    _, peak = tracemalloc.get_traced_memory()
    gc.collect()
    kept, _ = tracemalloc.get_traced_memory()
    assert len(questionnaire.questions) == size
    print(json.dumps({"peak": peak, "kept": kept}))


def bench_memory(sizes: tuple[int, ...] = (200, 2000, 20000), repeats: int = 3) -> dict[int, dict[str, object]]:
    results: dict[int, dict[str, object]] = {}
    for size in sizes:
        runs = []
        for _ in range(repeats):
            out = subprocess.run(
                [sys.executable, __file__, "_memory", str(size)], check=True, capture_output=True, text=True
            ).stdout
            runs.append(json.loads(out))
        peak = [run["peak"] / size / 1024 for run in runs]
        kept = [run["kept"] / size / 1024 for run in runs]
        results[size] = {"peak_kib_per_question": spread(peak), "kept_kib_per_question": spread(kept),
                         "peak_mib": runs[0]["peak"] / 2**20, "kept_mib": runs[0]["kept"] / 2**20}
        print(
            f"memory: {size:6,d} questions: peak heap while validating {results[size]['peak_mib']:.1f} MiB "
            f"= {shown(results[size]['peak_kib_per_question'], '.1f')} KiB/question; kept by the loaded questionnaire "
            f"{results[size]['kept_mib']:.1f} MiB = {shown(results[size]['kept_kib_per_question'], '.1f')} KiB/question"
        )
    return results


# ---------------------------------------------------------------- scoring


def random_answers(questionnaire, rng: random.Random) -> dict:
    """A random, complete, valid answer set (as an answer file would hold it)."""
    answers = {}
    for question in questionnaire.questions:
        kind = question.type
        if kind in ("single_choice", "yes_no"):
            answers[question.id] = rng.choice(question.option_ids)
        elif kind == "multi_choice":
            plain = [o.id for o in question.options if not o.exclusive]
            exclusive = [o.id for o in question.options if o.exclusive]
            if exclusive and rng.random() < 0.2:
                answers[question.id] = [exclusive[0]]
            else:
                answers[question.id] = rng.sample(plain, rng.randint(1, min(3, len(plain))))
        elif kind == "scale":
            answers[question.id] = rng.randint(question.settings.get("min", 0), question.settings.get("max", 10))
        elif kind == "integer":
            answers[question.id] = rng.randint(question.minimum or 0, question.maximum or 100)
        elif kind == "duration":
            answers[question.id] = f"{rng.randint(1, 20)} {rng.choice(question.settings['units'])}"
    return answers


_WEEKS = {"days": 1 / 7, "weeks": 1.0, "months": 52 / 12, "years": 52.0}
_FREQUENCY = {"not_at_all": 0, "several_days": 1, "more_than_half": 2, "nearly_every_day": 3}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$")
_REVIEW = ("cardiovascular", "pregnancy", "psychosis_or_bipolar", "liver", "eye_or_head_pressure", "thyroid", "substance_use")


def plain_rules(raw: dict) -> tuple[str, list[str], dict]:
    """The bundled questionnaire's rules written out in plain Python: the floor."""
    match = _DURATION.match(raw["pain_duration"])
    weeks = float(match.group(1)) * _WEEKS[match.group(2)]
    diagnoses = set(raw["diagnoses"])
    tried = set(raw["treatments_tried"]) - {"none"}
    crps = set(raw["crps_symptoms"]) - {"none"} if "crps" not in diagnoses else set()
    relief = raw["treatment_relief"] if tried else None
    mental = set(raw["mental_health"])
    pain = [raw["pain_average"], raw["pain_enjoyment"], raw["pain_activity"]]
    peg = round(sum(pain) / 3, 6)
    scores = {
        "peg": int(peg) if peg == int(peg) else peg,
        "phq2": _FREQUENCY[raw["mood_interest"]] + _FREQUENCY[raw["mood_down"]],
        "treatments_count": len(tried),
        "crps_categories": len(crps),
    }
    unsure = ("heart_condition", "blood_pressure", "liver_disease", "eye_or_head_pressure", "thyroid_overactive")
    raised = {
        "self_harm": raw["self_harm_thoughts"] != "not_at_all",
        "cardiovascular": raw["heart_condition"] == "yes" or raw["blood_pressure"] == "high_uncontrolled",
        "pregnancy": raw["pregnant"] in ("yes", "possibly"),
        "psychosis_or_bipolar": "psychosis" in mental or "bipolar" in mental,
        "liver": raw["liver_disease"] == "yes",
        "eye_or_head_pressure": raw["eye_or_head_pressure"] == "yes",
        "thyroid": raw["thyroid_overactive"] == "yes",
        "substance_use": raw["substance_use"] == "yes",
        "unsure_health_answers": any(raw[q] == "not_sure" for q in unsure),
        "depression_screen": scores["phq2"] >= 3,
        "possible_crps_features": scores["crps_categories"] >= 3,
        "crps_evidence": "crps" in diagnoses,
    }
    flags = [flag for flag, on in raised.items() if on]
    if raw["age"] < 18:
        outcome = "adult_screening_only"
    elif weeks < 12:
        outcome = "not_chronic_yet"
    elif scores["treatments_count"] < 2 or relief == "enough":
        outcome = "try_other_care_first"
    elif any(raised[flag] for flag in _REVIEW):
        outcome = "discuss_with_review"
    else:
        outcome = "discuss"
    return outcome, flags, scores


def bench_scoring(count: int = 5000, repeats: int = 5) -> dict[str, object]:
    from screening.engine.loader import load_questionnaire
    from screening.engine.run.answers import parse_answer
    from screening.engine.run.session import Session

    questionnaire = load_questionnaire(str(BUNDLED))
    rng = random.Random(1)
    answer_sets = [random_answers(questionnaire, rng) for _ in range(count)]
    by_id = questionnaire.question_by_id
    ours, floor = [], []
    for _ in range(repeats):
        outcomes: list[str] = []
        start = time.process_time()
        for answers in answer_sets:
            session = Session(questionnaire)
            session.load_answers({qid: parse_answer(by_id[qid], raw) for qid, raw in answers.items()})
            outcomes.append(session.evaluation().outcome.id)
        ours.append(count / (time.process_time() - start))
        start = time.process_time()
        plain = [plain_rules(answers)[0] for answers in answer_sets]
        floor.append(count / (time.process_time() - start))
        assert plain == outcomes, "the plain-Python floor must reach the same outcomes"
    result = {"sets_per_second": spread(ours), "floor_sets_per_second": spread(floor),
              "floor_over_ours": spread([f / o for f, o in zip(floor, ours)])}
    print(
        f"scoring: {count:,} answer sets x {repeats} runs, min / median / max, CPU time: {shown(result['sets_per_second'], ',.0f')} "
        f"sets/s (target >= 10,000); plain Python of the same rules {shown(result['floor_sets_per_second'], ',.0f')} sets/s; "
        f"the floor is {shown(result['floor_over_ours'], '.1f')}x faster"
    )
    return result


def main(argv: list[str]) -> int:
    if argv[:1] == ["_memory"]:
        _memory_child(int(argv[1]))
        return 0
    which = argv or ["startup", "growth", "memory", "scoring"]
    if "startup" in which:
        bench_startup()
    if "growth" in which:
        bench_growth()
    if "memory" in which:
        bench_memory()
    if "scoring" in which:
        bench_scoring()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main(sys.argv[1:]))
