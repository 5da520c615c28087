"""The staff PIN's lockout: on disk (a restart does not reset it), growing, audited, and the box opens again."""

from __future__ import annotations

import json
import os

import pytest

from screening.staff_pin import LOCK_FILE, LOCKOUTS, PinGuard, set_pin
from screening.store import open_store
from tests.conftest import BUNDLED


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def folder(tmp_path):
    config = tmp_path / "config"
    set_pin(config, "2468")
    return config


def test_twenty_wrong_pins_across_two_restarts(folder):
    clock = Clock()
    lockouts: list[float] = []
    guard = PinGuard(folder, clock)

    def wrong_pin() -> None:
        result = guard.attempt("1111")
        assert result in ("wrong", "locked")
        if result == "locked":
            lockouts.append(guard.seconds_left())
            assert guard.attempt("2468") == "locked"  # the right PIN is not even checked while locked
            clock.now += guard.seconds_left() - 1
            assert PinGuard(folder, clock).seconds_left() == 1  # what a restart would see
            clock.now += 1

    for _ in range(7):
        wrong_pin()
    guard = PinGuard(folder, clock)  # restart 1: the count goes on
    assert guard.failures == 7
    for _ in range(7):
        wrong_pin()
    guard = PinGuard(folder, clock)  # restart 2
    for _ in range(6):
        wrong_pin()
    assert guard.failures == 20
    assert lockouts == [60, 300, 900, 3600, 3600, 3600]  # 1, 5, 15, 60 minutes, then 60 again
    assert PinGuard(folder, clock).attempt("2468") == "ok"  # after the last lockout ended
    assert PinGuard(folder, clock).failures == 0
    assert os.stat(folder / LOCK_FILE).st_mode & 0o777 == 0o600


def test_a_restart_mid_lockout_stays_locked(folder):
    clock = Clock()
    guard = PinGuard(folder, clock)
    assert [guard.attempt("0000") for _ in range(3)] == ["wrong", "wrong", "locked"]
    clock.now += 30
    again = PinGuard(folder, clock)
    assert again.seconds_left() == LOCKOUTS[0] - 30
    assert again.attempt("2468") == "locked"


def test_a_damaged_lockout_file_fails_closed(folder):
    (folder / LOCK_FILE).write_text("{not json", encoding="utf-8")
    guard = PinGuard(folder, Clock())
    assert guard.seconds_left() == LOCKOUTS[-1]
    assert guard.attempt("2468") == "locked"


def test_an_unreadable_lockout_path_fails_closed(folder):
    (folder / "missing").write_text("a file where the folder should be", encoding="utf-8")
    assert PinGuard(folder / "missing", Clock()).attempt("2468") == "locked"


def test_a_read_only_config_keeps_counting_in_memory(folder, monkeypatch):
    def read_only(self: PinGuard) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(PinGuard, "_write", read_only)
    guard = PinGuard(folder, Clock())
    assert [guard.attempt("1111") for _ in range(3)] == ["wrong", "wrong", "locked"]
    assert "Read-only" in guard.save_error and guard.failures == 3


async def test_the_kiosk_keeps_the_lockout_across_a_restart_and_audits_every_try(folder, tmp_path):
    from screening.ui.kiosk import KioskApp
    from screening.ui.screens.staff import PinModal, StaffScreen

    clock = Clock()
    store = open_store(str(tmp_path / "s.db"))

    def kiosk() -> KioskApp:
        return KioskApp(str(BUNDLED), store, folder, kiosk_id="desk-1", clock=clock)

    app = kiosk()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        for _ in range(3):
            await pilot.press(*"1111", "enter")
            await pilot.pause()
        assert app.screen.query_one("#pin").disabled
    app = kiosk()  # the restart
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, PinModal)
        assert app.screen.query_one("#pin").disabled
        assert "Locked" in str(app.screen.query_one("#pin-message").render())
        clock.now += LOCKOUTS[0]
        await pilot.pause(1.2)
        assert not app.screen.query_one("#pin").disabled  # the box opens again by itself
        await pilot.press(*"1111", "enter")
        await pilot.pause()
        await pilot.press(*"2468", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StaffScreen)
    events = [(e["event"], e["detail"]) for e in store.audit_events() if e["event"].startswith("staff_login")]
    assert [event for event, _ in events] == ["staff_login_failed"] * 4 + ["staff_login"]
    assert events[2][1] == {"locked": True, "failures": 3}
    assert json.loads((folder / LOCK_FILE).read_text())["failures"] == 0
    store.close()


def test_what_staff_read_when_wrong_or_locked(folder):
    clock = Clock()
    guard = PinGuard(folder, clock)
    assert guard.wrong_message() == "Wrong PIN (3 tries left)."
    guard.attempt("1111")
    guard.attempt("1111")
    assert guard.wrong_message() == "Wrong PIN (1 try left)."
    assert guard.attempt("1111") == "locked"
    assert guard.lock_message() == "Locked after too many wrong PINs. Try again in 1 min."
    clock.now += 1
    assert guard.lock_message() == "Locked after too many wrong PINs. Try again in 59 s."
    clock.now += 59
    for _ in range(3):
        guard.attempt("1111")
    clock.now += 1
    assert guard.lock_message() == "Locked after too many wrong PINs. Try again in 4 min 59 s."
