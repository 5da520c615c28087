"""Rebuilding a questionnaire from screening's own FHIR export (its screening-* extensions).

Texts come from the FHIR content (an item's text and its translations are the one copy, so
an edit made in an EHR is what is imported); everything FHIR cannot carry losslessly comes
from the extensions :mod:`.export_own` writes. The rebuilt file is then checked three ways
before it is accepted: the project's loader reads it (a bad expression is a located error,
never evaluated), its examples run, and exporting it again must give the file's FHIR
content exactly (texts aside). When that last check fails the file was changed outside
screening, and :mod:`.importer` imports its FHIR content alone, with a warning.
"""

from __future__ import annotations

import re
from typing import Any

from screening.interop.fhir import names
from screening.interop.fhir.export_own import help_key, outcome_key
from screening.interop.fhir.import_common import as_list
from screening.interop.fhir.import_own_values import (ORIGIN, Mismatch, OwnRefused, codes, field, missing_examples, only_keys,
                                                      own_json, own_string, own_text, stop_tracking, stray_own_extensions, track_reading)
from screening.interop.fhir.yaml_out import Block, write_block

_TEXT_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_TYPES = ("single_choice", "multi_choice", "yes_no", "integer", "number", "scale", "duration", "text", "date", "note")
_SETTINGS = ("min", "max", "unit", "units", "max_length", "min_selected", "max_selected", "not_sure", "min_label", "max_label")
_TEXT_SETTINGS = {"unit", "min_label", "max_label"}
_NUMBER = (int, float)


