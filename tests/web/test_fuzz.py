"""Random posts (Hypothesis, bounded): the server never fails, and only answers that were posted are kept."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import Browser, TestClient, make_links

ACTIONS = ["next", "back", "review", "start", "read", "submit", "edit", "finish", "language", "", "x" * 70]
VALUES = st.one_of(
    st.sampled_from(["yes", "no", "not_at_all", "several_days", "7", "45", "2", "years", "months", "none", "-1", "1e999", "nan", ""]),
    st.text(max_size=30),
)
FIELD = st.tuples(st.sampled_from(["answer", "amount", "unit", "edit", "lang", "question", "page", "zzz"]), VALUES)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.sampled_from(ACTIONS), st.lists(FIELD, max_size=4), st.booleans()), min_size=1, max_size=25))
def test_random_posts_never_fail_and_keep_only_posted_answers(app: Any, store_url: str, steps: list[Any]) -> None:
    from screening.store import open_store

    posted: dict[str, set[str]] = {}
    with TestClient(app) as client:
        browser = Browser(client)
        browser.get(f"/l/{make_links(store_url, 'ketamine-chronic-pain')[0]}")
        for action, fields, keep_page in steps:
            data: dict[str, Any] = dict(browser.hidden()) if keep_page else {"csrf": browser.hidden().get("csrf", "")}
            data["action"] = action
            for name, value in fields:  # a field given twice is sent twice, as a form can
                current = data.get(name)
                data[name] = current + [value] if isinstance(current, list) else [value]
            question = browser.hidden().get("question")
            if question:
                posted.setdefault(question, set()).update(v for name, values in data.items() if name in ("answer", "amount") for v in (values if isinstance(values, list) else [values]))
            response = browser.post(data)
            assert response.status_code in (200, 403, 409, 413, 422, 429), response.status_code
            if response.status_code == 200 and "page-" not in response.text:
                raise AssertionError(response.text[:300])
            browser.get("/q")
            if browser.last.status_code == 403:  # finished: a new link for the rest of the steps
                browser.get(f"/l/{make_links(store_url, 'ketamine-chronic-pain')[0]}")
    with open_store(store_url) as store:
        import json

        for (text,) in store._read(lambda db: db.execute("SELECT state FROM web_sessions").fetchall()):
            for question_id, answer in json.loads(text)["answers"].items():
                assert question_id in posted  # only questions that had a post for them
                given = answer if isinstance(answer, list) else [str(answer).split(" ")[0]]
                assert all(str(g) in posted[question_id] or any(str(g) in p for p in posted[question_id]) for g in given)
