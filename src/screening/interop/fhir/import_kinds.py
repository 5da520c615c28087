"""One FHIR item -> our question (by type), and enableWhen -> show_if."""

from __future__ import annotations

import json
import re
from typing import Any

from screening.interop.fhir import names
from screening.interop.fhir.import_common import _EXPRESSION_EXTENSIONS, as_dict, as_list, _HELP_CONTROLS, _WEIGHTS, Refused, Target, Text, _clean, _quote
from screening.interop.fhir.import_structure import looks_like_crisis, warn_crisis_note
from screening.interop.fhir.yaml_out import Block

# Each function takes the running Converter (import_items.Converter), typed loosely so that
# this module does not import the one that imports it.
Converter = Any

_LOINC_ANSWER = re.compile(r"^LA\d{1,6}-\d$")
_SIMPLE = {"integer": "integer", "decimal": "number", "string": "text", "text": "text", "date": "date", "boolean": "yes_no"}
_CARRIED = {
    names.EXT_MIN_VALUE, names.EXT_MAX_VALUE, names.EXT_UNIT, names.EXT_UNIT_OPTION, names.EXT_CALCULATED, names.EXT_VARIABLE,
    "http://hl7.org/fhir/StructureDefinition/questionnaire-displayCategory",  # read where it marks help
}
_BOUNDS = {"integer": "valueInteger", "scale": "valueInteger", "number": "valueDecimal", "date": "valueDate"}


def _extensions(item: dict[str, Any]) -> list[dict[str, Any]]:
    found = item.get("extension")
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


def _control(item: dict[str, Any]) -> str | None:
    for extension in _extensions(item):
        if extension.get("url") == names.EXT_ITEM_CONTROL:
            for coding in as_list(as_dict(extension.get("valueCodeableConcept")).get("coding")):
                if isinstance(coding, dict) and isinstance(coding.get("code"), str):
                    return coding["code"]
    return None


def _number(c: "Converter", value: Any, path: str, integer: bool) -> int | float:
    kinds = int if integer else (int, float)
    c.expect(value, kinds, path, "an integer" if integer else "a number")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def convert_item(c: "Converter", item: dict[str, Any], path: str, out: list[Block], conditions: list[str]) -> None:
    kind = item["type"]
    block = Block()
    comments = block.comments
    own = enable_when(c, item, path, comments)
    here = conditions + ([own] if own else [])
    if kind == "group":  # nested: flattened into the section
        c.warn(path, "a group inside a group is flattened into its section", comments)
        if item.get("repeats"):
            c.warn(path, "a repeating group is asked once", comments)
        title = c.text(item, "text", path)
        if title is not None:
            block.values.update({"id": c.ident(item["linkId"], comments), "type": "note", "text": title})
            _show_if(block, here)
            out.append(block)
        for index, child in enumerate(as_list(item.get("item"))):
            convert_item(c, child, f"{path}.item[{index}]", out, here)
        return
    ignored = []
    for extension in _extensions(item):
        url = str(extension.get("url", ""))
        if url.endswith(_EXPRESSION_EXTENSIONS) and url != names.EXT_CALCULATED:
            c.warn(path, f"FHIRPath in {url.rsplit('/', 1)[-1]} is not carried", comments)
        elif c.own_noted and url.startswith(names.OWN_EXTENSION):
            continue  # one warning already says these are not used
        elif url not in _CARRIED and not (url == names.EXT_ITEM_CONTROL and _control(item) in ("slider", *_HELP_CONTROLS)):
            ignored.append(url.rsplit("/", 1)[-1])
    if ignored:
        c.warn(path + ".extension", f"not carried: {', '.join(dict.fromkeys(ignored))}", comments)
    if "initial" in item or any(str(e.get("url") or "").endswith("initialExpression") for e in _extensions(item)):
        c.warn(path + ".initial", "initial values are dropped (only answers the person gives are recorded)", comments)
    calculated = any(e.get("url") == names.EXT_CALCULATED for e in _extensions(item))
    if calculated:  # a score, if its formula is recognised (read after every question is known)
        c.pending.append((item["linkId"], path, item, comments, c.codes(item.get("code"), path + ".code")))
        return
    text = c.text(item, "text", path)
    prefix = item.get("prefix")
    if text is not None and isinstance(prefix, str) and prefix.strip():
        text.values = {lang: f"{_clean(prefix)} {value}" for lang, value in text.values.items()}
    if kind == "display":
        if text is None:
            return
        if looks_like_crisis(text):
            warn_crisis_note(c, path, comments, conditional=bool(here))
        block.values.update({"id": c.ident(item["linkId"], comments), "type": "note", "text": text})
        _show_if(block, here)
        out.append(block)
        return
    if item.get("readOnly") is True:
        c.warn(path, "a read-only item is shown as a note", comments)
        if text is not None:
            block.values.update({"id": c.ident(item["linkId"], comments), "type": "note", "text": text})
            out.append(block)
        return
    ours = _our_type(c, item, path, comments)
    if ours is None:
        return
    question_id = c.ident(item["linkId"], comments)
    v = block.values
    v["id"] = question_id
    v["type"] = ours
    codes = c.codes(item.get("code"), path + ".code")
    if codes:
        v["code"] = codes
    if text is None:
        c.warn(path + ".text", "the item has no text; its linkId is shown instead", comments)
        text = Text({c.default: _clean(item["linkId"]) or question_id})
    v["text"] = text
    help_text = _children(c, item, path, out, here)
    if help_text is not None:
        v["help"] = help_text
    required = item.get("required", False)
    c.expect(required, bool, path + ".required", "true or false")
    v["required"] = required  # explicit: FHIR's default (false) is not ours (true)
    _show_if(block, here)
    target = Target(question_id, ours, c.position)
    c.position += 1
    _settings(c, item, path, ours, block, target)
    c.targets[item["linkId"]] = target
    out.append(block)


