"""Pilot types at machine speed: the input gate's quiet wait after each new view
(meant for held keys and bursts) is off here; the tests about it turn it on
for their own app (``app.input_gate.settle``)."""

from __future__ import annotations

import pytest

from screening.ui.app import ScreeningApp


@pytest.fixture(autouse=True)
def no_settle_wait(monkeypatch):
    monkeypatch.setattr(ScreeningApp, "SETTLE", 0.0)


@pytest.fixture(autouse=True)
def crash_log_in_tmp(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("SCREENING_LOG_DIR", str(tmp_path_factory.mktemp("log")))
