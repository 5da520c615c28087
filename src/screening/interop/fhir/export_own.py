"""This project's own extensions on an exported Questionnaire: what FHIR cannot carry losslessly.

The standard content (enableWhen, FHIRPath variables, calculated items) stays as it is, for
any FHIR system; beside it each element gets the source it was made from, so that
``fhir import`` of the file rebuilds the questionnaire exactly (:mod:`.import_own`). Texts
are never duplicated here when FHIR has a place for them (the item's text and its
translations are the one copy, so an edit in an EHR cannot leave a stale copy behind);
only texts FHIR has no place for travel in an extension (an outcome's text, an option's
help). Standard consumers ignore unknown extensions, as FHIR allows.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from screening.engine.run.questionnaire import Question, Questionnaire
from screening.interop.fhir import names

# Question settings that are texts: FHIR carries them (unit, scale labels), never copied here.
_TEXT_SETTINGS = ("unit", "min_label", "max_label")


def _string(url: str, value: Any) -> dict[str, Any]:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return {"url": url, "valueString": text}


def _attach(element: dict[str, Any], extension: dict[str, Any]) -> None:
    element.setdefault("extension", []).append(extension)


def _codes(codes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in code.items() if value is not None} for code in codes]


def question_source(question: Question) -> dict[str, Any]:
    """The question as written, less its id, texts and show_if (which travel elsewhere)."""
    source: dict[str, Any] = {"type": question.type}
    if question.type != "note" and not question.required:
        source["required"] = False
    if question.code:
        source["code"] = _codes(question.code)
    settings = {key: value for key, value in question.settings.items() if value is not None and key not in _TEXT_SETTINGS}
    if question.type == "yes_no" and not settings.get("not_sure"):
        settings.pop("not_sure", None)
    if settings:
        source["settings"] = settings
    if question.type in ("single_choice", "multi_choice"):
        options = []
        for option in question.options:
            entry: dict[str, Any] = {"id": option.id}
            if option.value is not None:
                entry["value"] = option.value
            if option.exclusive:
                entry["exclusive"] = True
            if option.code:
                entry["code"] = _codes(option.code)
            if option.help is not None:
                entry["help"] = option.help
            options.append(entry)
        source["options"] = options
    return source


def _score_order(questionnaire: Questionnaire) -> list[str]:
    """Score ids in the order the file lists them (the loader keeps them in evaluation order)."""
    ids = [score.id for score in questionnaire.scores]
    source = questionnaire.source
    if source is None:
        return ids
    try:
        return sorted(ids, key=lambda score_id: source.where(("scores", score_id)))
    except Exception:  # pragma: no cover - a questionnaire built without a source map
        return ids


ROOT_TEXTS = "(Questionnaire)"
_TEXT_KEYS = ("text", "_text", "display", "_display", "title", "_title", "description", "_description")


def _texts(element: Any, into: list[Any]) -> None:
    """Every text of an element (its own, its options', its unit's), not its child items'."""
    if isinstance(element, dict):
        for key in sorted(element, key=str):
            if key == "item":
                continue
            if key in _TEXT_KEYS:
                into.append([key, element[key]])
            else:
                _texts(element[key], into)
    elif isinstance(element, list):
        for value in element:
            _texts(value, into)


def digest_of(value: Any) -> str:
    """A short SHA-256 digest of a JSON value (keys sorted): enough to tell an edit, not to undo it."""
    data = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


# Keys of the `texts` map beside the linkIds (which never hold a space or '('): the texts
# that travel only in an extension, and the Questionnaire's version and code.
VERSION_KEY = "(version)"
CODE_KEY = "(code)"


def outcome_key(outcome_id: str) -> str:
    return f"(outcome {outcome_id})"


def help_key(question_id: str, option_id: str) -> str:
    return f"(help {question_id} {option_id})"