def _our_type(c: "Converter", item: dict[str, Any], path: str, comments: list[str]) -> str | None:
    kind = item["type"]
    if kind in ("choice", "open-choice"):
        if kind == "open-choice":
            c.warn(path, "open-choice: answers typed instead of chosen are not carried (a choice only)", comments)
        return "multi_choice" if item.get("repeats") else "single_choice"
    if item.get("repeats") and kind != "group":
        c.warn(path + ".repeats", "only one answer is asked for", comments)
    if kind == "integer" and _control(item) == "slider":
        return "scale"
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    if kind == "dateTime":
        c.warn(path, "a dateTime item is asked as a date (the time of day is dropped)", comments)
        return "date"
    if kind == "time":
        c.warn(path, "a time item is asked as free text", comments)
        return "text"
    if kind == "quantity":
        c.warn(path, "a quantity item is asked as a number (its choice of units is dropped)", comments)
        return "number"
    c.warn(path, f"'{kind}' items cannot be asked in this format; the item {json.dumps(item['linkId'])} is left out")
    return None


def _children(c: "Converter", item: dict[str, Any], path: str, out: list[Block], conditions: list[str]) -> Text | None:
    """Display children become the help text (the first) or notes; question children are flattened after it."""
    help_text = None
    later = []
    for index, child in enumerate(as_list(item.get("item"))):
        where = f"{path}.item[{index}]"
        category = any(str(e.get("url") or "").endswith("questionnaire-displayCategory") for e in _extensions(child))
        if child["type"] == "display" and help_text is None and (_control(child) in _HELP_CONTROLS or category or _control(child) is None):
            help_text = c.text(child, "text", where)
            continue
        c.warn(where, "an item nested under a question is asked after it")
        later.append((child, where))
    for child, where in later:
        convert_item(c, child, where, out, conditions)
    return help_text


def _settings(c: "Converter", item: dict[str, Any], path: str, ours: str, block: Block, target: Target) -> None:
    v = block.values
    extensions = _extensions(item)
    if ours in _BOUNDS:
        for url, key in ((names.EXT_MIN_VALUE, "min"), (names.EXT_MAX_VALUE, "max")):
            for extension in extensions:
                if extension.get("url") != url:
                    continue
                wanted = _BOUNDS[ours]
                if wanted in extension:
                    if ours == "date":
                        v[key] = c.expect(extension[wanted], str, f"{path}.extension({key}Value)", "a date")[:10]
                    else:
                        v[key] = _number(c, extension[wanted], f"{path}.extension({key}Value)", ours != "number")
                else:
                    c.warn(f"{path}.extension({key}Value)", f"a computed or differently typed {key} is not carried", block.comments)
    if ours == "scale" and ("min" not in v or "max" not in v or not 0 < v["max"] - v["min"] <= 100):
        v["type"] = target.kind = "integer"
    if ours == "number":
        for extension in extensions:
            if extension.get("url") == names.EXT_UNIT:
                coding = as_dict(extension.get("valueCoding"))
                unit = coding.get("display") or coding.get("code")
                if isinstance(unit, str) and unit.strip() and "unit" not in v:
                    v["unit"] = c.text(coding if "display" in coding else {"display": unit}, "display", path + ".extension(unit)") or unit
    if ours == "text":
        length = item.get("maxLength", 500)
        c.expect(length, int, path + ".maxLength", "an integer")
        if length > 2000:
            c.warn(path + ".maxLength", f"answers are limited to 2000 characters, not {length}", block.comments)
        v["max_length"] = max(1, min(length, 2000))
    if ours in ("single_choice", "multi_choice"):
        options = _options(c, item, path, ours, target, block.comments)
        if len(options) < 2:
            raise Refused(f"{path}: a choice needs at least two options this import can read, it has {len(options)}")
        block.flow_lists.add("options")
        v["options"] = options
        target.valued = all("value" in option for option in options)


