"""A real PostgreSQL stopped and started under a running store: nothing lost, each submission delivered once."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

import pytest

from screening.store import StoreError, open_store
from tests.store.conftest import PostgresServer, _postgres_bin, make_submission


@pytest.fixture
def server():
    if not _postgres_bin("initdb"):
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries are needed (.ci/run installs them)")
        pytest.skip("PostgreSQL is not installed")
    started = PostgresServer()  # its own: this test stops it
    yield started
    started.stop()


def stored(url: str) -> tuple[list[str], list[str]]:
    import psycopg

    with psycopg.connect(url) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM submissions")]
        submitted = [row[0] for row in db.execute("SELECT submission_id FROM audit WHERE event = 'submitted'")]
    return ids, submitted


def test_server_stopped_mid_session_nothing_lost_delivered_once(server, tmp_path):
    url = server.fresh_database()
    outbox = tmp_path / "outbox" / "pending.db"
    store = open_store(url, outbox=str(outbox))
    before = make_submission("desk-1")
    store.save(before)
    assert store.last_saved_to == "server"

    server.halt()
    during = make_submission("desk-1")
    store.save(during)  # no error: it is on the kiosk's disk, committed
    assert store.last_saved_to == "outbox"
    store.audit("reset_finished", kiosk_id="desk-1")  # events are kept too
    with sqlite3.connect(outbox) as db:  # durably there, readable by anyone who opens the file
        assert [row[0] for row in db.execute("SELECT id FROM pending_submissions")] == [during.id]
    assert os.stat(outbox).st_mode & 0o777 == 0o600 and os.stat(outbox.parent).st_mode & 0o777 == 0o700
    assert store.pending() == 2
    with pytest.raises(StoreError, match="127.0.0.1"):
        store.submissions()  # reading while down: one clear error

    server.start()
    after = make_submission("desk-1")
    store.save(after)  # reconnects, then delivers what waited
    assert store.last_saved_to == "server" and store.pending() == 0
    ids, submitted = stored(url)
    assert sorted(ids) == sorted([before.id, during.id, after.id])
    assert sorted(submitted) == sorted(ids)  # one 'submitted' event each
    assert "reset_finished" in [e["event"] for e in store.audit_events()]

    # delivered again (a crash between the server's commit and the outbox's delete): still once
    store.outbox().put_submission(during.id, during.kiosk_id, during.outcome_id, store._values(during))
    assert store.deliver() == 0
    ids, submitted = stored(url)
    assert len(ids) == 3 and len(submitted) == 3
    store.close()


def test_outbox_left_by_a_stopped_kiosk_is_delivered_at_the_next_start(server, tmp_path):
    url = server.fresh_database()
    outbox = str(tmp_path / "pending.db")
    store = open_store(url, outbox=outbox)
    server.halt()
    waiting = [make_submission("desk-2") for _ in range(3)]
    for submission in waiting:
        store.save(submission)
    store.close()  # the kiosk is switched off while the server is still down
    server.start()
    with open_store(url, outbox=outbox) as again:
        assert again.pending() == 0
        assert sorted(s.id for s in again.submissions()) == sorted(s.id for s in waiting)


async def test_kiosk_session_across_a_server_restart(server, tmp_path):
    """The person is told "saved" while the server is down (it is on disk), and it reaches the server later."""
    from screening.staff_pin import set_pin
    from screening.ui.kiosk import KioskApp
    from screening.ui.screens.summary import SummaryScreen
    from tests.ui.test_kiosk import SMALL, finish_walk

    questionnaire = tmp_path / "small.yaml"
    questionnaire.write_text(SMALL, encoding="utf-8")
    set_pin(tmp_path / "config", "2468")
    url = server.fresh_database()
    store = open_store(url, outbox=str(tmp_path / "pending.db"))
    app = KioskApp(str(questionnaire), store, tmp_path / "config", kiosk_id="desk-3", today=dt.date(2026, 11, 22))
    async with app.run_test(size=(100, 40)) as pilot:
        await finish_walk(pilot)
        server.halt()  # mid-session: the person is on the review
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert store.last_saved_to == "outbox" and store.pending() >= 1
        server.start()
        app.reset("reset_finished")  # the next person's welcome: its audit event reaches the server, then the outbox follows
        await pilot.pause()
        assert store.pending() == 0
    ids, submitted = stored(url)
    assert len(ids) == 1 and submitted == ids
    store.close()
