"""The staff PIN: kept only as a salted scrypt hash in the config folder; wrong tries counted there too."""

from __future__ import annotations

import hashlib
import math
import hmac
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path

PIN_FILE = "staff-pin.json"
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_LENGTH = 4


class PinError(Exception):
    pass


def config_dir(explicit: str | None = None) -> Path:
    if explicit:
        return Path(explicit)
    if os.environ.get("SCREENING_CONFIG_DIR"):
        return Path(os.environ["SCREENING_CONFIG_DIR"])
    import platformdirs

    return Path(platformdirs.user_config_dir("screening", appauthor=False))


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)


def set_pin(folder: Path, pin: str) -> Path:
    if len(pin) < MIN_LENGTH or not pin.isdigit():
        raise PinError(f"the PIN must be at least {MIN_LENGTH} digits")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    salt = secrets.token_bytes(16)
    record = {"scheme": "scrypt", **SCRYPT, "salt": salt.hex(), "hash": _hash(pin, salt, **SCRYPT).hex()}
    path = folder / PIN_FILE
    temporary = folder / f".{PIN_FILE}.{secrets.token_hex(4)}"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(record, stream)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)
    return path


def has_pin(folder: Path) -> bool:
    return (folder / PIN_FILE).is_file()


def check_pin(folder: Path, pin: str) -> bool:
    try:
        record = json.loads((folder / PIN_FILE).read_text(encoding="utf-8"))
        expected = bytes.fromhex(record["hash"])
        actual = _hash(pin, bytes.fromhex(record["salt"]), int(record["n"]), int(record["r"]), int(record["p"]))
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return hmac.compare_digest(expected, actual)


# ---------------------------------------------------------------- lockout

LOCK_FILE = "staff-pin-lockout.json"
TRIES_PER_LOCKOUT = 3
LOCKOUTS = (60, 300, 900, 3600)  # seconds; the last one repeats: 1, 5, 15, 60 minutes


class PinGuard:
    """Wrong PINs, counted on disk so that a restart does not reset them.

    The state (consecutive failures, the lockout's end in wall-clock seconds)
    lives in ``staff-pin-lockout.json`` beside the PIN, owner-only, written
    atomically and fsynced before the answer is shown. After every
    ``TRIES_PER_LOCKOUT`` wrong PINs in a row the box locks, each time longer
    (``LOCKOUTS``); only the right PIN clears the count. A PIN entered while
    locked is not checked at all (the caller audits it). When the state cannot
    be written (a read-only config folder) it is kept in memory and
    ``save_error`` says why, for the log.
    """

    def __init__(self, folder: Path, clock: "Callable[[], float] | None" = None):
        import time

        self.folder = folder
        self.clock = clock or time.time
        self.failures, self.locked_until = self._load()
        self.save_error = ""

    def _load(self) -> tuple[int, float]:
        try:
            record = json.loads((self.folder / LOCK_FILE).read_text(encoding="utf-8"))
            return max(0, int(record["failures"])), float(record["locked_until"])
        except FileNotFoundError:
            return 0, 0.0
        except (OSError, ValueError, KeyError, TypeError):
            # damaged or unreadable: fail closed, as if just locked for the longest time
            return TRIES_PER_LOCKOUT * len(LOCKOUTS), self.clock() + LOCKOUTS[-1]

    def _save(self) -> None:
        try:
            self._write()
            self.save_error = ""
        except OSError as exc:
            self.save_error = f"{self.folder / LOCK_FILE}: {exc.strerror or exc}"

    def _write(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = self.folder / f".{LOCK_FILE}.{secrets.token_hex(4)}"
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump({"failures": self.failures, "locked_until": self.locked_until}, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, self.folder / LOCK_FILE)

    def seconds_left(self) -> float:
        """How long the box stays locked (0 when it is open)."""
        return max(0.0, self.locked_until - self.clock())

    def lock_message(self) -> str:
        """What staff read while locked out: the time left as a person says it (4 min 59 s)."""
        seconds = max(0, math.ceil(self.seconds_left()))
        minutes, seconds = divmod(seconds, 60)
        left = f"{minutes} min {seconds} s" if minutes and seconds else f"{minutes} min" if minutes else f"{seconds} s"
        return f"Locked after too many wrong PINs. Try again in {left}."

    def wrong_message(self) -> str:
        from screening.i18n import plural

        return f"Wrong PIN ({plural(self.tries_left(), 'try', 'tries')} left)."

    def tries_left(self) -> int:
        return TRIES_PER_LOCKOUT - self.failures % TRIES_PER_LOCKOUT

    def attempt(self, pin: str) -> str:
        """``"ok"``, ``"wrong"``, ``"locked"`` (just now, or already): the state is on disk before this returns."""
        if not self.save_error:  # another kiosk process on this config may have counted too
            self.failures, self.locked_until = self._load()
        if self.seconds_left() > 0:
            return "locked"
        if check_pin(self.folder, pin):
            self.failures, self.locked_until = 0, 0.0
            self._save()
            return "ok"
        self.failures += 1
        if self.failures % TRIES_PER_LOCKOUT == 0:
            lockout = LOCKOUTS[min(self.failures // TRIES_PER_LOCKOUT, len(LOCKOUTS)) - 1]
            self.locked_until = self.clock() + lockout
            self._save()
            return "locked"
        self._save()
        return "wrong"
