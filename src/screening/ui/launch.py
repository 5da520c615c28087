"""`screening run`: start the app, then print the summary once the screen has closed."""

from __future__ import annotations

import sys
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from screening.engine.format.header import Header
    from screening.engine.run.summary import Summary

EXIT_CANCELLED = 3  # the person stopped before finishing: nothing is printed
EXIT_CRASHED = 70  # EX_SOFTWARE: an unforeseen error, never mistaken for success or a cancel


def output_format(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {".md": "markdown", ".markdown": "markdown", ".json": "json"}.get(suffix, "text")


def run_app(
    path: str, language: str | None = None, output: str | None = None, theme: str = "default", header: "Header | None" = None
) -> int:
    from screening.ui.app import ScreeningApp

    app = ScreeningApp(path, language=language, theme_name=theme, header=header)
    summary: Summary | None = app.run()
    from screening.files import write_atomically
    from screening.render import render

    if app.crash_log is not None:
        print(f"screening: stopped by an unexpected error; details (no answers) are in {app.crash_log}", file=sys.stderr)
        return EXIT_CRASHED

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
