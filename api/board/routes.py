"""The board's pages: a tenant's notices, one notice with its list, the objection form, the outcome read
with a receipt, and the public sanction announcements.

The tenant comes from the code in the path (the public has no token): the session looks the tenant up
under the platform scope, then sees that tenant's rows only, so another tenant's notice id is a 404
here. Every page is built from plain dicts of the fields a notice publishes, so a template cannot
reach an application's facts, scores, attachments or ids, nor an objection's details.

The form is protected by a double-submit token: the form's GET sets a random value in an HttpOnly,
SameSite=Strict cookie scoped to the tenant's board and repeats it in a hidden field; the POST must
carry both, equal. No server-side secret or session is needed, so any number of API processes and
hosts take the form (the processes share no secret); a browser's ``Sec-Fetch-Site: cross-site`` is
refused as well. Filing is rate-limited per client address and notice (``board.object`` in
:mod:`api.limits`).

No page carries a script, and the Content-Security-Policy forbids one.
"""
from __future__ import annotations

import datetime as dt
import hmac
import logging
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, make_response, redirect, render_template, request, url_for
from flask_limiter import RateLimitExceeded
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import NotFound as HttpNotFound
from werkzeug.routing import BaseConverter

from api.blueprint import text_problem
from api.context import db, runtime
from api.i18n import day, render, request_locale
from api.errors import DOMAIN_STATUS
from core.awards import sanctions
from core.errors import Conflict, DomainError, InvalidInput, NotFound
from core.notices import services as notices
from core.notices.models import EntryStatus, Notice, NoticeEntry, NoticeStatus, ObjectionStatus
from core.platform import clock, tenancy
from core.platform.db import MAX_ID
from core.platform.tenancy import Scope

log = logging.getLogger(__name__)

board = Blueprint("board", __name__, url_prefix="/public", template_folder="templates")


class AnyId(BaseConverter):
    """An id in the path, any number of ASCII digits: one beyond the database's ids reaches the view and
    is the board's 404 page (the app's ``int`` stops at the range, leaving a JSON routing miss)."""

    regex = "[0-9]{1,40}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: Any) -> str:
        return str(int(value))


board.record_once(lambda state: state.app.url_map.converters.setdefault("board_id", AnyId))

PAGE_SIZE = 50
CSRF_COOKIE = "mqa_board_csrf"
CSRF_FIELD = "csrf_token"
CSRF_MAX_AGE = 12 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
_UNSAFE = re.compile("[\x00\ud800-\udfff]")
RECEIPT_LENGTHS = (8, 64)

CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
                           "base-uri 'none'; frame-ancestors 'none'")

NOTICE_KINDS = {"internal": "内部公示", "county": "县（区）、部门公示", "acceptance": "受理名单公示",
                "candidate": "候选名单公示", "recommended": "拟表彰名单公示", "winners": "获奖名单公示",
                "other": "公示"}
OBJECTION_STATUS = {ObjectionStatus.RECEIVED: "已收到", ObjectionStatus.INVESTIGATING: "调查核实中",
                    ObjectionStatus.UPHELD: "异议成立", ObjectionStatus.DISMISSED: "异议不成立"}
DECIDED = (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED)
CHOOSE_ENTRY = "choose the name you object to"
REASONS_ZH = (
    (re.compile(r"^choose the name you object to$"), "请从公示名单中选择要提出异议的对象"),
    (re.compile(r"^say what the objection is about"), "请填写异议理由"),
    (re.compile(r"^at most (\d+) characters$"), r"最多 \1 个字符"),
    (re.compile(r"^at most (\d+) files$"), r"最多 \1 个文件"),
    (re.compile(r"^notice \d+ lists no entry \d+$"), "公示名单中没有所选的对象，请重新选择"),
    (re.compile(r"^(.+) was already struck off this notice$"), r"\1 已被取消资格"),
    (re.compile(r"^(.+): larger than (\d+) MB$"), r"\1：文件超过 \2 MB"),
    (re.compile(r"^(.+): the file is empty$"), r"\1：文件为空"),
    (re.compile(r"^(.+): the file name contains"), r"\1：文件名含有无效字符，请改名后重新选择"),
    (re.compile(r"^contains a NUL character"), "含有无法保存的空字符（U+0000），已删去，请检查后重新提交"),
    (re.compile(r"^contains an unpaired surrogate"), "含有无效字符，请检查后重新提交"),
)
"""The notices service's reasons (English, for the API) in Chinese for the form; the English stays beside."""


