"""Chinese first (issue 13): every marked message has its zh-CN text in the catalogue, the API answers
in Chinese unless the user's setting or Accept-Language asks for English, notifications are written in
their recipient's language, and dates read 2026年10月13日."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from core import i18n
from core.awards import obligations
from core.awards.models import LedgerAward, LedgerSource, Obligation, Reminder
from core.engine.encode import citation_record
from core.engine.messages import Message, _
from core.errors import InvalidInput, NotFound
from core.i18n import extract
from core.platform.models import Notification, Role, User
from core.platform.tenancy import Scope
from core.reports.xlsx import chinese_date
from tests.conftest import Api
from tests.walk import all_items

ROOT = extract.ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")


# -- (a), (b): the catalogue ------------------------------------------------------------------------------

def test_every_marked_message_has_its_chinese_and_none_is_stale():
    missing, stale = extract.problems()
    assert missing == [], f"run `python -m core.i18n.extract` and translate: {missing[:10]}"
    assert stale == [], f"msgids nothing marks any more (run `python -m core.i18n.extract`): {stale[:10]}"
    catalog = extract.current()
    assert sum(1 for item in catalog if item.id) > 300  # the mechanism covers the tree, not a sample
    untranslated = [item.id for item in catalog if item.id and item.string == item.id]
    assert untranslated == [], "a msgstr that only copies its English"
    assert all(CJK.search(item.string) or "：" in item.string for item in catalog if item.id)


def test_the_check_sees_a_message_without_its_translation_and_a_stale_one(tmp_path):
    """The completeness check can fail: run on a small tree (a copy of nothing but one module and one
    template) against the real catalogue, a new marked message is missing and the rest are stale."""
    module = tmp_path / "core" / "probe.py"
    module.parent.mkdir()
    module.write_text('from core.engine.messages import _\nfrom core.errors import Conflict\n'
                      'X = _("a message nobody translated {n}", n=1)\n'
                      'def f(cycle):\n    raise Conflict("the cycle is closed " + cycle)\n'  # not a whole literal
                      'def g():\n    raise Conflict("notice {id} is already closed")\n', encoding="utf-8")
    missing, stale = extract.problems(root=tmp_path)
    assert missing == ["a message nobody translated {n}"]
    assert "notice {id} is already closed" not in stale and "the cycle is closed " not in missing
    assert "Notice board" in stale and len(stale) == sum(1 for item in extract.current() if item.id) - 1


def test_placeholders_of_each_translation_are_those_of_its_msgid():
    catalog = extract.current()
    wrong = [(item.id, item.string) for item in catalog
             if item.id and i18n.placeholders(item.id) != i18n.placeholders(item.string)]
    assert wrong == []


NOT_YET_MARKED = {
    "core/awards/ledger.py",  # a join of the ledger's own problems, each marked where it is made
    "core/platform/permissions.py",  # its 403 is translated by template matching (api/i18n.py)
}


def test_no_file_outside_the_known_few_raises_an_unmarked_message():
    left = extract.unmarked()
    assert {path for path, _line, _source in left} <= NOT_YET_MARKED, [x for x in left if x[0] not in NOT_YET_MARKED]
    assert len(left) <= 2, left  # the figure in docs/i18n.md: it only goes down


def test_no_function_shadows_the_marker_it_calls():
    """``for _, x in rows`` makes ``_`` a local of the whole function: a ``_("...")`` in the same function
    then raises UnboundLocalError (or calls a row), and only on the error path a test may never take."""
    import ast

    shadowing = []
    for path in [*ROOT.glob("core/**/*.py"), *ROOT.glob("api/**/*.py"), *ROOT.glob("plugins/**/*.py")]:
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            stores, calls = _uses_of_marker(function)
            if stores and calls:
                shadowing.append(f"{path.relative_to(ROOT)}:{function.lineno} {function.name}")
    assert shadowing == []


def _uses_of_marker(function) -> tuple[list[int], list[int]]:
    """Lines where ``function``'s own scope binds ``_``, and lines where it (or a comprehension in it) calls it."""
    import ast

    stores: list[int] = []
    calls: list[int] = []
    comprehensions = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

    def visit(node) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue  # a scope of its own, checked on its own
            if isinstance(child, comprehensions):  # binds its targets in its own scope; calls still count
                calls.extend(c.lineno for c in ast.walk(child) if isinstance(c, ast.Call)
                             and isinstance(c.func, ast.Name) and c.func.id == "_")
                continue
            if isinstance(child, ast.Name) and child.id == "_" and isinstance(child.ctx, ast.Store):
                stores.append(child.lineno)
            if isinstance(child, ast.ExceptHandler) and child.name == "_":
                stores.append(child.lineno)
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id == "_":
                calls.append(child.lineno)
            visit(child)

    visit(function)
    return stores, calls


