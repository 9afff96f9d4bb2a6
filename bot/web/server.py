"""The pages' tornado routes: server-rendered Jinja2 HTML over the handlers' page use cases.

Every page is reached by a signed link (bot.web.links); every form carries tornado's XSRF
token, checked against its cookie once the (bounded) body is read; whatever comes in that is
wrong (a forged or expired link, a missing XSRF token, a form too large, an unknown action)
gets a short page in Vietnamese with the right status, never a traceback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import jinja2
import tornado.httputil
import tornado.web

from bot.web.links import PROGRESS, REVIEW, ROUTE_PREFIX, Holder, PageSigner
from handlers import pages, texts
from handlers.report_files import PNG_MIME, XLSX_MIME, document_label, vn_date, vn_number
from handlers.router import Router
from handlers.turn import Turn
from knowledge.progress import STATUS_ORDER, Status

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"
FORM_MAX_BYTES = 256 * 1024  # a review form is a few kilobytes
_CHUNK_ROOM = 64 * 1024 * 1024
MESSAGE_MAX_CHARS = 500  # a notice carried in the redirect's query

T = TypeVar("T")

# Status colours of the page's bars, as the chart draws them.
STATUS_CSS: dict[Status, str] = {
    Status.DONE_ON_TIME: "#2e7d32",
    Status.DONE_LATE: "#9e9d24",
    Status.IN_PROGRESS_ON_TIME: "#1565c0",
    Status.DUE_SOON: "#f9a825",
    Status.IN_PROGRESS_OVERDUE: "#c62828",
    Status.NO_DEADLINE: "#9e9e9e",
}


def environment() -> jinja2.Environment:
    """The templates, autoescaped; every text they show comes from handlers.texts."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        t=texts,
        vn_date=vn_date,
        vn_number=vn_number,
        document_label=document_label,
        status_order=STATUS_ORDER,
        status_labels={s: texts.STATUS_LABELS[s.value] for s in STATUS_ORDER},
        status_css=STATUS_CSS,
        late_words=texts.late_words,
    )
    return env


@dataclass(frozen=True)
class PageContext:
    """What the page routes share: the conversation's router and the link signer."""

    router: Router
    signer: PageSigner
    env: jinja2.Environment


