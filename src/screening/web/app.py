"""The web form as an ASGI app (Starlette): private links, one page per question, the summary.

A thin view over the engine, like the terminal UI: :mod:`screening.web.flow`
decides, this module does HTTP. Every request loads the person's state from
the store and every change is written back before the response, so any
``serve`` process sharing the store can answer the next request.

Routes: ``GET /l/{token}`` swaps a private link for a session cookie and
redirects to ``/q`` (the token never stays in the address bar, history or
Referer); ``GET /q`` shows where the person is; ``POST /q`` acts and redirects
back (post/redirect/get), or shows the same page with the reason it could
not go on.
"""

from __future__ import annotations

import datetime as _dt
import hmac
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from screening.engine.run.questionnaire import Questionnaire
from screening.store.base import Store, StoreError, Submission, now_utc
from screening.store.web_state import Conflict, WebSession, WebState, token_hash, utc_now
from screening.web.flow import Flow, Stale, new_state
from screening.web.forms import MAX_BODY_BYTES, FormError, one, parse_form
from screening.web.guard import Guard, RateLimit, same_origin
from screening.web.pages import TEMPLATES, flow_page, message_page


@dataclass
class Settings:
    idle: _dt.timedelta = _dt.timedelta(minutes=30)  # a cookie unused this long stops working
    max_age: _dt.timedelta = _dt.timedelta(hours=12)  # and never lives longer than this
    public: bool = False  # an anonymous start page at / (off unless the clinic turns it on)
    site_id: str = "web"  # the kiosk_id of web submissions, so staff see where they came from
    link_tries_per_minute: int = 20  # per address: unknown, used and expired tokens alike
    starts_per_minute: int = 10  # new public sessions per address
    posts_per_minute_address: int = 600
    posts_per_minute_session: int = 120
    limits: dict[str, RateLimit] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.limits = {
            "link": RateLimit(self.link_tries_per_minute),
            "start": RateLimit(self.starts_per_minute),
            "address": RateLimit(self.posts_per_minute_address),
            "session": RateLimit(self.posts_per_minute_session),
        }


