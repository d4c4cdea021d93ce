"""Award cycles: opening one on a pinned rule version, dating its stages, moving it stage by stage.

Runs under the caller's tenant scope, except :func:`tenant_cycle_counts` (central admins), which
enters the named tenant's scope on purpose and reads only counts. Every write is audited in the
transaction that makes it; a refused request changes nothing.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping as MappingABC
from typing import Any, Iterator, Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, load_only

from core.engine.messages import _
from core.applications.models import Application, ApplicationStatus, Recommendation
from core.cycles import plans
from core.cycles.models import Cycle, CycleMove, CycleStage, CycleStatus, MoveDirection
from core.engine import periods
from core.engine.calendar import WorkingDayCalendar
from core.engine.errors import CalendarUnknown, RuleNotImplemented, SettingMissing
from core.engine.encode import citation_record
from core.engine.plugins import JurisdictionRegistry, JurisdictionRules
from core.engine.rules import Citation, CyclePlan, Jurisdiction, NoticeRule, RuleVersion
from core.errors import Conflict, InvalidInput, NotFound
from core.platform import audit, clock, versioning
from core.platform.models import Tenant
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.platform.services import calendar as calendar_service
from core.platform.services import tenant_settings
from core.platform.tenancy import Scope, scoped

ONE_DAY = dt.timedelta(days=1)

IN_SCREENING = (ApplicationStatus.SUBMITTED, ApplicationStatus.CORRECTION_REQUESTED)
"""Applications screening has not decided yet."""
IN_THE_RUNNING = (ApplicationStatus.SUBMITTED, ApplicationStatus.CORRECTION_REQUESTED, ApplicationStatus.ACCEPTED)
"""Applications that go on (or may go on) past screening: each needs its recommendation where the plan asks."""
SUBMITTED_ONCE = (ApplicationStatus.SUBMITTED, ApplicationStatus.CORRECTION_REQUESTED, ApplicationStatus.ACCEPTED,
                  ApplicationStatus.REJECTED)

UNSET: Any = object()
"""A field the request left out (``None`` is a value: it clears a date)."""




# --------------------------------------------------------------------------------------------
# Opening
# --------------------------------------------------------------------------------------------

class _ReadRecorder(MappingABC):
    """The tenant's settings as the plugin sees them, noting each key it looks up: the cycle keeps
    exactly the values its plan read (``settings_snapshot``), not every setting of the tenant."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.read.add(key)
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def snapshot(self) -> dict[str, Any]:
        """The values read that the tenant has set (a key looked up but unset is not kept)."""
        return {key: self._data[key] for key in sorted(self.read) if key in self._data}


def _codes(given: Sequence[str] | None, known: Sequence[str], field: str, what: str) -> list[str]:
    """``given`` (default: every known code), each one known and none twice; 422 naming ``field`` otherwise."""
    if given is None:
        return list(known)
    unknown = [code for code in given if code not in known]
    if unknown:
        listed = ", ".join(known) if known else "none"
        raise InvalidInput.on(field, _("unknown {what} {items}; known: {listed}",
                                       what=what, items=', '.join((repr(c) for c in unknown)), listed=listed))
    if len(set(given)) != len(given):
        raise InvalidInput.on(field, _("names a {what} twice", what=what))
    return list(given)


def _check_codes(j: Jurisdiction, *, tiers: Sequence[str] | None, categories: Sequence[str] | None,
                 entry_kinds: Sequence[str] | None) -> tuple[list[str], list[str], list[str]]:
    tier_codes = _codes(tiers, [t.code for t in j.tiers], "tiers", "tier")
    category_codes = _codes(categories, [c.code for c in j.categories], "categories", "category")
    kind_codes = _codes(entry_kinds, [k.code for k in j.entry_kinds], "entry_kinds", "entry kind")
    for field, codes in (("tiers", tier_codes), ("entry_kinds", kind_codes)):
        if not codes:
            raise InvalidInput.on(field, "name at least one")
    return tier_codes, category_codes, kind_codes


