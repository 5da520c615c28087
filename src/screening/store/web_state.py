"""What the web form keeps in the store: private links and saved web sessions.

Kept in the same store as the submissions (SQLite or PostgreSQL), so several
``screening serve`` processes behind a proxy share every session: nothing
lives only in one process's memory. Secrets are never stored, only their
SHA-256 (a link token or a session cookie has 256 bits of randomness, so a
plain hash is enough: there is nothing to guess). A session's answers are
encrypted with the store's key when one is configured.

The tables are created here, with DDL that both databases accept, so the
store's own schema stays as it is.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from screening.store.base import COLUMNS, Store, Submission, decode_payload, encode_payload, now_utc

TOKEN_BYTES = 32  # 256 bits from the OS's CSPRNG (secrets)

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS web_links (
    token_hash TEXT PRIMARY KEY,
    questionnaire_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    submission_id TEXT
)""",
    """CREATE TABLE IF NOT EXISTS web_sessions (
    id TEXT PRIMARY KEY,
    cookie_hash TEXT NOT NULL UNIQUE,
    link_hash TEXT,
    questionnaire_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    cookie_expires_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    encrypted INTEGER NOT NULL,
    state TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS web_sessions_by_link ON web_sessions (link_hash)",
    "CREATE INDEX IF NOT EXISTS web_sessions_by_expiry ON web_sessions (expires_at)",
]


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def stamp(moment: _dt.datetime) -> str:
    """A UTC time as the store writes it (fixed width, so text order is time order)."""
    return moment.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def utc_now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


@dataclass
class Link:
    token_hash: str
    questionnaire_id: str
    created_at: str
    expires_at: str
    used_at: str | None


@dataclass
class WebSession:
    id: str
    link_hash: str | None
    questionnaire_id: str
    seen_at: str
    cookie_expires_at: str
    expires_at: str
    version: int
    state: dict[str, Any]


class Conflict(Exception):
    """The session changed underneath this request (another tab, a double submit)."""


class WebState:
    """Links and web sessions in a :class:`Store`; every write is one durable transaction."""

    def __init__(self, store: Store):
        self.store = store
        store._write(lambda db: [db.execute(statement) for statement in SCHEMA])

    def _sql(self, text: str) -> str:
        return self.store._sql(text)

    # ------------------------------------------------------------ links

    def new_links(self, questionnaire_id: str, expires: _dt.datetime, count: int = 1) -> list[str]:
        """``count`` fresh tokens; only their hashes are stored."""
        tokens = [new_token() for _ in range(count)]
        created = now_utc()

        def work(db: Any) -> None:
            for token in tokens:
                db.execute(
                    self._sql("INSERT INTO web_links (token_hash, questionnaire_id, created_at, expires_at) VALUES (?, ?, ?, ?)"),
                    (token_hash(token), questionnaire_id, created, stamp(expires)),
                )
            db.execute(
                self._sql("INSERT INTO audit (at, event, kiosk_id, submission_id, detail) VALUES (?, 'links_created', 'web', NULL, ?)"),
                (created, json.dumps({"questionnaire": questionnaire_id, "count": count, "expires_at": stamp(expires)})),
            )

        self.store._write(work)
        return tokens

    def usable_link(self, token: str) -> Link | None:
        """The link for ``token`` when it exists, is unused and has not expired."""
        row = self.store._read(
            lambda db: db.execute(
                self._sql("SELECT token_hash, questionnaire_id, created_at, expires_at, used_at FROM web_links WHERE token_hash = ?"),
                (token_hash(token),),
            ).fetchone()
        )
        if row is None:
            return None
        link = Link(*row)
        if link.used_at is not None or link.expires_at <= now_utc():
            return None
        return link

    # ------------------------------------------------------------ sessions

    def open_session(
        self,
        questionnaire_id: str,
        state: dict[str, Any],
        cookie_expires: _dt.datetime,
        expires: _dt.datetime,
        link_hash: str | None = None,
    ) -> str:
        """A session for a link (resuming the link's saved one) or a public visit; returns the cookie.

        Reopening a link gives the saved session a new cookie, so an older cookie
        (on a shared computer, say) stops working.
        """
        cookie = new_token()
        now = now_utc()
        text, encrypted = encode_payload(state, self.store.cipher)

        def work(db: Any) -> None:
            self._purge(db, now)
            existing = None
            if link_hash is not None:
                existing = db.execute(self._sql("SELECT id FROM web_sessions WHERE link_hash = ?"), (link_hash,)).fetchone()
            if existing is not None:
                db.execute(
                    self._sql(
                        "UPDATE web_sessions SET cookie_hash = ?, seen_at = ?, cookie_expires_at = ?, version = version + 1 WHERE id = ?"
                    ),
                    (token_hash(cookie), now, stamp(cookie_expires), existing[0]),
                )
                event = "web_resumed"
            else:
                db.execute(
                    self._sql(
                        "INSERT INTO web_sessions (id, cookie_hash, link_hash, questionnaire_id, created_at, seen_at, "
                        "cookie_expires_at, expires_at, version, encrypted, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
                    ),
                    (secrets.token_hex(16), token_hash(cookie), link_hash, questionnaire_id, now, now, stamp(cookie_expires), stamp(expires), int(encrypted), text),
                )
                event = "started"
            db.execute(
                self._sql("INSERT INTO audit (at, event, kiosk_id, submission_id, detail) VALUES (?, ?, 'web', NULL, ?)"),
                (now, event, json.dumps({"source": "web", "questionnaire": questionnaire_id, "link": link_hash is not None})),
            )

        self.store._write(work)
        return cookie

    def session(self, cookie: str, idle: _dt.timedelta) -> WebSession | None:
        """The live session for a cookie; None when unknown, idle too long or past its expiry."""
        row = self.store._read(
            lambda db: db.execute(
                self._sql(
                    "SELECT id, link_hash, questionnaire_id, seen_at, cookie_expires_at, expires_at, version, encrypted, state "
                    "FROM web_sessions WHERE cookie_hash = ?"
                ),
                (token_hash(cookie),),
            ).fetchone()
        )
        if row is None:
            return None
        sid, link, qid, seen, cookie_expires, expires, version, encrypted, text = row
        now = utc_now()
        if stamp(now - idle) > seen or stamp(now) >= cookie_expires or stamp(now) >= expires:
            return None
        state = decode_payload(text, bool(encrypted), self.store.cipher)
        if "locked" in state and len(state) == 1:
            return None  # encrypted with a key this process was not given
        return WebSession(sid, link, qid, seen, cookie_expires, expires, version, state)

    def save(self, session: WebSession) -> None:
        """Write the session's state back; raises Conflict when another request got there first."""
        text, encrypted = encode_payload(session.state, self.store.cipher)

        def work(db: Any) -> int:
            return db.execute(
                self._sql("UPDATE web_sessions SET state = ?, encrypted = ?, seen_at = ?, version = version + 1 WHERE id = ? AND version = ?"),
                (text, int(encrypted), now_utc(), session.id, session.version),
            ).rowcount

        if self.store._write(work) != 1:
            raise Conflict(session.id)
        session.version += 1

    def submit(self, session: WebSession, submission: Submission, keep_until: _dt.datetime) -> bool:
        """Store the submission, use up the link and save the session, all in one transaction.

        False (and nothing written) when the link was already used or the session
        changed underneath (a double submit).
        """
        values = self.store._values(submission)
        text, encrypted = encode_payload(session.state, self.store.cipher)
        now = now_utc()

        class _Refused(Exception):
            pass

        def work(db: Any) -> None:
            if session.link_hash is not None:
                used = db.execute(
                    self._sql("UPDATE web_links SET used_at = ?, submission_id = ? WHERE token_hash = ? AND used_at IS NULL"),
                    (now, submission.id, session.link_hash),
                ).rowcount
                if used != 1:
                    raise _Refused
            changed = db.execute(
                self._sql(
                    "UPDATE web_sessions SET state = ?, encrypted = ?, seen_at = ?, expires_at = ?, version = version + 1 "
                    "WHERE id = ? AND version = ?"
                ),
                (text, int(encrypted), now, stamp(keep_until), session.id, session.version),
            ).rowcount
            if changed != 1:
                raise _Refused
            db.execute(self._sql(f"INSERT INTO submissions ({COLUMNS}) VALUES ({', '.join('?' * len(values))})"), values)
            db.execute(
                self._sql("INSERT INTO audit (at, event, kiosk_id, submission_id, detail) VALUES (?, 'submitted', ?, ?, ?)"),
                (now, submission.kiosk_id, submission.id, json.dumps({"outcome": submission.outcome_id, "source": "web"})),
            )

        try:
            self.store._write(work)
        except _Refused:
            return False
        session.version += 1
        return True

    def end(self, session_id: str) -> None:
        """Forget a session now (the person pressed Finish)."""
        self.store._write(lambda db: db.execute(self._sql("DELETE FROM web_sessions WHERE id = ?"), (session_id,)))

    def _purge(self, db: Any, now: str) -> None:
        """Saved answers past their expiry are deleted, not just ignored."""
        db.execute(self._sql("DELETE FROM web_sessions WHERE expires_at <= ?"), (now,))

    def purge(self) -> None:
        self.store._write(lambda db: self._purge(db, now_utc()))

    def count_sessions(self) -> int:
        return int(self.store._read(lambda db: db.execute("SELECT COUNT(*) FROM web_sessions").fetchone()[0]))