def _options(c: "Converter", item: dict[str, Any], path: str, ours: str, target: Target, comments: list[str]) -> list[dict[str, Any]]:
    raw: list[tuple[dict[str, Any], str]] = []
    if "answerOption" in item:
        for index, option in enumerate(c.expect(item["answerOption"], list, path + ".answerOption", "a list")):
            raw.append((c.expect(option, dict, f"{path}.answerOption[{index}]", "an answer option"), f"{path}.answerOption[{index}]"))
    elif "answerValueSet" in item:
        reference = c.expect(item["answerValueSet"], str, path + ".answerValueSet", "a ValueSet reference")
        if reference not in c.value_sets:
            raise Refused(f"{path}.answerValueSet: {json.dumps(reference)[:120]} is not a ValueSet contained in the file; resolving it needs a terminology server, which this import does not use. Expand it into answerOption (or a contained ValueSet) first")
        raw = [({"valueCoding": concept}, f"{path}.answerValueSet{reference}[{i}]") for i, concept in enumerate(c.value_sets[reference])]
    options: list[dict[str, Any]] = []
    used: set[str] = set()
    assumed: list[str] = []
    unusable: list[str] = []
    for option, where in raw:
        result: dict[str, Any] = {}
        display: Text | None = None
        code_value: str
        if "valueCoding" in option:
            coding = c.expect(option["valueCoding"], dict, where + ".valueCoding", "a Coding")
            code_value = c.expect(coding.get("code", coding.get("display", "")), str, where + ".valueCoding.code", "a code")
            display = c.text(coding, "display", where + ".valueCoding")
            system = c.expect(coding.get("system"), (str, type(None)), where + ".valueCoding.system", "a code system (a URI)")
            target.options[(system, code_value)] = ""
            if system is None and _LOINC_ANSWER.match(code_value):  # LHC-Forms leaves LOINC's LA codes without a system
                coding = {**coding, "system": names.LOINC}
                system = names.LOINC
                assumed.append(code_value)
            codes = c.codes([coding], where + ".valueCoding", quiet=True) if system is not None else []
            if system is not None and not codes:
                unusable.append(code_value)
            weight_holder: dict[str, Any] = coding
        elif "valueInteger" in option:
            number = _number(c, option["valueInteger"], where + ".valueInteger", True)
            code_value, result["value"], codes, weight_holder = str(number), number, [], {}
        elif "valueString" in option:
            code_value, codes, weight_holder = c.expect(option["valueString"], str, where + ".valueString", "a string"), [], {}
            display = c.text(option, "valueString", where)
        elif "valueDate" in option:
            code_value, codes, weight_holder = c.expect(option["valueDate"], str, where + ".valueDate", "a date"), [], {}
        else:
            c.warn(where, "an option that is not a Coding, integer, date or string is left out", comments)
            continue
        option_id = re.sub(r"_+", "_", re.sub(r"[^a-z0-9_-]+", "_", code_value.lower())).strip("_-")[:60] or f"option_{len(options) + 1}"
        base, number = option_id, 2
        while option_id in used:
            option_id, number = f"{base}_{number}", number + 1
        used.add(option_id)
        for key in list(target.options):
            if target.options[key] == "":
                target.options[key] = option_id
        target.options.setdefault((None, code_value), option_id)
        for holder in (option, weight_holder):
            for extension in _extensions(holder):
                if extension.get("url") in _WEIGHTS and "value" not in result:
                    key = next((k for k in extension if k.startswith("value")), None)
                    if key is not None:
                        result["value"] = _number(c, extension[key], f"{where}.extension(weight).{key}", key == "valueInteger")
                if extension.get("url") == names.EXT_OPTION_EXCLUSIVE and extension.get("valueBoolean") is True and ours == "multi_choice":
                    result["exclusive"] = True
        if option.get("initialSelected"):
            c.warn(where + ".initialSelected", "a preselected option is not preselected here (only answers the person gives are recorded)", comments)
        ordered: dict[str, Any] = {"id": option_id}
        if "value" in result:
            ordered["value"] = result["value"]
        ordered["text"] = display or Text({c.default: _clean(code_value) or option_id})
        if result.get("exclusive"):
            ordered["exclusive"] = True
        if codes:
            ordered["code"] = codes
        options.append(ordered)
    if assumed:
        c.warn(path + ".answerOption", f"answer codes without a system taken as LOINC: {', '.join(assumed)}", comments)
    if unusable:
        c.warn(path + ".answerOption", f"answer codes whose system is not a URI are kept as option ids only: {', '.join(unusable)}", comments)
    return options


