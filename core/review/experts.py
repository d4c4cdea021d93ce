"""The expert pool (专家库): experts judged against the regulation's qualifications, their declared
relations to applicants, and the conflicts of interest (利害关系) that keep them off a panel.

An expert who fails a strict qualification is refused with the article; one who fails a softened
one ("一般不超过65周岁") is kept and flagged. Conflicts are found, not typed in: the same employer as
an organisation applicant (or as an individual applicant's employer), an employer in the applicant's
group (集团), and every relation the expert or the office declared. Every conflict is given with its
reason, so an exclusion from a draw can be read and checked.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.engine.messages import _
from core.applications.models import Applicant, ApplicantKind, Application
from core.applications.uscc import problem as check_uscc
from core.engine.encode import citation_record
from core.engine.experts import ExpertProfile, judge
from core.engine.plugins import JurisdictionRegistry, JurisdictionRules
from core.engine.rules import EXPERT_TITLES, Outcome, RuleVersion
from core.errors import InvalidInput, NotFound
from core.platform import audit, clock, versioning
from core.platform.models import Role, Tenant, User
from core.platform.paging import DEFAULT_LIMIT, Page, keyset_page
from core.platform.permissions import Principal
from core.platform.services.rules import tenant_version
from core.review.models import Expert, ExpertRelation, ExpertStatus, PanelMember, RelationKind

EDITABLE = ("name", "title", "title_name", "specialties", "practice_started_on", "born_on", "employer_name",
            "employer_uscc", "contact_phone", "contact_email", "attested", "status", "note", "user_id")


def qualification_findings(registry: JurisdictionRegistry, tenant: Tenant, expert: Expert,
                           day: dt.date) -> list[dict[str, Any]]:
    """The expert judged against the qualifications of the tenant's rule version on ``day``."""
    rules, version = tenant_version(registry, tenant, day)
    return findings_under(rules, version, expert, day)


def findings_under(rules: JurisdictionRules, version: RuleVersion, expert: Expert,
                   day: dt.date) -> list[dict[str, Any]]:
    """The expert judged against ``version``'s qualifications (a draw judges by its cycle's version)."""
    if not rules.implements("mqa_expert_qualifications"):
        return []
    profile = ExpertProfile(title=expert.title, practice_started_on=expert.practice_started_on,
                            born_on=expert.born_on, attested=frozenset(expert.attested or ()))
    return [{"code": f.code, "outcome": f.outcome.value, "strict": f.strict, "explanation": f.explanation,
             "citation": citation_record(f.citation)}
            for f in judge(rules.expert_qualifications(version), profile, day)]


def refusals(findings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f["outcome"] == Outcome.FAILED.value and f["strict"]]


def is_qualified(findings: Iterable[dict[str, Any]]) -> bool:
    """Drawable: no strict condition failed and none awaits the office's confirmation."""
    return all(f["outcome"] == Outcome.PASSED.value or not f["strict"] for f in findings)


def _validate(values: dict[str, Any]) -> None:
    problems: dict[str, list[str]] = {}
    if "title" in values and values["title"] not in EXPERT_TITLES:
        problems["title"] = [_("must be one of {items}", items=', '.join(EXPERT_TITLES))]
    if values.get("employer_uscc"):
        reason = check_uscc(values["employer_uscc"])
        if reason:
            problems["employer_uscc"] = [reason]
    today = clock.today()
    for field in ("practice_started_on", "born_on"):
        if values.get(field) and values[field] > today:
            problems[field] = [_("cannot be after today ({today})", today=today.isoformat())]
    if problems:
        raise InvalidInput("the expert's details are not valid", fields=problems)


def _check_user(session: Session, user_id: int | None, expert_id: int | None = None) -> None:
    if user_id is None:
        return
    user = session.execute(select(User).where(User.id == user_id)).scalar_one_or_none()
    if user is None or user.role is not Role.EXPERT:
        raise InvalidInput.on("user_id", _("user {user_id} is not a user of this tenant with the expert role",
                                           user_id=user_id))
    holder = session.execute(select(Expert.id).where(Expert.user_id == user_id)).scalar_one_or_none()
    if holder is not None and holder != expert_id:
        raise InvalidInput.on("user_id", _("user {user_id} already logs in as expert {holder}",
                                           user_id=user_id, holder=holder))


