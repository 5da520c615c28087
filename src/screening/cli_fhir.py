"""`screening fhir export|import`: a questionnaire as an R4 Questionnaire, and back (docs/fhir.md)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from screening.cli_common import Parser, check_output, load
from screening.usage import EXIT_INVALID, EXIT_OK


def add_fhir(commands: Any) -> None:
    fhir = commands.add_parser("fhir", help="FHIR R4 Questionnaires (SDC) out and in")
    actions = fhir.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    export = actions.add_parser("export", help="a questionnaire file as an R4 Questionnaire (JSON)")
    export.add_argument("file", help="questionnaire file")
    export.add_argument("--output", help="write to this file instead of standard output")
    export.add_argument(
        "--no-screening-extensions",
        action="store_true",
        help="leave out the screening-* extensions that let `fhir import` rebuild the file exactly (standard FHIR only)",
    )
    export.add_argument("--fhir-base", default="urn:screening:questionnaire:", help="the canonical base of the Questionnaire's url")
    imported = actions.add_parser("import", help="an R4 Questionnaire (JSON) as a questionnaire file (YAML)")
    imported.add_argument("file", help="FHIR Questionnaire, JSON")
    imported.add_argument("--output", help="write to this file instead of standard output")


def cmd_fhir(args: argparse.Namespace) -> int:
    if args.output:
        check_output(args.output)
    if args.action == "export":

        from screening.interop.fhir.export import to_fhir_questionnaire

        from screening.interop.fhir.names import json_text

        text = json_text(to_fhir_questionnaire(load(args.file), args.fhir_base, not args.no_screening_extensions), indent=2)
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
