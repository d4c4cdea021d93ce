"""Spreadsheets an office exports, edits in Excel and reads back (issue 13): the ledger in its import's
columns, and the expert pool with its own import. Every round trip goes through the API and an
openpyxl edit; what the import planned or wrote is read from the database."""
from __future__ import annotations

import datetime as dt
import hashlib
import io

import openpyxl
import pytest
from sqlalchemy import func, select

from core.applications.uscc import complete
from core.awards import imports
from core.awards.models import LedgerAward, LedgerSanction
from core.platform.models import AuditEvent, Role
from core.platform.tenancy import Scope, scoped
from core.reports import expert_pool
from core.review.models import Expert, ExpertStatus
from tests.test_ledger import CLEAN, EMPLOYER, ORG, csv_body
from tests.test_review import ATTESTED, expert_body

XLSX = imports.XLSX_TYPE
LEDGER_HEADERS = [aliases[0] for aliases in imports.COLUMNS.values()]
POOL_HEADERS = [aliases[0] for aliases in expert_pool.COLUMNS.values()]


def ok(response, status: int = 200):
    assert response.status_code == status, response.get_json()
    return response.get_json()


def upload(api, path: str, content: bytes, media_type: str = XLSX, dry_run: bool = True, headers=None):
    return api.post(f"{path}?dry_run={'true' if dry_run else 'false'}", json=None, data=content,
                    headers={"Content-Type": media_type, **(headers or {})})


def workbook(api, path: str) -> openpyxl.Workbook:
    response = api.get(path)
    assert response.status_code == 200, response.get_data()[:300]
    assert response.mimetype == XLSX and "attachment" in response.headers["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))


def saved(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table(book: openpyxl.Workbook) -> tuple[list[str], list[list]]:
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    return rows[0], rows[1:]


def set_cell(book: openpyxl.Workbook, row: int, header: str, value) -> None:
    sheet = book.worksheets[0]
    column = [c.value for c in sheet[1]].index(header) + 1
    sheet.cell(row=row, column=column, value=value)


def session_of(mqa_runtime, tenant_id: int):
    class _Scoped:
        def __enter__(self):
            self.cm = mqa_runtime.session()
            self.session = self.cm.__enter__()
            self.scope = scoped(self.session, Scope.tenant(tenant_id))
            self.scope.__enter__()
            return self.session

        def __exit__(self, *exc):
            self.scope.__exit__(*exc)
            return self.cm.__exit__(*exc)

    return _Scoped()


def events(mqa_runtime, tenant_id: int, action: str) -> list[AuditEvent]:
    with session_of(mqa_runtime, tenant_id) as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)))


# -- the ledger -----------------------------------------------------------------------------------

def ledger_rows(mqa_runtime, tenant_id: int):
    with session_of(mqa_runtime, tenant_id) as session:
        awards = [(a.id, a.name, a.uscc, a.tier, a.cycle_year, a.awarded_on, a.note)
                  for a in session.scalars(select(LedgerAward).order_by(LedgerAward.id))]
        sanctions = [(s.id, s.name, s.kind, s.decided_on, s.ban_until)
                     for s in session.scalars(select(LedgerSanction).order_by(LedgerSanction.id))]
    return awards, sanctions


