"""Untrusted YAML: 1.2 scalars, and every refusal with a location."""

from __future__ import annotations

import time

import pytest
import yaml

from screening.engine.problems import FileError
from screening.engine.format import yaml_source
from screening.engine.format.yaml_source import MAX_FILE_BYTES, decode_source, load_yaml_file, parse_yaml


def error_of(text: str) -> str:
    with pytest.raises(FileError) as caught:
        parse_yaml("f.yaml", text)
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def test_yaml_1_2_scalars_keep_yes_no_on_off_as_strings():
    data, _ = parse_yaml("f.yaml", "a: no\nb: yes\nc: on\nd: off\ne: 2020-01-02\nf: true\ng: 12\nh: 1.5\ni: ~\nj: '3'\nk: 0x1f\n")
    assert data == {"a": "no", "b": "yes", "c": "on", "d": "off", "e": "2020-01-02", "f": True, "g": 12, "h": 1.5, "i": None, "j": "3", "k": 31}


def test_version_like_numbers_stay_numbers_so_the_model_can_refuse_them():
    data, _ = parse_yaml("f.yaml", "version: 1.10\n")
    assert data == {"version": 1.1}


def test_every_node_has_a_location():
    _, source = parse_yaml("f.yaml", "a:\n  b: [1, 2]\n  c: x\n")
    assert source.where(("a", "b", 1)) == (2, 10)
    assert source.where(("a", "c")) == (3, 6)
    assert source.key_where(("a", "c")) == (3, 3)


def test_duplicate_keys_are_refused_at_the_second():
    assert error_of("a: 1\nb: 2\na: 3\n") == "f.yaml:3:1: error: duplicate key 'a' (first at line 1)"


def test_anchors_and_aliases_are_refused():
    assert "anchors ('&x') are not allowed" in error_of("a: &x 1\nb: *x\n")
    assert error_of("a: &x 1\n").startswith("f.yaml:1:4:")


def test_alias_bomb_is_refused_fast():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 9) + "]")
    start = time.perf_counter()
    message = error_of("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 0.5
    assert "anchors" in message


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['touch /tmp/screening-pwned']\n",
        "a: !!python/name:os.system\n",
        "a: !custom x\n",
        "a: !!str 3\n",
        "!!map {a: 1}\n",
    ],
)
def test_tags_are_refused_and_never_constructed(text, tmp_path):
    assert "tags" in error_of(text)