def _judge_and_store(session: Session, registry: JurisdictionRegistry, tenant: Tenant, expert: Expert) -> None:
    findings = qualification_findings(registry, tenant, expert, clock.today())
    refused = refusals(findings)
    if refused:
        raise InvalidInput("the expert does not meet the qualifications of the regulation",
                           fields={"qualification": [f"{f['explanation']} ({f['citation']['text']})" for f in refused]},
                           details={"findings": findings})
    expert.qualification = findings
    expert.flagged = any(f["outcome"] == Outcome.FAILED.value for f in findings)


def create_expert(session: Session, registry: JurisdictionRegistry, actor: Principal, tenant: Tenant, *,
                  commit: bool = True, **values: Any) -> Expert:
    """Add an expert to the pool, judged against the qualifications; ``commit=False`` leaves the commit to a
    caller writing several experts in one transaction (the pool's import)."""
    _validate(values)
    _check_user(session, values.get("user_id"))
    expert = Expert(created_by_id=actor.user_id, **values)
    _judge_and_store(session, registry, tenant, expert)
    session.add(expert)
    session.flush()
    audit.record(session, actor, "expert.created", "expert", expert.id,
                 details={"name": expert.name, "flagged": expert.flagged,
                          "qualification": [{"code": f["code"], "outcome": f["outcome"]}
                                            for f in expert.qualification]})
    if commit:
        session.commit()
    return expert


def get_expert(session: Session, expert_id: int) -> Expert:
    expert = session.execute(select(Expert).where(Expert.id == expert_id)).scalar_one_or_none()
    if expert is None:
        raise NotFound("expert", expert_id)
    return expert


def my_expert(session: Session, actor: Principal) -> Expert:
    """The pool entry of the calling expert; 404 while the office has not linked their login."""
    expert = session.execute(select(Expert).where(Expert.user_id == actor.user_id)).scalar_one_or_none()
    if expert is None:
        raise NotFound("expert record of user", actor.user_id)
    return expert


def update_expert(session: Session, registry: JurisdictionRegistry, actor: Principal, tenant: Tenant,
                  expert_id: int, expected_version: versioning.Expected, *, commit: bool = True,
                  **changes: Any) -> Expert:
    """Change an expert and judge them again; ``commit=False`` flushes and leaves the commit to the caller."""
    expert = get_expert(session, expert_id)
    versioning.check("expert", expert, expected_version)
    _validate(changes)
    if "user_id" in changes:
        _check_user(session, changes["user_id"], expert.id)
        if changes["user_id"] != expert.user_id and session.execute(select(PanelMember.id).where(
                PanelMember.expert_id == expert.id).limit(1)).scalar_one_or_none() is not None:
            raise InvalidInput.on("user_id", "the expert holds or held seats: their login is not handed to another "
                                             "user (their sheets and answers would follow it)")
    before = {k: _plain(getattr(expert, k)) for k in changes}
    with versioning.guard(session, "expert", expert):
        for key, value in changes.items():
            setattr(expert, key, value)
        _judge_and_store(session, registry, tenant, expert)
        audit.record(session, actor, "expert.updated", "expert", expert.id,
                     details={"before": before, "after": {k: _plain(v) for k, v in changes.items()},
                              "flagged": expert.flagged})
        session.commit() if commit else session.flush()
    return expert


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, ExpertStatus):
        return value.value
    return value


def experts_page(session: Session, *, status: ExpertStatus | None = None, limit: int = DEFAULT_LIMIT,
                 cursor: str | None = None) -> Page[Expert]:
    """The pool in id order, served by the key or by ``(tenant_id, status, id)``."""
    stmt = select(Expert)
    if status is not None:
        stmt = stmt.where(Expert.status == status)
    return keyset_page(session, stmt, [Expert.id], limit=limit, cursor=cursor)


# -- relations and conflicts -------------------------------------------------------------------

