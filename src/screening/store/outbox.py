"""The kiosk's outbox: what was finished while the database server could not be reached.

A submission (and any audit event) that PostgreSQL cannot take right now is
written here instead: a small SQLite file on the kiosk's own disk, WAL,
``synchronous=FULL``, owner-only (0600 in a 0700 folder). Only once it is
committed here is the person told "saved". The rows are the store's own column
values, so an encrypted store's answers stay encrypted here too.

Delivery is exactly-once by submission id: the server side inserts with
``ON CONFLICT (id) DO NOTHING``, and a row leaves the outbox only after the
server committed it. A crash between the two delivers it again, harmlessly.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from screening.store.errors import StoreError

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS pending_submissions (id TEXT PRIMARY KEY, queued INTEGER NOT NULL, kiosk_id TEXT NOT NULL, outcome TEXT NOT NULL, row TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS pending_audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, event TEXT NOT NULL, kiosk_id TEXT NOT NULL, submission_id TEXT, detail TEXT NOT NULL)",
]


def default_outbox_path(url: str) -> Path:
    """One outbox per server and database, in the user's data folder (the URL's secrets are not part of the name)."""
    import platformdirs

    from screening.store.redact import redact_url

    digest = hashlib.sha256(redact_url(url).encode("utf-8")).hexdigest()[:16]
    return Path(platformdirs.user_data_dir("screening", appauthor=False)) / "outbox" / f"{digest}.db"


class Outbox:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            os.makedirs(self.path.parent, mode=0o700, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path.parent}: cannot make the outbox folder: {exc.strerror or exc}") from None
        old_umask = os.umask(0o077)
        try:
            self.connection = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
            self.connection.execute("PRAGMA busy_timeout = 30000")
            self.connection.execute("PRAGMA journal_mode = WAL")
            self.connection.execute("PRAGMA synchronous = FULL")
            self._write(lambda db: [db.execute(statement) for statement in SCHEMA])
            os.chmod(self.path, 0o600)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{self.path}: the outbox cannot be written: {exc}") from None
        finally:
            os.umask(old_umask)

    def _write(self, work: Any) -> Any:
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            result = work(db)
            db.execute("COMMIT")  # synchronous=FULL: on disk when this returns
            return result
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def _guarded(self, work: Any) -> Any:
        try:
            return self._write(work)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: the outbox cannot be written: {exc}") from None

    def put_submission(self, submission_id: str, kiosk_id: str, outcome: str, row: tuple[Any, ...]) -> None:
        self._guarded(
            lambda db: db.execute(
                "INSERT OR IGNORE INTO pending_submissions (id, queued, kiosk_id, outcome, row) VALUES (?, strftime('%s','now'), ?, ?, ?)",
                (submission_id, kiosk_id, outcome, json.dumps(list(row))),
            )
        )

    def put_audit(self, at: str, event: str, kiosk_id: str, submission_id: str | None, detail: str) -> None:
        self._guarded(
            lambda db: db.execute(
                "INSERT INTO pending_audit (at, event, kiosk_id, submission_id, detail) VALUES (?, ?, ?, ?, ?)",
                (at, event, kiosk_id, submission_id, detail),
            )
        )

    def submissions(self) -> list[tuple[str, str, str, tuple[Any, ...]]]:
        rows = self.connection.execute("SELECT id, kiosk_id, outcome, row FROM pending_submissions ORDER BY queued, id").fetchall()
        return [(sid, kiosk, outcome, tuple(json.loads(row))) for sid, kiosk, outcome, row in rows]

    def audit_events(self) -> list[tuple[int, str, str, str, str | None, str]]:
        return self.connection.execute("SELECT seq, at, event, kiosk_id, submission_id, detail FROM pending_audit ORDER BY seq").fetchall()

    def remove_submission(self, submission_id: str) -> None:
        self._guarded(lambda db: db.execute("DELETE FROM pending_submissions WHERE id = ?", (submission_id,)))

    def remove_audit(self, seq: int) -> None:
        self._guarded(lambda db: db.execute("DELETE FROM pending_audit WHERE seq = ?", (seq,)))

    def __len__(self) -> int:
        one = self.connection.execute("SELECT (SELECT count(*) FROM pending_submissions) + (SELECT count(*) FROM pending_audit)")
        return int(one.fetchone()[0])

    def close(self) -> None:
        self.connection.close()
