"""Every bundled file's examples typed into plain mode give `evaluate`'s summary.

The first example of each file goes through `screening run --plain` as a
subprocess with a pipe; the others through the same function in-process (the
suite's time budget), with the same lines.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from screening.cli import main
from screening.cli_common import BUNDLED_DIR
from screening.engine.loader import load_questionnaire
from screening.plain.launch import run_plain
from tests.conftest import run_cli
from tests.plain.lines import lines_for

FILES = sorted(Path(BUNDLED_DIR).glob("*.yaml"))
CASES = [
    pytest.param(path, index, id=f"{path.stem}-{index}")
    for path in FILES
    for index in range(len(load_questionnaire(str(path)).examples))
]


def without_time(text: str) -> str:
    """The summary without its 'Completed:' time (the two runs are a moment apart)."""
    return "\n".join(line for line in text.splitlines() if not line.startswith(("Completed:", "Completado:")))


@pytest.mark.parametrize(("path", "index"), CASES)
def test_example_through_a_pipe_gives_the_evaluate_summary(path, index, tmp_path, capsys):
    questionnaire = load_questionnaire(str(path))
    example = questionnaire.examples[index]
    language = example.language or questionnaire.default_language
    lines, crises = lines_for(questionnaire, example.answers, language)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(example.answers, default=str), encoding="utf-8")
    assert main(["evaluate", str(path), "--answers", str(answers), "--lang", language]) == 0
    expected = capsys.readouterr().out

    typed = "\n".join(lines) + "\n"
    if index == 0:
        result = run_cli("run", str(path), "--plain", "--lang", language, stdin=typed)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr
        assert "Traceback" not in result.stderr
        out = result.stdout
    else:
        writer = io.StringIO()
        assert run_plain(str(path), language, reader=io.BytesIO(typed.encode()), writer=writer) == 0
        out = writer.getvalue()

    assert without_time(out).endswith(without_time(expected))
    crisis = questionnaire.text(questionnaire.crisis, language) if questionnaire.crisis else None
    if crisis:
        before_summary = out[: out.rindex(expected.splitlines()[0])]
        assert before_summary.count(crisis.splitlines()[0]) == crises
