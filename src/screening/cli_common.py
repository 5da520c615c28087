"""What the command-line modules share: the parser class, store options, checking an --output,
loading a questionnaire, and where the bundled questionnaires are. (cli.py wires the commands;
cli_store.py, cli_web.py and cli_fhir.py hold the larger ones; none imports another.)"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, NoReturn

from screening.console import err as _err
from screening.usage import EXIT_USAGE, UsageError

# plain strings, not pathlib: importing pathlib costs `validate` 2.5 ms of start-up
BUNDLED_DIR = os.path.join(os.path.dirname(os.path.realpath(__file__)), "questionnaires")
DEFAULT_QUESTIONNAIRE = os.path.join(BUNDLED_DIR, "ketamine-chronic-pain.yaml")


class Formatter(argparse.HelpFormatter):
    """argparse's formatter, sized without importing shutil: argparse makes one for every
    argument it adds, and shutil (with the compression modules it imports) is 1.6 ms of a
    command's start-up."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        if width is None:
            width = _columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _columns() -> int:
    """As shutil.get_terminal_size: $COLUMNS, else the terminal on standard output, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        _err(f"{self.prog}: error: {message}")  # the message may quote an argument: cleaned
        self.exit(EXIT_USAGE)


def kiosk_id_argument(text: str) -> str:
    """Refused (not cleaned) when it holds control characters: a cleaned id would silently differ from the one typed."""
    from screening.terminal_text import BIDI_CONTROLS, first_control_character

    if first_control_character(text) is not None or BIDI_CONTROLS.search(text) or "\n" in text or "\t" in text:
        raise argparse.ArgumentTypeError("the kiosk id must be printable text, without control characters or escape sequences")
    if len(text) > 64:
        raise argparse.ArgumentTypeError("the kiosk id must be at most 64 characters")
    return text


def add_store_options(parser: argparse.ArgumentParser, store: bool = True, kiosk_id: bool = False) -> None:
    if store:
        parser.add_argument("--store", help="a path, sqlite:///path or postgresql://... (default: submissions.db in the data folder)")
    if kiosk_id:
        parser.add_argument("--kiosk-id", default="", type=kiosk_id_argument, help="names this terminal in stored records (printable text)")
    parser.add_argument("--encrypt-key-file", help="a Fernet key file: answers are encrypted at rest with it")


def check_output(path: str) -> None:
    """Refuse an --output that cannot be written before any work (or a person's answers) is done."""
    if os.path.isdir(path):
        raise UsageError(f"--output {path}: is a folder; give a file name")
    folder = os.path.dirname(os.path.realpath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"--output {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"--output {path}: the folder {folder} cannot be written to")


def load(path: str) -> Any:
    from screening.engine.loader import load_questionnaire

    return load_questionnaire(path)


def language_of(questionnaire: Any, requested: str | None) -> str:
    """The language asked for with --lang, refused when the questionnaire has no such language."""
    if requested is None:
        return questionnaire.default_language
    if requested not in questionnaire.languages:
        raise UsageError(
            f"--lang {requested}: this questionnaire is in {', '.join(questionnaire.languages)}"
        )
    return requested
