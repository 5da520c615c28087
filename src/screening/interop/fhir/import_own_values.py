"""Reading this project's own extensions as untrusted input, and checking them against the file.

Every screening-* extension is data from outside: its valueString is checked for its type,
size and characters, and its JSON for the exact shape the export writes, each problem an
:class:`OwnRefused` naming its JSON path (the import then stops, exit 1). An extension that
is *missing* where the export would have put one is a :class:`Mismatch`: the file was edited
outside screening, and the import falls back to the standard FHIR content (docs/fhir.md).
"""

from __future__ import annotations

import json
import re
from contextvars import ContextVar
from typing import Any

from screening.interop.fhir import names
from screening.interop.fhir.import_common import as_list

MAX_VALUE_CHARS = 100_000  # one extension's valueString; an example's answers are the longest
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_TEXT_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


class OwnRefused(Exception):
    """A screening-* extension that cannot be right: refused, at its JSON path."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class Mismatch(Exception):
    """The file's FHIR content is not what screening's export of its extensions would be."""



# The screening-* extensions read so far (by id), while an import is rebuilding: one found
# anywhere else is not where the export puts one, and is named instead of silently ignored.
_READ: ContextVar[set[int] | None] = ContextVar("screening_extensions_read", default=None)


def short(url: str) -> str:
    return url.rsplit("/", 1)[-1]


def own_extensions(element: Any, url: str) -> list[dict[str, Any]]:
    found = element.get("extension") if isinstance(element, dict) else None
    return [e for e in found if isinstance(e, dict) and e.get("url") == url] if isinstance(found, list) else []


def own_string(element: Any, url: str, path: str, required: bool = True, where: str | None = None) -> tuple[str | None, str]:
    """The valueString of the one extension ``url`` on ``element``, checked; and its path."""
    where = where or f"{path}.extension({short(url)})"
    found = own_extensions(element, url)
    if not found:
        if required:
            raise Mismatch(f"{path} has no {short(url)} extension")
        return None, where
    if len(found) > 1:
        raise OwnRefused(where, f"the extension appears {len(found)} times; screening's export writes it once")
    extension = found[0]
    read = _READ.get()
    if read is not None:
        read.add(id(extension))
    value = extension.get("valueString")
    if not isinstance(value, str) or set(extension) - {"url", "valueString", "id"}:
        kinds = sorted(key for key in extension if key.startswith("value"))
        raise OwnRefused(where, f"expected a valueString, got {', '.join(kinds) or 'no value'}{' holding ' + json.dumps(value)[:40] if 'valueString' in extension else ''}")
    if len(value) > MAX_VALUE_CHARS:
        raise OwnRefused(where, f"the valueString is {len(value):,} characters long; at most {MAX_VALUE_CHARS:,} are read")
    bad = _FORBIDDEN.search(value)
    if bad:
        raise OwnRefused(where, f"the valueString holds a control character (U+{ord(bad.group()):04X}) at position {bad.start() + 1}")
    if not value.strip():
        raise OwnRefused(where, "the valueString is empty")
    return value, where


def own_json(element: Any, url: str, path: str, required: bool = True, where: str | None = None) -> tuple[dict[str, Any] | None, str]:
    """The JSON object in the extension ``url``'s valueString, every string in it checked."""
    text, where = own_string(element, url, path, required, where)
    if text is None:
        return None, where
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except RecursionError:  # Python's own wording would leak (and be cut mid-word): say it in ours
        raise OwnRefused(where, "the JSON in the valueString is nested too deeply to read") from None
    except json.JSONDecodeError as exc:
        raise OwnRefused(where, f"the valueString is not valid JSON ({exc.msg} at character {exc.pos + 1})") from None
    except ValueError as exc:  # _no_constant: NaN, Infinity
        raise OwnRefused(where, f"the valueString is not valid JSON ({str(exc)[:80]})") from None
    if not isinstance(value, dict):
        raise OwnRefused(where, f"the valueString should hold a JSON object, not {type(value).__name__}")
    _check_strings(value, where)
    return value, where


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _check_strings(value: Any, where: str, depth: int = 0) -> None:
    if depth > 20:
        raise OwnRefused(where, "the JSON is nested more than 20 levels deep")
    if isinstance(value, str):
        bad = _TEXT_CONTROLS.search(value)
        if bad:
            raise OwnRefused(where, f"a string in it holds a control character (U+{ord(bad.group()):04X})")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key, where, depth + 1)
            _check_strings(item, where, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item, where, depth + 1)


