"""Confirmed violations and the sanctions the plugin decides for them, applied to the ledger.

The office names the violation (the plugin's code), the winner's award or the applicant concerned,
the day of the decision and, where it matters, when the facts occurred. The plugin's
:class:`~core.engine.rules.SanctionDecision` of the version in force on the decision day gives the
measures, the last day of the ban and the article; the core applies the measures it knows
(:data:`core.engine.rules.MEASURE_EFFECTS`): the award is revoked and its duties cancelled, what was
paid is clawed back (and what was not yet paid is no longer owed), the ban is stored for later
screening (:func:`core.awards.ledger.history_for`), an announcement is published on the board.
Appeals and reversals are recorded on the sanction; nothing is deleted.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import i18n
from core.engine.messages import _
from core.applications.models import Applicant, ApplicantKind
from core.awards import obligations as duties
from core.awards.approvals import balance, get_award, reward_lines, touch
from core.awards.ledger import past_award, tenant_rules, violations
from core.cycles import plans
from core.cycles.models import Cycle
from core.awards.models import LedgerAward, LedgerSanction, LedgerSource, RewardEntry, RewardEntryKind
from core.engine.encode import citation_record
from core.engine.plugins import JurisdictionRegistry
from core.engine.rules import MEASURE_EFFECTS
from core.errors import Conflict, InvalidInput, NotFound
from core.platform import audit, clock, notifications, versioning
from core.platform.models import Tenant
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.platform.services.rules import tenant_version

REVERSAL_KINDS = ("appeal", "reversal")
EARLIEST = dt.date(2000, 1, 1)
"""No decision or fact of a 市长质量奖 before this day (the awards began in the 2000s)."""


def _subject(session: Session, award: LedgerAward | None, applicant_id: int | None) -> dict[str, Any]:
    if award is not None:
        return {"subject_kind": award.subject_kind, "name": award.name, "uscc": award.uscc,
                "employer_name": award.employer_name, "employer_uscc": award.employer_uscc}
    applicant = session.execute(select(Applicant).where(Applicant.id == applicant_id)).scalar_one_or_none()
    if applicant is None:
        raise NotFound("applicant", applicant_id)
    return {"subject_kind": "organization" if applicant.kind is ApplicantKind.ORGANIZATION else "individual",
            "name": applicant.name, "uscc": applicant.uscc, "employer_name": applicant.employer_name,
            "employer_uscc": applicant.employer_uscc}


def record_violation(session: Session, registry: JurisdictionRegistry, actor: Principal, *, violation: str,
                     decided_on: dt.date, award_id: int | None = None, applicant_id: int | None = None,
                     occurred_on: dt.date | None = None, evidence: str, note: str = "") -> LedgerSanction:
    """Record a confirmed violation and apply the plugin's sanction to the ledger (one transaction)."""
    problems: dict[str, list[str]] = {}
    if (award_id is None) == (applicant_id is None):
        problems["award_id"] = [_("name the award concerned, or (for one who has not won) the applicant_id")]
    if decided_on > clock.today():
        problems["decided_on"] = [_("a decision taken: on or before {today}",
                                    today=clock.today().isoformat())]
    elif decided_on < EARLIEST:
        problems["decided_on"] = [_("on or after {EARLIEST}", EARLIEST=EARLIEST.isoformat())]
    if occurred_on is not None and occurred_on > decided_on:
        problems["occurred_on"] = [_("after the decision ({decided_on})",
                                     decided_on=decided_on.isoformat())]
    elif occurred_on is not None and occurred_on < EARLIEST:
        problems["occurred_on"] = [_("on or after {EARLIEST}", EARLIEST=EARLIEST.isoformat())]
    if not (evidence or "").strip():
        problems["evidence"] = [_("what confirmed the violation (文书、证据) is required")]
    rules = tenant_rules(session, registry, actor.tenant_id)  # type: ignore[arg-type]
    if violation not in violations(rules):
        problems["violation"] = [_("unknown; {code} sanctions: {items}",
                                   code=rules.jurisdiction.code, items=', '.join(violations(rules)))]
    if problems:
        raise InvalidInput("the violation cannot be recorded", fields=problems)
    award = get_award(session, award_id) if award_id is not None else None
    if award is not None and award.revoked_on is not None and award.revoked_by_sanction_id is not None:
        raise Conflict(_("award {id} was already revoked on {revoked_on} (sanction {revoked_by_sanction_id})",
                         id=award.id, revoked_on=award.revoked_on.isoformat(),
                         revoked_by_sanction_id=award.revoked_by_sanction_id))
    if award is not None and award.awarded_on is not None and decided_on < award.awarded_on:
        raise InvalidInput.on("decided_on", _("before the award ({awarded_on})",
                                              awarded_on=award.awarded_on.isoformat()))
    if award is not None:
        touch(award)  # its version rises with this sanction: a concurrent one is stale (409), never applied twice
    version = _version_for(session, registry, actor, award, decided_on)
    facts: dict[str, Any] = {}
    decision = rules.sanction(version, violation, decided_on=decided_on,
                              award=past_award(award) if award is not None else None, occurred_on=occurred_on,
                              settings={}, facts=facts, entry_kind=award.entry_kind if award is not None else None)
    effects = {MEASURE_EFFECTS.get(m, "other") for m in decision.measures}
    subject = _subject(session, award, applicant_id)
    row = LedgerSanction(**subject, kind=violation, decided_on=decided_on, ban_until=decision.ban_until,
                         citation=citation_record(decision.citation), source=LedgerSource.RECORDED,
                         note=note, created_by_id=actor.user_id, award_id=award.id if award else None,
                         applicant_id=applicant_id, occurred_on=occurred_on, measures=list(decision.measures),
                         explanation=decision.explanation, evidence=evidence.strip())
    if "announce" in effects:
        row.announcement = (f"{subject['name']}：{decision.explanation}（依据 {decision.citation}，"
                            f"{i18n.format_date(decided_on, i18n.ZH_CN)}决定）")  # a public text: 2026年3月1日
    session.add(row)
    session.flush()
    applied: dict[str, Any] = {"measures": list(decision.measures), "ban_until": _iso(decision.ban_until)}
    if award is not None and "revoke" in effects:
        award.revoked_on = decided_on
        award.revoked_by_sanction_id = row.id
        applied["revoked_award"] = award.id
        applied["cancelled_obligations"] = duties.cancel_for_award(
            session, award, f"获奖资格于{i18n.format_date(decided_on, i18n.ZH_CN)}被撤销（处理决定 {row.id}）", row.id)
        totals = balance(reward_lines(session, award))
        if totals["outstanding"] > 0:
            session.add(RewardEntry(award_id=award.id, kind=RewardEntryKind.CANCELLED,
                                    amount_yuan=totals["outstanding"], entry_on=decided_on,
                                    citation=citation_record(decision.citation), sanction_id=row.id,
                                    note="撤销后不再发放", recorded_by_id=actor.user_id))
            applied["cancelled_yuan"] = totals["outstanding"]
    if award is not None and "recover_reward" in effects:
        totals = balance(reward_lines(session, award))
        owed_back = totals["paid"] - totals["clawback"]
        if owed_back > 0:
            session.add(RewardEntry(award_id=award.id, kind=RewardEntryKind.CLAWBACK, amount_yuan=owed_back,
                                    entry_on=decided_on, citation=citation_record(decision.citation),
                                    sanction_id=row.id, note="追回奖金", recorded_by_id=actor.user_id))
        applied["clawback_yuan"] = max(owed_back, 0)
    with versioning.guard(session, "award", award) if award is not None else contextlib.nullcontext():
        session.flush()
        audit.record(session, actor, "sanction.applied", "ledger_sanction", row.id,
                     details={"violation": violation, "award_id": row.award_id, "applicant_id": applicant_id,
                              "decided_on": decided_on.isoformat(), "occurred_on": _iso(occurred_on),
                              "citation": row.citation, **applied})
        _tell_subject(session, row, award, applicant_id, _("Sanction decision"), row.explanation)
        session.commit()
    return row


