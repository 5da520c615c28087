"""The item-by-item mapping of a FHIR Questionnaire into our format (see :mod:`.importer`)."""

from __future__ import annotations

import json
import re
from typing import Any

from screening.engine.expressions import RESERVED
from screening.interop.fhir import names
from screening.interop.fhir.import_common import (
    as_dict,
    as_list,
    MAX_DEPTH,
    MAX_ITEMS,
    PLACEHOLDER_OUTCOME,
    Refused,
    Target,
    Text,
    _clean,
    metadata_not_carried,
    slug,
)
from screening.interop.fhir.import_kinds import convert_item, enable_when
from screening.interop.fhir.import_structure import own_structure, standard_disclaimer
from screening.interop.fhir.scores import recognise_sum
from screening.interop.fhir.yaml_out import Block, write_block

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
_CODE = re.compile(r"^[^\s]+( [^\s]+)*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


class Converter:
    def __init__(self, label: str, resource: dict[str, Any]):
        self.label = label
        self.resource = resource
        self.messages: list[str] = []
        self.own_noted = False  # screening's own extensions already explained by one warning (a fallback)
        self.header_notes: list[str] = []
        self.default = "en"
        self.texts: list[Text] = []
        self.taken: set[str] = set(RESERVED)
        self.targets: dict[str, Target] = {}
        self.position = 0
        self.value_sets: dict[str, list[dict[str, Any]]] = {}
        self.variables: dict[str, str] = {}
        self.scores: list[tuple[str, Block]] = []
        self.pending: list[tuple[str, str, dict[str, Any], list[str], list[str]]] = []  # calculated items, read last
        self.skipped: set[int] = set()  # ids of the items the sections leave to others (own_structure)

    # ------------------------------------------------------------ reporting

    def warn(self, path: str, message: str, comments: list[str] | None = None) -> None:
        """A loss: a 'warning:' line naming the JSON path, and a comment at its place in the YAML
        (in the file's header when it has no place there, e.g. an item left out)."""
        self.messages.append(f"{self.label}: warning: {path}: {message}")
        (self.header_notes if comments is None else comments).append(f"warning: {message} ({path})")

    def expect(self, value: Any, kinds: type | tuple[type, ...], path: str, what: str) -> Any:
        if isinstance(value, bool) and bool not in (kinds if isinstance(kinds, tuple) else (kinds,)):
            raise Refused(f"{path}: expected {what}, got {json.dumps(value)}")
        if not isinstance(value, kinds):
            raise Refused(f"{path}: expected {what}, got {json.dumps(value)[:60]}")
        return value

    # ------------------------------------------------------------ whole resource

    def convert(self) -> str:
        r = self.resource
        language = r.get("language")
        if isinstance(language, str) and _LANGUAGE.match(language):
            self.default = language
        elif language is not None:
            self.warn("Questionnaire.language", f"{json.dumps(language)[:40]} is not a language code this format takes; English assumed")
        items = r.get("item", [])
        self.expect(items, list, "Questionnaire.item", "a list of items")
        self.measure(items)
        self.read_value_sets()
        self.read_variables(r.get("extension", []), "Questionnaire")
        top = Block()
        top.comments = [
            f"Imported from a FHIR R4 Questionnaire by `screening fhir import` ({self.label.rsplit('/', 1)[-1]}).",
            "A clinician must review it before use: FHIR has no outcomes or flags, so the one",
            "outcome below is a placeholder to write. Each 'warning' comment marks something",
            "the import could not carry.",
        ]
        if isinstance(r.get("url"), str):
            top.comments.append(f"FHIR url: {_clean(r['url'])}" + (f" version {_clean(str(r.get('version')))}" if r.get("version") else ""))
        v = top.values
        v["format"] = 1
        base = r.get("id") or r.get("name") or r.get("title") or self.label.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        v["id"] = slug(str(base), r"[^a-z0-9-]+", "q").replace("_", "-")
        v["version"] = _clean(str(r.get("version") or "1"))[:64] or "1"
        v["title"] = self.text(r, "title", "Questionnaire") or Text({self.default: _clean(str(r.get("name") or v["id"]))})
        codes = self.codes(r.get("code"), "Questionnaire.code")
        if codes:
            v["code"] = codes
        v["languages"] = None  # decided below
        structure: dict[str, Text] = {}
        if self.own_noted:  # screening's own export that fell back: its structural items are still known
            structure, self.skipped = own_structure(self, items)
            description = None  # the export's description is a copy of its disclaimer, not an intro
        else:
            description = self.text(r, "description", "Questionnaire")
        v["disclaimer"] = structure.get(names.DISCLAIMER)
        if v["disclaimer"] is None:
            top.key_comments["disclaimer"] = ["Our standard disclaimer (FHIR has none): check it."]
        if names.CRISIS in structure:
            v["crisis"] = structure[names.CRISIS]
            top.key_comments["crisis"] = ["Shown only when an urgent flag is raised; the flags were lost: write them again."]
        intro = structure.get(names.INTRO, description)
        if intro is not None:
            v["intro"] = intro
        notes = metadata_not_carried(r)
        if notes:
            self.warn("Questionnaire", notes)
        ignored = [
            str(e.get("url", "")).rsplit("/", 1)[-1]
            for e in as_list(r.get("extension"))
            if isinstance(e, dict) and e.get("url") != names.EXT_VARIABLE and not (self.own_noted and str(e.get("url", "")).startswith(names.OWN_EXTENSION))
        ]
        if ignored:
            self.warn("Questionnaire.extension", f"not carried: {', '.join(dict.fromkeys(ignored))}")
        sections = self.sections(items)
        if not sections:
            raise Refused("the Questionnaire has no item this format can ask")
        v["sections"] = sections
        self.read_scores()
        if self.scores:
            v["scores"] = Block(values={score_id: block for score_id, block in self.scores})
        v["outcomes"] = [self.placeholder_outcome()]
        languages = self.decide_languages()
        v["languages"] = languages
        if v["disclaimer"] is None:
            v["disclaimer"] = standard_disclaimer(self, languages)
        top.comments.extend(self.header_notes)
        resolved = self.resolve(top, languages)
        return "\n".join(write_block(resolved, "")) + "\n"

    def measure(self, items: list[Any]) -> None:
        """Count items and depth without recursion, and find duplicate linkIds, before anything recurses."""
        seen: dict[str, str] = {}
        stack = [(items, "Questionnaire.item", 1)]
        count = 0
        while stack:
            group, path, depth = stack.pop()
            if depth > MAX_DEPTH:
                raise Refused(f"{path}: items are nested more than {MAX_DEPTH} levels deep; this format has sections of questions")
            for index, item in enumerate(self.expect(group, list, path, "a list of items")):
                where = f"{path}[{index}]"
                self.expect(item, dict, where, "an item (an object)")
                count += 1
                if count > MAX_ITEMS:
                    raise Refused(f"the Questionnaire has more than {MAX_ITEMS:,} items; a screening questionnaire this long cannot be imported")
                link = self.expect(item.get("linkId"), str, where + ".linkId", "a linkId (a string)")
                self.expect(item.get("type"), str, where + ".type", "an item type (a string)")
                if link in seen:
                    raise Refused(f"{where}.linkId: the linkId {json.dumps(link)} is used twice (first at {seen[link]}); linkIds must be unique")
                seen[link] = where
                if "item" in item:
                    stack.append((item["item"], where + ".item", depth + 1))

    def read_value_sets(self) -> None:
        for index, contained in enumerate(as_list(self.resource.get("contained"))):
            if not isinstance(contained, dict) or contained.get("resourceType") != "ValueSet" or not isinstance(contained.get("id"), str):
                continue
            path = f"Questionnaire.contained[{index}]"
            concepts: list[dict[str, Any]] = []
            for i, include in enumerate(as_list(as_dict(contained.get("compose")).get("include"))):
                for concept in as_list(include.get("concept")):
                    if isinstance(concept, dict):
                        concepts.append({"system": include.get("system"), **concept})
                if include.get("valueSet") or include.get("filter"):
                    self.warn(f"{path}.compose.include[{i}]", "a filter or an included ValueSet needs a terminology server; only listed concepts are kept")
            for concept in as_list(as_dict(contained.get("expansion")).get("contains")):
                if isinstance(concept, dict):
                    concepts.append(concept)
            self.value_sets["#" + contained["id"]] = concepts

    def read_variables(self, extensions: Any, path: str) -> None:
        for extension in extensions if isinstance(extensions, list) else []:
            if isinstance(extension, dict) and extension.get("url") == names.EXT_VARIABLE:
                expression = extension.get("valueExpression")
                if isinstance(expression, dict) and isinstance(expression.get("name"), str) and isinstance(expression.get("expression"), str):
                    self.variables[expression["name"]] = expression["expression"]

    # ------------------------------------------------------------ texts, codes, ids

    def text(self, element: dict[str, Any], key: str, path: str) -> Text | None:
        value = element.get(key)
        if value is None:
            return None
        self.expect(value, str, f"{path}.{key}", "text (a string)")
        values = {self.default: _clean(value)}
        for extension in as_list(as_dict(element.get("_" + key)).get("extension")):
            if isinstance(extension, dict) and extension.get("url") == names.EXT_TRANSLATION:
                parts = {str(e.get("url")): e for e in as_list(extension.get("extension")) if isinstance(e, dict)}
                language = as_dict(parts.get("lang")).get("valueCode")
                content = as_dict(parts.get("content")).get("valueString")
                if isinstance(language, str) and _LANGUAGE.match(language) and isinstance(content, str) and content.strip():
                    values.setdefault(language, _clean(content))
        if not values[self.default]:
            return None
        text = Text(values)
        self.texts.append(text)
        return text

    def codes(self, value: Any, path: str, quiet: bool = False) -> list[dict[str, str]]:
        found = []
        for index, coding in enumerate(value if isinstance(value, list) else []):
            if not isinstance(coding, dict):
                continue
            system, code = coding.get("system"), coding.get("code")
            if isinstance(system, str) and _URI.match(system) and isinstance(code, str) and _CODE.match(code):
                entry = {"system": system, "code": code}
                if isinstance(coding.get("display"), str) and coding["display"].strip():
                    entry["display"] = _clean(coding["display"])
                found.append(entry)
            elif code is not None and not quiet:
                self.warn(f"{path}[{index}]", f"code {json.dumps(code)[:40]} has no usable system (a URI); not kept")
        return found

    def ident(self, link: str, comments: list[str]) -> str:
        candidate = link if _NAME.match(link) and len(link) <= 64 else slug(link, r"[^a-z0-9_]+")
        candidate = candidate.replace("-", "_")
        base, number = candidate, 2
        while candidate in self.taken:
            candidate, number = f"{base}_{number}", number + 1
        self.taken.add(candidate)
        if candidate != link:
            comments.append(f"FHIR linkId: {json.dumps(link, ensure_ascii=False)}")
        return candidate

    # ------------------------------------------------------------ sections

    def sections(self, items: list[dict[str, Any]]) -> list[Block]:
        sections: list[Block] = []
        loose: Block | None = None
        for index, item in enumerate(items):
            path = f"Questionnaire.item[{index}]"
            if id(item) in self.skipped:
                continue
            if item["type"] == "group":
                loose = None
                section = Block()
                section.values["id"] = self.ident(item["linkId"], section.comments)
                title = self.text(item, "text", path)
                section.values["title"] = title or self.resource_title()
                show_if = self.enable_when(item, path, section.comments)
                if show_if:
                    section.values["show_if"] = show_if
                if item.get("repeats"):
                    self.warn(path, "a repeating group is asked once", section.comments)
                questions: list[Block] = []
                for child_index, child in enumerate(as_list(item.get("item"))):
                    self.item(child, f"{path}.item[{child_index}]", questions, [])
                if questions:
                    section.values["questions"] = questions
                    sections.append(section)
                else:
                    self.warn(path, "a group with nothing this format can ask is left out")
            else:
                if loose is None:
                    loose = Block()
                    loose.values["id"] = self.ident("questions", loose.comments)
                    loose.values["title"] = self.resource_title()
                    loose.values["questions"] = []
                    sections.append(loose)
                self.item(item, path, loose.values["questions"], [])
        return [section for section in sections if section.values.get("questions")]

    def resource_title(self) -> Text:
        return self.text(self.resource, "title", "Questionnaire") or Text({self.default: "Questions"})

    # ------------------------------------------------------------ items

    def item(self, item: dict[str, Any], path: str, out: list[Block], conditions: list[str]) -> None:

        convert_item(self, item, path, out, conditions)

    def enable_when(self, item: dict[str, Any], path: str, comments: list[str]) -> str | None:

        return enable_when(self, item, path, comments)

    # ------------------------------------------------------------ scores and the outcome

    def read_scores(self) -> None:
        for link, path, item, comments, codes in self.pending:
            expression = None
            for extension in as_list(item.get("extension")):
                if isinstance(extension, dict) and extension.get("url") == names.EXT_CALCULATED:
                    expression = as_dict(extension.get("valueExpression")).get("expression")
            variables = dict(self.variables)
            self.read_variables(item.get("extension"), path)
            variables.update(self.variables)
            found = recognise_sum(expression, variables) if isinstance(expression, str) else None
            parts = []
            for kind, target_link in (found[0] if found else []):
                target = self.targets.get(target_link)
                if target is None:
                    parts = []
                    break
                if kind == "weight" and target.kind == "single_choice" and target.valued:
                    parts.append(f"value({target.id})")
                elif kind == "answer" and target.kind in ("integer", "number", "scale"):
                    parts.append(target.id)
                else:
                    parts = []
                    break
            if not parts:
                self.warn(path + ".extension", f"the calculatedExpression is not a sum this import recognises; the calculated item {json.dumps(link)} is left out: {str(expression)[:200]}")
                continue
            block = Block(comments=comments)
            block.values["expr"] = f"sum({', '.join(parts)})" if found and found[1] else " + ".join(parts)
            title = self.text(item, "text", path)
            if title is not None:
                block.values["title"] = title
            own = f"{self.resource.get('url')}#score"  # the result code system of this project's own exports
            codes = [code for code in codes if code["system"] != own]
            if codes:
                block.values["code"] = codes
            block.comments.append("recognised from the item's FHIRPath calculatedExpression")
            score_id = self.ident(link.removeprefix(names.SCORE_PREFIX), block.comments)
            self.scores.append((score_id, block))

    def placeholder_outcome(self) -> Block:
        block = Block(comments=[
            "PLACEHOLDER: FHIR has no outcomes or flags. A clinician must replace this",
            "with the questionnaire's real outcomes (and flags) before it is used;",
            "`screening validate` warns while it is here.",
        ])
        block.values["id"] = PLACEHOLDER_OUTCOME
        block.values["otherwise"] = True
        block.values["title"] = Text({self.default: "To be written by a clinician"})
        block.values["text"] = Text({self.default: "This questionnaire was imported from FHIR and its outcomes have not been written yet."})
        return block

    # ------------------------------------------------------------ languages

    def decide_languages(self) -> list[str]:
        counts: dict[str, int] = {}
        for text in self.texts:
            for language in text.values:
                counts[language] = counts.get(language, 0) + 1
        complete = [self.default] + sorted(lang for lang, n in counts.items() if n == len(self.texts) and lang != self.default)
        for language, n in sorted(counts.items()):
            if language not in complete:
                self.warn("Questionnaire (translations)", f"the '{language}' translation covers {n} of {len(self.texts)} texts; it is left out (every text needs every language)")
        return complete

    def resolve(self, value: Any, languages: list[str]) -> Any:
        if isinstance(value, Text):
            if len(languages) == 1:
                return value.values[self.default]
            return {language: value.values.get(language, value.values[self.default]) for language in languages}
        if isinstance(value, Block):
            resolved = Block(comments=value.comments, key_comments=value.key_comments, flow_lists=value.flow_lists)
            resolved.values = {key: self.resolve(item, languages) for key, item in value.values.items()}
            return resolved
        if isinstance(value, list):
            return [self.resolve(item, languages) for item in value]
        if isinstance(value, tuple):
            return tuple(self.resolve(item, languages) for item in value)
        if isinstance(value, dict):
            return {key: self.resolve(item, languages) for key, item in value.items()}
        return value
