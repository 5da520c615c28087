"""`screening links new` and `screening serve` as subprocesses: real uvicorn, real sockets, its real log."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import MINIMAL

SCREENING = [sys.executable, "-m", "screening"]


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SCREENING, *args], capture_output=True, text=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_links_new_prints_one_url_per_link_with_a_long_token(tmp_path: Path) -> None:
    store = str(tmp_path / "s.db")
    result = run("links", "new", "--questionnaire", "phq-9", "--count", "3", "--expires", "2d", "--store", store, "--base-url", "https://clinic.example/screen/")
    assert result.returncode == 0, result.stderr
    urls = result.stdout.split()
    assert len(urls) == 3 and len(set(urls)) == 3
    for url in urls:
        match = re.fullmatch(r"https://clinic\.example/screen/l/([A-Za-z0-9_-]{43})", url)
        assert match  # 32 random bytes: 256 bits
    assert "3 link(s) for phq-9" in result.stderr
    dump = Path(store).read_bytes()
    assert all(url.rsplit("/", 1)[1].encode() not in dump for url in urls)  # stored hashed only


def test_links_new_can_draw_qr_codes_with_block_characters_only(tmp_path: Path) -> None:
    result = run("links", "new", "--qr", "--store", str(tmp_path / "s.db"))
    assert result.returncode == 0, result.stderr
    url, *drawing = result.stdout.splitlines()
    assert url.startswith("http://127.0.0.1:8000/l/")
    assert len(drawing) > 15 and set("".join(drawing)) <= set("█▀▄ ")
    assert "links open only on this machine" in result.stderr  # no --base-url: said, not silent


def test_links_are_only_made_for_a_questionnaire_that_can_be_served(tmp_path: Path) -> None:
    store = str(tmp_path / "s.db")
    unknown = run("links", "new", "--questionnaire", "does-not-exist", "--store", store)
    assert unknown.returncode == 2 and "no bundled questionnaire has this id" in unknown.stderr and not unknown.stdout
    own = tmp_path / "own.yaml"
    own.write_text(MINIMAL.replace("id: mini", "id: clinic-own"), encoding="utf-8")
    by_file = run("links", "new", "--questionnaire", str(own), "--store", store, "--base-url", "https://c.example")
    assert by_file.returncode == 0, by_file.stderr
    assert "1 link(s) for clinic-own" in by_file.stderr and "only on this machine" not in by_file.stderr
    missing = run("links", "new", "--questionnaire", str(tmp_path / "gone.yaml"), "--store", store)
    assert missing.returncode == 2 and "no such file" in missing.stderr


@pytest.mark.parametrize(
    "args,message",
    [
        (["--expires", "7 days"], "write 30m, 12h or 7d"),
        (["--expires", "200d"], "from 1m to 90d"),
        (["--count", "0"], "--count"),
        (["--base-url", "ftp://x"], "--base-url"),
        (["--questionnaire", "phq\x1b[31m"], "--questionnaire"),
    ],
)
def test_links_new_refuses_bad_options_in_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("links", "new", "--store", str(tmp_path / "s.db"), *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_serve_refuses_a_broken_file_and_a_missing_store_before_listening(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: [\n", encoding="utf-8")
    result = run("serve", str(broken), "--store", str(tmp_path / "s.db"))
    assert result.returncode == 1 and "broken.yaml:" in result.stderr and "Traceback" not in result.stderr
    result = run("serve", "--store", str(tmp_path / "no" / "such" / "s.db"))
    assert result.returncode == 1 and "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_serve_answers_on_127_0_0_1_and_its_log_never_shows_a_token(tmp_path: Path) -> None:
    store = str(tmp_path / "s.db")
    port = free_port()
    link = run("links", "new", "--questionnaire", "phq-9", "--store", store, "--base-url", f"http://127.0.0.1:{port}").stdout.strip()
    token = link.rsplit("/", 1)[1]
    bundled = Path(__file__).resolve().parents[2] / "src" / "screening" / "questionnaires"
    server = subprocess.Popen(
        [*SCREENING, "serve", str(bundled / "phq-9.yaml"), "--store", store, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=True) as client:
            page = client.get(f"/l/{token}?utm=x")
            assert page.status_code == 200 and "PHQ-9" in page.text
            assert str(page.url).endswith("/q")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
            origin = {"origin": f"http://127.0.0.1:{port}"}
            client.post("/q", data={"csrf": csrf, "page": "welcome", "action": "start"}, headers=origin)
            answered = client.post("/q", data={"csrf": csrf, "page": "question", "question": "phq9_1", "action": "next", "answer": "several_days"}, headers=origin)
            assert "phq9_2" in answered.text
            assert client.get(f"/l/{'z' * 43}").status_code == 404
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert token not in out + err and "several_days" not in out + err and csrf not in out + err
    assert '"GET /l/[token]" 303' in err and '"POST /q" 303' in err
    assert "uvicorn.access" not in err


def test_the_web_form_never_imports_textual() -> None:
    code = "import sys, screening.web.server, screening.web.app; sys.exit('textual' in sys.modules or 'rich' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_every_web_word_has_every_language() -> None:
    from screening.i18n import LANGUAGES
    from screening.web.words import WEB_STRINGS

    for key, texts in WEB_STRINGS.items():
        assert set(texts) == set(LANGUAGES), key
