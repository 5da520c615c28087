"""`screening run`: start the app, then print the summary once the screen has closed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from screening.usage import EXIT_CRASHED

if TYPE_CHECKING:
    from screening.engine.format.header import Header
    from screening.engine.run.summary import Summary

EXIT_CANCELLED = 3  # the person stopped before finishing: nothing is printed


def default_pdf_path() -> Path:
    """Where "Save as PDF" writes at home: the Documents folder (else home), a name that does not overwrite."""
    import datetime as _dt

    from platformdirs import user_documents_dir

    folder = Path(user_documents_dir())
    if not folder.is_dir():
        folder = Path.home()
    stamp = _dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    return folder / f"screening-summary-{stamp}.pdf"


def run_app(
    path: str,
    language: str | None = None,
    output: str | None = None,
    theme: str = "default",
    header: "Header | None" = None,
    paper: str = "a4",
) -> int:
    import gc

    # Start-up (importing Textual, drawing the welcome, loading the file) allocates much and
    # frees almost nothing: the ~100 collections it would trigger find next to nothing
    # and cost ~15 ms of waiting, most of it before the welcome shows.
    # The app turns collection back on once the file is loaded (see _end_startup_gc).
    gc.disable()
    from screening.ui.app import ScreeningApp

    app = ScreeningApp(path, language=language, theme_name=theme, header=header)
    app.gc_paused = True
    app.pdf_path = default_pdf_path()  # the summary screen offers to save a PDF copy here
    app.paper = paper
    summary: Summary | None = app.run()
    gc.enable()  # (the app resumes it itself, unless it ended within half a second of the load)
    from screening.render import render, write_summary

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
        write_summary(output, summary, paper)
    return 0
