"""What an EHR may edit in screening's own export without touching its logic, and how an import says so.

Check 3 (:mod:`.import_own_check`) compares the file's FHIR content with a fresh export, texts
aside; these edits pass it and are imported, each with a warning at its JSON path:

- a text (FHIR's one copy, or one that only an extension carries: an outcome's text, an
  option's help), found by the digests the export recorded in ``screening-questionnaire``;
- the version and the top-level ``code``, found the same way (the version is recorded with
  every stored submission, so a changed one is never adopted silently);
- top-level metadata this format has no place for (``status``, ``url``, ``publisher``, ...),
  when it is not what the export wrote: ``not carried``, as for any other system's file.

An export made before a digest was recorded has no entry for it: that check is skipped.
"""

from __future__ import annotations

import json
from typing import Any

from screening.interop.fhir import names
from screening.interop.fhir.export_own import CODE_KEY, ROOT_TEXTS, VERSION_KEY, digest_of, text_digests
from screening.interop.fhir.import_common import metadata_not_carried
from screening.interop.fhir.import_own_values import item_paths

TEXT_CHANGED = "a text here was changed after screening exported the file (in an EHR?); the file's text is kept: check that it still fits the logic"
# The top-level elements the export writes that check 3 or the reader already cover.
_COVERED = {"resourceType", "language", "extension", "version", "title", "description", "code", "item", "meta"}


def edited(resource: dict[str, Any], header: dict[str, Any], carried: list[tuple[str, str, Any]]) -> list[tuple[str, str]]:
    """(JSON path, warning) for each edit made since export; ``carried`` lists the texts read
    from extensions as (digest key, the extension's JSON path, the value)."""
    recorded = header["texts"]
    warnings: list[tuple[str, str]] = []
    paths = item_paths(resource)
    for link, digest in text_digests(resource).items():
        if link in recorded and recorded[link] != digest:
            warnings.append(("Questionnaire" if link == ROOT_TEXTS else paths.get(link, link), TEXT_CHANGED))
    for key, where, value in carried:
        if key in recorded and recorded[key] != digest_of(value):
            warnings.append((where, TEXT_CHANGED.replace("a text here", "a text in this extension")))
    version = resource.get("version")
    if VERSION_KEY in recorded and recorded[VERSION_KEY] != digest_of(version):
        shown = json.dumps(version, ensure_ascii=True)[:40]
        warnings.append(("Questionnaire.version", f"the version was changed after screening exported the file (in an EHR?); the file's version {shown} is kept, and every submission records it: check that it is the version meant"))
    if CODE_KEY in recorded and recorded[CODE_KEY] != digest_of(resource.get("code")):
        warnings.append(("Questionnaire.code", "the questionnaire's code was changed after screening exported the file (in an EHR?); the file's code is kept: check it (results are reported under it)"))
    our_id = header["id"]
    usual = {
        "id": names.resource_id(our_id),
        "name": names.computable_name(our_id),
        "url": names.canonical(our_id, header["base"]),
        "status": "active",
        "subjectType": ["Patient"],
    }
    message = metadata_not_carried(resource, _COVERED, usual)
    if message:
        warnings.append(("Questionnaire", message.replace("has no place for)", "has no place for; the import has screening's own)")))
    return warnings
