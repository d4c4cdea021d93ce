"""The tenant's ledger of earlier awards and sanctions, and what eligibility reads from it.

Screening never takes a candidate's record from the client: :func:`history_for` finds the rows of
the session's tenant about the applicant (an organisation by its 统一社会信用代码, a person by name
and employer) and turns them into the engine's :class:`~core.engine.rules.PastAward` and
:class:`~core.engine.rules.PastSanction`. Rows come from the office one at a time (``recorded``),
from an import of pre-system winners (``imported``, :mod:`core.awards.imports`) or from a cycle.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from core.applications import uscc as uscc_rules
from core.applications.models import Applicant, ApplicantKind
from core.awards.models import LedgerAward, LedgerSanction, LedgerSource
from core.engine.encode import citation_record
from core.engine.messages import _
from core.engine.plugins import JurisdictionRegistry, JurisdictionRules
from core.engine.rules import Citation, PastAward, PastSanction, ViolationKind
from core.errors import InvalidInput, NotFound
from core.platform import audit
from core.platform.models import Tenant
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal

SUBJECT_KINDS = ("organization", "individual")
MAX_NAME = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one ledger row (``row`` is 1-based, counted as a spreadsheet shows it)."""

    row: int
    field: str
    problem: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "problem": self.problem}


# -- reading: what screening passes to the rules ------------------------------------------------

def _same_employer(row: LedgerAward | LedgerSanction, applicant: Applicant) -> bool:
    if row.employer_uscc and applicant.employer_uscc:
        return row.employer_uscc == applicant.employer_uscc
    return bool(row.employer_name) and row.employer_name == applicant.employer_name


def _about(session: Session, model: type[LedgerAward] | type[LedgerSanction], applicant: Applicant) -> list[Any]:
    if applicant.kind is ApplicantKind.ORGANIZATION:
        if not applicant.uscc:
            return []
        stmt = select(model).where(model.subject_kind == "organization", model.uscc == applicant.uscc)
        return list(session.scalars(stmt.order_by(model.id)))
    stmt = select(model).where(model.subject_kind == "individual", model.name == applicant.name)
    return [row for row in session.scalars(stmt.order_by(model.id)) if _same_employer(row, applicant)]


def past_award(row: LedgerAward) -> PastAward:
    return PastAward(row.tier, row.entry_kind, row.awarded_on, row.cycle_year, row.revoked_on, row.category,
                     field=f"ledger_awards.{row.id}")


def past_sanction(row: LedgerSanction) -> PastSanction:
    return PastSanction(row.kind, row.decided_on, row.ban_until, Citation.from_record(row.citation) if row.citation else None)




def history_for(session: Session, applicant: Applicant) -> tuple[list[PastAward], list[PastSanction]]:
    """The applicant's earlier awards and sanctions from the session's tenant's ledger (never the client's)."""
    awards = [past_award(row) for row in _about(session, LedgerAward, applicant)]
    sanctions = [past_sanction(row) for row in _about(session, LedgerSanction, applicant) if row.reversed_on is None]
    return awards, sanctions


# -- lists ------------------------------------------------------------------------------------------

AWARD_COLUMNS = (LedgerAward.id, LedgerAward.subject_kind, LedgerAward.name, LedgerAward.uscc,
                 LedgerAward.employer_name, LedgerAward.employer_uscc, LedgerAward.tier, LedgerAward.entry_kind,
                 LedgerAward.category, LedgerAward.cycle_year, LedgerAward.awarded_on, LedgerAward.revoked_on,
                 LedgerAward.source, LedgerAward.application_id, LedgerAward.import_batch, LedgerAward.note,
                 LedgerAward.created_at, LedgerAward.version, LedgerAward.cycle_id, LedgerAward.approval_id,
                 LedgerAward.certificate_number, LedgerAward.title, LedgerAward.honours, LedgerAward.reward_yuan,
                 LedgerAward.reward_citation, LedgerAward.reward_explanation, LedgerAward.revoked_by_sanction_id)
SANCTION_COLUMNS = (LedgerSanction.id, LedgerSanction.subject_kind, LedgerSanction.name, LedgerSanction.uscc,
                    LedgerSanction.employer_name, LedgerSanction.employer_uscc, LedgerSanction.kind,
                    LedgerSanction.decided_on, LedgerSanction.ban_until, LedgerSanction.citation,
                    LedgerSanction.source, LedgerSanction.import_batch, LedgerSanction.note,
                    LedgerSanction.created_at, LedgerSanction.version, LedgerSanction.award_id,
                    LedgerSanction.applicant_id, LedgerSanction.occurred_on, LedgerSanction.measures,
                    LedgerSanction.explanation, LedgerSanction.evidence, LedgerSanction.announcement,
                    LedgerSanction.reversed_on, LedgerSanction.reversal_kind, LedgerSanction.reversal_reason)


