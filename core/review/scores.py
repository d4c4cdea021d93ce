"""Scoring sheets (评分表): an expert's scores for one application at one stage, item by item, on the
sheet the plugin gives for the stage and the entry kind (:func:`core.engine.hookspecs.mqa_score_sheet`).

Experts save drafts and submit; a submitted sheet is locked. Only the office reopens one, with a
reason kept on the sheet and in the audit trail. Scores are exact decimals within each item's points.
Experts score only on a panel they confirmed, only while the cycle is at the panel's stage, and
never see another expert's sheet.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.applications.models import Applicant, Application
from core.cycles.models import Cycle
from core.cycles.plans import get_cycle, require_open, rules_of
from core.engine.encode import citation_record
from core.engine.facts import DECIMAL_TEXT
from core.engine.plugins import JurisdictionRegistry
from core.engine.rules import ScoreSheet
from core.errors import Conflict, InvalidInput, NotFound
from core.platform import audit, clock, versioning
from core.platform.models import Role
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.review.gates import settings_of
from core.review.models import Expert, Panel, PanelApplication, ScoreSheetRow, SheetStatus
from core.review.panels import confirmed_seat, get_panel, stage_is_running

MAX_COMMENT = 4000


def sheet_for(session: Session, registry: JurisdictionRegistry, cycle: Cycle, stage: str,
              entry_kind: str) -> ScoreSheet:
    """The plugin's sheet for the stage and kind, under the office's settings (Changde's points scale)."""
    rules, version = rules_of(registry, cycle)
    return rules.score_sheet(version, stage, entry_kind, settings_of(session, cycle))


def _panel_application(session: Session, panel: Panel, application_id: int) -> Application:
    listed = session.execute(select(PanelApplication).where(PanelApplication.panel_id == panel.id,
                                                            PanelApplication.application_id == application_id)
                             ).scalar_one_or_none()
    if listed is None:
        raise NotFound("application of panel", application_id)
    return session.execute(select(Application).where(Application.id == application_id)).scalar_one()


def _expert_of(session: Session, actor: Principal) -> Expert:
    expert = session.execute(select(Expert).where(Expert.user_id == actor.user_id)).scalar_one_or_none()
    if expert is None:
        raise NotFound("expert record of user", actor.user_id)
    return expert


def _decimal(raw: Any, field: str, maximum: int) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, str, Decimal)):
        raise InvalidInput.on(field, "a score is an integer or decimal text such as \"86.5\"")
    if isinstance(raw, str) and not DECIMAL_TEXT.fullmatch(raw.strip()):
        raise InvalidInput.on(field, _("{raw!r} is not a number written in ASCII digits with an optional fraction",
                                       raw=raw))
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise InvalidInput.on(field, _("{raw!r} is not a number", raw=raw)) from None
    if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidInput.on(field, "at most two decimal places")
    if not 0 <= value <= maximum:
        raise InvalidInput.on(field, _("{value} is outside 0..{maximum}", value=value, maximum=maximum))
    return value + 0


def _check_items(sheet: ScoreSheet, items: Mapping[str, Any], comments: Mapping[str, str]) -> dict[str, str]:
    points = {item.code: item.max_points for item in sheet.items}
    problems: dict[str, list[str]] = {}
    checked: dict[str, str] = {}
    for code, raw in items.items():
        if code not in points:
            problems[f"items.{code}"] = [_("not an item of this sheet; items: {items}",
                                           items=', '.join(points))]
            continue
        try:
            checked[code] = str(_decimal(raw, f"items.{code}", points[code]))
        except InvalidInput as error:
            problems.update(error.fields)
    for code, text in comments.items():
        if code not in points:
            problems[f"comments.{code}"] = [_("not an item of this sheet; items: {items}",
                                              items=', '.join(points))]
        elif len(text) > MAX_COMMENT:
            problems[f"comments.{code}"] = [_("at most {MAX_COMMENT} characters", MAX_COMMENT=MAX_COMMENT)]
    if problems:
        raise InvalidInput("the scores cannot be saved", fields=problems)
    return checked


def describe(sheet: ScoreSheet) -> dict[str, Any]:
    return {"stage": sheet.stage, "entry_kind": sheet.entry_kind, "scale": sheet.scale,
            "citation": citation_record(sheet.citation),
            "items": [{"code": i.code, "name": i.name, "max_points": i.max_points,
                       "citation": citation_record(i.citation)} for i in sheet.items]}


