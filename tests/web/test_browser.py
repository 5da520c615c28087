"""A real browser (Debian's chromium through Playwright), keyboard only, with axe-core on every kind of page.

No browser is downloaded: Playwright drives /usr/bin/chromium (`.ci/run`
installs the package). Screenshots at 390 and 1280 px wide are kept in a
temporary folder (or SCREENING_WEB_SHOTS), printed at the end of the run (``-s``) for people to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from screening.store import open_store
from screening.web.app import Settings, create_app

from tests.web.conftest import make_links

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does it)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = (390, 1280)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, questionnaires: dict[str, Any]) -> Iterator[tuple[str, str]]:
    import uvicorn

    store_url = str(tmp_path_factory.mktemp("browser") / "web.db")
    ordered = {"ketamine-chronic-pain": questionnaires["ketamine-chronic-pain"], **questionnaires}
    app = create_app(ordered, lambda: open_store(store_url), Settings(link_tries_per_minute=1000))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}", store_url
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    chosen = os.environ.get("SCREENING_WEB_SHOTS")  # to keep them: pytest prunes its old tmp folders
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    print(f"\nweb screenshots: {folder}")


def check_page(page: Any, name: str, shots: Path, seen: dict[str, int]) -> None:
    """axe-core finds nothing; the page fits 320 px and 200% zoom; screenshots at both widths."""
    results = axe_module.Axe().run(page)
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"
    size = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    # 320 CSS px wide, and 640 px at 200% zoom (the same layout width): nothing scrolls sideways
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth <= 321"), f"{name} scrolls sideways at 320 px"
    page.set_viewport_size(size)
    seen[name] = seen.get(name, 0) + 1


def focused(page: Any, selector: str) -> bool:
    return bool(page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector))


def tab_to(page: Any, selector: str) -> None:
    """Press Tab until the element is focused (keyboard only)."""
    for _ in range(80):
        if focused(page, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def submit_with_enter(page: Any) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press_next(page: Any) -> None:
    tab_to(page, 'button[value="next"]')
    submit_with_enter(page)


def answer_with_keys(page: Any, answer: Any) -> None:
    """Give an answer the way a keyboard user does: Tab, arrows, Space, typing."""
    kind = page.evaluate("() => { const i = document.querySelector('form.answer [name=answer], form.answer [name=amount]'); return i ? i.type || i.tagName : 'note' }")
    if isinstance(answer, list):
        for option in answer:
            tab_to(page, f'input[type="checkbox"][value="{option}"]')
            page.keyboard.press("Space")
    elif kind == "radio":
        values = page.eval_on_selector_all('form.answer input[name="answer"]', "els => els.map(e => e.value)")
        target = values.index(str(answer))
        tab_to(page, 'form.answer input[name="answer"]')
        if target == 0:
            page.keyboard.press("Space")
        for _ in range(target):
            page.keyboard.press("ArrowDown")  # moves and chooses, as radio groups do
    elif isinstance(answer, str) and kind == "text" and " " in answer and page.query_selector("#amount"):
        amount, unit = answer.split()
        unit = unit if unit.endswith("s") else unit + "s"
        tab_to(page, "#amount")
        page.keyboard.type(amount)
        units = page.eval_on_selector_all('input[name="unit"]', "els => els.map(e => e.value)")
        tab_to(page, 'input[name="unit"]')
        if units.index(unit) == 0:
            page.keyboard.press("Space")
        for _ in range(units.index(unit)):
            page.keyboard.press("ArrowRight")
    elif answer is not None:
        tab_to(page, 'form.answer [name="answer"]')
        page.keyboard.type(str(answer))
    assert page.evaluate("document.activeElement !== document.body")


def current(page: Any) -> tuple[str, str]:
    page_name = page.eval_on_selector('input[name="page"]', "e => e.value")
    question = page.query_selector('form.answer input[name="question"]')
    return page_name, question.get_attribute("value") if question else ""


def test_keyboard_only_through_the_bundled_questionnaire(server: tuple[str, str], chromium: Any, questionnaires: dict[str, Any], shots: Path) -> None:
    base, store_url = server
    example = questionnaires["ketamine-chronic-pain"].examples[0]
    answers = dict(example.answers)
    link = f"{base}/l/{make_links(store_url, 'ketamine-chronic-pain')[0]}"
    context = chromium.new_context()
    page = context.new_page()
    seen: dict[str, int] = {}
    page.goto(link)
    assert page.url == f"{base}/q" and "/l/" not in page.url  # the token is gone from the address bar
    check_page(page, "welcome", shots, seen)
    tab_to(page, 'button[value="start"]')
    submit_with_enter(page)

    # Enter on an untouched question: asked again, with the reason, and nothing chosen
    press_next(page)
    error = page.locator("#error")
    assert error.get_attribute("role") == "alert" and error.is_visible()
    check_page(page, "question-error", shots, seen)

    steps = 0
    while True:
        name, question = current(page)
        if name != "question":
            break
        kinds = page.evaluate("() => [...document.querySelectorAll('form.answer input, form.answer textarea')].map(e => e.type).join(',')")
        kind = "scale" if page.query_selector(".options.scale") else "duration" if "amount" in page.content() and page.query_selector("#amount") else kinds.split(",")[3] if kinds.count(",") >= 3 else "entry"
        if kind not in seen:
            check_page(page, f"question-{kind}", shots, seen)
        answer_with_keys(page, answers.get(question))
        if steps == 5:
            page.reload()  # a reload mid-way: the same question, the choice not yet sent is not kept
            assert current(page) == ("question", question)
            answer_with_keys(page, answers.get(question))
            second = context.new_page()  # a second tab resumes at the same place
            second.goto(f"{base}/q")
            assert current(second) == ("question", question)
            second.close()
        press_next(page)
        assert page.locator("#error").count() == 0, (question, page.content())
        steps += 1
    assert name == "review" and steps >= 15
    check_page(page, "review", shots, seen)
    tab_to(page, 'button[value="submit"]')
    submit_with_enter(page)
    assert current(page)[0] == "summary" and "have been sent" in page.content()
    check_page(page, "summary", shots, seen)
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible() and not page.locator('button[value="finish"]').is_visible()
    page.emulate_media(media="screen")
    with open_store(store_url) as store:
        assert any(s.outcome_id == example.expect["outcome"] and s.kiosk_id == "web" for s in store.submissions())
    context.close()


def test_the_crisis_page_and_the_invalid_link_page_in_a_real_browser(server: tuple[str, str], chromium: Any, shots: Path) -> None:
    base, store_url = server
    context = chromium.new_context()
    page = context.new_page()
    seen: dict[str, int] = {}
    page.goto(f"{base}/l/{make_links(store_url, 'phq-9')[0]}")
    tab_to(page, 'button[value="start"]')
    submit_with_enter(page)
    # Enter on an untouched radio group submits the form: asked again, nothing chosen
    tab_to(page, 'form.answer input[name="answer"]')
    submit_with_enter(page)
    assert current(page) == ("question", "phq9_1") and page.locator("#error").inner_text() == "Please choose an answer."
    assert page.locator("input:checked").count() == 0
    assert focused(page, 'form.answer input[name="answer"]')  # the error takes the focus to the question
    for _ in range(8):
        answer_with_keys(page, "not_at_all")
        press_next(page)
    assert current(page) == ("question", "phq9_9")
    answer_with_keys(page, "several_days")
    press_next(page)
    assert current(page)[0] == "crisis" and page.locator("h1").inner_text() == "Please read this now"
    check_page(page, "crisis", shots, seen)
    tab_to(page, 'button[value="read"]')
    submit_with_enter(page)
    assert current(page)[0] == "review"
    page.goto(f"{base}/l/{'n' * 43}")
    assert "cannot be used" in page.content()
    check_page(page, "link-invalid", shots, seen)
    context.close()