def test_the_shadowing_check_sees_a_loop_target(tmp_path):
    import ast

    tree = ast.parse("def f(rows):\n    for _, x in rows:\n        pass\n    raise ValueError(_('no {x}', x=1))\n")
    assert _uses_of_marker(tree.body[0]) == ([2], [4])


def test_the_counter_sees_an_f_string_a_concatenation_and_a_plain_variable(tmp_path):
    module = tmp_path / "core" / "probe.py"
    module.parent.mkdir()
    module.write_text(
        "from core.engine.messages import _\nfrom core.errors import Conflict, InvalidInput\n"
        "WHY = 'plain'\n"
        "def f(x):\n"
        "    raise Conflict(f'cycle {x} is closed')\n"
        "def g(x):\n"
        "    raise InvalidInput.on('field', 'reason: ' + x)\n"
        "def h():\n"
        "    raise Conflict(WHY)\n"
        "def ok(x, reason):\n"
        "    raise Conflict(_('cycle {x} is closed', x=x))\n"
        "def ok2(reason):\n"
        "    raise InvalidInput.on('field', reason)\n", encoding="utf-8")
    assert sorted(line for _path, line, _source in extract.unmarked(root=tmp_path)) == [5, 7, 9]


# -- rendering ---------------------------------------------------------------------------------------------

def test_a_message_is_english_text_until_rendered():
    message = _("tenant {code!r} is suspended; its data is kept and access returns when a central admin resumes it",
                code="nt")
    assert isinstance(message, str) and message.startswith("tenant 'nt' is suspended")
    assert i18n.render(message, "zh_CN") == "租户 'nt' 已被暂停；其数据予以保留，中央管理员恢复后即可重新访问"
    assert i18n.render(message, "en") == str(message)
    error = NotFound("notice", 7)
    assert error.message == "notice 7 does not exist"  # the English every existing caller sees
    assert i18n.render(error.message, "zh_CN") == "公示 7 不存在"
    assert i18n.render(InvalidInput.on("reasons", "a decision gives its reasons: the objector is told them").message,
                       "zh_CN") == "reasons：处理决定须说明理由：异议人会收到通知"


def test_dates_in_a_message_are_written_as_the_reader_writes_them():
    message = _("due on {day}", day=dt.date(2026, 10, 13))
    assert i18n.render(message, "zh_CN") == "将于2026年10月13日到期"
    assert i18n.render(message, "en") == "due on 2026-10-13"
    assert i18n.format_date(dt.date(2026, 10, 13), "zh_CN") == chinese_date(dt.date(2026, 10, 13)) == "2026年10月13日"


def test_marshmallow_messages_with_values_are_translated_by_their_template():
    assert i18n.render("Must be greater than or equal to 1 and less than or equal to 200.", "zh_CN") == \
        "必须大于或等于 1 且小于或等于 200。"
    assert i18n.render("Must be greater than 3.", "zh_CN") == "必须大于 3。"
    assert i18n.render("Missing data for required field.", "zh_CN") == "缺少必填字段。"
    assert i18n.render("something no catalogue knows", "zh_CN") == "something no catalogue knows"


@pytest.mark.parametrize(("header", "user", "chosen"), [
    (None, None, "zh_CN"), ("en", None, "en"), ("en-US,en;q=0.9", None, "en"), ("fr-FR, de", None, "zh_CN"),
    ("zh-CN,zh;q=0.9,en;q=0.8", None, "zh_CN"), ("fr;q=1, en;q=0.5", None, "en"), ("en;q=0, zh;q=0.1", None, "zh_CN"),
    ("en", "zh_CN", "zh_CN"), ("zh-CN", "en", "en"),
])
def test_the_locale_is_the_users_then_the_headers_then_chinese(header, user, chosen):
    assert i18n.negotiate(header, user) == chosen


