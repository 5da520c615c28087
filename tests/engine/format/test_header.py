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