def _version_to_pin(j: Jurisdiction, tenant: Tenant, named: str | None, day: dt.date) -> RuleVersion:
    """The version named on purpose (drafts allowed), else the tenant's pinned one, else the one in force."""
    if named is not None:
        return j.resolve_version(named, day, field_name="rule_version")
    return j.resolve_version(tenant.rule_version_code, day, field_name="rule_version")


def runnable_plan(rules: JurisdictionRules, version: RuleVersion, settings: Mapping[str, Any]) -> CyclePlan:
    """The cycle plan of ``version`` with ``settings``, refused (never a 500) when a cycle cannot run on it:
    a missing setting is 422 naming it; a plan without stage kinds or without exactly one application
    stage is 409 naming the jurisdiction and version."""
    where = f"{rules.jurisdiction.code}/{version.code}"
    try:
        plan = rules.cycle_plan(version, settings)
    except SettingMissing as exc:
        error = InvalidInput(_("cannot open a cycle under {where}: {message}",
                               where=where, message=exc.message), fields=exc.fields,
                             details=exc.details)
        error.code = SettingMissing.code
        raise error from None
    except RuleNotImplemented as exc:
        raise Conflict(_("cannot open a cycle under {where}: its plugin gives no cycle plan ({message})",
                         where=where, message=exc.message),
                       details={"jurisdiction": rules.jurisdiction.code, "version": version.code}) from None
    details = {"jurisdiction": rules.jurisdiction.code, "version": version.code}
    if not plan.stage_kinds:
        raise Conflict(_("cannot open a cycle under {where}: its cycle plan does not say what kind each stage is "
                         "(stage_kinds), so the core cannot run it", where=where), details=details)
    applications = plan.stages_of_kind("application")
    if len(applications) != 1:
        raise Conflict(_("cannot open a cycle under {where}: its cycle plan needs exactly one application stage, it "
                         "has {count} ({items})",
                         where=where, count=len(applications), items=', '.join(applications) or 'none'),
                       details=details)
    return plan


def open_cycle(session: Session, registry: JurisdictionRegistry, actor: Principal, tenant: Tenant, *, year: int,
               name: str | None = None, tiers: Sequence[str] | None = None, categories: Sequence[str] | None = None,
               entry_kinds: Sequence[str] | None = None, rule_version: str | None = None,
               today: dt.date) -> Cycle:
    """Open the tenant's cycle of ``year`` at the first stage of its plan, pinned to a rule version for good."""
    rules = registry.rules(tenant.jurisdiction_code)
    j = rules.jurisdiction
    tier_codes, category_codes, kind_codes = _check_codes(j, tiers=tiers, categories=categories,
                                                          entry_kinds=entry_kinds)
    version = _version_to_pin(j, tenant, rule_version, today)
    recorder = _ReadRecorder(tenant_settings.values(session))
    plan = runnable_plan(rules, version, recorder)
    snapshot = recorder.snapshot()
    taken = session.scalar(select(Cycle.id).where(Cycle.year == year))
    if taken is not None:
        raise Conflict(_("the tenant already has a cycle of {year} (cycle {taken})",
                         year=year, taken=taken),
                       fields={"year": [_("taken by cycle {taken}", taken=taken)]}, details={"cycle_id": taken})
    now = clock.now()
    cycle = Cycle(year=year, name=name or f"{year}年度{j.award_name}", jurisdiction_code=j.code,
                  rule_version_code=version.code, version_pinned_on=today, version_named=rule_version is not None,
                  tiers=tier_codes, categories=category_codes, entry_kinds=kind_codes, status=CycleStatus.OPEN,
                  stage=plan.stages[0], settings_snapshot=snapshot, opened_by_id=actor.user_id)
    session.add(cycle)
    session.flush()
    for position, code in enumerate(plan.stages):
        session.add(CycleStage(cycle_id=cycle.id, position=position, code=code, kind=plan.kind_of(code),
                               entered_at=now if position == 0 else None))
    session.add(CycleMove(cycle_id=cycle.id, from_stage=None, to_stage=plan.stages[0], direction=MoveDirection.FORWARD,
                          moved_by_id=actor.user_id))
    audit.record(session, actor, "cycle.opened", "cycle", cycle.id, details={
        "year": year, "name": cycle.name, "rule_version": version.code, "version_named": cycle.version_named,
        "version_pinned_on": today.isoformat(), "tiers": tier_codes, "categories": category_codes,
        "entry_kinds": kind_codes, "stage": cycle.stage, "settings_snapshot": snapshot})
    session.commit()
    return cycle


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------

