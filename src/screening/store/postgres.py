"""PostgreSQL, for a clinic whose kiosks all write to one server (psycopg 3).

The server may restart under a running kiosk. A broken connection is replaced
on the next call (one reconnect, then the call is retried; a submission insert
is idempotent by id, so a retry never stores it twice). While the server cannot
be reached, a finished submission, and every audit event, goes to the kiosk's
outbox (:mod:`screening.store.outbox`), durably, and is delivered after the next
call that reaches the server.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from screening.store.base import COLUMNS, SCHEMA_VERSION, SUBMISSIONS_INDEX, SUBMISSIONS_TABLE, Store, Submission, audit_table, now_utc
from screening.store.errors import StoreError, StoreUnreachable
from screening.store.redact import redact_text, redact_url

if TYPE_CHECKING:
    from collections.abc import Iterator

    from screening.store.crypto import Cipher
    from screening.store.outbox import Outbox

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS screening_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"INSERT INTO screening_meta (key, value) VALUES ('schema_version', '{SCHEMA_VERSION}') ON CONFLICT DO NOTHING",
    SUBMISSIONS_TABLE,
    SUBMISSIONS_INDEX,
    audit_table("id BIGSERIAL PRIMARY KEY"),
    """CREATE OR REPLACE FUNCTION screening_audit_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS audit_append_only ON audit",
    """CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION screening_audit_append_only()""",
]
_SCHEMA_LOCK = 0x5C12EE  # an advisory lock: several kiosks may create the tables at once
CONNECT_TIMEOUT = 10  # seconds; a refused connection (server down) fails at once


class PostgresStore(Store):
    def __init__(self, url: str, cipher: "Cipher | None" = None, outbox: "str | Path | None" = None):
        super().__init__(cipher)
        import psycopg

        self._psycopg = psycopg
        self.url = url
        self.where = redact_url(url)
        self.connection: Any = None
        from screening.store.outbox import default_outbox_path

        self.outbox_path = Path(outbox) if outbox else default_outbox_path(url)
        self._outbox: "Outbox | None" = None
        self._delivering = False
        self.last_saved_to = ""  # "server" or "outbox": where the last save went

        def schema(cursor: Any) -> None:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            for statement in SCHEMA:
                cursor.execute(statement)

        try:
            self._write(schema)  # a kiosk that cannot reach its server at start-up does not start
        except StoreUnreachable as exc:
            raise StoreError(f"{self.where}: cannot connect: {str(exc).split(': ', 1)[-1]}") from None

    PARAM = "%s"

    # ------------------------------------------------------------ connection

    def _connect(self) -> None:
        psycopg = self._psycopg
        try:
            self.connection = psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT)
        except psycopg.Error as exc:
            self.connection = None
            raise StoreUnreachable(f"{self.where}: {_first_line(exc)}") from None

    def _usable(self) -> bool:
        return self.connection is not None and not self.connection.closed and not self.connection.broken

    def _run(self, work: Any) -> Any:
        """``work(cursor)`` in one transaction; a connection lost since the last call is replaced once."""
        psycopg = self._psycopg
        for attempt in (1, 2):
            if not self._usable():
                self._drop()
                self._connect()
            try:
                with self.connection.transaction():
                    with self.connection.cursor() as cursor:
                        return work(cursor)
            except psycopg.OperationalError as exc:
                if self._usable():  # the server answered: a real error, not a lost connection
                    raise StoreError(f"{self.where}: {_first_line(exc)}") from None
                self._drop()
                if attempt == 2:
                    raise StoreUnreachable(f"{self.where}: {_first_line(exc)}") from None
            except psycopg.Error as exc:
                raise StoreError(f"{self.where}: {_first_line(exc)}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _write(self, work: Any) -> Any:
        result = self._run(work)
        if not self._delivering:
            try:
                if self._has_pending():
                    self.deliver()
            except StoreError:
                pass  # best effort: this write is done; what waits goes with the next one
        return result

    def _read(self, work: Any) -> Any:
        return self._run(work)

    def _stream(self, query: str) -> "Iterator[tuple[Any, ...]]":
        """A server-side cursor: the rows come ``BATCH`` at a time, never all at once."""
        psycopg = self._psycopg
        if not self._usable():
            self._drop()
            self._connect()
        try:
            with self.connection.transaction():
                with self.connection.cursor(name="screening_stream") as cursor:
                    cursor.itersize = self.BATCH
                    cursor.execute(query)
                    yield from cursor
        except psycopg.Error as exc:
            raise StoreError(f"{self.where}: {_first_line(exc)}") from None

    def _drop(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # noqa: BLE001 - it is broken already; only its socket is released here
                pass
        self.connection = None

    def close(self) -> None:
        try:
            if self._has_pending():
                self.deliver()
        except StoreError:
            pass  # still unreachable: the outbox keeps them for the next start
        self._drop()
        if self._outbox is not None:
            self._outbox.close()

    # ------------------------------------------------------------ the outbox

    def outbox(self) -> "Outbox":
        if self._outbox is None:
            from screening.store.outbox import Outbox

            self._outbox = Outbox(self.outbox_path)
        return self._outbox

    def _has_pending(self) -> bool:
        if self._outbox is None and not self.outbox_path.exists():
            return False
        return len(self.outbox()) > 0

    def pending(self) -> int:
        """How many submissions and events wait in the outbox."""
        return len(self.outbox()) if self._has_pending() else 0

    def save_many(self, submissions: "list[Submission]") -> int:
        try:
            new = super().save_many(submissions)
        except StoreUnreachable:
            box = self.outbox()
            for submission in submissions:  # committed to the local disk: "saved" is now true
                box.put_submission(submission.id, submission.kiosk_id, submission.outcome_id, self._values(submission))
            self.last_saved_to = "outbox"
            return len(submissions)
        self.last_saved_to = "server"
        return new

    def audit(self, event: str, kiosk_id: str = "", submission_id: str | None = None, detail: dict[str, Any] | None = None) -> None:
        import json

        try:
            super().audit(event, kiosk_id, submission_id, detail)
        except StoreUnreachable:
            self.outbox().put_audit(now_utc(), event, kiosk_id, submission_id, json.dumps(detail or {}))

    def deliver(self) -> int:
        """Send what waits in the outbox, oldest first; returns how many submissions were new on the server."""
        box = self.outbox()
        delivered = 0
        self._delivering = True
        try:
            for submission_id, kiosk_id, outcome, values in box.submissions():
                delivered += self._run(lambda db: self._insert(db, submission_id, kiosk_id, outcome, values))
                box.remove_submission(submission_id)  # only after the server committed it
            for seq, at, event, kiosk_id, submission_id, detail in box.audit_events():
                self._run(
                    lambda db: db.execute(
                        "INSERT INTO audit (at, event, kiosk_id, submission_id, detail) VALUES (%s, %s, %s, %s, %s)",
                        (at, event, kiosk_id, submission_id, detail),
                    )
                )
                box.remove_audit(seq)
        finally:
            self._delivering = False
        return delivered


def _first_line(exc: Exception) -> str:
    return redact_text((str(exc).strip().splitlines() or [type(exc).__name__])[0])


__all__ = ["PostgresStore", "COLUMNS"]
