"""Printing the patient's copy through a fake `lp` on PATH; saving a PDF at home."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from screening.printing import PrintError, check_printer_name, print_pdf
from screening.staff_pin import set_pin
from screening.store import open_store
from screening.ui.app import ScreeningApp
from screening.ui.kiosk import KioskApp
from screening.ui.screens.summary import SummaryScreen
from tests.conftest import run_cli
from tests.ui.test_kiosk import SMALL, Clock, finish_walk

FAKE_LP = """#!/bin/sh
# a stand-in for CUPS' lp: records its arguments and keeps a copy of the file
printf '%s\\n' "$@" > "{log}"
cp "$3" "{copy}"
echo "request id is $2-7 (1 file(s))"
"""
BROKEN_LP = """#!/bin/sh
echo "lp: The printer or class does not exist." >&2
exit 1
"""


@pytest.fixture
def fake_lp(tmp_path, monkeypatch):
    def install(script: str) -> Path:
        folder = tmp_path / "bin"
        folder.mkdir(exist_ok=True)
        lp = folder / "lp"
        lp.write_text(script.format(log=tmp_path / "lp-args", copy=tmp_path / "printed.pdf"), encoding="utf-8")
        lp.chmod(lp.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
        return tmp_path

    return install


def test_lp_gets_the_printer_and_the_file_as_separate_arguments(fake_lp):
    folder = fake_lp(FAKE_LP)
    answer = print_pdf(b"%PDF-1.4 a summary", "front-desk")
    arguments = (folder / "lp-args").read_text().splitlines()
    assert arguments[:2] == ["-d", "front-desk"] and len(arguments) == 3
    assert (folder / "printed.pdf").read_bytes() == b"%PDF-1.4 a summary"
    assert not Path(arguments[2]).exists()  # the temporary copy is gone once lp has it
    assert answer == "request id is front-desk-7 (1 file(s))"


def test_a_failing_lp_raises_one_line(fake_lp):
    fake_lp(BROKEN_LP)
    with pytest.raises(PrintError, match="does not exist"):
        print_pdf(b"%PDF", "nowhere")


def test_no_lp_at_all(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrintError, match="not installed"):
        print_pdf(b"%PDF", "desk")


@pytest.mark.parametrize("name", ["-o raw", "-d", "a b", "x;rm -rf", "a/b", "a#b", ""])
def test_printer_names_that_are_refused(name):
    with pytest.raises(ValueError):
        check_printer_name(name)


def test_the_kiosk_refuses_a_bad_printer_name():
    result = run_cli("kiosk", "--printer=desk;rm")
    assert result.returncode == 2 and "not a CUPS printer name" in result.stderr


@pytest.fixture
def kiosk(tmp_path):
    questionnaire = tmp_path / "small.yaml"
    questionnaire.write_text(SMALL, encoding="utf-8")
    config = tmp_path / "config"
    set_pin(config, "2468")
    store = open_store(str(tmp_path / "s.db"))

    def make(**options) -> KioskApp:
        return KioskApp(str(questionnaire), store, config, kiosk_id="desk-1", clock=Clock(), today=dt.date(2026, 11, 22), **options)

    make.store = store  # type: ignore[attr-defined]
    yield make
    store.close()


async def print_from_the_summary(app: KioskApp, pilot) -> SummaryScreen:
    await finish_walk(pilot)
    await pilot.press("f10")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SummaryScreen)
    await pilot.click("#print")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_print_my_summary_at_the_kiosk(kiosk, fake_lp):
    folder = fake_lp(FAKE_LP)
    app = kiosk(printer="front-desk", paper="letter")
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await print_from_the_summary(app, pilot)
        assert "Sent to the printer" in str(screen.query_one("#copy-result").render())
        assert screen.query_one("#print").disabled  # one copy per press
    printed = PdfReader(str(folder / "printed.pdf"))
    assert round(float(printed.pages[0].mediabox.width)) == 612
    assert "Result: All done" in printed.pages[0].extract_text()
    events = [e["event"] for e in kiosk.store.audit_events()]
    assert "printed" in events and len(kiosk.store.submissions()) == 1


async def test_a_printing_failure_is_shown_logged_and_loses_nothing(kiosk, fake_lp):
    fake_lp(BROKEN_LP)
    app = kiosk(printer="front-desk")
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await print_from_the_summary(app, pilot)
        assert "Printing did not work. Your answers are saved." in str(screen.query_one("#copy-result").render())
        assert not screen.query_one("#print").disabled  # they may try again
        assert app.is_running
    failed = [e for e in kiosk.store.audit_events() if e["event"] == "print_failed"]
    assert len(failed) == 1 and "does not exist" in str(failed[0]["detail"])
    assert len(kiosk.store.submissions()) == 1


async def test_no_printer_no_print_button_and_no_file_saved(kiosk):
    app = kiosk()
    async with app.run_test(size=(80, 40)) as pilot:
        await finish_walk(pilot)
        await pilot.press("f10")
        await pilot.pause()
        assert not app.screen.query("#print") and not app.screen.query("#save-pdf")


async def test_save_as_pdf_at_home(tmp_path):
    questionnaire = tmp_path / "small.yaml"
    questionnaire.write_text(SMALL, encoding="utf-8")
    app = ScreeningApp(str(questionnaire), today=dt.date(2026, 11, 22))
    app.pdf_path = tmp_path / "copy.pdf"  # as `screening run` sets it
    async with app.run_test(size=(80, 40)) as pilot:
        await finish_walk(pilot)
        await pilot.press("f10")
        await pilot.pause()
        screen = app.screen
        assert str(tmp_path / "copy.pdf") in str(screen.query_one("#copy-note").render())
        await pilot.click("#save-pdf")
        await pilot.pause()
        assert f"Saved: {tmp_path / 'copy.pdf'}" in str(screen.query_one("#copy-result").render())
        assert isinstance(app.screen, SummaryScreen)  # saving does not finish
    assert "Result: All done" in PdfReader(str(tmp_path / "copy.pdf")).pages[0].extract_text()
