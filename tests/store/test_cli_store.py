"""The store through the command line: evaluate --store, submissions, keygen, staff-pin, kill -9."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, ROOT, run_cli
from tests.store.conftest import ANSWERS


@pytest.fixture
def answers(tmp_path) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANSWERS), encoding="utf-8")
    return str(path)


def test_evaluate_stores_then_prints(tmp_path, answers):
    store = str(tmp_path / "s.db")
    result = run_cli("evaluate", str(BUNDLED), "--answers", answers, "--store", store, "--kiosk-id", "desk-2")
    assert result.returncode == 0, result.stderr
    assert "REFERRAL SUMMARY" in result.stdout
    listed = run_cli("submissions", "list", "--store", store)
    assert "desk-2" in listed.stdout and "!self_harm" in listed.stdout
    records = json.loads(run_cli("submissions", "list", "--store", store, "--format", "json").stdout)
    assert records[0]["questionnaire"]["version"] == "1.1.0"
    shown = run_cli("submissions", "show", records[0]["id"][:8], "--store", store)
    assert shown.returncode == 0
    assert "NEEDS ATTENTION NOW" in shown.stdout and "\"Several days\")" in shown.stdout  # reasons in words, not ids


def test_fhir_export_validates_as_r4_questionnaire_responses(tmp_path, answers):
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    store = str(tmp_path / "s.db")
    for _ in range(2):
        assert run_cli("evaluate", str(BUNDLED), "--answers", answers, "--store", store).returncode == 0
    exported = run_cli("submissions", "export", "--format", "fhir", "--store", store)
    assert exported.returncode == 0, exported.stderr
    lines = exported.stdout.splitlines()
    assert len(lines) == 2  # NDJSON: one transaction Bundle per submission
    bundle = Bundle.model_validate(json.loads(lines[0]))
    assert bundle.type == "transaction"
    response = QuestionnaireResponse.model_validate(json.loads(lines[0])["entry"][0]["resource"])
    assert response.status == "completed"
    assert response.questionnaire == "urn:screening:questionnaire:ketamine-chronic-pain|1.1.0"
    items = {item.linkId: item for group in response.item for item in (group.item or [])}  # nested under their groups
    assert items["age"].answer[0].valueInteger == 45
    assert items["pain_duration"].answer[0].valueQuantity.value == 104
    assert items["diagnoses"].answer[0].valueCoding.code == "fibromyalgia"
    one = run_cli("submissions", "show", response.id, "--format", "fhir", "--store", store, "--fhir-base", "https://clinic.example/Questionnaire/")
    assert QuestionnaireResponse.model_validate(json.loads(one.stdout)).questionnaire.startswith("https://clinic.example/Questionnaire/ketamine")


def test_csv_export_to_a_file_is_audited(tmp_path, answers):
    store = str(tmp_path / "s.db")
    run_cli("evaluate", str(BUNDLED), "--answers", answers, "--store", store)
    out = tmp_path / "export.csv"
    result = run_cli("submissions", "export", "--format", "csv", "--store", store, "--output", str(out))
    assert result.returncode == 0, result.stderr
    header, row = out.read_text().splitlines()[:2]
    assert header.startswith("id,submitted_at,kiosk_id,questionnaire_id")
    assert "fibromyalgia" in row
    assert ",pain_duration (weeks)," in header  # a duration's column says its unit
    connection = sqlite3.connect(store)
    events = [r[0] for r in connection.execute("SELECT event FROM audit ORDER BY id")]
    details = [r[0] for r in connection.execute("SELECT detail FROM audit")]
    assert events == ["submitted", "export"]
    assert all("fibromyalgia" not in detail for detail in details)


def test_unknown_submission_and_missing_key(tmp_path, answers):
    store = str(tmp_path / "s.db")
    assert run_cli("evaluate", str(BUNDLED), "--answers", answers, "--store", store).returncode == 0
    assert run_cli("submissions", "show", "abc", "--store", store).returncode == 2
    result = run_cli("submissions", "list", "--store", store, "--encrypt-key-file", str(tmp_path / "nokey"))
    assert result.returncode == 1
    assert "cannot read the encryption key" in result.stderr


def test_keygen_and_encrypted_evaluate(tmp_path, answers):
    key, store = str(tmp_path / "key"), str(tmp_path / "s.db")
    assert run_cli("keygen", key).returncode == 0
    assert run_cli("keygen", key).returncode == 1  # never overwrites a key
    assert run_cli("evaluate", str(BUNDLED), "--answers", answers, "--store", store, "--encrypt-key-file", key).returncode == 0
    listed = run_cli("submissions", "list", "--store", store)  # the table needs no answers: no key needed
    assert listed.returncode == 0 and "!self_harm" in listed.stdout
    submission_id = listed.stdout.splitlines()[1].split()[0]
    for command in (["show", submission_id], ["list", "--format", "json"], ["export"], ["export", "--format", "csv"], ["export", "--format", "fhir"]):
        locked = run_cli("submissions", *command, "--store", store)
        assert locked.returncode == 1, command
        assert "--encrypt-key-file" in locked.stderr and "encrypted" in locked.stderr, command
        assert "Traceback" not in locked.stderr and "fibromyalgia" not in locked.stdout
    unlocked = run_cli("submissions", "export", "--store", store, "--encrypt-key-file", key)
    assert unlocked.returncode == 0 and "fibromyalgia" in unlocked.stdout
    assert b"fibromyalgia" not in Path(store).read_bytes()


def _without_override(argv: list[str]) -> list[str]:
    """Root ignores file modes through CAP_DAC_OVERRIDE; without it, a 0444 file is read-only even for root."""
    if os.geteuid() != 0:
        return argv
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search", *argv]


def test_read_only_store_is_a_clear_error(tmp_path, answers):
    store = tmp_path / "s.db"
    assert run_cli("evaluate", str(BUNDLED), "--answers", answers, "--store", str(store)).returncode == 0
    os.chmod(store, 0o444)
    command = _without_override([sys.executable, "-m", "screening", "evaluate", str(BUNDLED), "--answers", answers, "--store", str(store)])
    result = subprocess.run(command, capture_output=True, text=True, cwd=str(ROOT))
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("screening: error: ")
    assert "read-only" in result.stderr
    assert result.stdout == ""  # never told it is done
    os.chmod(store, 0o600)
    assert len(sqlite3.connect(store).execute("SELECT id FROM submissions").fetchall()) == 1


def test_kill_nine_never_corrupts_and_keeps_every_finished_run(tmp_path, answers):
    store = str(tmp_path / "s.db")
    began = time.monotonic()
    assert run_cli("evaluate", str(BUNDLED), "--answers", answers, "--store", store, "--kiosk-id", "warm-up").returncode == 0
    delay = time.monotonic() - began  # on a loaded machine a run is slower: the kills follow it
    rng = random.Random(7)
    finished: list[str] = []
    for number in range(40):
        process = subprocess.Popen(
            [sys.executable, "-m", "screening", "evaluate", str(BUNDLED), "--answers", answers, "--store", store, "--kiosk-id", f"run-{number}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=str(ROOT),
        )
        time.sleep(rng.uniform(0.6, 1.4) * delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()
        if process.returncode == 0:
            finished.append(f"run-{number}")
            delay *= 0.85  # kill earlier next time: the kills keep landing around the commit
        else:
            delay *= 1.15
    connection = sqlite3.connect(store)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in connection.execute("SELECT kiosk_id FROM submissions")}
    assert set(finished) <= stored
    assert 0 < len(finished) < 40, "the kills should land both before and after the commit"
    print(f"\n{len(finished)} of 40 runs finished before the kill; {len(stored) - 1} stored")


def test_staff_pin_from_standard_input(tmp_path):
    result = run_cli("staff-pin", "--config", str(tmp_path), stdin="2468\n")
    assert result.returncode == 0, result.stderr
    record = json.loads((tmp_path / "staff-pin.json").read_text())
    assert record["scheme"] == "scrypt" and "2468" not in json.dumps(record)
    assert oct((tmp_path / "staff-pin.json").stat().st_mode & 0o777) == "0o600"
    from screening.staff_pin import check_pin

    assert check_pin(tmp_path, "2468") and not check_pin(tmp_path, "2469")
    assert run_cli("staff-pin", "--config", str(tmp_path), stdin="12\n").returncode == 2


def test_kiosk_refuses_to_start_without_a_pin(tmp_path):
    result = run_cli("kiosk", "--config", str(tmp_path), "--store", str(tmp_path / "s.db"))
    assert result.returncode == 2
    assert "no staff PIN is set" in result.stderr


@pytest.mark.parametrize("command", [["list", "--limit", "1000"], ["export", "--format", "json"], ["export", "--format", "csv"]])
def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path, answers, command):
    """`screening submissions list | head -2`: the pipe closes mid-stream, with rows still unread."""
    store = str(tmp_path / "s.db")
    stored = run_cli("evaluate", str(BUNDLED), "--answers", *([answers] * 450), "--store", store, "--format", "json", timeout=180)
    assert stored.returncode == 0, stored.stderr
    process = subprocess.Popen(
        [sys.executable, "-m", "screening", "submissions", *command, "--store", store],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(ROOT),
    )
    assert process.stdout.readline()
    process.stdout.close()  # as `head` does
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 0
    assert errors.decode() == ""  # no "Exception ignored", no traceback
