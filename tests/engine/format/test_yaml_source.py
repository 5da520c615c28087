"""Untrusted YAML: 1.2 scalars, and every refusal with a location."""

from __future__ import annotations

import time

import pytest

from screening.engine.problems import FileError
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


def test_deep_nesting_is_refused_without_recursion_error():
    message = error_of("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested more than" in message


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
