"""Publishing a cycle's notices, taking objections against them, deciding the objections, and closing.

A notice is published from the cycle plan's notice rule (its kind, minimum length and article): the
office names the publication day, the last day is computed by the calendar service and the period
convention (:func:`core.cycles.services.notice_last_day`), and a later last day may be chosen but never
an earlier one. The list of a candidate or recommended-winners notice is the committee's latest
decision in the ranking's order; of an acceptance notice, the accepted applications. The public reads
names, tiers, categories and kinds, never facts, scores or attachments.

An upheld objection strikes the candidate off (Changde 第二十四条); the next in rank of the same kind
enters where the rule allows backfill, or, where the text is silent, where the tenant's
``notice_backfill`` setting says so; Nantong 2023 第二十四条 forbids it, and the place stays empty.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import i18n
from core.engine.messages import _
from core.applications.models import Applicant, Application, ApplicationStatus
from core.cycles import plans
from core.cycles.models import Cycle
from core.cycles.services import _Calendar, notice_last_day
from core.engine.calendar import CalendarUnknown
from core.engine.encode import citation_record
from core.engine.plugins import JurisdictionRegistry
from core.engine.rules import Citation, NoticeRule
from core.engine.settings import NOTICE_BACKFILL
from core.errors import Conflict, InvalidInput, NotFound, SettingMissing
from core.notices.models import (EntryStatus, Notice, NoticeEntry, NoticeStatus, Objection, ObjectionFile,
                                 ObjectionStatus)
from core.platform import audit, clock, notifications, versioning
from core.platform.models import Tenant, TenantSetting, TenantStatus
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.review.models import CommitteeDecision

LISTS_FROM_DECISION = ("candidate", "recommended", "winners")
LISTS_FROM_ACCEPTANCE = ("acceptance",)
PUBLISHED_BY_OFFICE = LISTS_FROM_DECISION + LISTS_FROM_ACCEPTANCE + ("other",)
"""Notices the office publishes itself; internal and county notices are held by others on their own dates."""
OPEN_OBJECTIONS = (ObjectionStatus.RECEIVED, ObjectionStatus.INVESTIGATING)
MAX_FILES = 5
MAX_FILE_BYTES = 5 * 1024 * 1024
GROUNDS_MAX = 5000
HORIZON = dt.timedelta(days=366)
"""A notice is published at most a year ahead and lasts at most a year."""
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}")


def _notice_rule(registry: JurisdictionRegistry, cycle: Cycle, stage: str, kind: str) -> NoticeRule:
    plan = plans.plan_of(registry, cycle)
    rules = [n for n in plan.notices if n.stage == stage and n.kind == kind]
    if not rules:
        known = ", ".join(f"{n.stage}/{n.kind}" for n in plan.notices if n.kind in PUBLISHED_BY_OFFICE) or "none"
        raise InvalidInput.on("kind", _("the plan of {jurisdiction_code}/{rule_version_code} has no {kind!r} notice "
                                        "at stage {stage!r}; the office publishes: {known}",
                                        jurisdiction_code=cycle.jurisdiction_code,
                                        rule_version_code=cycle.rule_version_code, kind=kind, stage=stage,
                                        known=known))
    if kind not in PUBLISHED_BY_OFFICE:
        raise InvalidInput.on("kind", _("a {kind} notice is held by each applicant's organisation or county on its "
                                        "own dates, not published by the office",
                                        kind=kind))
    return rules[0]


def _latest_decision(session: Session, cycle: Cycle) -> CommitteeDecision | None:
    return session.execute(select(CommitteeDecision).where(CommitteeDecision.cycle_id == cycle.id)
                           .order_by(CommitteeDecision.id.desc()).limit(1)).scalar_one_or_none()


def _names(session: Session, application_ids: Sequence[int]) -> dict[int, tuple[Application, Applicant]]:
    if not application_ids:
        return {}
    rows = session.execute(select(Application, Applicant).join(Applicant, Applicant.id == Application.applicant_id)
                           .where(Application.id.in_(list(application_ids)))).all()
    return {application.id: (application, applicant) for application, applicant in rows}


def struck_off(session: Session, cycle_id: int) -> set[int]:
    """Applications struck off any notice of the cycle after an upheld objection: they never return to a
    later notice, a backfill or the approval."""
    return set(session.scalars(select(NoticeEntry.application_id).join(Notice, Notice.id == NoticeEntry.notice_id)
                               .where(Notice.cycle_id == cycle_id, NoticeEntry.status == EntryStatus.REMOVED)))


def _list_for(session: Session, cycle: Cycle, kind: str) -> list[tuple[int, str | None]]:
    """(application id, tier) in list order for a notice of ``kind``, without those struck off earlier."""
    struck = struck_off(session, cycle.id)
    return [(a, tier) for a, tier in _listed(session, cycle, kind) if a not in struck]


def _listed(session: Session, cycle: Cycle, kind: str) -> list[tuple[int, str | None]]:
    if kind in LISTS_FROM_DECISION:
        decision = _latest_decision(session, cycle)
        if decision is None:
            raise Conflict(_("a {kind} notice lists the committee's decision: record it first (POST "
                             "/cycles/{id}/decisions)", kind=kind, id=cycle.id), details={"cycle_id": cycle.id})
        order = {row["application_id"]: n for n, row in enumerate(decision.ranking.get("ranked", []))}
        winners = sorted(decision.winners, key=lambda w: (order.get(w["application_id"], len(order)),
                                                          w["application_id"]))
        return [(w["application_id"], w["tier"]) for w in winners]
    accepted = session.scalars(select(Application.id).where(Application.cycle_id == cycle.id,
                                                            Application.status == ApplicationStatus.ACCEPTED)
                               .order_by(Application.id))
    return [(application_id, None) for application_id in accepted]


def publish(session: Session, registry: JurisdictionRegistry, actor: Principal, cycle_id: int, *, stage: str,
            kind: str, starts_on: dt.date, ends_on: dt.date | None = None, title: str | None = None,
            how_to_object: str = "") -> Notice:
    """Publish the plan's ``kind`` notice of ``stage`` with its list, from ``starts_on`` to ``ends_on``."""
    cycle = plans.get_cycle(session, cycle_id)
    plans.require_open(cycle)
    rule = _notice_rule(registry, cycle, stage, kind)
    today = clock.today()
    if starts_on < today:
        raise InvalidInput.on("starts_on", _("a notice is published today or later, not on {starts_on} (today is "
                                             "{today})",
                                             starts_on=starts_on.isoformat(), today=today.isoformat()))
    if starts_on > today + HORIZON:
        raise InvalidInput.on("starts_on", _("at most {days} days ahead (to {today})",
                                             days=HORIZON.days, today=(today + HORIZON).isoformat()))
    if ends_on is not None and ends_on > starts_on + HORIZON:
        raise InvalidInput.on("ends_on", _("a notice lasts at most {days} days", days=HORIZON.days))
    try:
        earliest = notice_last_day(rule, starts_on, _Calendar(session).get())
    except CalendarUnknown as exc:
        raise InvalidInput.on("starts_on", exc.message) from None
    if earliest is None and ends_on is None:
        raise InvalidInput.on("ends_on", _("{citation} gives the notice no length: the office sets its last day",
                                           citation=rule.citation))
    if ends_on is not None and earliest is not None and ends_on < earliest:
        unit = _("working days") if rule.working_days else _("days")
        reason = _("cannot be shortened: the notice published on {starts_on} lasts at least {min_days} {unit}, to "
                   "{earliest} ({citation})", starts_on=starts_on.isoformat(), min_days=rule.min_days, unit=unit,
                   earliest=earliest.isoformat(), citation=rule.citation)
        raise InvalidInput(_("ends_on: {reason}", reason=reason), fields={"ends_on": [reason]},
                           details={"earliest_last_day": earliest.isoformat(),
                                    "citation": citation_record(rule.citation)})
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInput.on("ends_on", _("{ends_on} is before starts_on {starts_on}",
                                           ends_on=ends_on.isoformat(), starts_on=starts_on.isoformat()))
    if session.scalar(select(Notice.id).where(Notice.cycle_id == cycle.id, Notice.stage == stage,
                                              Notice.kind == kind)) is not None:
        raise Conflict(_("the {kind} notice of stage {stage} is already published for cycle {id}",
                         kind=kind, stage=stage, id=cycle.id),
                       details={"cycle_id": cycle.id, "stage": stage, "kind": kind})
    listed = _list_for(session, cycle, kind)
    if not listed:
        raise Conflict(_("the {kind} notice would list nobody", kind=kind), details={"cycle_id": cycle.id})
    names = _names(session, [a for a, _ in listed])
    last_day = ends_on or earliest
    assert last_day is not None
    notice = Notice(cycle_id=cycle.id, stage=stage, kind=kind, title=title or f"{cycle.name}{_KIND_TITLES[kind]}",
                    citation=citation_record(rule.citation), min_days=rule.min_days, working_days=rule.working_days,
                    backfill=rule.backfill, starts_on=starts_on, ends_on=last_day, earliest_end=earliest or last_day,
                    how_to_object=how_to_object.strip(), published_by_id=actor.user_id)
    session.add(notice)
    session.flush()
    for position, (application_id, tier) in enumerate(listed):
        application, applicant = names[application_id]
        session.add(NoticeEntry(notice_id=notice.id, application_id=application_id, position=position,
                                name=applicant.name, tier=tier, category=application.category,
                                entry_kind=application.entry_kind))
    session.flush()
    audit.record(session, actor, "notice.published", "notice", notice.id,
                 details={"cycle_id": cycle.id, "stage": stage, "kind": kind, "starts_on": starts_on.isoformat(),
                          "ends_on": last_day.isoformat(), "earliest_end": notice.earliest_end.isoformat(),
                          "application_ids": [a for a, _ in listed], "citation": notice.citation})
    session.commit()
    return notice


