"""Fixtures for the web form: an app over a fresh SQLite store, private links, a client that posts like a browser."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any, Iterator

import warnings

import pytest

with warnings.catch_warnings():  # Starlette 1.x suggests httpx2; httpx is what the suite installs
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from screening.engine.loader import load_questionnaire
from screening.store import open_store
from screening.store.web_state import WebState
from screening.web.app import Settings, create_app

BUNDLED = Path(__file__).resolve().parents[2] / "src" / "screening" / "questionnaires"
BUNDLED_FILES = sorted(BUNDLED.glob("*.yaml"))
ORIGIN = "http://testserver"


class Browser:
    """A TestClient that posts the way a browser does: with Origin, and the page's hidden fields."""

    def __init__(self, client: TestClient):
        self.client = client
        self.last: Any = None

    def get(self, url: str, **kwargs: Any) -> Any:
        self.last = self.client.get(url, **kwargs)
        return self.last

    def hidden(self, html: str | None = None) -> dict[str, str]:
        """The hidden fields of the page's main form (csrf, page, question)."""
        html = html if html is not None else self.last.text
        fields: dict[str, str] = {}
        for name in ("csrf", "page", "question"):
            match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
            if match:
                fields[name] = match.group(1)
        return fields

    def post(self, data: Any = None, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        self.last = self.client.post("/q", data=data, headers={"origin": ORIGIN, **(headers or {})}, **kwargs)
        return self.last

    def act(self, action: str, **fields: Any) -> Any:
        """Press a button on the current page, with answer fields."""
        data = {**self.hidden(), "action": action, **fields}
        return self.post(data)


def make_links(url: str, questionnaire_id: str, count: int = 1, days: float = 7) -> list[str]:
    store = open_store(url)
    try:
        return WebState(store).new_links(questionnaire_id, _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(days=days), count)
    finally:
        store.close()


@pytest.fixture(scope="session")
def questionnaires() -> dict[str, Any]:
    loaded = [load_questionnaire(str(path)) for path in BUNDLED_FILES]
    return {q.id: q for q in loaded}


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return str(tmp_path / "web.db")


@pytest.fixture
def app(questionnaires: dict[str, Any], store_url: str) -> Any:
    first = questionnaires.pop("ketamine-chronic-pain")
    ordered = {"ketamine-chronic-pain": first, **questionnaires}
    questionnaires["ketamine-chronic-pain"] = first
    return create_app(ordered, lambda: open_store(store_url), Settings())


@pytest.fixture
def browser(app: Any) -> Iterator[Browser]:
    with TestClient(app) as client:
        yield Browser(client)


from tests.store.conftest import postgres  # noqa: E402,F401  (the PostgreSQL server fixture, started by the tests)
