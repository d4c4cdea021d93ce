"""The expert pool (专家库) as a workbook an office edits and sends back.

:func:`pool_workbook` writes every expert of the tenant with a Chinese header for each field the office
enters (those of ``POST /api/v1/experts``, and the status of ``PATCH``), plus the version the row was
exported at (checked when it comes back) and the last judgement of the qualifications (read-only).
:func:`import_pool` reads the same sheet back, as xlsx or CSV (UTF-8, with or without BOM, or GB18030;
the readers of the ledger import, :func:`core.awards.imports.sheet_cells`):

- a row with an 编号 (the expert's id) updates that expert: only the columns the sheet has, and only the
  values that differ; a 版本 cell is the version it was read at, and a row whose expert changed since is
  a problem (the version check of ``PATCH``); a row without 编号 creates an expert. 编号 is the one stable
  key: experts have no unique identity number in the pool, and phones are not unique. A new row with the
  name and phone of an expert already in the pool is refused as a probable duplicate;
- the dry run (default) answers every row's problems (``{row, field, problem}``) and its plan (create,
  update with the changed fields, or unchanged), each judged by the regulation's qualifications as the
  one-by-one API judges them (a strict one failed is a problem naming the article; a softened one flags);
  it writes nothing;
- a real run writes every row or none, through :func:`core.review.experts.create_expert` and
  :func:`~core.review.experts.update_expert` (their checks, judgements and ``expert.created`` /
  ``expert.updated`` events), in one transaction with one ``experts.imported`` event summing it up.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.applications.uscc import problem as uscc_problem
from core.awards import imports
from core.awards.ledger import Problem
from core.engine.plugins import JurisdictionRegistry
from core.engine.rules import EXPERT_TITLES, Outcome
from core.errors import InvalidInput
from core.platform import audit, clock
from core.platform.models import Role, Tenant, User
from core.platform.permissions import Principal
from core.reports.xlsx import Column, add_sheet, new_book, to_bytes
from core.review import experts as expert_service
from core.review.models import Expert, ExpertStatus, PanelMember
from core.engine.messages import _

MAX_ROWS = 2_000
MAX_BYTES = 2 * 1024 * 1024
MAX_CELL = 2_000
SHEET_TITLE = "专家库"

COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("编号", "id", "expert_id"),
    "version": ("版本", "version"),
    "name": ("姓名", "name"),
    "title": ("职称级别", "title"),
    "title_name": ("职称名称", "职称", "title_name"),
    "specialties": ("专业领域", "specialties"),
    "practice_started_on": ("从事质量工作起始日期", "practice_started_on"),
    "born_on": ("出生日期", "born_on"),
    "employer_name": ("工作单位", "employer_name"),
    "employer_uscc": ("工作单位统一社会信用代码", "employer_uscc"),
    "contact_phone": ("联系电话", "手机", "phone", "contact_phone"),
    "contact_email": ("电子邮箱", "邮箱", "email", "contact_email"),
    "attested": ("已确认的资格条件", "attested"),
    "status": ("状态", "status"),
    "user": ("登录账号", "username", "user"),
    "note": ("备注", "note"),
    "qualification": ("资格审查", "qualification"),
}
"""Every column by its Chinese header and aliases (case and surrounding spaces ignored)."""
READ_ONLY = ("qualification",)
"""Columns the export writes for the office to read and the import ignores."""
HEADERS = {alias.strip().lower(): f for f, aliases in COLUMNS.items() for alias in aliases}
TITLE_LABELS = {"none": "无", "junior": "初级", "intermediate": "中级", "vice_senior": "副高级", "senior": "正高级"}
TITLES = {**{label: code for code, label in TITLE_LABELS.items()}, **{code: code for code in EXPERT_TITLES},
          "无职称": "none"}
STATUS_LABELS = {ExpertStatus.ACTIVE: "在库", ExpertStatus.INACTIVE: "停用"}
STATUSES = {**{label: s for s, label in STATUS_LABELS.items()}, **{s.value: s for s in ExpertStatus}}
LENGTHS = {"name": 100, "title_name": 100, "employer_name": 200, "contact_phone": 32, "contact_email": 254,
           "note": 2000}
TEXTS = ("title_name", "employer_name", "contact_phone", "contact_email", "note")
"""Text fields that are empty strings, not NULL, when blank (as the model keeps them)."""
SPECIALTY = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")  # the rule of the expert schema of the API
MAX_LIST = 20
SEPARATORS = re.compile(r"[；;,，、\s]+")
OUTCOME_LABELS = {"failed": "不符合", "needs_attestation": "待确认"}

KINDS = {"practice_started_on": "date", "born_on": "date"}
WRAPPED = {"attested", "note", "qualification"}
SHEET_COLUMNS = tuple(Column(aliases[0], KINDS.get(name, "text"), wrap=name in WRAPPED)
                      for name, aliases in COLUMNS.items())
"""The exported sheet, each column by its first header (编号 and 版本 are plain numbers)."""


# -- export -----------------------------------------------------------------------------------------

def _judgement(expert: Expert) -> str | None:
    """The findings of the last judgement that did not pass, as the office reads them (符合 when all passed,
    empty when the jurisdiction judges no qualifications)."""
    shown = []
    for f in expert.qualification or ():
        if f.get("outcome") == Outcome.PASSED.value:
            continue
        label = OUTCOME_LABELS.get(f.get("outcome"), f.get("outcome"))
        if f.get("outcome") == Outcome.FAILED.value and not f.get("strict"):
            label = "提示：" + label
        article = (f.get("citation") or {}).get("text") or ""
        shown.append(f"{f.get('code')}：{f.get('explanation')}（{label}）{article}".strip())
    return "\n".join(shown) or ("符合" if expert.qualification else None)


def pool_rows(session: Session) -> Iterator[list[Any]]:
    """The session's tenant's experts in id order, one list of cells per row in :data:`COLUMNS` order."""
    experts = list(session.scalars(select(Expert).order_by(Expert.id)))
    user_ids = {e.user_id for e in experts if e.user_id is not None}
    usernames = dict(session.execute(select(User.id, User.username).where(User.id.in_(user_ids))).all()) \
        if user_ids else {}
    for e in experts:
        cells = {"id": e.id, "version": e.version, "name": e.name, "title": TITLE_LABELS.get(e.title, e.title),
                 "title_name": e.title_name or None, "specialties": list(e.specialties or ()) or None,
                 "practice_started_on": e.practice_started_on, "born_on": e.born_on,
                 "employer_name": e.employer_name or None, "employer_uscc": e.employer_uscc,
                 "contact_phone": e.contact_phone or None, "contact_email": e.contact_email or None,
                 "attested": list(e.attested or ()) or None, "status": STATUS_LABELS.get(e.status, e.status),
                 "user": usernames.get(e.user_id), "note": e.note or None, "qualification": _judgement(e)}
        yield [cells[name] for name in COLUMNS]


def pool_workbook(session: Session) -> bytes:
    """The xlsx bytes of the session's tenant's expert pool."""
    book = new_book()
    add_sheet(book, SHEET_TITLE, SHEET_COLUMNS, pool_rows(session))
    return to_bytes(book)


# -- reading a sheet --------------------------------------------------------------------------------

@dataclass
class Planned:
    """What one good row does: ``create``, ``update`` (the changed fields) or nothing (``unchanged``)."""

    row: int
    action: str
    expert_id: int | None
    name: str
    values: dict[str, Any]
    version: int | None = None
    flagged: bool = False
    findings: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "action": self.action, "id": self.expert_id, "name": self.name,
                "changes": sorted(self.values) if self.action == "update" else [],
                "flagged": self.flagged, "findings": self.findings}


def _integer(value: Any, name: str, row: int, problems: list[Problem]) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = imports.cell_text(value)
        if text is None:
            return None
        if not (text.isascii() and text.isdigit()) or len(text) > 15:
            problems.append(Problem(row, name, _("{text} is not a whole number", text=repr(text[:40]))))
            return None
        number = int(text)
    if not 1 <= number <= 2**53:
        problems.append(Problem(row, name, _("{number} is out of range", number=number)))
        return None
    return number


def _codes(value: Any, name: str, row: int, problems: list[Problem], check: re.Pattern[str] | None,
           longest: int) -> list[str]:
    text = imports.cell_text(value)
    codes = [c for c in SEPARATORS.split(text or "") if c]
    wrong = [c for c in codes if (check is not None and not check.match(c)) or len(c) > longest]
    if wrong:
        shown = ", ".join(repr(c[:40]) for c in wrong[:3])
        problems.append(Problem(row, name, _(
            "{codes}: a GB/T 4754 section (A-T) or a code of the office's own list: letters, digits, _ . - (1-32)",
            codes=shown) if check is not None else
            _("{codes}: a qualification code of at most {most} characters", codes=shown, most=longest)))
    if len(codes) > MAX_LIST:
        problems.append(Problem(row, name, _("at most {most} codes, not {count}", most=MAX_LIST, count=len(codes))))
    return list(dict.fromkeys(codes))


def _values(cells: dict[str, Any], row: int, users: dict[str, User],
            problems: list[Problem]) -> dict[str, Any]:
    """The expert fields of the columns the sheet has, read and checked one by one."""
    values: dict[str, Any] = {}
    for name, value in cells.items():
        if isinstance(value, str) and (len(value) > MAX_CELL or "\x00" in value):
            problems.append(Problem(row, name, _("more than {most} characters, or a NUL character", most=MAX_CELL)))
            cells[name] = None
    for name in TEXTS + ("name",):
        if name in cells:
            text = imports.cell_text(cells[name]) or ""
            if len(text) > LENGTHS[name]:
                problems.append(Problem(row, name, _("at most {most} characters, not {count}",
                                                          most=LENGTHS[name], count=len(text))))
            values[name] = text
    if "name" in values and not values["name"]:
        problems.append(Problem(row, "name", _("姓名 is required")))
    if "title" in cells:
        text = imports.cell_text(cells["title"])
        code = TITLES.get(text or "", TITLES.get((text or "").lower()))
        if code is None:
            problems.append(Problem(row, "title", _("职称级别 must be one of {labels} ({codes}), not {given}",
                                                    labels=", ".join(TITLE_LABELS.values()),
                                                    codes=", ".join(EXPERT_TITLES), given=repr((text or "")[:40]))))
        values["title"] = code
    if "specialties" in cells:
        values["specialties"] = _codes(cells["specialties"], "specialties", row, problems, SPECIALTY, 32)
    if "attested" in cells:
        values["attested"] = _codes(cells["attested"], "attested", row, problems, None, 64)
    today = clock.today()
    for name in ("practice_started_on", "born_on"):
        if name in cells:
            day = imports.cell_date(cells[name], name, row, problems)
            if day is not None and day > today:
                problems.append(Problem(row, name, _("{day} is after today ({today})", day=day, today=today)))
            values[name] = day
    if "employer_uscc" in cells:
        code = imports.cell_text(cells["employer_uscc"])
        if code is not None and (reason := uscc_problem(code)) is not None:
            problems.append(Problem(row, "employer_uscc", reason))
        values["employer_uscc"] = code
    if "status" in cells:
        text = imports.cell_text(cells["status"]) or ""
        status = STATUSES.get(text, STATUSES.get(text.lower()))
        if status is None:
            problems.append(Problem(row, "status", _("状态 must be 在库 (active) or 停用 (inactive), not {given}",
                                                    given=repr(text[:40]))))
        values["status"] = status
    if "user" in cells:
        username = imports.cell_text(cells["user"])
        user = users.get(username) if username is not None else None
        if username is not None and (user is None or user.role is not Role.EXPERT):
            problems.append(Problem(row, "user", _("{login} is not a login of this office with the expert role",
                                                   login=repr(username[:64]))))
        values["user_id"] = user.id if user is not None else None
    return values


def _same(current: Any, new: Any) -> bool:
    if isinstance(current, list) or isinstance(new, list):
        return list(current or ()) == list(new or ())
    return current == new


def _judge(registry: JurisdictionRegistry, tenant: Tenant, profile: dict[str, Any], row: int,
           problems: list[Problem]) -> tuple[bool, list[dict[str, Any]]]:
    """The regulation's qualifications, judged as the one-by-one API judges them (on a transient copy)."""
    expert = Expert(**{k: profile.get(k) for k in ("title", "practice_started_on", "born_on", "attested")})
    findings = expert_service.qualification_findings(registry, tenant, expert, clock.today())
    for f in expert_service.refusals(findings):
        problems.append(Problem(row, "qualification", _("{explanation} ({article})", explanation=f["explanation"],
                                                         article=f["citation"]["text"])))
    shown = [{"code": f["code"], "outcome": f["outcome"], "strict": f["strict"], "explanation": f["explanation"],
              "article": f["citation"]["text"]} for f in findings if f["outcome"] != Outcome.PASSED.value]
    return any(f["outcome"] == Outcome.FAILED.value for f in findings), shown