def test_the_ledger_exported_in_the_import_columns_reads_back_as_existing_rows(mqa_runtime, tenant_a):
    admin, tenant_id = tenant_a.admin, tenant_a.tenant.id
    ok(upload(admin, "/api/v1/ledger/imports", csv_body(CLEAN), "text/csv", dry_run=False), 201)
    awards, sanctions = ledger_rows(mqa_runtime, tenant_id)
    assert len(awards) == 2 and len(sanctions) == 1

    book = workbook(tenant_a.as_(Role.SUPERVISOR), "/api/v1/ledger/workbook")
    header, rows = table(book)
    assert header == LEDGER_HEADERS
    cell = {h: i for i, h in enumerate(header)}
    assert [r[cell["名称"]] for r in rows] == [a[1] for a in awards] + [s[1] for s in sanctions]
    assert [r[cell["类别"]] for r in rows] == ["获奖", "获奖", "处罚"]
    # dates are Excel dates, tiers and violations their Chinese names (Nantong's tiers and 第二十条's wording)
    assert rows[0][cell["获奖日期"]] == dt.datetime.combine(awards[0][5], dt.time())
    assert isinstance(rows[0][cell["届次/年度"]], int) and rows[0][cell["届次/年度"]] == awards[0][4]
    rules = mqa_runtime.registry.rules("nantong")
    tier_names = {t.code: t.name for t in rules.jurisdiction.tiers}
    assert rows[0][cell["奖项"]] == tier_names[awards[0][3]] and rows[1][cell["奖项"]] == tier_names[awards[1][3]]
    assert rows[1][cell["申报类型"]] == "个人" and rows[1][cell["工作单位统一社会信用代码"]] == EMPLOYER
    violation = {v.code: v for v in rules.violations(rules.jurisdiction.versions[0])}[sanctions[0][2]]
    assert rows[2][cell["处罚种类"]] == violation.description
    assert rows[2][cell["决定日期"]].date() == sanctions[0][3] and rows[2][cell["禁止申报截止日期"]].date() == sanctions[0][4]
    number_format = book.worksheets[0].cell(row=2, column=cell["获奖日期"] + 1).number_format
    assert "年" in number_format and "月" in number_format

    # Read back untouched: every row is already in the ledger, nothing is planned twice.
    content = saved(book)
    dry = ok(upload(admin, "/api/v1/ledger/imports", content))
    assert dry["problems"] == [] and (dry["awards"], dry["sanctions"]) == (0, 0)
    assert dry["existing"] == [{"row": 2, "record": "award", "id": awards[0][0]},
                               {"row": 3, "record": "award", "id": awards[1][0]},
                               {"row": 4, "record": "sanction", "id": sanctions[0][0]}]
    real = ok(upload(admin, "/api/v1/ledger/imports", content, dry_run=False), 201)
    assert real["import_batch"] is None and len(real["existing"]) == 3
    assert ledger_rows(mqa_runtime, tenant_id) == (awards, sanctions)
    assert len(events(mqa_runtime, tenant_id, "ledger.imported")) == 1  # the first import only

    # Edited in Excel: a wrong check character, a changed award day, and one new winner.
    set_cell(book, 2, "统一社会信用代码", ORG[:-1] + ("4" if ORG[-1] != "4" else "5"))
    set_cell(book, 3, "获奖日期", dt.datetime(2022, 6, 2))
    new_org = complete("91320600MA1M00777")
    book.worksheets[0].append(["获奖", "新获奖公司", new_org, None, None, "组织", "市长质量奖", None, 2024,
                               dt.datetime(2024, 9, 1), None, None, None, None, "补录"])
    edited = saved(book)
    dry = ok(upload(admin, "/api/v1/ledger/imports", edited))
    problems = {(p["row"], p["field"]): p["problem"] for p in dry["problems"]}
    assert set(problems) == {(2, "uscc"), (3, "awarded_on")}, dry["problems"]
    assert "check character" in problems[(2, "uscc")]
    assert "2022-06-02 here, 2022-06-01 in ledger award" in problems[(3, "awarded_on")]
    assert (dry["awards"], dry["sanctions"]) == (1, 0) and [e["row"] for e in dry["existing"]] == [4]
    refused = upload(admin, "/api/v1/ledger/imports", edited, dry_run=False)
    assert refused.status_code == 422 and {"rows.2.uscc", "rows.3.awarded_on"} <= set(refused.get_json()["errors"])
    assert ledger_rows(mqa_runtime, tenant_id) == (awards, sanctions)

    # Put right: the new winner alone is written, in one batch.
    set_cell(book, 2, "统一社会信用代码", ORG)
    set_cell(book, 3, "获奖日期", dt.datetime(2022, 6, 1))
    written = ok(upload(admin, "/api/v1/ledger/imports", saved(book), dry_run=False), 201)
    assert written["awards"] == 1 and len(written["existing"]) == 3
    after, _ = ledger_rows(mqa_runtime, tenant_id)
    assert after[:2] == awards and after[2][1:6] == ("新获奖公司", new_org, "award", 2024, dt.date(2024, 9, 1))


