"""Winners' obligations as dated duties, the reports submitted against them, and their reminders.

From the plugin's :class:`~core.engine.rules.ObligationRule`\\ s of the cycle's version:

* a yearly duty (``due_month_day``) becomes one obligation per reported year, due on that day of the
  following year: the award's year and the ``years - 1`` after it (Nantong 2023 第二十八条: three
  reports, the first due 31 March after the award's year); a rule with no limit (Nantong 2020
  第二十六条 "每年初") gets the next year's duty from the daily sweep, for as long as the award stands;
* an event duty (``within_days``, or neither: "发生重大变化时", Changde 第四十二条) becomes an obligation
  when the office or the winner records the event: due ``within_days`` after the day it was confirmed
  (that day not counted, 民法典 第二百零一条), or on that day where the text says "at once"; a duty
  limited to ``years`` after the award is refused for an event after them.

Reminders (:func:`sweep`) go to the winner's inbox (and email, when SMTP is set) ``lead_days`` before
the due day and on it; each is recorded once per obligation and kind, so a missed run is caught up by
the next and nothing is sent twice.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.applications.models import Applicant, Application
from core.awards.models import LedgerAward, LedgerSource, Obligation, ObligationStatus, Reminder
from core.cycles.models import Cycle
from core.cycles import plans
from core.engine import periods
from core.engine.encode import citation_record
from core.engine.plugins import JurisdictionRegistry
from core.engine.rules import CyclePlan, ObligationRule
from core.errors import Conflict, InvalidInput, NotFound
from core.platform import audit, clock, notifications, versioning
from core.platform.models import User
from core.platform.jobs import JobContext, task
from core.platform.notifications import Mailer
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal


def applies(rule: ObligationRule, award: LedgerAward) -> bool:
    return not rule.entry_kinds or award.entry_kind in rule.entry_kinds


def _yearly(rule: ObligationRule) -> bool:
    return rule.due_month_day is not None and rule.within_days is None


def _reported_years(rule: ObligationRule, award: LedgerAward, today: dt.date) -> range:
    first = (award.awarded_on or dt.date(award.cycle_year, 1, 1)).year
    last = first + rule.years - 1 if rule.years is not None else max(first, today.year)
    return range(first, last + 1)


def _new(award: LedgerAward, rule: ObligationRule, period: str, due_on: dt.date, event: str = "") -> Obligation:
    return Obligation(award_id=award.id, code=rule.code, description=rule.description,
                      citation=citation_record(rule.citation), period=period, due_on=due_on, due_text=rule.due,
                      event=event)


def create_for_award(session: Session, plan: CyclePlan | None, award: LedgerAward, today: dt.date) -> list[Obligation]:
    """The yearly obligations of a new (or standing) award that do not exist yet."""
    if plan is None or award.revoked_on is not None:
        return []
    have = {(code, period) for code, period in session.execute(
        select(Obligation.code, Obligation.period).where(Obligation.award_id == award.id))}
    made = []
    for rule in plan.obligations:
        if not (_yearly(rule) and applies(rule, award)):
            continue
        month, day = rule.due_month_day  # type: ignore[misc]
        for year in _reported_years(rule, award, today):
            if (rule.code, str(year)) not in have:
                made.append(_new(award, rule, str(year), dt.date(year + 1, month, day)))
    session.add_all(made)
    session.flush()
    return made


def _plan_of_award(session: Session, registry: JurisdictionRegistry, award: LedgerAward) -> CyclePlan | None:
    if award.cycle_id is None:
        return None
    cycle = session.get(Cycle, (award.tenant_id, award.cycle_id))
    return plans.plan_of(registry, cycle) if cycle is not None else None


def record_event(session: Session, registry: JurisdictionRegistry, actor: Principal, award: LedgerAward, *,
                 code: str, occurred_on: dt.date, event: str) -> Obligation:
    """An event that triggers a reporting duty (an incident confirmed on ``occurred_on``)."""
    if award.revoked_on is not None:
        raise Conflict(_("award {id} was revoked on {revoked_on}: it carries no duties",
                         id=award.id, revoked_on=award.revoked_on.isoformat()))
    plan = _plan_of_award(session, registry, award)
    rules = [r for r in (plan.obligations if plan else ()) if not _yearly(r) and applies(r, award)]
    rule = next((r for r in rules if r.code == code), None)
    if rule is None:
        raise InvalidInput.on("code", _("{code!r} is no event duty of this award; known: {items}",
                                        code=code, items=', '.join((r.code for r in rules)) or 'none'))
    problems: dict[str, list[str]] = {}
    if occurred_on > clock.today():
        problems["occurred_on"] = [_("on or before today ({today})", today=clock.today().isoformat())]
    if award.awarded_on is not None and occurred_on < award.awarded_on:
        problems["occurred_on"] = [_("before the award ({awarded_on})",
                                     awarded_on=award.awarded_on.isoformat())]
    if rule.years is not None and award.awarded_on is not None:
        window = periods.period_last_day(award.awarded_on, years=rule.years)
        if occurred_on > window:
            problems["occurred_on"] = [_("{citation} covers {years} years after the award, to {window}",
                                         citation=rule.citation, years=rule.years, window=window.isoformat())]
    if not (event or "").strip():
        problems["event"] = [_("say what happened")]
    if problems:
        raise InvalidInput("the event cannot be recorded", fields=problems)
    due_on = periods.period_last_day(occurred_on, days=rule.within_days) if rule.within_days else occurred_on
    if session.scalar(select(Obligation.id).where(Obligation.award_id == award.id, Obligation.code == code,
                                                  Obligation.period == occurred_on.isoformat())) is not None:
        raise Conflict(_("a {code} duty for {occurred_on} is already recorded for award {id}",
                         code=code, occurred_on=occurred_on.isoformat(), id=award.id))
    row = _new(award, rule, occurred_on.isoformat(), due_on, event.strip())
    session.add(row)
    session.flush()
    audit.record(session, actor, "obligation.event_recorded", "obligation", row.id,
                 details={"award_id": award.id, "code": code, "occurred_on": occurred_on.isoformat(),
                          "due_on": due_on.isoformat(), "citation": row.citation})
    session.commit()
    return row


def get_obligation(session: Session, obligation_id: int) -> Obligation:
    row = session.execute(select(Obligation).where(Obligation.id == obligation_id)).scalar_one_or_none()
    if row is None:
        raise NotFound("obligation", obligation_id)
    return row


def state(row: Obligation, today: dt.date) -> str:
    """due, overdue, done or cancelled, as the office reads it today."""
    if row.status is ObligationStatus.DUE and today > row.due_on:
        return "overdue"
    return row.status.value


STATES = ("due", "overdue", "done", "cancelled")


def obligations_page(session: Session, *, applicant_user_id: int | None = None, state: str | None = None,
                     award_id: int | None = None, limit: int = DEFAULT_LIMIT,
                     cursor: str | None = None) -> Page[Obligation]:
    """Obligations by due day (served by ``(tenant_id, due_on, id)``); an applicant's: of its awards.
    ``state`` as of today: due (not yet past), overdue, done, cancelled."""
    stmt = select(Obligation)
    today = clock.today()
    if state in ("due", "overdue"):
        stmt = stmt.where(Obligation.status == ObligationStatus.DUE,
                          Obligation.due_on >= today if state == "due" else Obligation.due_on < today)
    elif state is not None:
        stmt = stmt.where(Obligation.status == ObligationStatus(state))
    if award_id is not None:
        stmt = stmt.where(Obligation.award_id == award_id)
    if applicant_user_id is not None:
        mine = (select(LedgerAward.id).join(Application, Application.id == LedgerAward.application_id)
                .join(Applicant, Applicant.id == Application.applicant_id).where(Applicant.user_id == applicant_user_id))
        stmt = stmt.where(Obligation.award_id.in_(mine))
    return keyset_page(session, stmt, [Obligation.due_on, Obligation.id], limit=limit, cursor=cursor)


def submit_report(session: Session, actor: Principal, row: Obligation, *, report: str,
                  expected: versioning.Expected) -> Obligation:
    versioning.check("obligation", row, expected)
    if row.status is not ObligationStatus.DUE:
        raise Conflict(_("obligation {id} is {status}",
                         id=row.id, status=row.status.value), details={"status": row.status.value})
    if not (report or "").strip():
        raise InvalidInput.on("report", "the report's text (or a summary of the filed report) is required")
    with versioning.guard(session, "obligation", row):
        row.status, row.report = ObligationStatus.DONE, report.strip()
        row.submitted_by_id, row.submitted_at = actor.user_id, clock.now()
        session.flush()
        audit.record(session, actor, "obligation.report_submitted", "obligation", row.id,
                     details={"award_id": row.award_id, "code": row.code, "period": row.period,
                              "late": clock.today() > row.due_on})
        session.commit()
    return row


def cancel_for_award(session: Session, award: LedgerAward, reason: str, sanction_id: int) -> list[int]:
    """A revoked award's open duties end with it (kept, marked cancelled, with the revocation)."""
    rows = list(session.scalars(select(Obligation).where(Obligation.award_id == award.id,
                                                         Obligation.status == ObligationStatus.DUE)))
    for row in rows:
        row.status, row.report, row.cancelled_by_sanction_id = ObligationStatus.CANCELLED, reason, sanction_id
    return [row.id for row in rows]


