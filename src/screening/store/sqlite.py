"""SQLite: WAL, synchronous=FULL, BEGIN IMMEDIATE, owner-only files, checked on open."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screening.store.base import SCHEMA_VERSION, SUBMISSIONS_INDEX, SUBMISSIONS_TABLE, Store, StoreError, audit_table

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
    def __init__(self, path: str, cipher: "Cipher | None" = None, busy_timeout_ms: int = 30000):
        super().__init__(cipher)
        self.path = path
        folder = Path(path).resolve().parent
        if not folder.is_dir():
            raise StoreError(f"{path}: the folder {folder} does not exist")
        created = not Path(path).exists()
        old_umask = os.umask(0o077)  # the file, and so its -wal and -shm, are owner-only
        try:
            self.connection = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise explain(path, exc) from None
        finally:
            os.umask(old_umask)
        try:
            connection = self.connection
            connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            connection.execute("PRAGMA synchronous = FULL")
            if not created:
                result = connection.execute("PRAGMA integrity_check").fetchone()[0]
                if result != "ok":
                    raise StoreError(f"{path}: the integrity check failed ({result}); keep a copy and call support")
            if mode.lower() != "wal" and not self._read_only():
                raise StoreError(f"{path}: cannot switch the store to WAL mode")
            if not self._read_only():
                self._write(lambda c: [c.execute(statement) for statement in SCHEMA])
                os.chmod(path, 0o600)
        except sqlite3.Error as exc:
            self.connection.close()
            raise explain(path, exc) from None

    def _read_only(self) -> bool:
        return not os.access(self.path, os.W_OK)

    def _write(self, work: Any) -> Any:
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
            raise explain(self.path, exc) from None

    def _read(self, work: Any) -> Any:
        try:
            return work(self.connection)
        except sqlite3.Error as exc:
            raise explain(self.path, exc) from None

    def integrity(self) -> str:
        return self.connection.execute("PRAGMA integrity_check").fetchone()[0]

    def close(self) -> None:
        self.connection.close()