def test_a_file_repeating_a_row_is_refused_on_the_repeat(mqa_runtime, tenant_a):
    admin = tenant_a.admin
    response = ok(upload(admin, "/api/v1/ledger/imports", csv_body(CLEAN + CLEAN[:1]), "text/csv"))
    assert [(p["row"], p["field"]) for p in response["problems"]] == [(5, "record")]
    assert "the same award" in response["problems"][0]["problem"] and "row 2" in response["problems"][0]["problem"]
    # A ledger that already holds a record twice (entered twice by hand) reads back as it is.
    body = {"subject_kind": "organization", "name": "示例", "uscc": ORG, "tier": "award", "cycle_year": 2021}
    ids = [ok(admin.post("/api/v1/ledger/awards", json=body), 201)["id"] for _ in range(2)]
    content = saved(workbook(admin, "/api/v1/ledger/workbook"))
    dry = ok(upload(admin, "/api/v1/ledger/imports", content))
    assert dry["problems"] == [] and [e["id"] for e in dry["existing"]] == ids and dry["awards"] == 0
    # ... and a third copy in the sheet is one too many.
    book = workbook(admin, "/api/v1/ledger/workbook")
    book.worksheets[0].append([c.value for c in book.worksheets[0][2]])
    dry = ok(upload(admin, "/api/v1/ledger/imports", saved(book)))
    assert [(p["row"], p["field"]) for p in dry["problems"]] == [(4, "record")]


# -- the expert pool --------------------------------------------------------------------------------

def pool(mqa_runtime, tenant_id: int) -> dict[int, Expert]:
    with session_of(mqa_runtime, tenant_id) as session:
        experts = list(session.scalars(select(Expert).order_by(Expert.id)))
        session.expunge_all()
    return {e.id: e for e in experts}


def add_experts(admin, *names, **extra) -> list[dict]:
    return [ok(admin.post("/api/v1/experts", json=expert_body(name, contact_phone=f"1380000000{i}", **extra)), 201)
            for i, name in enumerate(names)]


def new_row(**cells) -> list:
    values = {"姓名": "新专家", "职称级别": "正高级", "职称名称": "正高级工程师", "专业领域": "C；M",
              "从事质量工作起始日期": dt.datetime(2001, 3, 1), "出生日期": dt.datetime(1975, 4, 2),
              "工作单位": "南通大学", "联系电话": "13900000009", "已确认的资格条件": "；".join(ATTESTED),
              "状态": "在库", **cells}
    return [values.get(h) for h in POOL_HEADERS]