_KIND_TITLES = {"candidate": "候选名单公示", "recommended": "拟表彰名单公示", "winners": "获奖名单公示",
                "acceptance": "受理名单公示", "other": "公示"}


def get_notice(session: Session, notice_id: int) -> Notice:
    notice = session.execute(select(Notice).where(Notice.id == notice_id)).scalar_one_or_none()
    if notice is None:
        raise NotFound("notice", notice_id)
    return notice


def notices_page(session: Session, *, cycle_id: int | None = None, limit: int = DEFAULT_LIMIT,
                 cursor: str | None = None) -> Page[Notice]:
    """The tenant's notices, newest first (served by the ``(tenant_id, id)`` key, or
    ``(tenant_id, cycle_id, id)`` for one cycle)."""
    stmt = select(Notice)
    if cycle_id is not None:
        stmt = stmt.where(Notice.cycle_id == plans.get_cycle(session, cycle_id).id)
    return keyset_page(session, stmt, [Notice.id], limit=limit, cursor=cursor, descending=True)


def public_notices_page(session: Session, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> Page[Notice]:
    """What the board shows: notices from their publication day on, newest first."""
    stmt = select(Notice).where(Notice.starts_on <= clock.today())
    return keyset_page(session, stmt, [Notice.id], limit=limit, cursor=cursor, descending=True)


def get_public_notice(session: Session, notice_id: int) -> Notice:
    """A notice as the public reaches it: not before its publication day (404 until then)."""
    notice = get_notice(session, notice_id)
    if notice.starts_on > clock.today():
        raise NotFound("notice", notice_id)
    return notice


def entries(session: Session, notice: Notice) -> list[NoticeEntry]:
    """A notice's names in list order (a notice lists a cycle's winners or accepted applications: a
    short list, bounded by the cycle's quotas or its applications)."""
    return list(session.scalars(select(NoticeEntry).where(NoticeEntry.notice_id == notice.id)
                                .order_by(NoticeEntry.position, NoticeEntry.id)))


def objection_counts(session: Session, notice: Notice) -> dict[str, int]:
    rows = session.execute(select(Objection.status, func.count()).where(Objection.notice_id == notice.id)
                           .group_by(Objection.status)).all()
    return {status.value: count for status, count in rows}


# -- objections ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EvidenceFile:
    filename: str
    content_type: str
    content: bytes


def receipt_hash(receipt: str) -> str:
    return hashlib.sha256(receipt.encode("utf-8")).hexdigest()


def file_objection(session: Session, notice_id: int, *, entry_id: int, grounds: str, objector_name: str | None = None,
                   objector_contact: str | None = None, files: Sequence[EvidenceFile] = (), via: str,
                   actor: Principal | None = None) -> tuple[Objection, str]:
    """File an objection to one name of a running notice; returns it and the receipt (shown once) with
    which the objector reads the outcome. Refused outside the notice's period, naming the dates."""
    notice = get_notice(session, notice_id)
    today = clock.today()
    entry = entry_of(session, notice, entry_id)
    first, last = notice.starts_on, notice.ends_on
    if entry is not None and entry.backfilled and entry.listed_on is not None and entry.ends_on is not None:
        first, last = entry.listed_on, entry.ends_on  # a backfilled name has its own full period
    if notice.status is not NoticeStatus.OPEN or not first <= today <= last:
        reason = _("objections are taken from {first} to {last} (both included); today is {today}",
                   first=first.isoformat(), last=last.isoformat(), today=today.isoformat())
        raise Conflict(reason, details={"starts_on": first.isoformat(), "ends_on": last.isoformat(),
                                        "today": today.isoformat()})
    problems = objection_problems(entry, notice, entry_id, grounds=grounds, objector_name=objector_name,
                                  objector_contact=objector_contact, files=files)
    if problems:
        raise InvalidInput("the objection cannot be filed", fields=problems)
    assert entry is not None
    grounds, name, contact = grounds.strip(), (objector_name or "").strip() or None, \
        (objector_contact or "").strip() or None
    receipt = secrets.token_urlsafe(16)
    objection = Objection(notice_id=notice.id, entry_id=entry.id, grounds=grounds, real_name=name is not None,
                          objector_name=name, objector_contact=contact, filed_via=via,
                          filed_by_id=actor.user_id if actor is not None else None, receipt_hash=receipt_hash(receipt))
    session.add(objection)
    session.flush()
    for upload in files:
        session.add(ObjectionFile(objection_id=objection.id, filename=upload.filename[:200],
                                  content_type=(upload.content_type or "application/octet-stream")[:100],
                                  size=len(upload.content), sha256=hashlib.sha256(upload.content).hexdigest(),
                                  content=upload.content))
    # The trail keeps that an objection was filed, against whom, with how many files: never who filed it
    # (not even a logged-in objector's account) nor from where (为举报人保密), so it holds no personal data.
    audit.record(session, None, "objection.filed", "objection", objection.id, tenant_id=notice.tenant_id,
                 client_address="", details={"notice_id": notice.id, "entry_id": entry.id, "via": via,
                                             "logged_in": actor is not None, "real_name": objection.real_name,
                                             "files": len(files)})
    session.commit()
    return objection, receipt


def entry_of(session: Session, notice: Notice, entry_id: int | None) -> NoticeEntry | None:
    if entry_id is None:
        return None
    return session.execute(select(NoticeEntry).where(NoticeEntry.id == entry_id,
                                                     NoticeEntry.notice_id == notice.id)).scalar_one_or_none()


def objection_problems(entry: NoticeEntry | None, notice: Notice, entry_id: int | None, *, grounds: str,
                       objector_name: str | None, objector_contact: str | None,
                       files: Sequence[EvidenceFile]) -> dict[str, list[str]]:
    """Every problem of an objection's fields, by field (``entry_id`` None: the form chose no name; the
    board asks this to show every reason at once, :func:`file_objection` before filing)."""
    problems: dict[str, list[str]] = {}
    if entry_id is not None and entry is None:
        problems["entry_id"] = [_("notice {id} lists no entry {entry_id}", id=notice.id, entry_id=entry_id)]
    elif entry is not None and entry.status is EntryStatus.REMOVED:
        problems["entry_id"] = [_("{name} was already struck off this notice", name=entry.name)]
    grounds = (grounds or "").strip()
    if not grounds:
        problems["grounds"] = [_("say what the objection is about (异议理由)")]
    elif len(grounds) > GROUNDS_MAX:
        problems["grounds"] = [_("at most {GROUNDS_MAX} characters", GROUNDS_MAX=GROUNDS_MAX)]
    name = (objector_name or "").strip()
    contact = (objector_contact or "").strip()
    if len(name) > 100:
        problems["objector_name"] = [_("at most 100 characters")]
    if len(contact) > 200:
        problems["objector_contact"] = [_("at most 200 characters")]
    if len(files) > MAX_FILES:
        problems["files"] = [_("at most {MAX_FILES} files", MAX_FILES=MAX_FILES)]
    for n, upload in enumerate(files):
        if len(upload.content) > MAX_FILE_BYTES:
            problems[f"files.{n}"] = [_("{filename}: larger than {MAX_FILE_BYTES} MB",
                                        filename=upload.filename, MAX_FILE_BYTES=MAX_FILE_BYTES // (1024 * 1024))]
        elif not upload.content:
            problems[f"files.{n}"] = [_("{filename}: the file is empty", filename=upload.filename)]
    return problems


def get_objection(session: Session, objection_id: int) -> Objection:
    row = session.execute(select(Objection).where(Objection.id == objection_id)).scalar_one_or_none()
    if row is None:
        raise NotFound("objection", objection_id)
    return row


def objection_by_receipt(session: Session, receipt: str) -> Objection:
    row = session.execute(select(Objection).where(Objection.receipt_hash == receipt_hash(receipt))
                          ).scalar_one_or_none()
    if row is None:
        raise NotFound("objection with receipt", "…")
    return row


def objections_page(session: Session, *, notice_id: int | None = None, limit: int = DEFAULT_LIMIT,
                    cursor: str | None = None) -> Page[Objection]:
    stmt = select(Objection)
    if notice_id is not None:
        stmt = stmt.where(Objection.notice_id == get_notice(session, notice_id).id)
    return keyset_page(session, stmt, [Objection.id], limit=limit, cursor=cursor)


def files_of(session: Session, objection: Objection) -> list[ObjectionFile]:
    return list(session.scalars(select(ObjectionFile).where(ObjectionFile.objection_id == objection.id)
                                .order_by(ObjectionFile.id)))


def files_by_objection(session: Session, objection_ids: Sequence[int]) -> dict[int, list[ObjectionFile]]:
    """The evidence files of a page of objections, in one query."""
    out: dict[int, list[ObjectionFile]] = {}
    if objection_ids:
        for row in session.scalars(select(ObjectionFile).where(ObjectionFile.objection_id.in_(list(objection_ids)))
                                   .order_by(ObjectionFile.id)):
            out.setdefault(row.objection_id, []).append(row)
    return out


_MOVES = {ObjectionStatus.RECEIVED: (ObjectionStatus.INVESTIGATING, ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED),
          ObjectionStatus.INVESTIGATING: (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED)}


def _backfill_allowed(session: Session, notice: Notice) -> tuple[bool, dict[str, Any]]:
    if notice.backfill is not None:
        return notice.backfill, {"from": "regulation", "citation": notice.citation}
    row = session.execute(select(TenantSetting).where(TenantSetting.key == NOTICE_BACKFILL)).scalar_one_or_none()
    if row is None or row.value is None:
        raise SettingMissing(NOTICE_BACKFILL, f"{notice.citation.get('jurisdiction')}/{notice.citation.get('version')} "
                                              f"{notice.citation.get('article')} does not say whether a candidate "
                                              "struck off after an objection is replaced by the next in rank: the "
                                              "office sets notice_backfill before upholding an objection")
    return bool(row.value), {"from": "setting", "setting": NOTICE_BACKFILL}


def _next_in_rank(session: Session, notice: Notice, removed: NoticeEntry) -> int | None:
    """The best-ranked application of the struck-off one's kind that is not on the notice, was not struck
    off any notice of the cycle, and was not deliberately left off by the committee (a departure that
    took it out of the list): the ranking the committee's latest decision was compared with."""
    cycle = session.get(Cycle, (notice.tenant_id, notice.cycle_id))
    assert cycle is not None
    decision = _latest_decision(session, cycle)
    if decision is None:
        return None
    taken = set(session.scalars(select(NoticeEntry.application_id).where(NoticeEntry.notice_id == notice.id)))
    left_off = {d["application_id"] for d in decision.departures or () if d.get("decided") is None}
    excluded = taken | struck_off(session, cycle.id) | left_off
    for row in decision.ranking.get("ranked", []):
        if row.get("entry_kind") == removed.entry_kind and row["application_id"] not in excluded:
            return int(row["application_id"])
    return None


def _own_period(session: Session, notice: Notice, day: dt.date) -> dt.date:
    """The last day of a full notice period that starts on ``day``: a backfilled name is on notice as
    long as the others were (the rule's minimum from the calendar, or the length the office chose)."""
    if notice.min_days is not None:
        rule = NoticeRule(notice.stage, notice.min_days, notice.working_days, Citation.from_record(notice.citation))
        earliest = notice_last_day(rule, day, _Calendar(session).get())
        assert earliest is not None
        return earliest + (notice.ends_on - notice.earliest_end)  # with the days the office added, if any
    return day + (notice.ends_on - notice.starts_on)


def _cited(notice: Notice) -> str:
    c = notice.citation or {}
    return f"{c.get('jurisdiction')}/{c.get('version')} {c.get('article')}"


def decide_objection(session: Session, actor: Principal, objection_id: int, *, status: str, reasons: str,
                     expected: versioning.Expected, mailer: notifications.Mailer | None = None) -> Objection:
    """Move an objection on: investigating, then upheld (the name struck off, backfilled where allowed,
    the newcomer on notice for a full period of its own) or dismissed, with the reasons the objector is
    told (Changde 第四十条): in the inbox when filed logged in, by email when a public objector left an
    address and SMTP is set, and on the board with the receipt in any case."""
    objection = get_objection(session, objection_id)
    versioning.check("objection", objection, expected)
    target = ObjectionStatus(status)
    if target not in _MOVES.get(objection.status, ()):
        raise Conflict(_("objection {id} is {status}: it cannot become {target}",
                         id=objection.id, status=objection.status.value, target=target.value),
                       details={"status": objection.status.value})
    reasons = (reasons or "").strip()
    if target in (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED) and not reasons:
        raise InvalidInput.on("reasons", "a decision gives its reasons: the objector is told them")
    notice = get_notice(session, objection.notice_id)
    details: dict[str, Any] = {"notice_id": notice.id, "entry_id": objection.entry_id, "status": target.value,
                               "citation": notice.citation}
    email: tuple[str, str, str] | None = None
    with versioning.guard(session, "objection", objection):
        if target is ObjectionStatus.UPHELD:
            entry = session.execute(select(NoticeEntry).where(NoticeEntry.id == objection.entry_id)).scalar_one()
            if entry.status is EntryStatus.LISTED:
                allowed, basis = _backfill_allowed(session, notice)
                entry.status = EntryStatus.REMOVED
                entry.removed_reason = f"异议查实，取消资格（异议 {objection.id}，依据 {_cited(notice)}）"
                details.update(removed=entry.application_id, backfill=allowed, backfill_basis=basis)
                if allowed:
                    details["backfilled_by"] = _backfill(session, notice, entry)
        objection.status = target
        if target is not ObjectionStatus.INVESTIGATING:
            objection.reasons = reasons
            objection.decided_by_id = actor.user_id
            objection.decided_at = clock.now()
            subject = _("The outcome of your objection to “{title}”", title=notice.title)
            body = _("Outcome: {outcome}. Reasons: {reasons} (under {citation})", outcome=_OUTCOME_WORDS[target],
                     reasons=reasons, citation=_cited(notice))
            if objection.filed_by_id is not None:
                notifications.send(session, objection.filed_by_id, topic="objection_outcome", subject=subject,
                                   body=body, target=("objection", objection.id))
                objection.objector_told_at = clock.now()
            elif mailer is not None and objection.objector_contact and EMAIL.fullmatch(objection.objector_contact):
                # sent once the decision is committed; a public objector has no stored language: Chinese
                email = (objection.objector_contact, i18n.render(subject), i18n.render(body))
        session.flush()
        audit.record(session, actor, f"objection.{target.value}", "objection", objection.id, details=details)
        session.commit()
    if email is not None and mailer is not None:
        try:
            mailer(*email)
        except Exception:  # noqa: BLE001 - not told: the office sees objector_told_at empty; the receipt still works
            return objection
        objection.objector_told_at = clock.now()
        audit.record(session, None, "objection.objector_emailed", "objection", objection.id,
                     details={"status": target.value})
        session.commit()
    return objection


def _backfill(session: Session, notice: Notice, removed: NoticeEntry) -> int | None:
    successor = _next_in_rank(session, notice, removed)
    if successor is None:
        return None
    application, applicant = _names(session, [successor])[successor]
    position = session.scalar(select(func.max(NoticeEntry.position)).where(NoticeEntry.notice_id == notice.id)) or 0
    today = clock.today()
    session.add(NoticeEntry(notice_id=notice.id, application_id=successor, position=position + 1,
                            name=applicant.name, tier=removed.tier, category=application.category,
                            entry_kind=application.entry_kind, backfilled=True, replaces_entry_id=removed.id,
                            listed_on=today, ends_on=_own_period(session, notice, today)))
    return successor


_OUTCOME_WORDS = {
    ObjectionStatus.UPHELD: _("the objection was found true; the name's eligibility for the award is withdrawn"),
    ObjectionStatus.DISMISSED: _("the objection was found untrue or outside what the notice covers; it is not upheld"),
    ObjectionStatus.INVESTIGATING: _("being investigated"), ObjectionStatus.RECEIVED: _("received, waiting to be "
                                                                                        "handled"),
}


def outcome_words(status: ObjectionStatus, locale: str = i18n.DEFAULT_LOCALE) -> str:
    """What an objection's status tells the objector, in ``locale`` (Chinese unless asked)."""
    return i18n.render(_OUTCOME_WORDS[status], locale)


def close(session: Session, actor: Principal, notice_id: int, *, outcome: str, expected: versioning.Expected) -> Notice:
    """Close a notice after its last day, once every objection is decided; the outcome is published."""
    notice = get_notice(session, notice_id)
    versioning.check("notice", notice, expected)
    today = clock.today()
    if notice.status is NoticeStatus.CLOSED:
        raise Conflict(_("notice {id} is already closed", id=notice.id))
    last = last_day(session, notice)
    if today <= last:
        raise Conflict(_("notice {id} runs to {last} (included; a backfilled name's own period): it closes after "
                         "that, not on {today}", id=notice.id, last=last.isoformat(), today=today.isoformat())
                       if last != notice.ends_on else
                       _("notice {id} runs to {last} (included): it closes after that, not on {today}",
                         id=notice.id, last=last.isoformat(), today=today.isoformat()),
                       details={"ends_on": last.isoformat()})
    pending = session.scalars(select(Objection.id).where(Objection.notice_id == notice.id,
                                                         Objection.status.in_(OPEN_OBJECTIONS))).all()
    if pending:
        raise Conflict(_("notice {id} has undecided objections: {items}",
                         id=notice.id, items=', '.join(map(str, pending))),
                       details={"objection_ids": list(pending)})
    names = entries(session, notice)
    listed = [e for e in names if e.status is EntryStatus.LISTED]
    removed = [e for e in names if e.status is EntryStatus.REMOVED]
    summary = f"公示期满，{len(listed)}名通过公示" + (f"，{len(removed)}名因异议查实被取消资格" if removed else "")
    with versioning.guard(session, "notice", notice):
        notice.status = NoticeStatus.CLOSED
        notice.outcome = summary + (f"。{outcome.strip()}" if outcome and outcome.strip() else "")
        notice.closed_by_id = actor.user_id
        notice.closed_at = clock.now()
        session.flush()
        audit.record(session, actor, "notice.closed", "notice", notice.id,
                     details={"passed": [e.application_id for e in listed],
                              "removed": [e.application_id for e in removed], "outcome": notice.outcome})
        session.commit()
    return notice


def last_day(session: Session, notice: Notice) -> dt.date:
    """The notice's last day, or a later one where a backfilled name's own period runs longer."""
    later = session.scalar(select(func.max(NoticeEntry.ends_on)).where(NoticeEntry.notice_id == notice.id,
                                                                       NoticeEntry.status == EntryStatus.LISTED))
    return max(notice.ends_on, later) if later is not None else notice.ends_on


def passed(session: Session, notice: Notice) -> list[NoticeEntry]:
    """The names that passed a closed notice, in list order."""
    return [e for e in entries(session, notice) if e.status is EntryStatus.LISTED]


def tenant_by_code(session: Session, code: str) -> Tenant:
    tenant = session.execute(select(Tenant).where(Tenant.code == code)).scalar_one_or_none()
    if tenant is None or tenant.status is not TenantStatus.ACTIVE:
        raise NotFound("notice board", code)
    return tenant
