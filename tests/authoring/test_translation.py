"""The translation round trip: texts out to a PO file, translated texts back into the YAML."""

from __future__ import annotations

import re
import textwrap

import polib

from screening.authoring.translation import text_nodes
from screening.engine.loader import load_questionnaire
from tests.conftest import BUNDLED, MINIMAL, run_cli


def export(path: str, language: str, po_path: str) -> polib.POFile:
    result = run_cli("translate", "export", path, "--lang", language, "--output", po_path)
    assert result.returncode == 0, result.stderr
    return polib.pofile(po_path)


def test_bundled_questionnaire_to_a_new_language_and_back(tmp_path):
    po_path = str(tmp_path / "fr.po")
    po = export(str(BUNDLED), "fr", po_path)
    original = load_questionnaire(str(BUNDLED))
    nodes = text_nodes(original)
    assert [entry.msgctxt for entry in po] == [node.id for node in nodes]
    assert "sections.pain.questions.pain_duration.text" in {entry.msgctxt for entry in po}
    assert po.metadata["Language"] == "fr" and all(entry.msgstr == "" for entry in po)
    assert po[0].occurrences == [(BUNDLED.name, "16")] and po[0].msgid == original.title["en"]
    for entry in po:
        entry.msgstr = "FR " + entry.msgid
    po.save(po_path)
    out = str(tmp_path / "out.yaml")
    result = run_cli("translate", "import", str(BUNDLED), po_path, "--output", out)
    assert result.returncode == 0, result.stderr
    assert f"124 texts translated into 'fr'. Wrote {out}: valid." in result.stderr
    assert run_cli("validate", out).returncode == 0
    # valid, with one warning: the app's own words have no French yet (so --strict fails)
    strict = run_cli("validate", "--strict", out)
    assert strict.returncode == 1
    assert [line for line in strict.stderr.splitlines() if "warning:" in line] == [
        line for line in strict.stderr.splitlines() if "the app's own words exist in en, es only" in line
    ]
    translated = load_questionnaire(out)
    assert translated.languages == ["en", "es", "fr"]
    for before, after in zip(nodes, text_nodes(translated)):
        assert after.id == before.id
        assert after.value == {**before.value, "fr": "FR " + before.value["en"]}
    # and out again: the translations are there for the translator to revise
    again = export(out, "fr", str(tmp_path / "again.po"))
    assert all(entry.msgstr == "FR " + entry.msgid for entry in again)


COMMENTED = textwrap.dedent(
    """\
    # A header comment the clinic wrote.
    format: 1
    id: commented
    version: "2"   # bump on every change
    title: {en: "Pain, today", es: "Dolor, hoy"}
    languages: [en, es]
    disclaimer:
      en: >-
        Not a diagnosis; a clinician
        reads it with you.
      es: >-
        No es un diagnóstico.
    sections:
      # the only section
      - id: s1
        title: {en: First, es: Primera}
        questions:
          - id: level
            type: scale
            text: {en: 'How bad is it, 0 to 10?', es: '¿Cuánto, de 0 a 10?'}  # keep 0 and 10
            min_label: {en: None, es: Nada}
            max_label:
              en: Worst
              es: Peor
    outcomes:
      - id: ok
        otherwise: true
        title: {en: OK, es: Bien}
        text: {en: Thanks., es: Gracias.}
    examples:
      - name: any
        answers: {level: 3}
        expect: {outcome: ok, flags: []}
    """
)


def test_comments_and_flow_mappings_survive_unchanged_apart_from_the_new_texts(write, tmp_path):
    path = write(COMMENTED)
    po_path = str(tmp_path / "fr.po")
    po = export(path, "fr", po_path)
    for entry in po:
        entry.msgstr = f"«{entry.msgid}» fr"
    po.save(po_path)
    result = run_cli("translate", "import", path, po_path)
    assert result.returncode == 0, result.stderr
    new = open(path, encoding="utf-8").read()
    assert new != COMMENTED
    # take the French back out: what is left is the original, byte for byte
    stripped = re.sub(r", fr: [^}\n]*\}", "}", new)
    stripped = "\n".join(line for line in stripped.split("\n") if not line.lstrip().startswith("fr:"))
    assert stripped.replace("languages: [en, es, fr]", "languages: [en, es]") == COMMENTED
    assert "# keep 0 and 10" in new and "# bump on every change" in new and "# the only section" in new
    assert load_questionnaire(path).outcomes[0].text["fr"] == "«Thanks.» fr"
    assert "fr: '«How bad is it, 0 to 10?» fr'" in new  # a comma inside { } is quoted


def test_single_language_file_gets_mappings(write, tmp_path):
    path = write(MINIMAL)
    po_path = str(tmp_path / "es.po")
    po = export(path, "es", po_path)
    for entry in po:
        entry.msgstr = "ES " + entry.msgid
    po.save(po_path)
    out = str(tmp_path / "out.yaml")
    result = run_cli("translate", "import", path, po_path, "--output", out)
    assert result.returncode == 0, result.stderr
    translated = load_questionnaire(out)
    assert translated.languages == ["en", "es"]
    assert translated.questions[0].text == {"en": "Age?", "es": "ES Age?"}
    assert "languages: [en, es]" in open(out, encoding="utf-8").read()


