"""A lock file beside a SQLite store, against two kiosks on different hosts sharing it.

What it guards: SQLite's locks are POSIX advisory locks, which network file
systems (NFS, SMB/CIFS) often do not honour between hosts; two kiosks on two
machines writing one store file there can corrupt it. So a kiosk takes
``<store>.kiosk-lock``, created with ``O_EXCL`` and naming its host and process,
and a kiosk on another host refuses to start while it is there.

What it cannot do:

* it is not a lock on the database: ``evaluate --store`` and ``submissions``
  do not take it (short, and meant for the machine that holds the file);
* kiosks on one host share it (SQLite's own locks work there); the file is
  removed by the kiosk that made it, when that one exits;
* a kiosk that died on another host leaves the file behind: this host cannot
  tell whether that process lives, so staff remove the file by hand (the
  message names it and the host). On this host a dead process is detected and
  its file taken over;
* ``O_EXCL`` is atomic on NFSv3 and later only.

For several kiosks on several machines, use PostgreSQL.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from screening.store.base import now_utc
from screening.store.errors import StoreError


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, as another user
    return True


class KioskLock:
    def __init__(self, store_path: str, host: str | None = None):
        self.path = Path(f"{store_path}.kiosk-lock")
        self.host = host or socket.gethostname()
        self.held = False

    def acquire(self) -> "KioskLock":
        for _ in range(3):
            try:
                handle = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                other = self._read()
                if other.get("host") != self.host:
                    raise StoreError(
                        f"{self.path}: the store is in use by a kiosk on {other.get('host') or 'an unknown host'} "
                        f"(process {other.get('pid', '?')}, since {other.get('since', '?')}). Two hosts must not share one "
                        "SQLite store (use PostgreSQL); if that kiosk is gone, remove this file"
                    ) from None
                if _alive(int(other.get("pid", 0) or 0)):
                    return self  # another kiosk on this host: SQLite's own locks suffice here
                self.path.unlink(missing_ok=True)  # left by a kiosk on this host that died
                continue
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot make the kiosk lock file: {exc.strerror or exc}") from None
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"host": self.host, "pid": os.getpid(), "since": now_utc()}, stream)
                stream.flush()
                os.fsync(stream.fileno())
            self.held = True
            return self
        raise StoreError(f"{self.path}: the kiosk lock file keeps changing; is another kiosk starting?")

    def _read(self) -> dict[str, object]:
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
            return record if isinstance(record, dict) else {}
        except (OSError, ValueError):
            return {}

    def release(self) -> None:
        if self.held and self._read().get("pid") == os.getpid() and self._read().get("host") == self.host:
            self.path.unlink(missing_ok=True)
        self.held = False
