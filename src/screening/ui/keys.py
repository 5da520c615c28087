"""Key bindings with footer labels in the person's language."""

from __future__ import annotations

from collections.abc import Iterable

from textual.dom import DOMNode

from screening.i18n import t


def bind(node: DOMNode, language: str, bindings: Iterable[tuple[str, str, str | None]], priority: bool = False) -> None:
    """Add (keys, action, i18n key or None for hidden) bindings to one node.

    ``priority`` bindings win over the focused widget's own (so Enter means
    'next' in every answer widget, and its hint always shows in the footer).
    """
    for keys, action, label in bindings:
        node._bindings.bind(keys, action, t(label, language) if label else "", show=label is not None, priority=priority)


def press_focused_button(screen: object) -> bool:
    """Enter on a focused button presses it. True when it did."""
    from textual.widgets import Button

    focused = getattr(screen, "focused", None)
    if isinstance(focused, Button):
        focused.press()
        return True
    return False


def dismiss_if_current(screen: object, result: object = None) -> None:
    """Dismiss ``screen`` only while it is the one shown.

    Textual's ``dismiss`` pops whatever screen is on top: a second Enter or Escape
    arriving after the first has already closed this one would close the next.
    """
    if getattr(screen, "is_current", False):
        screen.dismiss(result)  # type: ignore[attr-defined]