def test_the_pool_exports_and_a_dry_run_plans_one_create_and_one_update_and_writes_nothing(mqa_runtime, tenant_a):
    admin, tenant_id = tenant_a.admin, tenant_a.tenant.id
    first, second = add_experts(admin, "王一", "李二", employer_uscc=EMPLOYER)
    before = pool(mqa_runtime, tenant_id)

    book = workbook(tenant_a.as_(Role.SUPERVISOR), "/api/v1/experts/workbook")
    header, rows = table(book)
    assert header == POOL_HEADERS
    cell = {h: i for i, h in enumerate(header)}
    assert [(r[cell["编号"]], r[cell["版本"]], r[cell["姓名"]], r[cell["联系电话"]]) for r in rows] == [
        (e.id, e.version, e.name, e.contact_phone) for e in before.values()]
    assert rows[0][cell["职称级别"]] == "正高级" and rows[0][cell["状态"]] == "在库"
    assert rows[0][cell["出生日期"]].date() == before[first["id"]].born_on
    assert rows[0][cell["已确认的资格条件"]].split("；") == before[first["id"]].attested
    assert rows[0][cell["工作单位统一社会信用代码"]] == EMPLOYER and rows[0][cell["资格审查"]] == "符合"

    set_cell(book, 2, "联系电话", "13911112222")
    set_cell(book, 2, "专业领域", "C；F")
    book.worksheets[0].append(new_row())
    content = saved(book)

    dry = ok(upload(admin, "/api/v1/experts/import", content))
    assert dry["problems"] == [] and (dry["creates"], dry["updates"], dry["unchanged"]) == (1, 1, 1)
    assert [(p["row"], p["action"], p["id"], p["changes"]) for p in dry["plan"]] == [
        (2, "update", first["id"], ["contact_phone", "specialties"]), (3, "unchanged", second["id"], []),
        (4, "create", None, [])]
    assert dry["import_batch"] is None
    assert {i: (e.version, e.contact_phone, e.specialties) for i, e in pool(mqa_runtime, tenant_id).items()} == \
        {i: (e.version, e.contact_phone, e.specialties) for i, e in before.items()}
    assert events(mqa_runtime, tenant_id, "experts.imported") == []

    real = ok(upload(admin, "/api/v1/experts/import", content, dry_run=False), 201)
    created = real["plan"][2]["id"]
    after = pool(mqa_runtime, tenant_id)
    assert set(after) == {first["id"], second["id"], created}
    changed = after[first["id"]]
    assert (changed.contact_phone, changed.specialties, changed.version) == ("13911112222", ["C", "F"],
                                                                             before[first["id"]].version + 1)
    assert after[second["id"]].version == before[second["id"]].version
    made = after[created]
    assert (made.name, made.title, made.specialties, made.practice_started_on, made.born_on, made.employer_name,
            made.contact_phone, made.attested, made.status, made.user_id) == (
        "新专家", "senior", ["C", "M"], dt.date(2001, 3, 1), dt.date(1975, 4, 2), "南通大学", "13900000009",
        list(ATTESTED), ExpertStatus.ACTIVE, None)
    # judged as POST /experts judges: every qualification of nantong/2020 第九条 passed
    assert made.qualification and all(f["outcome"] == "passed" for f in made.qualification) and not made.flagged
    assert {f["citation"]["article"] for f in made.qualification} == {"第九条"}
    summary = events(mqa_runtime, tenant_id, "experts.imported")
    assert len(summary) == 1 and summary[0].target_id == real["import_batch"]
    assert summary[0].details["created"] == [created] and summary[0].details["updated"] == [first["id"]]
    assert [e.target_id for e in events(mqa_runtime, tenant_id, "expert.created")][-1] == str(created)
    updated = events(mqa_runtime, tenant_id, "expert.updated")
    assert len(updated) == 1 and updated[0].details["after"]["contact_phone"] == "13911112222"

    # The same sheet again: the applied update now matches the pool (unchanged: its old 版本 matters only
    # to a change), the new row is a duplicate of the expert it made.
    again = ok(upload(admin, "/api/v1/experts/import", content))
    assert {(p["row"], p["field"]) for p in again["problems"]} == {(4, "id")}
    assert f"expert {created} already has this name and phone" in again["problems"][0]["problem"]
    assert [p["action"] for p in again["plan"] if p["row"] == 2] == ["unchanged"]


