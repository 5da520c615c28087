"""Hostile and unlucky requests: what the issue lists, each one checked against the store afterwards."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Iterator

import pytest
from tests.web.conftest import TestClient

from screening.engine.loader import load_questionnaire
from screening.store import open_store
from screening.web.app import Settings, create_app

from tests.web.conftest import ORIGIN, Browser, make_links

ALL_TYPES = Path(__file__).with_name("all_types.yaml")


@pytest.fixture
def typed(store_url: str) -> Any:
    questionnaire = load_questionnaire(str(ALL_TYPES))
    return create_app({questionnaire.id: questionnaire}, lambda: open_store(store_url), Settings())


@pytest.fixture
def person(typed: Any, store_url: str) -> Iterator[Browser]:
    """Someone who opened their private link and pressed Start."""
    with TestClient(typed) as client:
        browser = Browser(client)
        browser.get(f"/l/{make_links(store_url, 'web-all-types')[0]}")
        browser.act("start")
        yield browser


def saved_state(store_url: str) -> list[dict[str, Any]]:
    import json

    with open_store(store_url) as store:
        rows = store._read(lambda db: db.execute("SELECT state FROM web_sessions").fetchall())
    return [json.loads(row[0]) for row in rows]


def shown_text(html: str) -> str:
    """The page without its hidden fields, whose random CSRF token may hold any two digits."""
    import re

    return re.sub(r'<input type="hidden"[^>]*>', "", html)


def on_question(browser: Browser) -> str:
    return browser.hidden().get("question", "")


# ------------------------------------------------------------ who may see what


def test_no_cookie_gets_no_answers(person: Browser, typed: Any) -> None:
    person.act("next", answer="40")
    with TestClient(typed) as stranger:
        page = stranger.get("/q")
        assert page.status_code == 403 and "40" not in shown_text(page.text) and "How old" not in page.text
        posted = stranger.post("/q", data={"action": "next", "page": "question", "question": "smoker", "answer": "yes"}, headers={"origin": ORIGIN})
        assert posted.status_code == 403
    assert person.get("/q").status_code == 200 and on_question(person) == "smoker"


def test_another_sessions_cookie_sees_nothing_of_the_first(person: Browser, typed: Any, store_url: str) -> None:
    person.act("next", answer="47")
    with TestClient(typed) as other_client:
        other = Browser(other_client)
        other.get(f"/l/{make_links(store_url, 'web-all-types')[0]}")
        other.act("start")
        assert on_question(other) == "age" and "47" not in shown_text(other.last.text)
        other.act("review")
        assert "47" not in shown_text(other.last.text)
        assert other.hidden()["csrf"] != person.hidden()["csrf"]
        # the first person's form, posted with the second person's cookie, is refused
        forged = other.post({**person.hidden(), "action": "next", "answer": "yes"})
        assert forged.status_code == 403
    assert person.get("/q").status_code == 200 and on_question(person) == "smoker"


def test_reopening_the_link_resumes_and_the_old_cookie_stops_working(typed: Any, store_url: str) -> None:
    token = make_links(store_url, "web-all-types")[0]
    with TestClient(typed) as first_client, TestClient(typed) as second_client:
        first, second = Browser(first_client), Browser(second_client)
        first.get(f"/l/{token}")
        first.act("start")
        first.act("next", answer="52")
        second.get(f"/l/{token}")  # the same link on another device
        assert on_question(second) == "smoker"
        assert first.get("/q").status_code == 403


def test_used_expired_and_random_tokens_get_one_page(typed: Any, store_url: str) -> None:
    used, = make_links(store_url, "web-all-types")
    expired, = make_links(store_url, "web-all-types", days=-1)
    with TestClient(typed) as client:
        browser = Browser(client)
        browser.get(f"/l/{used}")
        browser.act("start")
        for fields in ({"answer": "40"}, {"answer": "no"}, {"amount": "2", "unit": "years"}, {}, {"answer": "3"}, {}, {"answer": "never"}):
            browser.act("next", **fields)
        browser.act("submit")
        assert "have been sent" in browser.last.text
        pages = [client.get(f"/l/{token}") for token in (used, expired, "A" * 43, "short", "x" * 500)]
    assert {page.status_code for page in pages} == {404}
    assert len({page.text for page in pages}) == 1 and "cannot be used" in pages[0].text
    assert all("set-cookie" not in page.headers for page in pages)


def test_guessing_tokens_is_rate_limited(typed: Any) -> None:
    with TestClient(typed) as client:
        statuses = [client.get(f"/l/{'g' * 40}{n}").status_code for n in range(25)]
    assert statuses[:20] == [404] * 20 and set(statuses[20:]) == {429}


# ------------------------------------------------------------ forged and odd posts


@pytest.mark.parametrize(
    "headers",
    [{"origin": "https://evil.example"}, {"origin": "null"}, {"origin": "http://testserver.evil.example"}, {"origin": ""}],
)
def test_a_post_from_another_origin_changes_nothing(person: Browser, store_url: str, headers: dict[str, str]) -> None:
    response = person.client.post("/q", data={**person.hidden(), "action": "next", "answer": "40"}, headers=headers)
    assert response.status_code == 403
    assert saved_state(store_url)[0]["answers"] == {}


def test_origin_null_is_accepted_only_with_sec_fetch_site_same_origin(person: Browser, store_url: str) -> None:
    response = person.post({**person.hidden(), "action": "next", "answer": "40"}, headers={"origin": "null", "sec-fetch-site": "same-origin"})
    assert response.status_code == 200 and on_question(person) == "smoker"


def test_a_post_without_the_csrf_token_changes_nothing(person: Browser, store_url: str) -> None:
    fields = {**person.hidden(), "action": "next", "answer": "40"}
    for csrf in ("", "x" * 43, None):
        data = dict(fields)
        if csrf is None:
            del data["csrf"]
        else:
            data["csrf"] = csrf
        assert person.post(data).status_code == 403
    assert saved_state(store_url)[0]["answers"] == {}


def test_a_forged_option_id_is_asked_again(person: Browser, store_url: str) -> None:
    person.act("next", answer="40")
    response = person.act("next", answer="maybe<script>")
    assert response.status_code == 422 and "Please choose an answer." in response.text
    assert "<script>" not in response.text
    assert on_question(person) == "smoker" and "smoker" not in saved_state(store_url)[0]["answers"]


@pytest.mark.parametrize("typed_number", ["9" * 400, "-5", "121", "1e999", "nan", "inf", "4.5", "forty", "12abc", "+-3"])
def test_out_of_range_and_odd_numbers_are_asked_again(person: Browser, store_url: str, typed_number: str) -> None:
    response = person.act("next", answer=typed_number)
    assert response.status_code == 422
    assert 'role="alert"' in response.text and 'aria-describedby="hint error"' in response.text or 'aria-describedby="error"' in response.text
    assert "Please enter" in response.text
    assert saved_state(store_url)[0]["answers"] == {}


def test_a_field_for_a_hidden_question_is_refused(person: Browser, store_url: str) -> None:
    person.act("next", answer="40")
    person.act("next", answer="no")  # packs is now hidden
    response = person.post({**person.hidden(), "question": "packs", "action": "next", "answer": "3"})
    assert response.status_code == 409 and "Your answers are safe" in response.text
    assert "packs" not in saved_state(store_url)[0]["answers"]
    assert on_question(person) == "since"


def test_a_post_for_a_question_not_yet_reached_is_refused(person: Browser, store_url: str) -> None:
    response = person.post({**person.hidden(), "question": "harm", "action": "next", "answer": "often"})
    assert response.status_code == 409
    assert saved_state(store_url)[0]["answers"] == {}
    assert on_question(person) == "age"


def test_an_unanswered_required_question_is_asked_again_with_the_reason(person: Browser, store_url: str) -> None:
    for fields in ({}, {"answer": ""}, {"answer": "   "}):
        response = person.act("next", **fields)
        assert response.status_code == 422
        assert '<p id="error" class="error" role="alert">Please answer this question.</p>' in response.text
        assert 'aria-invalid="true" aria-describedby="error"' in response.text
    assert on_question(person) == "age" and saved_state(store_url)[0]["answers"] == {}


def test_a_double_submit_stores_one_submission(person: Browser, store_url: str) -> None:
    for fields in ({"answer": "40"}, {"answer": "no"}, {"amount": "2", "unit": "years"}, {}, {"answer": "3"}, {}, {"answer": "never"}):
        person.act("next", **fields)
    form = {**person.hidden(), "action": "submit"}
    first = person.post(form)
    second = person.post(form)
    assert first.status_code == 200 and second.status_code == 409
    assert "have been sent" in second.text
    with open_store(store_url) as store:
        assert len(store.submissions()) == 1
        events = [e["event"] for e in store.audit_events()]
    assert events.count("submitted") == 1 and "started" in events


def test_a_10_mb_body_is_refused_and_the_server_goes_on(person: Browser, store_url: str) -> None:
    big = b"answer=" + b"9" * (10 * 1024 * 1024)
    response = person.client.post("/q", content=big, headers={"origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    chunked = person.client.post(
        "/q", content=iter([b"answer="] + [b"9" * 65536] * 160), headers={"origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"}
    )
    assert chunked.status_code == 413
    assert person.act("next", answer="40").status_code == 200 and on_question(person) == "smoker"


def test_other_content_types_and_broken_bodies_are_refused(person: Browser) -> None:
    headers = {"origin": ORIGIN}
    assert person.client.post("/q", json={"action": "next"}, headers=headers).status_code == 413
    broken = person.client.post("/q", content=b"answer=%ff%fe", headers={**headers, "content-type": "application/x-www-form-urlencoded"})
    assert broken.status_code == 413
    many = "&".join(f"f{n}=1" for n in range(500)).encode()
    assert person.client.post("/q", content=many, headers={**headers, "content-type": "application/x-www-form-urlencoded"}).status_code == 413


def test_html_and_control_characters_in_text_are_shown_escaped_and_stored_cleaned(person: Browser, store_url: str) -> None:
    for fields in ({"answer": "40"}, {"answer": "no"}, {"amount": "2", "unit": "years"}, {}, {"answer": "3"}):
        person.act("next", **fields)
    assert on_question(person) == "notes"
    hostile = '<script>alert(1)</script><b onmouseover="x">hi</b>\x1b[31mred\x07\x00 end'
    person.act("next", answer=hostile)
    person.act("back")
    page = person.last.text
    assert "<script>" not in page and "<b onmouseover" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    stored = saved_state(store_url)[0]["answers"]["notes"]
    assert "\x1b" not in stored and "\x07" not in stored and "\x00" not in stored
    assert stored.startswith("<script>alert(1)</script>")
    person.act("next", answer=hostile)
    person.act("next", answer="never")
    person.act("submit")
    assert "&lt;script&gt;" in person.last.text and "<script>" not in person.last.text


def test_every_response_carries_the_security_headers(person: Browser, typed: Any) -> None:
    responses = [person.get("/q"), person.get("/static/style.css"), person.get("/nowhere"), person.get("/l/unknown-token-unknown-token")]
    responses.append(person.client.post("/q", data={}, headers={"origin": "https://evil.example"}))
    for response in responses:
        headers = response.headers
        assert headers["content-security-policy"].startswith(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'"
        )
        assert headers["referrer-policy"] == "same-origin"
        assert headers["cache-control"] == "no-store"
        assert headers["x-content-type-options"] == "nosniff"
    page = responses[0].text
    assert "http://" not in page and "https://" not in page  # no fonts, scripts or CDNs from elsewhere
    assert "<script" not in page and "style=" not in page


def test_the_cookie_is_httponly_lax_and_secure_behind_tls(typed: Any, store_url: str) -> None:
    token = make_links(store_url, "web-all-types")[0]
    with TestClient(typed, base_url="https://clinic.example") as client:
        response = client.get(f"/l/{token}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/q"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("__Host-screening=") and "HttpOnly" in cookie and "Secure" in cookie and "SameSite=lax" in cookie
    assert token not in response.headers["location"]
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_the_access_log_never_shows_a_token_or_an_answer(person: Browser, typed: Any, store_url: str, caplog: pytest.LogCaptureFixture) -> None:
    token = make_links(store_url, "web-all-types")[0]
    with caplog.at_level(logging.INFO, logger="screening.web"):
        person.get(f"/l/{token}")
        person.act("start")
        person.act("next", answer="73")
    import re

    messages = [re.sub(r" [0-9.]+ms$", "", record.getMessage()) for record in caplog.records]
    assert not any(token in m or "73" in m or "csrf" in m for m in messages)
    assert any(m.endswith('"GET /l/[token]" 303') for m in messages) and any(m.endswith('"POST /q" 303') for m in messages)


def test_posts_per_session_are_rate_limited(store_url: str) -> None:
    questionnaire = load_questionnaire(str(ALL_TYPES))
    app = create_app({questionnaire.id: questionnaire}, lambda: open_store(store_url), Settings(posts_per_minute_session=5))
    with TestClient(app) as client:
        browser = Browser(client)
        browser.get(f"/l/{make_links(store_url, 'web-all-types')[0]}")
        statuses = [browser.act("language", lang="en").status_code for _ in range(8)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429] * 3


def test_anonymous_start_is_off_unless_turned_on(typed: Any, store_url: str) -> None:
    with TestClient(typed) as client:
        assert "private link" in client.get("/").text
        assert client.post("/start", headers={"origin": ORIGIN}).status_code == 404
    questionnaire = load_questionnaire(str(ALL_TYPES))
    public = create_app({questionnaire.id: questionnaire}, lambda: open_store(store_url), Settings(public=True))
    with TestClient(public) as client:
        assert 'action="/start"' in client.get("/").text
        assert client.post("/start", headers={"origin": "https://evil.example"}).status_code == 403
        response = client.post("/start", headers={"origin": ORIGIN})
        assert response.status_code == 200 and "How old are you?" in response.text


def test_a_double_next_never_answers_the_question_after(person: Browser, store_url: str) -> None:
    form = {**person.hidden(), "action": "next", "answer": "40"}
    assert person.post(form).status_code == 200 and on_question(person) == "smoker"
    again = person.post(form)  # the same press arriving twice (a held key, a double click)
    assert again.status_code == 409 and on_question(person) == "smoker"
    assert saved_state(store_url)[0]["answers"] == {"age": 40}


def test_posts_per_address_are_rate_limited(store_url: str) -> None:
    questionnaire = load_questionnaire(str(ALL_TYPES))
    app = create_app({questionnaire.id: questionnaire}, lambda: open_store(store_url), Settings(posts_per_minute_address=4))
    with TestClient(app) as one, TestClient(app) as two:  # two people behind one address
        first, second = Browser(one), Browser(two)
        for browser in (first, second):
            browser.get(f"/l/{make_links(store_url, 'web-all-types')[0]}")
        statuses = [b.act("language", lang="en").status_code for b in (first, second, first, second, first, second)]
    assert statuses == [200, 200, 200, 200, 429, 429]
