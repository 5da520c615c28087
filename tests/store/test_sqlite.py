"""SQLite specifics: durability settings, file modes, integrity, full and read-only disks."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from screening.store import StoreError, open_store
from screening.store.sqlite import SqliteStore
from tests.store.conftest import make_submission


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_wal_full_sync_and_owner_only_files(tmp_path):
    path = tmp_path / "s.db"
    store = open_store(f"sqlite:///{path}")
    store.save(make_submission())
    assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.connection.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    for name in ("s.db", "s.db-wal", "s.db-shm"):
        assert (tmp_path / name).exists(), name
        assert mode(tmp_path / name) == 0o600, name
    store.close()


def test_a_damaged_store_is_refused_on_open(tmp_path):
    path = tmp_path / "s.db"
    with open_store(str(path)) as store:
        for _ in range(20):
            store.save(make_submission())
    data = bytearray(path.read_bytes())
    for page in range(1, len(data) // 4096):
        data[page * 4096] = 0x77  # not a valid b-tree page type
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as caught:
        open_store(str(path))
    assert str(path) in str(caught.value)


def test_not_a_database(tmp_path):
    path = tmp_path / "s.db"
    path.write_text("hello, this is not a database\n" * 100)
    with pytest.raises(StoreError, match="damaged or is not a submissions store"):
        open_store(str(path))


def test_missing_folder(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "no" / "s.db"))


def test_disk_full_is_a_clear_error_and_stores_nothing_half(tmp_path):
    path = tmp_path / "s.db"
    store = SqliteStore(str(path))
    store.save(make_submission())
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.connection.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now 'full'
    big = make_submission()
    big.payload["answers"].append({"id": "x", "question": "x", "answer": "x" * 200_000, "value": "x"})
    with pytest.raises(StoreError, match="the disk is full"):
        store.save(big)
    assert len(store.submissions()) == 1
    assert [e["event"] for e in store.audit_events()] == ["submitted"]
    assert store.integrity() == "ok"
    store.close()


def test_read_only_store(tmp_path):
    path = tmp_path / "s.db"
    open_store(str(path)).close()
    store = SqliteStore(str(path))
    store.connection.execute("PRAGMA query_only = ON")  # what a read-only file or mount gives
    with pytest.raises(StoreError):
        store.save(make_submission())
    store.close()


def test_busy_store_waits_then_writes(tmp_path):
    path = tmp_path / "s.db"
    store = SqliteStore(str(path), busy_timeout_ms=300)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    with pytest.raises(StoreError, match="busy"):
        store.save(make_submission())
    blocker.execute("ROLLBACK")
    store.save(make_submission())
    assert len(store.submissions()) == 1
    blocker.close()
    store.close()


def test_open_skips_the_full_check_the_kiosk_runs_the_quick_one_and_check_the_full_one(tmp_path):
    path = tmp_path / "s.db"
    with open_store(str(path)) as store:
        for _ in range(40):
            store.save(make_submission())
    data = bytearray(path.read_bytes())
    last = len(data) // 4096 - 1
    data[last * 4096] = 0x77  # one data page of the submissions: not a valid b-tree page type
    path.write_bytes(bytes(data))
    with open_store(str(path)) as store:  # an ordinary open does not read every page (it stays cheap)
        assert store.quick_check() != "ok"
        assert store.integrity() != "ok"
    with pytest.raises(StoreError, match="quick check failed"):
        open_store(str(path), check=True)  # the kiosk's start-up


def _first_use(path: str, barrier, results) -> None:
    barrier.wait()  # all three open the new store at the same instant
    try:
        with open_store(path) as store:
            store.audit("started")
        results.put("")
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        results.put(repr(exc))


def test_three_first_uses_released_together_never_fail(tmp_path):
    """Tighter than separate processes started one after another: forked, released by a barrier (was ~1 in 100)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for round_ in range(100):
        barrier, results = context.Barrier(3), context.Queue()
        path = str(tmp_path / f"new-{round_}.db")
        workers = [context.Process(target=_first_use, args=(path, barrier, results)) for _ in range(3)]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)
        assert outcomes == ["", "", ""], outcomes