def read_pool_file(session: Session, registry: JurisdictionRegistry, tenant: Tenant, content: bytes,
                   media_type: str) -> tuple[int, list[Planned], list[Problem]]:
    """Every row of the sheet, read, matched against the pool and judged: ``(data rows, plan, problems)``.
    Refuses (422 naming ``_body``) a file it cannot read at all: empty, too large, not CSV or xlsx, no
    header row naming 姓名 or 编号, more than :data:`MAX_ROWS` rows."""
    if not content:
        raise InvalidInput.on("_body", "the file is empty")
    if len(content) > MAX_BYTES:
        raise InvalidInput.on("_body", _("the file has {size} bytes; at most {most} are accepted", size=len(content),
                                         most=MAX_BYTES))
    pool = {e.id: e for e in session.scalars(select(Expert).order_by(Expert.id))}
    users = {u.username: u for u in session.scalars(select(User).where(User.tenant_id == tenant.id))}
    seated = set(session.scalars(select(PanelMember.expert_id).distinct()))
    holders = {e.user_id: e.id for e in pool.values() if e.user_id is not None}
    by_contact = {(e.name, e.contact_phone): e.id for e in pool.values() if e.contact_phone}
    problems: list[Problem] = []
    plan: list[Planned] = []
    columns: list[str | None] | None = None
    count = 0
    ids_seen: dict[int, int] = {}
    users_claimed: dict[int, int] = {}
    new_contacts: dict[tuple[str, str], int] = {}
    for number, cells_of_row in enumerate(imports.sheet_cells(content, media_type, MAX_ROWS), start=1):
        if all(imports.cell_text(v) is None for v in cells_of_row):
            continue
        if columns is None:
            columns = [HEADERS.get((imports.cell_text(v) or "").lower()) for v in cells_of_row]
            problems += [Problem(number, str(v)[:40], _("unknown column; see the list of columns"))
                         for v, c in zip(cells_of_row, columns) if c is None and imports.cell_text(v) is not None]
            repeated = {c for c in columns if c is not None and columns.count(c) > 1}
            problems += [Problem(number, c, _("this column appears more than once")) for c in sorted(repeated)]
            if "name" not in columns and "id" not in columns:
                raise InvalidInput("the first row must name the columns, 姓名 or 编号 among them",
                                   fields={"_body": ["no 姓名 nor 编号 column in the header row"]},
                                   details={"problems": [p.as_dict() for p in problems]})
            continue
        count += 1
        if count > MAX_ROWS:
            raise InvalidInput.on("_body", _("the file has more than {most} rows; split it", most=MAX_ROWS))
        cells = {c: v for c, v in zip(columns, cells_of_row) if c is not None and c not in READ_ONLY}
        found: list[Problem] = []
        expert_id = _integer(cells.pop("id", None), "id", number, found)
        unreadable_id = bool(found)  # an 编号 that is no number: neither an update nor a create
        version = _integer(cells.pop("version", None), "version", number, found)
        values = _values(cells, number, users, found)
        current = pool.get(expert_id) if expert_id is not None else None
        if expert_id is not None and current is None:
            found.append(Problem(number, "id", _("no expert {id} in this office's pool; leave 编号 empty to add a "
                                                 "new expert", id=expert_id)))
        if expert_id is not None and expert_id in ids_seen:
            found.append(Problem(number, "id", _("expert {id} is already on row {row}", id=expert_id,
                                                 row=ids_seen[expert_id])))
        elif expert_id is not None:
            ids_seen[expert_id] = number
        if expert_id is None and not unreadable_id:
            for required, header in (("name", "姓名"), ("title", "职称级别")):
                if required not in values or (not values[required] and not any(p.field == required for p in found)):
                    found.append(Problem(number, required, _("{header} is required for a new expert", header=header)))
            contact = (values.get("name"), values.get("contact_phone"))
            if contact[0] and contact[1]:
                if contact in by_contact:
                    found.append(Problem(number, "id", _("expert {id} already has this name and phone: put that 编号 "
                                                         "here to update them", id=by_contact[contact])))
                elif contact in new_contacts:
                    found.append(Problem(number, "name", _("the same name and phone as row {row}",
                                                           row=new_contacts[contact])))
                else:
                    new_contacts[contact] = number
        user_id = values.get("user_id")
        if "user_id" in values and user_id is not None and (current is None or current.user_id != user_id):
            holder = holders.get(user_id)
            if holder is not None and holder != expert_id:
                found.append(Problem(number, "user", _("this login already belongs to expert {id}", id=holder)))
            elif user_id in users_claimed:
                found.append(Problem(number, "user", _("this login is also given on row {row}",
                                                     row=users_claimed[user_id])))
            users_claimed[user_id] = number
        if current is not None and "user_id" in values and user_id != current.user_id and current.id in seated:
            found.append(Problem(number, "user", _("the expert holds or held seats: their login is not handed to "
                                                   "another user (their sheets and answers would follow it)")))
        if current is not None:
            changes = {k: v for k, v in values.items()
                       if not _same(getattr(current, k), v)}
            if changes and version is None and not any(p.field == "version" for p in found):
                found.append(Problem(number, "version", _("版本 is required to change expert {id}: the version the "
                                                          "sheet was exported at (export it again)", id=current.id)))
            elif changes and version is not None and version != current.version:  # a row that changes nothing
                found.append(Problem(number, "version", _(
                    "expert {id} was changed since this sheet was exported (version {version}, now {current}): "
                    "export it again", id=current.id, version=version, current=current.version)))  # may be sent again as it is
            entry = Planned(number, "update" if changes else "unchanged", current.id, values.get("name") or current.name,
                            changes, version)
            profile = {k: changes.get(k, getattr(current, k)) for k in ("title", "practice_started_on", "born_on",
                                                                         "attested")}
        else:
            entry = Planned(number, "create", None, values.get("name") or "", values)
            profile = values
        if entry.action != "unchanged" and not any(p.field in ("title", "practice_started_on", "born_on", "attested")
                                                   for p in found) and (current is not None or values.get("title")):
            entry.flagged, entry.findings = _judge(registry, tenant, profile, number, found)
        problems += found
        if not found:
            plan.append(entry)
    if columns is None:
        raise InvalidInput.on("_body", "the file has no header row")
    return count, plan, problems


