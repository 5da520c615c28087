"""Every YAML snippet in docs/authoring.md is extracted and checked."""

from __future__ import annotations

import re

import pytest

from screening.engine.run.answer_file import load_answer_file
from screening.engine.run.examples import run_examples
from screening.engine.loader import load_questionnaire
from screening.engine.problems import FileError
from tests.conftest import ROOT

GUIDE = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
FENCE = re.compile(r"```([a-z]+(?: [a-z]+)?)\n(.*?)```", re.DOTALL)
BLOCKS = [(match.group(1), match.group(2)) for match in FENCE.finditer(GUIDE)]


def numbered(kind: str) -> list[tuple[int, str]]:
    return [(index, body) for index, (info, body) in enumerate(BLOCKS) if info == kind]


def test_the_guide_has_snippets_of_every_kind():
    kinds = {info for info, _ in BLOCKS}
    assert {"yaml", "yaml answers", "yaml invalid", "yaml warning", "text"} <= kinds
    assert len(numbered("yaml")) >= 5


@pytest.mark.parametrize("index, body", numbered("yaml"), ids=lambda v: str(v) if isinstance(v, int) else "")
def test_whole_file_snippets_validate_and_pass_their_examples(tmp_path, index, body):
    path = tmp_path / "snippet.yaml"
    path.write_text(body, encoding="utf-8")
    questionnaire = load_questionnaire(str(path))
    passed, problems = run_examples(questionnaire)
    assert problems == [], [str(p) for p in problems]
    assert passed == len(questionnaire.examples)


@pytest.mark.parametrize("index, body", numbered("yaml answers"), ids=lambda v: str(v) if isinstance(v, int) else "")
def test_answer_snippets_fit_the_questionnaire_before_them(tmp_path, index, body):
    questionnaire_body = next(b for i, (info, b) in reversed(list(enumerate(BLOCKS[:index]))) if info == "yaml")
    (tmp_path / "q.yaml").write_text(questionnaire_body, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(body, encoding="utf-8")
    session, warnings = load_answer_file(load_questionnaire(str(tmp_path / "q.yaml")), str(tmp_path / "a.yaml"))
    assert warnings == [] and session.complete


@pytest.mark.parametrize("index, body", numbered("yaml invalid"), ids=lambda v: str(v) if isinstance(v, int) else "")
def test_mistake_snippets_give_the_errors_shown(tmp_path, index, body):
    expected = [b for info, b in BLOCKS[index + 1 :] if info == "text"]
    path = tmp_path / "mistake.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(FileError) as caught:
        load_questionnaire(str(path))
    assert [str(p)[len(str(path)) + 1 :] for p in caught.value.problems] == expected[0].strip().splitlines()
    if "show_iff:" in body:  # the guide's second message is what the fixed file reports next
        path.write_text(body.replace("show_iff:", "show_if:"), encoding="utf-8")
        with pytest.raises(FileError) as caught:
            load_questionnaire(str(path))
        assert [str(p)[len(str(path)) + 1 :] for p in caught.value.problems] == expected[1].strip().splitlines()


@pytest.mark.parametrize("index, body", numbered("yaml warning"), ids=lambda v: str(v) if isinstance(v, int) else "")
def test_warning_snippets_give_the_warnings_shown(tmp_path, index, body):
    from screening.authoring.warnings import file_warnings

    expected = next(b for info, b in BLOCKS[index + 1 :] if info == "text")
    path = tmp_path / "warned.yaml"
    path.write_text(body, encoding="utf-8")
    questionnaire = load_questionnaire(str(path))
    passed, problems = run_examples(questionnaire)
    assert problems == [] and passed == len(questionnaire.examples)
    found = [str(p)[len(str(path)) + 1 :] for p in file_warnings(questionnaire)]
    assert found == expected.strip().splitlines()


def test_the_guide_stays_inside_the_repository():
    assert "shared/" not in GUIDE and "/work/" not in GUIDE and "../../" not in GUIDE
    for section in ("## 11. Warnings", "## 12. Translations", "### Duration answers", "### Every kind of error"):
        assert section in GUIDE
