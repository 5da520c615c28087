"""The front desk's commands: `kiosk` (the locked-down mode), `staff-pin` and `keygen`."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from screening.cli_common import DEFAULT_QUESTIONNAIRE, add_store_options, language_of, load
from screening.console import out as _out
from screening.usage import EXIT_OK, UsageError


def add_kiosk(commands: Any) -> None:
    kiosk = commands.add_parser("kiosk", help="the locked-down front-desk mode")
    kiosk.add_argument("file", nargs="?", help="questionnaire file (default: the bundled one)")
    kiosk.add_argument("--lang", help="the starting language, e.g. en or es")
    kiosk.add_argument("--theme", choices=("default", "high-contrast"), default="default")
    kiosk.add_argument("--idle-timeout", type=_seconds, default=120, metavar="SECONDS", help="wipe an unattended session after this long (default 120)")
    kiosk.add_argument("--reset-after", type=_seconds, default=60, metavar="SECONDS", help="how long the summary stays up (default 60)")
    kiosk.add_argument("--config", help="the folder holding the staff PIN (default: SCREENING_CONFIG_DIR or the platform's)")
    kiosk.add_argument("--printer", type=_printer, help="a CUPS printer: the summary screen offers 'Print my summary' (lp -d NAME)")
    kiosk.add_argument("--paper", choices=("a4", "letter"), default="a4", help="the paper size of the printed summary (default a4)")
    kiosk.add_argument("--plain", action="store_true", help="plain lines for screen readers (also when ACCESSIBLE is set)")
    add_store_options(kiosk, kiosk_id=True)


def add_staff_pin(commands: Any) -> None:
    pin = commands.add_parser("staff-pin", help="set the kiosk's staff PIN (asked twice; or read once from standard input)")
    pin.add_argument("--config", help="the config folder (default: SCREENING_CONFIG_DIR or the platform's)")


def add_keygen(commands: Any) -> None:
    keygen = commands.add_parser("keygen", help="make a key file for --encrypt-key-file")
    keygen.add_argument("file")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 1 <= value <= 86400:
        raise argparse.ArgumentTypeError("use between 1 and 86400 seconds")
    return value


def _printer(text: str) -> str:
    from screening.printing import check_printer_name

    try:
        return check_printer_name(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_keygen(args: argparse.Namespace) -> int:
    from screening.store.crypto import write_new_key

    write_new_key(args.file)
    _out(f"wrote a new key to {args.file}; keep a copy somewhere safe: without it the answers cannot be read\n")
    return EXIT_OK


def cmd_staff_pin(args: argparse.Namespace) -> int:
    from screening.staff_pin import PinError, config_dir, set_pin

    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("New staff PIN: ")
        second = getpass.getpass("The same PIN again: ")
        if first != second:
            raise UsageError("the two PINs differ; nothing was changed")
    else:
        first = sys.stdin.readline().strip()
    try:
        path = set_pin(config_dir(args.config), first)
    except PinError as exc:
        raise UsageError(str(exc)) from None
    _out(f"staff PIN set ({path})\n")
    return EXIT_OK


def cmd_kiosk(args: argparse.Namespace) -> int:
    path = args.file or str(DEFAULT_QUESTIONNAIRE)
    from screening.staff_pin import config_dir, has_pin

    folder = config_dir(args.config)
    if not has_pin(folder):
        raise UsageError(f"no staff PIN is set in {folder}: run `screening staff-pin` first")
    questionnaire = load(path)  # a kiosk never starts on a broken file
    language_of(questionnaire, args.lang)
    from screening.store import open_store

    store = open_store(args.store, args.encrypt_key_file, check=True)  # fail now, not after the first patient
    lock = None
    if hasattr(store, "path"):  # SQLite: not two hosts on one file (see store/host_lock.py)
        from screening.store.host_lock import KioskLock

        try:
            lock = KioskLock(store.path).acquire()
        except BaseException:
            store.close()
            raise
    from screening.plain.launch import wants_plain

    try:
        if wants_plain(args.plain, dict(os.environ)):  # never imports Textual
            from screening.plain.kiosk import run_plain_kiosk

            return run_plain_kiosk(
                path,
                store,
                questionnaire=questionnaire,
                config=folder,
                kiosk_id=args.kiosk_id,
                idle_timeout=args.idle_timeout,
                reset_after=args.reset_after,
                language=args.lang,
                printer=args.printer,
                paper=args.paper,
            )
        from screening.ui.kiosk import run_kiosk

        return run_kiosk(
            path,
            store,
            config=folder,
            kiosk_id=args.kiosk_id,
            idle_timeout=args.idle_timeout,
            reset_after=args.reset_after,
            language=args.lang,
            theme_name=args.theme,
            questionnaire=questionnaire,
            printer=args.printer,
            paper=args.paper,
        )
    finally:
        if lock is not None:
            lock.release()
