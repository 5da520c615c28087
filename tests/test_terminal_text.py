"""The one function every text passes on its way to a terminal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from screening.terminal_text import clean_free_text, first_control_character, for_terminal


def test_whole_escape_sequences_go_not_just_their_escape():
    assert for_terminal("a\x1b[31mred\x1b[0m b") == "ared b"
    assert for_terminal("x\x1b]52;c;aGVsbG8=\x07y") == "xy"  # OSC 52: the clipboard
    assert for_terminal("x\x1b]0;title\x1b\\y") == "xy"
    assert for_terminal("x\x9b2Jy") == "xy"  # 8-bit CSI
    assert for_terminal("x\x1bcy") == "xy"  # reset the terminal


def test_controls_go_newline_and_tab_stay_unless_single_line():
    assert for_terminal("a\x00b\x07c\x7fd\x85e\nf\tg") == "abcde\nf\tg"
    assert for_terminal("a\nb\tc\r\nd", single_line=True) == "a b c  d"


def test_bidi_controls_are_shown():
    assert for_terminal("abc\u202edef") == "abc<U+202E>def"


def test_free_text_is_nfc():
    assert clean_free_text("e\u0301") == "\u00e9"


def test_first_control_character():
    assert first_control_character("ab\x1bc") == 2
    assert first_control_character("ab\nc\t") is None


@given(st.text())
def test_nothing_a_terminal_obeys_survives(text):
    cleaned = for_terminal(text)
    assert first_control_character(cleaned) is None
    assert for_terminal(cleaned) == cleaned or "<U+" in cleaned
    assert "\n" not in for_terminal(text, single_line=True)


def _reference(text: str, single_line: bool = False) -> str:
    """for_terminal without its plain-ASCII shortcut: every text through the patterns."""
    from screening.terminal_text import _CONTROL, BIDI_CONTROLS, _patterns

    escape_sequence, line_breaks = _patterns()
    if single_line:
        text = line_breaks.sub(" ", text)
    text = escape_sequence.sub("", text)
    text = _CONTROL.sub("", text)
    return BIDI_CONTROLS.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


@given(
    st.text(alphabet=st.sampled_from(list("ab [];:\x1b\x07\x9b\x9c\r\n\t\x0b\x7f\x85\u202e\u2028é")) | st.characters(), max_size=40),
    st.booleans(),
)
def test_the_plain_text_shortcut_gives_what_the_patterns_give(text, single_line):
    assert for_terminal(text, single_line=single_line) == _reference(text, single_line)
