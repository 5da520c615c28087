"""The command line, run as a subprocess the way people and scripts use it."""

from __future__ import annotations

import json

import pytest

from tests.conftest import BUNDLED, MINIMAL, run_cli

ANSWERS = "age: 40\npain: 2 years\nlevel: 3\nkinds: [b]\nsad: no\n"


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


def test_validate_bundled_file():
    result = run_cli("validate", str(BUNDLED))
    assert result.returncode == 0, result.stderr
    assert "examples passed" in result.stdout
    assert result.stderr == ""


def test_validate_several_files_reports_each(write):
    good = write(MINIMAL, "good.yaml")
    bad = write(MINIMAL.replace("when: level >= 8", "when: levle >= 8"), "bad.yaml")
    result = run_cli("validate", good, bad)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"{good}:1:1: warning: the file has no examples, so `validate` cannot check its rules; "
        "add a few under 'examples:' (answers and the outcome and flags they should give)",
        f"{bad}:67:11: error: unknown name 'levle' (did you mean 'level'?)",
    ]
    assert f"{good}: ok" in result.stdout
    no_traceback(result)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("a: [1,\n", ":2:1: error: YAML syntax"),
        ("", ":1:1: error: the file is empty"),
        ("- 1\n", ":1:1: error: the top level must be a mapping"),
        ("a: !!python/object/apply:os.system ['echo pwned']\n", ":1:4: error: YAML tags"),
        ("a:\n\tb: 1\n", ":2:1: error: a tab character"),
    ],
)
def test_validate_bad_files(write, text, fragment):
    path = write(text)
    result = run_cli("validate", path)
    assert result.returncode == 1
    assert result.stderr.startswith(path + fragment)
    assert "pwned" not in result.stdout
    no_traceback(result)


