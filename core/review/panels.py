"""Review panels (评审组) and their draws: formed per review stage of a cycle, drawn at random from the
qualified, non-conflicted pool by a draw anyone can re-run (:mod:`core.engine.draws`), confirmed or
declined by the drawn experts, and kept whole by recorded replacement draws.

A draw is committed first (the pool and the seed's hash are published in the audit trail, the seed
is kept secret), then revealed (the panel is drawn and the seed published). A committed draw is
never silently replaced: a redraw names the abandoned commitment and gives a reason.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.applications.models import Application, ApplicationStatus
from core.cycles.models import Cycle
from core.cycles.plans import get_cycle, plan_of, require_open, rules_of, stages
from core.engine import draws
from core.engine.encode import citation_record
from core.engine.plugins import JurisdictionRegistry
from core.engine.rules import CyclePlan, PanelRule
from core.engine.settings import REVIEW_LOAD_CAP
from core.errors import Conflict, InvalidInput, NotFound
from core.platform import audit, clock, versioning
from core.platform.models import AuditEvent, Role
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.platform.services import tenant_settings
from core.review.gates import require_entrants
from core.review.experts import conflicts, findings_under, is_qualified, parties
from core.review.models import (
    SEATED, DrawPurpose, DrawStatus, Expert, ExpertRelation, ExpertStatus, MemberStatus, Panel, PanelApplication,
    PanelDraw, PanelKind, PanelMember, PanelStatus,
)


def panel_rule(plan: CyclePlan, stage: str) -> PanelRule | None:
    return next((rule for rule in plan.panels if rule.stage == stage), None)


def _review_stage(plan: CyclePlan, stage: str) -> None:
    if stage not in plan.stages_of_kind("review"):
        raise InvalidInput.on("stage", _("{stage!r} is not a review stage of this cycle's plan; review stages: {items}",
                                         stage=stage, items=', '.join(plan.stages_of_kind('review')) or 'none'))


def create_panel(session: Session, registry: JurisdictionRegistry, actor: Principal, cycle_id: int, *, stage: str,
                 name: str, seats: int, application_ids: list[int], kind: str = "experts", third_party: str = "",
                 respond_days: int = 3, specialties: list[str] | None = None) -> Panel:
    """A panel of ``seats`` experts for ``stage``, reviewing accepted applications of the cycle.

    The plan's panel rule sets the least number of experts (422 with the article when fewer);
    a third-party panel only where the text allows a commissioned body (the plan cites it)."""
    cycle = get_cycle(session, cycle_id)
    require_open(cycle)
    plan = plan_of(registry, cycle)
    _review_stage(plan, stage)
    rule = panel_rule(plan, stage)
    problems: dict[str, list[str]] = {}
    if rule is not None and rule.min_experts is not None and seats < rule.min_experts:
        problems["seats"] = [_("a panel of {stage} has at least {min_experts} experts ({citation})",
                               stage=stage, min_experts=rule.min_experts, citation=rule.citation)]
    panel_kind = PanelKind(kind)
    stage_rule = plan.stage_rule(stage)
    if panel_kind is PanelKind.THIRD_PARTY:
        by_third_party = stage_rule.citation if stage_rule and stage_rule.by_third_party else None
        allowed = (rule.third_party if rule else None) or by_third_party
        if allowed is None:
            problems["kind"] = [_("{jurisdiction_code}/{rule_version_code}: no article lets a commissioned body "
                                  "review {stage}",
                                  jurisdiction_code=cycle.jurisdiction_code,
                                  rule_version_code=cycle.rule_version_code, stage=stage)]
        if not third_party.strip():
            problems["third_party"] = [_("name the commissioned body (第三方机构)")]
    ids = sorted(set(application_ids))
    found = {a.id: a for a in session.execute(select(Application).where(Application.id.in_(ids))).scalars()}
    for position, application_id in enumerate(ids):
        application = found.get(application_id)
        if application is None or application.cycle_id != cycle.id:
            problems[f"application_ids.{position}"] = [_("application {application_id} is not in cycle {id}",
                                                         application_id=application_id, id=cycle.id)]
        elif application.status is not ApplicationStatus.ACCEPTED:
            problems[f"application_ids.{position}"] = [_("application {application_id} is {status}: only accepted "
                                                         "applications are reviewed",
                                                         application_id=application_id,
                                                         status=application.status.value)]
    taken = dict(session.execute(select(PanelApplication.application_id, PanelApplication.panel_id).join(
        Panel, (Panel.tenant_id == PanelApplication.tenant_id) & (Panel.id == PanelApplication.panel_id))
        .where(Panel.cycle_id == cycle.id, Panel.stage == stage, PanelApplication.application_id.in_(ids))).all())
    for position, application_id in enumerate(ids):
        if application_id in taken:
            problems[f"application_ids.{position}"] = [
                _("application {application_id} is already reviewed at {stage} by panel {taken}: one panel "
                  "per application and stage",
                  application_id=application_id, stage=stage, taken=taken[application_id])]
    if problems:
        raise InvalidInput("the panel cannot be formed", fields=problems)
    require_entrants(session, registry, cycle, stage, ids)
    panel = Panel(cycle_id=cycle.id, stage=stage, kind=panel_kind, name=name, seats=seats,
                  third_party=third_party.strip(), respond_days=respond_days,
                  specialties=sorted(set(specialties or ())), created_by_id=actor.user_id)
    session.add(panel)
    session.flush()
    session.add_all(PanelApplication(panel_id=panel.id, application_id=i) for i in ids)
    audit.record(session, actor, "panel.created", "panel", panel.id,
                 details={"cycle_id": cycle.id, "stage": stage, "kind": kind, "seats": seats,
                          "application_ids": ids, "third_party": third_party.strip(), "specialties": panel.specialties,
                          "rule": citation_record(rule.citation) if rule else None})
    session.commit()
    return panel


def get_panel(session: Session, actor: Principal, panel_id: int) -> Panel:
    """A panel of the tenant; an expert sees only a panel they hold or held a seat on."""
    panel = session.execute(select(Panel).where(Panel.id == panel_id)).scalar_one_or_none()
    if panel is None:
        raise NotFound("panel", panel_id)
    if actor.role is Role.EXPERT and _seat_of(session, actor, panel.id) is None:
        raise NotFound("panel", panel_id)
    return panel


def _seat_of(session: Session, actor: Principal, panel_id: int) -> PanelMember | None:
    """The caller's current seat (invited or confirmed) on the panel; a declined, lapsed or recused
    expert no longer sees it."""
    return session.execute(select(PanelMember).join(
        Expert, (Expert.tenant_id == PanelMember.tenant_id) & (Expert.id == PanelMember.expert_id))
        .where(PanelMember.panel_id == panel_id, Expert.user_id == actor.user_id, PanelMember.status.in_(SEATED))
    ).scalar_one_or_none()


def panels_page(session: Session, actor: Principal, cycle_id: int, *, stage: str | None = None,
                limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> Page[Panel]:
    """A cycle's panels in id order (an expert: only those they sit on), by ``(tenant_id, cycle_id, id)``."""
    cycle = get_cycle(session, cycle_id)
    stmt = select(Panel).where(Panel.cycle_id == cycle.id)
    if stage is not None:
        stmt = stmt.where(Panel.stage == stage)
    if actor.role is Role.EXPERT:
        mine = select(PanelMember.panel_id).join(
            Expert, (Expert.tenant_id == PanelMember.tenant_id) & (Expert.id == PanelMember.expert_id)).where(
            Expert.user_id == actor.user_id, PanelMember.status.in_(SEATED))
        stmt = stmt.where(Panel.id.in_(mine))
    return keyset_page(session, stmt, [Panel.id], limit=limit, cursor=cursor)


