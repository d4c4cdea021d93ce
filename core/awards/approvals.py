"""The government's approval of a cycle's winners, and what follows from it: the awards in the ledger
(tier, category, kind, certificate number, title, honours and the reward the plugin decides, first-time
or re-winner), the rewards ledger's ``owed`` lines, and the winners' dated obligations.

The approved list must be the list that passed the cycle's closed candidate (or recommended-winners)
notice: the office cannot approve a name struck off after an objection, nor one never on notice.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from core.engine.messages import _
from core.applications.models import Applicant, ApplicantKind, Application
from core.awards import obligations as duties
from core.awards.ledger import history_for
from core.awards.models import (Approval, LedgerAward, LedgerSource, RewardEntry, RewardEntryKind)
from core.cycles import plans
from core.engine.encode import citation_record
from core.engine.plugins import JurisdictionRegistry
from core.errors import Conflict, InvalidInput, NotFound
from core.notices.models import Notice, NoticeStatus
from core.engine.rules import CyclePlan
from core.notices.services import last_day, passed, struck_off
from core.platform import audit, clock, versioning
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.review.gates import settings_of


BEFORE_APPROVAL = ("candidate", "recommended")
"""The notices the approved list passes through: every one of these kinds the plan names."""


def _final_notice(session: Session, plan: CyclePlan, cycle_id: int) -> Notice:
    """The last of the plan's candidate and recommended-winners notices, once every one of them has been
    published and has closed (Yuncheng 第十九条 and 第二十条: the candidates, then the recommended winners)."""
    required = [n for n in plan.notices if n.kind in BEFORE_APPROVAL]
    published = {(n.stage, n.kind): n for n in session.scalars(
        select(Notice).where(Notice.cycle_id == cycle_id, Notice.kind.in_(BEFORE_APPROVAL)))}
    missing = [f"{n.stage}/{n.kind} ({n.citation})" for n in required if (n.stage, n.kind) not in published]
    if missing or not published:
        raise Conflict(_("the winners are approved after their notices: publish, take objections and close {notices}",
                         notices="; ".join(missing) if missing else _("the candidate notice")),
                       details={"cycle_id": cycle_id, "missing": missing})
    still_open = [n for n in published.values() if n.status is not NoticeStatus.CLOSED]
    if still_open:
        raise Conflict(_("notice {id} has not closed: approve after it closes (every objection decided)",
                         id=still_open[0].id),
                       details={"notice_id": still_open[0].id, "ends_on": still_open[0].ends_on.isoformat()})
    return max(published.values(), key=lambda n: n.id)


def record_approval(session: Session, registry: JurisdictionRegistry, actor: Principal, cycle_id: int, *,
                    body: str, document_number: str, approved_on: dt.date,
                    winners: Sequence[Mapping[str, Any]] | None = None, note: str = "",
                    certificate_prefix: str = "") -> Approval:
    """Record the approval (文号, date, list; the list defaults to the names that passed the notice) and
    turn each winner into an award with its reward, the reward owed, and its obligations."""
    cycle = plans.get_cycle(session, cycle_id)
    plans.require_open(cycle)
    rules, version = plans.rules_of(registry, cycle)
    if session.scalar(select(Approval.id).where(Approval.cycle_id == cycle.id)) is not None:
        raise Conflict(_("cycle {id}'s winners are already approved", id=cycle.id), details={"cycle_id": cycle.id})
    settings = settings_of(session, cycle)
    plan = rules.cycle_plan(version, settings)
    notice = _final_notice(session, plan, cycle.id)
    struck = struck_off(session, cycle.id)
    on_notice = {e.application_id: e for e in passed(session, notice) if e.application_id not in struck}
    problems: dict[str, list[str]] = {}
    if approved_on > clock.today():
        problems["approved_on"] = [_("an approval given, not planned: on or before {today}",
                                     today=clock.today().isoformat())]
    last = last_day(session, notice)
    if approved_on <= last:
        problems["approved_on"] = [_("after the notice's last day ({last}), not on or before it",
                                     last=last.isoformat())]
    for field, value in (("body", body), ("document_number", document_number)):
        if not (value or "").strip():
            problems[field] = [_("required")]
    chosen = [dict(w) for w in winners] if winners is not None else [
        {"application_id": e.application_id, "tier": e.tier} for e in on_notice.values()]
    seen: set[int] = set()
    for n, winner in enumerate(chosen):
        application_id = winner.get("application_id")
        if application_id in struck:
            problems[f"winners.{n}.application_id"] = [_("application {application_id} was struck off after an "
                                                         "upheld objection",
                                                         application_id=application_id)]
        elif application_id not in on_notice:
            problems[f"winners.{n}.application_id"] = [_("application {application_id} did not pass notice {id}",
                                                         application_id=application_id, id=notice.id)]
        elif winner.get("tier") not in (on_notice[application_id].tier, None):
            problems[f"winners.{n}.tier"] = [_("notice {id} published it as {tier}",
                                               id=notice.id, tier=on_notice[application_id].tier)]
        if application_id in seen:
            problems[f"winners.{n}.application_id"] = [_("listed twice")]
        seen.add(application_id)
    if not chosen:
        problems["winners"] = [_("the approval lists at least one winner")]
    if problems:
        raise InvalidInput("the approval cannot be recorded", fields=problems)
    approval = Approval(cycle_id=cycle.id, body=body.strip(), document_number=document_number.strip(),
                        approved_on=approved_on, notice_id=notice.id, note=note, recorded_by_id=actor.user_id,
                        winners=[{"application_id": w["application_id"], "tier": on_notice[w["application_id"]].tier,
                                  "category": on_notice[w["application_id"]].category} for w in chosen])
    session.add(approval)
    session.flush()
    tier_names = {t.code: t.name for t in rules.jurisdiction.tiers}
    rows = session.execute(select(Application, Applicant).join(Applicant, Applicant.id == Application.applicant_id)
                           .where(Application.id.in_([w["application_id"] for w in approval.winners]))).all()
    by_id = {a.id: (a, p) for a, p in rows}
    awards = []
    for n, winner in enumerate(approval.winners, start=1):
        application, applicant = by_id[winner["application_id"]]
        history, _rest = history_for(session, applicant)
        decision = rules.reward(version, winner["tier"], application.entry_kind, history, settings,
                                facts=application.facts or {}, flags=_flags(application),
                                category=winner["category"])
        award = LedgerAward(
            subject_kind="organization" if applicant.kind is ApplicantKind.ORGANIZATION else "individual",
            name=applicant.name, uscc=applicant.uscc, employer_name=applicant.employer_name,
            employer_uscc=applicant.employer_uscc, source=LedgerSource.CYCLE, tier=winner["tier"],
            entry_kind=application.entry_kind, category=winner["category"], cycle_year=cycle.year,
            awarded_on=approved_on, application_id=application.id, cycle_id=cycle.id, approval_id=approval.id,
            certificate_number=f"{certificate_prefix or cycle.year}-{n:03d}",
            title=f"{cycle.name}{tier_names.get(winner['tier'], winner['tier'])}", honours=list(decision.honours),
            reward_yuan=decision.amount_yuan, reward_citation=citation_record(decision.citation),
            reward_explanation=decision.explanation, created_by_id=actor.user_id)
        session.add(award)
        session.flush()
        if decision.amount_yuan:
            session.add(RewardEntry(award_id=award.id, kind=RewardEntryKind.OWED, amount_yuan=decision.amount_yuan,
                                    entry_on=approved_on, citation=citation_record(decision.citation),
                                    note=decision.explanation, recorded_by_id=actor.user_id))
        made = duties.create_for_award(session, plan, award, clock.today())
        awards.append({"award_id": award.id, "application_id": application.id, "tier": award.tier,
                       "reward_yuan": decision.amount_yuan, "citation": award.reward_citation,
                       "obligations": [o.id for o in made]})
    session.flush()
    audit.record(session, actor, "approval.recorded", "approval", approval.id,
                 details={"cycle_id": cycle.id, "body": approval.body, "document_number": approval.document_number,
                          "approved_on": approved_on.isoformat(), "notice_id": notice.id, "awards": awards})
    session.commit()
    return approval


def _flags(application: Application) -> list[str]:
    return [str(flag.get("code")) for flag in application.flags or () if isinstance(flag, dict) and flag.get("code")]


def get_approval(session: Session, approval_id: int) -> Approval:
    row = session.execute(select(Approval).where(Approval.id == approval_id)).scalar_one_or_none()
    if row is None:
        raise NotFound("approval", approval_id)
    return row


def approval_of_cycle(session: Session, cycle_id: int) -> Approval:
    cycle = plans.get_cycle(session, cycle_id)
    row = session.execute(select(Approval).where(Approval.cycle_id == cycle.id)).scalar_one_or_none()
    if row is None:
        raise NotFound("approval of cycle", cycle_id)
    return row


# -- awards and the rewards ledger -----------------------------------------------------------------

def get_award(session: Session, award_id: int) -> LedgerAward:
    row = session.execute(select(LedgerAward).where(LedgerAward.id == award_id)).scalar_one_or_none()
    if row is None:
        raise NotFound("award", award_id)
    return row


def own_applicant_ids(session: Session, user_id: int) -> list[int]:
    return list(session.scalars(select(Applicant.id).where(Applicant.user_id == user_id)))


def award_of_applicant(session: Session, award_id: int, user_id: int) -> LedgerAward:
    """An applicant's own award (another applicant's answers 404, like a missing one)."""
    award = get_award(session, award_id)
    owner = session.scalar(select(Application.applicant_id).where(Application.id == award.application_id)) \
        if award.application_id is not None else None
    if owner is None or owner not in own_applicant_ids(session, user_id):
        raise NotFound("award", award_id)
    return award


def cycle_awards_page(session: Session, *, cycle_id: int | None = None, applicant_user_id: int | None = None,
                      limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> Page[LedgerAward]:
    """Awards decided in cycles (one cycle's, or an applicant's own), by id."""
    stmt = select(LedgerAward).where(LedgerAward.source == LedgerSource.CYCLE)
    if cycle_id is not None:
        stmt = stmt.where(LedgerAward.cycle_id == plans.get_cycle(session, cycle_id).id)
    if applicant_user_id is not None:
        mine = select(Application.id).join(Applicant, Applicant.id == Application.applicant_id).where(
            Applicant.user_id == applicant_user_id)
        stmt = stmt.where(LedgerAward.application_id.in_(mine))
    return keyset_page(session, stmt, [LedgerAward.id], limit=limit, cursor=cursor)


def reward_lines(session: Session, award: LedgerAward) -> list[RewardEntry]:
    """An award's ledger lines in order (a handful: owed, paid, perhaps clawed back and recovered)."""
    return list(session.scalars(select(RewardEntry).where(RewardEntry.award_id == award.id).order_by(RewardEntry.id)))


