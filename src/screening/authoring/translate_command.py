"""`screening translate export|import`: the steps, the messages and the exit code."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from screening.engine.problems import FileError, Problem
from screening.engine.run.questionnaire import Questionnaire
from screening.i18n import plural

_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")


def _folder_exists(path: str, usage_error: type[Exception]) -> None:
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise usage_error(f"--output {path}: the folder {folder} does not exist")


def export_command(questionnaire: Questionnaire, language: str, output: str | None, usage_error: type[Exception]) -> int:
    from screening.authoring.translation import export_po

    if not _LANGUAGE.fullmatch(language):
        raise usage_error(f"--lang {language}: use a language code such as 'es' or 'pt-BR'")
    if language == questionnaire.default_language:
        raise usage_error(f"--lang {language}: that is the file's source language; choose the language to translate into")
    po = export_po(questionnaire, language)
    text = str(po) + "\n"
    if output:
        from screening.files import write_atomically

        _folder_exists(output, usage_error)
        write_atomically(output, text)
        todo = sum(1 for entry in po if not entry.msgstr)
        print(f"wrote {plural(len(po), 'text', 'texts')} to {output} ({todo} to translate into '{language}')", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _print(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def import_command(questionnaire: Questionnaire, po_path: str, output: str | None, usage_error: type[Exception]) -> int:
    import polib

    from screening.authoring.translation import read_po, text_nodes
    from screening.authoring.translation_write import write_translations
    from screening.engine.loader import load_questionnaire_bytes
    from screening.engine.run.examples import run_examples

    from screening.engine.format.yaml_source import decode_source, read_bytes

    text = decode_source(po_path, read_bytes(po_path))  # located errors for a missing or non-UTF-8 file
    try:
        po = polib.pofile(text, encoding="utf-8")
    except (OSError, ValueError) as exc:  # polib says "Syntax error in po file (line N)"
        found = re.search(r"\(line (\d+)\)", str(exc))
        raise FileError.single(
            po_path, int(found.group(1)) if found else 1, 1, "not a readable PO file: a syntax error; check the quotes on this line"
        ) from None
    reading = read_po(questionnaire, po_path, po, text)
    _print(reading.problems)
    if reading.refused:  # the file as a whole: its error (above) says nothing was written
        return 1
    target = output or questionnaire.path
    if not reading.translations:
        # an untranslated export sent back, or the wrong file: writing would change nothing
        # (or add a language with no texts), and "wrote" would read as done
        gaps = [f"{len(reading.missing)} not translated yet"] if reading.missing else []
        gaps += [f"{len(reading.fuzzy)} fuzzy or outdated"] if reading.fuzzy else []
        left = f" ({', '.join(gaps)})" if gaps else ""
        print(f"{po_path}: no text in it is translated into '{reading.language}'{left}; nothing was written", file=sys.stderr)
        return 1
    if output:
        _folder_exists(output, usage_error)
    source_text = questionnaire.source.text
    new_text = write_translations(
        source_text, text_nodes(questionnaire), reading.translations, reading.language, questionnaire.default_language
    )
    errors: list[Any] = []
    try:
        result = load_questionnaire_bytes(target, new_text.encode("utf-8"))
        _, example_problems = run_examples(result)
        errors = [p for p in example_problems if p.severity == "error"]
    except FileError as exc:
        errors = list(exc.problems)
    left = len(reading.missing) + len(reading.fuzzy)
    summary = (
        f"{plural(len(reading.translations), 'text', 'texts')} translated into '{reading.language}'"
        + (f"; {len(reading.missing)} missing and {len(reading.fuzzy)} fuzzy or outdated, not filled in" if left else "")
    )
    if errors and not output:
        _print(errors)
        print(f"{po_path}: {summary}. The result would not be a valid questionnaire (above), so "
              f"{questionnaire.path} was left unchanged; give --output to write it elsewhere.", file=sys.stderr)
        return 1
    from screening.files import write_atomically

    write_atomically(target, new_text)
    _print(errors)
    state = "not valid yet (above)" if errors else "valid"
    print(f"{po_path}: {summary}. Wrote {target}: {state}.", file=sys.stderr)
    return 1 if errors or any(p.severity == "error" for p in reading.problems) else 0