def reopen_for_sanction(session: Session, sanction_id: int) -> list[int]:
    """The duties a reversed revocation had ended are due again."""
    rows = list(session.scalars(select(Obligation).where(Obligation.cancelled_by_sanction_id == sanction_id,
                                                         Obligation.status == ObligationStatus.CANCELLED)))
    for row in rows:
        row.status, row.report, row.cancelled_by_sanction_id = ObligationStatus.DUE, "", None
    return [row.id for row in rows]


# -- reminders -------------------------------------------------------------------------------------

def _extend_open_ended(session: Session, registry: JurisdictionRegistry, today: dt.date) -> int:
    """Add the next years' duties of standing awards whose plan has a yearly duty without a limit of years
    (the others got every duty at approval); one plan per cycle."""
    plans_by_cycle: dict[int, CyclePlan | None] = {}
    created = 0
    for cycle in session.scalars(select(Cycle).where(Cycle.id.in_(
            select(LedgerAward.cycle_id).where(LedgerAward.source == LedgerSource.CYCLE,
                                               LedgerAward.revoked_on.is_(None))))):
        plan = plans.plan_of(registry, cycle)
        if any(_yearly(rule) and rule.years is None for rule in plan.obligations):
            plans_by_cycle[cycle.id] = plan
    if not plans_by_cycle:
        return 0
    for award in session.scalars(select(LedgerAward).where(LedgerAward.cycle_id.in_(list(plans_by_cycle)),
                                                           LedgerAward.revoked_on.is_(None))):
        created += len(create_for_award(session, plans_by_cycle[award.cycle_id], award, today))
    return created


