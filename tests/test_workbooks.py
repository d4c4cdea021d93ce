"""The cycle workbook and the committee workbook (评审情况报告), end to end through the API: a Nantong 2023
cycle is reviewed to the committee's decision (tests/test_review_walk.py), put on notice with an objection
upheld and one dismissed, approved, rewarded and given its winners' duties (the steps of
tests/test_aftermath_walk.py); both workbooks are then built as jobs, downloaded and opened with
openpyxl, and every sheet is checked against the database and the API's own answers: its name, its
headers, its cell types and formats, its row count, its frozen header and filter, and the committee
workbook's native charts."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from core.applications.models import Application, ApplicationStatus, Screening
from core.applications.uscc import complete
from core.awards.models import LedgerAward, Obligation, RewardEntry
from core.engine.eligibility import facts_schema
from core.notices.models import Notice, Objection
from core.platform import clock
from core.platform.models import Role
from core.platform.tenancy import Scope
from core.reports import labels
from core.reports.xlsx import DATE_FORMAT, DATETIME_FORMAT, MONEY_FORMAT
from core.review.models import ScoreSheetRow
from core.review.results import counted_sheets
from tests.lifecycle import eligible_facts, make_applicant, make_application, make_cycle
from tests.test_aftermath_walk import Clock, _wait
from tests.test_jobs_storage import storage_world  # noqa: F401  (a fixture: the export storage, both ways)
from tests.test_review import ok
from tests.test_review_walk import review_a_cycle
from tests.walk import all_items

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "workbooks"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CYCLE_SHEETS = ["申报（组织）", "申报（个人）", "资格审查", "专家", "评审组成员", "抽取排除与利害关系", "评分表",
                "阶段汇总与分歧", "排名与名额", "名额使用", "获奖与奖金", "奖金台账", "异议与处理", "获奖义务"]
COMMITTEE_SHEETS = ["汇总", "排名", "分歧标记", "评分分布", "专家宽严"]


def request_workbook(client, cycle: int, kind: str, keep_as: str | None = None) -> tuple[dict, bytes, object]:
    """Start the workbook job, wait for it, download its file: (the finished job, the bytes, the response);
    with ``keep_as``, the file is kept as test-artifacts/workbooks/<keep_as>.xlsx for a person to open."""
    job = ok(client.post(f"/api/v1/cycles/{cycle}/workbooks", json={"kind": kind}), 202)
    assert job["kind"] == f"{kind}_workbook" and job["status"] in ("queued", "started", "finished")
    done = _wait(client, job)
    download = client.get(f"/api/v1/jobs/{job['id']}/download")
    assert download.status_code == 200, download.get_json()
    content = download.data
    download.close()
    if keep_as:  # test-artifacts/ is not committed
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{keep_as}.xlsx").write_bytes(content)
    return done, content, download


def walk_to_obligations(mqa_factory, anon, mqa_runtime, monkeypatch) -> dict:
    """The review walk, then the aftermath: the committee adopts the allocation, the candidate notice
    (Nantong 2023 第二十四条) takes a public objection that is upheld and one that is dismissed, the
    notice closes, the government approves, one reward is paid, and the winners' yearly reports are due."""
    walked = review_a_cycle("nantong", "2023", mqa_factory, anon, mqa_runtime, code="wb-nantong")
    world, cycle, organisations = walked["world"], walked["cycle"], walked["organisations"]
    admin = world.admin
    # a late application, screened: founded two years ago, too young for 2023 第十一条
    user = mqa_factory.user(world.tenant, Role.APPLICANT, "org-late")
    applicant = make_applicant(mqa_runtime, world.tenant.id, user.id, name="第九制造有限公司",
                               uscc=complete("91320600MA1MNNNN0"))
    facts, _ = eligible_facts("nantong", "2023", "organization")
    facts["founded_on"] = (clock.today() - dt.timedelta(days=2 * 365)).isoformat()
    late = make_application(mqa_runtime, world.tenant.id, cycle, applicant, facts=facts, status="submitted")
    screening = ok(world.as_(Role.OFFICE_STAFF).post(f"/api/v1/applications/{late}/screenings", json={}), 201)
    start = clock.today()
    days = Clock(monkeypatch, start)
    ok(admin.post(f"/api/v1/cycles/{cycle}/decisions", json={
        "kind": "deliberation", "body": "市质量发展委员会", "decided_on": start.isoformat(),
        "winners": [{"application_id": a, "tier": t} for a, t in walked["winners"].items()]}), 201)
    notice = ok(admin.post(f"/api/v1/cycles/{cycle}/notices", json={
        "stage": "approval_notice", "kind": "candidate", "starts_on": start.isoformat(),
        "how_to_object": "书面异议请寄市场监管局质量发展科"}), 201)
    listed = {e["application_id"]: e for e in notice["entries"]}
    board = f"/api/v1/public/{world.tenant.code}"
    upheld = ok(anon.post(f"{board}/notices/{notice['id']}/objections", json={
        "entry_id": listed[organisations[1]]["id"], "grounds": "该单位申报期间发生较大质量安全事故，未如实申报",
        "objector_name": "李四", "objector_contact": "lisi@example.com"}), 201)
    dismissed = ok(anon.post(f"{board}/notices/{notice['id']}/objections", json={
        "entry_id": listed[organisations[0]]["id"], "grounds": "材料存在夸大"}), 201)
    ok(admin.post(f"/api/v1/objections/{upheld['id']}/decision", json={
        "status": "upheld", "reasons": "经核实，该单位申报期间发生较大质量安全事故"}, headers={"If-Match": '"1"'}))
    ok(admin.post(f"/api/v1/objections/{dismissed['id']}/decision", json={
        "status": "dismissed", "reasons": "业绩材料经核实无误"}, headers={"If-Match": '"1"'}))
    ends_on = dt.date.fromisoformat(notice["ends_on"])
    days.go(ends_on + dt.timedelta(days=1))
    version = ok(admin.get(f"/api/v1/notices/{notice['id']}"))["version"]
    ok(admin.post(f"/api/v1/notices/{notice['id']}/close", json={"outcome": "公示结束"},
                  headers={"If-Match": f'"{version}"'}))
    approved_on = ends_on + dt.timedelta(days=3)
    days.go(approved_on)
    ok(admin.post(f"/api/v1/cycles/{cycle}/approval", json={
        "body": "市人民政府", "document_number": "政发〔2027〕1号", "approved_on": approved_on.isoformat()}), 201)
    awards = all_items(admin, f"/api/v1/awards?cycle_id={cycle}")
    paid = next(a for a in awards if a["application_id"] == organisations[0])
    ok(admin.post(f"/api/v1/awards/{paid['id']}/rewards", json={
        "kind": "paid", "amount_yuan": paid["reward_yuan"], "entry_on": approved_on.isoformat(),
        "reference": "财付〔2027〕8号"}), 201)
    return {**walked, "awards": awards, "paid": paid, "approved_on": approved_on, "screening": screening}