def reasons_zh(problems: dict[str, list[str]]) -> dict[str, list[tuple[str, str]]]:
    """Each field's reasons as (Chinese, English) pairs; a reason not known here is shown as it is."""
    out: dict[str, list[tuple[str, str]]] = {}
    for name, reasons in problems.items():
        for reason in reasons:
            zh = reason
            for pattern, words in REASONS_ZH:
                if (found := pattern.match(reason)) is not None:
                    zh = found.expand(words)
                    break
            out.setdefault(name, []).append((zh, reason))
    return out


FIELD_LABELS = {"entry_id": "异议对象", "grounds": "异议理由", "objector_name": "姓名或单位名称",
                "objector_contact": "联系方式", "files": "证明材料", "_form": "表单"}


# -- the tenant, and what a notice publishes ---------------------------------------------------------

@dataclass(frozen=True)
class Office:
    """The board's tenant: its code and name, and the names of its jurisdiction's codes."""

    code: str
    name: str
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def label(self, what: str, code: str | None) -> str:
        if not code:
            return ""
        return self.labels.get(what, {}).get(code, code)


def enter(tenant_code: str) -> Office:
    """The tenant named by ``tenant_code`` (404 when unknown or suspended); the session then sees its rows only."""
    session = db()
    tenancy.set_scope(session, Scope.platform())
    tenant = notices.tenant_by_code(session, tenant_code)
    office = Office(tenant.code, tenant.name, _labels(tenant.jurisdiction_code))
    tenancy.set_scope(session, Scope.tenant(tenant.id))
    return office


def _labels(jurisdiction_code: str) -> dict[str, dict[str, str]]:
    try:
        jurisdiction = runtime().registry.jurisdiction(jurisdiction_code)
    except DomainError:
        return {}
    return {"tier": {t.code: t.name for t in jurisdiction.tiers},
            "category": {c.code: c.name for c in jurisdiction.categories},
            "entry_kind": {k.code: k.name for k in jurisdiction.entry_kinds}}


def _citation(citation: dict[str, Any] | None) -> dict[str, str]:
    citation = citation or {}
    text = citation.get("text") or " ".join(
        part for part in (f"{citation.get('jurisdiction') or ''}/{citation.get('version') or ''}".strip("/"),
                          f"{citation.get('article') or ''}{citation.get('item') or ''}") if part)
    return {"text": text, "note": citation.get("note") or ""}


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # stored as UTC; SQLite hands it back naive
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return clock.day_of(moment)


def _status_word(notice: Notice, today: dt.date, last: dt.date) -> str:
    if notice.status is NoticeStatus.CLOSED:
        return "已结束"
    if today < notice.starts_on:
        return "即将公示"
    if today > last:
        return "公示期满，结果待公布"
    if today > notice.ends_on:
        return "递补对象公示中"
    return "公示中"


def last_days(notice_rows: list[Notice]) -> dict[int, dt.date]:
    """Each notice's last day for objections: its own, or a later one where a backfilled name's own
    period runs longer (:func:`core.notices.services.last_day`, for a page of notices in one query)."""
    later: dict[int, dt.date] = {}
    if notice_rows:
        later = dict(db().execute(
            select(NoticeEntry.notice_id, func.max(NoticeEntry.ends_on))
            .where(NoticeEntry.notice_id.in_([n.id for n in notice_rows]), NoticeEntry.status == EntryStatus.LISTED)
            .group_by(NoticeEntry.notice_id)).all())
    return {n.id: max(n.ends_on, later[n.id]) if later.get(n.id) else n.ends_on for n in notice_rows}


