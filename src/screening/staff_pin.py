"""The staff PIN: kept only as a salted scrypt hash in the config folder."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
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