def my_sheet(session: Session, registry: JurisdictionRegistry, actor: Principal, panel_id: int,
             application_id: int) -> tuple[ScoreSheetRow | None, ScoreSheet, Panel]:
    """The calling expert's sheet for an application of their panel (None while they saved nothing)."""
    panel = get_panel(session, actor, panel_id)
    confirmed_seat(session, actor, panel)
    application = _panel_application(session, panel, application_id)
    expert = _expert_of(session, actor)
    cycle = get_cycle(session, panel.cycle_id)
    template = sheet_for(session, registry, cycle, panel.stage, application.entry_kind)
    row = session.execute(select(ScoreSheetRow).where(
        ScoreSheetRow.panel_id == panel.id, ScoreSheetRow.application_id == application.id,
        ScoreSheetRow.expert_id == expert.id)).scalar_one_or_none()
    return row, template, panel


def get_my_sheet(session: Session, registry: JurisdictionRegistry, actor: Principal, panel_id: int,
                 application_id: int) -> ScoreSheetRow:
    """The calling expert's saved sheet for an application of their panel; 404 until a draft is saved."""
    row, _template, _panel = my_sheet(session, registry, actor, panel_id, application_id)
    if row is None:
        raise NotFound("score sheet of application", application_id)
    return row


def _writable(session: Session, panel: Panel) -> Cycle:
    cycle = get_cycle(session, panel.cycle_id)
    require_open(cycle)
    if not stage_is_running(cycle, panel):
        raise Conflict(_("the cycle is at {stage}: sheets of {stage2} are filled in while that stage runs",
                         stage=cycle.stage, stage2=panel.stage),
                       details={"cycle_stage": cycle.stage, "panel_stage": panel.stage})
    return cycle


def save_draft(session: Session, registry: JurisdictionRegistry, actor: Principal, panel_id: int,
               application_id: int, *, items: Mapping[str, Any], comments: Mapping[str, str] | None = None,
               comment: str | None = None, expected_version: versioning.Expected) -> ScoreSheetRow:
    """Save (part of) the expert's scores; ``expected_version`` 0 creates the sheet."""
    row, template, panel = my_sheet(session, registry, actor, panel_id, application_id)
    _writable(session, panel)
    checked = _check_items(template, items, comments or {})
    if row is None:
        if expected_version is None:
            raise versioning.VersionRequired(0)
        if expected_version not in (0, versioning.UNCHECKED):
            raise versioning.StaleVersion("score sheet", (panel_id, application_id), 0)
        expert = _expert_of(session, actor)
        application = _panel_application(session, panel, application_id)
        row = ScoreSheetRow(cycle_id=panel.cycle_id, stage=panel.stage, panel_id=panel.id,
                            application_id=application.id, expert_id=expert.id, items={}, comments={})
        session.add(row)
    else:
        versioning.check("score sheet", row, expected_version)
    if row.status is SheetStatus.SUBMITTED:
        raise Conflict("the sheet is submitted and locked; the office reopens it with a reason",
                       details={"sheet_id": row.id})
    with versioning.guard(session, "score sheet", row):
        row.items = {**(row.items or {}), **checked}
        row.comments = {**(row.comments or {}), **(comments or {})}
        if comment is not None:
            row.comment = comment
        session.flush()
        audit.record(session, actor, "score_sheet.saved", "score_sheet", row.id,
                     details={"panel_id": panel.id, "application_id": application_id, "items": checked})
        session.commit()
    return row


def submit(session: Session, registry: JurisdictionRegistry, actor: Principal, panel_id: int, application_id: int,
           *, expected_version: versioning.Expected) -> ScoreSheetRow:
    """Lock the sheet once every item is scored; its score is the sum of the items."""
    row, template, panel = my_sheet(session, registry, actor, panel_id, application_id)
    if row is None:
        raise NotFound("score sheet of application", application_id)
    versioning.check("score sheet", row, expected_version)
    _writable(session, panel)
    if row.status is SheetStatus.SUBMITTED:
        raise Conflict("the sheet is already submitted", details={"sheet_id": row.id, "score": row.score})
    missing = [item.code for item in template.items if item.code not in (row.items or {})]
    if missing:
        raise InvalidInput("every item is scored before the sheet is submitted",
                           fields={f"items.{code}": [_("not scored")] for code in missing})
    total = sum((Decimal(row.items[item.code]) for item in template.items), Decimal(0))
    with versioning.guard(session, "score sheet", row):
        row.score = str(total)
        row.status = SheetStatus.SUBMITTED
        row.submitted_at = clock.now()
        session.flush()
        audit.record(session, actor, "score_sheet.submitted", "score_sheet", row.id,
                     details={"panel_id": panel.id, "application_id": application_id, "score": row.score,
                              "items": row.items})
        session.commit()
    return row


