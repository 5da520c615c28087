"""The command line: argument parsing and wiring, nothing else.

Commands that draw no screen (validate, evaluate, schema) never import Textual;
the UI is imported only inside the commands that show it.
Exit codes: 0 success, 1 invalid questionnaire or answers, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, NoReturn, Sequence

from screening import __version__
from screening.console import err as _err
from screening.console import out as _out
from screening.console import out_json as _out_json

from screening.usage import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError

BUNDLED_DIR = Path(__file__).resolve().parent / "questionnaires"
DEFAULT_QUESTIONNAIRE = BUNDLED_DIR / "ketamine-chronic-pain.yaml"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        _err(f"{self.prog}: error: {message}")  # the message may quote an argument: cleaned
        self.exit(EXIT_USAGE)


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that command's (start-up time: argparse is slow to build)."""
    parser = _Parser(
        prog="screening",
        description="A non-diagnostic screening questionnaire: is a ketamine evaluation worth discussing?",
    )
    parser.add_argument("--version", action="version", version=f"screening {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    wanted = (lambda name: only is None or name == only)
    if wanted("run"):
        _add_run(commands)
    if wanted("validate"):
        validate = commands.add_parser("validate", help="check questionnaire files and run their examples")
        validate.add_argument("files", nargs="+", metavar="FILE")
        validate.add_argument("--quiet", "-q", action="store_true", help="print only problems")
        validate.add_argument(
            "--readability", action="store_true", help="grade every patient-facing English text (Flesch-Kincaid); warn above grade 8"
        )
        validate.add_argument("--strict", action="store_true", help="fail (exit 1) when there are warnings too")
    if wanted("evaluate"):
        evaluate = commands.add_parser("evaluate", help="print the summary for a file of answers, without the UI")
        evaluate.add_argument("file", help="questionnaire file")
        evaluate.add_argument(
            "--answers", required=True, nargs="+", metavar="ANSWERS",
            help="answers file(s) (YAML or JSON); several are checked first, then stored together (the questionnaire is loaded once)",
        )
        evaluate.add_argument("--format", choices=("text", "markdown", "json"), default="text")
        evaluate.add_argument("--lang", help="language code, e.g. en or es")
        evaluate.add_argument("--store", help="also store the submission here (a path, sqlite:///path or postgresql://...)")
        _add_store_options(evaluate, store=False, kiosk_id=True)
    if wanted("schema"):
        schema = commands.add_parser("schema", help="print the JSON Schema of the questionnaire format (for editors)")
        schema.add_argument("--output", help="write it to this file instead of standard output")
    if wanted("kiosk"):
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
        _add_store_options(kiosk, kiosk_id=True)
    if wanted("submissions"):
        submissions = commands.add_parser("submissions", help="list, show or export stored submissions")
        actions = submissions.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
        listing = actions.add_parser("list", help="newest first")
        listing.add_argument("--format", choices=("table", "json", "csv", "fhir", "fhir-responses"), default="table")
        listing.add_argument("--limit", type=_count, default=50, help="at most this many (default 50)")
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
            _add_store_options(action)
            action.add_argument("--fhir-base", default="urn:screening:questionnaire:", help="the canonical base of questionnaire references in FHIR")
    if wanted("flow"):
        flow = commands.add_parser("flow", help="draw the questionnaire as a diagram (Mermaid or Graphviz dot)")
        flow.add_argument("file")
        flow.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    if wanted("impact"):
        impact = commands.add_parser("impact", help="how outcomes and flags would change from one version of a file to another")
        impact.add_argument("old")
        impact.add_argument("new")
        sources = impact.add_mutually_exclusive_group(required=True)
        sources.add_argument("--store", help="re-evaluate the stored submissions")
        sources.add_argument("--answers-dir", help="re-evaluate the answer files (.yaml, .yml, .json) in this folder")
        impact.add_argument("--encrypt-key-file", help="the key, when the stored answers are encrypted")
        impact.add_argument("--format", choices=("text", "json"), default="text")
    if wanted("translate"):
        translate = commands.add_parser("translate", help="hand texts to a translator (gettext PO) and take them back")
        steps = translate.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
        export = steps.add_parser("export", help="write every text, with its id and source, as a PO file for one language")
        export.add_argument("file")
        export.add_argument("--lang", required=True, help="the language to translate into, e.g. es")
        export.add_argument("--output", help="the PO file to write (default: standard output)")
        back = steps.add_parser("import", help="write a translated PO file's texts into the questionnaire, then validate it")
        back.add_argument("file")
        back.add_argument("po", metavar="TRANSLATED.po")
        back.add_argument("--output", help="write the result here (default: replace FILE, only if the result is valid)")
    if wanted("keygen"):
        keygen = commands.add_parser("keygen", help="make a key file for --encrypt-key-file")
        keygen.add_argument("file")
    if wanted("fhir"):
        _add_fhir(commands)
    if wanted("serve"):
        _add_serve(commands)
    if wanted("links"):
        _add_links(commands)
    if wanted("staff-pin"):
        pin = commands.add_parser("staff-pin", help="set the kiosk's staff PIN (asked twice; or read once from standard input)")
        pin.add_argument("--config", help="the config folder (default: SCREENING_CONFIG_DIR or the platform's)")
    return parser


def _add_fhir(commands: Any) -> None:
    fhir = commands.add_parser("fhir", help="FHIR R4 Questionnaires (SDC) out and in")
    actions = fhir.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    export = actions.add_parser("export", help="a questionnaire file as an R4 Questionnaire (JSON)")
    export.add_argument("file", help="questionnaire file")
    export.add_argument("--output", help="write to this file instead of standard output")
    export.add_argument("--fhir-base", default="urn:screening:questionnaire:", help="the canonical base of the Questionnaire's url")
    imported = actions.add_parser("import", help="an R4 Questionnaire (JSON) as a questionnaire file (YAML)")
    imported.add_argument("file", help="FHIR Questionnaire, JSON")
    imported.add_argument("--output", help="write to this file instead of standard output")


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


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 10**9:
        raise argparse.ArgumentTypeError("use a number from 1 up")
    return value


def _kiosk_id(text: str) -> str:
    """Refused (not cleaned) when it holds control characters: a cleaned id would silently differ from the one typed."""
    from screening.terminal_text import BIDI_CONTROLS, first_control_character

    if first_control_character(text) is not None or BIDI_CONTROLS.search(text) or "\n" in text or "\t" in text:
        raise argparse.ArgumentTypeError("the kiosk id must be printable text, without control characters or escape sequences")
    if len(text) > 64:
        raise argparse.ArgumentTypeError("the kiosk id must be at most 64 characters")
    return text


def _add_store_options(parser: argparse.ArgumentParser, store: bool = True, kiosk_id: bool = False) -> None:
    if store:
        parser.add_argument("--store", help="a path, sqlite:///path or postgresql://... (default: submissions.db in the data folder)")
    if kiosk_id:
        parser.add_argument("--kiosk-id", default="", type=_kiosk_id, help="names this terminal in stored records (printable text)")
    parser.add_argument("--encrypt-key-file", help="a Fernet key file: answers are encrypted at rest with it")


def _add_run(commands: Any) -> None:
    run = commands.add_parser("run", help="answer a questionnaire on screen (the default)")
    run.add_argument("file", nargs="?", help="questionnaire file (default: the bundled one)")
    run.add_argument("--lang", help="language code, e.g. en or es")
    run.add_argument("--output", help="also write the summary to this file (.md Markdown, .json JSON, .pdf PDF, else text)")
    run.add_argument("--theme", choices=("default", "high-contrast"), default="default", help="colour theme")
    run.add_argument(
        "--plain",
        action="store_true",
        help="plain lines on standard input and output, for screen readers and braille displays (also when ACCESSIBLE is set)",
    )
    run.add_argument("--paper", choices=("a4", "letter"), default="a4", help="the paper size of a PDF summary (default a4)")


def _add_serve(commands: Any) -> None:
    serve = commands.add_parser("serve", help="the web form for patients at home (private links; see README)")
    serve.add_argument("files", nargs="*", metavar="FILE", help="questionnaire files (default: the bundled one)")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: put a TLS proxy in front)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--public", action="store_true", help="also allow an anonymous start at / (off by default)")
    serve.add_argument("--trust-proxy", metavar="IPS", help="believe X-Forwarded-For/-Proto from these proxy addresses (comma-separated)")
    serve.add_argument("--idle-minutes", type=int, default=30, help="a page left this long needs the link again (default 30)")
    serve.add_argument("--site-id", default="web", help="names web submissions in the store (default web)")
    serve.add_argument("--max-link-tries", type=int, default=20, metavar="N", help="link visits a minute from one address (default 20)")
    serve.add_argument("--max-posts", type=int, default=600, metavar="N", help="form posts a minute from one address (default 600)")
    _add_store_options(serve)


