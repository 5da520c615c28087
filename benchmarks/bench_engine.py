"""Engine benchmarks: ratios measured side by side in one run.

    python benchmarks/bench_engine.py            # all three
    python benchmarks/bench_engine.py startup    # or: growth, scoring

1. startup: wall time of `screening validate <bundled>` against
   `python -c "import pydantic, yaml"`, interleaved, medians. Target <= 2x.
2. growth: validating generated files of 500, 1000 and 2000 questions against
   a plain `yaml.load(..., CSafeLoader)` of the same text. Target: the
   2,000-question file in under 2 s, and time per question flat.
3. scoring: evaluate-style work (check answers, walk, scores, flags, outcome)
   on the bundled questionnaire, answer sets per second in one process.
   Target >= 5,000/s.

The machine is shared and noisy: trust the ratios, not the seconds.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "questionnaires" / "ketamine-chronic-pain.yaml"
sys.path.insert(0, str(ROOT / "src"))


def _wall(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def bench_startup(rounds: int = 21) -> dict[str, float]:
    # An installed package has its bytecode compiled; do the same for the source tree.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    env = dict(os.environ)
    baseline_cmd = [sys.executable, "-c", "import pydantic, yaml"]
    validate_cmd = [sys.executable, "-m", "screening", "validate", str(BUNDLED)]
    for argv in (baseline_cmd, validate_cmd):  # warm the file cache
        _wall(argv, env)
    baseline, validate = [], []
    for _ in range(rounds):
        baseline.append(_wall(baseline_cmd, env))
        validate.append(_wall(validate_cmd, env))
    result = {
        "baseline_ms": statistics.median(baseline) * 1000,
        "validate_ms": statistics.median(validate) * 1000,
    }
    result["ratio"] = result["validate_ms"] / result["baseline_ms"]
    print(
        f"startup: validate {result['validate_ms']:.0f} ms vs import pydantic, yaml {result['baseline_ms']:.0f} ms "
        f"(medians of {rounds}): ratio {result['ratio']:.2f} (target <= 2.00)"
    )
    return result


def generate_questionnaire(count: int) -> str:
    """A valid file of `count` questions with options, show_if, scores and flags."""
    lines = [
        "format: 1",
        "id: generated",
        'version: "1"',
        "title: Generated",
        "disclaimer: Not a diagnosis.",
        "sections:",
    ]
    per_section = 20
    for number in range(count):
        if number % per_section == 0:
            lines += [f"  - id: s{number // per_section}", f"    title: Section {number // per_section}", "    questions:"]
        lines += [f"      - id: q{number}"]
        kind = number % 4
        if kind == 0:
            lines += ["        type: single_choice", f"        text: Question {number}?"]
            lines += ["        options:"] + [f"          - {{id: o{i}, text: Option {i}, value: {i}}}" for i in range(4)]
        elif kind == 1:
            lines += ["        type: multi_choice", f"        text: Question {number}?", "        required: false"]
            lines += ["        options:"] + [f"          - {{id: o{i}, text: Option {i}}}" for i in range(3)]
            lines += ["          - {id: none, text: None, exclusive: true}"]
        elif kind == 2:
            lines += ["        type: scale", f"        text: Question {number}?", f"        show_if: q{number - 2} == 'o1' or 'o2' in q{number - 1}"]
        else:
            lines += ["        type: duration", f"        text: Question {number}?", "        required: false"]
    lines += ["scores:"]
    for number in range(0, count, 4):
        lines.append(f"  score{number}: value(q{number}) + count(q{number + 1})")
    lines += ["flags:"]
    for number in range(2, count, 4):
        lines += [f"  - id: flag{number}", "    severity: review", f"    when: q{number} >= 8", f"    text: Flag {number}."]
    lines += [
        "outcomes:",
        "  - id: some_flags",
        "    when: any_flag('review')",
        "    title: Flagged",
        "    text: Some flags.",
        "  - id: fine",
        "    otherwise: true",
        "    title: Fine",
        "    text: Fine.",
    ]
    return "\n".join(lines) + "\n"


def bench_growth(sizes: tuple[int, ...] = (500, 1000, 2000), repeats: int = 5) -> dict[int, dict[str, float]]:
    import yaml

    from screening.engine.loader import load_questionnaire_bytes

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    results = {}
    for size in sizes:
        text = generate_questionnaire(size)
        data = text.encode()
        plain, ours = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            yaml.load(text, Loader=loader)  # noqa: S506 - the safe C loader, as the baseline
            plain.append(time.perf_counter() - start)
            start = time.perf_counter()
            questionnaire = load_questionnaire_bytes(f"generated-{size}.yaml", data)
            ours.append(time.perf_counter() - start)
        assert len(questionnaire.questions) == size
        results[size] = {
            "plain_ms": statistics.median(plain) * 1000,
            "validate_ms": statistics.median(ours) * 1000,
        }
        results[size]["ratio"] = results[size]["validate_ms"] / results[size]["plain_ms"]
        results[size]["us_per_question"] = results[size]["validate_ms"] * 1000 / size
        print(
            f"growth: {size:5d} questions ({len(data) / 1024:.0f} KiB): validate {results[size]['validate_ms']:.0f} ms, "
            f"plain YAML parse {results[size]['plain_ms']:.0f} ms, ratio {results[size]['ratio']:.2f}, "
            f"{results[size]['us_per_question']:.0f} us/question"
        )
    largest = max(sizes)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.yaml"
        path.write_text(generate_questionnaire(largest), encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "screening", "validate", str(path)], check=True, stdout=subprocess.DEVNULL)
        whole = time.perf_counter() - start
    smallest = min(sizes)
    growth = results[largest]["us_per_question"] / results[smallest]["us_per_question"]
    print(
        f"growth: `screening validate` on {largest} questions takes {whole:.2f} s end to end (target < 2 s); "
        f"time per question at {largest} vs {smallest}: {growth:.2f}x (1.00 = linear)"
    )
    results[0] = {"whole_s": whole, "per_question_growth": growth}
    return results


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


def bench_scoring(count: int = 20000) -> dict[str, float]:
    from screening.engine.run.answers import parse_answer
    from screening.engine.loader import load_questionnaire
    from screening.engine.run.session import Session

    questionnaire = load_questionnaire(str(BUNDLED))
    rng = random.Random(1)
    answer_sets = [random_answers(questionnaire, rng) for _ in range(count)]
    outcomes: dict[str, int] = {}
    start = time.perf_counter()
    for answers in answer_sets:
        session = Session(questionnaire)
        parsed = {qid: parse_answer(questionnaire.question_by_id[qid], raw) for qid, raw in answers.items()}
        session.load_answers(parsed)
        evaluation = session.evaluation()
        outcomes[evaluation.outcome.id] = outcomes.get(evaluation.outcome.id, 0) + 1
    elapsed = time.perf_counter() - start
    rate = count / elapsed
    print(f"scoring: {count} answer sets in {elapsed:.2f} s = {rate:,.0f} sets/s (target >= 5,000); outcomes {outcomes}")
    return {"sets_per_second": rate}


def main(argv: list[str]) -> int:
    which = argv or ["startup", "growth", "scoring"]
    if "startup" in which:
        bench_startup()
    if "growth" in which:
        bench_growth()
    if "scoring" in which:
        bench_scoring()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
