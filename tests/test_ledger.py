"""The tenant's ledger of earlier awards and sanctions: one-row entries, lists, and the spreadsheet import
(dry run listing every row's problems, then all-or-nothing)."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import select

from core.applications.models import Applicant, ApplicantKind
from core.applications.uscc import complete
from core.awards.ledger import history_for
from core.awards.models import LedgerAward, LedgerSanction
from core.platform.models import AuditEvent, Role
from core.platform.tenancy import Scope, scoped
from tests.lifecycle import make_applicant
from tests.walk import all_items

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ORG = "91320600MA1MXXXX03"
BAD_USCC = "91320600MA1MXXXX04"
EMPLOYER = complete("91320600MA1M00123")
HEADER = "类别,名称,统一社会信用代码,工作单位,工作单位统一社会信用代码,申报类型,奖项,届次/年度,获奖日期,处罚种类,决定日期,禁止申报截止日期,备注"
CLEAN = [
    f"获奖,示例制造有限公司,{ORG},,,组织,市长质量奖,2021,2021-06-18,,,,首届",
    f"获奖,张三,,示例制造有限公司,{EMPLOYER},个人,nomination,2022,2022年6月1日,,,,",
    f"处罚,示例制造有限公司,{ORG},,,组织,,,,false_application,2023/3/1,2026-02-28,提供虚假材料",
]
BROKEN = [
    f"获奖,坏代码公司,{BAD_USCC},,,组织,award,2021,2021-06-18,,,,",
    f"获奖,未知奖项公司,{ORG},,,组织,gold_medal,2021,2021-06-18,,,,",
    f"获奖,日期错公司,{ORG},,,组织,award,2021,2021-13-45,,,,",
    "奖励,类别错,,,,组织,,,,,,,",
]


def csv_body(lines, encoding="utf-8-sig"):
    return "\n".join([HEADER, *lines]).encode(encoding)


def upload(api, content, media_type="text/csv", dry_run=True):
    return api.post(f"/api/v1/ledger/imports?dry_run={'true' if dry_run else 'false'}", json=None,
                    data=content, headers={"Content-Type": media_type})


def counts(mqa_runtime, tenant_id):
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        return (len(list(session.scalars(select(LedgerAward.id)))),
                len(list(session.scalars(select(LedgerSanction.id)))))


def test_a_dry_run_lists_every_rows_problems_and_writes_nothing(mqa_runtime, tenant_a):
    response = upload(tenant_a.admin, csv_body(CLEAN + BROKEN))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["dry_run"] is True and body["rows"] == 7 and body["import_batch"] is None
    problems = {(p["row"], p["field"]) for p in body["problems"]}
    assert problems == {(5, "uscc"), (6, "tier"), (7, "awarded_on"), (8, "record")}, body["problems"]
    by_row = {p["row"]: p["problem"] for p in body["problems"]}
    assert "check character" in by_row[5] and "'gold_medal' is unknown" in by_row[6] and "2021-13-45" in by_row[7]
    assert counts(mqa_runtime, tenant_a.tenant.id) == (0, 0)
    real = upload(tenant_a.admin, csv_body(CLEAN + BROKEN), dry_run=False)
    assert real.status_code == 422 and len(real.get_json()["details"]["problems"]) == 4
    assert "rows.6.tier" in real.get_json()["errors"]
    assert counts(mqa_runtime, tenant_a.tenant.id) == (0, 0)


def test_a_clean_import_is_written_in_one_batch_and_audited(mqa_runtime, tenant_a):
    dry = upload(tenant_a.admin, csv_body(CLEAN)).get_json()
    assert dry["problems"] == [] and (dry["awards"], dry["sanctions"]) == (2, 1)
    response = upload(tenant_a.admin, csv_body(CLEAN), dry_run=False)
    assert response.status_code == 201, response.get_json()
    batch = response.get_json()["import_batch"]
    awards = all_items(tenant_a.as_(Role.SUPERVISOR), "/api/v1/ledger/awards")
    assert [(a["name"], a["tier"], a["cycle_year"], a["awarded_on"], a["source"], a["import_batch"]) for a in awards] == [
        ("示例制造有限公司", "award", 2021, "2021-06-18", "imported", batch),
        ("张三", "nomination", 2022, "2022-06-01", "imported", batch)]
    assert awards[1]["subject_kind"] == "individual" and awards[1]["employer_uscc"] == EMPLOYER
    sanction = all_items(tenant_a.admin, "/api/v1/ledger/sanctions")[0]
    assert sanction["kind"] == "false_application" and sanction["ban_until"] == "2026-02-28"
    assert sanction["citation"]["jurisdiction"] == "nantong" and sanction["citation"]["article"]
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_a.tenant.id)):
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "ledger.imported")).one()
        assert event.target_id == batch and event.details["awards"] == 2 and event.details["sanctions"] == 1


def test_gb18030_csv_and_xlsx_are_read(mqa_runtime, tenant_a):
    assert upload(tenant_a.admin, csv_body(CLEAN, "gb18030"), dry_run=False).status_code == 201
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["record", "name", "uscc", "subject_kind", "tier", "cycle_year", "awarded_on", "note"])
    sheet.append(["award", "另一公司", complete("91320600MA1M00999"), "organization", "award", 2020,
                  dt.datetime(2020, 7, 1), "from xlsx"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(tenant_a.admin, buffer.getvalue(), XLSX, dry_run=False)
    assert response.status_code == 201, response.get_json()
    assert counts(mqa_runtime, tenant_a.tenant.id) == (3, 1)
    assert all_items(tenant_a.admin, "/api/v1/ledger/awards")[-1]["awarded_on"] == "2020-07-01"


@pytest.mark.parametrize("content, media_type, status, field", [
    (b"not a workbook", XLSX, 422, "_body"),
    (b"\xff\xfe\x00garbage", "text/csv", 422, "_body"),
    (b"name,uscc\nx,y\n", "text/csv", 422, "_body"),
    (b"", "text/csv", 422, "_body"),
    (HEADER.encode(), "application/json", 415, "_body"),
])
def test_unreadable_files_are_refused_naming_the_body(tenant_a, content, media_type, status, field):
    response = upload(tenant_a.admin, content, media_type)
    assert response.status_code == status and field in response.get_json()["errors"], response.get_json()


def test_limits_on_rows_and_size(tenant_a, monkeypatch):
    monkeypatch.setattr("core.awards.imports.MAX_ROWS", 2)
    response = upload(tenant_a.admin, csv_body(CLEAN))
    assert response.status_code == 422 and "more than 2 rows" in response.get_json()["message"]
    monkeypatch.setattr("core.awards.imports.MAX_BYTES", 100)
    response = upload(tenant_a.admin, csv_body(CLEAN))
    assert response.status_code in (413, 422)


def test_one_row_entries_are_validated_and_audited(mqa_runtime, tenant_a):
    admin = tenant_a.admin
    bad = admin.post("/api/v1/ledger/awards", json={"subject_kind": "organization", "name": "x", "uscc": BAD_USCC,
                                                    "tier": "gold", "cycle_year": 2021, "awarded_on": "2021-01-01",
                                                    "revoked_on": "2020-01-01"})
    assert bad.status_code == 422 and {"uscc", "tier", "revoked_on"} <= set(bad.get_json()["errors"])
    no_employer = admin.post("/api/v1/ledger/awards", json={"subject_kind": "individual", "name": "李四",
                                                            "tier": "award", "cycle_year": 2021})
    assert no_employer.status_code == 422 and "employer_name" in no_employer.get_json()["errors"]
    sanction = admin.post("/api/v1/ledger/sanctions", json={"subject_kind": "organization", "name": "x", "uscc": ORG,
                                                            "kind": "stealing", "decided_on": "2021-01-01"})
    assert sanction.status_code == 422 and "false_application" in sanction.get_json()["errors"]["kind"][0]
    assert counts(mqa_runtime, tenant_a.tenant.id) == (0, 0)
    key = {"Idempotency-Key": "ledger-award-1"}
    body = {"subject_kind": "organization", "name": "示例", "uscc": ORG, "tier": "award", "cycle_year": 2021}
    made = admin.post("/api/v1/ledger/awards", json=body, headers=key)
    replay = admin.post("/api/v1/ledger/awards", json=body, headers=key)
    assert made.status_code == 201 and replay.headers.get("Idempotent-Replayed") == "true"
    assert made.get_json()["source"] == "recorded" and made.get_json()["entry_kind"] == "organization"
    assert counts(mqa_runtime, tenant_a.tenant.id) == (1, 0)
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_a.tenant.id)):
        assert session.scalars(select(AuditEvent).where(AuditEvent.action == "ledger_award.created")).one()


def test_history_matches_organisations_by_code_and_people_by_name_and_employer(mqa_runtime, tenant_a, mqa_factory):
    upload(tenant_a.admin, csv_body(CLEAN + [
        f"获奖,张三,,另一单位,{complete('91320600MA1M00321')},个人,award,2019,2019-06-01,,,,",
        "获奖,张三,,示例制造有限公司,,个人,award,2018,2018-06-01,,,,"]), dry_run=False)
    tenant_id = tenant_a.tenant.id
    org = make_applicant(mqa_runtime, tenant_id, tenant_a.user_ids[Role.APPLICANT], uscc=ORG)
    person_user = mqa_factory.user(tenant_a.tenant, Role.APPLICANT, "zhangsan")
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        person = Applicant(user_id=person_user.id, kind=ApplicantKind.INDIVIDUAL, name="张三",
                           employer_name="示例制造有限公司", employer_uscc=EMPLOYER, status="approved", origin="invited")
        session.add(person)
        session.commit()
        awards, sanctions = history_for(session, session.get(Applicant, (tenant_id, org)))
        assert [(a.tier, a.awarded_on) for a in awards] == [("award", dt.date(2021, 6, 18))]
        assert [(s.kind, s.ban_until) for s in sanctions] == [("false_application", dt.date(2026, 2, 28))]
        assert sanctions[0].citation is not None and sanctions[0].citation.jurisdiction == "nantong"
        awards, sanctions = history_for(session, person)
        # same employer code; the row without an employer code matches by the employer's name
        assert sorted(a.cycle_year for a in awards) == [2018, 2022] and sanctions == []


def test_roles_and_tenants(mqa_runtime, tenant_a, tenant_b):
    upload(tenant_a.admin, csv_body(CLEAN), dry_run=False)
    body = {"subject_kind": "organization", "name": "示例", "uscc": ORG, "tier": "award", "cycle_year": 2021}
    sanction = {"subject_kind": "organization", "name": "示例", "uscc": ORG, "kind": "false_application",
                "decided_on": "2021-01-01"}
    for role in Role.tenant_roles():
        api = tenant_a.as_(role)
        reads = role in (Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.SUPERVISOR)
        for path in ("/api/v1/ledger/awards", "/api/v1/ledger/sanctions"):
            assert api.get(path).status_code == (200 if reads else 403), (role, path)
        manages = role is Role.OFFICE_ADMIN
        assert api.post("/api/v1/ledger/awards", json=body).status_code == (201 if manages else 403), role
        assert api.post("/api/v1/ledger/sanctions", json=sanction).status_code == (201 if manages else 403), role
        assert upload(api, csv_body(CLEAN)).status_code == (200 if manages else 403), role
    # Tenant B (yuncheng) sees none of A's rows, and its codes are yuncheng's.
    assert all_items(tenant_b.admin, "/api/v1/ledger/awards") == []
    assert tenant_b.admin.post("/api/v1/ledger/sanctions", json=sanction).status_code == 422
    page = tenant_a.admin.get("/api/v1/ledger/awards?limit=1").get_json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    assert tenant_a.admin.get("/api/v1/ledger/awards?limit=0").status_code == 422