def _count(runtime, tenant_id: int, stmt) -> int:
    with runtime.session(Scope.tenant(tenant_id)) as session:
        return session.scalar(stmt)


def _rows(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]


def _header(sheet) -> list[str]:
    return [c.value for c in sheet[1]]


def _column(sheet, header: str) -> list:
    index = _header(sheet).index(header)
    return [row[index] for row in _rows(sheet)]


def _cells(sheet, header: str) -> list:
    index = _header(sheet).index(header) + 1
    return [sheet.cell(row=r, column=index) for r in range(2, sheet.max_row + 1)]


def _typed_sheet(sheet) -> None:
    """What every data sheet has: a bold filled header, the header row frozen, a filter over every column."""
    assert sheet.freeze_panes == "A2", sheet.title
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(sheet.max_column)}{sheet.max_row}", sheet.title
    assert all(c.font.b for c in sheet[1]), sheet.title
    widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i in range(1, sheet.max_column + 1)]
    assert all(6 <= w <= 60 for w in widths), (sheet.title, widths)


def test_both_workbooks_of_a_reviewed_and_approved_cycle(mqa_factory, anon, mqa_runtime, monkeypatch):
    walked = walk_to_obligations(mqa_factory, anon, mqa_runtime, monkeypatch)
    world, cycle = walked["world"], walked["cycle"]
    admin, supervisor = world.admin, world.as_(Role.SUPERVISOR)
    tenant = world.tenant.id
    # the office flags disagreement beyond 5 points: the walk's experts are 3 points apart in turn
    ok(admin.put("/api/v1/tenant/settings/review_disagreement_threshold", json={"value": "5"},
                 headers={"If-Match": '"0"'}))

    # -- the cycle workbook --------------------------------------------------------------------------
    job, content, download = request_workbook(supervisor, cycle, "cycle", "cycle-nantong-2023")  # a supervisor reads the review
    assert download.mimetype == XLSX and content[:2] == b"PK"
    assert "filename*=UTF-8''" in download.headers["Content-Disposition"]  # its Chinese name, RFC 5987
    assert job["result"]["bytes"] == len(content) and job["result"]["media_type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == CYCLE_SHEETS
    for sheet in book.worksheets:
        _typed_sheet(sheet)
        assert job["result"]["rows"][sheet.title] == sheet.max_row - 1, sheet.title

    rules = mqa_runtime.registry.rules("nantong")
    version = rules.jurisdiction.version("2023")
    for kind, title in (("organization", "申报（组织）"), ("individual", "申报（个人）")):
        sheet = book[title]
        expected = _count(mqa_runtime, tenant, select(func.count()).select_from(Application).where(
            Application.cycle_id == cycle, Application.entry_kind == kind))
        assert sheet.max_row - 1 == expected and expected > 0
        fact_headers = [labels.FACTS.get(name, name) for name in facts_schema(rules, version, kind).fields]
        assert _header(sheet)[-len(fact_headers):] == fact_headers
        assert all(re.search(r"[\u4e00-\u9fff]", h) for h in _header(sheet)), _header(sheet)
        submitted = _cells(sheet, "提交时间")
        assert all(isinstance(c.value, dt.datetime) and c.number_format == DATETIME_FORMAT for c in submitted)
    founded = _cells(book["申报（组织）"], "依法经营起始日")  # a date fact: a date cell, shown 2010年1月1日
    assert founded and all(isinstance(c.value, dt.datetime) and c.is_date and c.number_format == DATE_FORMAT
                           for c in founded)
    assert set(_column(book["申报（组织）"], "独立法人")) == {"是"}
    with mqa_runtime.session(Scope.tenant(tenant)) as session:
        statuses = dict(session.execute(select(Application.id, Application.status).where(
            Application.cycle_id == cycle, Application.entry_kind == "organization")).all())
    assert _column(book["申报（组织）"], "状态") == [labels.APPLICATION_STATUS[statuses[a].value]
                                                 for a in _column(book["申报（组织）"], "申报编号")]
    assert sorted(set(statuses.values()), key=str) == sorted({ApplicationStatus.ACCEPTED, ApplicationStatus.SUBMITTED},
                                                             key=str)

    screened = book["资格审查"]  # the late application's screening, its failed conditions with their articles
    in_db = _count(mqa_runtime, tenant, select(func.count()).select_from(Screening).join(
        Application, (Application.tenant_id == Screening.tenant_id) & (Application.id == Screening.application_id))
        .where(Application.cycle_id == cycle))
    assert screened.max_row - 1 == in_db == 1
    verdict = walked["screening"]
    row = dict(zip(_header(screened), _rows(screened)[0]))
    assert row["审查结论"] == labels.SCREENING_OUTCOME[verdict["outcome"]] == "不符合条件"
    failed = [f for f in verdict["findings"] if f["outcome"] == "failed"]
    assert row["未通过条件所依条款"].split("\n") == [f["citation"]["text"] for f in failed]
    assert all(f"{f['condition']}：" in row["未通过条件及理由"] for f in failed)
    assert screened.cell(row=2, column=4).is_date and screened.cell(row=2, column=4).number_format == DATE_FORMAT

    sheets_in_db = _count(mqa_runtime, tenant, select(func.count()).select_from(ScoreSheetRow).where(
        ScoreSheetRow.cycle_id == cycle))
    assert book["评分表"].max_row - 1 == sheets_in_db > 0
    reviews = rules.cycle_plan(version, {}).stages_of_kind("review")
    with mqa_runtime.session(Scope.tenant(tenant)) as session:
        counted = counted_sheets(session, cycle, reviews)
    assert _column(book["评分表"], "计入结果").count("是") == sum(len(s) for s in counted.values())
    assert all(isinstance(v, (int, float)) for v in _column(book["评分表"], "总分"))
    items = _header(book["评分表"])[11:-2]  # one typed column per item of the plugin's sheets
    assert items and all(re.fullmatch(r".+（\d+分）", h) for h in items), items
    for row in _rows(book["评分表"]):  # every sheet's items add up to its score
        values = row[11:-2]
        assert all(v is None or isinstance(v, (int, float)) for v in values)
        assert Decimal(str(sum(v for v in values if v is not None))) == Decimal(str(row[10]))

    results = {stage: ok(supervisor.get(f"/api/v1/cycles/{cycle}/stages/{stage}/results")) for stage in reviews}
    aggregates = book["阶段汇总与分歧"]
    assert aggregates.max_row - 1 == sum(len(r["results"]) for r in results.values())
    flagged = sum(r["disagreement"] for a in results.values() for r in a["results"])
    assert flagged > 0 and _column(aggregates, "分歧标记").count("是") == flagged
    by_key = {(labels.stage(s), r["application_id"]): Decimal(r["score"]) for s, a in results.items()
              for r in a["results"]}
    for row_stage, application_id, score in zip(_column(aggregates, "评审环节"), _column(aggregates, "申报编号"),
                                               _column(aggregates, "阶段得分")):
        assert Decimal(str(score)) == by_key[(row_stage, application_id)]

    ranking = ok(supervisor.get(f"/api/v1/cycles/{cycle}/ranking"))
    ranked = book["排名与名额"]
    assert ranked.max_row - 1 == len(ranking["ranked"]) + len(ranking["incomplete"])
    assert _column(ranked, "申报编号")[:len(ranking["ranked"])] == [r["application_id"] for r in ranking["ranked"]]
    assert [Decimal(str(t)) for t in _column(ranked, "总分")] == [Decimal(r["total"]) for r in ranking["ranked"]]
    winners = {w["application_id"] for a in ranking["allocation"].values() for w in a["winners"]}
    assert {a for a, tier in zip(_column(ranked, "申报编号"), _column(ranked, "拟获等次")) if tier} == winners
    assert all("第六条" in c for c in _column(ranked, "入选依据") if c)  # 2023 第六条: the award's quota

    awards = book["获奖与奖金"]
    in_db = _count(mqa_runtime, tenant, select(func.count()).select_from(LedgerAward).where(LedgerAward.cycle_id == cycle))
    assert awards.max_row - 1 == in_db == len(walked["awards"])
    money = _cells(awards, "奖金")
    assert all(isinstance(c.value, int) and c.number_format == MONEY_FORMAT for c in money)
    assert sorted(c.value for c in money) == sorted(a["reward_yuan"] for a in walked["awards"])
    approved = _cells(awards, "批准日期")
    assert all(c.is_date and c.value.date() == walked["approved_on"] and c.number_format == DATE_FORMAT
               for c in approved)
    paid_row = _column(awards, "奖项编号").index(walked["paid"]["id"])
    assert _column(awards, "已发放")[paid_row] == walked["paid"]["reward_yuan"]
    assert _column(awards, "待发放")[paid_row] == 0
    lines = _count(mqa_runtime, tenant, select(func.count()).select_from(RewardEntry).join(
        LedgerAward, (LedgerAward.tenant_id == RewardEntry.tenant_id) & (LedgerAward.id == RewardEntry.award_id))
        .where(LedgerAward.cycle_id == cycle))
    assert book["奖金台账"].max_row - 1 == lines  # what each award is owed, and the one payment
    assert _column(book["奖金台账"], "类型").count("已发") == 1
    assert _column(book["奖金台账"], "类型").count("应发") == sum(1 for a in walked["awards"] if a["reward_yuan"])
    assert all(isinstance(c.value, int) and c.number_format == MONEY_FORMAT for c in _cells(book["奖金台账"], "金额"))

    objections = book["异议与处理"]
    in_db = _count(mqa_runtime, tenant, select(func.count()).select_from(Objection).join(
        Notice, (Notice.tenant_id == Objection.tenant_id) & (Notice.id == Objection.notice_id))
        .where(Notice.cycle_id == cycle))
    assert objections.max_row - 1 == in_db == 2
    assert sorted(_column(objections, "处理结果")) == sorted(["异议成立", "异议不成立"])
    assert "李四" not in str(_rows(objections)) and "lisi" not in str(_rows(objections))  # 为举报人保密
    assert all("第二十四条" in c for c in _column(objections, "公示依据"))

    duties = book["获奖义务"]
    in_db = _count(mqa_runtime, tenant, select(func.count()).select_from(Obligation).join(
        LedgerAward, (LedgerAward.tenant_id == Obligation.tenant_id) & (LedgerAward.id == Obligation.award_id))
        .where(LedgerAward.cycle_id == cycle))
    assert duties.max_row - 1 == in_db > 0
    assert set(_column(duties, "状态")) <= set(labels.OBLIGATION_STATE.values())
    assert all(c.is_date and c.number_format == DATE_FORMAT for c in _cells(duties, "截止日期"))
    assert all("第二十八条" in c for c in _column(duties, "依据条款"))  # 2023 第二十八条: yearly reports

    members = book["评审组成员"]
    assert "回避" in _column(members, "席位状态")  # the walk's recusal at the first stage, with its reason
    assert "与申报单位存在业务往来" in _column(members, "回避或谢绝理由")
    assert any("申报" in (r or "") for r in _column(book["抽取排除与利害关系"], "未入抽取池原因（含利害关系）"))

    # -- the committee workbook ----------------------------------------------------------------------
    job, content, _download = request_workbook(admin, cycle, "committee", "committee-nantong-2023")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == COMMITTEE_SHEETS
    summary = book["汇总"]
    assert summary["A1"].value.endswith("评审情况报告") and summary["A1"].font.b
    labels_in_a = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2) for r in range(2, 8)}
    assert "南通市市长质量奖管理办法" in labels_in_a["规则版本"].value and "2023" in labels_in_a["规则版本"].value
    reported = labels_in_a["报告日期"]
    assert reported.is_date and reported.value.date() == walked["approved_on"] and reported.number_format == DATE_FORMAT
    assert summary.page_setup.orientation == "landscape" and summary.page_setup.fitToWidth == 1
    assert summary.sheet_properties.pageSetUpPr.fitToPage and summary.print_area
    texts = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    assert {"一、申报与受理", "二、各评审环节", "三、各等次", "四、各领域", "五、名额使用"} <= set(texts)

    ranked = book["排名"]
    _typed_sheet(ranked)
    assert ranked.max_row - 1 == len(ranking["ranked"])
    header = _header(ranked)
    for stage in reviews:  # each expert's sheet beside the stage's aggregate, in the API's order
        name = labels.stage(stage)
        experts = [h for h in header if re.fullmatch(rf"{name}专家\d+", h)]
        by_app = {r["application_id"]: r for r in results[stage]["results"]}
        for row in _rows(ranked):
            result = by_app.get(row[1])
            if result is None:
                continue
            assert Decimal(str(row[header.index(f"{name}得分")])) == Decimal(result["score"])
            shown = [row[header.index(h)] for h in experts][:len(result["sheets"])]
            assert [Decimal(str(v)) for v in shown] == [Decimal(s["raw"]) for s in result["sheets"]]
    flags = book["分歧标记"]
    _typed_sheet(flags)
    assert flags.max_row - 1 == flagged
    assert job["result"]["rows"]["charts"] == 1 + 2 * len(reviews)

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        charts = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) == 1 + 2 * len(reviews)
        xml = [archive.read(n).decode() for n in charts]
        drawings = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/drawings/_rels"))
    assert all(re.search(r"<(c:)?barChart>", x) for x in xml)
    titles = " ".join(xml)
    assert "名额使用（按等次）" in titles
    for stage in reviews:
        assert f"{labels.stage(stage)}得分分布" in titles and f"{labels.stage(stage)}：专家平均分与组平均分" in titles
    assert drawings.count("chart") >= len(charts)

    events = [e for e in all_items(supervisor, "/api/v1/audit-events") if e["action"] == "workbook.exported"]
    assert sorted((e["actor_role"], e["details"]["kind"]) for e in events) == [  # who exported what
        ("office_admin", "committee_workbook"), ("supervisor", "cycle_workbook")]
    assert all(e["details"]["sha256"] and e["details"]["rows"] for e in events)
    assert {e["target_id"] for e in events} == {str(cycle)}