def application_ids(session: Session, panel_id: int) -> list[int]:
    return list(session.execute(select(PanelApplication.application_id).where(PanelApplication.panel_id == panel_id)
                                .order_by(PanelApplication.application_id)).scalars())


def members(session: Session, panel_id: int) -> list[PanelMember]:
    return list(session.execute(select(PanelMember).where(PanelMember.panel_id == panel_id)
                                .order_by(PanelMember.id)).scalars())


def panel_draws(session: Session, panel_id: int) -> list[PanelDraw]:
    return list(session.execute(select(PanelDraw).where(PanelDraw.panel_id == panel_id)
                                .order_by(PanelDraw.number)).scalars())


# -- the pool and the draw -----------------------------------------------------------------------

def _pool(session: Session, registry: JurisdictionRegistry, cycle: Cycle, panel: Panel, day: dt.date,
          cap: int | None) -> tuple[list[draws.PoolEntry], list[dict[str, Any]]]:
    """Who may be drawn for ``panel`` on ``day`` (with their load in the cycle), and who is left out and why.
    Qualifications are judged by the version the panel's ``cycle`` is bound to."""
    rules, version = rules_of(registry, cycle)
    experts = list(session.execute(select(Expert).where(Expert.status == ExpertStatus.ACTIVE)
                                   .order_by(Expert.id)).scalars())
    relations = list(session.execute(select(ExpertRelation)).scalars())
    panel_parties = parties(session, application_ids(session, panel.id))
    on_panel = {m.expert_id: m.status for m in members(session, panel.id)}
    loads = dict(session.execute(
        select(PanelMember.expert_id, func.count()).join(
            Panel, (Panel.tenant_id == PanelMember.tenant_id) & (Panel.id == PanelMember.panel_id))
        .where(Panel.cycle_id == panel.cycle_id, PanelMember.status.in_(LOADED), PanelMember.draw_id.is_not(None),
               Panel.id != panel.id)
        .group_by(PanelMember.expert_id)).all())
    pool, excluded = [], []
    for expert in experts:
        reasons: list[str] = []
        if cap is not None and loads.get(expert.id, 0) >= cap:
            reasons.append(f"本周期已参加 {loads[expert.id]} 个评审组，达到办公室设定的上限 {cap}（{REVIEW_LOAD_CAP}）")
        if panel.specialties and not set(panel.specialties) & set(expert.specialties or ()):
            reasons.append(f"专业不符：本评审组抽取 {', '.join(panel.specialties)} 方向的专家")
        if expert.id in on_panel:
            reasons.append(f"已在本评审组（{on_panel[expert.id].value}），不重复抽取")
        findings = findings_under(rules, version, expert, day)
        if not is_qualified(findings):
            reasons += [f"{f['explanation']}（{f['citation']['text']}）" for f in findings
                        if f["strict"] and f["outcome"] != "passed"]
        for party in panel_parties:
            reasons += [f"申报 {party.application_id}：{why}" for why in conflicts(expert, relations, party)]
        if reasons:
            excluded.append({"expert_id": expert.id, "reasons": reasons})
        else:
            pool.append(draws.PoolEntry(expert.id, int(loads.get(expert.id, 0))))
    return pool, excluded


