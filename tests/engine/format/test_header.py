"""The quick first-screen read agrees with the real loader, or says it cannot tell."""

from __future__ import annotations

import pytest

from screening.engine.format.header import read_header, scan_header
from screening.engine.loader import load_questionnaire
from tests.conftest import BUNDLED, ROOT


@pytest.mark.parametrize("path", sorted((ROOT / "questionnaires").glob("*.yaml")), ids=lambda p: p.name)
def test_quick_read_matches_the_loader_on_bundled_files(path):
    header = read_header(str(path))
    questionnaire = load_questionnaire(str(path))
    assert header is not None
    for language in questionnaire.languages:
        for field in ("title", "intro", "disclaimer"):
            assert header.text(getattr(header, field), language) == questionnaire.text(getattr(questionnaire, field), language)
    assert header.languages == questionnaire.languages


@pytest.mark.parametrize(
    "text, title",
    [
        ("title: Plain words\n", "Plain words"),
        ("title: 'It''s quoted'\n", "It's quoted"),
        ('title: "Double"\n', "Double"),
        ("title: >-\n  folded\n  lines\n", "folded lines"),
        ("title: |\n  kept\n  lines\n", "kept\nlines"),
        ("title:\n  en: English\n  es: Español\n", {"en": "English", "es": "Español"}),
        ("# comment\ntitle: A # not a comment? yes it is\n", None),
        ('title: "esc\\"aped"\n', None),
        ("title: &anchor x\n", None),
        ("title: {en: x}\n", None),
        ("- a list\n", None),
    ],
)
def test_shapes(text, title):
    found = scan_header(text + "sections: []\n")
    if title is None:
        assert found is None
    else:
        assert found is not None and found["title"] == title


def test_unreadable_files_give_none(tmp_path):
    assert read_header(str(tmp_path / "missing.yaml")) is None
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"title: \xff\n")
    assert read_header(str(bad)) is None


def test_bundled_languages():
    assert read_header(str(BUNDLED)).languages == ["en", "es"]


# ---------------------------------------------------------------- agreement with the real parser

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from screening.engine.format.yaml_source import parse_yaml  # noqa: E402
from screening.engine.problems import FileError  # noqa: E402
from tests.conftest import MINIMAL  # noqa: E402

_FIELDS = ("title", "intro", "disclaimer", "languages", "id", "version")


def _yaml_files() -> list:
    found = set()
    for folder, pattern in ((ROOT / "questionnaires", "*.yaml"), (ROOT / "src" / "screening" / "questionnaires", "*.yaml"), (ROOT / "tests", "**/*.yaml"), (ROOT / "tests", "**/*.yml")):
        found.update(path.resolve() for path in folder.glob(pattern))
    return sorted(found)


def assert_agrees(text: str) -> bool:
    """The quick read says nothing, or what the real parser says; True when it said something."""
    found = scan_header(text)
    if found is None:
        return False
    try:
        data, _ = parse_yaml("f.yaml", text)
    except FileError:
        return True  # an invalid file: the real load reports it right after the first paint
    assert isinstance(data, dict)
    for key in _FIELDS:
        if key in found:
            real = data.get(key)
            if key in ("id", "version"):
                assert str(found[key]) == str(real), key
            elif isinstance(real, str):
                assert found[key].rstrip("\n") == real.rstrip("\n"), key  # the app strips the final newline
            else:
                assert found[key] == real, key
    return True


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: p.name)
def test_quick_read_agrees_with_the_real_parser_on_every_bundled_and_test_file(path):
    assert assert_agrees(path.read_text(encoding="utf-8"))


def test_the_test_files_are_found():
    assert len(_yaml_files()) >= 7


def test_quick_read_agrees_on_the_test_questionnaires():
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_engine

    assert assert_agrees(MINIMAL)
    assert_agrees(bench_engine.generate_questionnaire(8))


_HEADER_LINES = BUNDLED.read_text(encoding="utf-8").split("sections:")[0].splitlines(keepends=True)
_NOISE = st.sampled_from(["'", '"', "#", ":", " ", "  ", "\n", "\t", "-", ">", "|", "[", "]", "{", "\\", "''", "é", "\n  ", ": x", " #"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 10**6), _NOISE), min_size=1, max_size=4))
def test_quick_read_agrees_with_the_real_parser_on_mutated_headers(edits):
    """Random edits to the bundled file's header: the quick read gives up or agrees."""
    text = "".join(_HEADER_LINES)
    for position, insert in edits:
        position %= len(text) + 1
        text = text[:position] + insert + text[position:]
    assert_agrees(text + "sections: []\n")



@pytest.mark.parametrize("continuation", ["\n  more", "\n #more", "\n\n  more"])
def test_what_the_quick_read_must_not_guess_about_a_plain_scalar(continuation):
    """Found by the mutation test: a blank line in a plain scalar folds into a line break (not a
    space), and an indented '#' line is a comment (not more text)."""
    text = "".join(_HEADER_LINES).replace("id: ketamine-chronic-pain\n", f"id: ketamine-chronic-pain{continuation}\n", 1)
    said = assert_agrees(text + "sections: []\n")  # agrees, or gives up
    assert said == (continuation == "\n  more")  # the two others: given up, not guessed
