"""The patient's copy on paper: the PDF summary sent to a CUPS printer with `lp`.

Never a shell string: ``lp -d NAME FILE`` as a list, the printer name checked
first (a name starting with '-' would be read as an option). A failure raises
:class:`PrintError` with one line to show and log; it never touches the store,
so a stored submission is never lost because a printer is out of paper.
No Textual here: the kiosk calls it from a worker thread.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from screening.terminal_text import for_terminal

_PRINTER_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,126}")
LP_TIMEOUT = 30.0  # seconds: lp only hands the file to the local scheduler


class PrintError(Exception):
    """Printing did not work; the message is one line, safe to show and log."""


def check_printer_name(name: str) -> str:
    """The name, or ValueError: CUPS names are letters, digits and _ . @ + - (no spaces, no '/', no '#')."""
    if not _PRINTER_NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a CUPS printer name (letters, digits and _ . @ + -, not starting with -)")
    return name


def print_pdf(data: bytes, printer: str, timeout: float = LP_TIMEOUT) -> str:
    """Send the PDF to ``printer``; returns lp's answer (the request id). Raises PrintError."""
    check_printer_name(printer)
    lp = shutil.which("lp")
    if lp is None:
        raise PrintError("the lp command (CUPS) is not installed")
    # a private folder (mode 700), removed once lp has handed the file to the scheduler
    with tempfile.TemporaryDirectory(prefix="screening-print-") as folder:
        path = Path(folder) / "summary.pdf"
        path.write_bytes(data)
        try:
            result = subprocess.run(
                [lp, "-d", printer, str(path)],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise PrintError(f"the printer {printer} did not answer within {timeout:g} s") from None
        except OSError as exc:
            raise PrintError(f"lp could not be started: {exc.strerror or exc}") from None
    if result.returncode != 0:
        detail = for_terminal(result.stderr.strip() or result.stdout.strip(), single_line=True)[:200]
        raise PrintError(f"lp -d {printer} failed (exit {result.returncode}): {detail or 'no message'}")
    return for_terminal(result.stdout.strip(), single_line=True)[:200]