LOADED = (MemberStatus.CONFIRMED, MemberStatus.RECUSED)
"""Seats that count as an expert's load in the draw's balancing: drawn seats the expert accepted. An
invitation does not count (the office cannot raise an expert's load by drawing them onto a panel they
never accept), nor does a recusal take a load back (the office cannot lower it by recusing them)."""


def _open_seats(session: Session, panel: Panel) -> int:
    seated = session.scalar(select(func.count()).select_from(PanelMember).where(
        PanelMember.panel_id == panel.id, PanelMember.status.in_(SEATED))) or 0
    return panel.seats - seated


def _lapse_silent(session: Session, actor: Principal, panel: Panel, today: dt.date) -> list[int]:
    """Invitations past their deadline with no answer become ``lapsed`` (recorded, audited)."""
    lapsed = []
    for member in members(session, panel.id):
        if member.status is MemberStatus.INVITED and member.respond_by is not None and member.respond_by < today:
            member.status = MemberStatus.LAPSED
            member.reason = f"未在 {member.respond_by.isoformat()} 前确认"
            lapsed.append(member.expert_id)
            audit.record(session, actor, "panel.member_lapsed", "panel", panel.id,
                         details={"expert_id": member.expert_id, "respond_by": member.respond_by.isoformat()})
    return lapsed


