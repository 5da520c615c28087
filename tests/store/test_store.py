"""The same behaviour from SQLite and from a real PostgreSQL server."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from screening.store import StoreError, open_store
from screening.store.crypto import write_new_key
from tests.conftest import ROOT
from tests.store.conftest import make_submission


def test_save_list_get_and_audit(store):
    first, second = make_submission("front-1"), make_submission("front-2")
    store.save(first)
    store.save(second)
    listed = store.submissions()
    assert {s.id for s in listed} == {first.id, second.id}
    got = store.get(first.id[:10])
    assert got is not None and got.kiosk_id == "front-1"
    assert got.outcome_id == "discuss"
    assert got.flags == [{"id": "self_harm", "severity": "urgent"}]
    assert got.urgent
    assert got.payload["summary"]["questionnaire"]["sha256"] == first.questionnaire_sha256
    assert {a["id"] for a in got.payload["answers"]} >= {"age", "pain_duration"}
    assert store.get("nope") is None
    events = store.audit_events()
    assert [e["event"] for e in events] == ["submitted", "submitted"]
    assert events[0]["submission_id"] == first.id


def test_audit_is_append_only_and_holds_no_answers(store, store_url):
    store.save(make_submission())
    store.audit("staff_login", kiosk_id="front-1")
    text = json.dumps(store.audit_events())
    assert "fibromyalgia" not in text and "several_days" not in text
    if store_url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(store_url, autocommit=True) as connection:
            with pytest.raises(psycopg.Error, match="append-only"):
                connection.execute("DELETE FROM audit")
            with pytest.raises(psycopg.Error, match="append-only"):
                connection.execute("UPDATE audit SET event = 'x'")
    else:
        import sqlite3

        connection = sqlite3.connect(store_url)
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute("DELETE FROM audit")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute("UPDATE audit SET event = 'x'")
        connection.close()


def test_encryption_at_rest(store_url, tmp_path):
    key = tmp_path / "key"
    write_new_key(str(key))
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    with open_store(store_url, str(key)) as store:
        submission = make_submission()
        store.save(submission)
        assert store.get(submission.id).payload["answers"]  # readable with the key
    with open_store(store_url) as store:  # without it: metadata only
        record = store.get(submission.id)
        assert record.encrypted and record.outcome_id == "discuss" and "answers" not in record.payload
    if not store_url.startswith("postgresql"):
        raw = open(store_url, "rb").read()
        assert b"fibromyalgia" not in raw and b"How old are you" not in raw
    other = tmp_path / "other-key"
    write_new_key(str(other))
    with open_store(store_url, str(other)) as store:
        with pytest.raises(StoreError, match="another key"):
            store.get(submission.id)
    with pytest.raises(StoreError, match="already exists"):
        write_new_key(str(key))


WRITER = textwrap.dedent(
    """\
    import sys
    sys.path.insert(0, {root!r})
    from screening.store import open_store
    from tests.store.conftest import make_submission
    store = open_store(sys.argv[1])
    for number in range(25):
        store.save(make_submission(kiosk_id=f"kiosk-{{sys.argv[2]}}"))
    store.close()
    """
)


def test_four_processes_writing_at_once(store_url, tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(ROOT)), encoding="utf-8")
    with open_store(store_url):
        pass  # the schema exists before the race starts (each writer would also create it)
    processes = [subprocess.Popen([sys.executable, str(script), store_url, str(n)], stderr=subprocess.PIPE, text=True) for n in range(4)]
    for process in processes:
        _, error = process.communicate(timeout=180)
        assert process.returncode == 0, error
    with open_store(store_url) as store:
        stored = store.submissions()
        assert len(stored) == 100
        assert {s.kiosk_id for s in stored} == {f"kiosk-{n}" for n in range(4)}
        assert len([e for e in store.audit_events() if e["event"] == "submitted"]) == 100


def test_bad_urls():
    with pytest.raises(StoreError, match="sqlite:///"):
        open_store("sqlite:/x.db")
    with pytest.raises(StoreError, match="must be a file path"):
        open_store("mysql://host/db")


def test_postgres_unreachable_is_one_clear_error():
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")


def test_password_is_not_shown(monkeypatch):
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://nobody:hunter2@127.0.0.1:1/none")
    assert "hunter2" not in str(caught.value)


def test_a_stream_stopped_by_a_damaged_row_leaves_the_store_writable(tmp_path):
    import sqlite3

    from screening.store.errors import MalformedRow
    from tests.store.conftest import make_submission

    path = str(tmp_path / "s.db")
    store = open_store(path)
    submissions = [make_submission() for _ in range(5)]
    store.save_many(submissions)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE submissions SET flags = 'not json' WHERE id = ?", (submissions[2].id,))
    with pytest.raises(MalformedRow) as caught:
        store.submissions()
    assert caught.value.submission_id == submissions[2].id
    other = open_store(path)
    other.save(make_submission())  # another writer moves the store on
    store.save(make_submission())  # this one still writes: no stale read snapshot left behind
    assert len(list(store.malformed_rows())) == 1
    assert store.count() == 7
    other.close()
    store.close()