def test_a_po_file_with_every_kind_of_problem(write, tmp_path):
    text = MINIMAL.replace("text: Thanks.", "text: 'Thanks, {name}.'")
    path = write(text)
    po_path = str(tmp_path / "es.po")
    po = export(path, "es", po_path)
    for entry in po:
        entry.msgstr = "ES " + entry.msgid
    by_id = {entry.msgctxt: entry for entry in po}
    by_id["sections.s1.questions.age.text"].msgctxt = "sections.s1.questions.agee.text"  # wrong id
    po.remove(by_id["sections.s1.questions.level.text"])  # missing entry
    by_id["sections.s1.questions.sad.text"].flags.append("fuzzy")  # fuzzy
    by_id["sections.s1.questions.info.text"].msgstr = "ES Gracias, {nombre}."  # broken placeholder
    by_id["crisis"].msgstr = "Llame al nueve-ocho-ocho."  # the crisis number lost
    by_id["title"].msgstr = ""  # not translated yet
    po.save(po_path)
    lines = {entry.msgctxt: entry.linenum for entry in polib.pofile(po_path)}
    result = run_cli("translate", "import", path, po_path)
    assert result.returncode == 1
    assert open(path, encoding="utf-8").read() == text  # a working file is never replaced by a broken one
    messages = result.stderr.splitlines()
    expected = [
        f"{po_path}:1:1: warning: sections.s1.questions.age.text (line 13 of the questionnaire) has no entry in the PO file",
        f"{po_path}:1:1: warning: sections.s1.questions.level.text (line 21 of the questionnaire) has no entry in the PO file",
        f"{po_path}:{lines['title']}:1: warning: title: not translated yet",
        f"{po_path}:{lines['crisis']}:1: error: crisis: the translation leaves out 988 from the source "
        "(a phone number or a dose must stay); keep every number",
        f"{po_path}:{lines['sections.s1.questions.agee.text']}:1: error: 'sections.s1.questions.agee.text' is not a text "
        "of this questionnaire (did you mean 'sections.s1.questions.age.text'?); the entry was not used",
        f"{po_path}:{lines['sections.s1.questions.sad.text']}:1: warning: sections.s1.questions.sad.text: "
        "marked fuzzy (the translator was not sure); not used until it is reviewed",
        f"{po_path}:{lines['sections.s1.questions.info.text']}:1: error: sections.s1.questions.info.text: the placeholders "
        "differ from the source (source: {name}; translation: {nombre}); copy them exactly",
    ]
    for line in expected:
        assert line in messages, "\n".join(messages)
    assert messages[-1].endswith("was left unchanged; give --output to write it elsewhere.")
    assert "missing and" in messages[-1] and "fuzzy or outdated, not filled in" in messages[-1]
    # written elsewhere on request: the gaps are errors of the result, at their lines
    out = str(tmp_path / "partial.yaml")
    partial = run_cli("translate", "import", path, po_path, "--output", out)
    assert partial.returncode == 1
    assert f"{out}:14:15: error: the question text needs a translation for each language (en, es), e.g. en: ..." in partial.stderr


def test_wrong_usage_and_unreadable_po(write, tmp_path):
    path = write(MINIMAL)
    assert run_cli("translate", "export", path, "--lang", "en").returncode == 2
    assert run_cli("translate", "export", path, "--lang", "Spanish").returncode == 2
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b"\nfoo bar\n', encoding="utf-8")
    result = run_cli("translate", "import", path, str(broken))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"{broken}:3:1: error: not a readable PO file: a syntax error; check the quotes on this line"
    broken.write_bytes(b"\xff\xfe garbage")
    result = run_cli("translate", "import", path, str(broken))
    assert result.stderr.strip() == f"{broken}:1:1: error: the file is not UTF-8 text (byte 0xff); save it as UTF-8"
    # an export sent back untranslated, and a PO file with nothing in it: nothing written, exit 1
    before = open(path, encoding="utf-8").read()
    untranslated = str(tmp_path / "es.po")
    export(path, "fr", untranslated)
    result = run_cli("translate", "import", path, untranslated, "--output", str(tmp_path / "out.yaml"))
    assert result.returncode == 1, result.stderr
    assert re.search(r"es\.po: no text in it is translated into 'fr' \(\d+ not translated yet\); nothing was written", result.stderr)
    assert not (tmp_path / "out.yaml").exists()
    empty = tmp_path / "empty.po"
    empty.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    result = run_cli("translate", "import", path, str(empty))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"{empty}:1:1: error: the PO file has no entries (no texts to import); "
        "export one with 'screening translate export'; nothing was written"
    )
    assert open(path, encoding="utf-8").read() == before
    missing = run_cli("translate", "import", path, str(tmp_path / "none.po"))
    assert missing.returncode == 1 and missing.stderr.strip() == f"{tmp_path / 'none.po'}:1:1: error: no such file"


