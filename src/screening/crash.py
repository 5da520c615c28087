"""An unforeseen failure, written down for whoever maintains the program, without patient data.

The log holds the exception's type and where it happened (file, line, function),
never its message or any variable: those can hold what a person typed. Textual's
own crash report shows local variables, so it is never printed.
"""

from __future__ import annotations

import datetime as _dt
import os
import traceback
from pathlib import Path

LOG_NAME = "crash.log"
MAX_LOG_BYTES = 1_000_000  # the log of a kiosk left running for months stays small


def log_dir() -> Path:
    """The platform's place for logs (``~/.local/state/screening/log`` on Linux)."""
    override = os.environ.get("SCREENING_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir("screening", appauthor=False))


def describe(error: BaseException) -> str:
    """Type and frames of ``error`` (and its causes): no message, no values."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
        current = current.__cause__ or current.__context__
        if current is not None:
            lines.append("caused by / while handling:")
    return "\n".join(lines)


def write_crash_log(error: BaseException, where: str) -> Path | None:
    """Append one report to the crash log; its path, or None when it cannot be written."""
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    report = f"--- {stamp} screening {where}: unexpected error\n{describe(error)}\n"
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            path.replace(folder / (LOG_NAME + ".1"))
        with open(path, "a", encoding="utf-8") as log:
            log.write(report)
        return path
    except OSError:
        return None