def field(data: dict[str, Any], key: str, kinds: type | tuple[type, ...], where: str, what: str, required: bool = True) -> Any:
    """``data[key]``, of one of ``kinds`` (a bool is not a number), or refused."""
    if key not in data:
        if required:
            raise OwnRefused(where, f"'{key}' is missing (expected {what})")
        return None
    value = data[key]
    allowed = kinds if isinstance(kinds, tuple) else (kinds,)
    if (isinstance(value, bool) and bool not in allowed) or not isinstance(value, allowed):
        raise OwnRefused(where, f"'{key}' should be {what}, got {json.dumps(value, ensure_ascii=False)[:60]}")
    return value


def only_keys(data: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise OwnRefused(where, f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} (screening's export writes only {', '.join(sorted(allowed))})")


def own_text(value: Any, languages: list[str], where: str, key: str) -> str | dict[str, str]:
    """A text carried in an extension (one FHIR has no place for): a string, or language -> string."""
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, dict) and value and all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()):
        return value
    raise OwnRefused(where, f"'{key}' should be a text (a string, or a mapping of language to string), got {json.dumps(value, ensure_ascii=False)[:60]}")


def missing_examples(missing: int, carried: int) -> str:
    """'3 of the 10 examples ... are missing; the rest are kept', in plain words for all and for one."""
    noun = "example" if carried == 1 else "examples"
    if missing == carried:
        which = "the one example" if carried == 1 else f"all {carried} examples"
        return f"{which} the export carried {'is' if carried == 1 else 'are'} missing; the questionnaire has none now"
    return f"{missing} of the {carried} {noun} the export carried {'is' if missing == 1 else 'are'} missing; the rest are kept"


def codes(value: Any, where: str, key: str = "code") -> list[dict[str, str]]:
    if not isinstance(value, list) or not all(
        isinstance(c, dict) and set(c) <= {"system", "code", "display"} and all(isinstance(v, str) for v in c.values()) for c in value
    ):
        raise OwnRefused(where, f"'{key}' should be a list of {{system, code, display}} codes")
    return [{k: c[k] for k in ("system", "code", "display") if k in c} for c in value]


# ------------------------------------------------------------ comparing with the standard content

_TEXT_KEYS = {"text", "_text", "display", "_display"}
# The extensions screening's export writes: these must come back exactly.
_EXPORTED = {
    names.EXT_CALCULATED, names.EXT_CQF_EXPRESSION, names.EXT_ENABLE_WHEN_EXPRESSION, names.EXT_ITEM_CONTROL,
    names.EXT_ITEM_WEIGHT, names.EXT_MAX_OCCURS, names.EXT_MAX_VALUE, names.EXT_MIN_OCCURS, names.EXT_MIN_VALUE,
    names.EXT_OPTION_EXCLUSIVE, names.EXT_ORDINAL_VALUE, names.EXT_SLIDER_STEP, names.EXT_TRANSLATION, names.EXT_UNIT,
    names.EXT_UNIT_OPTION, names.EXT_VARIABLE,
}