def _add_links(commands: Any) -> None:
    links = commands.add_parser("links", help="make private links for the web form")
    actions = links.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    new = actions.add_parser("new", help="print new private links, one per line")
    new.add_argument(
        "--questionnaire", metavar="ID|FILE",
        help="a bundled questionnaire's id, or the file `serve` is started with (default: the bundled one)",
    )
    new.add_argument("--expires", default="7d", help="how long a link works: 30m, 12h or 7d (default 7d, at most 90d)")
    new.add_argument("--count", type=int, default=1, help="how many links (default 1, at most 1000)")
    new.add_argument("--base-url", help="the address patients open (default http://127.0.0.1:8000, this machine only)")
    new.add_argument("--qr", action="store_true", help="also draw each link as a QR code (text, for a terminal)")
    _add_store_options(new)


def _check_output(path: str) -> None:
    """Refuse an --output that cannot be written before any work (or a person's answers) is done."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"--output {path}: is a folder; give a file name")
    folder = target.resolve().parent
    if not folder.is_dir():
        raise UsageError(f"--output {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"--output {path}: the folder {folder} cannot be written to")


def _print_problems(problems: Sequence[Any]) -> None:
    for problem in problems:
        _err(str(problem))


def _load(path: str) -> Any:
    from screening.engine.loader import load_questionnaire

    return load_questionnaire(path)


def _language(questionnaire: Any, requested: str | None) -> str:
    if requested is None:
        return questionnaire.default_language
    if requested not in questionnaire.languages:
        raise UsageError(
            f"--lang {requested}: this questionnaire is in {', '.join(questionnaire.languages)}"
        )
    return requested


def cmd_validate(args: argparse.Namespace) -> int:
    from screening.authoring.warnings import file_warnings
    from screening.engine.problems import FileError
    from screening.engine.run.examples import run_examples

    status = EXIT_OK
    for path in args.files:
        try:
            questionnaire = _load(path)
        except FileError as exc:
            _print_problems(exc.problems)
            status = EXIT_INVALID
            continue
        passed, problems = run_examples(questionnaire)
        problems = [*problems, *file_warnings(questionnaire)]
        if args.readability:
            from screening.authoring.readability import ReadabilityUnavailable, grade_texts, report, warnings

            try:
                graded = grade_texts(questionnaire)
            except ReadabilityUnavailable as exc:
                raise UsageError(str(exc)) from None
            if not args.quiet:
                _out(report(graded))
            problems += warnings(questionnaire, graded)
        problems.sort(key=lambda p: (p.line, p.col))
        _print_problems([p for p in problems if p.severity != "note"])
        failed = len(questionnaire.examples) - passed
        warned = sum(problem.severity == "warning" for problem in problems)
        if any(problem.severity == "error" for problem in problems):
            status = EXIT_INVALID
            _err(f"{path}: invalid: {failed} of {len(questionnaire.examples)} examples failed")
            continue
        if warned and args.strict:
            status = EXIT_INVALID
        if not args.quiet:
            note = f", {warned} warning{'s' if warned != 1 else ''}" if warned else ""
            _out(
                f"{path}: ok: {len(questionnaire.questions)} questions, {len(questionnaire.flags)} flags, "
                f"{len(questionnaire.outcomes)} outcomes, {passed} examples passed{note}"
                + (" (--strict: warnings fail)" if warned and args.strict else "")
                + "\n"
            )
            for problem in problems:  # what could not be decided: information, not a problem
                if problem.severity == "note":
                    _out(f"{problem}\n")
    return status


def cmd_evaluate(args: argparse.Namespace) -> int:
    from screening.engine.problems import FileError
    from screening.engine.run.answer_file import load_answer_file
    from screening.engine.run.summary import build_summary

    if args.encrypt_key_file and not args.store:
        raise UsageError("--encrypt-key-file needs --store")
    questionnaire = _load(args.file)  # once, however many answer files
    language = _language(questionnaire, args.lang)
    summaries, problems = [], []
    for answers in args.answers:  # every file checked before anything is stored
        try:
            session, warnings = load_answer_file(questionnaire, answers, language)
        except FileError as exc:
            problems.extend(exc.problems)
            continue
        _print_problems(warnings)
        summaries.append(build_summary(session))
    if problems:
        _print_problems(problems)
        if len(args.answers) > 1:
            _err(f"screening: error: {len(args.answers) - len(summaries)} of {len(args.answers)} answer files are invalid; nothing was stored")
        return EXIT_INVALID
    if args.store:  # stored (committed, on disk) before anything says it is done
        from screening.store import Submission, open_store

        with open_store(args.store, args.encrypt_key_file) as store:
            store.save_many([Submission.from_summary(summary, kiosk_id=args.kiosk_id) for summary in summaries])
    _print_summaries(summaries, args.format)
    return EXIT_OK


def _print_summaries(summaries: list[Any], format: str) -> None:
    from screening.render import render

    if format != "json":
        _out("\n".join(render(summary, format) for summary in summaries))
        return
    documents = [render(summary, "json").rstrip("\n") for summary in summaries]  # as rendered: numbers untouched
    text = documents[0] if len(documents) == 1 else "[\n" + ",\n".join(documents) + "\n]"
    _out_json(text + "\n")


def cmd_submissions(args: argparse.Namespace) -> int:
    from screening.cli_store import submissions

    return submissions(args)


def cmd_flow(args: argparse.Namespace) -> int:
    from screening.authoring.flow import draw

    _out(draw(_load(args.file), args.format))
    return EXIT_OK


def cmd_impact(args: argparse.Namespace) -> int:
    from screening.authoring.impact import answer_sets_from_dir, answer_sets_from_store, compare, render_impact

    old, new = _load(args.old), _load(args.new)
    if args.store:
        from screening.store import open_store

        with open_store(args.store, args.encrypt_key_file, create=False) as store:
            sets = answer_sets_from_store(store)
    else:
        if not Path(args.answers_dir).is_dir():
            raise UsageError(f"--answers-dir {args.answers_dir}: no such folder")
        sets = answer_sets_from_dir(args.answers_dir)
    text = render_impact(compare(old, new, sets), args.format)
    if args.format == "json":
        _out_json(text)
    else:
        _out(text)
    return EXIT_OK


def cmd_translate(args: argparse.Namespace) -> int:
    from screening.authoring.translate_command import export_command, import_command

    if args.action == "export":
        return export_command(_load(args.file), args.lang, args.output, UsageError)
    return import_command(_load(args.file), args.po, args.output, UsageError)


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
    questionnaire = _load(path)  # a kiosk never starts on a broken file
    _language(questionnaire, args.lang)
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


def cmd_fhir(args: argparse.Namespace) -> int:
    if args.output:
        _check_output(args.output)
    if args.action == "export":

        from screening.interop.fhir.export import to_fhir_questionnaire

        from screening.interop.fhir.names import json_text

        text = json_text(to_fhir_questionnaire(_load(args.file), args.fhir_base), indent=2)
    else:
        from screening.interop.fhir.importer import import_file
        from screening.terminal_text import for_terminal

        result = import_file(args.file)
        for warning in result.messages:
            print(for_terminal(warning, single_line=True), file=sys.stderr)
        if result.text is None:
            return EXIT_INVALID
        text = result.text
    if args.output:
        from screening.files import write_atomically

        write_atomically(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from screening.engine.format.structure_build import json_schema_json

    if args.output:
        from screening.files import write_atomically

        _check_output(args.output)
        write_atomically(args.output, json_schema_json())
        _err(f"wrote the JSON Schema to {args.output}; start a questionnaire with "
             f"'# yaml-language-server: $schema=<path to it>' to use it in an editor")
    else:
        sys.stdout.write(json_schema_json())
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    path = args.file or str(DEFAULT_QUESTIONNAIRE)
    from screening.engine.format.header import read_header

    if not Path(path).is_file():
        from screening.engine.problems import FileError

        raise FileError.single(path, 1, 1, "no such file")
    header = read_header(path)
    if args.lang and header is not None and args.lang not in header.languages:
        raise UsageError(f"--lang {args.lang}: this questionnaire is in {', '.join(header.languages)}")
    if args.output:
        _check_output(args.output)
    from screening.plain.launch import run_plain, wants_plain

    if wants_plain(args.plain, dict(os.environ)):  # never imports Textual
        return run_plain(path, language=args.lang, output=args.output, paper=args.paper)
    from screening.ui.launch import run_app

    return run_app(path, language=args.lang, output=args.output, theme=args.theme, header=header, paper=args.paper)


def cmd_serve(args: argparse.Namespace) -> int:
    import datetime as _dt

    from screening.store import open_store

    paths = args.files or [str(DEFAULT_QUESTIONNAIRE)]
    questionnaires: dict[str, Any] = {}
    for path in paths:
        questionnaire = _load(path)  # every file is checked before the first patient
        if questionnaire.id in questionnaires:
            raise UsageError(f"{path}: another file already has the id {questionnaire.id!r}")
        questionnaires[questionnaire.id] = questionnaire
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: use 1 to 65535")
    if not 1 <= args.idle_minutes <= 24 * 60:
        raise UsageError("--idle-minutes: use 1 to 1440")
    from screening.store.web_state import WebState

    with open_store(args.store, args.encrypt_key_file) as store:  # fail now, not at the first request
        WebState(store).purge()
    from screening.web.app import Settings
    from screening.web.server import serve

    if args.max_link_tries < 1 or args.max_posts < 1:
        raise UsageError("--max-link-tries and --max-posts must be at least 1")
    settings = Settings(
        idle=_dt.timedelta(minutes=args.idle_minutes),
        public=args.public,
        site_id=args.site_id,
        link_tries_per_minute=args.max_link_tries,
        posts_per_minute_address=args.max_posts,
    )
    _err(f"screening: serving {', '.join(questionnaires)} on http://{args.host}:{args.port}")
    return serve(
        questionnaires,
        lambda: open_store(args.store, args.encrypt_key_file),
        settings,
        host=args.host,
        port=args.port,
        trusted_proxies=args.trust_proxy,
    )


def _duration(text: str) -> Any:
    import datetime as _dt
    import re

    match = re.fullmatch(r"(\d{1,5})([mhd])", text.strip())
    if not match:
        raise UsageError(f"--expires {text}: write 30m, 12h or 7d")
    amount, unit = int(match.group(1)), match.group(2)
    delta = {"m": _dt.timedelta(minutes=amount), "h": _dt.timedelta(hours=amount), "d": _dt.timedelta(days=amount)}[unit]
    if not _dt.timedelta(minutes=1) <= delta <= _dt.timedelta(days=90):
        raise UsageError(f"--expires {text}: use from 1m to 90d")
    return delta


def cmd_links(args: argparse.Namespace) -> int:
    import datetime as _dt
    from urllib.parse import urlsplit

    from screening.store import open_store
    from screening.store.web_state import WebState

    lifetime = _duration(args.expires)
    if not 1 <= args.count <= 1000:
        raise UsageError("--count: use 1 to 1000")
    base = (args.base_url or "http://127.0.0.1:8000").rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise UsageError(f"--base-url {args.base_url}: write http(s)://host[:port][/path]")
    questionnaire_id = _link_questionnaire_id(args.questionnaire)
    expires = _dt.datetime.now(_dt.timezone.utc) + lifetime
    with open_store(args.store, args.encrypt_key_file) as store:
        tokens = WebState(store).new_links(questionnaire_id, expires, args.count)
    from screening.terminal_text import for_terminal

    for token in tokens:
        url = f"{base}/l/{token}"
        print(for_terminal(url, single_line=True))
        if args.qr:
            import io

            import segno

            drawing = io.StringIO()
            segno.make(url, error="m").terminal(out=drawing, compact=True, border=2)  # block characters only
            print(for_terminal(drawing.getvalue()))
    _err(f"{len(tokens)} link(s) for {questionnaire_id}, valid until {expires:%Y-%m-%d %H:%M} UTC")
    if args.base_url is None:
        _err("screening: warning: these links open only on this machine (http://127.0.0.1:8000); "
             "give --base-url with the address patients use")
    return EXIT_OK


def _link_questionnaire_id(given: str | None) -> str:
    """The id a link is for: a bundled questionnaire's id, or the id inside a questionnaire file.
    An id nobody serves would give the patient a dead link, so it is refused here."""
    import re

    from screening.engine.format.header import read_header

    def id_of(path: Path) -> str:
        header = read_header(str(path))
        return header.id if header is not None and header.id else _load(str(path)).id

    bundled = {id_of(path): path for path in sorted(BUNDLED_DIR.glob("*.yaml"))}
    if given is None:
        return id_of(DEFAULT_QUESTIONNAIRE)
    if given in bundled:
        return given
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", given) and not given.endswith((".yaml", ".yml")):
        raise UsageError(
            f"--questionnaire {given}: no bundled questionnaire has this id ({', '.join(sorted(bundled))}); "
            "for another questionnaire give its file, the one `serve` is started with"
        )
    if not Path(given).is_file():
        from screening.terminal_text import for_terminal

        raise UsageError(f"--questionnaire: {for_terminal(given, single_line=True)}: no such file")
    return _load(given).id


COMMANDS = {
    "run": cmd_run,
    "validate": cmd_validate,
    "evaluate": cmd_evaluate,
    "schema": cmd_schema,
    "kiosk": cmd_kiosk,
    "submissions": cmd_submissions,
    "keygen": cmd_keygen,
    "flow": cmd_flow,
    "impact": cmd_impact,
    "translate": cmd_translate,
    "staff-pin": cmd_staff_pin,
    "fhir": cmd_fhir,
    "serve": cmd_serve,
    "links": cmd_links,
}


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if not words or (words[0].startswith("-") and words[0] not in ("-h", "--help", "--version")):
        words = ["run", *words]  # `screening` alone runs the bundled questionnaire
    command = words[0] if words[0] in COMMANDS else None
    args = _parser(only=command).parse_args(words)
    from screening.engine.problems import FileError

    try:
        return COMMANDS[args.command](args)
    except FileError as exc:
        _print_problems(exc.problems)
        return EXIT_INVALID
    except UsageError as exc:
        _err(f"screening: error: {exc}")
        return EXIT_USAGE
    except BrokenPipeError:  # before Exception, which would re-raise it
        # the reader went away (e.g. `| head`); say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        from screening.files import OutputError
        from screening.store.errors import NoSuchStore, StoreError

        if isinstance(exc, NoSuchStore):
            _err(f"screening: error: {exc}")  # wrong usage: a mistyped path
            return EXIT_USAGE
        if isinstance(exc, (StoreError, OutputError)):
            _err(f"screening: error: {exc}")  # StoreError text is redacted where it is made
            return EXIT_INVALID
        raise
    except KeyboardInterrupt:
        return 130