class WebApp:
    def __init__(self, questionnaires: dict[str, Questionnaire], open_store: Callable[[], Store], settings: Settings | None = None):
        if not questionnaires:
            raise ValueError("at least one questionnaire")
        self.questionnaires = questionnaires
        self.default = next(iter(questionnaires.values()))
        self.open_store = open_store
        self.settings = settings or Settings()
        self._local = threading.local()  # SQLite connections belong to the thread that opened them

    @property
    def state(self) -> WebState:
        state = getattr(self._local, "state", None)
        if state is None:
            state = self._local.state = WebState(self.open_store())
        return state

    # ------------------------------------------------------------ helpers

    def _page(self, title: str, text: str, status: int, language: str | None = None) -> HTMLResponse:
        language = language or self.default.default_language
        site = self.default.text(self.default.title, language)
        return HTMLResponse(message_page(title, text, language, site), status_code=status)

    @staticmethod
    def _cookie_name(request: Request) -> str:
        # __Host- cookies must be Secure, Path=/ and have no Domain: nothing else can overwrite them
        return "__Host-screening" if request.url.scheme == "https" else "screening"

    @staticmethod
    def _address(request: Request) -> str:
        return request.client.host if request.client else "-"

    def _session(self, request: Request) -> WebSession | None:
        cookie = request.cookies.get(self._cookie_name(request))
        if not cookie or len(cookie) > 100:
            return None
        return self.state.session(cookie, self.settings.idle)

    def _with_cookie(self, request: Request, response: Response, cookie: str | None) -> Response:
        secure = request.url.scheme == "https"
        if cookie is None:
            response.delete_cookie(self._cookie_name(request), path="/", secure=secure, httponly=True, samesite="lax")
        else:
            response.set_cookie(
                self._cookie_name(request),
                cookie,
                max_age=int(self.settings.max_age.total_seconds()),
                path="/",
                secure=secure,
                httponly=True,
                samesite="lax",  # Strict would not be sent on the redirect after a link opened from an e-mail
            )
        return response

    def _ended(self, request: Request) -> Response:
        return self._with_cookie(request, self._page("web.ended_title", "web.ended_text", 403), None)

    def _too_many(self) -> HTMLResponse:
        response = self._page("web.too_many_title", "web.too_many_text", 429)
        response.headers["retry-after"] = "60"
        return response

    # ------------------------------------------------------------ routes

    async def home(self, request: Request) -> Response:
        if self._session(request) is not None:
            return RedirectResponse("/q", 303)
        if not self.settings.public:
            return self._page("web.link_title", "web.private_only", 200)
        language = self.default.default_language
        flow = Flow(self.default, new_state(self.default, language, now_utc()))
        return HTMLResponse(flow_page(flow, "", public_start=True))

    async def start_public(self, request: Request) -> Response:
        if not self.settings.public:
            return self._page("web.link_title", "web.private_only", 404)
        if not same_origin(request.headers, request.url.scheme):
            return self._page("web.refused_title", "web.refused_text", 403)
        if not self.settings.limits["start"].hit(self._address(request)):
            return self._too_many()
        now = utc_now()
        flow = Flow(self.default, new_state(self.default, self.default.default_language, now_utc()))
        flow.act("start", {})
        cookie = self.state.open_session(self.default.id, flow.state, now + self.settings.max_age, now + self.settings.max_age)
        return self._with_cookie(request, RedirectResponse("/q", 303), cookie)

    async def link(self, request: Request) -> Response:
        if not self.settings.limits["link"].hit(self._address(request)):
            return self._too_many()
        token = request.path_params["token"]
        link = self.state.usable_link(token) if 20 <= len(token) <= 100 else None
        questionnaire = self.questionnaires.get(link.questionnaire_id) if link else None
        if link is None or questionnaire is None:
            return self._page("web.link_title", "web.link_text", 404)  # one page for every reason
        now = utc_now()
        expires = _dt.datetime.strptime(link.expires_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=_dt.timezone.utc)
        state = new_state(questionnaire, questionnaire.default_language, now_utc())
        cookie = self.state.open_session(questionnaire.id, state, min(now + self.settings.max_age, expires), expires, token_hash(token))
        return self._with_cookie(request, RedirectResponse("/q", 303), cookie)

    def _flow(self, session: WebSession) -> Flow | None:
        questionnaire = self.questionnaires.get(session.questionnaire_id)
        return Flow(questionnaire, session.state) if questionnaire else None

    async def show(self, request: Request) -> Response:
        session = self._session(request)
        flow = self._flow(session) if session else None
        if session is None or flow is None:
            return self._ended(request)
        return HTMLResponse(flow_page(flow, session.state["csrf"]))

    async def act(self, request: Request) -> Response:
        if not same_origin(request.headers, request.url.scheme):
            return self._page("web.refused_title", "web.refused_text", 403)
        if not self.settings.limits["address"].hit(self._address(request)):
            return self._too_many()
        try:
            fields = parse_form(await _bounded_body(request))
        except FormError:
            return self._page("web.refused_title", "web.refused_text", 413)
        session = self._session(request)
        flow = self._flow(session) if session else None
        if session is None or flow is None:
            return self._ended(request)
        if not self.settings.limits["session"].hit(session.id):
            return self._too_many()
        csrf = session.state.get("csrf", "")
        if not hmac.compare_digest((one(fields, "csrf", 100) or "").encode(), csrf.encode()):
            return self._page("web.refused_title", "web.refused_text", 403, flow.language)
        action = one(fields, "action") or ""
        if action == "language":
            flow.set_language(one(fields, "lang") or "")
            return self._save_and_show(request, session, flow)
        try:
            flow.check(one(fields, "page") or "", one(fields, "question", 200))
            outcome = flow.act(action, fields)
        except Stale:
            return self._stale(request)
        if outcome.error:
            return HTMLResponse(flow_page(flow, csrf, error=outcome.error), status_code=422)
        if outcome.finish:
            self.state.end(session.id)
            return self._with_cookie(request, RedirectResponse("/done", 303), None)
        if outcome.submit:
            return self._submit(request, session, flow)
        return self._save_and_show(request, session, flow)

    def _save_and_show(self, request: Request, session: WebSession, flow: Flow) -> Response:
        try:
            self.state.save(session)
        except Conflict:
            return self._stale(request)
        return RedirectResponse("/q", 303)

    def _stale(self, request: Request) -> Response:
        """Another tab or an old page: show where the person really is, with nothing changed."""
        from screening.web.words import w

        session = self._session(request)
        flow = self._flow(session) if session else None
        if session is None or flow is None:
            return self._ended(request)
        return HTMLResponse(flow_page(flow, session.state["csrf"], notice=w("web.stale_text", flow.language)), status_code=409)

    def _submit(self, request: Request, session: WebSession, flow: Flow) -> Response:
        from screening.engine.run.summary import build_summary

        summary = build_summary(flow.session)
        submission = Submission.from_summary(summary, kiosk_id=self.settings.site_id, started_at=session.state.get("started_at", ""))
        flow.submitted(summary.to_json())
        # committed and synced (with the link used up) before the person sees "sent"
        if not self.state.submit(session, submission, utc_now() + self.settings.idle):
            return self._stale(request)
        return RedirectResponse("/q", 303)

    async def summary_pdf(self, request: Request) -> Response:
        """The submitted summary as a PDF, for this session only, once it is stored."""
        session = self._session(request)
        flow = self._flow(session) if session else None
        if session is None or flow is None:
            return self._ended(request)
        stored = flow.state.get("summary") if flow.page == "summary" else None
        if not stored:  # not submitted yet: nothing to download, the session goes on
            return self._page("web.link_title", "web.not_found", 404, flow.language)
        from screening.engine.run.summary import Summary
        from screening.render.as_pdf import render_pdf

        return Response(
            render_pdf(Summary.from_json(stored)),
            media_type="application/pdf",
            headers={"Content-Disposition": 'attachment; filename="screening-summary.pdf"'},
        )

    async def done(self, request: Request) -> Response:
        return self._page("web.done_title", "web.done_text", 200)


