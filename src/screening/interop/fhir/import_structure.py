"""The texts around the questions: the welcome, the disclaimer and the crisis text.

Two cases, both imports of a file's FHIR content (:mod:`.import_items`):

- screening's own export that fell back (it carries the root ``screening-questionnaire``
  marker, but was changed outside screening): the export's own structural items are still
  known by their linkIds and markers, so they are mapped back to what they were, never asked
  as questions: ``intro`` -> ``intro``, ``disclaimer`` -> ``disclaimer`` (the
  Questionnaire's description is a copy of it, not an intro), the crisis display item ->
  ``crisis`` (shown only when an urgent flag is raised: never a note everyone sees), and the
  ``results`` group (scores, flags, the outcome) is not a section: its flags and outcomes are
  lost, with one warning; its scores are recognised from their FHIRPath where they can be;
- any other system's file: a display item that reads like a crisis message (a hotline, self
  harm) would become a note shown to everyone who reaches it, so it is named in a warning.
"""

from __future__ import annotations

import re
from typing import Any

from screening.interop.fhir import names
from screening.interop.fhir.import_common import Text, as_list

# Each function takes the running Converter (import_items.Converter), typed loosely so that
# this module does not import the one that imports it.
Converter = Any

# Our standard disclaimer, for a file that has none, in the languages the bundled files use.
DISCLAIMER = {
    "en": "This questionnaire does not diagnose anything. A clinician reads the answers with you and decides what they mean.",
    "es": "Este cuestionario no diagnostica nada. Un profesional de salud revisa sus respuestas con usted y decide qué significan.",
}
_CRISIS_WORDS = re.compile(
    r"\b(988|911|999|112|suicid\w*|self[- ]harm\w*|(hurt|harm|kill)(ing)? (yourself|themselves)|crisis (line|text)|"
    r"lifeline|samaritans|emergency (room|services|department)|hacerse da[ñn]o)\b",
    re.I,
)


def standard_disclaimer(c: Converter, languages: list[str]) -> Text:
    """Our standard disclaimer in every language the file keeps; English (with a warning) where
    we have no wording of our own."""
    def wording(language: str) -> str | None:  # 'en-US' reads our 'en'
        return DISCLAIMER.get(language) or DISCLAIMER.get(language.split("-")[0])

    values = {language: wording(language) or wording(c.default) or DISCLAIMER["en"] for language in languages}
    missing = [language for language in languages if wording(language) is None]
    if missing:
        c.warn("Questionnaire (disclaimer)", f"our standard disclaimer has no {', '.join(repr(m) for m in missing)} wording; the English one is used there: translate it")
    return Text(values)


def looks_like_crisis(text: Text | None) -> bool:
    return text is not None and any(_CRISIS_WORDS.search(value) for value in text.values.values())


def warn_crisis_note(c: Converter, path: str, comments: list[str], conditional: bool) -> None:
    """A display item that reads like a crisis message, about to become a note."""
    when = "shown only when its enableWhen holds" if conditional else "shown to everyone who reaches it"
    c.warn(path, f"this display item reads like a crisis message (a hotline, self harm); it becomes a note {when}, "
           "as FHIR has no flags here: a clinician must check it, and make it the questionnaire's `crisis` text "
           "with an urgent flag if that is what it is", comments)


def _is_crisis(item: dict[str, Any]) -> bool:
    marked = any(isinstance(e, dict) and e.get("url") == names.EXT_OWN_CRISIS for e in as_list(item.get("extension")))
    return item.get("type") == "display" and (marked or item.get("linkId") == names.CRISIS)


def own_structure(c: Converter, items: list[dict[str, Any]]) -> tuple[dict[str, Text], set[int]]:
    """In screening's own export that fell back: the structural texts found (intro, disclaimer,
    crisis) and the ids of the items they came from (which are then not asked as questions)."""
    found: dict[str, Text] = {}
    used: set[int] = set()
    for index, item in enumerate(items):
        path = f"Questionnaire.item[{index}]"
        link = item["linkId"]
        if item["type"] == "display" and link in (names.INTRO, names.DISCLAIMER) and link not in found:
            text = c.text(item, "text", path)
            if text is not None:
                found[link] = text
                used.add(id(item))
        elif item["type"] == "display" and _is_crisis(item) and names.CRISIS not in found:
            _crisis(c, item, path, found, used)
        elif item["type"] == "group" and link == names.RESULTS:
            used.add(id(item))
            _results(c, item, path, found, used)
    return found, used


def _crisis(c: Converter, item: dict[str, Any], path: str, found: dict[str, Text], used: set[int]) -> None:
    text = c.text(item, "text", path)
    used.add(id(item))
    if text is not None:
        found[names.CRISIS] = text


def _results(c: Converter, group: dict[str, Any], path: str, found: dict[str, Text], used: set[int]) -> None:
    lost = []
    for index, child in enumerate(as_list(group.get("item"))):
        at = f"{path}.item[{index}]"
        link = str(child.get("linkId"))
        if _is_crisis(child) and names.CRISIS not in found:
            _crisis(c, child, at, found, used)
        elif link.startswith(names.SCORE_PREFIX):
            c.item(child, at, [], [])  # a calculated item: a score if its formula is recognised
        else:
            lost.append(link)
    crisis = (
        " The crisis text is kept as `crisis`, which shows only when an urgent flag is raised: write the flags again."
        if names.CRISIS in found else ""
    )
    c.warn(path, f"the export's results group is not asked: its flags and outcomes ({', '.join(lost[:6])}{', ...' if len(lost) > 6 else ''}) "
           f"are lost and its scores are kept only where their FHIRPath is recognised.{crisis}")
