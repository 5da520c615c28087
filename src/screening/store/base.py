"""The store interface, and the submission record it keeps."""

from __future__ import annotations

import datetime as _dt
import json
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

__all__ = ["Store", "StoreError", "Submission"]

from screening.store.errors import EncryptedWithoutKey, MalformedRow, StoreError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from screening.engine.run.summary import Summary
    from screening.store.crypto import Cipher  # crypto imports only errors: no cycle

SCHEMA_VERSION = 1
EVENTS = ("started", "submitted", "reset_timeout", "reset_finished", "staff_login", "staff_login_failed", "staff_exit", "export", "save_failed")


def now_utc() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Submission:
    """One finished screening. ``payload`` holds what the person answered."""

    questionnaire_id: str
    questionnaire_version: str
    questionnaire_sha256: str
    language: str
    outcome_id: str
    flags: list[dict[str, str]]  # [{id, severity}], queryable even when the payload is encrypted
    payload: dict[str, Any]  # {"scores", "answers", "responses" (answer-file form), "summary"}
    kiosk_id: str = ""
    started_at: str = ""
    submitted_at: str = field(default_factory=now_utc)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    encrypted: bool = False

    @property
    def urgent(self) -> bool:
        return any(flag["severity"] == "urgent" for flag in self.flags)

    @classmethod
    def from_summary(cls, summary: "Summary", kiosk_id: str = "", started_at: str = "") -> "Submission":
        data = summary.to_json()
        return cls(
            questionnaire_id=summary.questionnaire_id,
            questionnaire_version=summary.questionnaire_version,
            questionnaire_sha256=summary.questionnaire_sha256,
            language=summary.language,
            outcome_id=summary.outcome_id,
            flags=[{"id": f.id, "severity": f.severity} for f in summary.flags],
            payload={
                "scores": data["scores"],
                "answers": data["answers"],
                "responses": {line.id: line.raw for line in summary.answers},
                "summary": data,
            },
            kiosk_id=kiosk_id,
            started_at=started_at or summary.created_text,
            submitted_at=now_utc(),
        )

    def metadata(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "questionnaire": {"id": self.questionnaire_id, "version": self.questionnaire_version, "sha256": self.questionnaire_sha256},
            "language": self.language,
            "kiosk_id": self.kiosk_id,
            "started_at": self.started_at,
            "submitted_at": self.submitted_at,
            "outcome": self.outcome_id,
            "flags": self.flags,
            "encrypted": self.encrypted,
        }

    def to_json(self) -> dict[str, Any]:
        record = self.metadata()
        record.update(self.payload)
        return record


def encode_payload(payload: dict[str, Any], cipher: "Cipher | None") -> tuple[str, bool]:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    return (cipher.encrypt(text), True) if cipher else (text, False)


def decode_payload(text: str, encrypted: bool, cipher: "Cipher | None") -> dict[str, Any]:
    if encrypted:
        if cipher is None:
            return {"locked": "encrypted: give --encrypt-key-file to read the answers"}
        text = cipher.decrypt(text)
    return json.loads(text)


