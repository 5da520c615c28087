"""The web form's commands: `serve` (the form for patients at home) and `links new` (private links)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from screening.cli_common import BUNDLED_DIR, DEFAULT_QUESTIONNAIRE, Parser, add_store_options, load
from screening.console import err as _err
from screening.usage import EXIT_OK, UsageError


def add_serve(commands: Any) -> None:
    serve = commands.add_parser("serve", help="the web form for patients at home (private links; see README)")
    serve.add_argument("files", nargs="*", metavar="FILE", help="questionnaire files (default: the bundled one)")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: put a TLS proxy in front)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--public", action="store_true", help="also allow an anonymous start at / (off by default)")
    serve.add_argument("--trust-proxy", metavar="IPS", help="believe X-Forwarded-For/-Proto from these proxy addresses (comma-separated)")
    serve.add_argument("--idle-minutes", type=int, default=30, help="a page left this long needs the link again (default 30)")
    serve.add_argument("--site-id", default="web", help="names web submissions in the store (default web)")
    serve.add_argument("--max-link-tries", type=int, default=20, metavar="N", help="link visits a minute from one address (default 20)")
    serve.add_argument("--max-posts", type=int, default=600, metavar="N", help="form posts a minute from one address (default 600)")
    add_store_options(serve)


def add_links(commands: Any) -> None:
    links = commands.add_parser("links", help="make private links for the web form")
    actions = links.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    new = actions.add_parser("new", help="print new private links, one per line")
    new.add_argument(
        "--questionnaire", metavar="ID|FILE",
        help="a bundled questionnaire's id, or the file `serve` is started with (default: the bundled one)",
    )
    new.add_argument("--expires", default="7d", help="how long a link works: 30m, 12h or 7d (default 7d, at most 90d)")
    new.add_argument("--count", type=int, default=1, help="how many links (default 1, at most 1000)")
    new.add_argument("--base-url", help="the address patients open (default http://127.0.0.1:8000, this machine only)")
    new.add_argument("--qr", action="store_true", help="also draw each link as a QR code (text, for a terminal)")
    add_store_options(new)


def cmd_serve(args: argparse.Namespace) -> int:
    import datetime as _dt

    from screening.store import open_store

    paths = args.files or [str(DEFAULT_QUESTIONNAIRE)]
    questionnaires: dict[str, Any] = {}
    for path in paths:
        questionnaire = load(path)  # every file is checked before the first patient
        if questionnaire.id in questionnaires:
            raise UsageError(f"{path}: another file already has the id {questionnaire.id!r}")
        questionnaires[questionnaire.id] = questionnaire
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: use 1 to 65535")
    if not 1 <= args.idle_minutes <= 24 * 60:
        raise UsageError("--idle-minutes: use 1 to 1440")
    from screening.store.web_state import WebState

    with open_store(args.store, args.encrypt_key_file) as store:  # fail now, not at the first request
        WebState(store).purge()
    from screening.web.app import Settings
    from screening.web.server import serve

    if args.max_link_tries < 1 or args.max_posts < 1:
        raise UsageError("--max-link-tries and --max-posts must be at least 1")
    settings = Settings(
        idle=_dt.timedelta(minutes=args.idle_minutes),
        public=args.public,
        site_id=args.site_id,
        link_tries_per_minute=args.max_link_tries,
        posts_per_minute_address=args.max_posts,
    )
    _err(f"screening: serving {', '.join(questionnaires)} on http://{args.host}:{args.port}")
    return serve(
        questionnaires,
        lambda: open_store(args.store, args.encrypt_key_file),
        settings,
        host=args.host,
        port=args.port,
        trusted_proxies=args.trust_proxy,
    )


def _duration(text: str) -> Any:
    import datetime as _dt
    import re

    match = re.fullmatch(r"(\d{1,5})([mhd])", text.strip())
    if not match:
        raise UsageError(f"--expires {text}: write 30m, 12h or 7d")
    amount, unit = int(match.group(1)), match.group(2)
    delta = {"m": _dt.timedelta(minutes=amount), "h": _dt.timedelta(hours=amount), "d": _dt.timedelta(days=amount)}[unit]
    if not _dt.timedelta(minutes=1) <= delta <= _dt.timedelta(days=90):
        raise UsageError(f"--expires {text}: use from 1m to 90d")
    return delta


def cmd_links(args: argparse.Namespace) -> int:
    import datetime as _dt
    from urllib.parse import urlsplit

    from screening.store import open_store
    from screening.store.web_state import WebState

    lifetime = _duration(args.expires)
    if not 1 <= args.count <= 1000:
        raise UsageError("--count: use 1 to 1000")
    base = (args.base_url or "http://127.0.0.1:8000").rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise UsageError(f"--base-url {args.base_url}: write http(s)://host[:port][/path]")
    questionnaire_id = _link_questionnaire_id(args.questionnaire)
    expires = _dt.datetime.now(_dt.timezone.utc) + lifetime
    with open_store(args.store, args.encrypt_key_file) as store:
        tokens = WebState(store).new_links(questionnaire_id, expires, args.count)
    from screening.terminal_text import for_terminal

    for token in tokens:
        url = f"{base}/l/{token}"
        print(for_terminal(url, single_line=True))
        if args.qr:
            import io

            import segno

            drawing = io.StringIO()
            segno.make(url, error="m").terminal(out=drawing, compact=True, border=2)  # block characters only
            print(for_terminal(drawing.getvalue()))
    _err(f"{len(tokens)} link(s) for {questionnaire_id}, valid until {expires:%Y-%m-%d %H:%M} UTC")
    if args.base_url is None:
        _err("screening: warning: these links open only on this machine (http://127.0.0.1:8000); "
             "give --base-url with the address patients use")
    return EXIT_OK


def _link_questionnaire_id(given: str | None) -> str:
    """The id a link is for: a bundled questionnaire's id, or the id inside a questionnaire file.
    An id nobody serves would give the patient a dead link, so it is refused here."""
    import re

    from screening.engine.format.header import read_header

    def id_of(path: Path) -> str:
        header = read_header(str(path))
        return header.id if header is not None and header.id else load(str(path)).id

    bundled = {id_of(path): path for path in sorted(Path(BUNDLED_DIR).glob("*.yaml"))}
    if given is None:
        return id_of(Path(DEFAULT_QUESTIONNAIRE))
    if given in bundled:
        return given
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", given) and not given.endswith((".yaml", ".yml")):
        raise UsageError(
            f"--questionnaire {given}: no bundled questionnaire has this id ({', '.join(sorted(bundled))}); "
            "for another questionnaire give its file, the one `serve` is started with"
        )
    if not Path(given).is_file():
        from screening.terminal_text import for_terminal

        raise UsageError(f"--questionnaire: {for_terminal(given, single_line=True)}: no such file")
    return load(given).id