class PageError(Exception):
    """Answer with this status and Vietnamese message instead of the page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@tornado.web.stream_request_body
class _PageHandler(tornado.web.RequestHandler):
    """Shared by the pages: security headers, the bounded form body, errors as pages."""

    def initialize(self, context: PageContext) -> None:
        """Per-request setup by tornado (the argument comes from the route)."""
        self._context = context
        self._chunks: list[bytes] = []
        self._size = 0
        self._problem: str | None = None

    def set_default_headers(self) -> None:
        """No caching, no framing, no referrer (the link's token is in its query)."""
        self.set_header("Cache-Control", "private, no-store")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header(
            "Content-Security-Policy",
            "default-src 'none'; img-src 'self'; style-src 'self' 'unsafe-inline'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        )

    def check_xsrf_cookie(self) -> None:
        """Deferred: the form's token is in the body, read after `prepare` (see _form)."""

    def prepare(self) -> None:
        """Refuse a form declared too large before reading it."""
        if self.request.method not in ("GET", "HEAD", "POST"):
            raise PageError(405, texts.WEB_METHOD)
        if self.request.method != "POST":
            return
        length = self.request.headers.get("Content-Length")
        if length is not None and (
            not length.isascii()
            or not length.isdigit()
            or len(length) > 12
            or int(length) > FORM_MAX_BYTES
        ):
            raise PageError(413, texts.WEB_FORM_TOO_LARGE.format(limit=_size(FORM_MAX_BYTES)))
        if self.request.connection is not None:
            # what arrives is counted against the cap (a chunked body declares no length)
            limit = FORM_MAX_BYTES + _CHUNK_ROOM
            self.request.connection.set_max_body_size(limit)  # type: ignore[attr-defined]

    def data_received(self, chunk: bytes) -> None:
        """A piece of the form; past the cap the rest is not kept and the answer is 413."""
        self._size += len(chunk)
        if self._size > FORM_MAX_BYTES:
            self._chunks = []
            if not self._finished:
                self._problem = texts.WEB_FORM_TOO_LARGE.format(limit=_size(FORM_MAX_BYTES))
                self.send_error(413)
            return
        self._chunks.append(chunk)

    def _form(self) -> None:
        """Parse the body read so far into arguments, then check the XSRF token."""
        body = b"".join(self._chunks)
        self._chunks = []
        content_type = self.request.headers.get("Content-Type", "")
        if body:
            tornado.httputil.parse_body_arguments(
                content_type,
                body,
                self.request.body_arguments,
                self.request.files,
                self.request.headers,
            )
            for name, values in self.request.body_arguments.items():
                self.request.arguments.setdefault(name, []).extend(values)
        try:
            super().check_xsrf_cookie()
        except tornado.web.HTTPError:
            log.warning("web form without a valid XSRF token from %s", self.request.remote_ip)
            raise PageError(403, texts.WEB_FORM_EXPIRED) from None

    def _arg(self, name: str, limit: int = 1000) -> str:
        """An argument (query or form) as text: bytes that are not UTF-8 are replaced, never
        an error, and it is cut at `limit` characters."""
        values = self.request.arguments.get(name)
        if not values:
            return ""
        return values[-1][: limit * 4].decode("utf-8", "replace")[:limit]

    def _args(self, name: str, limit: int = 1000, count: int = 100) -> tuple[str, ...]:
        """Every value of a form field, as _arg reads one; at most `count` of them."""
        values = self.request.body_arguments.get(name, [])
        return tuple(v[: limit * 4].decode("utf-8", "replace")[:limit] for v in values[:count])

    def _holder(self, kind: str, document_id: int = 0) -> Holder:
        token = self._arg("t")
        holder = self._context.signer.check(token, kind, document_id)
        if holder is None:
            log.warning(
                "web page link refused (forged or expired) from %s", self.request.remote_ip
            )
            raise PageError(403, texts.WEB_LINK_INVALID)
        return holder

    async def _as(self, holder: Holder, use: Callable[[Turn], T]) -> T:
        """Run a use case as the link's holder, off the event loop (it reads the database)."""
        router = self._context.router

        def run() -> T:
            return use(router.web_turn(holder.platform, holder.user_id))

        return await asyncio.to_thread(run)

    def _page(self, template: str, status: int = 200, **values: Any) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        html = self._context.env.get_template(template).render(**values)
        self.finish(html)

    def _refused(self, refusal: pages.Refusal) -> None:
        self._page(
            "message.html", refusal.status, title=texts.WEB_ERROR_TITLE, message=refusal.message
        )

    def _execute_error(self, exc: PageError) -> None:
        self._page("message.html", exc.status, title=texts.WEB_ERROR_TITLE, message=exc.message)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A short page in Vietnamese, never a traceback."""
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, PageError):
            self._execute_error(exc)
            return
        message = self._problem or {
            400: texts.WEB_UNKNOWN_ACTION,
            403: texts.WEB_LINK_INVALID,
            404: texts.WEB_NOT_FOUND,
            405: texts.WEB_METHOD,
            413: texts.WEB_FORM_TOO_LARGE.format(limit=_size(FORM_MAX_BYTES)),
        }.get(status_code, texts.WEB_FAILED)
        self.clear_header("Content-Disposition")
        self._page("message.html", status_code, title=texts.WEB_ERROR_TITLE, message=message)

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        """A PageError is an answer, not a failure: logged only as a warning."""
        if isinstance(value, PageError):
            log.info("web page: %d %s", value.status, self.request.path)
            return
        super().log_exception(typ, value, tb)


def _size(n: int) -> str:
    return f"{n // 1024} KB"


def _short(text: str) -> str:
    return text if len(text) <= MESSAGE_MAX_CHARS else text[: MESSAGE_MAX_CHARS - 1] + "…"


class ReviewHandler(_PageHandler):
    """GET /trang/duyet/<id>?t=: the review page; POST: one action, then back to the page."""

    async def get(self, document: str) -> None:
        """The document's text beside its tasks, each a form."""
        document_id = int(document)
        holder = self._holder(REVIEW, document_id)
        desk = self._context.router.desk
        if desk is None:
            raise PageError(404, texts.WEB_NOT_FOUND)
        page = await self._as(holder, lambda turn: pages.review_page(turn, desk, document_id))
        if isinstance(page, pages.Refusal):
            self._refused(page)
            return
        self._page(
            "review.html",
            page=page,
            token=self._arg("t"),
            notice=_short(self._arg("tb", MESSAGE_MAX_CHARS)),
            notice_ok=self._arg("ok") != "0",
            xsrf=self.xsrf_form_html(),
            form_max=FORM_MAX_BYTES,
        )

    async def post(self, document: str) -> None:
        """Save, add, remove, map, confirm or discard; then the page again with a notice."""
        if self._finished:  # refused while the body came in (too large)
            return
        self._form()
        document_id = int(document)
        holder = self._holder(REVIEW, document_id)
        desk = self._context.router.desk
        if desk is None:
            raise PageError(404, texts.WEB_NOT_FOUND)
        action = self._arg("action", 40)
        # one more character than a field may hold, so that a longer value is told, not cut
        form = pages.TaskForm(
            task=self._arg("task", pages.TASK_MAX_CHARS + 1),
            leads=self._args("lead", pages.NAME_MAX_CHARS + 1, pages.UNITS_MAX + 1),
            cooperates=self._args("cooperate", pages.NAME_MAX_CHARS + 1, pages.UNITS_MAX + 1),
            due=self._arg("due", 40),
            words=self._arg("words", pages.NAME_MAX_CHARS + 1),
        )
        assignment = self._arg("assignment", 20)
        assignment_id = int(assignment) if assignment.isdigit() and len(assignment) < 10 else 0
        use: Callable[[Turn], pages.Outcome | pages.Refusal]
        if action == "save":
            use = lambda turn: pages.save_task(turn, desk, document_id, assignment_id, form)  # noqa: E731
        elif action == "add":
            use = lambda turn: pages.add_task(turn, desk, document_id, form)  # noqa: E731
        elif action == "remove":
            use = lambda turn: pages.remove_task(turn, desk, document_id, assignment_id)  # noqa: E731
        elif action == "map":
            source = self._arg("unregistered", 200)
            target = self._arg("unit", 200)
            use = lambda turn: pages.map_unit(turn, desk, document_id, source, target)  # noqa: E731
        elif action in ("confirm", "discard"):
            confirm = action == "confirm"
            use = lambda turn: pages.finish(turn, desk, document_id, confirm)  # noqa: E731
        else:
            raise PageError(400, texts.WEB_UNKNOWN_ACTION)
        outcome = await self._as(holder, use)
        if isinstance(outcome, pages.Refusal):
            self._refused(outcome)
            return
        if outcome.finished:
            self._page(
                "message.html",
                title=texts.WEB_REVIEW_TITLE,
                message=outcome.message,
                hint=texts.WEB_BACK_TO_CHAT,
            )
            return
        query = urlencode(
            {"t": self._arg("t"), "tb": _short(outcome.message), "ok": int(outcome.ok)}
        )
        anchor = f"#viec-{assignment_id}" if assignment_id and action == "save" else ""
        self.redirect(f"{document_id}?{query}{anchor}", status=303)


def _filters(handler: _PageHandler) -> tuple[pages.ProgressFilters, list[str]]:
    raw = {name: handler._arg(name, 100) for name in ("tu", "den", "donvi", "vanban")}
    return pages.read_filters(raw)


class ProgressHandler(_PageHandler):
    """GET /trang/tiendo?t=&tu=&den=&donvi=&vanban=: the leaders' page."""

    async def get(self) -> None:
        """Progress by unit and by document, the overdue list, the chart, the download."""
        holder = self._holder(PROGRESS)
        desk = self._context.router.reports
        if desk is None:
            raise PageError(404, texts.WEB_NOT_FOUND)
        filters, notes = _filters(self)
        page = await self._as(holder, lambda turn: pages.progress_page(turn, desk, filters, notes))
        if isinstance(page, pages.Refusal):
            self._refused(page)
            return
        kept = page.filters
        query = {
            "t": self._arg("t"),
            "tu": kept.start.isoformat() if kept.start else "",
            "den": kept.end.isoformat() if kept.end else "",
            "donvi": kept.unit_key or "",
            "vanban": str(kept.document_id or ""),
        }
        self._page(
            "progress.html",
            page=page,
            report=page.report,
            token=query["t"],
            files_query=urlencode(query),
        )


class ProgressFileHandler(_PageHandler):
    """GET /trang/tiendo/excel and /trang/tiendo/bieudo.png: the report's file and chart."""

    async def get(self, what: str) -> None:
        """The workbook (a download) or the chart (an image) over the page's filters."""
        holder = self._holder(PROGRESS)
        desk = self._context.router.reports
        if desk is None:
            raise PageError(404, texts.WEB_NOT_FOUND)
        filters, _notes = _filters(self)

        def render(turn: Turn) -> bytes | pages.Refusal:
            built = pages.progress_report(turn, desk, filters)
            if isinstance(built, pages.Refusal):
                return built
            report = built[0]
            return desk.xlsx(report) if what == "excel" else desk.chart(report)

        content = await self._as(holder, render)
        if isinstance(content, pages.Refusal):
            self._refused(content)
            return
        if what == "excel":
            self.set_header("Content-Type", XLSX_MIME)
            name = f"tien-do-{self._context.router.clock.today():%Y%m%d}.xlsx"
            self.set_header(
                "Content-Disposition", f"attachment; filename*=UTF-8''{quote(name, safe='')}"
            )
        else:
            self.set_header("Content-Type", PNG_MIME)
        self.finish(content)


class MissingHandler(_PageHandler):
    """Any other path: 404 in Vietnamese."""

    def get(self, rest: str) -> None:
        """No such page."""
        raise PageError(404, texts.WEB_NOT_FOUND)

    def post(self, rest: str) -> None:
        """No such page."""
        raise PageError(404, texts.WEB_NOT_FOUND)


Route = tuple[str, type[tornado.web.RequestHandler], dict[str, Any]]


def page_routes(router: Router, signer: PageSigner) -> list[Route]:
    """The pages' routes for the bot's tornado application."""
    context = {"context": PageContext(router, signer, environment())}
    return [
        (rf"{ROUTE_PREFIX}/{REVIEW}/(\d{{1,9}})", ReviewHandler, context),
        (rf"{ROUTE_PREFIX}/{PROGRESS}", ProgressHandler, context),
        (rf"{ROUTE_PREFIX}/{PROGRESS}/(excel|bieudo\.png)", ProgressFileHandler, context),
        # last: any other path of the listener gets the Vietnamese 404 page too
        (r"(/.*)", MissingHandler, context),
    ]


# tornado's own application settings for the pages: the XSRF cookie is strict and unreadable
# by scripts.
def page_settings(secure: bool) -> dict[str, Any]:
    """Application settings the pages need (XSRF cookies)."""
    return {
        "xsrf_cookies": True,
        "xsrf_cookie_kwargs": {"httponly": True, "samesite": "Strict", "secure": secure},
    }


__all__ = ["FORM_MAX_BYTES", "PageError", "environment", "page_routes", "page_settings"]