class Store(ABC):
    """Every write is one committed, durable transaction before the call returns."""

    def __init__(self, cipher: "Cipher | None" = None):
        self.cipher = cipher

    PARAM = "?"  # the driver's placeholder

    @abstractmethod
    def _write(self, work: Any) -> Any:
        """Run ``work(db)`` in one durable write transaction; driver errors become StoreError."""

    @abstractmethod
    def _read(self, work: Any) -> Any:
        """Run ``work(db)`` for reading; driver errors become StoreError."""

    @abstractmethod
    def close(self) -> None: ...

    def _sql(self, text: str) -> str:
        return text.replace("?", self.PARAM)

    def save(self, submission: Submission) -> None:
        """Store a submission and its 'submitted' audit event together, durably."""
        self.save_many([submission])

    def save_many(self, submissions: "list[Submission]") -> int:
        """Store several in one durable transaction (one fsync); returns how many were new.

        Idempotent by submission id: a submission already stored is left as it
        is and gets no second 'submitted' event, so delivering twice (a retry
        after a lost reply, an outbox replayed) stores it once.
        """
        rows = [(submission, self._values(submission)) for submission in submissions]

        def work(db: Any) -> int:
            return sum(self._insert(db, s.id, s.kiosk_id, s.outcome_id, values) for s, values in rows)

        return self._write(work)

    def _insert(self, db: Any, submission_id: str, kiosk_id: str, outcome: str, values: tuple[Any, ...]) -> bool:
        """One submission row and, if it is new, its 'submitted' event; True if it was new."""
        placeholders = ", ".join("?" * len(values))
        cursor = db.execute(self._sql(f"INSERT INTO submissions ({COLUMNS}) VALUES ({placeholders}) ON CONFLICT (id) DO NOTHING"), values)
        if cursor.rowcount != 1:
            return False
        db.execute(
            self._sql("INSERT INTO audit (at, event, kiosk_id, submission_id, detail) VALUES (?, 'submitted', ?, ?, ?)"),
            (now_utc(), kiosk_id, submission_id, json.dumps({"outcome": outcome})),
        )
        return True

    def audit(self, event: str, kiosk_id: str = "", submission_id: str | None = None, detail: dict[str, Any] | None = None) -> None:
        """Append an event. Never put answers in ``detail``."""
        self._write(
            lambda db: db.execute(
                self._sql("INSERT INTO audit (at, event, kiosk_id, submission_id, detail) VALUES (?, ?, ?, ?, ?)"),
                (now_utc(), event, kiosk_id, submission_id, json.dumps(detail or {})),
            )
        )

    where = ""  # the store, for messages (a path, or a redacted URL)
    BATCH = 200  # rows fetched at a time when streaming

    def submissions(self, limit: int | None = None) -> list[Submission]:
        """Newest first (encrypted answers without the key read as a 'locked' note)."""
        return list(self.iter_submissions(limit=limit, need_answers=False))

    def iter_submissions(self, limit: int | None = None, need_answers: bool = True, oldest_first: bool = False) -> "Iterator[Submission]":
        """Stream the submissions, ``BATCH`` rows at a time, in constant memory.

        With ``need_answers``, an encrypted row and no key is an error naming
        ``--encrypt-key-file`` (an export must never silently drop the answers).
        A row whose JSON is broken raises :class:`MalformedRow` naming its id.
        """
        order = "ASC" if oldest_first else "DESC"
        query = f"SELECT {COLUMNS} FROM submissions ORDER BY submitted_at {order}, id"
        if limit:
            query += f" LIMIT {int(limit)}"
        for row in self._stream(query):
            yield self._row_to_submission(row, need_answers)

    def count(self) -> int:
        return int(self._read(lambda db: db.execute("SELECT count(*) FROM submissions").fetchone()[0]))

    def malformed_rows(self) -> "Iterator[str]":
        """The ids of rows whose flags or payload cannot be read back (for `submissions check`)."""
        for row in self._stream(f"SELECT {COLUMNS} FROM submissions ORDER BY submitted_at, id"):
            try:
                self._row_to_submission(row, need_answers=False)
            except MalformedRow as exc:
                yield exc.submission_id

    def _stream(self, query: str) -> "Iterator[tuple[Any, ...]]":
        """Rows of ``query``, fetched ``BATCH`` at a time (drivers override for server-side cursors)."""
        cursor = self._read(lambda db: db.execute(query))
        try:
            while True:
                rows = self._read(lambda db: cursor.fetchmany(self.BATCH))
                if not rows:
                    return
                yield from rows
        finally:
            # a stream stopped early (a damaged row) must not keep its read snapshot open; one
            # abandoned mid-way (`| head` closed the pipe) may be closed after its store was
            try:
                cursor.close()
            except Exception:  # noqa: BLE001 - the connection is gone already: nothing is left open
                pass

    def get(self, submission_id: str, need_answers: bool = False) -> Submission | None:
        """By id, or by a unique prefix of it."""
        pattern = submission_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = self._sql(f"SELECT {COLUMNS} FROM submissions WHERE id LIKE ? ESCAPE '\\' LIMIT 2")
        rows = self._read(lambda db: db.execute(query, (pattern,)).fetchall())
        return self._row_to_submission(rows[0], need_answers) if len(rows) == 1 else None

    def audit_events(self) -> list[dict[str, Any]]:
        """Oldest first."""
        rows = self._read(lambda db: db.execute("SELECT id, at, event, kiosk_id, submission_id, detail FROM audit ORDER BY id").fetchall())
        return [
            {"id": r[0], "at": r[1], "event": r[2], "kiosk_id": r[3], "submission_id": r[4], "detail": json.loads(r[5])}
            for r in rows
        ]

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _row_to_submission(self, row: Any, need_answers: bool = False) -> Submission:
        (sid, qid, version, sha, language, kiosk, started, submitted, outcome, flags, encrypted, payload) = row
        if need_answers and encrypted and self.cipher is None:
            raise EncryptedWithoutKey(self.where, sid)
        try:
            flags = json.loads(flags)
        except (TypeError, ValueError):
            raise MalformedRow(self.where, sid, "flags") from None
        try:
            payload = decode_payload(payload, bool(encrypted), self.cipher)
        except (TypeError, ValueError):
            raise MalformedRow(self.where, sid, "answers") from None
        if not isinstance(payload, dict) or not isinstance(flags, list):
            raise MalformedRow(self.where, sid, "answers" if not isinstance(payload, dict) else "flags")
        return Submission(
            id=sid,
            questionnaire_id=qid,
            questionnaire_version=version,
            questionnaire_sha256=sha,
            language=language,
            kiosk_id=kiosk,
            started_at=started,
            submitted_at=submitted,
            outcome_id=outcome,
            flags=flags,
            encrypted=bool(encrypted),
            payload=payload,
        )

    def _values(self, submission: Submission) -> tuple[Any, ...]:
        payload, encrypted = encode_payload(submission.payload, self.cipher)
        submission.encrypted = encrypted
        return (
            submission.id,
            submission.questionnaire_id,
            submission.questionnaire_version,
            submission.questionnaire_sha256,
            submission.language,
            submission.kiosk_id,
            submission.started_at,
            submission.submitted_at,
            submission.outcome_id,
            json.dumps(submission.flags),
            int(encrypted),
            payload,
        )


SUBMISSIONS_TABLE = """CREATE TABLE IF NOT EXISTS submissions (
    id TEXT PRIMARY KEY,
    questionnaire_id TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    questionnaire_sha256 TEXT NOT NULL,
    language TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    outcome_id TEXT NOT NULL,
    flags TEXT NOT NULL,
    encrypted INTEGER NOT NULL,
    payload TEXT NOT NULL
)"""
SUBMISSIONS_INDEX = "CREATE INDEX IF NOT EXISTS submissions_by_time ON submissions (submitted_at)"


def audit_table(id_column: str) -> str:
    """The audit table; only the auto-numbered id differs between databases."""
    return f"""CREATE TABLE IF NOT EXISTS audit (
    {id_column},
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    submission_id TEXT,
    detail TEXT NOT NULL
)"""


COLUMNS = (
    "id, questionnaire_id, questionnaire_version, questionnaire_sha256, language, kiosk_id, "
    "started_at, submitted_at, outcome_id, flags, encrypted, payload"
)