def _lock(session: Session, panel: Panel) -> None:
    """Hold the panel's row until commit, so two draws, a draw and a reveal, or two answers to one
    panel run one after the other (PostgreSQL; SQLite serialises writers anyway)."""
    session.execute(select(Panel.id).where(Panel.id == panel.id).with_for_update())


def commit_draw(session: Session, registry: JurisdictionRegistry, actor: Principal, panel_id: int, *,
                reason: str = "") -> PanelDraw:
    """Freeze the pool and a secret seed for the panel's open seats, and publish both hashes.

    The purpose follows from the panel: the first draw is ``initial``; a draw while an earlier
    commitment is unrevealed is a ``redraw`` that abandons it and needs a reason; a draw for seats left
    by declines, silences or recusals is a ``replacement`` and needs a reason too."""
    panel = get_panel(session, actor, panel_id)
    cycle = get_cycle(session, panel.cycle_id)
    require_open(cycle)
    if panel.kind is PanelKind.THIRD_PARTY:
        raise Conflict("a third-party panel's members are named by the commissioned body, not drawn",
                       details={"panel_id": panel.id})
    _lock(session, panel)
    today = clock.today()
    earlier = panel_draws(session, panel.id)
    pending = [d for d in earlier if d.status is DrawStatus.COMMITTED]
    lapsed = _lapse_silent(session, actor, panel, today)
    if pending:
        purpose = DrawPurpose.REDRAW
    elif earlier:
        purpose = DrawPurpose.REPLACEMENT
    else:
        purpose = DrawPurpose.INITIAL
    if purpose is not DrawPurpose.INITIAL and not reason.strip():
        raise InvalidInput.on("reason", _("a redraw or a replacement draw is recorded with its reason (draw {number} "
                                          "is committed and not revealed)", number=pending[0].number) if pending
                              else _("a redraw or a replacement draw is recorded with its reason"))
    seats = _open_seats(session, panel)
    if seats < 1:
        session.rollback()
        raise Conflict(_("panel {id} has no open seat to draw", id=panel.id), details={"panel_id": panel.id})
    for old in pending:
        old.status = DrawStatus.ABANDONED
        audit.record(session, actor, "panel.draw_abandoned", "panel_draw", old.id,
                     details={"panel_id": panel.id, "number": old.number, "reason": reason.strip(),
                              "seed_hash": old.seed_hash, "seed": old.seed})  # anyone can see what it would have drawn
    cap = tenant_settings.values(session).get(REVIEW_LOAD_CAP)
    pool, excluded = _pool(session, registry, cycle, panel, today, cap)
    seed = draws.new_seed()
    number = len(earlier) + 1
    record = draws.pool_record(pool)
    row = PanelDraw(panel_id=panel.id, number=number, purpose=purpose, reason=reason.strip(), seats=seats,
                    load_cap=cap, salt=f"panel:{panel.id}:draw:{number}", algorithm=draws.ALGORITHM,
                    filters={"specialties": panel.specialties, "load_cap": cap, "judged_on": today.isoformat(),
                             "rule_version": cycle.rule_version_code}, pool=record,
                    pool_hash=draws.digest(record), excluded=excluded, seed_hash=draws.commitment(seed), seed=seed,
                    committed_by_id=actor.user_id)
    session.add(row)
    session.flush()
    audit.record(session, actor, "panel.draw_committed", "panel_draw", row.id,
                 details={"panel_id": panel.id, "number": number, "purpose": purpose.value, "reason": row.reason,
                          "seats": seats, "load_cap": cap, "filters": row.filters, "pool_hash": row.pool_hash,
                          "seed_hash": row.seed_hash,
                          "pool_size": len(record), "excluded": excluded, "lapsed": lapsed})
    session.commit()
    return row