def carried_digests(resource: dict[str, Any], questionnaire: Questionnaire) -> dict[str, str]:
    """Digests of what an EHR may edit without touching the logic, beyond the FHIR texts: the
    texts only an extension carries (an outcome's text, an option's help; nothing else could
    show that they were edited) and the version and code (FHIR content an import adopts)."""
    digests = {VERSION_KEY: digest_of(resource.get("version")), CODE_KEY: digest_of(resource.get("code"))}
    for outcome in questionnaire.outcomes:
        digests[outcome_key(outcome.id)] = digest_of(outcome.text)
    for question in questionnaire.questions:
        for option in question.options:
            if option.help is not None:
                digests[help_key(question.id, option.id)] = digest_of(option.help)
    return digests


def text_digests(resource: dict[str, Any]) -> dict[str, str]:
    """linkId -> a short digest of that item's texts (and the resource's own under ROOT_TEXTS):
    the texts travel once, in the FHIR content; the digest lets an import tell which were
    changed after export (in an EHR, say) and say so."""
    digests: dict[str, str] = {}

    def digest(element: Any) -> str:
        found: list[Any] = []
        _texts(element, found)
        return digest_of(found)

    root = {key: resource.get(key) for key in ("title", "_title", "description", "_description") if key in resource}
    digests[ROOT_TEXTS] = digest(root)
    stack = list(resource.get("item") or [])
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict) and isinstance(item.get("linkId"), str):
            digests[item["linkId"]] = digest(item)
            stack.extend(item.get("item") if isinstance(item.get("item"), list) else [])
    return digests


def add_own_extensions(resource: dict[str, Any], questionnaire: Questionnaire, base: str) -> None:
    """Add the screening-* extensions to an exported Questionnaire (in place)."""
    q = questionnaire
    header = {"format": 1, "id": q.id, "base": base, "languages": list(q.languages), "scores": _score_order(q), "examples": len(q.examples)}
    header["texts"] = {**text_digests(resource), **carried_digests(resource, q)}
    root = resource.setdefault("extension", [])
    root.append(_string(names.EXT_OWN_QUESTIONNAIRE, header))
    for example in q.examples:
        entry: dict[str, Any] = {"name": example.name, "answers": example.answers}
        entry["expect"] = {key: value for key, value in example.expect.items() if value is not None}
        if example.language is not None:
            entry["language"] = example.language
        root.append(_string(names.EXT_OWN_EXAMPLE, entry))
    by_link: dict[str, dict[str, Any]] = {}
    stack = list(resource.get("item", []))
    while stack:
        item = stack.pop()
        by_link[item["linkId"]] = item
        stack.extend(item.get("item", []))
    for section in q.sections:
        if section.show_if is not None:
            _attach(by_link[names.GROUP_PREFIX + section.id], _string(names.EXT_OWN_SHOW_IF, section.show_if.source))
        for question in section.questions:
            item = by_link[question.id]
            _attach(item, _string(names.EXT_OWN_QUESTION, question_source(question)))
            if question.show_if is not None:
                _attach(item, _string(names.EXT_OWN_SHOW_IF, question.show_if.source))
    for score in q.scores:
        entry = {"expr": score.expression.source, "title": score.title is not None}
        if score.code:
            entry["code"] = _codes(score.code)
        _attach(by_link[names.SCORE_PREFIX + score.id], _string(names.EXT_OWN_SCORE, entry))
    for flag in q.flags:
        _attach(by_link[names.FLAG_PREFIX + flag.id], _string(names.EXT_OWN_FLAG, {"severity": flag.severity, "when": flag.when.source}))
    options = by_link[names.OUTCOME]["answerOption"]
    for option, outcome in zip(options, q.outcomes):
        entry = {"otherwise": True} if outcome.when is None else {"when": outcome.when.source}
        entry["text"] = outcome.text
        _attach(option, _string(names.EXT_OWN_OUTCOME, entry))
    if q.crisis is not None:
        _attach(by_link[names.CRISIS], _string(names.EXT_OWN_CRISIS, {"shown_when": "urgent"}))
