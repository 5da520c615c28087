"""Where finished submissions live: one interface, SQLite or PostgreSQL behind it.

Why sqlite3 + psycopg rather than SQLAlchemy Core: the two dialects differ in
three small places (placeholders, the id column, the append-only trigger), so
two ~100-line classes stay smaller and clearer than the abstraction, and the
kiosk does not pay SQLAlchemy's import time at start-up.
"""

from __future__ import annotations

from pathlib import Path

from screening.store.base import Store, StoreError, Submission

__all__ = ["Store", "StoreError", "Submission", "default_store_url", "open_store"]


def default_store_url() -> str:
    import platformdirs

    folder = Path(platformdirs.user_data_dir("screening", appauthor=False))
    return str(folder / "submissions.db")


def open_store(url: str | None, key_file: str | None = None) -> Store:
    """Open (and create if needed) the store at ``url``: a path, sqlite:///path, or postgresql://..."""
    from screening.store.crypto import Cipher

    cipher = Cipher.from_file(key_file) if key_file else None
    url = url or default_store_url()
    if url.startswith(("postgresql://", "postgres://")):
        from screening.store.postgres import PostgresStore

        return PostgresStore(url, cipher)
    from screening.store.sqlite import SqliteStore

    path = url
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
    elif url.startswith("sqlite:"):
        raise StoreError(f"{url}: write sqlite:///relative/path.db or sqlite:////absolute/path.db")
    elif "://" in url:
        raise StoreError(f"{url}: the store must be a file path, sqlite:///path or postgresql://...")
    return SqliteStore(path, cipher)
