"""The walk's safety rules on the web: nothing pre-selected, the crisis page first, Back, review, language, resume."""

from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import TestClient

from screening.store import open_store
from screening.store.crypto import Cipher, write_new_key
from screening.web.app import Settings, create_app

from tests.web.conftest import Browser, make_links
from tests.web.test_flow import form_fields

FIRST_EXAMPLE: dict[str, Any] = {}


@pytest.fixture
def ketamine(browser: Browser, store_url: str, questionnaires: dict[str, Any]) -> Browser:
    browser.get(f"/l/{make_links(store_url, 'ketamine-chronic-pain')[0]}")
    browser.act("start")
    FIRST_EXAMPLE.update(questionnaires["ketamine-chronic-pain"].examples[0].answers)
    return browser


def answer_until(browser: Browser, stop: str) -> None:
    for _ in range(100):
        question = browser.hidden()["question"]
        if question == stop:
            return
        assert browser.act("next", **form_fields(FIRST_EXAMPLE[question])).status_code == 200
    raise AssertionError(stop)


def test_no_question_page_has_anything_preselected(ketamine: Browser) -> None:
    seen = 0
    while ketamine.hidden()["page"] == "question":
        page = ketamine.last.text
        assert " checked" not in page
        assert 'aria-invalid' not in page  # no error before the person has tried
        question = ketamine.hidden()["question"]
        ketamine.act("next", **form_fields(FIRST_EXAMPLE[question]))
        seen += 1
    assert seen >= 15 and ketamine.hidden()["page"] == "review"


def test_the_crisis_page_comes_the_moment_an_urgent_flag_is_raised(ketamine: Browser, store_url: str) -> None:
    answer_until(ketamine, "self_harm_thoughts")
    ketamine.act("next", answer="several_days")
    page = ketamine.last.text
    assert ketamine.hidden()["page"] == "crisis" and "call 911" in page and "988" in page
    assert "If you are alone" in page and "staff member" not in page  # words for home, not the kiosk
    assert 'class="page-crisis"' in page and "<h1" in page and 'name="answer"' not in page  # its own page, no next question
    ketamine.get("/q")  # a reload keeps the crisis page up
    assert ketamine.hidden()["page"] == "crisis"
    ketamine.act("read")
    following = ketamine.hidden()["question"]
    assert ketamine.hidden()["page"] == "question" and following != "self_harm_thoughts"
    # back, cleared, then raised again: shown again
    ketamine.act("back")
    ketamine.act("next", answer="not_at_all")
    assert ketamine.hidden()["page"] == "question"
    ketamine.act("back")
    ketamine.act("next", answer="nearly_every_day")
    assert ketamine.hidden()["page"] == "crisis"


def test_back_shows_the_earlier_answer_as_chosen(ketamine: Browser) -> None:
    answer_until(ketamine, "pain_average")
    ketamine.act("next", answer="7")
    ketamine.act("back")
    assert ketamine.hidden()["question"] == "pain_average"
    assert re.search(r'value="7" checked', ketamine.last.text)
    assert len(re.findall(r" checked", ketamine.last.text)) == 1
    ketamine.act("back")
    assert 'name="amount" value="2"' in ketamine.last.text and re.search(r'value="years" checked', ketamine.last.text)


def test_why_we_ask_is_a_native_disclosure(ketamine: Browser) -> None:
    answer_until(ketamine, "pain_duration")
    page = ketamine.last.text
    assert "<details class=\"why\">" in page and "<summary>Why we ask</summary>" in page


def test_review_and_edit_return_to_the_review(ketamine: Browser, store_url: str) -> None:
    answer_until(ketamine, "age")
    ketamine.act("next", answer="45")
    ketamine.act("review")
    assert ketamine.hidden()["page"] == "review" and "45" in ketamine.last.text
    assert "Still to answer" in ketamine.last.text
    submit = ketamine.act("submit")
    assert submit.status_code == 422 and 'role="alert"' in submit.text
    ketamine.post({**ketamine.hidden(), "action": "edit", "edit": "age"})
    assert ketamine.hidden()["question"] == "age" and 'value="45"' in ketamine.last.text
    ketamine.act("next", answer="46")
    assert ketamine.hidden()["page"] == "review" and "46" in ketamine.last.text
    forged = ketamine.post({**ketamine.hidden(), "action": "edit", "edit": "no_such_question"})
    assert forged.status_code == 409


