"""The yardstick for start-up: a bare Textual app that shows one line of text
and, on a key, a second one (the floor for "the first question takes keys")."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Static("Bare app is on screen", id="line")

    def on_key(self) -> None:
        self.query_one("#line", Static).update("Bare app took a key")


if __name__ == "__main__":
    Bare().run()