# -- the import ---------------------------------------------------------------------------------------

def _refuse(problems: list[Problem], message: str) -> InvalidInput:
    fields: dict[str, list[str]] = {}
    for p in problems:
        fields.setdefault(f"rows.{p.row}.{p.field}", []).append(p.problem)
    return InvalidInput(message, fields=fields, details={"problems": [p.as_dict() for p in problems]})


def import_pool(session: Session, registry: JurisdictionRegistry, actor: Principal, tenant: Tenant,
                content: bytes, media_type: str, *, dry_run: bool) -> dict[str, Any]:
    """Check (dry run) or apply a sheet of the expert pool, every row or none."""
    count, plan, problems = read_pool_file(session, registry, tenant, content, media_type)
    problems.sort(key=lambda p: p.row)
    answer: dict[str, Any] = {
        "dry_run": dry_run, "rows": count,
        "creates": sum(1 for p in plan if p.action == "create"),
        "updates": sum(1 for p in plan if p.action == "update"),
        "unchanged": sum(1 for p in plan if p.action == "unchanged"),
        "plan": [p.as_dict() for p in plan], "problems": [p.as_dict() for p in problems], "import_batch": None}
    if dry_run:
        return answer
    if problems:
        raise _refuse(problems, _("{problems} problem(s) in {rows} row(s); nothing was imported: fix them (a dry run "
                                  "lists them) and send the file again", problems=len(problems),
                                  rows=len({p.row for p in problems})))
    if count == 0:
        raise InvalidInput.on("_body", "the file has no rows to import")
    writes = [p for p in plan if p.action != "unchanged"]
    if not writes:
        return answer  # every row is as the pool has it: nothing to write
    batch = uuid.uuid4().hex
    try:
        # every row in one transaction: the services flush (commit=False), this function commits once
        for entry in writes:
            try:
                if entry.action == "create":
                    expert = expert_service.create_expert(session, registry, actor, tenant, commit=False,
                                                          **entry.values)
                    entry.expert_id = expert.id
                else:
                    expected = entry.version  # required above for every row that changes an expert
                    expert = expert_service.update_expert(session, registry, actor, tenant, entry.expert_id,
                                                          expected, commit=False, **entry.values)
                entry.flagged = expert.flagged
            except InvalidInput as error:
                found = [Problem(entry.row, name, why[0] if len(why) == 1 else "; ".join(map(str, why)))
                         for name, why in error.fields.items()]
                reasons = "".join(f"; {p.field}: {p.problem}" for p in found)
                raise _refuse(found or [Problem(entry.row, "_row", error.message)],
                              _("row {row}: {problem}{reasons}; nothing was imported", row=entry.row,
                                problem=str(error.message), reasons=reasons)) from None
        audit.record(session, actor, "experts.imported", "expert_import", batch, details={
            "rows": count, "created": [p.expert_id for p in writes if p.action == "create"],
            "updated": [p.expert_id for p in writes if p.action == "update"],
            "unchanged": answer["unchanged"], "media_type": media_type})
        session.commit()
    except Exception:
        session.rollback()
        raise
    return {**answer, "plan": [p.as_dict() for p in plan], "import_batch": batch}
