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

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

BUNDLED_DIR = Path(__file__).resolve().parent / "questionnaires"
DEFAULT_QUESTIONNAIRE = BUNDLED_DIR / "ketamine-chronic-pain.yaml"


class UsageError(Exception):
    """Wrong usage: printed as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


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
    if wanted("evaluate"):
        evaluate = commands.add_parser("evaluate", help="print the summary for a file of answers, without the UI")
        evaluate.add_argument("file", help="questionnaire file")
        evaluate.add_argument("--answers", required=True, help="answers file (YAML or JSON)")
        evaluate.add_argument("--format", choices=("text", "markdown", "json"), default="text")
        evaluate.add_argument("--lang", help="language code, e.g. en or es")
    if wanted("schema"):
        commands.add_parser("schema", help="print the JSON Schema of the questionnaire format")
    return parser


def _add_run(commands: Any) -> None:
    run = commands.add_parser("run", help="answer a questionnaire on screen (the default)")
    run.add_argument("file", nargs="?", help="questionnaire file (default: the bundled one)")
    run.add_argument("--lang", help="language code, e.g. en or es")
    run.add_argument("--output", help="also write the summary to this file (.md for Markdown, .json for JSON)")
    run.add_argument("--theme", choices=("default", "high-contrast"), default="default", help="colour theme")


def _print_problems(problems: Sequence[Any]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


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
    from screening.engine.examples import run_examples
    from screening.engine.problems import FileError

    status = EXIT_OK
    for path in args.files:
        try:
            questionnaire = _load(path)
        except FileError as exc:
            _print_problems(exc.problems)
            status = EXIT_INVALID
            continue
        passed, problems = run_examples(questionnaire)
        _print_problems(problems)
        failed = len(questionnaire.examples) - passed
        if any(problem.severity == "error" for problem in problems):
            status = EXIT_INVALID
            print(f"{path}: invalid: {failed} of {len(questionnaire.examples)} examples failed", file=sys.stderr)
        elif not args.quiet:
            print(
                f"{path}: ok: {len(questionnaire.questions)} questions, {len(questionnaire.flags)} flags, "
                f"{len(questionnaire.outcomes)} outcomes, {passed} examples passed"
            )
    return status


def cmd_evaluate(args: argparse.Namespace) -> int:
    from screening.engine.answer_file import load_answer_file
    from screening.engine.summary import build_summary
    from screening.render import render

    questionnaire = _load(args.file)
    language = _language(questionnaire, args.lang)
    session, warnings = load_answer_file(questionnaire, args.answers, language)
    _print_problems(warnings)
    sys.stdout.write(render(build_summary(session), args.format))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from screening.engine.structure_build import json_schema_json

    sys.stdout.write(json_schema_json())
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    path = args.file or str(DEFAULT_QUESTIONNAIRE)
    from screening.engine.header import read_header

    if not Path(path).is_file():
        from screening.engine.problems import FileError

        raise FileError.single(path, 1, 1, "no such file")
    header = read_header(path)
    if args.lang and header is not None and args.lang not in header.languages:
        raise UsageError(f"--lang {args.lang}: this questionnaire is in {', '.join(header.languages)}")
    if args.output:
        folder = Path(args.output).resolve().parent
        if not folder.is_dir():
            raise UsageError(f"--output {args.output}: the folder {folder} does not exist")
    from screening.ui.launch import run_app

    return run_app(path, language=args.lang, output=args.output, theme=args.theme)


COMMANDS = {
    "run": cmd_run,
    "validate": cmd_validate,
    "evaluate": cmd_evaluate,
    "schema": cmd_schema,
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
        print(f"screening: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `| head`); say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
