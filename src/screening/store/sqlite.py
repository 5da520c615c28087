"""SQLite: WAL, synchronous=FULL, BEGIN IMMEDIATE, owner-only files.

Opening runs ``PRAGMA quick_check`` only when asked (the kiosk asks, once, at
start-up); the full ``integrity_check`` (which reads every index against its
table, 73-110 ms at 10,000 submissions) runs on demand: ``submissions check``.
"""


from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screening.store.base import SCHEMA_VERSION, SUBMISSIONS_INDEX, SUBMISSIONS_TABLE, Store, audit_table
from screening.store.errors import StoreError

if TYPE_CHECKING:
    from screening.store.crypto import Cipher

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '{SCHEMA_VERSION}')",
    SUBMISSIONS_TABLE,
    SUBMISSIONS_INDEX,
    audit_table("id INTEGER PRIMARY KEY AUTOINCREMENT"),
    """CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_append_only_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]


def explain(path: str, exc: sqlite3.Error) -> StoreError:
    """One sentence a person can act on."""
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        reason = "the disk is full"
    elif "readonly" in text or "read-only" in text:
        reason = "the store is read-only"
    elif "unable to open" in text:
        reason = "the file cannot be opened (does the folder exist, and may this user write there?)"
    elif "malformed" in text or "not a database" in text:
        reason = "the file is damaged or is not a submissions store"
    elif "locked" in text or "busy" in text:
        reason = "the store stayed busy too long (another program holds it)"
    else:
        reason = str(exc)
    return StoreError(f"{path}: {reason}")


class SqliteStore(Store):
    def __init__(self, path: str, cipher: "Cipher | None" = None, busy_timeout_ms: int = 30000, check: bool = False):
        super().__init__(cipher)
        self.path = self.where = path
        self.busy_timeout_ms = busy_timeout_ms
        folder = Path(path).resolve().parent
        if not folder.is_dir():
            raise StoreError(f"{path}: the folder {folder} does not exist")
        old_umask = os.umask(0o077)  # the file, and so its -wal and -shm, are owner-only
        try:
            self.connection = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise explain(path, exc) from None
        finally:
            os.umask(old_umask)
        try:
            self._set_up(check)
        except sqlite3.Error as exc:
            self.connection.close()
            raise explain(path, exc) from None
        except StoreError:
            self.connection.close()
            raise

    def _set_up(self, check: bool) -> None:
        connection = self.connection
        connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        # Switching a new file to WAL and creating the schema take locks that
        # SQLite may refuse at once (no busy wait) when several processes create
        # the same new store together: to avoid a deadlock it answers BUSY to one
        # of them. That is not "busy too long", so it is retried, within the timeout.
        mode = self._retrying(lambda: connection.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        connection.execute("PRAGMA synchronous = FULL")
        if check:
            result = self.quick_check()
            if result != "ok":
                raise StoreError(f"{self.path}: the quick check failed ({result}); keep a copy and run `screening submissions check`")
        if mode.lower() != "wal" and not self._read_only():
            raise StoreError(f"{self.path}: cannot switch the store to WAL mode")
        if not self._read_only():
            self._retrying(lambda: self._write(lambda c: [c.execute(statement) for statement in SCHEMA], raw=True))
            os.chmod(self.path, 0o600)

    def _retrying(self, work: Any) -> Any:
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        pause = 0.005
        while True:
            try:
                return work()
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc).lower() or "busy" in str(exc).lower()
                if not busy or time.monotonic() >= deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)

    def _read_only(self) -> bool:
        return not os.access(self.path, os.W_OK)

    def _write(self, work: Any, raw: bool = False) -> Any:
        connection = self.connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                result = work(connection)
                connection.execute("COMMIT")
                return result
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            if raw:
                raise
            raise explain(self.path, exc) from None

    def _read(self, work: Any) -> Any:
        try:
            return work(self.connection)
        except sqlite3.Error as exc:
            raise explain(self.path, exc) from None

    def quick_check(self) -> str:
        """Page-level checks, no index cross-check: O(pages), cheap enough for start-up."""
        rows = self._read(lambda db: db.execute("PRAGMA quick_check(20)").fetchall())
        return "; ".join(row[0] for row in rows)

    def integrity(self) -> str:
        """The full check (every index against its table): `submissions check`."""
        rows = self._read(lambda db: db.execute("PRAGMA integrity_check(20)").fetchall())
        return "; ".join(row[0] for row in rows)

    def close(self) -> None:
        self.connection.close()
