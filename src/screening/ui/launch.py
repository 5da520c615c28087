"""`screening run`: start the app, then print the summary once the screen has closed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from screening.engine.summary import Summary

EXIT_CANCELLED = 3  # the person stopped before finishing: nothing is printed


def output_format(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {".md": "markdown", ".markdown": "markdown", ".json": "json"}.get(suffix, "text")


def write_atomically(path: str, text: str) -> None:
    """Write the whole file or nothing: a temporary file, fsynced, then renamed."""
    import tempfile

    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run_app(path: str, language: str | None = None, output: str | None = None, theme: str = "default") -> int:
    from screening.ui.app import ScreeningApp

    app = ScreeningApp(path, language=language, theme_name=theme)
    summary: Summary | None = app.run()
    from screening.render import render

    if app.problems:
        for problem in app.problems:
            print(problem, file=sys.stderr)
        return 1
    if summary is None:
        return app.return_code or EXIT_CANCELLED
    sys.stdout.write(render(summary, "text"))
    sys.stdout.flush()
    if output:
        write_atomically(output, render(summary, output_format(output)))
    return 0
