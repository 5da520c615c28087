"""Impact of a change, from answer files and from a store."""

from __future__ import annotations

import json
import random

from screening.engine.loader import load_questionnaire
from tests.conftest import BUNDLED, run_cli

import sys
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_engine import random_answers  # noqa: E402


def threshold_change(tmp_path):
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    text = BUNDLED.read_text(encoding="utf-8")
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace("when: treatments_count < 2 or", "when: treatments_count < 3 or").replace('version: "1.1.0"', 'version: "1.2.0"'), encoding="utf-8")
    return old, new


def answer_files(tmp_path, count=40):
    folder = tmp_path / "answers"
    folder.mkdir()
    questionnaire = load_questionnaire(str(BUNDLED))
    rng = random.Random(11)
    sets = []
    for number in range(count):
        answers = random_answers(questionnaire, rng)
        (folder / f"set-{number:02d}.json").write_text(json.dumps(answers), encoding="utf-8")
        sets.append(answers)
    return folder, sets


def expected_changes(sets):
    """By hand: who moves to try_other_care_first when 2 treatments no longer count as enough."""
    from screening.engine.run.answer_file import session_from_mapping  # noqa: F401
    from screening.engine.run.answers import parse_answer
    from screening.engine.run.session import Session

    questionnaire = load_questionnaire(str(BUNDLED))
    moved = 0
    for answers in sets:
        session = Session(questionnaire)
        session.load_answers({k: parse_answer(questionnaire.question_by_id[k], v) for k, v in answers.items()})
        evaluation = session.evaluation()
        if evaluation.outcome_rule > 3 and evaluation.scores["treatments_count"] == 2:
            moved += 1
    return moved


def test_impact_from_answer_files(tmp_path):
    old, new = threshold_change(tmp_path)
    folder, sets = answer_files(tmp_path)
    (folder / "broken.json").write_text("{", encoding="utf-8")
    result = run_cli("impact", str(old), str(new), "--answers-dir", str(folder), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answer_sets"] == 41 and data["compared"] == 40
    changes = {(c["from"], c["to"]): c["count"] for c in data["outcome_changes"]}
    assert sum(changes.values()) == expected_changes(sets) > 0
    assert all(to == "try_other_care_first" for _, to in changes)
    [reason] = data["not_compared"]
    assert reason.startswith("old version: unreadable answer file: ") and data["not_compared"][reason]["examples"] == ["broken.json"]
    text = run_cli("impact", str(old), str(new), "--answers-dir", str(folder)).stdout
    assert "would change" in text and "-> try_other_care_first" in text


def test_impact_from_a_store(tmp_path):
    old, new = threshold_change(tmp_path)
    folder, sets = answer_files(tmp_path, count=8)
    store = str(tmp_path / "s.db")
    for path in sorted(folder.iterdir()):
        assert run_cli("evaluate", str(BUNDLED), "--answers", str(path), "--store", store).returncode == 0
    result = run_cli("impact", str(old), str(new), "--store", store, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["compared"] == 8
    assert sum(c["count"] for c in data["outcome_changes"]) == expected_changes(sets)


def test_no_change_and_new_questions(tmp_path):
    folder, _ = answer_files(tmp_path, count=5)
    added = BUNDLED.read_text(encoding="utf-8").replace(
        "      - id: substance_use\n",
        "      - id: sleep_trouble\n        type: yes_no\n        text: {en: Trouble sleeping?, es: ¿Problemas para dormir?}\n      - id: substance_use\n",
    )
    new = tmp_path / "new.yaml"
    new.write_text(added, encoding="utf-8")
    data = json.loads(run_cli("impact", str(BUNDLED), str(new), "--answers-dir", str(folder), "--format", "json").stdout)
    assert data["outcome_changes"] == [] and data["compared"] == 5
    assert data["unanswered_in_new"] == {"sleep_trouble": 5}


def test_impact_usage_errors(tmp_path):
    assert run_cli("impact", str(BUNDLED), str(BUNDLED)).returncode == 2
    assert run_cli("impact", str(BUNDLED), str(BUNDLED), "--answers-dir", str(tmp_path / "nope")).returncode == 2


def test_warnings_about_the_files_themselves(tmp_path):
    folder, _ = answer_files(tmp_path, count=3)
    (folder / "broken.json").write_text("{", encoding="utf-8")
    text = BUNDLED.read_text(encoding="utf-8")
    assert "id: ketamine-chronic-pain" in text and "      - id: pregnant\n" in text and "      - id: substance_use\n" in text
    new_text = (
        text.replace("id: ketamine-chronic-pain", "id: ketamine-pain", 1)
        .replace("when: treatments_count < 2 or", "when: treatments_count < 3 or")  # a rule changed, version not
        .replace("      - id: pregnant\n", "      - id: pregnant_now\n")  # renamed
        .replace("when: pregnant in", "when: pregnant_now in")
    )
    new = tmp_path / "new.yaml"
    new.write_text(new_text, encoding="utf-8")
    new_q = load_questionnaire(str(new))  # still a valid file
    assert "pregnant_now" in new_q.question_by_id
    result = run_cli("impact", str(BUNDLED), str(new), "--answers-dir", str(folder))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "warning: the files have different ids ('ketamine-chronic-pain' and 'ketamine-pain'): are they versions of the same questionnaire?"
    assert lines[2].startswith("warning: the version is '1.1.0' in both files, but the rules changed (")
    assert "outcome 'try_other_care_first'" in lines[2] and "give the new file a new version" in lines[2]
    assert lines[3] == (
        "warning: question 'pregnant' seems renamed to 'pregnant_now' (same type, text and options): "
        "stored answers to 'pregnant' are not read by the new version"
    )
    assert lines[4] == "3 of 4 answer sets compared; 1 could not be replayed (why: 'Not replayed' below)."
    assert "Not replayed (1):" in lines
    reason = lines[lines.index("Not replayed (1):") + 1]
    assert reason.strip().startswith("1  old version: unreadable answer file:") and "(e.g. broken.json)" in reason
    data = json.loads(run_cli("impact", str(BUNDLED), str(new), "--answers-dir", str(folder), "--format", "json").stdout)
    assert data["not_replayed"] == 1 and len(data["warnings"]) == 3


def test_dropped_question_and_same_file(write):
    from screening.authoring.impact import file_warnings
    from tests.conftest import MINIMAL

    dropped = "      - id: notes\n        type: text\n        text: Anything else?\n        required: false\n        max_length: 20\n"
    assert dropped in MINIMAL
    old_q = load_questionnaire(write(MINIMAL, "old.yaml"))
    new_q = load_questionnaire(write(MINIMAL.replace(dropped, "").replace('version: "1"', 'version: "2"'), "new.yaml"))
    assert file_warnings(old_q, new_q) == ["question 'notes' was dropped: stored answers to it are not read by the new version"]
    assert file_warnings(old_q, old_q) == []