def get_draw(session: Session, actor: Principal, draw_id: int) -> PanelDraw:
    row = session.execute(select(PanelDraw).where(PanelDraw.id == draw_id)).scalar_one_or_none()
    if row is None:
        raise NotFound("draw", draw_id)
    get_panel(session, actor, row.panel_id)  # an expert sees the draws of their own panels only
    return row


def reveal_draw(session: Session, actor: Principal, draw_id: int) -> PanelDraw:
    """Run a committed draw with its seed, seat the drawn experts (each to confirm by the panel's
    deadline) and publish the seed."""
    row = get_draw(session, actor, draw_id)
    if row.status is not DrawStatus.COMMITTED:
        raise Conflict(_("draw {id} is {status}: only a committed draw is revealed, once",
                         id=row.id, status=row.status.value),
                       details={"status": row.status.value})
    panel = session.execute(select(Panel).where(Panel.id == row.panel_id)).scalar_one()
    require_open(get_cycle(session, panel.cycle_id))
    _lock(session, panel)
    session.refresh(row)
    if row.status is not DrawStatus.COMMITTED:  # a redraw abandoned it meanwhile
        raise Conflict(_("draw {id} is {status}: only a committed draw is revealed, once",
                         id=row.id, status=row.status.value),
                       details={"status": row.status.value})
    if _open_seats(session, panel) < row.seats:
        raise Conflict("seats were filled since this draw was committed; commit a new draw with a reason",
                       details={"draw_id": row.id})
    entries = [draws.PoolEntry(int(e["expert_id"]), int(e["load"])) for e in row.pool]
    outcome = draws.draw(entries, seed=row.seed, salt=row.salt, seats=row.seats, cap=row.load_cap)
    today = clock.today()
    respond_by = today + dt.timedelta(days=panel.respond_days)
    for expert_id in outcome.drawn:
        session.add(PanelMember(panel_id=panel.id, expert_id=expert_id, draw_id=row.id, respond_by=respond_by))
    row.drawn = list(outcome.drawn)
    row.status = DrawStatus.REVEALED
    row.revealed_at = clock.now()
    if panel.leader_id is None and outcome.drawn:
        panel.leader_id = outcome.drawn[0]
    with versioning.guard(session, "panel", panel):
        session.flush()
        audit.record(session, actor, "panel.draw_revealed", "panel_draw", row.id,
                     details={"panel_id": panel.id, "number": row.number, "seed": row.seed, "drawn": row.drawn,
                              "short_by": outcome.short_by, "respond_by": respond_by.isoformat()})
        session.commit()
    return row


def verify_draw(session: Session, actor: Principal, draw_id: int) -> dict[str, Any]:
    """Re-run a revealed draw from what was published, independently of the draw's own row: the hashes
    are the ones the hash-chained audit trail recorded at commit (before the draw), the panel the one it
    recorded at reveal, and the experts actually seated by the draw must be those."""
    row = get_draw(session, actor, draw_id)
    if row.status is not DrawStatus.REVEALED:
        raise Conflict(_("draw {id} is {status}: only a revealed draw can be re-run",
                         id=row.id, status=row.status.value),
                       details={"status": row.status.value})
    published = {event.action: event.details for event in session.execute(select(AuditEvent).where(
        AuditEvent.target_type == "panel_draw", AuditEvent.target_id == str(row.id),
        AuditEvent.action.in_(("panel.draw_committed", "panel.draw_revealed")))).scalars()}
    committed, revealed = published.get("panel.draw_committed", {}), published.get("panel.draw_revealed", {})
    result = draws.verify(pool=row.pool, seed=row.seed, salt=row.salt, seats=row.seats, cap=row.load_cap,
                          pool_hash=committed.get("pool_hash", ""), seed_hash=committed.get("seed_hash", ""),
                          drawn=revealed.get("drawn", []))
    seated = sorted(session.execute(select(PanelMember.expert_id).where(PanelMember.draw_id == row.id)).scalars())
    result["checks"]["seated_as_drawn"] = seated == sorted(revealed.get("drawn", []))
    result["checks"]["known_algorithm"] = row.algorithm == draws.ALGORITHM
    result["holds"] = all(result["checks"].values())
    return {"draw_id": row.id, "drawn": list(row.drawn), **result}


