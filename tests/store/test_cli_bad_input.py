"""Bad input through the `submissions` and `evaluate --store` commands: one message, the right exit code, no traceback."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from screening.store import open_store
from tests.conftest import BUNDLED, ROOT, run_cli
from tests.store.conftest import ANSWERS, make_submission

HOSTILE = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\x9d0;title\x9c\x1bPdcs\x1b\\\x07"
RAW = ("\x1b", "\x9b", "\x9d", "\x9c", "\x90", "\x07")


@pytest.fixture
def answers(tmp_path) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANSWERS), encoding="utf-8")
    return str(path)


def assert_clean(text: str) -> None:
    for raw in RAW:
        assert raw not in text, repr(raw)
    assert "Traceback" not in text


@pytest.mark.parametrize("action", [["list"], ["show", "abc"], ["export"], ["export", "--format", "csv"], ["check"]])
def test_a_store_that_does_not_exist_is_refused_and_not_created(tmp_path, action):
    missing = tmp_path / "mistyped.db"
    for store in (str(missing), f"sqlite:///{missing}"):
        result = run_cli("submissions", *action, "--store", store)
        assert result.returncode == 2, result.stderr
        assert "no such store" in result.stderr and str(missing) in result.stderr
        assert_clean(result.stderr)
        assert not missing.exists() and list(tmp_path.iterdir()) == []


def test_default_store_folder_created_owner_only_on_first_use(tmp_path, answers):
    data = tmp_path / "xdg-data"
    env = {"XDG_DATA_HOME": str(data), "HOME": str(tmp_path)}
    refused = run_cli("submissions", "list", env=env)  # a reader never creates it
    assert refused.returncode == 2 and not data.exists()
    explicit = run_cli("evaluate", str(BUNDLED), "--answers", answers, "--store", str(data / "screening" / "submissions.db"), env=env)
    assert explicit.returncode == 1 and "does not exist" in explicit.stderr  # a path given by hand is not guessed at
    # the real first use (the kiosk, no --store), on a machine where the folder does not exist yet
    fresh = data
    code = "from screening.store import open_store; s = open_store(None); s.audit('started'); s.close()"
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, **env}, cwd=str(ROOT))
    assert os.stat(fresh / "screening").st_mode & 0o777 == 0o700
    assert os.stat(fresh / "screening" / "submissions.db").st_mode & 0o777 == 0o600
    assert run_cli("submissions", "list", env=env).returncode == 0


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def _store_with(tmp_path, *submissions) -> str:
    path = str(tmp_path / "s.db")
    with open_store(path) as store:
        for submission in submissions:
            store.save(submission)
    return path


def test_escape_sequences_in_stored_data_never_reach_the_terminal(tmp_path):
    hostile = make_submission(kiosk_id=f"desk{HOSTILE}")
    hostile.outcome_id = f"discuss{HOSTILE}"
    hostile.payload["answers"][0]["answer"] = f"yes{HOSTILE}"
    hostile.payload["summary"]["answers"][0]["answer"] = f"yes{HOSTILE}"
    store = _store_with(tmp_path, hostile)
    for command in (["list"], ["list", "--format", "csv"], ["show", hostile.id], ["export", "--format", "csv"]):
        result = run_cli("submissions", *command, "--store", store)
        assert result.returncode == 0, (command, result.stderr)
        assert_clean(result.stdout)
        assert "desk" in result.stdout
    for command in (["export"], ["export", "--format", "fhir"], ["show", hostile.id, "--format", "json"], ["list", "--format", "json"]):
        result = run_cli("submissions", *command, "--store", store)
        assert result.returncode == 0, (command, result.stderr)
        assert_clean(result.stdout)
        assert f"desk{HOSTILE}" in strings(json.loads(result.stdout)), command  # escaped, yet exact: JSON escapes are lossless


def test_escape_sequences_in_the_kiosk_id_are_refused(tmp_path, answers):
    store = str(tmp_path / "s.db")
    for bad in (f"desk{HOSTILE}", "desk\x1b[31m", "desk\x9b1m", "desk\u202egnp", "two\nlines", "x" * 65):
        result = run_cli("evaluate", str(BUNDLED), "--answers", answers, "--store", store, "--kiosk-id", bad)
        assert result.returncode == 2, repr(bad)
        assert "kiosk id must be" in result.stderr
        assert_clean(result.stderr)
    assert not (tmp_path / "s.db").exists()  # refused before anything was stored


def test_escape_sequences_in_arguments_are_cleaned_in_error_messages(tmp_path):
    result = run_cli("submissions", "list", "--store", str(tmp_path / f"no{HOSTILE}.db"))
    assert result.returncode == 2
    assert_clean(result.stderr)
    result = run_cli("submissions", "show", f"ab{HOSTILE}", "--store", _store_with(tmp_path, make_submission()))
    assert result.returncode == 2
    assert_clean(result.stderr)


def test_escape_sequences_in_bad_arguments_are_cleaned_in_usage_errors(tmp_path, answers):
    for argv in (
        ["evaluate", str(BUNDLED), "--answers", answers, "--format", f"x{HOSTILE}"],
        ["submissions", f"lis{HOSTILE}"],
        ["submissions", "export", "--format", f"\x9b2J{HOSTILE}"],
    ):
        result = run_cli(*argv)
        assert result.returncode == 2 and "invalid choice" in result.stderr
        assert_clean(result.stderr)


def test_a_broken_row_is_named_by_id_with_exit_1(tmp_path):
    good, broken = make_submission(), make_submission()
    store = _store_with(tmp_path, good, broken)
    with sqlite3.connect(store) as db:
        db.execute("UPDATE submissions SET payload = '{\"answers\": [' WHERE id = ?", (broken.id,))
    for command in (["export"], ["export", "--format", "csv"], ["list", "--format", "json"], ["show", broken.id], ["check"]):
        result = run_cli("submissions", *command, "--store", store)
        assert result.returncode == 1, (command, result.stderr)
        assert broken.id in result.stderr and "damaged" in result.stderr, command
        assert "Traceback" not in result.stderr
    assert run_cli("submissions", "show", good.id, "--store", store).returncode == 0
    output = tmp_path / "out.json"
    assert run_cli("submissions", "export", "--store", store, "--output", str(output)).returncode == 1
    assert not output.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json")]


def test_check_passes_on_a_good_store_and_fails_on_a_damaged_one(tmp_path):
    store = _store_with(tmp_path, *[make_submission() for _ in range(3)])
    result = run_cli("submissions", "check", "--store", store)
    assert result.returncode == 0, result.stderr
    assert "ok: 3 submissions" in result.stdout
    with sqlite3.connect(store) as db:  # an index that disagrees with its table: only the full check sees it
        db.execute("PRAGMA writable_schema = ON")
        db.execute("UPDATE sqlite_master SET sql = replace(sql, '(submitted_at)', '(language)') WHERE name = 'submissions_by_time'")
    result = run_cli("submissions", "check", "--store", store)
    assert result.returncode == 1
    assert "integrity check failed" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("where", ["missing-folder/out.json", "a-folder", "read-only/out.json"])
def test_output_that_cannot_be_written_is_one_message(tmp_path, where):
    store = _store_with(tmp_path, make_submission())
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "read-only").mkdir(mode=0o500)
    argv = ["submissions", "export", "--store", store, "--output", str(tmp_path / where)]
    if os.geteuid() == 0 and where.startswith("read-only"):
        argv = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search",
                sys.executable, "-m", "screening", *argv]
        result = subprocess.run(argv, capture_output=True, text=True, cwd=str(ROOT))
    else:
        result = run_cli(*argv)
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "screening: error:" in result.stderr
    assert "Traceback" not in result.stderr


def test_batch_evaluate_stores_every_file_once_and_refuses_a_bad_batch(tmp_path, answers):
    store = str(tmp_path / "s.db")
    others = []
    for number in range(3):
        path = tmp_path / f"a{number}.json"
        path.write_text(json.dumps({**ANSWERS, "age": 40 + number}), encoding="utf-8")
        others.append(str(path))
    result = run_cli("evaluate", str(BUNDLED), "--answers", *others, "--store", store, "--format", "json")
    assert result.returncode == 0, result.stderr
    documents = json.loads(result.stdout)
    assert [d["answers"][0]["value"] for d in documents] == [40, 41, 42]
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT count(*) FROM submissions").fetchone()[0] == 3
        assert db.execute("SELECT count(*) FROM audit WHERE event = 'submitted'").fetchone()[0] == 3
    bad = tmp_path / "bad.json"
    bad.write_text('{"age": 1e999}', encoding="utf-8")
    result = run_cli("evaluate", str(BUNDLED), "--answers", others[0], str(bad), "--store", store)
    assert result.returncode == 1
    assert "bad.json" in result.stderr and "nothing was stored" in result.stderr and "Traceback" not in result.stderr
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT count(*) FROM submissions").fetchone()[0] == 3


def test_three_first_uses_of_a_new_store_at_once_never_fail(tmp_path, answers):
    """Repeated, bounded: three `evaluate --store` started together on a store that does not exist yet."""
    command = [sys.executable, "-m", "screening", "evaluate", str(BUNDLED), "--answers", answers]
    for round_ in range(6):
        store = str(tmp_path / f"new-{round_}.db")
        processes = [
            subprocess.Popen([*command, "--store", store], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=str(ROOT))
            for _ in range(3)
        ]
        for process in processes:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            assert "busy" not in err
        with sqlite3.connect(store) as db:
            assert db.execute("SELECT count(*) FROM submissions").fetchone()[0] == 3


def test_export_progress_goes_to_stderr_only_when_it_is_a_terminal(tmp_path):
    import pty

    store = _store_with(tmp_path, *[make_submission() for _ in range(3)])
    output = tmp_path / "out.json"
    primary, secondary = pty.openpty()
    try:
        process = subprocess.run(
            [sys.executable, "-m", "screening", "submissions", "export", "--store", store, "--output", str(output)],
            stderr=secondary, stdout=subprocess.PIPE, cwd=str(ROOT), timeout=60,
        )
        os.close(secondary)
        seen = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(primary)
    assert process.returncode == 0
    assert b"exported 3 of 3" in seen and process.stdout == b""
    quiet = run_cli("submissions", "export", "--store", store, "--output", str(output))  # stderr a pipe: nothing
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""
    assert len(json.loads(output.read_text())) == 3


def test_the_store_benchmark_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "benchmarks/bench_store.py", "--count", "30", "--repeat", "1", "--evaluations", "2"],
        capture_output=True, text=True, cwd=str(ROOT), timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "export json: after is" in result.stdout and "evaluate --store: after is" in result.stdout


LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def _export_peak_mb(store: str, format: str, output: str) -> float:
    """The export's own peak RSS: started from a small launcher, as Linux counts a child's peak from its parent's size at fork."""
    argv = [sys.executable, "-c", LAUNCHER, sys.executable, "-m", "screening", "submissions", "export", "--store", store, "--format", format, "--output", output]
    peak, status = subprocess.run(argv, capture_output=True, text=True, cwd=str(ROOT), check=True, timeout=120).stdout.split()
    assert status == "0"
    return int(peak) / 1024


def test_export_memory_does_not_grow_with_the_store(tmp_path):
    template = make_submission()
    path = str(tmp_path / "s.db")

    def grow(count: int) -> None:
        with open_store(path) as store:
            store.save_many([type(template)(**{**template.__dict__, "id": f"{n:08d}{template.id[8:]}"}) for n in range(store.count(), store.count() + count)])

    grow(200)
    small = {format: _export_peak_mb(path, format, str(tmp_path / f"small.{format}")) for format in ("json", "csv", "fhir")}
    grow(1800)  # ten times the submissions (about 17 MB of JSON): an export held in memory would grow by well over 50 MB
    for format in ("json", "csv", "fhir"):
        large = _export_peak_mb(path, format, str(tmp_path / f"large.{format}"))
        assert large - small[format] < 12, (format, small[format], large)
        assert large < 100
    with open(tmp_path / "large.json", encoding="utf-8") as stream:
        assert sum(line.startswith('{"id"') for line in stream) == 2000
