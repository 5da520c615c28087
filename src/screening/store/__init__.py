"""Where finished submissions live: one interface, SQLite or PostgreSQL behind it.

Why sqlite3 + psycopg rather than SQLAlchemy Core: the two dialects differ in
three small places (placeholders, the id column, the append-only trigger), so
two ~100-line classes stay smaller and clearer than the abstraction, and the
kiosk does not pay SQLAlchemy's import time at start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

from screening.store.base import Store, Submission
from screening.store.errors import NoSuchStore, StoreError
from screening.store.redact import redact_url

__all__ = ["Store", "StoreError", "Submission", "default_store_url", "open_store", "redact_url", "is_postgres"]


def default_store_url() -> str:
    import platformdirs

    folder = Path(platformdirs.user_data_dir("screening", appauthor=False))
    return str(folder / "submissions.db")


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def sqlite_path(url: str) -> str:
    """The file of a SQLite store URL (a plain path, or sqlite:///path)."""
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///") :]
    if url.startswith("sqlite:"):
        raise StoreError(f"{url}: write sqlite:///relative/path.db or sqlite:////absolute/path.db")
    if "://" in url:
        raise StoreError(f"{url}: the store must be a file path, sqlite:///path or postgresql://...")
    return url


def open_store(url: str | None, key_file: str | None = None, create: bool = True, outbox: str | None = None, check: bool = False) -> Store:
    """Open the store at ``url``: a path, sqlite:///path, or postgresql://...

    With ``create`` (the writers: evaluate, the kiosk) a new SQLite store is made,
    and the default store's folder too (owner-only). Without it (the readers:
    submissions list/show/export/check) a missing file is an error, never a new
    empty database. ``outbox``: for PostgreSQL, the local file that keeps a
    submission durably while the server cannot be reached. ``check``: a SQLite
    store gets ``PRAGMA quick_check`` on open (the kiosk, once at start-up).
    """
    from screening.store.crypto import Cipher

    cipher = Cipher.from_file(key_file) if key_file else None
    if url is None:
        url = default_store_url()
        if create:
            os.makedirs(Path(url).parent, mode=0o700, exist_ok=True)
    if is_postgres(url):
        from screening.store.postgres import PostgresStore

        return PostgresStore(url, cipher, outbox=outbox)
    path = sqlite_path(url)
    if not create and not Path(path).is_file():
        raise NoSuchStore(f"{path}: no such store (check the path; nothing was created)")
    from screening.store.sqlite import SqliteStore

    return SqliteStore(path, cipher, check=check)