def test_validate_missing_file(tmp_path):
    result = run_cli("validate", str(tmp_path / "nope.yaml"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"{tmp_path / 'nope.yaml'}:1:1: error: no such file"


def test_failing_example_exits_one(write):
    text = MINIMAL + "examples:\n  - name: e\n    answers: {age: 4, pain: 2 years, level: 1, kinds: [b], sad: 'no'}\n    expect: {outcome: ok, flags: []}\n"
    result = run_cli("validate", write(text))
    assert result.returncode == 1
    assert "expected outcome 'ok', got 'young'" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_evaluate_formats(write, fmt):
    result = run_cli("evaluate", write(MINIMAL), "--answers", write(ANSWERS, "a.yaml"), "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        assert json.loads(result.stdout)["outcome"]["id"] == "ok"
    else:
        assert "Not a diagnosis." in result.stdout


def test_evaluate_bad_answers_exit_one(write):
    result = run_cli("evaluate", write(MINIMAL), "--answers", write(ANSWERS.replace("level: 3", "level: 30"), "a.yaml"))
    assert result.returncode == 1
    assert result.stderr.endswith("a.yaml:3:8: error: 'level': 30 is outside 0-10\n")
    assert result.stdout == ""


def test_evaluate_hidden_answer_warns_but_succeeds(write):
    result = run_cli("evaluate", write(MINIMAL), "--answers", write(ANSWERS + "detail: x\n", "a.yaml"))
    assert result.returncode == 0
    assert "warning: the answer to 'detail' is ignored" in result.stderr


def test_evaluate_unknown_language_is_usage(write):
    result = run_cli("evaluate", write(MINIMAL), "--answers", write(ANSWERS, "a.yaml"), "--lang", "fr")
    assert result.returncode == 2
    assert result.stderr.strip() == "screening: error: --lang fr: this questionnaire is in en"


def test_usage_errors_exit_two():
    assert run_cli("evaluate", str(BUNDLED)).returncode == 2  # --answers is required
    assert run_cli("frobnicate").returncode == 2
    result = run_cli("evaluate", str(BUNDLED), "--answers", "x", "--format", "pdf")
    assert result.returncode == 2
    no_traceback(result)


def test_schema_command_prints_the_committed_schema():
    from tests.conftest import ROOT

    result = run_cli("schema")
    assert result.returncode == 0
    assert result.stdout == (ROOT / "schema" / "questionnaire.schema.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(BUNDLED)],
        ["evaluate", "{q}", "--answers", "{a}", "--format", "json"],
        ["schema"],
    ],
)
def test_commands_without_a_screen_never_import_textual(write, args):
    import subprocess
    import sys

    q, a = write(MINIMAL), write(ANSWERS, "a.yaml")
    argv = [arg.format(q=q, a=a) for arg in args]
    code = (
        "import sys\nfrom screening.cli import main\nstatus = main(%r)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('screening.ui'))\n"
        "print(bad)\nsys.exit(status)\n" % argv
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_validate_imports_only_what_it_needs():
    """`validate` runs on every save of a file: start-up time is what the author waits through
    (benchmarks/bench_engine.py startup). These modules are each 0.4-2.5 ms and validate has no
    use for them on a valid file."""
    import subprocess
    import sys

    heavy = ("hashlib", "pathlib", "json", "difflib", "random", "dataclasses", "shutil", "textual")
    code = (
        "import sys\nfrom screening.cli import main\nstatus = main(['validate', %r])\n"
        "print(sorted(m for m in %r if m in sys.modules))\nsys.exit(status)\n" % (str(BUNDLED), heavy)
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_entry_point_freezes_only_for_commands_that_just_read(monkeypatch, capsys):
    """At exit the last garbage collections are skipped for validate and schema (start-up); main()
    as tests call it, and the commands that store or serve, never freeze."""
    import gc

    from screening import cli

    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    assert cli.main(["validate", str(BUNDLED)]) == 0
    assert frozen == []
    assert cli.main(["validate", str(BUNDLED)], exiting=True) == 0
    assert cli.main(["schema"], exiting=True) == 0
    assert frozen == [1, 1]
    assert cli.main(["evaluate", str(BUNDLED), "--answers", "missing.yaml"], exiting=True) != 0
    assert frozen == [1, 1]
    capsys.readouterr()


def test_the_installed_script_and_python_dash_m_use_the_entry_point():
    from tests.conftest import ROOT

    assert 'screening = "screening.cli:entry"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "entry()" in (ROOT / "src" / "screening" / "__main__.py").read_text(encoding="utf-8")


def test_python_dash_m_and_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("screening ")


def test_run_refuses_bad_arguments_before_drawing_anything(tmp_path):
    result = run_cli("run", str(BUNDLED), "--lang", "fr")
    assert result.returncode == 2
    assert result.stderr.strip() == "screening: error: --lang fr: this questionnaire is in en, es"
    assert "\x1b" not in result.stderr  # no screen was drawn
    # `screening` alone is `screening run` on the bundled questionnaire
    assert run_cli("--lang", "fr").stderr.strip() == "screening: error: --lang fr: this questionnaire is in en, es"
    result = run_cli("run", str(BUNDLED), "--output", str(tmp_path / "no" / "summary.json"))
    assert result.returncode == 2 and "does not exist" in result.stderr
    # a folder given as the file: refused before the person answers anything (plain mode too)
    for mode in ([], ["--plain"]):
        result = run_cli("run", str(BUNDLED), *mode, "--output", str(tmp_path), stdin="")
        assert result.returncode == 2 and "is a folder; give a file name" in result.stderr and not result.stdout
    result = run_cli("run", str(tmp_path / "missing.yaml"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"{tmp_path / 'missing.yaml'}:1:1: error: no such file"
    for mode in ([], ["--plain"]):  # a folder given as the questionnaire
        result = run_cli("run", str(tmp_path), *mode, stdin="")
        assert result.returncode == 1 and result.stderr.strip() == f"{tmp_path}:1:1: error: this is a folder, not a file"


def test_kiosk_refuses_a_broken_file_or_language_before_starting(tmp_path, write):
    from screening.staff_pin import set_pin

    set_pin(tmp_path / "config", "2468")
    common = ["--config", str(tmp_path / "config"), "--store", str(tmp_path / "s.db")]
    result = run_cli("kiosk", str(BUNDLED), "--lang", "fr", *common)
    assert result.returncode == 2 and "--lang fr" in result.stderr
    bad = write(MINIMAL.replace("when: level >= 8", "when: levle >= 8"))
    result = run_cli("kiosk", bad, *common)
    assert result.returncode == 1
    assert result.stderr.strip() == f"{bad}:67:11: error: unknown name 'levle' (did you mean 'level'?)"


def test_an_unforeseen_error_in_any_command_is_one_line_a_log_and_exit_70(monkeypatch, capsys, tmp_path):
    """Never a traceback (its values could hold answers), never a code taken for success."""
    import screening.cli as cli

    monkeypatch.setenv("SCREENING_LOG_DIR", str(tmp_path))

    def broken(args):
        raise RuntimeError("the answer was 42")

    monkeypatch.setitem(cli.COMMANDS, "schema", broken)
    assert cli.main(["schema"]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected error" in err and "Traceback" not in err and "the answer was" not in err
    logged = (tmp_path / "crash.log").read_text(encoding="utf-8")
    assert "RuntimeError" in logged and "the answer was" not in logged


def test_validate_still_says_invalid_when_its_reader_goes_away(write):
    """`validate good.yaml bad.yaml | head -1`: the reader leaves before the end; what is left
    to print is dropped, but every file is still checked and the exit code says one is invalid."""
    import subprocess
    import sys

    good = str(BUNDLED)
    bad = write(MINIMAL.replace("type: integer", "type: integr", 1), "bad.yaml")
    process = subprocess.Popen(
        [sys.executable, "-m", "screening", "validate", good, good, bad],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # gone before anything is written
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1, stderr
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr
    assert b"bad.yaml:" in stderr  # the last file was checked


def test_strict_failure_is_not_called_ok_and_counts_are_singular_when_one(write):
    from tests.authoring.test_warnings import FULL

    path = write(FULL.replace("text: Age?", "text: Do you smoke? #1 question"))
    result = run_cli("validate", "--strict", path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == f"{path}: fails --strict: 1 warning (above)"
    assert "ok:" not in result.stdout
    plain = run_cli("validate", path)
    assert plain.returncode == 0 and ", 1 warning" in plain.stdout and "1 warnings" not in plain.stdout
