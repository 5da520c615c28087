"""Running the web form under uvicorn, with an access log that never shows a token.

uvicorn's own access log prints every request path, and a private link's path
holds its token; it is turned off, and :class:`screening.web.guard.Guard` logs
instead (method, path with the token replaced, status, time; never a query
string or a form field).
"""

from __future__ import annotations

from typing import Any, Callable

from screening.engine.run.questionnaire import Questionnaire
from screening.store.base import Store
from screening.web.app import Settings, create_app

LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "screening.web": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


def serve(
    questionnaires: dict[str, Questionnaire],
    open_store: Callable[[], Store],
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 8000,
    trusted_proxies: str | None = None,
) -> int:
    import uvicorn

    app = create_app(questionnaires, open_store, settings)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_config=LOG_CONFIG,
        access_log=False,
        server_header=False,
        # X-Forwarded-For/-Proto are believed only from the proxies named here
        proxy_headers=trusted_proxies is not None,
        forwarded_allow_ips=trusted_proxies or "",
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,
        limit_concurrency=1000,
    )
    return 0
