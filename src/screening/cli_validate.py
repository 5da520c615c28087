"""`screening validate`: load each file, run its examples, print its problems, warnings and notes.

The exit code says whether every file is valid, whatever happens to the output: a reader that
goes away early (`validate *.yaml | head -1`) silences what is left to print, not the checking.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, TextIO

from screening.cli_common import load
from screening.console import err, out
from screening.i18n import plural
from screening.usage import EXIT_INVALID, EXIT_OK, UsageError


def _keep_going(write: Any, text: str, stream: TextIO) -> None:
    """Print; when the reader of ``stream`` has gone, print nothing more there, and go on."""
    try:
        write(text)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())


def _say(text: str) -> None:
    _keep_going(out, text, sys.stdout)


def _tell(line: str) -> None:
    _keep_going(err, line, sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    from screening.authoring.warnings import file_warnings
    from screening.engine.problems import FileError
    from screening.engine.run.examples import Reached, run_examples

    status = EXIT_OK
    for path in args.files:
        try:
            questionnaire = load(path)
        except FileError as exc:
            for problem in exc.problems:
                _tell(str(problem))
            status = EXIT_INVALID
            continue
        reached = Reached()
        passed, problems = run_examples(questionnaire, reached=reached)
        problems = [*problems, *file_warnings(questionnaire, reached)]
        if args.readability:
            from screening.authoring.readability import ReadabilityUnavailable, grade_texts, report, warnings

            try:
                graded = grade_texts(questionnaire)
            except ReadabilityUnavailable as exc:
                raise UsageError(str(exc)) from None
            if not args.quiet:
                _say(report(graded))
            problems += warnings(questionnaire, graded)
        problems.sort(key=lambda p: (p.line, p.col))
        for problem in problems:
            if problem.severity != "note":
                _tell(str(problem))
        failed = len(questionnaire.examples) - passed
        warned = sum(problem.severity == "warning" for problem in problems)
        if any(problem.severity == "error" for problem in problems):
            status = EXIT_INVALID
            _tell(f"{path}: invalid: {failed} of {plural(len(questionnaire.examples), 'example', 'examples')} failed")
            continue
        if warned and args.strict:
            status = EXIT_INVALID
            _tell(f"{path}: fails --strict: {plural(warned, 'warning', 'warnings')} (above)")
            continue
        if not args.quiet:
            for problem in problems:  # what could not be decided: information, not a problem
                if problem.severity == "note":
                    _say(f"{problem}\n")
            note = f", {plural(warned, 'warning', 'warnings')}" if warned else ""
            _say(
                f"{path}: ok: {plural(len(questionnaire.questions), 'question', 'questions')}, {plural(len(questionnaire.flags), 'flag', 'flags')}, "
                f"{plural(len(questionnaire.outcomes), 'outcome', 'outcomes')}, {plural(passed, 'example', 'examples')} passed{note}\n"
            )
    _keep_going(lambda _: sys.stdout.flush(), "", sys.stdout)  # not at exit, where it could not be caught
    return status
