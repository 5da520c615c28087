"""`screening submissions`: list, show, export and check a store, streamed, terminal-safe.

Kept out of cli.py (which is wiring only): the store is read row by row, the
text a person reads passes :func:`screening.terminal_text.for_terminal`, JSON is
escaped losslessly, and progress goes to standard error only when it is a
terminal. Exit codes as in cli.py: 0 done, 1 the store refused (damaged row,
encrypted without the key, an unwritable --output), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from screening.cli_common import Parser, add_store_options
from screening.console import err, out


def add_submissions(commands: Any) -> None:
    submissions = commands.add_parser("submissions", help="list, show or export stored submissions")
    actions = submissions.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    listing = actions.add_parser("list", help="newest first")
    listing.add_argument("--format", choices=("table", "json", "csv", "fhir", "fhir-responses"), default="table")
    listing.add_argument("--limit", type=_count_argument, default=50, help="at most this many (default 50)")
    show = actions.add_parser("show", help="one submission in full")
    show.add_argument("id", help="its id (or the start of it)")
    show.add_argument("--format", choices=("text", "json", "fhir"), default="text")
    export = actions.add_parser("export", help="every submission")
    export.add_argument(
        "--format", choices=("json", "csv", "fhir", "fhir-responses"), default="json",
        help="fhir: one transaction Bundle per line (QuestionnaireResponse + an Observation per coded score); fhir-responses: the responses only",
    )
    export.add_argument("--output", help="write to this file instead of standard output")
    check = actions.add_parser("check", help="the full integrity check of the store, and every row read back")
    for action in (listing, show, export, check):
        add_store_options(action)
        action.add_argument("--fhir-base", default="urn:screening:questionnaire:", help="the canonical base of questionnaire references in FHIR")


def _count_argument(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 10**9:
        raise argparse.ArgumentTypeError("use a number from 1 up")
    return value


def submissions(args: Any) -> int:
    from screening.store import open_store
    from screening.store.export import as_fhir, export, json_text

    with open_store(args.store, args.encrypt_key_file, create=False) as store:
        if args.action == "check":
            return _check_store(store)
        if args.action == "list":
            export(store, args.format, _TerminalSafe(sys.stdout, args.format), args.fhir_base, limit=args.limit, need_answers=args.format != "table")
            return 0
        if args.action == "show":
            submission = store.get(args.id, need_answers=True)
            if submission is None:
                from screening.usage import UsageError

                raise UsageError(f"no single submission has an id starting {args.id!r}")
            if args.format == "fhir":
                sys.stdout.write(json_text(as_fhir(submission, args.fhir_base), indent=2) + "\n")
            elif args.format == "json":
                sys.stdout.write(json_text(submission.to_json(), indent=2) + "\n")
            else:
                out(_submission_text(submission))
            return 0
        progress = _progress(store.count()) if sys.stderr.isatty() else None
        if args.output:
            from screening.files import atomic_writer

            with atomic_writer(args.output) as stream:
                count = export(store, args.format, stream, args.fhir_base, progress=progress)
        else:
            count = export(store, args.format, _TerminalSafe(sys.stdout, args.format), args.fhir_base, progress=progress)
        if progress:
            sys.stderr.write("\n")
        store.audit("export", detail={"format": args.format, "count": count})
    return 0


class _TerminalSafe:
    """Standard output for an export: CSV and table text cleaned again at the boundary (JSON is escaped)."""

    def __init__(self, stream: Any, format: str):
        from screening.terminal_text import for_terminal

        self._stream = stream
        self._clean = (lambda text: text) if format in ("json", "fhir", "fhir-responses") else for_terminal

    def write(self, text: str) -> int:
        return self._stream.write(self._clean(text))


def _progress(total: int) -> Any:
    """A counter on standard error (only called when it is a terminal)."""

    def show(done: int) -> None:
        if done % 500 == 0 or done == total:
            sys.stderr.write(f"\rexported {done} of {total}")
            sys.stderr.flush()

    return show


def _check_store(store: Any) -> int:
    from screening.terminal_text import for_terminal

    problems = []
    integrity = getattr(store, "integrity", None)
    if integrity is not None:
        result = integrity()
        if result != "ok":
            problems.append(f"the integrity check failed: {result}")
    problems.extend(f"submission {sid}: its stored data is damaged (not valid JSON)" for sid in store.malformed_rows())
    where = for_terminal(store.where, single_line=True)
    for problem in problems:
        err(f"{where}: {problem}")
    if problems:
        return 1
    out(f"{where}: ok: {store.count()} submissions, every row readable\n")
    return 0


def _submission_text(submission: Any) -> str:
    summary = submission.payload.get("summary")
    header = (
        f"Submission {submission.id}\n"
        f"Kiosk: {submission.kiosk_id or '-'}   Started: {submission.started_at}   Submitted: {submission.submitted_at}\n\n"
    )
    if summary is None:
        return header + "This submission holds no summary.\n"
    from screening.engine.run.summary import Summary
    from screening.render import render

    return header + render(Summary.from_json(summary), "text")