def _get(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


class Text:
    def __init__(self, values: dict[str, str]):
        self.values = values


class OwnReader:
    """Reads the whole file into :class:`Block`s; raises Mismatch or OwnRefused."""

    def __init__(self, resource: dict[str, Any]):
        self.r = resource
        self.texts: list[Text] = []
        self.warnings: list[tuple[str, str]] = []  # (JSON path, message)
        self.header: dict[str, Any] = {}
        self.languages: list[str] = []
        self.carried_texts: list[tuple[str, str, Any]] = []  # (digest key, extension path, value)

    # ------------------------------------------------------------ texts

    def text(self, element: Any, key: str, path: str, required: bool = True) -> Text | None:
        value = element.get(key) if isinstance(element, dict) else None
        if not isinstance(value, str) or not value.strip():
            if required:
                raise Mismatch(f"{path}.{key}: the text is missing")
            return None
        values = {self.languages[0]: _TEXT_CONTROLS.sub("", value)}
        for extension in as_list(_get(element.get("_" + key), "extension")):
            if isinstance(extension, dict) and extension.get("url") == names.EXT_TRANSLATION:
                parts = {str(e.get("url")): e for e in as_list(extension.get("extension")) if isinstance(e, dict)}
                language = _get(parts.get("lang"), "valueCode")
                content = _get(parts.get("content"), "valueString")
                if isinstance(language, str) and isinstance(content, str) and content.strip():
                    values.setdefault(language, _TEXT_CONTROLS.sub("", content))
        text = Text(values)
        self.texts.append(text)
        return text

    def carried(self, value: Any, where: str, key: str, digest_key: str) -> Text:
        """A text from an extension (str, or language -> str); ``digest_key`` names its digest."""
        checked = own_text(value, self.languages, where, key)
        self.carried_texts.append((digest_key, where, value))
        text = Text({self.languages[0]: checked} if isinstance(checked, str) else dict(checked))
        self.texts.append(text)
        return text

    # ------------------------------------------------------------ the whole file

    def read(self) -> Block:
        r = self.r
        header, where = own_json(r, names.EXT_OWN_QUESTIONNAIRE, "Questionnaire")
        assert header is not None
        only_keys(header, {"format", "id", "base", "languages", "scores", "examples", "texts"}, where)
        texts = field(header, "texts", dict, where, "a digest of each item's texts")
        if not all(isinstance(value, str) for value in texts.values()):
            raise OwnRefused(where, "'texts' should map each linkId to a digest (a string)")
        if header.get("format") != 1:
            raise OwnRefused(where, f"'format' should be 1, got {str(header.get('format'))[:20]}")
        field(header, "id", str, where, "the questionnaire's id")
        field(header, "base", str, where, "the canonical base the export used")
        languages = field(header, "languages", list, where, "a list of language codes")
        if not languages or not all(isinstance(code, str) and _LANGUAGE.match(code) for code in languages):
            raise OwnRefused(where, "'languages' should be a non-empty list of language codes")
        score_order = field(header, "scores", list, where, "the score ids in file order")
        field(header, "examples", int, where, "how many examples the file had")
        self.header, self.languages = header, languages
        if r.get("language") != languages[0]:
            raise Mismatch(f"Questionnaire.language is {str(r.get('language'))[:20]!r}, not the first language {languages[0]!r}")
        top = Block()
        v = top.values
        v["format"] = 1
        v["id"] = header["id"]
        version = r.get("version")
        if not isinstance(version, str):
            raise Mismatch("Questionnaire.version is missing")
        v["version"] = version
        v["title"] = self.text(r, "title", "Questionnaire")
        items = r.get("item")
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise Mismatch("Questionnaire.item is not a list of items")
        links = [item.get("linkId") for item in items]
        index = 0
        if links[:1] == [names.INTRO]:
            v["intro"] = self.text(items[0], "text", "Questionnaire.item[0]")
            index = 1
        v["languages"] = None  # decided once every text is read
        if links[index : index + 1] != [names.DISCLAIMER]:
            raise Mismatch("the export's 'disclaimer' item is missing")
        v["disclaimer"] = self.text(items[index], "text", f"Questionnaire.item[{index}]")
        crisis_at = len(v)
        if isinstance(r.get("code"), list) and r["code"]:
            v["code"] = codes(r["code"], "Questionnaire.code")
        sections = []
        for position in range(index + 1, len(items) - 1):
            sections.append(self.section(items[position], f"Questionnaire.item[{position}]"))
        if len(items) < index + 3 or links[-1] != names.RESULTS:
            raise Mismatch("the export's sections and 'results' group are not where it puts them")
        v["sections"] = sections
        scores, flags, outcomes, crisis = self.results(items[-1], f"Questionnaire.item[{len(items) - 1}]")
        if not all(isinstance(s, str) for s in score_order) or sorted(score_order) != sorted(scores):
            raise OwnRefused(where, "'scores' does not list the score items of the 'results' group")
        if scores:
            v["scores"] = Block(values={score_id: scores[score_id] for score_id in score_order})
        if flags:
            v["flags"] = flags
        v["outcomes"] = outcomes
        top.key_comments["outcomes"] = [ORIGIN + f"Questionnaire.item[{len(items) - 1}](results).item(outcome)"]
        examples = self.examples()
        if examples:
            v["examples"] = examples
        if crisis is not None:  # after 'disclaimer', as the bundled files have it
            ordered = list(v.items())
            ordered.insert(crisis_at, ("crisis", crisis))
            top.values = dict(ordered)
        self.decide_languages(top)
        return top

    def decide_languages(self, top: Block) -> None:
        """Every text needs every declared language; one an EHR left incomplete is dropped, with a warning."""
        kept = [self.languages[0]]
        for language in self.languages[1:]:
            missing = sum(language not in text.values for text in self.texts)
            if missing:
                self.warnings.append(("Questionnaire (translations)", f"the '{language}' translation is missing from {missing} of {len(self.texts)} texts (edited outside screening?); the language is left out"))
            else:
                kept.append(language)
        self.languages = kept
        top.values["languages"] = kept
        for example in top.values.get("examples", []):
            if example.values.get("language") not in (None, *kept):
                self.warnings.append(("Questionnaire.extension(screening-example)", f"the example {example.values['name']!r} was in a language left out; it runs in {kept[0]!r}"))
                del example.values["language"]

    # ------------------------------------------------------------ sections and questions

    def section(self, item: dict[str, Any], path: str) -> Block:
        link = item.get("linkId")
        if item.get("type") != "group" or not isinstance(link, str) or not link.startswith(names.GROUP_PREFIX):
            raise Mismatch(f"{path} is not one of the export's section groups")
        block = Block()
        block.comments.append(ORIGIN + path)
        block.values["id"] = link[len(names.GROUP_PREFIX) :]
        block.values["title"] = self.text(item, "text", path)
        self.show_if(item, path, block)
        children = item.get("item")
        if not isinstance(children, list) or not children:
            raise Mismatch(f"{path} has no questions")
        block.values["questions"] = [self.question(child, f"{path}.item[{i}]") for i, child in enumerate(children)]
        return block

    def show_if(self, item: dict[str, Any], path: str, block: Block) -> None:
        source, where = own_string(item, names.EXT_OWN_SHOW_IF, path, required=False)
        if source is not None:
            block.values["show_if"] = source
            block.key_comments["show_if"] = [ORIGIN + where]

    def question(self, item: Any, path: str) -> Block:
        if not isinstance(item, dict) or not isinstance(item.get("linkId"), str):
            raise Mismatch(f"{path} is not an item")
        source, where = own_json(item, names.EXT_OWN_QUESTION, path)
        assert source is not None
        only_keys(source, {"type", "required", "code", "settings", "options"}, where)
        kind = field(source, "type", str, where, "a question type")
        if kind not in _TYPES:
            raise OwnRefused(where, f"'type' {kind[:30]!r} is not a question type ({', '.join(_TYPES)})")
        block = Block()
        block.comments.append(ORIGIN + path)
        v = block.values
        v["id"] = item["linkId"]
        v["type"] = kind
        self.show_if(item, path, block)
        if field(source, "required", bool, where, "true or false", required=False) is False:
            v["required"] = False
        if "code" in source:
            v["code"] = codes(source["code"], where)
        v["text"] = self.text(item, "text", path)
        children = {c.get("linkId"): c for c in as_list(item.get("item")) if isinstance(c, dict)}
        link = item["linkId"]
        known = {link + names.HELP_SUFFIX: "help", f"{link}-lower": "min_label", f"{link}-upper": "max_label"}
        for child_link in children:
            if child_link not in known:
                raise Mismatch(f"{path} holds an item the export does not make ({str(child_link)[:40]})")
        if link + names.HELP_SUFFIX in children:
            v["help"] = self.text(children[link + names.HELP_SUFFIX], "text", path + ".item(help)")
        settings = field(source, "settings", dict, where, "a mapping of settings", required=False) or {}
        for key in settings:
            if key not in _SETTINGS or key in _TEXT_SETTINGS:
                raise OwnRefused(where, f"'settings' holds {key[:30]!r}, not a setting the export carries")
        for key in _SETTINGS:
            if key == "unit":
                unit = next((e for e in as_list(item.get("extension")) if isinstance(e, dict) and e.get("url") == names.EXT_UNIT), None)
                if unit is not None:
                    v["unit"] = self.text(unit.get("valueCoding"), "display", path + ".extension(unit).valueCoding")
            elif key in ("min_label", "max_label"):
                child = next((c for c, name in known.items() if name == key and c in children), None)
                if child is not None:
                    v[key] = self.text(children[child], "text", f"{path}.item({key})")
            elif key in settings:
                v[key] = settings[key]
        if kind in ("single_choice", "multi_choice"):
            v["options"] = self.options(item, path, field(source, "options", list, where, "the options"), where)
            block.flow_lists.add("options")
        elif "options" in source:
            raise OwnRefused(where, f"a {kind} question has no 'options'")
        return block

    def options(self, item: dict[str, Any], path: str, carried: list[Any], where: str) -> list[dict[str, Any]]:
        answers = item.get("answerOption")
        if not isinstance(answers, list) or len(answers) != len(carried):
            raise Mismatch(f"{path}.answerOption: {len(answers) if isinstance(answers, list) else 'no'} options, the extension has {len(carried)}")
        options = []
        for index, (answer, entry) in enumerate(zip(answers, carried)):
            at = f"{where}.options[{index}]"
            if not isinstance(entry, dict):
                raise OwnRefused(at, "an option should be a JSON object")
            only_keys(entry, {"id", "value", "exclusive", "code", "help"}, at)
            option: dict[str, Any] = {"id": field(entry, "id", str, at, "the option's id")}
            if "value" in entry:
                option["value"] = field(entry, "value", _NUMBER, at, "a number")
            coding = answer.get("valueCoding") if isinstance(answer, dict) else None
            option["text"] = self.text(coding, "display", f"{path}.answerOption[{index}].valueCoding")
            if "help" in entry:
                option["help"] = self.carried(entry["help"], at, "help", help_key(item["linkId"], option["id"]))
            if field(entry, "exclusive", bool, at, "true or false", required=False):
                option["exclusive"] = True
            if "code" in entry:
                option["code"] = codes(entry["code"], at)
            options.append(option)
        return options

    # ------------------------------------------------------------ results

    def results(self, group: dict[str, Any], path: str) -> tuple[dict[str, Block], list[Block], list[Block], Text | None]:
        scores: dict[str, Block] = {}
        flags: list[Block] = []
        outcomes: list[Block] | None = None
        crisis = None
        for index, item in enumerate(as_list(group.get("item"))):
            at = f"{path}.item[{index}]"
            link = item.get("linkId") if isinstance(item, dict) else None
            if not isinstance(link, str):
                raise Mismatch(f"{at} is not an item")
            if link.startswith(names.SCORE_PREFIX):
                entry, where = own_json(item, names.EXT_OWN_SCORE, at)
                assert entry is not None
                only_keys(entry, {"expr", "title", "code"}, where)
                block = Block(comments=[ORIGIN + where])
                block.values["expr"] = field(entry, "expr", str, where, "the score's formula")
                if field(entry, "title", bool, where, "true or false"):
                    block.values["title"] = self.text(item, "text", at)
                elif item.get("text") != link[len(names.SCORE_PREFIX) :]:  # the export shows an untitled score by its id
                    raise Mismatch(f"{at}: the score's item has a title its extension says it does not have")
                if "code" in entry:
                    block.values["code"] = codes(entry["code"], where)
                scores[link[len(names.SCORE_PREFIX) :]] = block
            elif link.startswith(names.FLAG_PREFIX):
                entry, where = own_json(item, names.EXT_OWN_FLAG, at)
                assert entry is not None
                only_keys(entry, {"severity", "when"}, where)
                block = Block(comments=[ORIGIN + where])
                block.values["id"] = link[len(names.FLAG_PREFIX) :]
                block.values["severity"] = field(entry, "severity", str, where, "urgent, review or info")
                block.values["when"] = field(entry, "when", str, where, "the flag's condition")
                block.values["text"] = self.text(item, "text", at)
                flags.append(block)
            elif link == names.OUTCOME:
                outcomes = self.outcomes(item, at)
            elif link == names.CRISIS:
                marker, where = own_json(item, names.EXT_OWN_CRISIS, at)
                assert marker is not None
                if marker != {"shown_when": "urgent"}:
                    raise OwnRefused(where, 'expected {"shown_when": "urgent"}: the crisis text shows when an urgent flag is raised')
                crisis = self.text(item, "text", at)
            else:
                raise Mismatch(f"{at} ({link[:40]}) is not an item of the export's results")
        if outcomes is None:
            raise Mismatch(f"{path}: the 'outcome' item is missing")
        return scores, flags, outcomes, crisis

    def outcomes(self, item: dict[str, Any], path: str) -> list[Block]:
        found = []
        for index, option in enumerate(as_list(item.get("answerOption"))):
            at = f"{path}.answerOption[{index}]"
            entry, where = own_json(option, names.EXT_OWN_OUTCOME, at)
            assert entry is not None
            only_keys(entry, {"when", "otherwise", "text"}, where)
            coding = option.get("valueCoding") if isinstance(option, dict) else None
            if not isinstance(coding, dict) or not isinstance(coding.get("code"), str):
                raise Mismatch(f"{at}.valueCoding: the outcome's code is missing")
            block = Block(comments=[ORIGIN + where])
            block.values["id"] = coding["code"]
            if "when" in entry:
                block.values["when"] = field(entry, "when", str, where, "the outcome's condition")
            if "otherwise" in entry:
                block.values["otherwise"] = field(entry, "otherwise", bool, where, "true")
            block.values["title"] = self.text(coding, "display", at + ".valueCoding")
            block.values["text"] = self.carried(entry.get("text"), where, "text", outcome_key(coding["code"]))
            found.append(block)
        return found

    def examples(self) -> list[Block]:
        found = []
        carried = [e for e in as_list(self.r.get("extension")) if isinstance(e, dict) and e.get("url") == names.EXT_OWN_EXAMPLE]
        for extension in carried:
            at = f"Questionnaire.extension[{self.r['extension'].index(extension)}](screening-example)"
            entry, where = own_json({"extension": [extension]}, names.EXT_OWN_EXAMPLE, "Questionnaire", where=at)
            assert entry is not None
            only_keys(entry, {"name", "answers", "expect", "language"}, where)
            block = Block(comments=[ORIGIN + where])
            block.values["name"] = field(entry, "name", str, where, "the example's name")
            if "language" in entry:
                block.values["language"] = field(entry, "language", str, where, "a language code")
            block.values["answers"] = field(entry, "answers", dict, where, "a mapping of question id to answer")
            block.values["expect"] = field(entry, "expect", dict, where, "the expected outcome and flags")
            found.append(block)
        expected = self.header["examples"]
        if len(found) < expected:
            self.warnings.append(("Questionnaire.extension(screening-example)", missing_examples(expected - len(found), expected)))
        return found

    def resolve(self, value: Any) -> Any:
        """Texts as the file writes them: a string for one language, else language -> string."""
        if isinstance(value, Text):
            if len(self.languages) == 1:
                return value.values[self.languages[0]]
            return {language: value.values[language] for language in self.languages}
        if isinstance(value, Block):
            resolved = Block(comments=value.comments, key_comments=value.key_comments, flow_lists=value.flow_lists)
            resolved.values = {key: self.resolve(item) for key, item in value.values.items()}
            return resolved
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if isinstance(value, dict):
            return {key: self.resolve(item) for key, item in value.items()}
        return value


def rebuild(resource: dict[str, Any], label: str) -> tuple[str, list[tuple[str, str]], str]:
    """(YAML with origin markers, warnings, the export's base); raises Mismatch or OwnRefused."""
    from screening.interop.fhir.import_own_edits import edited

    reader = OwnReader(resource)
    read, token = track_reading()
    try:
        top = reader.read()
    finally:
        stop_tracking(token)
    reader.warnings += stray_own_extensions(resource, read)
    reader.warnings += edited(resource, reader.header, reader.carried_texts)
    top.comments = [
        f"Imported by `screening fhir import` from {label.rsplit('/', 1)[-1]}: screening's own FHIR export,",
        "rebuilt from its screening-* extensions and checked against its FHIR content.",
        *(f"warning: {message} ({path})" for path, message in reader.warnings),
    ]
    resolved = reader.resolve(top)
    return "\n".join(write_block(resolved, "")) + "\n", reader.warnings, reader.header["base"]

