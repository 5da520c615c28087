"""The yardstick for start-up: a bare Textual app that shows one line of text."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Static("Bare app is on screen")


if __name__ == "__main__":
    Bare().run()
