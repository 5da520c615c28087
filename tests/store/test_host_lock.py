"""The kiosk lock file beside a SQLite store: two hosts refused, a dead kiosk on this host taken over."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from screening.store import StoreError
from screening.store.host_lock import KioskLock
from tests.conftest import run_cli


def test_taken_and_released(tmp_path):
    lock = KioskLock(str(tmp_path / "s.db"), host="desk-a").acquire()
    record = json.loads(lock.path.read_text())
    assert record["host"] == "desk-a" and record["pid"] == os.getpid()
    assert os.stat(lock.path).st_mode & 0o777 == 0o600
    lock.release()
    assert not lock.path.exists()


def test_another_host_is_refused_and_its_file_left_alone(tmp_path):
    first = KioskLock(str(tmp_path / "s.db"), host="desk-a").acquire()
    with pytest.raises(StoreError, match="in use by a kiosk on desk-a.*remove this file"):
        KioskLock(str(tmp_path / "s.db"), host="desk-b").acquire()
    KioskLock(str(tmp_path / "s.db"), host="desk-b").release()  # never held: removes nothing
    assert first.path.exists()


def test_same_host_shares_and_a_dead_kiosk_is_taken_over(tmp_path):
    first = KioskLock(str(tmp_path / "s.db"), host="desk-a").acquire()
    second = KioskLock(str(tmp_path / "s.db"), host="desk-a").acquire()  # this process lives: shared
    assert first.held and not second.held
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    first.path.write_text(json.dumps({"host": "desk-a", "pid": int(dead), "since": "then"}))
    third = KioskLock(str(tmp_path / "s.db"), host="desk-a").acquire()
    assert third.held and json.loads(third.path.read_text())["pid"] == os.getpid()


def test_the_kiosk_refuses_a_store_held_by_another_host(tmp_path):
    store = tmp_path / "s.db"
    config = tmp_path / "config"
    assert run_cli("staff-pin", "--config", str(config), stdin="2468\n").returncode == 0
    (tmp_path / "s.db.kiosk-lock").write_text(json.dumps({"host": "far-away-desk", "pid": 1, "since": "2026-11-30T08:00:00Z"}))
    result = run_cli("kiosk", "--config", str(config), "--store", str(store))
    assert result.returncode == 1
    assert "far-away-desk" in result.stderr and "kiosk-lock" in result.stderr and "Traceback" not in result.stderr
