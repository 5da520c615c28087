"""A high-contrast theme (Textual has none built in)."""

from __future__ import annotations

from textual.app import App
from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#333333",
    warning="#FFFF00",
    error="#FF5555",
    success="#00FF00",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
)


def register_themes(app: App) -> None:
    app.register_theme(HIGH_CONTRAST)