LISTED = (Cycle.id, Cycle.tenant_id, Cycle.year, Cycle.name, Cycle.jurisdiction_code, Cycle.rule_version_code,
          Cycle.version_pinned_on, Cycle.version_named, Cycle.tiers, Cycle.categories, Cycle.entry_kinds,
          Cycle.status, Cycle.stage, Cycle.opened_at, Cycle.closed_at, Cycle.version)
"""The columns a list shows (the settings snapshot and who opened it are for the one-cycle view)."""


def cycles_page(session: Session, *, status: CycleStatus | None = None, limit: int = DEFAULT_LIMIT,
                cursor: str | None = None) -> Page[Cycle]:
    """The tenant's cycles, newest year first, served by the unique ``(tenant_id, year)`` index (a tenant
    has one cycle a year, so a status filter reads a handful of rows)."""
    stmt = select(Cycle).options(load_only(*LISTED, raiseload=True))
    if status is not None:
        stmt = stmt.where(Cycle.status == status)
    return keyset_page(session, stmt, [Cycle.year], limit=limit, cursor=cursor, descending=True)


def _stage_row(session: Session, cycle: Cycle, code: str) -> CycleStage:
    stage = session.execute(select(CycleStage).where(CycleStage.cycle_id == cycle.id, CycleStage.code == code)
                            ).scalar_one_or_none()
    if stage is None:
        raise NotFound(_("stage of cycle {id}", id=cycle.id), code)
    return stage


def stage_citation(plan: CyclePlan, code: str) -> Citation:
    """The article of a stage: its own stage rule's, else the plan's procedure article."""
    rule = plan.stage_rule(code)
    return rule.citation if rule is not None else plan.citation


def notices_of(plan: CyclePlan, code: str) -> list[NoticeRule]:
    return [notice for notice in plan.notices if notice.stage == code]


def notice_last_day(notice: NoticeRule, published_on: dt.date, calendar: WorkingDayCalendar) -> dt.date | None:
    """The earliest last day of ``notice`` published on ``published_on`` (as
    :func:`core.engine.computations.notice_dates` computes it); None where the text gives no length."""
    if notice.min_days is None:
        return None
    return periods.notice_last_day(published_on, notice.min_days, notice.working_days, calendar.is_working_day)


class _Calendar:
    """The working-day calendar, read from the database once and only when a date needs it."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._calendar: WorkingDayCalendar | None = None

    def get(self) -> WorkingDayCalendar:
        if self._calendar is None:
            self._calendar = calendar_service.load(self._session)
        return self._calendar


HELD_BY_OTHERS = ("internal", "county")
"""Notices the office does not publish at the stage's start: each applicant's own organisation holds the
internal notice (内部公示), a county or department its notice, on their own dates; their length is
checked when the office records the recommendation they lead to, not against the stage's dates."""


