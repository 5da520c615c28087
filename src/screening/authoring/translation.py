"""Texts to translators and back: gettext PO files (polib), one entry per text.

Each entry's context (``msgctxt``) is the text's stable id, a path through
ids rather than positions (``sections.pain.questions.pain_duration.text``), so
moving a question does not orphan its translation; ``msgid`` is the source
text (the file's first language), and the entry's reference is its line.
Reading a translated file back checks every entry: ids the file does not
have, fuzzy or empty entries, a source text that changed since the export,
placeholders (``{name}``) and numbers (a crisis line's 988) that the
translation lost are all reported and none of them is filled in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import polib

from screening.engine.problems import Problem
from screening.engine.run.questionnaire import Questionnaire

_PLACEHOLDER = re.compile(r"\{[^{}\s]*\}")
_NUMBER = re.compile(r"\d+")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class TextNode:
    id: str  # stable: ids, not positions
    path: tuple[Any, ...]  # into the file, as the source map knows it
    value: Any  # a string, or a mapping language -> string


def text_nodes(questionnaire: Questionnaire) -> list[TextNode]:
    """Every translatable text of the file, in file order."""
    q = questionnaire
    nodes: list[TextNode] = []

    def add(text_id: str, path: tuple[Any, ...], value: Any) -> None:
        if value is not None:
            nodes.append(TextNode(text_id, path, value))

    for key in ("title", "intro", "disclaimer", "crisis"):
        add(key, (key,), getattr(q, key))
    for s_index, section in enumerate(q.sections):
        s_id, s_path = f"sections.{section.id}", ("sections", s_index)
        add(f"{s_id}.title", s_path + ("title",), section.title)
        for q_index, question in enumerate(section.questions):
            q_id, q_path = f"{s_id}.questions.{question.id}", s_path + ("questions", q_index)
            add(f"{q_id}.text", q_path + ("text",), question.text)
            add(f"{q_id}.help", q_path + ("help",), question.help)
            for key in ("unit", "min_label", "max_label"):
                add(f"{q_id}.{key}", q_path + (key,), question.settings.get(key))
            if question.type in ("single_choice", "multi_choice"):
                for o_index, option in enumerate(question.options):
                    o_id, o_path = f"{q_id}.options.{option.id}", q_path + ("options", o_index)
                    add(f"{o_id}.text", o_path + ("text",), option.text)
                    add(f"{o_id}.help", o_path + ("help",), option.help)
    for score in q.scores:
        add(f"scores.{score.id}.title", ("scores", score.id, "title"), score.title)
    for f_index, flag in enumerate(q.flags):
        add(f"flags.{flag.id}.text", ("flags", f_index, "text"), flag.text)
    for o_index, outcome in enumerate(q.outcomes):
        add(f"outcomes.{outcome.id}.title", ("outcomes", o_index, "title"), outcome.title)
        add(f"outcomes.{outcome.id}.text", ("outcomes", o_index, "text"), outcome.text)
    return nodes


def _in(value: Any, language: str, source_language: str) -> str | None:
    if isinstance(value, str):
        return value if language == source_language else None
    return value.get(language)


def export_po(questionnaire: Questionnaire, language: str) -> polib.POFile:
    """A PO file for ``language``: every text's source, with the translation the file already has."""
    source_language = questionnaire.default_language
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"{questionnaire.id} {questionnaire.version}",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": source_language,
    }
    name = questionnaire.path.replace("\\", "/").rsplit("/", 1)[-1]
    for node in text_nodes(questionnaire):
        source = _in(node.value, source_language, source_language) or ""
        line = questionnaire.source.where(node.path)[0]
        po.append(
            polib.POEntry(
                msgctxt=node.id,
                msgid=source,
                msgstr=_in(node.value, language, source_language) or "",
                occurrences=[(name, str(line))],
                comment=f"id: {node.id}",
            )
        )
    return po


@dataclass
class Reading:
    """What a translated PO file gives: the usable translations, and every problem found."""

    language: str
    translations: dict[str, str] = field(default_factory=dict)  # text id -> translation
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    refused: bool = False  # the file as a whole cannot be imported: nothing may be written


_EXPORTED_FROM = re.compile(r"([a-z][a-z0-9_-]*)(?: .*)?")  # our export's Project-Id-Version: "ID VERSION"