def shown_notice(notice: Notice, last: dt.date, today: dt.date | None = None) -> dict[str, Any]:
    """What a notice publishes, and nothing else. ``last``: the last day any of its names is open to objection."""
    today = today or clock.today()
    return {"id": notice.id, "title": notice.title, "kind": NOTICE_KINDS.get(notice.kind, notice.kind),
            "citation": _citation(notice.citation), "starts_on": notice.starts_on, "ends_on": notice.ends_on,
            "last_day": last, "published_on": _local_day(notice.published_at), "how_to_object": notice.how_to_object,
            "status": _status_word(notice, today, last),
            "running": notice.status is NoticeStatus.OPEN and notice.starts_on <= today <= last,
            "closed": notice.status is NoticeStatus.CLOSED, "outcome": notice.outcome,
            "closed_on": _local_day(notice.closed_at)}


def entry_period(notice: Notice, entry: NoticeEntry) -> tuple[dt.date, dt.date]:
    """The days objections to ``entry`` are taken: a backfilled name has its own full period."""
    if entry.backfilled and entry.listed_on is not None and entry.ends_on is not None:
        return entry.listed_on, entry.ends_on
    return notice.starts_on, notice.ends_on


def shown_entry(entry: NoticeEntry, notice: Notice, office: Office, today: dt.date) -> dict[str, Any]:
    """What a listed name publishes: the entry's own id (the form's choice), never its application's."""
    first, last = entry_period(notice, entry)
    removed = entry.status is EntryStatus.REMOVED
    return {"id": entry.id, "name": entry.name, "tier": office.label("tier", entry.tier),
            "category": office.label("category", entry.category), "kind": office.label("entry_kind", entry.entry_kind),
            "removed": removed, "backfilled": entry.backfilled, "starts_on": first, "ends_on": last,
            "open": notice.status is NoticeStatus.OPEN and not removed and first <= today <= last}


def get_notice(notice_id: int) -> Notice:
    """A notice as the public reaches it: from its publication day on (404 before, and for any other id)."""
    if not 1 <= notice_id <= MAX_ID:
        raise NotFound("notice", notice_id)
    return notices.get_public_notice(db(), notice_id)


def period_message(first: dt.date, last: dt.date, today: dt.date, *, later: dt.date | None = None,
                   closed: bool = False) -> str:
    """Why no objection is taken today, naming the period (and a backfilled name's later one)."""
    when = "本公示已结束" if closed else "异议受理期尚未开始" if today < first else "异议受理期已过"
    also = f"（递补对象的受理期另计，最晚至 {day(later)}）" if later is not None and later > last else ""
    return (f"异议受理期为 {day(first)} 至 {day(last)}（含当日，北京时间）{also}；"
            f"今天是 {day(today)}，{when}，现不受理异议。")


# -- responses -----------------------------------------------------------------------------------------

def page(template: str, code: int = 200, **context: Any) -> Response:
    return make_response(render_template(f"board/{template}", **context), code)


def error_page(status: int, title: str, message: str, *, office: Office | None = None, back: str | None = None,
               back_text: str = "返回 / Back", fields: dict[str, list[str]] | None = None) -> Response:
    code = (request.view_args or {}).get("tenant_code")
    home = url_for("board.index", tenant_code=code) if code and status != 404 else None
    return page("error.html", status, office=office, status=status, title=title, message=message, back=back,
                back_text=back_text, home=home, fields=fields or {}, labels=FIELD_LABELS)


@board.after_request
def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"  # a receipt in the address is never sent on
    response.headers["X-Frame-Options"] = "DENY"
    if request.endpoint in ("board.object", "board.receipt"):
        response.headers["Cache-Control"] = "no-store"
    return response


# -- pages ---------------------------------------------------------------------------------------------

@board.get("/<string:tenant_code>/")
def index(tenant_code: str):
    office = enter(tenant_code)
    today = clock.today()
    listed = notices.public_notices_page(db(), limit=PAGE_SIZE, cursor=request.args.get("cursor") or None)
    last = last_days(listed.items)
    return page("index.html", office=office, notices=[shown_notice(n, last[n.id], today) for n in listed.items],
                next_cursor=listed.next_cursor)


