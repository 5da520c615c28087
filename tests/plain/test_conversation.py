"""Plain mode as a person at a screen reader (or a script) uses it: through a pipe, line by line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import BUNDLED, MINIMAL, ROOT, run_cli

# age, pain, level, kinds, (detail hidden), sad, weight, notes, when, the note
GOOD = ["40", "2 years", "3", "2", "no", "", "", "", ""]


def plain(path: str, lines: list[str], *extra: str, env: dict[str, str] | None = None):
    result = run_cli("run", path, "--plain", *extra, stdin="".join(line + "\n" for line in lines), env=env)
    assert "Traceback" not in result.stderr + result.stdout
    return result


@pytest.fixture
def mini(write):
    return write(MINIMAL)


def test_a_whole_walk_ends_with_the_summary(mini):
    result = plain(mini, GOOD + ["yes"])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "First. Question 1 of 8" in out
    assert out[: out.index("Check your answers")].count("Age?") == 1  # each question printed once
    assert "  3. None of these" in out
    assert "Result: OK" in out and out.rstrip().endswith("Not a diagnosis.")
    assert "\x1b" not in out  # no colour, no cursor movement


def test_accessible_in_the_environment_chooses_plain_mode(mini):
    result = run_cli("run", mini, stdin="\n".join(GOOD + ["yes"]) + "\n", env={"ACCESSIBLE": "1"})
    assert result.returncode == 0, result.stderr
    assert "Question 1 of 8" in result.stdout and "Result: OK" in result.stdout


def test_end_of_input_before_submitting_exits_3_without_a_summary(mini):
    for lines in ([], GOOD[:3], GOOD):
        result = plain(mini, lines)
        assert result.returncode == 3
        assert "Result:" not in result.stdout
        assert "not submitted" in result.stderr


def test_an_empty_line_on_a_required_question_asks_again_with_the_reason(mini):
    result = plain(mini, ["", "40"] + GOOD[1:] + ["yes"])
    assert result.returncode == 0
    assert result.stdout.count("This question needs an answer before you can go on.") == 1
    assert "Age: 40" not in result.stdout  # nothing was recorded for the empty line
    summary = result.stdout[result.stdout.index("REFERRAL SUMMARY") :]
    assert summary.count("Age?") == 1


def test_an_empty_line_on_a_choice_records_nothing(mini):
    # kinds (multi) and sad (yes/no) are required: Enter alone never picks an option
    result = plain(mini, GOOD[:3] + ["", "", "2", "", "no"] + GOOD[5:] + ["yes"])
    assert result.returncode == 0
    assert result.stdout.count("This question needs an answer") == 3


def test_a_wrong_number_is_refused_and_asked_again(mini):
    result = plain(mini, GOOD[:3] + ["7", "2 9", "abc", "2"] + GOOD[4:] + ["yes"])
    assert result.returncode == 0
    assert result.stdout.count("Please type a number from 1 to 3, or the words of an answer.") == 3
    huge = plain(mini, ["9" * 400, "-5", "1e999", "nan", "40"] + GOOD[1:] + ["yes"])
    assert huge.returncode == 0
    assert "Please enter a whole number." in huge.stdout and "Please enter a number from 0 to 120." in huge.stdout


def test_option_words_any_case_and_several_numbers(mini):
    # "b" by its words; "1 2" ticks A and B, which shows the follow-up; "X" by its words; "NOT SURE"
    result = plain(mini, ["40", "2 years", "3", "1 2", "x", "NOT SURE", "70 kg", "tired", "2024-03-15", "", "yes"])
    assert result.returncode == 0, result.stdout[-1500:]
    assert "Your answer: A; B" in result.stdout
    assert "Your answer: X" in result.stdout
    assert "Your answer: Not sure" in result.stdout
    assert "Your answer: 70 kg" in result.stdout
    assert "Your answer: 2024-03-15" in result.stdout


def test_back_goes_to_the_question_before_and_keeps_its_answer(mini):
    result = plain(mini, ["back", "40", "back", "", "2 years", "back", "18 months", "3", "2", "no", "", "", "", "", "yes"])
    assert result.returncode == 0
    out = result.stdout
    assert "This is the first question." in out
    assert "Your answer now: 40. Press Enter to keep it" in out
    assert "Your answer now: 2 years." in out
    assert "18 months" in out[out.index("REFERRAL SUMMARY") :]


def test_help_and_review(mini, write):
    path = write(MINIMAL.replace("text: Age?\n", "text: Age?\n        help: \"We ask to check you are an adult.\"\n"), "h.yaml")
    result = plain(path, ["help", "?", "40", "review", "2 years"] + GOOD[2:] + ["yes"])
    assert result.returncode == 0
    out = result.stdout
    assert out.count("We ask to check you are an adult.") == 2
    listing = out[out.index("Check your answers") :]
    assert listing.splitlines()[1:3] == ["  1. First: Age?", "     40"]
    assert "Now, again: How long?" in out
    nohelp = plain(mini, ["help"] + GOOD + ["yes"])
    assert "There is no more help for this question." in nohelp.stdout


def test_the_final_list_can_change_an_answer_before_submitting(mini):
    result = plain(mini, GOOD + ["no", "1", "41", "yes"])
    assert result.returncode == 0
    out = result.stdout
    assert "Not submitted yet." in out
    assert out.count("Check your answers") == 2
    assert "Result: OK" in out and "41" in out[out.index("REFERRAL SUMMARY") :]


def test_the_crisis_text_comes_at_once_and_waits_for_enter(mini):
    lines = GOOD[:4] + ["yes"]
    stopped = plain(mini, lines)  # input ends while the crisis text waits
    assert stopped.returncode == 3
    # at home the crisis text adds what to do when alone, never "tell a staff member here"
    assert stopped.stdout.rstrip().endswith(
        "Call 988. If you are alone, please do not wait: call or text 988 now, or call 911 if you are in danger.\n"
        "Press Enter when you have read this."
    )
    assert "staff member" not in stopped.stdout
    done = plain(mini, lines + ["", "", "", "", "", "yes"])
    assert done.returncode == 0
    out = done.stdout
    assert out.index("Call 988.") < out.index("Weight?")
    assert "Needs attention now".upper() in out


def test_spanish_words_and_commands():
    result = plain(str(BUNDLED), ["atrás", "52", "ayuda"], "--lang", "es")
    assert result.returncode == 3
    assert "Pregunta 1 de 18" in result.stdout
    assert "Esta es la primera pregunta." in result.stdout
    assert "Su respuesta: 52" in result.stdout


def test_plain_mode_never_imports_textual(mini):
    code = (
        "import sys\n"
        "from screening.cli import main\n"
        f"code = main(['run', {mini!r}, '--plain'])\n"
        "loaded = sorted({name.split('.')[0] for name in sys.modules} & {'textual', 'rich'})\n"
        "print('exit', code, 'loaded', loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], input="\n".join(GOOD + ["yes"]) + "\n", capture_output=True, text=True, timeout=60, cwd=str(ROOT)
    )
    assert "exit 0 loaded []" in result.stderr, result.stderr


def test_output_files_as_in_the_full_screen_app(mini, tmp_path):
    target = tmp_path / "summary.json"
    result = plain(mini, GOOD + ["yes"], "--output", str(target))
    assert result.returncode == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["outcome"]["id"] == "ok"


def test_pdf_output_on_letter_paper(mini, tmp_path):
    from pypdf import PdfReader

    target = tmp_path / "summary.pdf"
    result = plain(mini, GOOD + ["yes"], "--output", str(target), "--paper", "letter")
    assert result.returncode == 0, result.stderr
    page = PdfReader(str(target)).pages[0]
    assert round(float(page.mediabox.width)) == 612
    assert "Result: OK" in page.extract_text()


def test_undecodable_and_control_bytes_do_not_crash(mini):
    result = run_cli("run", mini, "--plain", stdin="40\n2 years\n3\n2\nno\n\n\x1b[31mhi\x07\n\n\n\nyes\n")
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