# -- members -------------------------------------------------------------------------------------

def get_member(session: Session, actor: Principal, member_id: int) -> PanelMember:
    member = session.execute(select(PanelMember).where(PanelMember.id == member_id)).scalar_one_or_none()
    if member is None:
        raise NotFound("panel member", member_id)
    if actor.role is Role.EXPERT:
        expert = session.execute(select(Expert).where(Expert.id == member.expert_id)).scalar_one()
        if expert.user_id != actor.user_id:
            raise NotFound("panel member", member_id)
    return member


def _refresh_status(session: Session, panel: Panel) -> None:
    seats = members(session, panel.id)
    confirmed = sum(1 for m in seats if m.status is MemberStatus.CONFIRMED)
    panel.status = PanelStatus.READY if confirmed >= panel.seats else PanelStatus.FORMING
    if panel.leader_id is not None and all(m.expert_id != panel.leader_id or m.status not in SEATED for m in seats):
        panel.leader_id = next((m.expert_id for m in seats if m.status in SEATED), None)


def _require_stage_not_over(session: Session, panel: Panel) -> None:
    """Seats change only until the panel's stage is over: once the cycle moved past it, the sheets that
    counted stay counted (a recusal then could rewrite a result already read)."""
    cycle = get_cycle(session, panel.cycle_id)
    require_open(cycle)
    positions = {stage.code: stage.position for stage in stages(session, cycle)}
    if positions.get(cycle.stage, 0) > positions.get(panel.stage, 0):
        raise Conflict(_("the cycle has moved past {stage} (it is at {stage2}): the panel's seats and counted sheets "
                         "are final",
                         stage=panel.stage, stage2=cycle.stage),
                       details={"cycle_stage": cycle.stage, "panel_stage": panel.stage})


def respond(session: Session, actor: Principal, member_id: int, *, accept: bool, reason: str = "",
            expected_version: versioning.Expected = versioning.UNCHECKED) -> PanelMember:
    """The drawn expert confirms (or declines, with a reason) by the deadline, inclusive."""
    member = get_member(session, actor, member_id)
    if actor.role is not Role.EXPERT:
        raise NotFound("panel member", member_id)  # only the expert answers for their own seat
    versioning.check("panel member", member, expected_version)
    if member.status is not MemberStatus.INVITED:
        raise Conflict(_("this seat is {status}: only an invitation is answered",
                         status=member.status.value),
                       details={"status": member.status.value})
    today = clock.today()
    if member.respond_by is not None and today > member.respond_by:
        raise Conflict(_("the answer was due by {respond_by}; the office will draw a replacement",
                         respond_by=member.respond_by.isoformat()),
                       details={"respond_by": member.respond_by.isoformat()})
    if not accept and not reason.strip():
        raise InvalidInput.on("reason", "a decline is recorded with its reason")
    panel = session.execute(select(Panel).where(Panel.id == member.panel_id)).scalar_one()
    _require_stage_not_over(session, panel)
    with versioning.guard(session, "panel member", member):
        member.status = MemberStatus.CONFIRMED if accept else MemberStatus.DECLINED
        member.responded_at = clock.now()
        member.reason = reason.strip()
        session.flush()
        _refresh_status(session, panel)
        audit.record(session, actor, "panel.member_confirmed" if accept else "panel.member_declined", "panel",
                     panel.id, details={"expert_id": member.expert_id, "member_id": member.id,
                                        "reason": member.reason})
        session.commit()
    return member