def _header_line(text: str, header: str) -> int:
    found = re.search(rf'^"{re.escape(header)}:', text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _refusal(questionnaire: Questionnaire, po_path: str, po: polib.POFile, text: str) -> Problem | None:
    """One located error when the file as a whole cannot be imported (checked before any entry)."""
    entries = [entry for entry in po if not entry.obsolete]
    if not entries:
        what = "has no entries (no texts to import)" if po.metadata else "is empty: no header and no entries"
        return Problem(po_path, 1, 1, f"the PO file {what}; export one with 'screening translate export'; nothing was written")
    exported_from = _EXPORTED_FROM.fullmatch((po.metadata.get("Project-Id-Version") or "").strip())
    if exported_from and exported_from.group(1) != questionnaire.id:
        name = questionnaire.path.replace("\\", "/").rsplit("/", 1)[-1]
        return Problem(
            po_path,
            _header_line(text, "Project-Id-Version"),
            1,
            f"this PO file was exported from questionnaire '{exported_from.group(1)}', not '{questionnaire.id}'; "
            f"export the texts of {name} with 'screening translate export'; nothing was written",
        )
    if all("fuzzy" in entry.flags for entry in entries):
        every = "the only entry is" if len(entries) == 1 else f"every entry ({len(entries)}) is"
        return Problem(
            po_path,
            entries[0].linenum or 1,
            1,
            f"{every} marked fuzzy (the translator was not sure: it needs review); fuzzy entries are not imported. "
            "Review the translations and remove the fuzzy marks; nothing was written",
        )
    return None


def read_po(questionnaire: Questionnaire, po_path: str, po: polib.POFile, text: str = "") -> Reading:
    """Check every entry of ``po`` (read from ``text``, for the lines of its headers)."""
    language = (po.metadata.get("Language") or "").strip()
    reading = Reading(language)
    refusal = _refusal(questionnaire, po_path, po, text)
    if refusal is not None:
        reading.problems.append(refusal)
        reading.refused = True
        return reading
    where_language = _header_line(text, "Language")
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", language):
        reading.problems.append(Problem(po_path, where_language, 1, f"the PO file's 'Language' header is {language!r}; set it to a code such as 'es'"))
        reading.refused = True
        return reading
    if language == questionnaire.default_language:
        reading.problems.append(Problem(po_path, where_language, 1, f"'{language}' is the file's source language; the PO file must be for another language"))
        reading.refused = True
        return reading
    source_language = questionnaire.default_language
    nodes = {node.id: node for node in text_nodes(questionnaire)}
    seen: dict[str, int] = {}  # text id -> the line of its entry
    for entry in po:
        if entry.obsolete:
            continue
        where = entry.linenum or 1
        text_id = entry.msgctxt or ""

        def problem(message: str, severity: str = "error") -> None:
            reading.problems.append(Problem(po_path, where, 1, message, severity))

        node = nodes.get(text_id)
        if node is None:
            from screening.engine.suggest import did_you_mean

            problem(f"'{text_id}' is not a text of this questionnaire{did_you_mean(text_id, nodes)}; the entry was not used")
            continue
        if text_id in seen:
            # which one the translator meant is not ours to guess (msgfmt refuses the file too)
            problem(f"a second entry for '{text_id}' (first at line {seen[text_id]}); keep one of them; nothing was written")
            reading.refused = True
            continue
        seen[text_id] = where
        source = _in(node.value, source_language, source_language) or ""
        translation = entry.msgstr
        if entry.msgid != source:
            problem(f"{text_id}: the source text changed since this file was exported; translate the new text (export again)", "warning")
            reading.fuzzy.append(text_id)
        elif "fuzzy" in entry.flags:
            problem(f"{text_id}: marked fuzzy (the translator was not sure); not used until it is reviewed", "warning")
            reading.fuzzy.append(text_id)
        elif not translation.strip():
            problem(f"{text_id}: not translated yet", "warning")
            reading.missing.append(text_id)
        elif _CONTROL.search(translation):
            problem(f"{text_id}: the translation contains a control character; remove it")
        elif sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(translation)):
            want = ", ".join(_PLACEHOLDER.findall(source)) or "none"
            got = ", ".join(_PLACEHOLDER.findall(translation)) or "none"
            problem(f"{text_id}: the placeholders differ from the source (source: {want}; translation: {got}); copy them exactly")
        elif lost := [n for n in dict.fromkeys(_NUMBER.findall(source)) if n not in _NUMBER.findall(translation)]:
            problem(f"{text_id}: the translation leaves out {', '.join(lost)} from the source (a phone number or a dose must stay); keep every number")
        else:
            reading.translations[text_id] = translation
    for text_id, node in nodes.items():
        if text_id not in seen:
            reading.missing.append(text_id)
            line = questionnaire.source.where(node.path)[0]
            reading.problems.append(
                Problem(po_path, 1, 1, f"{text_id} (line {line} of the questionnaire) has no entry in the PO file", "warning")
            )
    return reading
