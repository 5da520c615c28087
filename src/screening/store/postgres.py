"""PostgreSQL, for a clinic whose kiosks all write to one server (psycopg 3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from screening.store.base import SCHEMA_VERSION, SUBMISSIONS_INDEX, SUBMISSIONS_TABLE, Store, StoreError, audit_table

if TYPE_CHECKING:
    from screening.store.crypto import Cipher

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


class PostgresStore(Store):
    def __init__(self, url: str, cipher: "Cipher | None" = None):
        super().__init__(cipher)
        import psycopg

        self._psycopg = psycopg
        self.url = url
        self.where = _redact(url)
        try:
            self.connection = psycopg.connect(url, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"{self.where}: cannot connect: {_first_line(exc)}") from None

        def schema(cursor: Any) -> None:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            for statement in SCHEMA:
                cursor.execute(statement)

        self._write(schema)

    PARAM = "%s"

    def _write(self, work: Any) -> Any:
        psycopg = self._psycopg
        try:
            with self.connection.transaction():
                with self.connection.cursor() as cursor:
                    return work(cursor)
        except psycopg.Error as exc:
            raise StoreError(f"{self.where}: {_first_line(exc)}") from None

    _read = _write  # a read is a short transaction too

    def close(self) -> None:
        self.connection.close()


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
