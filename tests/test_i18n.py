"""Every word the app itself shows exists in every language it speaks."""

from __future__ import annotations

import re
import string

from screening.i18n import LANGUAGE_NAMES, LANGUAGES, STRINGS, t
from tests.conftest import ROOT


def test_every_app_string_has_every_language():
    for key, texts in STRINGS.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(text.strip() for text in texts.values()), key


def test_placeholders_match_across_languages():
    for key, texts in STRINGS.items():
        fields = {language: {f for _, f, _, _ in string.Formatter().parse(text) if f} for language, text in texts.items()}
        assert len({frozenset(f) for f in fields.values()}) == 1, (key, fields)


def test_every_key_used_in_the_code_exists():
    used: set[str] = set()
    for path in (ROOT / "src" / "screening").rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+|yes|no|not_sure)["']""", path.read_text(encoding="utf-8")))
    missing = used - set(STRINGS)
    assert not missing


def test_languages_have_names():
    assert set(LANGUAGE_NAMES) >= set(LANGUAGES)


def test_missing_language_falls_back_to_english():
    assert t("ui.next", "fr") == "Next"


def test_a_count_of_one_reads_in_the_singular_everywhere():
    from screening.i18n import STRINGS, t
    from screening.web.words import w

    assert t("kiosk.idle_text", "en", seconds=1).endswith("cleared in 1 second.")
    assert t("kiosk.idle_text", "en", seconds=2).endswith("cleared in 2 seconds.")
    assert t("plain.idle_text", "es", seconds=1).endswith("se borrarán en 1 segundo.")
    assert w("ui.text_hint", "en", max=1) == "Type your answer (1 character)."
    assert t("error.too_many_digits", "es", max=1) == "Por favor, escriba un número de 1 carácter."
    for key in STRINGS:
        if key.endswith(".one"):
            assert set(STRINGS[key]) == set(STRINGS[key[: -len(".one")]]), key  # every language of the plural
