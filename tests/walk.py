"""Enumerate the app's routes so the walks cover every endpoint, present and future."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from api.blueprint import Blueprint

# Blueprints that hold no tenant data. Any other blueprint must set tenant_scoped = True,
# which puts its routes in the isolation walk.
NOT_TENANT_SCOPED = {"auth", "jurisdictions", "admin_tenants", "admin_cycles", "registrations", "api-docs", "rules",
                     "calendar", "public_notices", "board", "admin_rules"}


# POST routes that compute an answer and store nothing (so supervisors may call them).
COMPUTATIONS = {f"{prefix}/{path}" for prefix in ("/api/v1/rules/<string:jurisdiction>", "/api/v1/tenant/rules")
                for path in ("eligibility", "total", "quota-allocation", "reward", "sanction", "notice-dates")}


# Bodies that pass validation, so a walk reaches the lookup behind it (default: {}).
VALID_BODIES = {
    "/api/v1/tenant/settings/<string:key>": {"value": 1},
    "/api/v1/cycles": {"year": 2031},
    "/api/v1/cycles/<int:cycle_id>": {"name": "2025年度评选"},
    "/api/v1/cycles/<int:cycle_id>/stages/<string:code>": {"note": "见通知"},
    "/api/v1/cycles/<int:cycle_id>/back": {"reason": "退回重新审查"},
    "/api/v1/applicants": {"username": "walk-invited", "password": "correct-horse-battery", "kind": "organization",
                           "name": "走查有限公司", "uscc": "91320600MA1MXXXX03"},
    "/api/v1/applicants/<int:applicant_id>": {"contact_phone": "0513-1"},
    "/api/v1/applicants/me": {"contact_phone": "0513-1"},
    "/api/v1/applicants/<int:applicant_id>/refuse": {"note": "walk"},
    "/api/v1/applications": {"cycle_id": 1, "entry_kind": "organization", "tiers": ["award"], "facts": {}},
    "/api/v1/applications/<int:application_id>": {"tiers": ["award"]},
    "/api/v1/applications/<int:application_id>/change-requests": {"facts": {}, "reason": "walk"},
    "/api/v1/change-requests/<int:request_id>/refuse": {"note": "walk"},
    "/api/v1/applications/<int:application_id>/recommendation": {
        "recommender": "崇川区质量发展委员会", "recommended_on": "2025-04-14", "internal_notice_starts_on": "2025-04-03",
        "internal_notice_ends_on": "2025-04-11"},
    "/api/v1/attachments/<int:attachment_id>": {"description": "自我评价报告", "trade_secret": False},
    "/api/v1/screenings/<int:screening_id>/attestations": {"condition": "org.supports_party_line", "holds": True,
                                                           "note": "核实"},
    "/api/v1/applications/<int:application_id>/reject": {"reasons": [{"text": "材料不全", "citation": {"article": "第十九条"}}]},
    "/api/v1/applications/<int:application_id>/corrections": {
        "items": [{"field": "facts.founded_on", "problem": "与营业执照不符"}], "deadline": "2099-12-31"},
    "/api/v1/corrections/<int:correction_id>/extend": {"deadline": "2099-12-31", "reason": "申请延期"},
    "/api/v1/cycles/<int:cycle_id>/groups": {"group": "示例集团", "application_ids": [1]},
    "/api/v1/cycles/<int:cycle_id>/groups/designate": {"application_id": 1},
    "/api/v1/ledger/awards": {"subject_kind": "organization", "name": "示例制造有限公司", "uscc": "91320600MA1MXXXX03",
                              "tier": "award", "cycle_year": 2021, "awarded_on": "2021-06-18"},
    "/api/v1/experts": {"name": "走查专家", "title": "senior"},
    "/api/v1/experts/<int:expert_id>": {"note": "walk"},
    "/api/v1/experts/<int:expert_id>/relations": {"kind": "other", "name": "走查有限公司"},
    "/api/v1/cycles/<int:cycle_id>/panels": {"stage": "materials_review", "name": "走查组", "seats": 3,
                                             "application_ids": [1]},
    "/api/v1/panels/<int:panel_id>/members": {"expert_ids": [1]},
    "/api/v1/panel-members/<int:member_id>/decline": {"reason": "walk"},
    "/api/v1/panel-members/<int:member_id>/recuse": {"reason": "walk"},
    "/api/v1/panels/<int:panel_id>/applications/<int:application_id>/sheet": {"items": {}},
    "/api/v1/score-sheets/<int:sheet_id>/reopen": {"reason": "walk"},
    "/api/v1/cycles/<int:cycle_id>/stages/<string:code>/entrants": {"application_ids": [1]},
    "/api/v1/applications/<int:application_id>/bonus": {"counts": {"talent": 1}},
    "/api/v1/cycles/<int:cycle_id>/decisions": {"kind": "deliberation", "body": "质委会", "decided_on": "2025-01-01",
                                                "winners": []},
    "/api/v1/cycles/<int:cycle_id>/notices": {"stage": "approval_notice", "kind": "candidate",
                                              "starts_on": "2099-01-01"},
    "/api/v1/notices/<int:notice_id>/objections": {"entry_id": 1, "grounds": "走查"},
    "/api/v1/objections/<int:objection_id>/decision": {"status": "investigating"},
    "/api/v1/cycles/<int:cycle_id>/approval": {"body": "市人民政府", "document_number": "政发〔2025〕1号",
                                               "approved_on": "2025-06-01"},
    "/api/v1/awards/<int:award_id>/rewards": {"kind": "paid", "amount_yuan": 1, "entry_on": "2025-06-01",
                                              "reference": "走查"},
    "/api/v1/awards/<int:award_id>/events": {"code": "incident_report", "occurred_on": "2025-06-01", "event": "走查"},
    "/api/v1/obligations/<int:obligation_id>/report": {"report": "走查"},
    "/api/v1/sanctions": {"violation": "false_application", "award_id": 1, "decided_on": "2025-06-01",
                          "evidence": "走查"},
    "/api/v1/sanctions/<int:sanction_id>/reversal": {"kind": "appeal", "decided_on": "2025-06-02", "reason": "走查"},
    "/api/v1/cycles/<int:cycle_id>/workbooks": {"kind": "cycle"},
    "/api/v1/ledger/sanctions": {"subject_kind": "organization", "name": "示例制造有限公司", "uscc": "91320600MA1MXXXX03",
                                 "kind": "false_application", "decided_on": "2023-03-01"},
}

# Routes only an applicant calls (the office's token is refused before any lookup): the walks use the
# applicant of the tenant for them.
APPLICANT_ROUTES = {
    ("POST", "/api/v1/applications"), ("PATCH", "/api/v1/applications/<int:application_id>"),
    ("POST", "/api/v1/applications/<int:application_id>/submit"),
    ("POST", "/api/v1/applications/<int:application_id>/withdraw"),
    ("POST", "/api/v1/applications/<int:application_id>/change-requests"),
    ("GET", "/api/v1/applicants/me"), ("PATCH", "/api/v1/applicants/me"),
    ("POST", "/api/v1/applications/<int:application_id>/attachments"),
    ("PATCH", "/api/v1/attachments/<int:attachment_id>"), ("DELETE", "/api/v1/attachments/<int:attachment_id>"),
    ("POST", "/api/v1/notices/<int:notice_id>/objections"),
}

# Routes only an expert calls, for their own seat or sheet: the walks use the tenant's expert for them.
EXPERT_ROUTES = {
    ("GET", "/api/v1/experts/me"),
    ("POST", "/api/v1/panel-members/<int:member_id>/confirm"),
    ("POST", "/api/v1/panel-members/<int:member_id>/decline"),
    ("GET", "/api/v1/panels/<int:panel_id>/applications/<int:application_id>/sheet"),
    ("PUT", "/api/v1/panels/<int:panel_id>/applications/<int:application_id>/sheet"),
    ("POST", "/api/v1/panels/<int:panel_id>/applications/<int:application_id>/sheet/submit"),
}

# Routes whose body is a file, not JSON.
FILE_ROUTES = {("POST", "/api/v1/applications/<int:application_id>/attachments"), ("POST", "/api/v1/ledger/imports"),
               ("POST", "/api/v1/experts/import")}

# POST routes that start a job reading the tenant's data and change none of it (a supervisor may call them:
# discipline inspection prints the committee's papers too). The job row and its audit events record who asked.
READ_JOBS = {"/api/v1/cycles/<int:cycle_id>/workbooks"}

# GET routes that answer a workbook (xlsx), not JSON.
WORKBOOK_ROUTES = {"/api/v1/ledger/workbook", "/api/v1/experts/workbook"}


@dataclass(frozen=True)
class Route:
    method: str
    rule: str
    params: tuple[str, ...]
    blueprint: str | None


def routes(app: Flask) -> list[Route]:
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append(Route(method, rule.rule, tuple(sorted(rule.arguments)), rule.endpoint.split(".")[0]
                               if "." in rule.endpoint else None))
    return found


def tenant_scoped_blueprints(app: Flask) -> set[str]:
    scoped = set()
    for name, bp in app.blueprints.items():
        if isinstance(bp, Blueprint) and bp.tenant_scoped:
            scoped.add(name)
    return scoped


def fill(rule: str, values: dict[str, object]) -> str:
    path = rule
    for name, value in values.items():
        for converter in ("int:", "string:", ""):
            path = path.replace(f"<{converter}{name}>", str(value))
    assert "<" not in path, f"no test value for a parameter of {rule}; add one to the walk"
    return path


def items(response) -> list[dict]:
    """The rows of one page of a list (``{"items": [...], "next_cursor": ...}``)."""
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == {"items", "next_cursor"}, body
    return body["items"]


def all_items(client, path: str, limit: int = 200) -> list[dict]:
    """Every row of a list, page after page."""
    rows: list[dict] = []
    cursor = None
    separator = "&" if "?" in path else "?"
    while True:
        query = f"limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(f"{path}{separator}{query}").get_json()
        assert "items" in body, body
        rows += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return rows


def if_match(client, path: str) -> dict[str, str]:
    """The If-Match header for a change to what ``path`` shows (its ETag now)."""
    response = client.get(path)
    assert response.status_code == 200 and response.headers.get("ETag"), response.get_json()
    return {"If-Match": response.headers["ETag"]}