@board.get("/<string:tenant_code>/notices/<board_id:notice_id>")
def notice(tenant_code: str, notice_id: int):
    office = enter(tenant_code)
    row = get_notice(notice_id)
    today = clock.today()
    return page("notice.html", office=office, notice=shown_notice(row, notices.last_day(db(), row), today),
                entries=[shown_entry(e, row, office, today) for e in notices.entries(db(), row)])


@dataclass
class FormInput:
    """What the objector typed, kept to show again when the form is refused."""

    entry_id: str = ""
    grounds: str = ""
    objector_name: str = ""
    objector_contact: str = ""
    dropped_files: list[str] = field(default_factory=list)


@board.route("/<string:tenant_code>/notices/<board_id:notice_id>/object", methods=["GET", "POST"], endpoint="object")
def object_form(tenant_code: str, notice_id: int):
    office = enter(tenant_code)
    session = db()
    row = get_notice(notice_id)
    if request.method == "GET":
        return _form(office, row)
    if not _csrf_ok():
        return error_page(400, "无法验证表单 / Form could not be verified",
                          "提交的表单缺少有效的校验码（表单已过期、浏览器未保存本站的 Cookie，或表单来自其他网站）。"
                          "异议未提交。请重新打开异议表单填写后提交。",
                          office=office, back=url_for("board.object", tenant_code=office.code, notice_id=row.id),
                          back_text="重新打开异议表单 / Open the form again")
    typed, problems, files = _read_form()
    if problems:  # found here (no name chosen, a character no text may hold): with the service's, all at once
        entry_id = None if "entry_id" in problems else int(typed.entry_id)
        found = notices.objection_problems(notices.entry_of(session, row, entry_id), row, entry_id,
                                           grounds=typed.grounds, objector_name=typed.objector_name,
                                           objector_contact=typed.objector_contact, files=files)
        typed.dropped_files = [f.filename for f in files]
        return _form(office, row, typed=typed, problems=_merged(found, problems), status=422)
    entry_id = int(typed.entry_id)
    try:
        objection, receipt = notices.file_objection(
            session, row.id, entry_id=entry_id, grounds=typed.grounds, objector_name=typed.objector_name,
            objector_contact=typed.objector_contact, files=files, via="page")
    except InvalidInput as exc:
        typed.dropped_files = [f.filename for f in files]
        return _form(office, row, typed=typed, problems=_merged(exc.fields, {}), status=422)
    except Conflict as exc:
        details = exc.details or {}
        first = dt.date.fromisoformat(details.get("starts_on") or row.starts_on.isoformat())
        last = dt.date.fromisoformat(details.get("ends_on") or row.ends_on.isoformat())
        return _form(office, row, typed=typed, status=409, detail=render(exc.message),
                     closed=period_message(first, last, clock.today(), closed=row.status is NoticeStatus.CLOSED))
    entry = next((e for e in notices.entries(session, row) if e.id == objection.entry_id), None)
    return page("filed.html", office=office, notice=shown_notice(row, notices.last_day(session, row)),
                entry_name=entry.name if entry else "", receipt=receipt, files=len(files),
                outcome_url=url_for("board.receipt", tenant_code=office.code, receipt=receipt))


def _merged(service: dict[str, list[str]], local: dict[str, list[str]]) -> dict[str, list[str]]:
    """The service's reasons by form field (``files.N`` under ``files``), with the board's own first."""
    merged: dict[str, list[str]] = {}
    for name, reasons in service.items():
        merged.setdefault("files" if name.startswith("files.") else name, []).extend(reasons)
    for name, reasons in local.items():
        merged[name] = reasons + [r for r in merged.get(name, []) if r not in reasons]
    return merged