def _version_for(session: Session, registry: JurisdictionRegistry, actor: Principal, award: LedgerAward | None,
                 decided_on: dt.date) -> Any:
    """The rule version that judges the violation: for an award decided in a cycle, the version that cycle
    was pinned to (the winner won, and took on its duties, under it); otherwise the version in force on
    the decision day."""
    if award is not None and award.cycle_id is not None:
        cycle = session.get(Cycle, (award.tenant_id, award.cycle_id))
        if cycle is not None:
            return plans.rules_of(registry, cycle)[1]
    tenant = session.get(Tenant, actor.tenant_id)
    assert tenant is not None
    return tenant_version(registry, tenant, decided_on)[1]


def _tell_subject(session: Session, row: LedgerSanction, award: LedgerAward | None, applicant_id: int | None,
                  subject: str, text: str) -> None:
    """Tell the sanctioned applicant in their inbox, in their language (the decision's own words, the
    plugin's verdict text, stay as the regulation's plugin wrote them)."""
    from core.applications.models import Application
    user_id = None
    if applicant_id is not None:
        user_id = session.scalar(select(Applicant.user_id).where(Applicant.id == applicant_id))
    elif award is not None and award.application_id is not None:
        user_id = session.scalar(select(Applicant.user_id).join(Application, Application.applicant_id == Applicant.id)
                                 .where(Application.id == award.application_id))
    if user_id is not None:
        cite = row.citation or {}
        notifications.send(session, user_id, topic="sanction", subject=subject,
                           body=_("{text} (under {jurisdiction}/{version} {article}, {day})", text=text,
                                  jurisdiction=cite.get("jurisdiction"), version=cite.get("version"),
                                  article=cite.get("article"), day=row.decided_on),
                           target=("ledger_sanction", row.id))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def get_sanction(session: Session, sanction_id: int) -> LedgerSanction:
    row = session.execute(select(LedgerSanction).where(LedgerSanction.id == sanction_id)).scalar_one_or_none()
    if row is None:
        raise NotFound("sanction", sanction_id)
    return row