def awards_page(session: Session, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> Page[LedgerAward]:
    """The tenant's ledger awards in id order (served by the ``(tenant_id, id)`` primary key)."""
    stmt = select(LedgerAward).options(load_only(*AWARD_COLUMNS, raiseload=True))
    return keyset_page(session, stmt, [LedgerAward.id], limit=limit, cursor=cursor)


def sanctions_page(session: Session, *, limit: int = DEFAULT_LIMIT,
                   cursor: str | None = None) -> Page[LedgerSanction]:
    stmt = select(LedgerSanction).options(load_only(*SANCTION_COLUMNS, raiseload=True))
    return keyset_page(session, stmt, [LedgerSanction.id], limit=limit, cursor=cursor)


# -- validation shared by one-row writes and imports -----------------------------------------------

def tenant_rules(session: Session, registry: JurisdictionRegistry, tenant_id: int) -> JurisdictionRules:
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise NotFound("tenant", tenant_id)
    return registry.rules(tenant.jurisdiction_code)


def violations(rules: JurisdictionRules) -> dict[str, ViolationKind]:
    """Every violation code any version of the jurisdiction knows (a sanction may predate the version in force)."""
    known: dict[str, ViolationKind] = {}
    for version in rules.jurisdiction.versions:
        for violation in rules.violations(version):
            known.setdefault(violation.code, violation)
    return known


def _subject_problems(data: Mapping[str, Any], row: int) -> list[Problem]:
    out: list[Problem] = []
    kind = data.get("subject_kind")
    if kind not in SUBJECT_KINDS:
        return [Problem(row, "subject_kind", _("{kind} is not organization or individual", kind=repr(kind)))]
    if not data.get("name"):
        out.append(Problem(row, "name", _("the name is required")))
    for field in ("name", "employer_name"):
        if data.get(field) and len(data[field]) > MAX_NAME:
            out.append(Problem(row, field, _("at most {most} characters", most=MAX_NAME)))
    for field in ("uscc", "employer_uscc"):
        if data.get(field) and (reason := uscc_rules.problem(data[field])) is not None:
            out.append(Problem(row, field, reason))
    if kind == "organization" and not data.get("uscc"):
        out.append(Problem(row, "uscc", _("an organisation is identified by its 统一社会信用代码: it is required")))
    if kind == "individual":
        if data.get("uscc"):
            out.append(Problem(row, "uscc", _("a person has no 统一社会信用代码; give the employer's")))
        if not data.get("employer_name") and not data.get("employer_uscc"):
            out.append(Problem(row, "employer_name", _("a person is identified by name and employer: give the employer")))
    return out


def award_problems(rules: JurisdictionRules, data: Mapping[str, Any], row: int = 1) -> list[Problem]:
    """Every problem of one award row (codes of the tenant's jurisdiction, a valid code, dates in order)."""
    j = rules.jurisdiction
    out = _subject_problems(data, row)
    if data.get("tier") not in {t.code for t in j.tiers}:
        out.append(Problem(row, "tier", _("{tier} is unknown; {jurisdiction} has tiers: {tiers}",
                                          tier=repr(data.get("tier")), jurisdiction=j.code,
                                          tiers=", ".join(t.code for t in j.tiers))))
    if data.get("entry_kind") not in {k.code for k in j.entry_kinds}:
        out.append(Problem(row, "entry_kind", _("{kind} is unknown; {jurisdiction} accepts: {kinds}",
                                                kind=repr(data.get("entry_kind")), jurisdiction=j.code,
                                                kinds=", ".join(k.code for k in j.entry_kinds))))
    category = data.get("category")
    if category is not None and category not in {c.code for c in j.categories}:
        known = ", ".join(c.code for c in j.categories)
        out.append(Problem(row, "category", _("{category} is unknown; {jurisdiction} has categories: {categories}",
                                              category=repr(category), jurisdiction=j.code, categories=known)
                           if known else _("{category} is unknown; {jurisdiction} awards no categories",
                                           category=repr(category), jurisdiction=j.code)))
    year, awarded_on, revoked_on = data.get("cycle_year"), data.get("awarded_on"), data.get("revoked_on")
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 <= year <= 2200:
        out.append(Problem(row, "cycle_year", _("the cycle year (届次/年度) is required, a year such as 2021")))
    if awarded_on is not None and revoked_on is not None and revoked_on < awarded_on:
        out.append(Problem(row, "revoked_on", _("{revoked_on} is before the award ({awarded_on})",
                                                   revoked_on=revoked_on, awarded_on=awarded_on)))
    return out


def sanction_problems(rules: JurisdictionRules, data: Mapping[str, Any], row: int = 1) -> list[Problem]:
    out = _subject_problems(data, row)
    known = violations(rules)
    if data.get("kind") not in known:
        out.append(Problem(row, "kind", _("{kind} is unknown; {jurisdiction} sanctions: {kinds}",
                                          kind=repr(data.get("kind")), jurisdiction=rules.jurisdiction.code,
                                          kinds=", ".join(known) or _("nothing"))))
    decided_on, ban_until = data.get("decided_on"), data.get("ban_until")
    if decided_on is None:
        out.append(Problem(row, "decided_on", _("the day of the decision (决定日期) is required")))
    elif ban_until is not None and ban_until < decided_on:
        out.append(Problem(row, "ban_until", _("{ban_until} is before the decision ({decided_on})",
                                                      ban_until=ban_until, decided_on=decided_on)))
    return out


def _raise(problems: list[Problem]) -> None:
    if problems:
        fields: dict[str, list[str]] = {}
        for p in problems:
            fields.setdefault(p.field, []).append(p.problem)
        raise InvalidInput("; ".join(f"{p.field}: {p.problem}" for p in problems), fields=fields)


SUBJECT_FIELDS = ("subject_kind", "name", "uscc", "employer_name", "employer_uscc")


def new_award(data: Mapping[str, Any], *, source: LedgerSource, actor: Principal | None,
              import_batch: str | None = None) -> LedgerAward:
    return LedgerAward(**{f: data.get(f) for f in SUBJECT_FIELDS}, tier=data["tier"], entry_kind=data["entry_kind"],
                       category=data.get("category"), cycle_year=data["cycle_year"], awarded_on=data.get("awarded_on"),
                       revoked_on=data.get("revoked_on"), source=source, import_batch=import_batch,
                       note=data.get("note") or "", created_by_id=actor.user_id if actor else None)


def new_sanction(rules: JurisdictionRules, data: Mapping[str, Any], *, source: LedgerSource,
                 actor: Principal | None, import_batch: str | None = None) -> LedgerSanction:
    violation = violations(rules)[data["kind"]]
    return LedgerSanction(**{f: data.get(f) for f in SUBJECT_FIELDS}, kind=data["kind"],
                          decided_on=data["decided_on"], ban_until=data.get("ban_until"),
                          citation=citation_record(violation.citation),
                          source=source, import_batch=import_batch, note=data.get("note") or "",
                          created_by_id=actor.user_id if actor else None)


def record_award(session: Session, registry: JurisdictionRegistry, actor: Principal,
                 data: Mapping[str, Any]) -> LedgerAward:
    """Enter one earlier award (``recorded``), validated against the tenant's jurisdiction; audited."""
    rules = tenant_rules(session, registry, actor.tenant_id)  # type: ignore[arg-type]
    data = {**data, "entry_kind": data.get("entry_kind") or data.get("subject_kind")}
    _raise(award_problems(rules, data))
    row = new_award(data, source=LedgerSource.RECORDED, actor=actor)
    session.add(row)
    session.flush()
    audit.record(session, actor, "ledger_award.created", "ledger_award", row.id,
                 details={"subject": row.uscc or row.name, "tier": row.tier, "cycle_year": row.cycle_year})
    session.commit()
    return row


def record_sanction(session: Session, registry: JurisdictionRegistry, actor: Principal,
                    data: Mapping[str, Any]) -> LedgerSanction:
    """Enter one sanction (``recorded``); its citation is the article the plugin names for the violation."""
    rules = tenant_rules(session, registry, actor.tenant_id)  # type: ignore[arg-type]
    _raise(sanction_problems(rules, data))
    row = new_sanction(rules, data, source=LedgerSource.RECORDED, actor=actor)
    session.add(row)
    session.flush()
    audit.record(session, actor, "ledger_sanction.created", "ledger_sanction", row.id,
                 details={"subject": row.uscc or row.name, "kind": row.kind,
                          "ban_until": row.ban_until.isoformat() if row.ban_until else None})
    session.commit()
    return row
