"""'Did you mean ...?' for misspelled names, keys and option ids."""

from __future__ import annotations

from collections.abc import Iterable


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A suffix like " (did you mean 'show_if'?)", or "" when nothing is close.

    Never the word itself: when it is a real name that is not allowed here, the
    caller says where it belongs instead."""
    import difflib  # only when something is misspelled: not on every start-up

    matches = difflib.get_close_matches(word, sorted(set(candidates) - {word}), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