def get_sheet(session: Session, actor: Principal, sheet_id: int) -> ScoreSheetRow:
    row = session.execute(select(ScoreSheetRow).where(ScoreSheetRow.id == sheet_id)).scalar_one_or_none()
    if row is None:
        raise NotFound("score sheet", sheet_id)
    if actor.role is Role.EXPERT and _expert_of(session, actor).id != row.expert_id:
        raise NotFound("score sheet", sheet_id)
    return row


def reopen(session: Session, actor: Principal, sheet_id: int, *, reason: str,
           expected_version: versioning.Expected) -> ScoreSheetRow:
    """The office unlocks a submitted sheet so its expert can correct it; the reason is kept and audited."""
    row = get_sheet(session, actor, sheet_id)
    versioning.check("score sheet", row, expected_version)
    if not reason.strip():
        raise InvalidInput.on("reason", "a sheet is reopened only with a reason")
    if row.status is not SheetStatus.SUBMITTED:
        raise Conflict("only a submitted sheet is reopened", details={"status": row.status.value})
    panel = session.execute(select(Panel).where(Panel.id == row.panel_id)).scalar_one()
    _writable(session, panel)
    with versioning.guard(session, "score sheet", row):
        row.status = SheetStatus.DRAFT
        row.reopened = [*(row.reopened or []), {"by": actor.user_id, "at": clock.now().isoformat(),
                                                "reason": reason.strip(), "score": row.score}]
        row.score = None
        row.submitted_at = None
        session.flush()
        audit.record(session, actor, "score_sheet.reopened", "score_sheet", row.id,
                     details={"reason": reason.strip(), "expert_id": row.expert_id,
                              "application_id": row.application_id})
        session.commit()
    return row


def sheets_page(session: Session, actor: Principal, panel_id: int, *, limit: int = DEFAULT_LIMIT,
                cursor: str | None = None) -> Page[ScoreSheetRow]:
    """A panel's sheets in id order: every one for the office and supervisors, an expert's own for them."""
    panel = get_panel(session, actor, panel_id)
    stmt = select(ScoreSheetRow).where(ScoreSheetRow.panel_id == panel.id)
    if actor.role is Role.EXPERT:
        stmt = stmt.where(ScoreSheetRow.expert_id == _expert_of(session, actor).id)
    return keyset_page(session, stmt, [ScoreSheetRow.id], limit=limit, cursor=cursor)


IDENTIFYING = frozenset({"name", "uscc", "legal_representative", "address", "contact", "contact_name",
                         "contact_phone", "contact_email", "employer", "employer_name", "employer_uscc", "id_number",
                         "website", "phone", "email", "owner", "leader", "by", "members"})
"""Facts a blind review hides from experts until the stage closes, at any depth."""


def _blinded(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _blinded(v) for k, v in value.items() if k not in IDENTIFYING}
    if isinstance(value, list):
        return [_blinded(v) for v in value]
    return value


def assigned_application(session: Session, registry: JurisdictionRegistry, actor: Principal, panel_id: int,
                         application_id: int, *, blind: bool) -> dict[str, Any]:
    """What a reviewer reads of an application of their panel: its kind, tiers, category and facts,
    with the sheet to fill in. For an expert only on a confirmed seat while the stage runs; a blind
    review hides the applicant's name and identifying facts."""
    panel = get_panel(session, actor, panel_id)
    application = _panel_application(session, panel, application_id)
    cycle = get_cycle(session, panel.cycle_id)
    hidden = False
    if actor.role is Role.EXPERT:
        confirmed_seat(session, actor, panel)
        if not stage_is_running(cycle, panel):
            raise NotFound("application of panel", application_id)
        hidden = blind
    applicant = session.execute(select(Applicant).where(Applicant.id == application.applicant_id)).scalar_one()
    facts = _blinded(application.facts or {}) if hidden else (application.facts or {})
    return {"application_id": application.id, "panel_id": panel.id, "stage": panel.stage,
            "entry_kind": application.entry_kind, "tiers": application.tiers, "category": application.category,
            "applicant_name": None if hidden else applicant.name, "blind": hidden, "facts": facts,
            "sheet": describe(sheet_for(session, registry, cycle, panel.stage, application.entry_kind))}