def test_messages_pickle_with_their_msgid():
    import pickle

    message = pickle.loads(pickle.dumps(_("job {id} failed", id=3)))
    assert isinstance(message, Message) and message.msgid == "job {id} failed" and message.params == {"id": 3}


# -- (c): the API ------------------------------------------------------------------------------------------

def plain_client(app) -> FlaskClient:
    """A client that sends no Accept-Language (the test clients here ask for English by default)."""
    return FlaskClient(app, app.response_class, use_cookies=True)


def test_errors_are_chinese_by_default_and_english_when_asked(app, tenant_a):
    admin = Api(plain_client(app), tenant_a.admin.token)
    missing = admin.get("/api/v1/users/999999")
    assert missing.status_code == 404 and missing.headers["Content-Language"] == "zh-CN"
    body = missing.get_json()
    assert body["code"] == "not_found" and body["message"] == "用户 999999 不存在"
    english = admin.get("/api/v1/users/999999", headers={"Accept-Language": "en"})
    assert english.headers["Content-Language"] == "en"
    assert english.get_json()["message"] == "user 999999 does not exist" and english.get_json()["code"] == "not_found"

    expert_id = tenant_a.user_ids[Role.EXPERT]
    etag = admin.get(f"/api/v1/users/{expert_id}").headers["ETag"]
    bad = admin.patch(f"/api/v1/users/{expert_id}", json={"locale": "fr", "display_name": 7},
                      headers={"If-Match": etag})
    assert bad.status_code == 422
    body = bad.get_json()
    assert body["code"] == "validation_error" and set(body["errors"]) == {"locale", "display_name"}
    assert body["errors"]["locale"] == ["必须是以下之一：zh_CN, en。"]
    assert body["errors"]["display_name"] == ["不是有效的字符串。"]
    assert body["message"] == "请求体有误：display_name, locale"
    english = admin.patch(f"/api/v1/users/{expert_id}", json={"locale": "fr"},
                          headers={"If-Match": etag, "Accept-Language": "en-GB,en;q=0.9"}).get_json()
    assert english["errors"]["locale"] == ["Must be one of: zh_CN, en."]

    expert = Api(plain_client(app), tenant_a.as_(Role.EXPERT).token)
    refused = expert.get("/api/v1/users")
    assert refused.status_code == 403 and refused.get_json()["code"] == "permission_denied"
    assert re.fullmatch(r"角色 'expert' 没有 '[a-z_.]+' 权限", refused.get_json()["message"]), refused.get_json()
    assert expert.get("/api/v1/users", headers={"Accept-Language": "en"}).get_json()["message"].startswith(
        "role 'expert' lacks the permission")
    # nothing about the error but its words changes with the language
    assert {k: v for k, v in missing.get_json().items() if k != "message"} == \
        {k: v for k, v in admin.get("/api/v1/users/999999", headers={"Accept-Language": "en"}).get_json().items()
         if k != "message"}


def test_users_choose_their_own_language(app, tenant_a, platform_admin, mqa_runtime):
    expert_id = tenant_a.user_ids[Role.EXPERT]
    expert = Api(plain_client(app), tenant_a.as_(Role.EXPERT).token)
    assert expert.get("/api/v1/users").headers["Content-Language"] == "zh-CN"
    chosen = expert.patch("/api/v1/auth/me", json={"locale": "en"})
    assert chosen.status_code == 200, chosen.get_json()
    assert chosen.get_json()["locale"] == "en" and chosen.headers["Content-Language"] == "en"
    refused = expert.get("/api/v1/users")  # no header: the stored choice decides
    assert refused.headers["Content-Language"] == "en" and refused.get_json()["message"].startswith("role 'expert'")
    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        assert session.scalar(select(User.locale).where(User.id == expert_id)) == "en"
    version = tenant_a.admin.get(f"/api/v1/users/{expert_id}").get_json()["version"]
    stale = expert.patch("/api/v1/auth/me", json={"locale": None}, headers={"If-Match": f'"{version - 1}"'})
    assert stale.status_code == 409 and stale.get_json()["code"] == "stale_version"
    for body, field in (({"locale": "fr"}, "locale"), ({}, "locale"), ({"locale": "en", "role": "office_admin"}, "role")):
        wrong = expert.patch("/api/v1/auth/me", json=body)
        assert wrong.status_code == 422 and field in wrong.get_json()["errors"], wrong.get_json()
    assert expert.patch("/api/v1/auth/me", json={"locale": None}).get_json()["locale"] is None
    assert expert.get("/api/v1/users").headers["Content-Language"] == "zh-CN"
    events = [e for e in all_items(tenant_a.admin, "/api/v1/audit-events") if e["action"] == "user.updated"
              and e["target_id"] == str(expert_id)]
    assert len(events) == 2 and {e["actor_id"] for e in events} == {expert_id}, events
    # a central admin has a language too
    central = platform_admin.patch("/api/v1/auth/me", json={"locale": "en"})
    assert central.status_code == 200 and central.get_json()["locale"] == "en"