def standard(value: Any, unknown: list[tuple[str, str]] | None = None, path: str = "Questionnaire") -> Any:
    """The FHIR content without its texts (read from the FHIR content itself) and without the
    extensions screening's export does not write: what the screening-* extensions must
    reproduce exactly. Another system's extensions are listed in ``unknown`` (path, name):
    they are not carried, as for any imported file, but they change nothing of ours."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in _TEXT_KEYS:
                continue
            if key == "extension" and isinstance(item, list):
                kept = []
                for extension in item:
                    url = str(extension.get("url", "")) if isinstance(extension, dict) else ""
                    if url in _EXPORTED:
                        kept.append(standard(extension, unknown, f"{path}.extension"))
                    elif not url.startswith(names.OWN_EXTENSION) and unknown is not None:
                        unknown.append((f"{path}.extension", short(url) or "an extension without a url"))
                if kept:
                    out[key] = kept
                continue
            out[key] = standard(item, unknown, f"{path}.{key}")
        return out
    if isinstance(value, list):
        return [standard(item, unknown, f"{path}[{index}]") for index, item in enumerate(value)]
    return value


def differences(found: Any, expected: Any, path: str, out: list[str], limit: int = 8) -> None:
    """JSON paths where ``found`` (the file) differs from ``expected`` (a fresh export)."""
    if len(out) >= limit or found == expected:
        return
    if isinstance(found, dict) and isinstance(expected, dict):
        for key in list(expected) + [k for k in found if k not in expected]:
            differences(found.get(key), expected.get(key), f"{path}.{key}", out, limit)
        return
    if path.endswith(".extension") and isinstance(found, (list, type(None))) and isinstance(expected, (list, type(None))):
        change = _extension_change(found or [], expected or [])
        if change:  # extensions added or removed: say which
            out.append(path + change)
            return
    if isinstance(found, list) and isinstance(expected, list) and len(found) == len(expected):
        for index, (a, b) in enumerate(zip(found, expected)):
            label = a.get("linkId") if isinstance(a, dict) and isinstance(a.get("linkId"), str) else None
            differences(a, b, f"{path}[{index}]" + (f"({label})" if label else ""), out, limit)
        return
    out.append(path)


def _extension_change(found: list[Any], expected: list[Any]) -> str:
    """What differs in a list of extensions, by name: ' (itemWeight, ordinalValue missing)'."""
    def urls(extensions: list[Any]) -> list[str]:
        return [short(str(e.get("url", ""))) if isinstance(e, dict) else "?" for e in extensions]

    have, want = urls(found), urls(expected)
    missing = [url for url in dict.fromkeys(want) if have.count(url) < want.count(url)]
    added = [url for url in dict.fromkeys(have) if have.count(url) > want.count(url)]
    parts = ([f"{', '.join(missing)} missing"] if missing else []) + ([f"{', '.join(added)} added"] if added else [])
    return f" ({'; '.join(parts)})" if parts else ""


# ------------------------------------------------------------ locating the loader's problems

ORIGIN = "@@origin "
_PROBLEM = re.compile(r"^.*?:(\d+):(\d+): (error|warning): (.*)$", re.S)


def strip_origins(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The YAML without its origin marker comments, and (line, JSON path) for each marker."""
    lines, origins = [], []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("# " + ORIGIN):
            origins.append((len(lines) + 1, stripped[len("# " + ORIGIN):]))
            continue
        lines.append(line)
    return "\n".join(lines), origins


def locate(line: int, origins: list[tuple[int, str]]) -> str:
    found = "Questionnaire"
    for start, origin in origins:
        if start > line:
            break
        found = origin
    return found


def item_paths(resource: dict[str, Any]) -> dict[str, str]:
    """linkId -> the item's JSON path."""
    paths: dict[str, str] = {}
    stack = [(item, f"Questionnaire.item[{i}]") for i, item in enumerate(as_list(resource.get("item")))]
    while stack:
        item, path = stack.pop()
        if isinstance(item, dict) and isinstance(item.get("linkId"), str):
            paths.setdefault(item["linkId"], path)
            stack.extend((child, f"{path}.item[{i}]") for i, child in enumerate(as_list(item.get("item"))))
    return paths


def track_reading() -> tuple[set[int], Any]:
    """Start noting the extensions read; returns (the set, the token to stop with)."""
    read: set[int] = set()
    return read, _READ.set(read)


def stop_tracking(token: Any) -> None:
    _READ.reset(token)


def stray_own_extensions(resource: dict[str, Any], read: set[int]) -> list[tuple[str, str]]:
    """(JSON path, warning) for every screening-* extension the import did not read: one
    added by hand or by another tool where screening's export never puts one."""
    found = []
    stack: list[tuple[Any, str]] = [(resource, "Questionnaire")]
    while stack:
        element, path = stack.pop()
        if isinstance(element, list):
            stack.extend((value, f"{path}[{index}]") for index, value in enumerate(element))
        elif isinstance(element, dict):
            for key, value in element.items():
                if key == "extension" and isinstance(value, list):
                    for index, extension in enumerate(value):
                        url = extension.get("url") if isinstance(extension, dict) else None
                        if isinstance(url, str) and url.startswith(names.OWN_EXTENSION) and id(extension) not in read:
                            found.append((f"{path}.extension[{index}]", f"a {short(url)[:60]} extension here is not where screening's export puts one; it was ignored"))
                stack.append((value, f"{path}.{key}"))
    return sorted(found)