def declare_relation(session: Session, actor: Principal, expert_id: int, *, kind: str,
                     applicant_id: int | None = None, uscc: str | None = None, name: str = "",
                     note: str = "") -> ExpertRelation:
    """Record a relation of an expert to an applicant (by id, code or name): by the expert for
    themselves (自行申报), or by the office for any expert."""
    expert = get_expert(session, expert_id)
    by_expert = actor.role is Role.EXPERT
    if by_expert and expert.user_id != actor.user_id:
        raise NotFound("expert", expert_id)
    if applicant_id is None and not uscc and not name.strip():
        raise InvalidInput.on("applicant_id", "name the applicant: its id, its 统一社会信用代码 or its name")
    if applicant_id is not None and session.execute(
            select(Applicant.id).where(Applicant.id == applicant_id)).scalar_one_or_none() is None:
        raise InvalidInput.on("applicant_id", _("applicant {applicant_id} is not an applicant of this tenant",
                                                applicant_id=applicant_id))
    if uscc and (reason := check_uscc(uscc)):
        raise InvalidInput.on("uscc", reason)
    relation = ExpertRelation(expert_id=expert.id, applicant_id=applicant_id, uscc=uscc or None, name=name.strip(),
                              kind=RelationKind(kind), note=note, declared_by_id=actor.user_id,
                              declared_by_expert=by_expert)
    session.add(relation)
    session.flush()
    audit.record(session, actor, "expert.relation_declared", "expert", expert.id,
                 details={"relation_id": relation.id, "kind": kind, "applicant_id": applicant_id, "uscc": uscc,
                          "by_expert": by_expert})
    session.commit()
    return relation


def relations_page(session: Session, actor: Principal, expert_id: int, *, limit: int = DEFAULT_LIMIT,
                   cursor: str | None = None) -> Page[ExpertRelation]:
    expert = get_expert(session, expert_id)
    if actor.role is Role.EXPERT and expert.user_id != actor.user_id:
        raise NotFound("expert", expert_id)
    stmt = select(ExpertRelation).where(ExpertRelation.expert_id == expert.id)
    return keyset_page(session, stmt, [ExpertRelation.id], limit=limit, cursor=cursor)


@dataclass(frozen=True)
class Party:
    """What conflicts are matched on, for one application: the applicant, its codes and its group."""

    application_id: int
    applicant_id: int
    name: str
    codes: frozenset[str]
    """The applicant's 统一社会信用代码 (an organisation) or its employer's (a person)."""
    group_codes: frozenset[str]
    """The codes of the other applicants recorded in the same group (集团) in this cycle."""
    group: str | None


def parties(session: Session, application_ids: Iterable[int]) -> list[Party]:
    ids = sorted(set(application_ids))
    if not ids:
        return []
    rows = session.execute(select(Application, Applicant).join(
        Applicant, (Applicant.tenant_id == Application.tenant_id) & (Applicant.id == Application.applicant_id))
        .where(Application.id.in_(ids))).all()
    groups: dict[tuple[int, str], set[str]] = {}
    grouped = {(a.cycle_id, a.group_key) for a, _ in rows if a.group_key}
    for cycle_id, key in grouped:
        members = session.execute(select(Applicant.uscc, Applicant.employer_uscc).join(
            Application, (Application.tenant_id == Applicant.tenant_id) & (Application.applicant_id == Applicant.id))
            .where(Application.cycle_id == cycle_id, Application.group_key == key)).all()
        groups[(cycle_id, key)] = {code for pair in members for code in pair if code}
    found = []
    for application, applicant in rows:
        code = applicant.uscc if applicant.kind is ApplicantKind.ORGANIZATION else applicant.employer_uscc
        codes = frozenset({code} if code else set())
        group = groups.get((application.cycle_id, application.group_key), set()) - set(codes) \
            if application.group_key else set()
        found.append(Party(application.id, applicant.id, applicant.name, codes, frozenset(group),
                           application.group_key))
    return found


def conflicts(expert: Expert, relations: Iterable[ExpertRelation], party: Party) -> list[str]:
    """Why ``expert`` may not review ``party``'s application; empty when nothing is known against it."""
    reasons = []
    if expert.employer_uscc and expert.employer_uscc in party.codes:
        reasons.append(f"同一单位：专家任职单位（{expert.employer_uscc}）即申报者或其所在单位")
    if expert.employer_uscc and expert.employer_uscc in party.group_codes:
        reasons.append(f"同一集团：专家任职单位（{expert.employer_uscc}）与申报者同属“{party.group}”")
    for relation in relations:
        if relation.expert_id != expert.id:
            continue
        if relation.applicant_id == party.applicant_id or (relation.uscc and relation.uscc in party.codes) \
                or (relation.name and relation.name == party.name):
            who = "专家自行申报" if relation.declared_by_expert else "办公室登记"
            reasons.append(f"申报的利害关系（{relation.kind.value}，{who}）：{relation.note or relation.name or ''}".rstrip("："))
    return reasons