def _notice_json(notice: NoticeRule, starts_on: dt.date | None, calendar: _Calendar) -> dict[str, Any]:
    shown: dict[str, Any] = {"kind": notice.kind, "min_days": notice.min_days, "working_days": notice.working_days,
                             "backfill": notice.backfill, "citation": citation_record(notice.citation),
                             "earliest_last_day": None, "problem": None}
    if notice.kind in HELD_BY_OTHERS:
        shown["problem"] = ("held by each applicant's organisation (or its county) on its own dates; its length is "
                            "checked when the office records the recommendation")
    elif starts_on is not None and notice.min_days is not None:
        try:
            shown["earliest_last_day"] = notice_last_day(notice, starts_on, calendar.get())
        except CalendarUnknown as exc:  # a year whose holidays are not published yet: say so, answer the rest
            shown["problem"] = exc.message
    elif notice.min_days is None:
        shown["problem"] = "the regulation gives no length: the office sets the period"
    return shown


def describe(session: Session, registry: JurisdictionRegistry, cycle: Cycle) -> dict[str, Any]:
    """A cycle with its pinned version, its stages in order (dates, articles, notices with computed last
    days, panels) and the cycle-level application deadline and recommendation article."""
    rules, version = plans.rules_of(registry, cycle)
    plan = rules.cycle_plan(version, cycle.settings_snapshot)
    calendar = _Calendar(session)
    stages = []
    for stage in plans.stages(session, cycle):
        rule = plan.stage_rule(stage.code)
        stages.append({
            "code": stage.code, "kind": stage.kind, "position": stage.position, "current": stage.code == cycle.stage,
            "starts_on": stage.starts_on, "ends_on": stage.ends_on, "note": stage.dates_note,
            "entered_at": stage.entered_at, "version": stage.version,
            "citation": citation_record(stage_citation(plan, stage.code)),
            "max_days": rule.max_days if rule is not None else None,
            "notices": [_notice_json(n, stage.starts_on, calendar) for n in notices_of(plan, stage.code)],
            "panels": [{"min_experts": p.min_experts, "random_draw": p.random_draw,
                        "leader_responsible": p.leader_responsible, "citation": citation_record(p.citation)}
                       for p in plan.panels if p.stage == stage.code],
        })
    application = next((s for s in stages if s["kind"] == "application"), None)
    return {
        "id": cycle.id, "year": cycle.year, "name": cycle.name, "jurisdiction_code": cycle.jurisdiction_code,
        "rule_version_code": cycle.rule_version_code, "version_pinned_on": cycle.version_pinned_on,
        "version_named": cycle.version_named,
        "rule_version": {"code": version.code, "title": version.title, "stage": version.stage.value},
        "tiers": cycle.tiers, "categories": cycle.categories, "entry_kinds": cycle.entry_kinds,
        "status": cycle.status, "stage": cycle.stage, "settings_snapshot": cycle.settings_snapshot,
        "opened_by_id": cycle.opened_by_id, "opened_at": cycle.opened_at, "closed_at": cycle.closed_at,
        "version": cycle.version, "stages": stages,
        "application_deadline": application["ends_on"] if application else None,
        "application_deadline_citation": application["citation"] if application else None,
        "recommendation": citation_record(plan.recommendation),
        "cycle_citation": citation_record(plan.citation),
    }


def get_cycle(session: Session, registry: JurisdictionRegistry, cycle_id: int) -> tuple[Cycle, dict[str, Any]]:
    cycle = plans.get_cycle(session, cycle_id)
    return cycle, describe(session, registry, cycle)


def moves_page(session: Session, cycle_id: int, *, limit: int = DEFAULT_LIMIT,
               cursor: str | None = None) -> Page[CycleMove]:
    """A cycle's moves in the order they were made, served by ``(tenant_id, cycle_id, id)``."""
    plans.get_cycle(session, cycle_id)
    stmt = select(CycleMove).where(CycleMove.cycle_id == cycle_id)
    return keyset_page(session, stmt, [CycleMove.id], limit=limit, cursor=cursor)


# --------------------------------------------------------------------------------------------
# Changing
# --------------------------------------------------------------------------------------------