def reverse(session: Session, actor: Principal, sanction_id: int, *, kind: str, decided_on: dt.date, reason: str,
            expected: versioning.Expected) -> LedgerSanction:
    """Record an appeal's success or a reversal: the sanction stays, marked; its ban no longer counts and
    an award it revoked stands again."""
    row = get_sanction(session, sanction_id)
    versioning.check("sanction", row, expected)
    problems: dict[str, list[str]] = {}
    if kind not in REVERSAL_KINDS:
        problems["kind"] = [_("one of {items}", items=', '.join(REVERSAL_KINDS))]
    if not (reason or "").strip():
        problems["reason"] = [_("the decision that reversed it, and why")]
    if decided_on > clock.today() or decided_on < row.decided_on:
        problems["decided_on"] = [_("from {decided_on} to today", decided_on=row.decided_on.isoformat())]
    if problems:
        raise InvalidInput("the reversal cannot be recorded", fields=problems)
    if row.reversed_on is not None:
        raise Conflict(_("sanction {id} was already reversed on {reversed_on}",
                         id=row.id, reversed_on=row.reversed_on.isoformat()))
    award = get_award(session, row.award_id) if row.award_id is not None else None
    undone: dict[str, Any] = {}
    with versioning.guard(session, "sanction", row):
        row.reversed_on, row.reversal_kind, row.reversal_reason = decided_on, kind, reason.strip()
        row.reversed_by_id = actor.user_id
        if award is not None:
            touch(award)
            if award.revoked_by_sanction_id == row.id:
                award.revoked_on, award.revoked_by_sanction_id = None, None
                undone["restored_award"] = award.id
                undone["reopened_obligations"] = duties.reopen_for_sanction(session, row.id)
            undone.update(_undo_money(session, actor, row, award, decided_on))
        session.flush()
        audit.record(session, actor, "sanction.reversed", "ledger_sanction", row.id,
                     details={"kind": kind, "decided_on": decided_on.isoformat(), "reason": row.reversal_reason,
                              **undone})
        _tell_subject(session, row, award, row.applicant_id, _("Sanction decision reversed"),
                      _("reversed on appeal: {reason}", reason=row.reversal_reason) if kind == "appeal"
                      else _("reversed by the original decision-maker: {reason}", reason=row.reversal_reason))
        session.commit()
    return row


def _undo_money(session: Session, actor: Principal, row: LedgerSanction, award: LedgerAward,
                day: dt.date) -> dict[str, int]:
    """Ledger lines that undo what the sanction did to the reward: what it cancelled is owed again, what it
    asked back and was not yet returned is waived, what was returned is owed to the winner again."""
    lines = [line for line in reward_lines(session, award) if line.sanction_id == row.id]
    cancelled = sum(l.amount_yuan for l in lines if l.kind is RewardEntryKind.CANCELLED)
    clawed = sum(l.amount_yuan for l in lines if l.kind is RewardEntryKind.CLAWBACK)
    totals = balance(reward_lines(session, award))
    returned = min(clawed, totals["recovered"])
    waived = min(clawed - returned, totals["to_recover"])
    out = {}
    for kind, amount, note, key in ((RewardEntryKind.OWED, cancelled + returned, "处理决定撤销，恢复应发", "owed_again_yuan"),
                                    (RewardEntryKind.WAIVED, waived, "处理决定撤销，不再追回", "waived_yuan")):
        if amount > 0:
            session.add(RewardEntry(award_id=award.id, kind=kind, amount_yuan=amount, entry_on=day,
                                    citation=row.citation, sanction_id=row.id, note=note,
                                    recorded_by_id=actor.user_id))
            out[key] = amount
    return out


def announcements(session: Session, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> Page[LedgerSanction]:
    """Sanctions whose measures include a public announcement, not reversed, newest first."""
    stmt = select(LedgerSanction).where(LedgerSanction.announcement != "", LedgerSanction.reversed_on.is_(None))
    return keyset_page(session, stmt, [LedgerSanction.id], limit=limit, cursor=cursor, descending=True)