def test_a_users_stored_locale_outranks_the_header(app, tenant_a, mqa_runtime):
    admin = Api(plain_client(app), tenant_a.admin.token)
    expert_id = tenant_a.user_ids[Role.EXPERT]
    etag = admin.get(f"/api/v1/users/{expert_id}").headers["ETag"]
    changed = admin.patch(f"/api/v1/users/{expert_id}", json={"locale": "en"}, headers={"If-Match": etag})
    assert changed.status_code == 200 and changed.get_json()["locale"] == "en"
    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        assert session.scalar(select(User.locale).where(User.id == expert_id)) == "en"
    expert = Api(plain_client(app), tenant_a.as_(Role.EXPERT).token)
    for header in (None, "zh-CN"):
        refused = expert.get("/api/v1/users", headers={"Accept-Language": header} if header else None)
        assert refused.status_code == 403 and refused.headers["Content-Language"] == "en"
        assert refused.get_json()["message"].startswith("role 'expert' lacks the permission")
    # and back to Chinese for a user who chose it, whatever the browser says
    etag = changed.headers["ETag"]
    assert admin.patch(f"/api/v1/users/{expert_id}", json={"locale": "zh_CN"},
                       headers={"If-Match": etag}).status_code == 200
    refused = expert.get("/api/v1/users", headers={"Accept-Language": "en"})
    assert refused.headers["Content-Language"] == "zh-CN" and CJK.search(refused.get_json()["message"])
    # null clears it: the header decides again
    etag = admin.get(f"/api/v1/users/{expert_id}").headers["ETag"]
    assert admin.patch(f"/api/v1/users/{expert_id}", json={"locale": None}, headers={"If-Match": etag}).status_code == 200
    assert expert.get("/api/v1/users", headers={"Accept-Language": "en"}).headers["Content-Language"] == "en"


def test_a_successful_answer_says_its_language_too(app, tenant_a):
    admin = Api(plain_client(app), tenant_a.admin.token)
    response = admin.get("/api/v1/users")
    assert response.status_code == 200 and response.headers["Content-Language"] == "zh-CN"
    assert "Accept-Language" in response.headers["Vary"]


# -- (c'): texts inside a successful answer: the imports' problems, the impact report's reasons ------------

def _upload(api: Api, path: str, content: bytes, language: str | None = None):
    headers = {"Content-Type": "text/csv", **({"Accept-Language": language} if language else {})}
    return api.post(f"{path}?dry_run=true", json=None, data=content, headers=headers)


def _both_languages(api: Api, path: str, content: bytes) -> tuple[dict, dict]:
    """The dry run's answer with no Accept-Language (Chinese) and with ``en``: only the words differ."""
    chinese, english = _upload(api, path, content), _upload(api, path, content, "en")
    assert chinese.status_code == 200 and english.status_code == 200, (chinese.get_json(), english.get_json())
    assert chinese.headers["Content-Language"] == "zh-CN" and english.headers["Content-Language"] == "en"
    zh, en = chinese.get_json(), english.get_json()
    assert [(p["row"], p["field"]) for p in zh["problems"]] == [(p["row"], p["field"]) for p in en["problems"]]
    assert {k: v for k, v in zh.items() if k != "problems"} == {k: v for k, v in en.items() if k != "problems"}
    return ({(p["row"], p["field"]): p["problem"] for p in zh["problems"]},
            {(p["row"], p["field"]): p["problem"] for p in en["problems"]})


