"""The public notice board's HTML pages (/public/<tenant code>/): read without login or JavaScript, in
Chinese; they publish what a notice publishes and nothing else; the objection form files through the
notices service (receipt shown once, field reasons on a refusal, the dates outside the period), refuses a
post without its double-submit token, and keeps tenants apart."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from io import BytesIO

import pytest
from sqlalchemy import select

from core.awards.models import LedgerSanction, LedgerSource
from core.notices.models import EntryStatus, Notice, NoticeEntry, NoticeStatus, Objection, ObjectionFile
from core.platform import clock
from core.reports.xlsx import chinese_date
from core.platform.models import Role
from core.platform.tenancy import Scope, scoped
from core.review.models import CommitteeDecision, DecisionKind
from tests.lifecycle import eligible_facts, make_applicant, make_application, make_cycle

CITATION = {"jurisdiction": "nantong", "version": "2023", "article": "第二十四条", "item": None,
            "text": "nantong/2023 第二十四条", "note": None}
HOW_TO_OBJECT = "异议请在公示期内提出，书面异议请注明联系方式。联系电话：0513-12345678"
FACT_SENTINEL = "营业收入核查值FACT-4711"
SCORE_SENTINEL = "987.654"
COMPANIES = (("第一制造有限公司", "91320600MA1MXXXX03"), ("第二制造有限公司", "91320600MA1MYYYY0C"),
             ("第三制造有限公司", "91320600MA1MWWWW09"))


@dataclass
class Board:
    """A tenant with a cycle, three applications and a running candidate notice listing them."""

    code: str
    name: str
    tenant_id: int
    cycle_id: int
    applications: list[int]
    notice_id: int
    entry_ids: list[int]
    admin: object = None
    facts: dict = field(default_factory=dict)

    @property
    def home(self) -> str:
        return f"/public/{self.code}/"

    @property
    def notice_url(self) -> str:
        return f"/public/{self.code}/notices/{self.notice_id}"

    @property
    def form_url(self) -> str:
        return f"{self.notice_url}/object"


def publish(runtime, tenant_id: int, cycle_id: int, listed: list[tuple[int, str]], *, starts_on: dt.date,
            ends_on: dt.date, kind: str = "candidate", stage: str = "candidate_notice", title: str | None = None,
            status: NoticeStatus = NoticeStatus.OPEN, outcome: str = "") -> tuple[int, list[int]]:
    """A notice of ``kind`` with the (application id, name) of ``listed``, written straight to the table
    as the office's publication leaves it; returns its id and its entries' ids."""
    with runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        notice = Notice(cycle_id=cycle_id, stage=stage, kind=kind, title=title or "2026年度南通市市长质量奖候选名单公示",
                        citation=CITATION, min_days=7, working_days=True, backfill=False, starts_on=starts_on,
                        ends_on=ends_on, earliest_end=ends_on, how_to_object=HOW_TO_OBJECT, status=status,
                        outcome=outcome)
        session.add(notice)
        session.flush()
        entries = [NoticeEntry(notice_id=notice.id, application_id=application_id, position=position, name=name,
                               tier="award", category=None, entry_kind="organization")
                   for position, (application_id, name) in enumerate(listed)]
        session.add_all(entries)
        session.commit()
        return notice.id, [e.id for e in entries]


def make_board(factory, anon, runtime, code: str = "nantong-board", name: str = "南通市质量发展委员会办公室") -> Board:
    """The tenant, its office admin (logged in), a cycle, three accepted applications with facts and a
    committee decision carrying scores, and a notice running from two days ago to five days ahead."""
    tenant = factory.tenant(code, jurisdiction="nantong", name=name)
    factory.user(tenant, Role.OFFICE_ADMIN, f"admin-{code}")
    admin = anon.login(f"admin-{code}", tenant=code)
    cycle = make_cycle(runtime, tenant.id, version_code="2023")
    facts, _ = eligible_facts("nantong", "2023", "organization")
    applications = []
    for n, (company, uscc) in enumerate(COMPANIES):
        user = factory.user(tenant, Role.APPLICANT, f"org-{code}-{n}")
        applicant = make_applicant(runtime, tenant.id, user.id, name=company, uscc=uscc)
        applications.append(make_application(runtime, tenant.id, cycle, applicant, status="accepted",
                                              facts={**facts, "name": company, "revenue_note": FACT_SENTINEL}))
    with runtime.session() as session, scoped(session, Scope.tenant(tenant.id)):
        session.add(CommitteeDecision(
            cycle_id=cycle, kind=DecisionKind.DELIBERATION, body="市质量发展委员会", decided_on=clock.today(),
            winners=[{"application_id": a, "tier": "award"} for a in applications],
            ranking={"ranked": [{"application_id": a, "entry_kind": "organization", "total": SCORE_SENTINEL}
                                for a in applications]}))
        session.commit()
    today = clock.today()
    notice_id, entry_ids = publish(runtime, tenant.id, cycle, list(zip(applications, (c for c, _ in COMPANIES))),
                                   starts_on=today - dt.timedelta(days=2), ends_on=today + dt.timedelta(days=5))
    return Board(code, name, tenant.id, cycle, applications, notice_id, entry_ids, admin, facts)


@pytest.fixture
def board(mqa_factory, anon, mqa_runtime) -> Board:
    anon.client.environ_base.pop("HTTP_ACCEPT_LANGUAGE", None)  # the public reads in Chinese: no language asked
    return make_board(mqa_factory, anon, mqa_runtime)


def html(response) -> str:
    assert response.mimetype == "text/html", (response.status_code, response.data[:300])
    return response.get_data(as_text=True)


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the form carries no csrf_token"
    return found.group(1)


def receipt_of(page: str) -> str:
    found = re.search(r'<p class="receipt" id="receipt">([^<]+)</p>', page)
    assert found, page
    return found.group(1).strip()


def form_data(entry_id, grounds="该企业申报材料中的质量管理成效数据与实际不符。", token: str | None = None, **extra):
    data = {"entry_id": str(entry_id), "grounds": grounds, "objector_name": "", "objector_contact": ""}
    if token is not None:
        data["csrf_token"] = token
    return {**data, **extra}


def objections(runtime, tenant_id: int) -> list[Objection]:
    with runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        rows = list(session.scalars(select(Objection).order_by(Objection.id)))
        session.expunge_all()
        return rows


# -- reading ---------------------------------------------------------------------------------------------

def test_the_index_lists_the_notices_in_chinese_without_login_or_script(anon, board):
    response = anon.client.get(board.home)
    assert response.status_code == 200
    page = html(response)
    assert '<html lang="zh-CN">' in page and "<script" not in page.lower()
    assert board.name in page and "2026年度南通市市长质量奖候选名单公示" in page and "公示中" in page
    assert "候选名单公示" in page
    today = clock.today()
    assert f"{chinese_date(today - dt.timedelta(days=2))} 至 {chinese_date(today + dt.timedelta(days=5))}" in page
    assert f'href="{board.notice_url}"' in page
    assert f'href="/public/{board.code}/announcements"' in page
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy  # no script may run


def test_a_notice_shows_its_list_article_period_and_how_to_object(anon, board, mqa_runtime):
    page = html(anon.client.get(board.notice_url))
    today = clock.today()
    assert "nantong/2023 第二十四条" in page
    assert f"{chinese_date(today - dt.timedelta(days=2))} 至 {chinese_date(today + dt.timedelta(days=5))}（含首尾两日）" in page
    assert HOW_TO_OBJECT in page
    for words in ("任何单位和个人均可", "提倡实名", "并非必须", "为举报人保密", f"{chinese_date(today + dt.timedelta(days=5))} 当日24时"):
        assert words in page, words
    assert all(company in page for company, _ in COMPANIES) and "市长质量奖" in page and "组织" in page
    assert f'href="{board.form_url}"' in page and "提出异议 / Object" in page
    assert "公示结果" not in page  # not closed yet


def test_a_notice_publishes_no_facts_scores_ids_or_objections(anon, board, mqa_runtime):
    from core.notices import services

    with mqa_runtime.session() as session, scoped(session, Scope.tenant(board.tenant_id)):
        services.file_objection(session, board.notice_id, entry_id=board.entry_ids[0], grounds="举报内容OBJ-SECRET-9",
                                objector_name="举报人王某某", objector_contact="13900001111", via="api",
                                files=[services.EvidenceFile("证据.pdf", "application/pdf", b"%PDF-1.7 evidence")])
    pages = [html(anon.client.get(path)) for path in (board.home, board.notice_url, board.form_url)]
    for page in pages:
        for uscc in (u for _, u in COMPANIES):
            assert uscc not in page
        for hidden in (FACT_SENTINEL, board.facts["founded_on"], board.facts["excellence_model_since"],
                       "county_government_quality_award", "environmental_credit", SCORE_SENTINEL, "application_id",
                       "OBJ-SECRET-9", "举报人王某某", "13900001111", "证据.pdf"):
            assert hidden not in page, hidden
    # the form's choices are the notice's entries, by the entry's own id
    assert all(f'<option value="{entry_id}"' in pages[2] for entry_id in board.entry_ids)


def test_struck_off_and_backfilled_names_and_the_outcome_of_a_closed_notice(anon, board, mqa_runtime):
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(board.tenant_id)):
        removed = session.get(NoticeEntry, (board.tenant_id, board.entry_ids[1]))
        removed.status, removed.removed_reason = EntryStatus.REMOVED, "异议查实，取消资格（异议 1）"
        session.get(NoticeEntry, (board.tenant_id, board.entry_ids[2])).backfilled = True
        notice = session.get(Notice, (board.tenant_id, board.notice_id))
        notice.status, notice.outcome = NoticeStatus.CLOSED, "公示期满，2名通过公示，1名因异议查实被取消资格"
        session.commit()
    page = html(anon.client.get(board.notice_url))
    assert f"<del>{COMPANIES[1][0]}</del>" in page and "因异议查实取消资格" in page
    assert "递补" in page and "已结束" in page
    assert "公示结果" in page and "公示期满，2名通过公示，1名因异议查实被取消资格" in page
    assert "提出异议 / Object" not in page  # closed: no link to the form
    assert "异议 1" not in page  # the removal's internal reason is not published


def test_the_announcements_page_lists_public_sanction_announcements(anon, board, mqa_runtime):
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(board.tenant_id)):
        session.add(LedgerSanction(subject_kind="organization", name="某某违规有限公司", uscc="91320600MA1MZZZZ0X",
                                   source=LedgerSource.RECORDED, kind="false_application",
                                   decided_on=dt.date(2026, 3, 1), citation=CITATION, evidence="内部调查报告EVID-77",
                                   announcement="某某违规有限公司：以虚假材料骗取市长质量奖，撤销其奖项并收回奖金。"))
        session.commit()
    page = html(anon.client.get(f"/public/{board.code}/announcements"))
    assert "处理决定公告" in page and "以虚假材料骗取市长质量奖" in page and "2026年3月1日" in page  # the board writes dates the Chinese way
    assert "nantong/2023 第二十四条" in page
    assert "91320600MA1MZZZZ0X" not in page and "EVID-77" not in page


# -- filing ----------------------------------------------------------------------------------------------

def test_an_objection_filed_through_the_form_gives_a_receipt_and_reads_the_decision(anon, board, mqa_runtime):
    client = anon.client
    form = html(client.get(board.form_url))
    assert "为举报人保密" in form and 'enctype="multipart/form-data"' in form
    data = form_data(board.entry_ids[1], token=csrf_token(form), objector_name="李四",
                     objector_contact="lisi@example.cn")
    data["files"] = [(BytesIO(b"%PDF-1.7 scan of the contract"), "合同扫描件.pdf", "application/pdf")]
    response = client.post(board.form_url, data=data, content_type="multipart/form-data")
    assert response.status_code == 200, response.data[:2000]
    page = html(response)
    receipt = receipt_of(page)
    assert "异议已提交" in page and "回执只显示这一次" in page and COMPANIES[1][0] in page
    assert response.headers["Cache-Control"] == "no-store"
    outcome_url = f"/public/{board.code}/objections?receipt={receipt}"
    assert f'href="{outcome_url}"' in page

    [filed] = objections(mqa_runtime, board.tenant_id)
    assert (filed.entry_id, filed.filed_via, filed.objector_name, filed.real_name) == (board.entry_ids[1], "page",
                                                                                        "李四", True)
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(board.tenant_id)):
        [evidence] = session.scalars(select(ObjectionFile))
        assert (evidence.filename, evidence.content) == ("合同扫描件.pdf", b"%PDF-1.7 scan of the contract")

    waiting = html(client.get(outcome_url))
    assert "已收到" in waiting and "2026年度南通市市长质量奖候选名单公示" in waiting
    assert "李四" not in waiting and "lisi@example.cn" not in waiting and "理由" not in waiting

    path = f"/api/v1/objections/{filed.id}"
    version = board.admin.get(path).headers["ETag"]
    decided = board.admin.post(f"{path}/decision", json={"status": "upheld", "reasons": "经核查，举报属实。"},
                               headers={"If-Match": version})
    assert decided.status_code == 200, decided.get_json()
    done = html(client.get(outcome_url))
    assert "异议成立" in done and "异议查明属实，已取消其获奖资格" in done and "经核查，举报属实。" in done
    assert chinese_date(clock.today()) in done
    notice = html(client.get(board.notice_url))
    assert f"<del>{COMPANIES[1][0]}</del>" in notice and "因异议查实取消资格" in notice


def test_an_anonymous_objection_needs_no_name(anon, board, mqa_runtime):
    form = html(anon.client.get(board.form_url))
    response = anon.client.post(board.form_url, data=form_data(board.entry_ids[0], token=csrf_token(form)))
    assert response.status_code == 200 and receipt_of(html(response))
    [filed] = objections(mqa_runtime, board.tenant_id)
    assert filed.real_name is False and filed.objector_name is None and filed.objector_contact is None


def test_a_refused_form_comes_back_with_each_fields_reason_keeping_what_was_typed(anon, board, mqa_runtime):
    client = anon.client
    token = csrf_token(html(client.get(board.form_url)))
    grounds_typed = "理由写了一半 <b>不要转义丢失</b>"
    response = client.post(board.form_url, data=form_data("", grounds="   ", token=token, objector_name="王五",
                                                          objector_contact="x" * 201))
    assert response.status_code == 422
    page = html(response)
    assert "异议未提交" in page
    assert re.search(r'id="entry_id-error">请从公示名单中选择', page)
    assert re.search(r'id="grounds-error">请填写异议理由', page)
    assert re.search(r'id="objector_contact-error">最多 200 个字符', page)
    assert 'value="王五"' in page and 'value="' + "x" * 201 + '"' in page

    response = client.post(board.form_url, data={
        **form_data(board.entry_ids[2], grounds=grounds_typed + "\x00", token=token),
        "files": [(BytesIO(b"x"), f"f{n}.txt", "text/plain") for n in range(6)]}, content_type="multipart/form-data")
    assert response.status_code == 422
    page = html(response)
    assert re.search(r'id="grounds-error">含有无法保存的空字符', page)
    assert re.search(r'id="files-error">最多 5 个文件', page)
    assert "&lt;b&gt;不要转义丢失&lt;/b&gt;" in page and "<b>不要转义丢失</b>" not in page  # kept, and escaped
    assert f'<option value="{board.entry_ids[2]}" selected>' in page
    assert "f0.txt、f1.txt" in page and "请重新选择" in page  # files cannot be kept: the page says so

    response = client.post(board.form_url, data={  # five files are allowed: only the name is refused
        **form_data(board.entry_ids[2], token=token, objector_name="赵\x00六"),
        "files": [(BytesIO(b"x"), f"f{n}.txt", "text/plain") for n in range(5)]}, content_type="multipart/form-data")
    assert response.status_code == 422
    page = html(response)
    assert re.search(r'id="objector_name-error">含有无法保存的空字符', page)
    assert 'id="files-error"' not in page and 'id="entry_id-error"' not in page and "stand-in" not in page
    assert objections(mqa_runtime, board.tenant_id) == []


def test_outside_the_period_the_form_is_refused_naming_the_dates(anon, board, mqa_runtime, monkeypatch):
    client = anon.client
    token = csrf_token(html(client.get(board.form_url)))
    starts, ends = clock.today() - dt.timedelta(days=2), clock.today() + dt.timedelta(days=5)
    later = ends + dt.timedelta(days=1)
    monkeypatch.setattr(clock, "today", lambda: later)
    response = client.post(board.form_url, data=form_data(board.entry_ids[0], grounds="逾期提交的理由", token=token))
    assert response.status_code == 409
    page = html(response)
    assert f"异议受理期为 {chinese_date(starts)} 至 {chinese_date(ends)}" in page and chinese_date(later) in page
    assert "逾期提交的理由" in page  # what was typed is shown, not lost silently
    assert '<form method="post"' not in page
    shown = html(client.get(board.form_url))
    assert f"{chinese_date(starts)} 至 {chinese_date(ends)}" in shown and "异议受理期已过" in shown
    assert '<form method="post"' not in shown and 'name="csrf_token"' not in shown
    notice = html(client.get(board.notice_url))
    assert "提出异议 / Object" not in notice and "公示期满" in notice
    assert objections(mqa_runtime, board.tenant_id) == []


def test_a_post_without_its_token_is_refused(anon, board, mqa_runtime):
    client = anon.client
    bare = client.post(board.form_url, data=form_data(board.entry_ids[0], token="x" * 43))
    assert bare.status_code == 400 and "无法验证表单" in html(bare)  # no cookie
    token = csrf_token(html(client.get(board.form_url)))
    forged = client.post(board.form_url, data=form_data(board.entry_ids[0], token="A" * 43))
    assert forged.status_code == 400 and "异议未提交" in html(forged)
    missing = client.post(board.form_url, data=form_data(board.entry_ids[0]))
    assert missing.status_code == 400
    cross = client.post(board.form_url, data=form_data(board.entry_ids[0], token=token),
                        headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 400
    assert objections(mqa_runtime, board.tenant_id) == []
    good = client.post(board.form_url, data=form_data(board.entry_ids[0], token=token))
    assert good.status_code == 200 and len(objections(mqa_runtime, board.tenant_id)) == 1


def test_too_many_objections_from_one_address_get_a_chinese_page(anon, board):
    statuses = [anon.client.post(board.form_url, data=form_data(board.entry_ids[0])).status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]
    refused = anon.client.post(board.form_url, data=form_data(board.entry_ids[0]))
    assert refused.status_code == 429 and "提交过于频繁" in html(refused) and int(refused.headers["Retry-After"]) > 0
    assert anon.client.get(board.form_url).status_code == 200  # reading is not limited so


def test_an_upload_over_the_body_limit_is_a_page_saying_so(anon, board, mqa_runtime):
    anon.client.get(board.form_url)
    size = mqa_runtime.settings.max_body_bytes + 1
    # a raw body (the test client would spool a multipart one to a temporary file the app never reads)
    response = anon.client.post(board.form_url, data=b"0" * size, content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413 and "上传内容过大" in html(response) and "1 MB" in html(response)
    assert objections(mqa_runtime, board.tenant_id) == []


def test_a_backfilled_name_is_open_to_objection_for_its_own_period(anon, board, mqa_runtime, monkeypatch):
    today = clock.today()
    own_end = today + dt.timedelta(days=12)
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(board.tenant_id)):
        removed = session.get(NoticeEntry, (board.tenant_id, board.entry_ids[0]))
        removed.status = EntryStatus.REMOVED
        backfilled = session.get(NoticeEntry, (board.tenant_id, board.entry_ids[2]))
        backfilled.backfilled, backfilled.listed_on, backfilled.ends_on = True, today, own_end
        session.commit()
    page = html(anon.client.get(board.notice_url))
    assert f"公示期 {chinese_date(today)} 至 {chinese_date(own_end)}" in page and f"最晚至 {chinese_date(own_end)}" in page

    later = today + dt.timedelta(days=8)  # past the notice's last day, within the backfilled name's own
    monkeypatch.setattr(clock, "today", lambda: later)
    index = html(anon.client.get(board.home))
    assert "递补对象公示中" in index
    form = html(anon.client.get(board.form_url))
    assert f'<option value="{board.entry_ids[2]}"' in form
    assert f'<option value="{board.entry_ids[1]}"' not in form and f'<option value="{board.entry_ids[0]}"' not in form
    token = csrf_token(form)
    unchosen = anon.client.post(board.form_url, data=form_data("", token=token))
    assert unchosen.status_code == 422 and re.search(r'id="entry_id-error">请从公示名单中选择', html(unchosen))
    late = anon.client.post(board.form_url, data=form_data(board.entry_ids[1], token=token))
    assert late.status_code == 409 and f"至 {chinese_date(today + dt.timedelta(days=5))}" in html(late)
    filed = anon.client.post(board.form_url, data=form_data(board.entry_ids[2], token=token))
    assert filed.status_code == 200 and receipt_of(html(filed))
    assert [o.entry_id for o in objections(mqa_runtime, board.tenant_id)] == [board.entry_ids[2]]


def test_a_notice_is_not_public_before_its_publication_day(anon, board, mqa_runtime):
    tomorrow = clock.today() + dt.timedelta(days=1)
    notice_id, _ = publish(mqa_runtime, board.tenant_id, board.cycle_id, [(board.applications[0], COMPANIES[0][0])],
                           starts_on=tomorrow, ends_on=tomorrow + dt.timedelta(days=7), kind="recommended",
                           stage="recommended_notice", title="尚未发布的拟表彰名单公示")
    assert "尚未发布的拟表彰名单公示" not in html(anon.client.get(board.home))
    for path in (f"/public/{board.code}/notices/{notice_id}", f"/public/{board.code}/notices/{notice_id}/object"):
        response = anon.client.get(path)
        assert response.status_code == 404 and "尚未发布" not in html(response), path


# -- what is not there ------------------------------------------------------------------------------------

def test_unknown_tenants_notices_receipts_and_paths_are_html_404s(anon, board):
    for path in ("/public/no-such-office/", f"/public/{board.code}/notices/999999",
                 f"/public/{board.code}/notices/99999999999", f"/public/{board.code}/notices/999999/object",
                 f"/public/{board.code}/objections?receipt=not-a-receipt-at-all",
                 f"/public/{board.code}/objections?receipt=x",
                 f"/public/{board.code}/nothing/here", "/public/", "/public/no-such-office/announcements"):
        response = anon.client.get(path)
        assert response.status_code == 404, path
        assert "<html lang=\"zh-CN\">" in html(response), path
    assert anon.client.get(f"/public/{board.code}").status_code == 308  # to the board's index


def test_bad_input_is_a_page_never_a_500(anon, board):
    for path in (f"/public/{board.code}/?cursor=%%%garbage", f"/public/{board.code}/announcements?cursor=eyJ4Ijox",
                 f"/public/{board.code}/objections?receipt=%00abcdefgh"):
        response = anon.client.get(path)
        assert response.status_code == 422, (path, response.status_code)
        assert "输入有误" in html(response)


def test_another_tenants_notice_is_not_found_under_this_tenants_code(anon, board, mqa_factory, mqa_runtime):
    other = make_board(mqa_factory, anon, mqa_runtime, code="rugao-board", name="如皋市质量发展委员会办公室")
    form = html(anon.client.get(other.form_url))
    filed = anon.client.post(other.form_url, data=form_data(other.entry_ids[0], token=csrf_token(form)))
    receipt = receipt_of(html(filed))
    crossed = f"/public/{board.code}/notices/{other.notice_id}"
    for path in (crossed, f"{crossed}/object", f"/public/{board.code}/objections?receipt={receipt}"):
        assert anon.client.get(path).status_code == 404, path
    assert anon.client.post(f"{crossed}/object", data=form_data(other.entry_ids[0])).status_code == 404
    assert "如皋市质量发展委员会办公室" not in html(anon.client.get(board.home))
    assert anon.client.get(f"/public/{other.code}/objections?receipt={receipt}").status_code == 200
    assert len(objections(mqa_runtime, other.tenant_id)) == 1 and objections(mqa_runtime, board.tenant_id) == []


def test_the_board_is_not_in_the_openapi_document(anon):
    paths = anon.client.get("/api/openapi.json").get_json()["paths"]
    assert paths and not any(path.startswith("/public") for path in paths)