SWEEP_BATCH = 200
"""Reminders committed together: each in its own savepoint (a duplicate from a concurrent run skips that
one alone), the batch in one transaction (one commit, not one per reminder)."""


def sweep(session: Session, registry: JurisdictionRegistry, *, today: dt.date | None = None, lead_days: int = 14,
          mailer: Mailer | None = None) -> dict[str, Any]:
    """Extend open-ended yearly duties and send every reminder due by ``today`` not sent yet (the
    session's tenant). Safe to run again: a reminder is recorded once per obligation and kind."""
    today = today or clock.today()
    created = _extend_open_ended(session, registry, today)
    if created:
        audit.record(session, None, "obligation.created", "obligation", None,
                     details={"count": created, "run_on": today.isoformat(), "why": "a yearly duty without a limit "
                              "of years: the next reported year"})
    session.commit()
    horizon = today + dt.timedelta(days=lead_days)
    sent = {(o, k) for o, k in session.execute(select(Reminder.obligation_id, Reminder.kind))}
    due = session.execute(
        select(Obligation, LedgerAward.title, LedgerAward.name, Applicant.user_id, Applicant.contact_email, User.locale)
        .join(LedgerAward, LedgerAward.id == Obligation.award_id)
        .outerjoin(Application, Application.id == LedgerAward.application_id)
        .outerjoin(Applicant, Applicant.id == Application.applicant_id)
        .outerjoin(User, User.id == Applicant.user_id)  # the language each reminder is written in
        .where(Obligation.status == ObligationStatus.DUE, Obligation.due_on <= horizon)
        .order_by(Obligation.due_on, Obligation.id)).all()
    reminders: list[int] = []
    outbox: list[int] = []
    emailed = 0
    for row, title, name, user_id, email, locale in due:
        kind = "due" if today >= row.due_on else "before"
        if (row.id, kind) in sent or (kind == "before" and (row.id, "due") in sent):
            continue
        try:
            with session.begin_nested():
                reminder, message = _remind(session, row, kind, today, title or name, user_id, email, mailer,
                                            locale=locale)
        except IntegrityError:  # another run sent it first: keep theirs
            continue
        reminders.append(reminder.id)
        if message is not None:
            outbox.append(message)
        if len(reminders) % SWEEP_BATCH == 0:
            session.commit()
            emailed += notifications.deliver(session, mailer, outbox)  # after the commit: never twice
            outbox = []
    session.commit()
    emailed += notifications.deliver(session, mailer, outbox)
    return {"obligations_created": created, "reminders_sent": len(reminders), "emailed": emailed,
            "reminder_ids": reminders, "run_on": today.isoformat()}