def test_a_ledger_imports_problems_are_chinese_by_default_and_english_when_asked(app, tenant_a, mqa_registry):
    """The per-row problems of a ledger dry run (a 200, not an error) read in the reader's language; a date
    in a problem is written 2021年6月18日 in Chinese and 2021-06-18 in English."""
    admin = Api(plain_client(app), tenant_a.admin.token)
    tiers = ", ".join(t.code for t in mqa_registry.rules("nantong").jurisdiction.tiers)
    org = "91320600MA1MXXXX03"
    content = "\n".join([
        "类别,名称,统一社会信用代码,申报类型,奖项,届次/年度,获奖日期,撤销日期",
        f"获奖,未知奖项公司,{org},组织,gold_medal,2021,2021-06-18,",
        f"获奖,撤销在先公司,{org},组织,award,2022,2022-06-18,2022-01-02",
        f"获奖,日期错公司,{org},组织,award,2023,2023-13-45,",
        "奖励,类别错,,组织,,,,",
    ]).encode("utf-8-sig")
    zh, en = _both_languages(admin, "/api/v1/ledger/imports", content)
    assert set(zh) == {(2, "tier"), (3, "revoked_on"), (4, "awarded_on"), (5, "record")}, zh
    assert en == {
        (2, "tier"): f"'gold_medal' is unknown; nantong has tiers: {tiers}",
        (3, "revoked_on"): "2022-01-02 is before the award (2022-06-18)",
        (4, "awarded_on"): "'2023-13-45' is not a date such as 2021-05-01",
        (5, "record"): "类别 must be 获奖 (award) or 处罚 (sanction), not '奖励'",
    }
    assert zh == {
        (2, "tier"): f"无法识别的奖项 'gold_medal'；nantong 的奖项有：{tiers}",
        (3, "revoked_on"): f"{chinese_date(dt.date(2022, 1, 2))} 早于获奖日期（{chinese_date(dt.date(2022, 6, 18))}）",
        (4, "awarded_on"): "'2023-13-45' 不是有效日期，应如 2021-05-01",
        (5, "record"): "类别应为“获奖”或“处罚”，而不是 '奖励'",
    }
    # the real run's refusal is an error envelope: its reasons per row are Chinese too
    refused = admin.post("/api/v1/ledger/imports?dry_run=false", json=None, data=content,
                         headers={"Content-Type": "text/csv"})
    assert refused.status_code == 422 and refused.get_json()["errors"]["rows.2.tier"] == [zh[(2, "tier")]]


def test_an_expert_imports_problems_are_chinese_by_default_and_english_when_asked(app, tenant_a):
    from core.platform import clock

    admin = Api(plain_client(app), tenant_a.admin.token)
    today = clock.today()
    later = today + dt.timedelta(days=400)
    content = (f"编号,姓名,职称级别,出生日期\n"
               f",张三,教授,{later.isoformat()}\n"
               f"第一位,李四,中级,\n").encode()
    zh, en = _both_languages(admin, "/api/v1/experts/import", content)
    assert set(zh) == {(2, "title"), (2, "born_on"), (3, "id"), (3, "qualification")}, zh
    assert en[(2, "born_on")] == f"{later.isoformat()} is after today ({today.isoformat()})"
    assert en[(3, "id")] == "'第一位' is not a whole number"
    assert en[(2, "title")].startswith("职称级别 must be one of 无, 初级") and en[(2, "title")].endswith(", not '教授'")
    assert zh[(2, "born_on")] == f"{chinese_date(later)} 晚于今天（{chinese_date(today)}）"
    assert zh[(3, "id")] == "'第一位' 不是整数"
    assert zh[(2, "title")].startswith("职称级别应为 无, 初级") and zh[(2, "title")].endswith("之一，而不是 '教授'")
    # a strict qualification failed (中级 under the regulation's 副高级): the regulation's own Chinese reason and
    # article, framed in the reader's language
    explanation, article = en[(3, "qualification")].removesuffix(")").rsplit(" (", 1)
    assert CJK.search(explanation) and article.startswith("nantong/")
    assert zh[(3, "qualification")] == f"{explanation}（依据 {article}）"


