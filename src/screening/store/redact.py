"""Store URLs with their secrets blanked out: the one function for anything that prints one.

A PostgreSQL URL can carry a password in two places: the netloc
(``postgresql://user:secret@host/db``) and the query string
(``postgresql://user@host/db?password=secret``, which libpq accepts, as it does
``sslpassword`` and friends). Both are replaced by ``***``, as is any query
parameter whose name looks like a secret. Pure string work: no driver needed.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

MASK = "***"
# query parameter names whose values are secrets (libpq's, and the usual others)
_SECRET_NAME = re.compile(r"pass|pwd|secret|token|key|auth|credential|sig", re.IGNORECASE)
# a URL inside a longer text: scheme://, then anything up to white space or a quote
_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+")
# libpq's key=value form (host=... password=...), should one ever appear in a message
_KEYWORD_SECRET = re.compile(r"\b(\w*(?:password|passwd|pwd|secret|token)\w*)\s*=\s*('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def redact_url(url: str) -> str:
    """``url`` with the password in its netloc and every secret-looking query value as ``***``."""
    if "://" not in url:
        return _KEYWORD_SECRET.sub(lambda m: f"{m.group(1)}={MASK}", url)
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:  # not a URL after all (a bad port, a stray bracket): blank what looks secret
        return _KEYWORD_SECRET.sub(lambda m: f"{m.group(1)}={MASK}", url)
    secret_query = any(_SECRET_NAME.search(name) for name, _ in parse_qsl(parts.query, keep_blank_values=True))
    if password is None and not secret_query and not parts.fragment:
        return url  # nothing to hide: the text as given (urlunsplit would drop an empty netloc's //)
    netloc = parts.netloc
    if password is not None:
        userinfo, _, hostport = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:{MASK}@{hostport}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = "&".join(
            f"{quote(name, safe='')}={MASK if _SECRET_NAME.search(name) else quote(value, safe='')}" for name, value in pairs
        )
    fragment = MASK if parts.fragment else ""
    return urlunsplit(parts._replace(netloc=netloc, query=query, fragment=fragment))


def redact_text(text: str) -> str:
    """Every URL in ``text`` redacted, and any ``password=...`` outside one."""
    text = _URL_IN_TEXT.sub(lambda match: redact_url(match.group()), text)
    return _KEYWORD_SECRET.sub(lambda m: f"{m.group(1)}={MASK}" if MASK not in m.group(2) else m.group(), text)