def test_the_regulation_judges_imported_experts_and_a_refused_sheet_writes_nothing(mqa_runtime, tenant_a):
    """Nantong 2020 第九条: five years of practice and a senior title are strict; 一般不超过65周岁 flags."""
    admin, tenant_id = tenant_a.admin, tenant_a.tenant.id
    lines = ["姓名,职称级别,从事质量工作起始日期,出生日期,已确认的资格条件,联系电话",
             f"新手,正高级,{dt.date.today().year - 1}-01-01,1980-01-01,{'、'.join(ATTESTED)},13000000001",
             f"老专家,正高级,1990-01-01,1950-01-01,{'、'.join(ATTESTED)},13000000002",
             f"中级专家,中级,1990-01-01,1970-01-01,{'、'.join(ATTESTED)},13000000003",
             "坏数据,教授,1990-13-01,1970-01-01,,13000000004"]
    content = "\n".join(lines).encode("gb18030")
    dry = ok(upload(admin, "/api/v1/experts/import", content, "text/csv"))
    problems = {(p["row"], p["field"]): p["problem"] for p in dry["problems"]}
    assert set(problems) == {(2, "qualification"), (4, "qualification"), (5, "title"), (5, "practice_started_on")}
    assert "nantong/2020 第九条" in problems[(2, "qualification")] and "高级以上职称" in problems[(4, "qualification")]
    flagged = next(p for p in dry["plan"] if p["row"] == 3)
    assert flagged["action"] == "create" and flagged["flagged"] is True
    assert [(f["code"], f["strict"]) for f in flagged["findings"]] == [("age", False)]
    refused = upload(admin, "/api/v1/experts/import", content, "text/csv", dry_run=False)
    assert refused.status_code == 422, refused.get_json()
    assert {"rows.2.qualification", "rows.5.title"} <= set(refused.get_json()["errors"])
    assert len(refused.get_json()["details"]["problems"]) == 4
    assert pool(mqa_runtime, tenant_id) == {} and events(mqa_runtime, tenant_id, "expert.created") == []

    # Only the flagged one: written, flagged with its article, as POST /experts would.
    only = "\n".join([lines[0], lines[2]]).encode("utf-8-sig")
    written = ok(upload(admin, "/api/v1/experts/import", only, "text/csv", dry_run=False), 201)
    (expert,) = pool(mqa_runtime, tenant_id).values()
    assert written["plan"][0]["id"] == expert.id and expert.flagged and expert.name == "老专家"
    age = next(f for f in expert.qualification if f["code"] == "age")
    assert age["outcome"] == "failed" and age["citation"]["text"].startswith("nantong/2020 第九条")


def test_logins_versions_and_other_tenants_ids(mqa_runtime, tenant_a, tenant_b):
    admin, tenant_id = tenant_a.admin, tenant_a.tenant.id
    (expert,) = add_experts(admin, "赵三")
    book = workbook(admin, "/api/v1/experts/workbook")
    set_cell(book, 2, "登录账号", "expert-city-a")
    book.worksheets[0].append(new_row(姓名="借用账号", 登录账号="applicant-city-a"))
    book.worksheets[0].append(new_row(姓名="同号", 登录账号="expert-city-a", 联系电话="13700000000"))
    dry = ok(upload(admin, "/api/v1/experts/import", saved(book)))
    assert {(p["row"], p["field"]) for p in dry["problems"]} == {(3, "user"), (4, "user")}
    assert [(p["row"], p["changes"]) for p in dry["plan"]] == [(2, ["user_id"])]

    # Someone changes the expert after the export: the row is stale, as a PATCH with the old If-Match.
    ok(admin.patch(f"/api/v1/experts/{expert['id']}", json={"note": "改过"}, headers={"If-Match": '"1"'}))
    stale = ok(upload(admin, "/api/v1/experts/import", saved(book)))
    assert (2, "version") in {(p["row"], p["field"]) for p in stale["problems"]}

    # A clean sheet links the login through update_expert.
    book = workbook(admin, "/api/v1/experts/workbook")
    set_cell(book, 2, "登录账号", "expert-city-a")
    ok(upload(admin, "/api/v1/experts/import", saved(book), dry_run=False), 201)
    assert pool(mqa_runtime, tenant_id)[expert["id"]].user_id == tenant_a.user_ids[Role.EXPERT]

    # Tenant B sees none of it; A's ids are no experts of B's pool.
    _, rows = table(workbook(tenant_b.admin, "/api/v1/experts/workbook"))
    assert rows == []
    foreign = ok(upload(tenant_b.admin, "/api/v1/experts/import", saved(book)))
    assert {(p["row"], p["field"]) for p in foreign["problems"]} == {(2, "id"), (2, "user")} and foreign["plan"] == []
    _, rows = table(workbook(tenant_b.admin, "/api/v1/ledger/workbook"))
    assert rows == []


