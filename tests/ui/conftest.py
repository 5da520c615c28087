"""Pilot types at machine speed: the input gate's quiet wait after each new view
(meant for held keys and bursts) is off here, except in the tests about it."""

from __future__ import annotations

import pytest

from screening.ui.app import ScreeningApp


@pytest.fixture(autouse=True)
def no_settle_wait(monkeypatch, request):
    if "settle" not in request.keywords:
        monkeypatch.setattr(ScreeningApp, "SETTLE", 0.0)


@pytest.fixture(autouse=True)
def crash_log_in_tmp(monkeypatch, tmp_path):
    monkeypatch.setenv("SCREENING_LOG_DIR", str(tmp_path / "log"))
