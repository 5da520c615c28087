"""Writing files so that a crash leaves the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


class OutputError(Exception):
    """The output file cannot be written: one sentence (the path and why), exit 1."""


@contextlib.contextmanager
def atomic_writer(path: str, binary: bool = False) -> Iterator[IO[Any]]:
    """A text (UTF-8) or ``binary`` stream into a temporary file beside ``path``; fsynced and
    renamed over it on success.

    On any failure the temporary file is removed and ``path`` is left as it was.
    OS errors (a missing folder, no permission, a full disk) become OutputError.
    """
    import tempfile

    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    if not target.parent.is_dir():
        raise OutputError(f"{path}: the folder {target.parent} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here: {exc.strerror or exc}") from None
    try:
        with (os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8", newline="")) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomically(path: str, text: str | bytes) -> None:
    """A temporary file beside the target, fsynced, then renamed over it (bytes as they are, text as UTF-8)."""
    with atomic_writer(path, binary=isinstance(text, bytes)) as stream:
        stream.write(text)