def test_a_column_the_sheet_lacks_is_left_and_an_unchanged_sheet_writes_nothing(mqa_runtime, tenant_a):
    admin, tenant_id = tenant_a.admin, tenant_a.tenant.id
    (expert,) = add_experts(admin, "钱四")
    unversioned = f"编号,联系电话,状态\n{expert['id']},13122223333,停用\n".encode()
    refused = ok(upload(admin, "/api/v1/experts/import", unversioned, "text/csv"))
    assert [(p["row"], p["field"]) for p in refused["problems"]] == [(2, "version")]  # PATCH's If-Match, by row
    content = f"编号,版本,联系电话,状态\n{expert['id']},{expert['version']},13122223333,停用\n".encode()
    dry = ok(upload(admin, "/api/v1/experts/import", content, "text/csv"))
    assert dry["plan"][0]["changes"] == ["contact_phone", "status"] and dry["problems"] == []
    ok(upload(admin, "/api/v1/experts/import", content, "text/csv", dry_run=False), 201)
    changed = pool(mqa_runtime, tenant_id)[expert["id"]]
    assert (changed.contact_phone, changed.status, changed.name, changed.born_on) == (
        "13122223333", ExpertStatus.INACTIVE, "钱四", dt.date(1976, 5, 1))
    unchanged = ok(upload(admin, "/api/v1/experts/import", content, "text/csv", dry_run=False), 201)
    assert unchanged["unchanged"] == 1 and unchanged["import_batch"] is None
    assert len(events(mqa_runtime, tenant_id, "experts.imported")) == 1
    garbled = ok(upload(admin, "/api/v1/experts/import", "编号,联系电话\n第一位,1\n".encode(), "text/csv"))
    assert [(p["row"], p["field"]) for p in garbled["problems"]] == [(2, "id")] and garbled["plan"] == []


@pytest.mark.parametrize("content, media_type, status, words", [
    (b"PK\x03\x04 not a workbook", XLSX, 422, "not a readable xlsx"),
    ("名字,电话\n张三,1\n".encode(), "text/csv", 422, "姓名 or 编号"),
    (b"", "text/csv", 422, "empty"),
    (b"\xff\xfe\x00garbage", "text/csv", 422, "CSV"),
    ("姓名\n张三\n".encode(), "application/json", 415, "text/csv"),
])
def test_unreadable_pool_files_are_refused_naming_the_body(tenant_a, content, media_type, status, words):
    response = upload(tenant_a.admin, "/api/v1/experts/import", content, media_type)
    body = response.get_json()
    assert response.status_code == status and "_body" in body["errors"] and words in str(body), body


def test_pool_limits_on_rows_and_size(tenant_a, monkeypatch):
    content = "\n".join(["姓名,职称级别"] + [f"专家{i},正高级" for i in range(3)]).encode()
    monkeypatch.setattr("core.reports.expert_pool.MAX_ROWS", 2)
    response = upload(tenant_a.admin, "/api/v1/experts/import", content, "text/csv")
    assert response.status_code == 422 and "more than 2 rows" in response.get_json()["message"]
    monkeypatch.setattr("core.reports.expert_pool.MAX_BYTES", 20)
    response = upload(tenant_a.admin, "/api/v1/experts/import", content, "text/csv")
    body = response.get_json()
    assert (response.status_code, body["code"]) == (413, "body_too_large"), body


def test_an_import_replays_under_its_idempotency_key(mqa_runtime, tenant_a):
    content = "\n".join(["姓名,职称级别,从事质量工作起始日期,出生日期,已确认的资格条件",
                         f"孙五,正高级,1995-01-01,1970-01-01,{'、'.join(ATTESTED)}"]).encode()
    key = {"Idempotency-Key": "pool-import-1"}
    first = ok(upload(tenant_a.admin, "/api/v1/experts/import", content, "text/csv", dry_run=False, headers=key), 201)
    replay = upload(tenant_a.admin, "/api/v1/experts/import", content, "text/csv", dry_run=False, headers=key)
    assert replay.status_code == 201 and replay.headers.get("Idempotent-Replayed") == "true"
    assert replay.get_json() == first and len(pool(mqa_runtime, tenant_a.tenant.id)) == 1