def test_who_may_ask_for_a_workbook(tenant_a, tenant_b, mqa_factory, anon, mqa_runtime):
    cycle = make_cycle(mqa_runtime, tenant_a.tenant.id)
    path = f"/api/v1/cycles/{cycle}/workbooks"
    for role in (Role.APPLICANT, Role.EXPERT):
        refused = tenant_a.as_(role).post(path, json={"kind": "cycle"})
        assert refused.status_code == 403, (role, refused.get_json())
    assert tenant_b.admin.post(path, json={"kind": "cycle"}).status_code == 404  # another tenant's cycle
    assert tenant_a.admin.post("/api/v1/cycles/999999/workbooks", json={"kind": "cycle"}).status_code == 404
    bad = tenant_a.admin.post(path, json={"kind": "pivot"})
    assert bad.status_code == 422 and "kind" in bad.get_json()["errors"]
    missing = tenant_a.admin.post(path, json={})
    assert missing.status_code == 422 and "kind" in missing.get_json()["errors"]

    staff = tenant_a.as_(Role.OFFICE_STAFF)
    job, content, _ = request_workbook(staff, cycle, "cycle")  # office staff: review.read, not exports.run
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == CYCLE_SHEETS  # a cycle still taking applications: headers only, and its quotas
    assert [s.title for s in book.worksheets if s.max_row > 1] == ["名额使用"]
    quotas = _rows(book["名额使用"])
    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        from core.cycles.plans import get_cycle, rules_of
        rules, version = rules_of(mqa_runtime.registry, get_cycle(session, cycle))
        plan = rules.quota_plan(version, {})
    assert [(q[3], q[7]) for q in quotas] == [(q.max_count, str(q.citation)) for q in plan.quotas]  # the text's caps
    key = {"Idempotency-Key": "wb-once"}
    first = tenant_a.admin.post(path, json={"kind": "committee"}, headers=key)
    again = tenant_a.admin.post(path, json={"kind": "committee"}, headers=key)
    assert first.status_code == again.status_code == 202 and again.headers.get("Idempotent-Replayed") == "true"
    assert first.get_json()["id"] == again.get_json()["id"]
    _wait(tenant_a.admin, first.get_json())
    # a workbook is downloaded under review.read; the tenant export keeps exports.run
    assert tenant_a.as_(Role.APPLICANT).get(f"/api/v1/jobs/{job['id']}/download").status_code == 403
    export = ok(tenant_a.admin.post("/api/v1/exports", json={}), 202)
    _wait(tenant_a.admin, export)
    assert staff.get(f"/api/v1/jobs/{export['id']}/download").status_code == 403
    assert tenant_b.admin.get(f"/api/v1/jobs/{job['id']}/download").status_code == 404


