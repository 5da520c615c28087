"""The command line: argument parsing and wiring, nothing else.

Commands that draw no screen (validate, evaluate, schema) never import Textual;
the UI is imported only inside the commands that show it.
Exit codes: 0 success, 1 invalid questionnaire or answers, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Sequence

from screening import __version__
from screening.cli_common import DEFAULT_QUESTIONNAIRE
from screening.cli_common import Parser as _Parser
from screening.cli_common import add_store_options as _add_store_options
from screening.cli_common import check_output as _check_output
from screening.cli_common import language_of as _language_of
from screening.cli_common import load as _load
from screening.console import err as _err
from screening.console import out as _out
from screening.console import out_json as _out_json
from screening.usage import EXIT_CRASHED, EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError


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
    if wanted("kiosk") or wanted("staff-pin") or wanted("keygen"):
        from screening.cli_kiosk import add_keygen, add_kiosk, add_staff_pin

        if wanted("kiosk"):
            add_kiosk(commands)
        if wanted("staff-pin"):
            add_staff_pin(commands)
        if wanted("keygen"):
            add_keygen(commands)
    if wanted("submissions"):
        from screening.cli_store import add_submissions

        add_submissions(commands)
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
    if wanted("fhir"):
        from screening.cli_fhir import add_fhir

        add_fhir(commands)
    if wanted("serve") or wanted("links"):
        from screening.cli_web import add_links, add_serve

        if wanted("serve"):
            add_serve(commands)
        if wanted("links"):
            add_links(commands)
    return parser


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


def _print_problems(problems: Sequence[Any]) -> None:
    for problem in problems:
        _err(str(problem))


def cmd_evaluate(args: argparse.Namespace) -> int:
    from screening.engine.problems import FileError
    from screening.engine.run.answer_file import load_answer_file
    from screening.engine.run.summary import build_summary

    if args.encrypt_key_file and not args.store:
        raise UsageError("--encrypt-key-file needs --store")
    questionnaire = _load(args.file)  # once, however many answer files
    language = _language_of(questionnaire, args.lang)
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
        if not os.path.isdir(args.answers_dir):
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

    if not os.path.isfile(path):  # the same words as the loader's (which is not imported yet)
        from screening.engine.problems import FileError

        raise FileError.single(path, 1, 1, "this is a folder, not a file" if os.path.isdir(path) else "no such file")
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


COMMANDS = {
    "run": cmd_run,
    "validate": lambda args: _command("cli_validate", "cmd_validate")(args),
    "evaluate": cmd_evaluate,
    "schema": cmd_schema,
    "kiosk": lambda args: _command("cli_kiosk", "cmd_kiosk")(args),
    "submissions": cmd_submissions,
    "keygen": lambda args: _command("cli_kiosk", "cmd_keygen")(args),
    "flow": cmd_flow,
    "impact": cmd_impact,
    "translate": cmd_translate,
    "staff-pin": lambda args: _command("cli_kiosk", "cmd_staff_pin")(args),
    "fhir": lambda args: _command("cli_fhir", "cmd_fhir")(args),
    "serve": lambda args: _command("cli_web", "cmd_serve")(args),
    "links": lambda args: _command("cli_web", "cmd_links")(args),
}


def _command(module: str, name: str) -> Any:
    """A command kept in a module of its own, imported only when it runs."""
    import importlib

    return getattr(importlib.import_module(f"screening.{module}"), name)


# Commands an editor runs on every save of a file, which only read and print. When the process
# ends, the interpreter's last garbage collections would rescan every object their imports made
# (about 8 ms of `validate`'s 70); none of it is garbage that needs collecting, so the program's
# entry point freezes it out of those collections (atexit handlers and buffered output still run
# and flush as usual). Only at the entry point: a test calling main() goes on collecting.
_FREEZE_AT_EXIT = frozenset({"validate", "schema"})


def entry() -> int:
    """The program's entry point (the `screening` script and `python -m screening`)."""
    return main(exiting=True)


def main(argv: Sequence[str] | None = None, exiting: bool = False) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if not words or (words[0].startswith("-") and words[0] not in ("-h", "--help", "--version")):
        words = ["run", *words]  # `screening` alone runs the bundled questionnaire
    command = words[0] if words[0] in COMMANDS else None
    args = _parser(only=command).parse_args(words)
    status = _run(args)
    if exiting and args.command in _FREEZE_AT_EXIT:
        import gc

        gc.freeze()
    return status


def _run(args: argparse.Namespace) -> int:
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
        # unforeseen: one line and a log without patient data (no traceback: its values could hold
        # answers), and a code no supervisor or script takes for success
        from screening.crash import write_crash_log

        log = write_crash_log(exc, f"screening {args.command}") or "(the log could not be written)"
        _err(f"screening: stopped by an unexpected error; details (no answers) are in {log}")
        return EXIT_CRASHED
    except KeyboardInterrupt:
        return 130
