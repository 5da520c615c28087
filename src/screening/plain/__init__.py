"""Plain mode: the questionnaire as plain lines on standard input and output.

For screen readers, braille displays and pipes: every line is printed once,
whole, and flushed; no colour, no cursor movement, no partial-line prompts.
The engine's :class:`~screening.engine.run.session.Session` does the walk, as
it does for the full-screen app. Never imports Textual (a test checks).
"""