def test_the_language_switch_keeps_the_answers_and_sets_lang(ketamine: Browser) -> None:
    answer_until(ketamine, "pain_duration")
    ketamine.act("language", lang="es")
    page = ketamine.last.text
    assert '<html lang="es">' in page and "¿Desde hace cuánto tiempo tiene este dolor?" in page
    ketamine.act("back")
    assert 'value="45"' in ketamine.last.text and "Siguiente" in ketamine.last.text
    ketamine.act("language", lang="xx")  # not a language of the file: nothing changes
    assert '<html lang="es">' in ketamine.last.text


def test_reload_and_a_second_tab_resume_where_the_person_was(ketamine: Browser, app: Any) -> None:
    answer_until(ketamine, "pain_enjoyment")
    assert ketamine.get("/q").status_code == 200 and ketamine.hidden()["question"] == "pain_enjoyment"
    with TestClient(app, cookies=dict(ketamine.client.cookies)) as tab:
        second = Browser(tab)
        second.get("/q")
        assert second.hidden()["question"] == "pain_enjoyment"
        second.act("next", answer="6")
    # the first tab's old form is now out of date: it is shown where the person is, nothing lost
    stale = ketamine.post({**ketamine.hidden(), "question": "pain_enjoyment", "action": "next", "answer": "2"})
    assert stale.status_code == 409 and ketamine.hidden()["question"] == "pain_activity"


def test_two_server_processes_share_one_store(questionnaires: dict[str, Any], store_url: str) -> None:
    """No state only in one process's memory: a second app (another process behind the proxy) carries on."""
    apps = [create_app(dict(questionnaires), lambda: open_store(store_url), Settings()) for _ in range(2)]
    with TestClient(apps[0]) as one, TestClient(apps[1]) as two:
        first = Browser(one)
        first.get(f"/l/{make_links(store_url, 'phq-9')[0]}")
        first.act("start")
        first.act("next", answer="several_days")
        two.cookies.update(dict(one.cookies))
        second = Browser(two)
        second.get("/q")
        assert second.hidden()["question"] == "phq9_2"
        second.act("back")
        assert re.search(r'value="several_days" checked', second.last.text)


def _age_session(store_url: str, column: str, delta: _dt.timedelta) -> None:
    moment = (_dt.datetime.now(_dt.timezone.utc) - delta).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with open_store(store_url) as store:
        store._write(lambda db: db.execute(f"UPDATE web_sessions SET {column} = ?", (moment,)))


def test_an_idle_session_ends_and_the_link_resumes_it(app: Any, store_url: str) -> None:
    token = make_links(store_url, "phq-9")[0]
    with TestClient(app) as client:
        browser = Browser(client)
        browser.get(f"/l/{token}")
        browser.act("start")
        browser.act("next", answer="several_days")
        _age_session(store_url, "seen_at", _dt.timedelta(minutes=31))
        ended = browser.get("/q")
        assert ended.status_code == 403 and "session has ended" in ended.text and "Little interest" not in ended.text
        browser.get(f"/l/{token}")
        assert browser.hidden()["question"] == "phq9_2"
        _age_session(store_url, "cookie_expires_at", _dt.timedelta(seconds=1))  # the absolute limit
        assert browser.get("/q").status_code == 403


def test_saved_answers_are_deleted_when_the_link_expires(app: Any, store_url: str) -> None:
    with TestClient(app) as client:
        browser = Browser(client)
        browser.get(f"/l/{make_links(store_url, 'phq-9')[0]}")
        browser.act("start")
        browser.act("next", answer="several_days")
        _age_session(store_url, "expires_at", _dt.timedelta(seconds=1))
        assert browser.get("/q").status_code == 403
        browser.get(f"/l/{make_links(store_url, 'phq-9')[0]}")  # any new session purges expired ones
    with open_store(store_url) as store:
        assert store._read(lambda db: db.execute("SELECT COUNT(*) FROM web_sessions").fetchone()[0]) == 1