def balance(lines: Sequence[RewardEntry]) -> dict[str, int]:
    """Totals by kind and what is left: ``outstanding`` to pay, ``to_recover`` from the former winner."""
    return balance_of({kind.value: sum(l.amount_yuan for l in lines if l.kind is kind) for kind in RewardEntryKind})


def balance_of(totals: dict[str, int]) -> dict[str, int]:
    """:func:`balance` from the totals by kind (one award's lines, or a whole cycle's summed in SQL)."""
    return {**totals, "outstanding": totals["owed"] - totals["paid"] - totals["cancelled"],
            "to_recover": totals["clawback"] - totals["recovered"] - totals["waived"]}


def record_payment(session: Session, actor: Principal, award_id: int, *, kind: str, amount_yuan: int,
                   entry_on: dt.date, reference: str, note: str = "") -> RewardEntry:
    """A payment of the reward (``paid``) or a return of a clawed-back amount (``recovered``)."""
    award = get_award(session, award_id)
    entry_kind = RewardEntryKind(kind)
    touch(award)  # the award's version moves with its ledger: a concurrent line makes this one stale (409)
    totals = balance(reward_lines(session, award))
    room = totals["outstanding"] if entry_kind is RewardEntryKind.PAID else totals["to_recover"]
    problems: dict[str, list[str]] = {}
    if isinstance(amount_yuan, bool) or not isinstance(amount_yuan, int) or amount_yuan < 1:
        problems["amount_yuan"] = [_("a whole number of yuan, at least 1")]
    elif amount_yuan > room:
        problems["amount_yuan"] = [f"{amount_yuan} is more than the {room} yuan "
                                   + ("still owed" if entry_kind is RewardEntryKind.PAID else "still to recover")]
    if entry_on > clock.today():
        problems["entry_on"] = [_("on or before today ({today})", today=clock.today().isoformat())]
    elif award.awarded_on is not None and entry_on < award.awarded_on:
        problems["entry_on"] = [_("on or after the award ({awarded_on})",
                                  awarded_on=award.awarded_on.isoformat())]
    if not (reference or "").strip():
        problems["reference"] = [_("the payment or receipt reference (凭证号) is required")]
    if problems:
        raise InvalidInput("the ledger line cannot be recorded", fields=problems)
    line = RewardEntry(award_id=award.id, kind=entry_kind, amount_yuan=amount_yuan, entry_on=entry_on,
                       reference=reference.strip(), note=note, recorded_by_id=actor.user_id)
    with versioning.guard(session, "award", award):
        session.add(line)
        session.flush()
        audit.record(session, actor, f"reward.{entry_kind.value}", "reward_entry", line.id,
                     details={"award_id": award.id, "amount_yuan": amount_yuan, "entry_on": entry_on.isoformat(),
                              "reference": line.reference})
        session.commit()
    return line


def touch(award: LedgerAward) -> None:
    """Mark the award changed, so its version rises with the flush and a concurrent writer fails stale."""
    flag_modified(award, "honours")