def test_python_tag_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    with pytest.raises(FileError):
        parse_yaml("f.yaml", f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert not marker.exists()


def test_multiple_documents_are_refused():
    assert error_of("a: 1\n---\nb: 2\n") == "f.yaml:2:1: error: only one YAML document is allowed in a file (remove '---')"


def test_tabs_get_a_plain_message():
    assert error_of("a:\n\tb: 1\n") == "f.yaml:2:1: error: a tab character where YAML needs spaces; indent with spaces only"


def test_syntax_errors_are_located():
    assert error_of("a: [1, 2\nb: 3\n").startswith("f.yaml:2:")
    assert "YAML syntax" in error_of("a: 'open\n")


def test_control_characters_are_located():
    assert error_of("a: b\nc: \x07\n") == "f.yaml:2:4: error: control character U+0007 is not allowed in YAML"


DEEP_FLOW = "a: " + "[" * 5000 + "]" * 5000 + "\n"
# Block nesting: 60 levels of "k:" mappings, two spaces an indent.
DEEP_BLOCK = "".join("  " * depth + "k:\n" for depth in range(60)) + "  " * 60 + "v\n"


def test_deep_nesting_is_refused_with_the_loaders_own_message():
    # Depth 41 is the 41st '[' (the root mapping is depth 1): column 3 + 40 = 43.
    assert error_of(DEEP_FLOW) == "f.yaml:1:43: error: the file is nested more than 40 levels deep"
    # ... and the 41st block mapping starts on line 41, indented 40 levels... one less:
    # the mapping under key 40 starts where its first key is.
    assert error_of(DEEP_BLOCK) == "f.yaml:41:81: error: the file is nested more than 40 levels deep"


class _LibyamlWithLimit:
    """What PyYAML 6.0.4's C parser does: it reads ahead and stops at its own limit of
    1,000 levels before handing out the events past our limit of 40."""

    def __init__(self, real_parse):
        self.real_parse = real_parse

    def __call__(self, text, Loader):  # noqa: N803 - yaml.parse's own keyword
        if Loader is yaml_source._PureLoader:
            yield from self.real_parse(text, Loader=Loader)
            return
        mark = yaml.Mark("<unicode string>", 1002, 0, 1002, None, None)
        yield from list(self.real_parse("a: [[[1]]]\n", Loader=Loader))[:3]
        raise yaml.scanner.ScannerError(
            "while increasing flow level", mark, "exceeded maximum nesting depth", mark
        )


@pytest.mark.parametrize("text", [DEEP_FLOW, DEEP_BLOCK], ids=["flow", "block"])
@pytest.mark.parametrize("parser", ["installed", "libyaml-0.2.5-limit", "pure-python"])
def test_the_depth_limit_does_not_depend_on_the_pyyaml_version(monkeypatch, text, parser):
    """PyYAML 6.0.1-6.0.3 hand every event over (our limit decides); 6.0.4's C parser stops
    at 1,000 levels with a message of its own; the pure-Python parser has no limit. The
    clinician sees the same error at the same place with each of them."""
    expected = error_of(text)
    if parser == "libyaml-0.2.5-limit":
        monkeypatch.setattr(yaml_source.yaml, "parse", _LibyamlWithLimit(yaml.parse))
    elif parser == "pure-python":
        monkeypatch.setattr(yaml_source, "_Loader", yaml_source._PureLoader)
    assert error_of(text) == expected
    assert "nested more than 40 levels deep" in expected


def test_a_parser_error_that_is_not_about_depth_is_reported_as_it_is():
    assert "YAML syntax" in error_of("a: [1, 2\nb: 3\n")


def test_complex_keys_are_refused():
    assert "a key must be a plain word" in error_of("? [a, b]\n: 1\n")


def test_empty_text_gives_none():
    assert parse_yaml("f.yaml", "")[0] is None
    assert parse_yaml("f.yaml", "# only a comment\n")[0] is None


def test_non_utf8_is_located():
    with pytest.raises(FileError) as caught:
        decode_source("f.yaml", "a: b\nc: caf".encode() + b"\xe9\n")
    assert str(caught.value) == "f.yaml:2:7: error: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"


def test_utf8_bom_is_accepted():
    assert decode_source("f.yaml", b"\xef\xbb\xbfa: 1\n") == "a: 1\n"


def test_oversized_files_are_refused_before_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 10))
    with pytest.raises(FileError) as caught:
        load_yaml_file(str(path))
    assert "the limit is" in str(caught.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(FileError, match="no such file"):
        load_yaml_file(str(tmp_path / "nope.yaml"))
    with pytest.raises(FileError, match="folder"):
        load_yaml_file(str(tmp_path))


def test_compact_spans_round_trip_and_clamp():
    from screening.engine.format.source_map import Span, _key_span, _pack, _value_span, _with_key

    packed = _with_key(_pack(70_000, 12, 70_001, 3, "|"), 69_999, 4)
    assert _value_span(packed) == Span(70_000, 12, 70_001, 3, "|")
    assert _key_span(packed) == Span(69_999, 4, 69_999, 4)
    assert _key_span(_pack(1, 2, 3, 4)) is None
    huge = _value_span(_pack(2**40, 0, 0, 0))  # beyond any file the limits allow: clamped, not wrapped
    assert huge.line == 2**22 - 1 and huge.col == 0


def test_raw_text_of_nodes_with_every_kind_of_line_break():
    text = "a: 1\r\nb: 'x'\rc: |\n  two\n  lines\nd: end"
    data, source = parse_yaml("f.yaml", text)
    assert data["b"] == "x"
    assert source.raw(source.value(("b",))) == "'x'"
    assert source.where(("c",)) == (3, 4)
    assert source.raw(source.value(("d",))) == "end"
    assert source.key_where(("d",)) == (6, 1)