def _form(office: Office, row: Notice, *, typed: FormInput | None = None, problems: dict[str, list[str]] | None = None,
          closed: str | None = None, detail: str | None = None, status: int = 200) -> Response:
    """The form (or, with ``closed``, why no objection is taken), listing the names open to objection today."""
    session = db()
    today = clock.today()
    last = notices.last_day(session, row)
    entries = [shown_entry(e, row, office, today) for e in notices.entries(session, row)]
    choices = [e for e in entries if e["open"]]
    if closed is None and not choices:
        first = row.starts_on
        closed = period_message(first, row.ends_on, today, later=last, closed=row.status is NoticeStatus.CLOSED)
    token = _csrf_token()
    settings = runtime().settings
    response = page("object.html", status, office=office, notice=shown_notice(row, last, today), entries=choices,
                    typed=typed or FormInput(), problems=reasons_zh(problems or {}), labels=FIELD_LABELS,
                    closed=closed, detail=detail, csrf_token=token, max_files=notices.MAX_FILES,
                    max_body=_size(settings.max_body_bytes),
                    max_file=_size(min(notices.MAX_FILE_BYTES, settings.max_body_bytes)),
                    grounds_max=notices.GROUNDS_MAX)
    if closed is None:
        response.set_cookie(CSRF_COOKIE, token, max_age=CSRF_MAX_AGE,
                            path=url_for("board.index", tenant_code=office.code), secure=request.is_secure,
                            httponly=True, samesite="Strict")
    return response


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 and n % (1024 * 1024) == 0 else f"{n // 1024} KB"


def _read_form() -> tuple[FormInput, dict[str, list[str]], list[notices.EvidenceFile]]:
    form = request.form
    typed = FormInput(entry_id=form.get("entry_id", "").strip(), grounds=form.get("grounds", ""),
                      objector_name=form.get("objector_name", ""), objector_contact=form.get("objector_contact", ""))
    problems: dict[str, list[str]] = {}
    if not (typed.entry_id.isascii() and typed.entry_id.isdigit() and len(typed.entry_id) <= 12
            and 1 <= int(typed.entry_id) <= MAX_ID):
        problems["entry_id"] = [CHOOSE_ENTRY]
    for name in ("grounds", "objector_name", "objector_contact"):
        value = getattr(typed, name)
        if (reason := text_problem(value)) is not None:
            problems[name] = [reason]
            setattr(typed, name, _UNSAFE.sub("", value))  # shown again without what no page can hold
    files: list[notices.EvidenceFile] = []
    for upload in request.files.getlist("files"):
        filename = re.split(r"[\\/]", upload.filename or "")[-1].strip()
        content = upload.read()
        if not filename and not content:
            continue  # the file input left empty
        if (reason := text_problem(filename)) is not None:
            problems.setdefault("files", []).append(f"{_UNSAFE.sub('', filename)}: the file name {reason}")
            continue
        files.append(notices.EvidenceFile(filename or "证明材料", upload.mimetype or "application/octet-stream",
                                          content))
    return typed, problems, files


def _csrf_token() -> str:
    current = request.cookies.get(CSRF_COOKIE, "")
    return current if _TOKEN.fullmatch(current) else secrets.token_urlsafe(32)


def _csrf_ok() -> bool:
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return False
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.form.get(CSRF_FIELD, "")
    return bool(_TOKEN.fullmatch(cookie)) and hmac.compare_digest(cookie.encode(), sent.encode())


@board.get("/<string:tenant_code>/objections")
def receipt(tenant_code: str):
    office = enter(tenant_code)
    given = (request.args.get("receipt") or "").strip()
    if not given:
        return page("receipt.html", office=office, receipt="", result=None)
    session = db()
    try:
        if not RECEIPT_LENGTHS[0] <= len(given) <= RECEIPT_LENGTHS[1]:
            raise NotFound("objection with receipt", "…")
        objection = notices.objection_by_receipt(session, given)
    except NotFound:
        return page("receipt.html", 404, office=office, receipt=given, result=None, unknown=True)
    row = notices.get_notice(session, objection.notice_id)
    today = clock.today()
    decided = objection.status in DECIDED
    result = {"status": OBJECTION_STATUS[objection.status],
              "outcome": notices.outcome_words(objection.status, request_locale()),
              "reasons": objection.reasons if decided else "", "decided_on": _local_day(objection.decided_at)
              if decided else None, "filed_on": _local_day(objection.filed_at),
              "notice": shown_notice(row, row.ends_on, today)}
    return page("receipt.html", office=office, receipt=given, result=result)