def _submitted_count(session: Session, cycle: Cycle) -> int:
    return session.scalar(select(func.count()).select_from(Application).where(
        Application.cycle_id == cycle.id, Application.status.in_(SUBMITTED_ONCE)
        | Application.submitted_at.is_not(None))) or 0


def update_cycle(session: Session, registry: JurisdictionRegistry, actor: Principal, cycle_id: int, *,
                 name: str | None = None, tiers: Sequence[str] | None = None,
                 categories: Sequence[str] | None = None,
                 expected_version: versioning.Expected = versioning.UNCHECKED) -> Cycle:
    """Rename a cycle, or change what it awards while nothing has been submitted to it. The rule
    version is never changed: it was pinned at opening."""
    cycle = plans.get_cycle(session, cycle_id)
    versioning.check("cycle", cycle, expected_version)
    plans.require_open(cycle)
    j = registry.jurisdiction(cycle.jurisdiction_code)
    changes: dict[str, Any] = {}
    with versioning.guard(session, "cycle", cycle):
        if tiers is not None or categories is not None:
            new_tiers, new_categories, _kinds = _check_codes(
                j, tiers=tiers if tiers is not None else cycle.tiers,
                categories=categories if categories is not None else cycle.categories, entry_kinds=cycle.entry_kinds)
            if (new_tiers, new_categories) != (list(cycle.tiers), list(cycle.categories)):
                submitted = _submitted_count(session, cycle)
                if submitted:
                    field = "tiers" if tiers is not None else "categories"
                    reason = _("{submitted} application(s) have been submitted to this cycle: what it awards can "
                               "no longer change", submitted=submitted)
                    raise Conflict(_("{field}: {reason}", field=field, reason=reason), fields={field: [reason]},
                                   details={"submitted_applications": submitted})
                if new_tiers != list(cycle.tiers):
                    changes["tiers"] = [list(cycle.tiers), new_tiers]
                    cycle.tiers = new_tiers
                if new_categories != list(cycle.categories):
                    changes["categories"] = [list(cycle.categories), new_categories]
                    cycle.categories = new_categories
        if name is not None and name != cycle.name:
            changes["name"] = [cycle.name, name]
            cycle.name = name
        if changes:
            audit.record(session, actor, "cycle.updated", "cycle", cycle.id, details=changes)
            session.commit()
    return cycle


def _date_problems(stage: CycleStage, starts_on: dt.date | None, ends_on: dt.date | None, plan: CyclePlan,
                   others: list[CycleStage], calendar: _Calendar) -> None:
    """Refuse dates the regulation or the stage order forbids, naming the field and the article."""
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise InvalidInput.on("ends_on", _("{ends_on} is before starts_on {starts_on}",
                                           ends_on=ends_on.isoformat(), starts_on=starts_on.isoformat()))
    rule = plan.stage_rule(stage.code)
    if rule is not None and rule.max_days is not None and starts_on is not None and ends_on is not None:
        days = (ends_on - starts_on).days + 1
        if days > rule.max_days:
            raise InvalidInput(
                _("ends_on: stage {code} lasts at most {max_days} day(s), counted inclusively ({citation})",
                  code=stage.code, max_days=rule.max_days, citation=rule.citation),
                fields={"ends_on": [_("{starts_on}..{ends_on} is {days} days; at most {max_days} ({citation})",
                                      starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat(), days=days,
                                      max_days=rule.max_days, citation=rule.citation)]},
                details={"citation": citation_record(rule.citation), "max_days": rule.max_days})
    if starts_on is not None and ends_on is not None:
        for notice in notices_of(plan, stage.code):
            if notice.min_days is None or notice.kind in HELD_BY_OTHERS:
                continue
            try:
                earliest = notice_last_day(notice, starts_on, calendar.get())
            except CalendarUnknown as exc:
                raise InvalidInput.on("starts_on", exc.message) from None
            if earliest is not None and ends_on < earliest:
                unit = _("working days") if notice.working_days else _("days")
                reason = _("cannot be shortened: the {kind} notice published on {starts_on} lasts at least "
                           "{min_days} {unit}, to {earliest} ({citation})", kind=notice.kind or "",
                           starts_on=starts_on.isoformat(), min_days=notice.min_days, unit=unit,
                           earliest=earliest.isoformat(), citation=notice.citation)
                raise InvalidInput(_("ends_on: {reason}", reason=reason), fields={"ends_on": [reason]},
                                   details={"citation": citation_record(notice.citation),
                                            "earliest_last_day": earliest.isoformat()})
    if starts_on is not None:
        earlier = [s for s in others if s.position < stage.position and s.starts_on is not None]
        later = [s for s in others if s.position > stage.position and s.starts_on is not None]
        if earlier:
            previous = max(earlier, key=lambda s: s.position)
            if starts_on < previous.starts_on:
                raise InvalidInput.on("starts_on", _("stages run in order: {code} cannot start before {code2}, which "
                                                     "starts on {starts_on}",
                                                     code=stage.code, code2=previous.code,
                                                     starts_on=previous.starts_on.isoformat()))
        if later:
            following = min(later, key=lambda s: s.position)
            if starts_on > following.starts_on:
                raise InvalidInput.on("starts_on", _("stages run in order: {code} cannot start after {code2}, which "
                                                     "starts on {starts_on}",
                                                     code=stage.code, code2=following.code,
                                                     starts_on=following.starts_on.isoformat()))