def recuse(session: Session, actor: Principal, member_id: int, *, reason: str, proposed_by: str = "",
           expected_version: versioning.Expected = versioning.UNCHECKED) -> PanelMember:
    """Take a seated expert off the panel for a conflict of interest (回避): the expert for themselves,
    or the office (recording, where it was so, the supervisors' proposal in ``proposed_by``). The seat
    is refilled by a replacement draw; the expert's sheets no longer count."""
    member = get_member(session, actor, member_id)
    versioning.check("panel member", member, expected_version)
    if member.status not in SEATED:
        raise Conflict(_("this seat is {status}: only a seated expert recuses", status=member.status.value),
                       details={"status": member.status.value})
    if not reason.strip():
        raise InvalidInput.on("reason", "a recusal is recorded with its reason")
    panel = session.execute(select(Panel).where(Panel.id == member.panel_id)).scalar_one()
    _require_stage_not_over(session, panel)
    with versioning.guard(session, "panel member", member):
        member.status = MemberStatus.RECUSED
        member.responded_at = clock.now()
        member.reason = reason.strip() + (f"（{proposed_by.strip()}提出）" if proposed_by.strip() else "")
        session.flush()
        _refresh_status(session, panel)
        audit.record(session, actor, "panel.member_recused", "panel", panel.id,
                     details={"expert_id": member.expert_id, "member_id": member.id, "reason": reason.strip(),
                              "proposed_by": proposed_by.strip(), "by_expert": actor.role is Role.EXPERT})
        session.commit()
    return member


def name_members(session: Session, registry: JurisdictionRegistry, actor: Principal, panel_id: int,
                 expert_ids: Iterable[int]) -> list[PanelMember]:
    """Seat the reviewers a commissioned body named on a third-party panel (no draw; confirmed): each must
    be in the pool, qualified, without a conflict with the panel's applications and not on it already."""
    panel = get_panel(session, actor, panel_id)
    cycle = get_cycle(session, panel.cycle_id)
    require_open(cycle)
    if panel.kind is not PanelKind.THIRD_PARTY:
        raise Conflict("an expert panel's members are drawn at random, not named", details={"panel_id": panel.id})
    ids = sorted(set(expert_ids))
    known = set(session.execute(select(Expert.id).where(Expert.id.in_(ids))).scalars())
    problems = {f"expert_ids.{i}": [f"expert {e} is not in the pool"] for i, e in enumerate(ids) if e not in known}
    _pool_entries, excluded = _pool(session, registry, cycle, panel, clock.today(), None)
    barred = {row["expert_id"]: row["reasons"] for row in excluded}
    problems |= {f"expert_ids.{i}": barred[e] for i, e in enumerate(ids) if e in barred}
    if _open_seats(session, panel) < len(ids):
        problems["expert_ids"] = [_("the panel has {open_seats} open seats",
                                    open_seats=_open_seats(session, panel))]
    if problems:
        raise InvalidInput("the members cannot be seated", fields=problems)
    seated = [PanelMember(panel_id=panel.id, expert_id=e, status=MemberStatus.CONFIRMED, responded_at=clock.now())
              for e in ids]
    session.add_all(seated)
    session.flush()
    _refresh_status(session, panel)
    if panel.leader_id is None and ids:
        panel.leader_id = ids[0]
    audit.record(session, actor, "panel.members_named", "panel", panel.id,
                 details={"expert_ids": ids, "third_party": panel.third_party})
    session.commit()
    return seated


def confirmed_seat(session: Session, actor: Principal, panel: Panel) -> PanelMember:
    """The caller's confirmed seat on ``panel`` (404 as if the panel did not exist otherwise)."""
    seat = _seat_of(session, actor, panel.id)
    if seat is None or seat.status is not MemberStatus.CONFIRMED:
        raise NotFound("panel", panel.id)
    return seat


def stage_is_running(cycle: Cycle, panel: Panel) -> bool:
    return cycle.stage == panel.stage and cycle.status.value == "open"