def test_roles(mqa_runtime, tenant_a):
    content = "姓名,职称级别\n周六,正高级\n".encode()
    for role in Role.tenant_roles():
        api = tenant_a.as_(role)
        reads = role in (Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.SUPERVISOR)
        assert api.get("/api/v1/ledger/workbook").status_code == (200 if reads else 403), role
        assert api.get("/api/v1/experts/workbook").status_code == (200 if reads else 403), role
        manages = role in (Role.OFFICE_ADMIN, Role.OFFICE_STAFF)
        assert upload(api, "/api/v1/experts/import", content, "text/csv").status_code == (200 if manages else 403), role
    with session_of(mqa_runtime, tenant_a.tenant.id) as session:
        assert session.scalar(select(func.count()).select_from(Expert)) == 0


def test_a_real_run_that_fails_midway_writes_no_row(mqa_runtime, tenant_a, monkeypatch):
    """The services commit one expert each; the import holds their commits back, so a row refused after
    others were written (here: a change the dry run could not foresee) rolls every row back."""
    admin, tenant_id = tenant_a.admin, tenant_a.tenant.id
    (expert,) = add_experts(admin, "吴七")
    header, (existing,) = table(workbook(admin, "/api/v1/experts/workbook"))
    book = openpyxl.Workbook()
    book.active.append(header)
    book.active.append(new_row())  # row 2: a create, written first (rows are applied in order)
    book.active.append(existing)  # row 3: an update, refused after the create was flushed
    set_cell(book, 3, "联系电话", "13000000077")
    from core.review import experts as expert_service

    real_update = expert_service.update_expert
    calls = []

    def refusing_update(*args, **kwargs):
        session = args[0]
        calls.append((args[4], session.scalar(select(func.count()).select_from(Expert))))
        real_update(*args, **kwargs)
        raise expert_service.InvalidInput.on("employer_uscc", "changed meanwhile")

    monkeypatch.setattr(expert_service, "update_expert", refusing_update)
    content = saved(book)
    before = pool(mqa_runtime, tenant_id)
    refused = upload(admin, "/api/v1/experts/import", content, dry_run=False)
    assert refused.status_code == 422 and "rows.3.employer_uscc" in refused.get_json()["errors"], refused.get_json()
    assert calls == [(expert["id"], 2)]  # the new expert was in the transaction when the update failed
    after = pool(mqa_runtime, tenant_id)
    assert set(after) == set(before) and after[expert["id"]].contact_phone == before[expert["id"]].contact_phone
    assert after[expert["id"]].version == before[expert["id"]].version
    assert [e.target_id for e in events(mqa_runtime, tenant_id, "expert.updated")] == []
    assert len(events(mqa_runtime, tenant_id, "expert.created")) == 1  # the one made through POST /experts
    assert events(mqa_runtime, tenant_id, "experts.imported") == []


def test_who_took_a_workbook_is_in_the_audit_trail(mqa_runtime, tenant_a):
    supervisor = tenant_a.as_(Role.SUPERVISOR)
    for path, name in (("/api/v1/experts/workbook", "专家库"), ("/api/v1/ledger/workbook", "台账")):
        response = supervisor.get(path)
        assert response.status_code == 200, path
        taken = [e for e in events(mqa_runtime, tenant_a.tenant.id, "workbook.downloaded") if e.target_id == name]
        assert len(taken) == 1 and taken[0].actor_id == tenant_a.user_ids[Role.SUPERVISOR]
        assert taken[0].details["bytes"] == len(response.data)
        assert taken[0].details["sha256"] == hashlib.sha256(response.data).hexdigest()
