"""What every request passes through: security headers, an access log without secrets, rate limits, Origin.

Pure ASGI wrappers (not Starlette's BaseHTTPMiddleware), so the headers are on
every response, error pages included.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from typing import Any

from starlette.datastructures import MutableHeaders

HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    # same-origin, not no-referrer: under no-referrer browsers send `Origin: null` on same-origin posts
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

access_log = logging.getLogger("screening.web.access")
_SECRET_PATH = re.compile(r"^/l/[^/]*")


def loggable_path(path: str) -> str:
    """The path as the access log shows it: a link's token is never written anywhere."""
    return _SECRET_PATH.sub("/l/[token]", path)


class Guard:
    """Adds the security headers to every response and writes the access log (path only, tokens hidden)."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 0

        async def send_with_headers(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                if scope.get("scheme") == "https":  # the proxy may add it too; the same value
                    headers["strict-transport-security"] = "max-age=63072000; includeSubDomains"
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            # Starlette has already sent the error page; it re-raises for the server to print a
            # traceback, which is not wanted here: the class and where, never a value
            frame = exc.__traceback__
            while frame is not None and frame.tb_next is not None:
                frame = frame.tb_next
            where = f"{frame.tb_frame.f_code.co_filename}:{frame.tb_lineno}" if frame else "?"
            logging.getLogger("screening.web").error("unexpected %s at %s", type(exc).__name__, where)
            if not status:
                raise
        finally:
            client = scope.get("client") or ("-", 0)
            # no query string, no token, no form data: the path, the status and the time
            access_log.info(
                '%s "%s %s" %s %.1fms',
                client[0],
                scope.get("method", "-"),
                loggable_path(scope.get("path", "")),
                status or 500,
                (time.perf_counter() - started) * 1000,
            )


class RateLimit:
    """At most ``limit`` events per ``window`` seconds per key (fixed windows), in this process.

    Per process on purpose: a limit shared through the store would cost a write
    per request; with N processes an address gets at most N times the limit.
    """

    def __init__(self, limit: int, window: float = 60.0, max_keys: int = 50_000):
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._counts: OrderedDict[str, tuple[float, int]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, key: str) -> bool:
        """Count one event; False when the key is over its limit."""
        now = time.monotonic()
        with self._lock:
            start, count = self._counts.get(key, (now, 0))
            if now - start >= self.window:
                start, count = now, 0
            count += 1
            self._counts[key] = (start, count)
            self._counts.move_to_end(key)
            while len(self._counts) > self.max_keys:
                self._counts.popitem(last=False)
            return count <= self.limit


def same_origin(headers: Any, scheme: str) -> bool:
    """A POST came from a page of this site (the CSRF token is checked as well).

    ``Origin`` must be this host; ``Origin: null`` is accepted only when the
    browser says the request is same-origin (``Sec-Fetch-Site``). A POST with no
    Origin at all is refused: every current browser sends one on form posts.
    """
    host = headers.get("host")
    origin = headers.get("origin")
    if not host or origin is None:
        return False
    if origin == "null":
        return headers.get("sec-fetch-site") == "same-origin"
    return origin == f"{scheme}://{host}"