def date_stage(session: Session, registry: JurisdictionRegistry, actor: Principal, cycle_id: int, code: str, *,
               starts_on: dt.date | None = UNSET, ends_on: dt.date | None = UNSET, note: str | None = None,
               expected_version: versioning.Expected = versioning.UNCHECKED) -> CycleStage:
    """Set the dates the regulation leaves to the office (``None`` clears one); the ones it fixes are checked."""
    cycle = plans.get_cycle(session, cycle_id)
    stage = _stage_row(session, cycle, code)
    versioning.check("stage", stage, expected_version, code)
    plans.require_open(cycle)
    new_start = stage.starts_on if starts_on is UNSET else starts_on
    new_end = stage.ends_on if ends_on is UNSET else ends_on
    plan = plans.plan_of(registry, cycle)
    others = [s for s in plans.stages(session, cycle) if s.id != stage.id]
    _date_problems(stage, new_start, new_end, plan, others, _Calendar(session))
    with versioning.guard(session, "stage", stage, code):
        details: dict[str, Any] = {"stage": code}
        if (new_start, new_end) != (stage.starts_on, stage.ends_on):
            details["starts_on"] = [_iso(stage.starts_on), _iso(new_start)]
            details["ends_on"] = [_iso(stage.ends_on), _iso(new_end)]
        if note is not None and note != stage.dates_note:
            details["note"] = [stage.dates_note, note]
            stage.dates_note = note
        if len(details) == 1:
            return stage
        if stage.kind == "application" and new_end != stage.ends_on:
            submitted = _submitted_count(session, cycle)
            if submitted:
                details["submitted_applications"] = submitted  # allowed, and on record with both dates
        stage.starts_on, stage.ends_on = new_start, new_end
        stage.dates_set_by_id = actor.user_id
        audit.record(session, actor, "cycle.stage_dated", "cycle", cycle.id, details=details)
        session.commit()
    return stage


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _check(condition: str, holds: bool, explanation: str, citation: Citation | None) -> dict[str, Any]:
    return {"condition": condition, "holds": holds, "explanation": explanation, "citation": citation_record(citation)}


def _count(session: Session, cycle: Cycle, statuses: Sequence[ApplicationStatus]) -> int:
    return session.scalar(select(func.count()).select_from(Application).where(
        Application.cycle_id == cycle.id, Application.status.in_(statuses))) or 0