def test_the_impact_reports_reasons_are_chinese_by_default_and_english_when_asked(app, tenant_a, mqa_runtime):
    from tests.lifecycle import make_cycle

    cycle = make_cycle(mqa_runtime, tenant_a.tenant.id, version_code="2020")
    admin = Api(plain_client(app), tenant_a.admin.token)
    chinese = admin.get(f"/api/v1/cycles/{cycle}/impact?version=2023")
    english = admin.get(f"/api/v1/cycles/{cycle}/impact?version=2023", headers={"Accept-Language": "en"})
    assert chinese.status_code == 200 and english.status_code == 200, chinese.get_json()
    assert chinese.headers["Content-Language"] == "zh-CN"
    for side in ("bound", "other"):  # a cycle without an accepted application: no totals, and why
        assert english.get_json()["summary"]["totals"][side] == {"available": False,
                                                                 "reason": "no accepted applications to rank"}
        assert chinese.get_json()["summary"]["totals"][side] == {"available": False, "reason": "没有已受理的申报，无法排名"}
    # the stored words (titles of the versions, the regulation's articles) are the same in both
    assert chinese.get_json()["summary"]["bound_version"] == english.get_json()["summary"]["bound_version"]
    assert chinese.get_json()["cycle_differences"] == english.get_json()["cycle_differences"]


# -- (d): a reminder in its recipient's language --------------------------------------------------------------

def test_a_reminder_is_written_in_its_recipients_language(tenant_a, mqa_runtime, mqa_registry):
    rules = mqa_registry.rules("nantong")
    version = rules.jurisdiction.version("2023")
    plan = rules.cycle_plan(version, {})
    rule = next(r for r in plan.obligations if r.code == "annual_report")  # Nantong 2023 第二十八条
    chinese_reader, english_reader = tenant_a.user_ids[Role.APPLICANT], tenant_a.user_ids[Role.OFFICE_STAFF]
    due = dt.date(2027, 3, 31)
    today = due - dt.timedelta(days=10)
    with mqa_runtime.session(Scope.tenant(tenant_a.tenant.id)) as session:
        session.get(User, english_reader).locale = "en"
        award = LedgerAward(subject_kind="organization", name="示例制造有限公司", uscc="91320600MA1MXXXX03",
                            source=LedgerSource.RECORDED, tier="award", entry_kind="organization", cycle_year=2026,
                            awarded_on=dt.date(2026, 10, 13))
        session.add(award)
        session.flush()
        duties = [Obligation(award_id=award.id, code=rule.code, description=rule.description,
                             citation=citation_record(rule.citation), period=period, due_on=due, due_text=rule.due)
                  for period in ("2026", "2027")]
        session.add_all(duties)
        session.flush()
        for duty, reader in zip(duties, (chinese_reader, english_reader)):
            obligations._remind(session, duty, "before", today, award.name, reader, None, None)
        session.commit()
        sent = {n.user_id: n for n in session.scalars(select(Notification).where(Notification.topic == "reminder"))}
        assert session.scalar(select(Reminder.id).where(Reminder.obligation_id == duties[0].id)) is not None
    cite = rule.citation
    article = citation_record(cite)
    zh, en = sent[chinese_reader], sent[english_reader]
    assert zh.subject == f"义务提醒：{rule.description[:60]}（将于2027年3月31日到期）"
    assert zh.body == (f"示例制造有限公司：{rule.description}。期限：2027年3月31日（{rule.due}），"
                       f"依据 {article['jurisdiction']}/{article['version']} {article['article']}。")
    assert en.subject == f"Obligation reminder: {rule.description[:60]} (due on 2027-03-31)"
    assert en.body.startswith(f"示例制造有限公司: {rule.description}. Due on 2027-03-31 ({rule.due}), under nantong/2023 ")
    assert article["article"] == "第二十八条"


# -- (e): the board's dates ---------------------------------------------------------------------------------

def test_the_boards_dates_are_chinese_by_default_and_iso_in_english(app, mqa_factory, anon, mqa_runtime):
    from tests.test_board import make_board

    anon.client.environ_base.pop("HTTP_ACCEPT_LANGUAGE", None)
    board = make_board(mqa_factory, anon, mqa_runtime)
    from core.platform import clock

    today = clock.today()
    starts, ends = today - dt.timedelta(days=2), today + dt.timedelta(days=5)
    page = anon.client.get(board.notice_url)
    text = page.get_data(as_text=True)
    assert page.headers["Content-Language"] == "zh-CN" and '<html lang="zh-CN">' in text
    assert f"{starts.year}年{starts.month}月{starts.day}日 至 {ends.year}年{ends.month}月{ends.day}日（含首尾两日）" in text
    assert f"{starts.isoformat()} 至" not in text
    english = anon.client.get(board.notice_url, headers={"Accept-Language": "en"})
    assert english.headers["Content-Language"] == "en" and '<html lang="en">' in english.get_data(as_text=True)
    assert f"{starts.isoformat()} 至 {ends.isoformat()}" in english.get_data(as_text=True)
    # the frame of every page follows the language (Jinja's i18n with the catalogue), the body stays bilingual
    assert "本公示栏无需登录即可查阅" in text and ">公示列表</a>" in text
    english_text = english.get_data(as_text=True)
    assert "No login is needed to read this board" in english_text and ">Notices</a>" in english_text
    assert "本公示栏无需登录即可查阅" not in english_text