@board.get("/<string:tenant_code>/announcements")
def announcements(tenant_code: str):
    office = enter(tenant_code)
    listed = sanctions.announcements(db(), limit=PAGE_SIZE, cursor=request.args.get("cursor") or None)
    rows = [{"name": r.name, "announcement": r.announcement, "decided_on": r.decided_on,
             "citation": _citation(r.citation)["text"] if r.citation else ""} for r in listed.items]
    return page("announcements.html", office=office, rows=rows, next_cursor=listed.next_cursor)


@board.route("/", methods=["GET", "POST"], endpoint="unknown_root")
@board.route("/<path:rest>", methods=["GET", "POST"], endpoint="unknown")
def unknown(rest: str = ""):
    """Anything else under /public/ is an HTML 404 (a path the routes do not take, an id out of range)."""
    if rest and "/" not in rest and request.method == "GET":
        return redirect(url_for("board.index", tenant_code=rest), 308)  # /public/<code> -> its board
    raise HttpNotFound()


# -- errors: pages, never JSON, never a stack trace ------------------------------------------------------

@board.errorhandler(RateLimitExceeded)
def _too_many(error: RateLimitExceeded):
    from api.limits import _too_many_requests

    retry = _too_many_requests(error).headers.get("Retry-After", "60")
    response = error_page(429, "提交过于频繁 / Too many requests",
                          f"同一网络地址对同一公示提交异议的次数已达上限（{error.limit.limit}）。请在 {retry} 秒后再试；"
                          "已填写的内容未提交。")
    response.headers["Retry-After"] = retry
    return response


_HTTP_TITLES = {400: "请求有误 / Bad request", 404: "页面不存在 / Not found", 405: "不支持的请求方式 / Method not allowed",
                413: "上传内容过大 / Upload too large", 422: "输入有误 / Invalid input"}


@board.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    status = error.code or 500
    if status == 404:
        message = "没有找到这个页面：公示栏的地址、公示编号或回执可能有误，或该公示栏已不再公开。"
    elif status == 413:
        limit = _size(runtime().settings.max_body_bytes)
        message = (f"提交的内容（含证明材料）超过了 {limit} 的上限，异议未提交。请减少或压缩证明材料后，"
                   "返回上一页重新提交。")
    elif status == 422:
        data = getattr(error, "data", {}) or {}
        message = data.get("message") or "地址中含有无法处理的字符。"
    else:
        message = error.description or ""
    response = error_page(status, _HTTP_TITLES.get(status, f"错误 {status}"), message)
    for name, value in (error.get_headers() or []):
        if name.lower() in ("allow", "retry-after"):
            response.headers[name] = value
    return response


@board.errorhandler(DomainError)
def _domain_error(error: DomainError):
    status = DOMAIN_STATUS.get(type(error), 400)
    if isinstance(error, NotFound):
        return _http_error(HttpNotFound())
    if isinstance(error, InvalidInput):
        return error_page(422, "输入有误 / Invalid input", "请求中有无法处理的内容，请检查后重试。", fields=error.fields)
    if status >= 500:
        return _unexpected(error)
    return error_page(status, f"无法完成 / Cannot be done ({status})", render(error.message))


@board.errorhandler(IntegrityError)
def _integrity(error: IntegrityError):
    log.warning("board: integrity error: %s", error.orig)
    return error_page(409, "请重试 / Please try again", "提交与同时保存的数据冲突，未作任何更改，请重试。")


@board.errorhandler(Exception)
def _unexpected(error: Exception):
    log.exception("board: unhandled error", exc_info=error)
    title, message = "服务暂时出错 / Server error", "服务未能完成这个请求，错误已记录。请稍后再试。"
    try:
        return error_page(500, title, message)
    except Exception:  # noqa: BLE001 - the page itself failed: plain text, still no stack trace
        log.exception("board: the error page failed")
        return Response(f"{title}\n{message}\n", 500, mimetype="text/plain")