def _recommendation_check(session: Session, cycle: Cycle, citation: Citation | None) -> dict[str, Any]:
    missing = session.scalar(
        select(func.count()).select_from(Application)
        .outerjoin(Recommendation, (Recommendation.tenant_id == Application.tenant_id)
                   & (Recommendation.application_id == Application.id))
        .where(Application.cycle_id == cycle.id, Application.status.in_(IN_THE_RUNNING),
               Recommendation.id.is_(None))) or 0
    if missing:
        return _check("recommendations_recorded", False,
                      f"{missing} submitted or accepted application(s) have no recommendation recorded", citation)
    return _check("recommendations_recorded", True,
                  "every submitted or accepted application has its recommendation recorded", citation)


def conditions(session: Session, plan: CyclePlan, cycle: Cycle, stage: CycleStage,
               today: dt.date) -> list[dict[str, Any]]:
    """What must hold before the cycle leaves ``stage``, by the stage's kind, each with its article."""
    kind = stage.kind
    cited = stage_citation(plan, stage.code)
    checks: list[dict[str, Any]] = []
    if kind == "application":
        if stage.ends_on is None:
            checks.append(_check("application_window_closed", False,
                                 "the application stage has no last day yet: set its ends_on first", cited))
        elif today <= stage.ends_on:
            checks.append(_check("application_window_closed", False,
                                 f"applications are open until {stage.ends_on.isoformat()} (included, "
                                 f"Asia/Shanghai); today is {today.isoformat()}", cited))
        else:
            checks.append(_check("application_window_closed", True,
                                 f"the last day for applications, {stage.ends_on.isoformat()}, has passed", cited))
    if kind == "screening":
        pending = _count(session, cycle, IN_SCREENING)
        if pending:
            checks.append(_check("every_application_screened", False,
                                 f"{pending} application(s) are still submitted or awaiting correction: accept or "
                                 f"reject each one", cited))
        else:
            checks.append(_check("every_application_screened", True,
                                 "every submitted application was accepted or rejected", cited))
    if _recommendation_checked_at(plan, stage.code, kind):
        checks.append(_recommendation_check(session, cycle, plan.recommendation or cited))
    if not checks:
        checks.append(_check("none_yet", True, f"no conditions are checked yet on leaving a stage of kind "
                                               f"{kind or 'unknown'} (a later issue adds them)", None))
    return checks


def _recommendation_checked_at(plan: CyclePlan, code: str, kind: str | None) -> bool:
    """Recommendations are checked on leaving the recommendation stage; without one (where the plan asks
    for recommendations), on leaving screening; without that either, on leaving the application stage."""
    if kind == "recommendation":
        return True
    if plan.recommendation is None or plan.stages_of_kind("recommendation"):
        return False
    if kind == "screening":
        return True
    return kind == "application" and not plan.stages_of_kind("screening")


def advance(session: Session, registry: JurisdictionRegistry, actor: Principal, cycle_id: int, *,
            expected_version: versioning.Expected = versioning.UNCHECKED) -> Cycle:
    """Move the cycle to its next stage (or close it after the last) when the current stage's conditions hold;
    409 ``conditions_not_met`` with every check otherwise, changing nothing."""
    cycle = plans.get_cycle(session, cycle_id)
    versioning.check("cycle", cycle, expected_version)
    plans.require_open(cycle)
    plan = plans.plan_of(registry, cycle)
    rows = plans.stages(session, cycle)
    current = next(s for s in rows if s.code == cycle.stage)
    checks = conditions(session, plan, cycle, current, clock.today())
    if not all(check["holds"] for check in checks):
        failing = [check["condition"] for check in checks if not check["holds"]]
        error = Conflict(_("cycle {id} cannot leave {code} yet: {items}",
                           id=cycle.id, code=current.code, items=', '.join(failing)),
                         details={"stage": current.code, "checks": checks})
        error.code = "conditions_not_met"
        raise error
    following = next((s for s in rows if s.position > current.position), None)
    now = clock.now()
    with versioning.guard(session, "cycle", cycle):
        if following is None:
            cycle.status = CycleStatus.CLOSED
            cycle.closed_at = now
        else:
            cycle.stage = following.code
            following.entered_at = now
        session.add(CycleMove(cycle_id=cycle.id, from_stage=current.code,
                              to_stage=following.code if following else None, direction=MoveDirection.FORWARD,
                              checks=checks, moved_by_id=actor.user_id))
        audit.record(session, actor, "cycle.advanced", "cycle", cycle.id, details={
            "from": current.code, "to": following.code if following else None, "closed": following is None,
            "checks": checks})
        session.commit()
    return cycle


