"""Web form benchmark, on 127.0.0.1 only, bounded in time: figures measured in one run.

    python benchmarks/bench_web.py                 # 50 concurrent sessions, 500 open sessions
    python benchmarks/bench_web.py --sessions 20 --open 200

1. pages: `screening serve` (one uvicorn process, SQLite store with
   synchronous=FULL) in a subprocess; N concurrent people, each with their own
   private link and cookie, walk the bundled questionnaire page by page
   (GET /q, POST an answer, follow the redirect) to the submitted summary.
   Pages per second (every GET and POST counts) and the median / p95 latency
   of one request.
2. memory: the server's resident memory before and after M more sessions are
   opened (link swapped, Start pressed) and left open: the growth per open
   session. Sessions live in the store, so this should be near zero; the
   store's bytes per session are printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "src" / "screening" / "questionnaires" / "ketamine-chronic-pain.yaml"
sys.path.insert(0, str(ROOT / "src"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def _fields_for(answer: Any) -> dict[str, Any]:
    """An answer-file value as the form's fields (as tests/web/test_flow.py does)."""
    if isinstance(answer, list):
        return {"answer": answer}
    if isinstance(answer, str) and re.fullmatch(r"\d+(\.\d+)?\s+[a-z]+", answer):
        amount, unit = answer.split()
        return {"amount": amount, "unit": unit if unit.endswith("s") else unit + "s"}
    return {"answer": str(answer)}


async def _person(base: str, link: str, answers: dict[str, Any], latencies: list[float]) -> None:
    import httpx

    origin = {"origin": base}
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def timed(method: str, url: str, **kwargs: Any) -> Any:
            start = time.perf_counter()
            response = await client.request(method, url, **kwargs)
            latencies.append(time.perf_counter() - start)
            return response

        page = await timed("GET", link)
        page = await timed("GET", page.headers["location"])
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        await timed("POST", "/q", data={"csrf": csrf, "page": "welcome", "action": "start"}, headers=origin)
        for _ in range(100):
            page = await timed("GET", "/q")
            current = re.search(r'name="page" value="([a-z]+)"', page.text).group(1)
            if current == "summary":
                return
            data: dict[str, Any] = {"csrf": csrf, "page": current}
            if current == "question":
                question = re.search(r'form method="post" action="/q" novalidate class="answer">\s*<input type="hidden" name="csrf" value="[^"]+">\s*<input type="hidden" name="page" value="question">\s*<input type="hidden" name="question" value="([^"]+)"', page.text).group(1)
                data.update(question=question, action="next", **(_fields_for(answers[question]) if question in answers else {}))
            else:
                data["action"] = {"crisis": "read", "review": "submit"}[current]
            response = await timed("POST", "/q", data=data, headers=origin)
            if response.status_code != 303:
                raise RuntimeError(f"{current}: HTTP {response.status_code}")
        raise RuntimeError("the walk did not end")


async def _open_only(base: str, link: str) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        page = await client.get(link, follow_redirects=True)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        await client.post("/q", data={"csrf": csrf, "page": "welcome", "action": "start"}, headers={"origin": base})


def _links(store: str, count: int) -> list[str]:
    output = subprocess.run(
        [sys.executable, "-m", "screening", "links", "new", "--count", str(count), "--store", store, "--base-url", "http://x"],
        capture_output=True, text=True, check=True,
    ).stdout
    return [url[len("http://x"):] for url in output.split()]


async def _gather_limited(coroutines: list[Any], limit: int) -> None:
    gate = asyncio.Semaphore(limit)

    async def one(coroutine: Any) -> None:
        async with gate:
            await coroutine

    await asyncio.gather(*(one(c) for c in coroutines))


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=50, help="concurrent people walking (default 50)")
    parser.add_argument("--open", type=int, default=500, help="sessions opened and left open for the memory figure (default 500)")
    args = parser.parse_args(argv)
    from screening.engine.loader import load_questionnaire

    answers = load_questionnaire(str(BUNDLED)).examples[0].answers
    folder = tempfile.mkdtemp(prefix="bench-web-")
    store = os.path.join(folder, "web.db")
    walk_links = _links(store, args.sessions)
    open_links = _links(store, args.open)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "screening", "serve", str(BUNDLED), "--store", store, "--port", str(port),
         "--max-link-tries", "100000", "--max-posts", "100000"],  # every person comes from 127.0.0.1 here
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        asyncio.run(_open_only(base, open_links.pop()))  # warm: imports, templates, first connection
        latencies: list[float] = []
        start = time.perf_counter()

        async def everyone() -> None:
            await asyncio.wait_for(asyncio.gather(*(_person(base, link, answers, latencies) for link in walk_links)), 300)

        asyncio.run(everyone())
        elapsed = time.perf_counter() - start
        ordered = sorted(latencies)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        print(f"pages: {args.sessions} concurrent sessions walked the bundled questionnaire: {len(latencies)} requests in {elapsed:.2f} s")
        print(f"  {len(latencies) / elapsed:.0f} requests/s; latency median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms")

        before = _rss_kib(server.pid)
        store_before = sum(f.stat().st_size for f in Path(folder).glob("web.db*"))
        count = len(open_links)

        async def open_all() -> None:
            await asyncio.wait_for(_gather_limited([_open_only(base, link) for link in open_links], 20), 300)

        asyncio.run(open_all())
        after = _rss_kib(server.pid)
        store_after = sum(f.stat().st_size for f in Path(folder).glob("web.db*"))
        figures = {
            "requests_per_second": len(latencies) / elapsed,
            "p95_ms": p95 * 1000,
            "bytes_per_open_session": (after - before) * 1024 / count,
        }
        print(f"memory: server RSS {before / 1024:.1f} MiB -> {after / 1024:.1f} MiB after {count} more open sessions: "
              f"{(after - before) * 1024 / count:.0f} bytes per open session (store: {(store_after - store_before) / count:.0f} bytes each, WAL included)")
    finally:
        server.terminate()
        server.wait(30)
    return figures


if __name__ == "__main__":
    main()