def test_a_workbook_is_kept_in_the_chosen_storage_beside_the_json_export(storage_world):  # noqa: F811
    """The workbook's file goes where the tenant export's goes (database or shared directory), as
    ``<job>.xlsx`` on disk, and is served with its own media type; the export stays ``<job>.json``."""
    from core.cycles.models import Cycle
    from core.platform.models import ExportFile
    from core.platform.services import exports

    storage, runtime, tenant, client, _other = storage_world
    cycle = make_cycle(runtime, tenant.id)
    job = ok(client.post(f"/api/v1/cycles/{cycle}/workbooks", json={"kind": "committee"}), 202)
    runtime.queue.wait(job["id"])
    export = ok(client.post("/api/v1/exports", json={}), 202)
    runtime.queue.wait(export["id"])
    download = client.get(f"/api/v1/jobs/{job['id']}/download")
    body = download.data
    download.close()
    assert download.status_code == 200 and download.mimetype == XLSX
    assert openpyxl.load_workbook(io.BytesIO(body)).sheetnames == COMMITTEE_SHEETS
    with runtime.session(Scope.tenant(tenant.id)) as session:
        name = session.scalar(select(Cycle.name).where(Cycle.id == cycle))
    with runtime.session(Scope.platform()) as session:
        record = session.get(ExportFile, (tenant.id, job["id"]))
        assert (record.storage, record.media_type, record.size) == (storage, XLSX, len(body))
        assert record.filename == f"{name}-评审情况报告.xlsx"
    on_disk = exports.export_path(runtime.settings.exports_path, tenant.id, job["id"], ".xlsx")
    assert on_disk.exists() == (storage == "directory")
    if storage == "directory":
        assert on_disk.read_bytes() == body
        assert exports.export_path(runtime.settings.exports_path, tenant.id, export["id"]).exists()  # .json
    replay = client.get(f"/api/v1/jobs/{export['id']}/download")
    assert replay.status_code == 200 and replay.mimetype == "application/json"
    replay.close()
