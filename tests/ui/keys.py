"""Keys as a terminal delivers them: a burst arrives at once, faster than any screen change."""

from __future__ import annotations

import unicodedata

from textual import events
from textual.app import App
from textual.keys import _character_to_key, _get_unicode_name_from_key


def key_event(key: str) -> events.Key:
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        character: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


def burst(app: App, keys: list[str]) -> None:
    """Post every key at once, stamped together (a held key, a fast typist, a paste of keys)."""
    for key in keys:
        app.post_message(key_event(key))