def _show_if(block: Block, conditions: list[str]) -> None:
    if conditions:
        block.values["show_if"] = " and ".join(f"({c})" if len(conditions) > 1 and (" or " in c) else c for c in conditions)


def enable_when(c: "Converter", item: dict[str, Any], path: str, comments: list[str]) -> str | None:
    conditions = item.get("enableWhen")
    if conditions is None:
        return None
    c.expect(conditions, list, path + ".enableWhen", "a list")
    parts = []
    for index, condition in enumerate(conditions):
        where = f"{path}.enableWhen[{index}]"
        c.expect(condition, dict, where, "a condition")
        link = c.expect(condition.get("question"), str, where + ".question", "a linkId")
        target = c.targets.get(link)
        if target is None:
            raise Refused(f"{where}.question: {json.dumps(link)[:80]} is not a question asked before this item; enableWhen may only depend on earlier answers")
        part = _condition(c, condition, target, where, comments)
        if part is not None:
            parts.append(part)
    if not parts:
        return None
    behavior = item.get("enableBehavior", "all")
    if behavior not in ("all", "any"):
        raise Refused(f"{path}.enableBehavior: expected 'all' or 'any', got {json.dumps(behavior)[:40]}")
    joined = (" or " if behavior == "any" else " and ").join(f"({p})" if len(parts) > 1 and " or " in p else p for p in parts)
    return joined


def _condition(c: "Converter", condition: dict[str, Any], target: Target, where: str, comments: list[str]) -> str | None:
    operator = condition.get("operator")
    answer_key = next((k for k in condition if k.startswith("answer")), None)
    if operator not in ("exists", "=", "!=", ">", "<", ">=", "<=") or answer_key is None:
        raise Refused(f"{where}: an enableWhen needs an operator and an answer")
    answer = condition[answer_key]
    q = target.id
    if operator == "exists":
        c.expect(answer, bool, f"{where}.{answer_key}", "true or false")
        return f"answered({q})" if answer else f"not answered({q})"
    literal: str
    if target.kind == "yes_no" and answer_key == "answerBoolean":
        literal = _quote("yes" if c.expect(answer, bool, f"{where}.answerBoolean", "true or false") else "no")
    elif target.kind in ("single_choice", "multi_choice") and answer_key in ("answerCoding", "answerString", "answerInteger"):
        if answer_key == "answerCoding":
            coding = c.expect(answer, dict, f"{where}.answerCoding", "a Coding")
            key = (
                c.expect(coding.get("system"), (str, type(None)), f"{where}.answerCoding.system", "a code system (a URI)"),
                c.expect(coding.get("code"), (str, type(None)), f"{where}.answerCoding.code", "a code"),
            )
            option = target.options.get(key) or target.options.get((None, coding.get("code")))
        else:
            option = target.options.get((None, str(answer)))
        if option is None:
            raise Refused(f"{where}.{answer_key}: {json.dumps(answer)[:80]} is not an option of the question it names")
        literal = _quote(option)
    elif target.kind in ("integer", "scale", "number") and answer_key in ("answerInteger", "answerDecimal"):
        literal = json.dumps(_number(c, answer, f"{where}.{answer_key}", answer_key == "answerInteger"))
    elif target.kind == "date" and answer_key in ("answerDate", "answerDateTime"):
        literal = _quote(c.expect(answer, str, f"{where}.{answer_key}", "a date")[:10])
    elif target.kind == "text" and answer_key == "answerString" and operator in ("=", "!="):
        literal = _quote(_clean(c.expect(answer, str, f"{where}.answerString", "a string")))
    else:
        c.warn(where, f"an enableWhen with {answer_key} on a {target.kind} question is not carried; the item is always shown", comments)
        return None
    if target.kind == "multi_choice":
        if operator not in ("=", "!="):
            raise Refused(f"{where}.operator: '{operator}' cannot compare the options of a multiple choice")
        return f"{literal} in {q}" if operator == "=" else f"not answered({q}) or {literal} not in {q}"
    if operator == "!=":  # FHIR: true when unanswered too; ours would be false
        return f"not answered({q}) or {q} != {literal}"
    if operator != "=" and target.kind in ("single_choice", "yes_no", "text"):
        raise Refused(f"{where}.operator: '{operator}' cannot order the answers of a {target.kind} question")
    return f"{q} {'==' if operator == '=' else operator} {literal}"