def move_back(session: Session, registry: JurisdictionRegistry, actor: Principal, cycle_id: int, *, reason: str,
              expected_version: versioning.Expected = versioning.UNCHECKED) -> Cycle:
    """Move the cycle back to its previous stage, for a reason that goes on record."""
    cycle = plans.get_cycle(session, cycle_id)
    versioning.check("cycle", cycle, expected_version)
    plans.require_open(cycle)
    reason = reason.strip()
    if len(reason) < 5:
        raise InvalidInput.on("reason", "say why the cycle goes back (at least 5 characters)")
    rows = plans.stages(session, cycle)
    current = next(s for s in rows if s.code == cycle.stage)
    previous = next((s for s in reversed(rows) if s.position < current.position), None)
    if previous is None:
        raise Conflict(_("cycle {id} is at its first stage ({code}); there is no stage to go back to",
                         id=cycle.id, code=current.code),
                       details={"stage": current.code})
    with versioning.guard(session, "cycle", cycle):
        cycle.stage = previous.code
        previous.entered_at = clock.now()
        session.add(CycleMove(cycle_id=cycle.id, from_stage=current.code, to_stage=previous.code,
                              direction=MoveDirection.BACK, reason=reason, moved_by_id=actor.user_id))
        audit.record(session, actor, "cycle.moved_back", "cycle", cycle.id,
                     details={"from": current.code, "to": previous.code, "reason": reason})
        session.commit()
    return cycle


# --------------------------------------------------------------------------------------------
# Central admins: counts, never contents
# --------------------------------------------------------------------------------------------

def tenant_cycle_counts(session: Session, tenant_code: str, *, limit: int = DEFAULT_LIMIT,
                        cursor: str | None = None) -> Page[dict[str, Any]]:
    """A page of a tenant's cycles for central admins: year, status, current stage, rule version and how
    many applications are in each status. No names, no facts."""
    with scoped(session, Scope.platform()):
        tenant_id = session.scalar(select(Tenant.id).where(Tenant.code == tenant_code))
    if tenant_id is None:
        raise NotFound("tenant", tenant_code)
    with scoped(session, Scope.tenant(tenant_id)):
        stmt = select(Cycle).options(load_only(Cycle.id, Cycle.year, Cycle.status, Cycle.stage,
                                               Cycle.jurisdiction_code, Cycle.rule_version_code, raiseload=True))
        page = keyset_page(session, stmt, [Cycle.year], limit=limit, cursor=cursor, descending=True)
        counts: dict[int, dict[str, int]] = {cycle.id: {} for cycle in page.items}
        if counts:
            for cycle_id, status, count in session.execute(
                    select(Application.cycle_id, Application.status, func.count())
                    .where(Application.cycle_id.in_(list(counts)))
                    .group_by(Application.cycle_id, Application.status)):
                counts[cycle_id][ApplicationStatus(status).value] = count
        items = [{"id": cycle.id, "year": cycle.year, "status": cycle.status, "stage": cycle.stage,
                  "jurisdiction_code": cycle.jurisdiction_code, "rule_version_code": cycle.rule_version_code,
                  "applications": {s.value: counts[cycle.id].get(s.value, 0) for s in ApplicationStatus}}
                 for cycle in page.items]
    return Page(items, page.next_cursor)