def test_saved_answers_are_encrypted_at_rest_with_a_key(questionnaires: dict[str, Any], store_url: str, tmp_path: Path) -> None:
    key = str(tmp_path / "key")
    write_new_key(key)
    app = create_app(dict(questionnaires), lambda: open_store(store_url, key), Settings())
    with TestClient(app) as client:
        browser = Browser(client)
        browser.get(f"/l/{make_links(store_url, 'phq-9')[0]}")
        browser.act("start")
        browser.act("next", answer="nearly_every_day")
        assert browser.hidden()["question"] == "phq9_2"
    with open_store(store_url) as store:
        (text, encrypted), = store._read(lambda db: db.execute("SELECT state, encrypted FROM web_sessions").fetchall())
    assert encrypted == 1 and "nearly_every_day" not in text
    assert json.loads(Cipher.from_file(key).decrypt(text))["answers"] == {"phq9_1": "nearly_every_day"}
    # a process without the key cannot read it, and says the session has ended rather than showing anything
    keyless = create_app(dict(questionnaires), lambda: open_store(store_url), Settings())
    with TestClient(keyless, cookies=dict(client.cookies)) as other:
        assert other.get("/q").status_code == 403


def test_finish_forgets_the_session(ketamine: Browser, store_url: str) -> None:
    while ketamine.hidden()["page"] != "review":
        ketamine.act("next", **form_fields(FIRST_EXAMPLE[ketamine.hidden()["question"]]))
    ketamine.act("submit")
    summary = ketamine.last.text
    assert "Referral summary" in summary or "Your summary" in summary
    assert "@media print" in ketamine.get("/static/style.css").text
    ketamine.get("/q")
    ketamine.act("finish")
    assert "Thank you" in ketamine.last.text
    assert ketamine.get("/q").status_code == 403
    with open_store(store_url) as store:
        assert store._read(lambda db: db.execute("SELECT COUNT(*) FROM web_sessions").fetchone()[0]) == 0
        assert len(store.submissions()) == 1


def test_a_postgresql_store_is_shared_by_two_server_processes(questionnaires: dict[str, Any], postgres: Any) -> None:
    url = postgres.fresh_database()
    apps = [create_app(dict(questionnaires), lambda: open_store(url), Settings()) for _ in range(2)]
    with TestClient(apps[0]) as one, TestClient(apps[1]) as two:
        first = Browser(one)
        first.get(f"/l/{make_links(url, 'peg')[0]}")
        first.act("start")
        first.act("next", answer="7")
        two.cookies.update(dict(one.cookies))
        second = Browser(two)
        second.get("/q")
        assert second.hidden()["question"] == "peg_enjoyment"
        second.act("next", answer="6")
        second.act("next", answer="8")
        second.act("submit")
        assert "have been sent" in second.last.text
        assert first.post({**first.hidden(), "action": "submit", "page": "review"}).status_code == 409  # already sent
    with open_store(url) as store:
        (submission,) = store.submissions()
        assert submission.payload["scores"] == {"peg": 7} and submission.kiosk_id == "web"
        used = store._read(lambda db: db.execute("SELECT used_at FROM web_links").fetchone()[0])
    assert used is not None


def test_a_store_that_refuses_the_submission_never_says_sent(ketamine: Browser, store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from screening.store import StoreError
    from screening.store.web_state import WebState

    while ketamine.hidden()["page"] != "review":
        ketamine.act("next", **form_fields(FIRST_EXAMPLE[ketamine.hidden()["question"]]))

    def full_disk(self: Any, *args: Any) -> bool:
        raise StoreError("web.db: the disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(WebState, "submit", full_disk)
        failed = ketamine.act("submit")
    assert failed.status_code == 503 and "have been sent" not in failed.text and "Something went wrong" in failed.text
    assert ketamine.get("/q").status_code == 200 and ketamine.hidden()["page"] == "review"  # nothing lost
    ketamine.act("submit")
    assert "have been sent" in ketamine.last.text
    with open_store(store_url) as store:
        assert len(store.submissions()) == 1