async def _bounded_body(request: Request) -> bytes:
    """The body, refused past MAX_BODY_BYTES without reading the rest."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        raise FormError("not a form")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
        raise FormError("too large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise FormError("too large")
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(questionnaires: dict[str, Questionnaire], open_store: Callable[[], Store], settings: Settings | None = None) -> Any:
    """The ASGI app, wrapped so every response carries the security headers."""
    web = WebApp(questionnaires, open_store, settings)

    async def not_found(request: Request, exc: Exception) -> Response:
        return web._page("web.link_title", "web.not_found", 404)

    async def failed(request: Request, exc: Exception) -> Response:
        # logged by Guard (the class and place only: a message could quote what a person typed)
        if isinstance(exc, StoreError):
            return web._page("web.error_title", "web.error_text", 503)
        return web._page("web.error_title", "web.error_text", 500)

    routes = [
        Route("/", web.home, methods=["GET"]),
        Route("/start", web.start_public, methods=["POST"]),
        Route("/l/{token}", web.link, methods=["GET"]),
        Route("/q", web.show, methods=["GET"]),
        Route("/q", web.act, methods=["POST"]),
        Route("/summary.pdf", web.summary_pdf, methods=["GET"]),
        Route("/done", web.done, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=str(TEMPLATES.parent / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found, StoreError: failed, Exception: failed})
    app.state.web = web
    return Guard(app)