def _remind(session: Session, row: Obligation, kind: str, today: dt.date, holder: str, user_id: int | None,
            email: str | None, mailer: Mailer | None, *, locale: str | None = None) -> tuple[Reminder, int | None]:
    message = None
    if user_id is not None:
        # in the recipient's language (notifications.send), the dates as they write them: 2026年10月13日
        words = _("overdue") if kind == "due" and today > row.due_on else (
            _("due today") if kind == "due" else _("due on {day}", day=row.due_on))
        cite = row.citation or {}
        message = notifications.send(
            session, user_id, topic="reminder",
            subject=_("Obligation reminder: {duty} ({when})", duty=row.description[:60], when=words),
            body=_("{holder}: {duty}. Due on {day} ({due_text}), under {jurisdiction}/{version} {article}.",
                   holder=holder, duty=row.description, day=row.due_on, due_text=row.due_text,
                   jurisdiction=cite.get("jurisdiction"), version=cite.get("version"), article=cite.get("article")),
            target=("obligation", row.id), email_to=email or None, mailer=mailer, locale=locale)
    reminder = Reminder(obligation_id=row.id, kind=kind, due_on=row.due_on, run_on=today,
                        recipients=int(user_id is not None),
                        emailed=int(message is not None and message.email_status == "pending"))
    session.add(reminder)
    session.flush()
    audit.record(session, None, "reminder.sent", "reminder", reminder.id,
                 details={"obligation_id": row.id, "kind": kind, "due_on": row.due_on.isoformat(),
                          "recipients": reminder.recipients, "email": reminder.emailed == 1})
    return reminder, (message.id if message is not None and message.email_status == "pending" else None)


def reminders_page(session: Session, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> Page[Reminder]:
    return keyset_page(session, select(Reminder), [Reminder.id], limit=limit, cursor=cursor)


REMINDERS_KIND = "reminders"


@task(REMINDERS_KIND)
def reminders_job(ctx: JobContext) -> dict[str, Any]:
    """The daily run for one tenant: extend yearly duties, send the reminders due (catching up any missed)."""
    settings = ctx.runtime.settings
    return sweep(ctx.session, ctx.runtime.registry, lead_days=settings.reminder_lead_days,
                 mailer=notifications.smtp_mailer(settings))
