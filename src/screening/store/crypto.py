"""Optional encryption at rest of what a person answered (Fernet, from cryptography)."""

from __future__ import annotations

import os
from pathlib import Path

from screening.store.errors import StoreError


class Cipher:
    def __init__(self, key: bytes):
        from cryptography.fernet import Fernet

        try:
            self._fernet = Fernet(key)
        except ValueError:
            raise StoreError("the encryption key file does not hold a Fernet key (make one with `screening keygen FILE`)") from None

    @classmethod
    def from_file(cls, path: str) -> "Cipher":
        try:
            key = Path(path).read_bytes().strip()
        except OSError as exc:
            raise StoreError(f"{path}: cannot read the encryption key: {exc.strerror or exc}") from None
        return cls(key)

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise StoreError("this record was encrypted with another key") from None


def write_new_key(path: str) -> None:
    """A new Fernet key in a file only its owner can read; refuses to overwrite."""
    from cryptography.fernet import Fernet

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        handle = os.open(path, flags, 0o600)
    except FileExistsError:
        raise StoreError(f"{path}: already exists; a new key would make old records unreadable") from None
    except OSError as exc:
        raise StoreError(f"{path}: {exc.strerror or exc}") from None
    with os.fdopen(handle, "wb") as stream:
        stream.write(Fernet.generate_key() + b"\n")
        stream.flush()
        os.fsync(stream.fileno())
