"""The store interface, and the submission record it keeps."""

from __future__ import annotations

import datetime as _dt
import json
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from screening.engine.summary import Summary
    from screening.store.crypto import Cipher

SCHEMA_VERSION = 1
EVENTS = ("started", "submitted", "reset_timeout", "reset_finished", "staff_login", "staff_login_failed", "staff_exit", "export", "save_failed")


class StoreError(Exception):
    """The store cannot be opened, read or written: one clear sentence for people."""


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

    @abstractmethod
    def save(self, submission: Submission) -> None:
        """Store a submission and its 'submitted' audit event together, durably."""

    @abstractmethod
    def audit(self, event: str, kiosk_id: str = "", submission_id: str | None = None, detail: dict[str, Any] | None = None) -> None:
        """Append an event. Never put answers in ``detail``."""

    @abstractmethod
    def submissions(self, limit: int | None = None) -> list[Submission]:
        """Newest first."""

    @abstractmethod
    def get(self, submission_id: str) -> Submission | None:
        """By id, or by a unique prefix of it."""

    @abstractmethod
    def audit_events(self) -> list[dict[str, Any]]:
        """Oldest first."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _row_to_submission(self, row: Any) -> Submission:
        (sid, qid, version, sha, language, kiosk, started, submitted, outcome, flags, encrypted, payload) = row
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
            flags=json.loads(flags),
            encrypted=bool(encrypted),
            payload=decode_payload(payload, bool(encrypted), self.cipher),
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


COLUMNS = (
    "id, questionnaire_id, questionnaire_version, questionnaire_sha256, language, kiosk_id, "
    "started_at, submitted_at, outcome_id, flags, encrypted, payload"
)