def test_an_objections_outcome_reads_in_both_languages():
    from core.notices import services as notices
    from core.notices.models import ObjectionStatus

    assert notices.outcome_words(ObjectionStatus.UPHELD) == "异议查明属实，已取消其获奖资格"
    assert notices.outcome_words(ObjectionStatus.UPHELD, "en") == \
        "the objection was found true; the name's eligibility for the award is withdrawn"
    message = _("Outcome: {outcome}. Reasons: {reasons} (under {citation})",
                outcome=notices._OUTCOME_WORDS[ObjectionStatus.DISMISSED], reasons="经核查，材料属实",
                citation="nantong/2023 第二十四条")
    assert i18n.render(message, "zh_CN") == \
        "处理结果：异议经查不属实或不在公示范围内，不予支持。理由：经核查，材料属实（依据 nantong/2023 第二十四条）"
    assert i18n.render(message, "en").startswith("Outcome: the objection was found untrue")


def test_the_daily_sweep_writes_each_winner_in_their_language(tenant_a, mqa_runtime, mqa_registry):
    """The reminder run (obligations.sweep) reads each recipient's language in its own query."""
    from tests.lifecycle import make_applicant, make_application, make_cycle

    tenant_id = tenant_a.tenant.id
    applicant_user = tenant_a.user_ids[Role.APPLICANT]
    cycle_id = make_cycle(mqa_runtime, tenant_id)
    applicant_id = make_applicant(mqa_runtime, tenant_id, applicant_user)
    application_id = make_application(mqa_runtime, tenant_id, cycle_id, applicant_id)
    rules = mqa_registry.rules("nantong")
    rule = next(r for r in rules.cycle_plan(rules.jurisdiction.version("2023"), {}).obligations
                if r.code == "annual_report")
    due = dt.date(2027, 3, 31)
    with mqa_runtime.session(Scope.tenant(tenant_id)) as session:
        session.get(User, applicant_user).locale = "en"
        award = LedgerAward(subject_kind="organization", name="示例制造有限公司", uscc="91320600MA1MXXXX03",
                            source=LedgerSource.RECORDED, tier="award", entry_kind="organization", cycle_year=2026,
                            awarded_on=dt.date(2026, 10, 13), application_id=application_id)
        session.add(award)
        session.flush()
        session.add(Obligation(award_id=award.id, code=rule.code, description=rule.description,
                               citation=citation_record(rule.citation), period="2026", due_on=due, due_text=rule.due))
        session.commit()
        result = obligations.sweep(session, mqa_registry, today=due, lead_days=14)
        assert result["reminders_sent"] >= 1
        texts = session.execute(select(Notification.subject, Notification.body)
                                .where(Notification.user_id == applicant_user, Notification.topic == "reminder")).all()
    assert (f"Obligation reminder: {rule.description[:60]} (due today)",
            f"示例制造有限公司: {rule.description}. Due on 2027-03-31 ({rule.due}), under nantong/2023 第二十八条.") in texts


def test_me_says_the_stored_language_and_the_answers(app, tenant_a):
    admin = Api(plain_client(app), tenant_a.admin.token)
    me = admin.get("/api/v1/auth/me", headers={"Accept-Language": "en"}).get_json()
    assert me["locale"] is None and me["language"] == "en"
    etag = admin.get(f"/api/v1/users/{me['user_id']}").headers["ETag"]
    assert admin.patch(f"/api/v1/users/{me['user_id']}", json={"locale": "zh_CN"},
                       headers={"If-Match": etag}).status_code == 200
    me = admin.get("/api/v1/auth/me", headers={"Accept-Language": "en"}).get_json()
    assert me["locale"] == "zh_CN" and me["language"] == "zh_CN"