def _translated(path: str, po_path: str, language: str = "fr") -> polib.POFile:
    po = export(path, language, po_path)
    for entry in po:
        entry.msgstr = "FR " + entry.msgid
    return po


def test_a_po_file_exported_from_another_questionnaire_is_refused_in_one_error(tmp_path):
    # a PO from phq-9 imported into peg: one error naming both, at the header's line, nothing written
    peg, phq9 = tmp_path / "peg.yaml", tmp_path / "phq-9.yaml"
    for name, target in (("peg.yaml", peg), ("phq-9.yaml", phq9)):
        target.write_bytes((BUNDLED.parent / name).read_bytes())
    po_path = str(tmp_path / "phq9-fr.po")
    _translated(str(phq9), po_path).save(po_path)
    header_line = open(po_path, encoding="utf-8").read().splitlines().index('"Project-Id-Version: phq-9 1.0.0\\n"') + 1
    before = peg.read_bytes()
    result = run_cli("translate", "import", str(peg), po_path, "--output", str(tmp_path / "out.yaml"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{po_path}:{header_line}:1: error: this PO file was exported from questionnaire 'phq-9', not 'peg'; "
        "export the texts of peg.yaml with 'screening translate export'; nothing was written"
    ]
    assert peg.read_bytes() == before and not (tmp_path / "out.yaml").exists()


def test_another_version_of_the_same_questionnaire_and_a_hand_made_header_still_import(write, tmp_path):
    path = write(MINIMAL)
    po_path = str(tmp_path / "fr.po")
    po = _translated(path, po_path)
    assert po.metadata["Project-Id-Version"] == f"{load_questionnaire(path).id} {load_questionnaire(path).version}"
    for header in (f"{load_questionnaire(path).id} 0.1-old", "PACKAGE VERSION", ""):
        po.metadata["Project-Id-Version"] = header
        po.save(po_path)
        out = tmp_path / "out.yaml"
        result = run_cli("translate", "import", path, po_path, "--output", str(out))
        assert result.returncode == 0, result.stderr
        assert "translated into 'fr'" in result.stderr and out.exists()
        out.unlink()


def test_a_po_file_whose_entries_are_all_fuzzy_says_so(write, tmp_path):
    path = write(MINIMAL)
    po_path = str(tmp_path / "fr.po")
    po = _translated(path, po_path)
    for entry in po:
        entry.flags.append("fuzzy")
    po.save(po_path)
    first = polib.pofile(po_path)[0].linenum
    result = run_cli("translate", "import", path, po_path, "--output", str(tmp_path / "out.yaml"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{po_path}:{first}:1: error: every entry ({len(po)}) is marked fuzzy (the translator was not sure: it needs review); "
        "fuzzy entries are not imported. Review the translations and remove the fuzzy marks; nothing was written"
    ]
    assert not (tmp_path / "out.yaml").exists()
    # some fuzzy and the rest untranslated: the closing line counts both
    po[0].flags.remove("fuzzy")
    po[0].msgstr = ""
    po.save(po_path)
    result = run_cli("translate", "import", path, po_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"{po_path}: no text in it is translated into 'fr' (1 not translated yet, {len(po) - 1} fuzzy or outdated); nothing was written"
    )


def test_an_empty_po_file_says_it_is_empty(write, tmp_path):
    path = write(MINIMAL)
    empty = tmp_path / "empty.po"
    empty.write_text("", encoding="utf-8")
    result = run_cli("translate", "import", path, str(empty))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"{empty}:1:1: error: the PO file is empty: no header and no entries; "
        "export one with 'screening translate export'; nothing was written"
    )


def test_a_second_entry_for_the_same_text_is_an_error_and_nothing_is_written(write, tmp_path):
    path = write(MINIMAL)
    po_path = str(tmp_path / "fr.po")
    po = _translated(path, po_path)
    first = next(entry for entry in po if entry.msgctxt == "title")
    po.append(polib.POEntry(msgctxt="title", msgid=first.msgid, msgstr="Un autre titre"))
    po.save(po_path)
    lines = [entry.linenum for entry in polib.pofile(po_path) if entry.msgctxt == "title"]
    before = open(path, encoding="utf-8").read()
    for extra in ((), ("--output", str(tmp_path / "out.yaml"))):
        result = run_cli("translate", "import", path, po_path, *extra)
        assert result.returncode == 1
        assert result.stderr.splitlines() == [
            f"{po_path}:{lines[1]}:1: error: a second entry for 'title' (first at line {lines[0]}); keep one of them; nothing was written"
        ]
    assert open(path, encoding="utf-8").read() == before and not (tmp_path / "out.yaml").exists()


def test_counts_of_one_are_singular(write, tmp_path):
    path = write(MINIMAL)
    po_path = str(tmp_path / "fr.po")
    po = export(path, "fr", po_path)
    po[0].msgstr = "FR " + po[0].msgid
    po.save(po_path)
    result = run_cli("translate", "import", path, po_path, "--output", str(tmp_path / "out.yaml"))
    assert f"{po_path}: 1 text translated into 'fr';" in result.stderr
