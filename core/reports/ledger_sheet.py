"""The tenant's ledger as a workbook in the import's own columns (:data:`core.awards.imports.COLUMNS`,
each by its first, Chinese header), so that an office can export it, edit it in Excel or WPS and send it
back to ``POST /api/v1/ledger/imports``: the dry run then lists the rows it already holds as ``existing``
and names the row and column of anything changed or wrong.

One sheet, 台账: the awards in the order they were entered, then the sanctions. Codes are written as
the names the import reads back (a tier as 市长质量奖, an entry kind as 组织, a violation as its
description) wherever the name stands for one code only; dates are Excel dates.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from core.awards import imports, ledger
from core.awards.models import LedgerAward, LedgerSanction
from core.engine.plugins import JurisdictionRegistry, JurisdictionRules
from core.reports.xlsx import Column, add_sheet, new_book, to_bytes

SHEET_TITLE = "台账"
KINDS = {"awarded_on": "date", "revoked_on": "date", "decided_on": "date", "ban_until": "date"}
WRAPPED = {"note", "kind"}
RECORD_LABELS = {"award": "获奖", "sanction": "处罚"}
SUBJECT_LABELS = {"organization": "组织", "individual": "个人"}
FIELDS = tuple(imports.COLUMNS)
COLUMNS = tuple(Column(aliases[0], KINDS.get(field, "text"), wrap=field in WRAPPED)
                for field, aliases in imports.COLUMNS.items())
"""``届次/年度`` is written as a plain number (2021), not with the ``int`` kind's thousands separator."""


def _label(code: str | None, pairs: Iterable[tuple[str, str]]) -> str | None:
    """The name of ``code`` when that name reads back as this code only, else the code itself."""
    if code is None:
        return None
    pairs = list(pairs)
    names = [name for c, name in pairs if c == code]
    if len(names) != 1:
        return code
    name = names[0]
    clashes = sum(1 for c, n in pairs if n == name) > 1 or any(c == name and c != code for c, _ in pairs)
    return code if clashes or len(name) > imports.MAX_CELL else name


def _award_row(rules: JurisdictionRules, row: LedgerAward) -> dict[str, Any]:
    j = rules.jurisdiction
    entry_kinds = [(k.code, k.name) for k in j.entry_kinds]
    return {"record": RECORD_LABELS["award"], "name": row.name, "uscc": row.uscc, "employer_name": row.employer_name,
            "employer_uscc": row.employer_uscc,
            "subject_kind": _label(row.entry_kind, entry_kinds) or SUBJECT_LABELS.get(row.subject_kind),
            "tier": _label(row.tier, [(t.code, t.name) for t in j.tiers]),
            "category": _label(row.category, [(c.code, c.name) for c in j.categories]),
            "cycle_year": row.cycle_year, "awarded_on": row.awarded_on, "revoked_on": row.revoked_on,
            "note": row.note or None}


def _sanction_row(violations: list[tuple[str, str]], row: LedgerSanction) -> dict[str, Any]:
    return {"record": RECORD_LABELS["sanction"], "name": row.name, "uscc": row.uscc,
            "employer_name": row.employer_name, "employer_uscc": row.employer_uscc,
            "subject_kind": SUBJECT_LABELS.get(row.subject_kind, row.subject_kind),
            "kind": _label(row.kind, violations), "decided_on": row.decided_on, "ban_until": row.ban_until,
            "note": row.note or None}


AWARD_FIELDS = ("id", "subject_kind", "name", "uscc", "employer_name", "employer_uscc", "tier", "entry_kind",
                "category", "cycle_year", "awarded_on", "revoked_on", "note")
SANCTION_FIELDS = ("id", "subject_kind", "name", "uscc", "employer_name", "employer_uscc", "kind", "decided_on",
                   "ban_until", "note")


def ledger_rows(session: Session, rules: JurisdictionRules) -> Iterator[list[Any]]:
    """The session's tenant's ledger, one list of cells per row in :data:`COLUMNS` order."""
    violations = [(code, v.description) for code, v in ledger.violations(rules).items()]
    awards = select(LedgerAward).options(load_only(*[getattr(LedgerAward, f) for f in AWARD_FIELDS],
                                                    raiseload=True)).order_by(LedgerAward.id)
    for award in session.scalars(awards.execution_options(yield_per=500)):
        values = _award_row(rules, award)
        yield [values.get(field) for field in FIELDS]
    sanctions = select(LedgerSanction).options(load_only(*[getattr(LedgerSanction, f) for f in SANCTION_FIELDS],
                                                         raiseload=True)).order_by(LedgerSanction.id)
    for sanction in session.scalars(sanctions.execution_options(yield_per=500)):
        values = _sanction_row(violations, sanction)
        yield [values.get(field) for field in FIELDS]


def ledger_workbook(session: Session, registry: JurisdictionRegistry, tenant_id: int) -> bytes:
    """The xlsx bytes of the tenant's ledger (the session is scoped to that tenant)."""
    rules = ledger.tenant_rules(session, registry, tenant_id)
    book = new_book()
    add_sheet(book, SHEET_TITLE, COLUMNS, ledger_rows(session, rules))
    return to_bytes(book)
