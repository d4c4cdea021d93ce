"""What another rule version would change (issue 13): a reviewed Nantong cycle re-judged under the other
version, both ways, checked against the two texts and against the engine's own answers for each version.

What changed between Nantong 2020 (通政规〔2020〕6号) and the 2023 draft, read in /work/shared/seeds/
000_1941e1699978992c.txt (the draft quotes the 2020 wording of every changed article):

* Eligibility, organisations: 2023 第十一条（一） "拥护中央的路线、方针、政策" and （七） "有关联关系的母、子公司
  只可有一家申报" are new ("划线部分为新增内容"). （四）: 2023 accepts "获得县级政府质量奖" with no time limit,
  2020 (第十条（三）) only "近5年获得县级政府质量奖". （六）: 2020 also asked "安全生产标准化等级达到二级及以上",
  dropped in 2023. Negative list: 2023 第十二条（四） (penalties unless credit repaired) replaces 2020
  第十一条（三）'s violation records.
* Weights: 2023 第十五条 "资料评审分占20%，现场评审分占70%，演讲陈述分占10%；个人……80%……20%" is 2020
  第十四条 with only the stage's name changed (材料评审 -> 资料评审): the same weights, another article.
* Quotas: 2023 第六条 "提名奖获奖组织不超过5个、获奖个人不超过2个……获奖个人不超过1个……可少额或者空缺";
  2020 (quoted there; cited as 第五条, inferred by plugins/nantong/articles.py) "提名奖获奖组织不超过3个。
  市长质量奖获奖个人1个（提名奖1—2个）" with no vacancy clause.
* Rewards: 2023 第二十六条 "予以表彰，颁发奖牌" where 2020 第二十四条 said "予以通报表扬，颁发奖牌和证书";
  the amounts (50万元, 10万元) are unchanged.

review_a_cycle (tests/test_review_walk.py) drives Nantong only under 2023 (its gate assertion reads 2023
第二十一条's 1:1.5): the 2020 side of "vice versa" is the same reviewed cycle re-pinned to 2020 in the
database, which is what a cycle reviewed under 2020 holds (both versions have the same stage codes,
plugins/nantong/cycle.py STAGES).
"""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import marshmallow as ma
import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from core.applications.models import Application
from core.cycles import plans
from core.cycles.models import Cycle
from core.engine.eligibility import assess, load_facts
from core.platform import clock
from core.platform.models import Role
from core.platform.services import tenant_settings
from core.platform.tenancy import Scope, scoped
from tests.conftest import build_world
from tests.lifecycle import eligible_facts, make_applicant, make_application, make_cycle
from tests.test_review_walk import review_a_cycle

SHANGHAI = clock.SHANGHAI
TODAY = dt.date(2026, 10, 13)
"""The clock of these tests: after 2026-06-01, so the county quality award of the walk's organisations (won
2021-06-01) is outside 2020's 近5年 window and still counts under 2023, whose list has no time limit."""


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr("core.platform.clock.now", lambda: dt.datetime(2026, 10, 13, 10, 0, tzinfo=SHANGHAI))


def ok(response, status=200):
    assert response.status_code == status, response.get_json()
    return response.get_json()


def _all(client, path):
    """Every page of an impact report: (summary, cycle differences, items)."""
    items, cursor = [], None
    while True:
        body = ok(client.get(path + (f"&cursor={cursor}" if cursor else "") + "&limit=2"))
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return body["summary"], body["cycle_differences"], items


def _articles(citations):
    return sorted({c["text"] for c in citations})


def _quota(differences, key):
    return next(d for d in differences if d["aspect"] == "quota" and d["condition"] == key)


def _engine_findings(runtime, tenant_id, cycle_id, application_id, version_code):
    """Eligibility of one stored application straight from the engine (what screening would call)."""
    rules = runtime.registry.rules("nantong")
    version = rules.jurisdiction.version(version_code)
    with runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        application = session.get(Application, (tenant_id, application_id))
        cycle = session.get(Cycle, (tenant_id, cycle_id))
        facts = load_facts(rules, version, application.entry_kind, application.facts)
        verdict = assess(rules, version, application.entry_kind, facts, on_date=TODAY,
                         settings=tenant_settings.values(session), deadline=plans.application_deadline(session, cycle))
    return verdict.status.value, [(f.condition, f.outcome.value, str(f.citation)) for f in verdict.findings]


def _placements(ranking):
    tiers = {w["application_id"]: tier for tier, a in ranking["allocation"].items() for w in a["winners"]}
    return {r["application_id"]: (r["total"], r["rank"], tiers.get(r["application_id"])) for r in ranking["ranked"]}


def _side(items, side):
    return {i["application_id"]: (i[side]["placement"]["total"], i[side]["placement"]["rank"], i[side]["placement"]["tier"])
            for i in items if i[side]["placement"] and i[side]["placement"]["total"] is not None}


def test_a_reviewed_nantong_cycle_under_the_other_version_both_ways(mqa_factory, anon, mqa_runtime, platform_admin):
    walked = review_a_cycle("nantong", "2023", mqa_factory, anon, mqa_runtime, code="impact-nantong")
    world, cycle = walked["world"], walked["cycle"]
    admin, supervisor, staff = world.admin, world.as_(Role.SUPERVISOR), world.as_(Role.OFFICE_STAFF)
    organisations, person = walked["organisations"], walked["applications"][-1]
    rules = mqa_runtime.registry.rules("nantong")
    v2020, v2023 = rules.jurisdiction.version("2020"), rules.jurisdiction.version("2023")
    # The tenant is bound to 2020; the walk's cycle named the 2023 draft on purpose.
    tenant = ok(platform_admin.get(f"/api/v1/admin/tenants/{world.tenant.id}"))
    ok(platform_admin.patch(f"/api/v1/admin/tenants/{world.tenant.id}", json={"rule_version": "2020"},
                            headers={"If-Match": f'"{tenant["version"]}"'}))
    ranking_2023 = ok(supervisor.get(f"/api/v1/cycles/{cycle}/ranking"))

    # -- the 2023 cycle against 2020 --------------------------------------------------------------
    summary, cycle_differences, items = _all(supervisor, f"/api/v1/cycles/{cycle}/impact?version=2020")
    assert summary["bound_version"] | {"title": None} == {"jurisdiction": "nantong", "code": "2023", "title": None,
                                                          "stage": "draft", "status": "draft"}
    assert (summary["other_version"]["code"], summary["other_version"]["status"]) == ("2020", "in_force")
    assert [i["application_id"] for i in items] == walked["applications"] and summary["applications"] == 4

    # Quotas (2023 第六条 against 2020 "第五条"), equal to both quota plans.
    assert _quota(cycle_differences, "nomination.organization")["bound"] == {"min": 0, "max": 5}
    assert _quota(cycle_differences, "nomination.organization")["other"] == {"min": 0, "max": 3}
    assert _quota(cycle_differences, "award.individual")["other"] == {"min": 1, "max": 1}  # "获奖个人1个"
    assert _quota(cycle_differences, "nomination.individual")["other"] == {"min": 1, "max": 2}  # "提名奖1—2个"
    for d in (d for d in cycle_differences if d["aspect"] == "quota"):
        assert _articles(d["bound_citations"]) == ["nantong/2023 第六条"]
        assert _articles(d["other_citations"]) == ["nantong/2020 第五条"]
        tier, kind = d["condition"].split(".")
        for version, side in ((v2023, "bound"), (v2020, "other")):
            quota = next(q for q in rules.quota_plan(version).quotas if q.tier == tier and q.entry_kinds == (kind,))
            assert d[side] == {"min": quota.min_count, "max": quota.max_count}
    # Weights: the same numbers under both (第十五条 = 2020 第十四条), so no difference of weights.
    assert not [d for d in cycle_differences if d["aspect"] == "weights"]
    for kind in ("organization", "individual"):
        assert [(w.stage, w.weight) for w in rules.stage_weights(v2023, kind).weights] == \
            [(w.stage, w.weight) for w in rules.stage_weights(v2020, kind).weights]
    # 2020 asks for one or two individual nominations; the individual won the award: a shortfall (2020 only).
    shortfall = [d for d in cycle_differences if d["aspect"] == "allocation.shortfall"]
    assert [(d["condition"], d["bound"] is None, _articles(d["other_citations"])) for d in shortfall] == \
        [("nomination", True, ["nantong/2020 第五条"])]

    by_id = {i["application_id"]: i for i in items}
    for application_id in organisations:
        row = by_id[application_id]
        conditions = {d["condition"]: d for d in row["differences"] if d["aspect"] == "finding"}
        # The county quality award of 2021-06-01: any time under 2023 第十一条（四）1, within 5 years under 2020.
        honour = conditions["org.honour"]
        assert (honour["bound"]["outcome"], honour["other"]["outcome"]) == ("passed", "failed")
        assert _articles(honour["bound_citations"]) == ["nantong/2023 第十一条（四）"]
        assert _articles(honour["other_citations"]) == ["nantong/2020 第十条（三）"]
        only_2023 = {c for c, d in conditions.items() if d["other"] is None}
        only_2020 = {c for c, d in conditions.items() if d["bound"] is None}
        assert {"org.supports_party_line", "org.one_per_group", "neg.penalty_or_dishonesty"} <= only_2023
        assert {"org.safety_standardisation", "neg.violation_records"} <= only_2020
        assert _articles(conditions["org.one_per_group"]["bound_citations"]) == ["nantong/2023 第十一条（七）"]
        assert _articles(conditions["org.safety_standardisation"]["other_citations"]) == ["nantong/2020 第十条（五）"]
        # The findings are the engine's own, version by version.
        for version, side in (("2023", "bound"), ("2020", "other")):
            status, findings = _engine_findings(mqa_runtime, world.tenant.id, cycle, application_id, version)
            shown = row[side]["eligibility"]
            assert shown["status"] == status
            assert [(f["condition"], f["outcome"], f["citation"]["text"]) for f in shown["findings"]] == findings
        assert row["other"]["eligibility"]["status"] == "ineligible"
        # Ineligible under 2020, so kept out of 2020's ranking: no total, no place, no bonus.
        assert row["other"]["placement"]["kept_out"].startswith("ineligible under 2020")
        aspects = {d["aspect"]: d for d in row["differences"]}
        assert aspects["allocation"]["bound"] == "award" and aspects["allocation"]["other"] is None
        assert _articles(aspects["allocation"]["bound_citations"]) == ["nantong/2023 第六条"]
        assert aspects["reward"]["bound"] == {"amount_yuan": 500_000, "honours": ["title", "commendation", "plaque"]}
        assert aspects["reward"]["other"]["amount_yuan"] is None
    # The individual stays in under 2020 (pending an office's confirmation, never refused): same total (same
    # weights), the award under both, no bonus under either, other honours (2020 第二十四条: 证书).
    row = by_id[person]
    assert row["other"]["eligibility"]["status"] == "pending_confirmation"
    assert row["bound"]["placement"]["total"] == row["other"]["placement"]["total"]
    assert _articles([row["bound"]["placement"]["weights_citation"]]) == ["nantong/2023 第十五条"]
    assert _articles([row["other"]["placement"]["weights_citation"]]) == ["nantong/2020 第十四条"]
    assert (row["bound"]["placement"]["tier"], row["other"]["placement"]["tier"]) == ("award", "award")
    reward = next(d for d in row["differences"] if d["aspect"] == "reward")
    for version, side in ((v2023, "bound"), (v2020, "other")):
        decision = rules.reward(version, "award", "individual", [])
        assert reward[side] == {"amount_yuan": decision.amount_yuan, "honours": list(decision.honours)}
        assert _articles(reward[f"{side}_citations"]) == [str(decision.citation)]
    assert reward["bound"]["amount_yuan"] == reward["other"]["amount_yuan"] == 0
    assert "public_commendation" in reward["other"]["honours"] and "certificate" in reward["other"]["honours"]
    # The bound side is the cycle's own ranking.
    assert _side(items, "bound") == _placements(ranking_2023)
    # Summary counts agree with the rows.
    assert summary["changed_applications"] == sum(1 for i in items if i["changed"]) == 4
    assert summary["differences"] == len(cycle_differences) + sum(len(i["differences"]) for i in items)
    assert summary["winners"] == {"bound": {"award": 4, "nomination": 0}, "other": {"award": 1, "nomination": 0}}
    assert summary["reward_yuan"] == {"bound": 1_500_000, "other": 0}
    changed = ok(staff.get(f"/api/v1/cycles/{cycle}/impact?version=2020&changed_only=true"))
    assert [i["application_id"] for i in changed["items"]] == [i["application_id"] for i in items if i["changed"]]

    # -- vice versa: the cycle pinned to 2020, against 2023 -------------------------------------------
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(world.tenant.id)):
        session.execute(update(Cycle).where(Cycle.id == cycle).values(rule_version_code="2020"))
        session.commit()
    ranking_2020 = ok(supervisor.get(f"/api/v1/cycles/{cycle}/ranking"))
    summary, cycle_differences, items = _all(admin, f"/api/v1/cycles/{cycle}/impact?version=2023")
    assert (summary["bound_version"]["code"], summary["other_version"]["code"]) == ("2020", "2023")
    assert _side(items, "bound") == _placements(ranking_2020)  # the engine's 2020 ranking of this cycle
    assert _side(items, "other") == _placements(ranking_2023)  # and its 2023 ranking: nobody is kept out under 2023
    assert _quota(cycle_differences, "nomination.organization")["other"] == {"min": 0, "max": 5}
    by_id = {i["application_id"]: i for i in items}
    for application_id in organisations:
        aspects = {d["aspect"]: d for d in by_id[application_id]["differences"]}
        assert (aspects["eligibility"]["bound"], aspects["eligibility"]["other"]) == ("ineligible",
                                                                                       "pending_confirmation")
        assert "allocation" not in aspects  # accepted under 2020 and ranked; the award under both
        # The same 50万元 (2023 第二十六条 = 2020 第二十四条), other honours.
        assert aspects["reward"]["bound"] == {"amount_yuan": 500_000,
                                              "honours": ["title", "public_commendation", "plaque", "certificate"]}
        assert aspects["reward"]["other"] == {"amount_yuan": 500_000, "honours": ["title", "commendation", "plaque"]}
        assert _articles(aspects["reward"]["bound_citations"]) == ["nantong/2020 第二十四条"]
        assert _articles(aspects["reward"]["other_citations"]) == ["nantong/2023 第二十六条"]
    assert summary["reward_yuan"] == {"bound": 1_500_000, "other": 1_500_000}

    # -- the workbook of the same report --------------------------------------------------------------
    response = supervisor.get(f"/api/v1/cycles/{cycle}/impact.xlsx?version=2023")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["概要", "差异", "全部申报"]
    rows = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    assert rows["差异"][0][:4] == ("申报编号", "申报单位或个人", "方面", "条件或事项")
    assert rows["差异"][0][5] == "2020条款" and rows["差异"][0][7] == "2023条款"
    assert len(rows["差异"]) - 1 == summary["differences"]
    every = rows["全部申报"]
    assert every[0][0] == "申报编号" and "奖金（2020）" in every[0] and "总分（2023）" in every[0]
    assert [r[0] for r in every[1:]] == walked["applications"]
    money = every[0].index("奖金（2020）")
    assert [r[money] for r in every[1:]] == [500_000, 500_000, 500_000, 0]
    total = every[0].index("总分（2020）")
    assert [Decimal(str(r[total])) for r in every[1:]] == [Decimal(i["bound"]["placement"]["total"]) for i in items]
    assert book["全部申报"].cell(row=2, column=money + 1).number_format == '#,##0"元"'
    assert ("申报数", None, None, 4) in rows["概要"]
    # The quota lines carry both articles.
    quota = [r for r in rows["差异"][1:] if r[2] == "名额"]
    assert quota and all(r[5] == "nantong/2020 第五条" and r[7] == "nantong/2023 第六条" for r in quota)


def test_facts_valid_under_one_version_only_and_no_scores_yet(mqa_factory, anon, mqa_runtime, monkeypatch):
    """No installed plugin changes its facts schema between versions (Nantong's is the same for both), so a
    2023 schema that requires 第十一条（七）'s group_entry stands in for an adopted text that made it required:
    facts valid under 2020 are incomplete under 2023, a finding difference, never a 500."""
    from core.engine.plugins import JurisdictionRules
    from plugins.nantong.facts import NantongOrganizationFactsSchema

    class Strict2023(NantongOrganizationFactsSchema):
        group_entry = ma.fields.Boolean(required=True, allow_none=True)

    original = JurisdictionRules.facts_schema

    def facts_schema(self, version, entry_kind):
        if self.jurisdiction.code == "nantong" and version.code == "2023" and entry_kind == "organization":
            return Strict2023
        return original(self, version, entry_kind)

    monkeypatch.setattr(JurisdictionRules, "facts_schema", facts_schema)
    world = build_world(mqa_factory, anon, "impact-facts", "nantong")
    cycle = make_cycle(mqa_runtime, world.tenant.id, version_code="2020")
    facts, _ = eligible_facts("nantong", "2020", "organization")
    facts.pop("group_entry", None)
    user = mqa_factory.user(world.tenant, Role.APPLICANT, "org-facts")
    applicant = make_applicant(mqa_runtime, world.tenant.id, user.id, name="第一制造有限公司")
    application = make_application(mqa_runtime, world.tenant.id, cycle, applicant, facts=facts, status="accepted")

    body = ok(world.admin.get(f"/api/v1/cycles/{cycle}/impact?version=2023"))
    row = body["items"][0]
    assert row["application_id"] == application
    assert row["bound"]["eligibility"]["status"] != "facts_invalid"
    assert row["other"]["eligibility"]["status"] == "facts_invalid"
    assert row["other"]["eligibility"]["reason"] == "facts incomplete under 2023: missing field facts.group_entry"
    facts_diff = next(d for d in row["differences"] if d["aspect"] == "facts")
    assert facts_diff["other"] == "facts_invalid" and "facts.group_entry" in facts_diff["note"]
    # Nothing scored: no totals and no allocation under either version, with the reason; eligibility compared.
    for side in ("bound", "other"):
        assert body["summary"]["totals"][side]["available"] is False
        assert "no scores yet" in body["summary"]["totals"][side]["reason"] or \
            "no accepted" in body["summary"]["totals"][side]["reason"]
        assert body["summary"]["winners"][side] is None and body["summary"]["reward_yuan"][side] is None
        assert row[side]["placement"] is None and row[side]["reward"] is None
    assert not [d for d in row["differences"] if d["aspect"] in ("total", "allocation", "reward")]


def test_one_version_city_unknown_version_roles_and_other_tenants(mqa_factory, anon, mqa_runtime, tenant_b):
    walked = review_a_cycle("rugao", "2021", mqa_factory, anon, mqa_runtime, code="impact-rugao")
    world, cycle = walked["world"], walked["cycle"]
    assert [v.code for v in mqa_runtime.registry.jurisdiction("rugao").versions] == ["2021"]
    summary, cycle_differences, items = _all(world.as_(Role.SUPERVISOR), f"/api/v1/cycles/{cycle}/impact?version=2021")
    assert summary["same_version"] and summary["differences"] == 0 and summary["changed_applications"] == 0
    assert cycle_differences == [] and all(not i["differences"] for i in items) and len(items) == 4
    assert _side(items, "bound") == _side(items, "other") == _placements(
        ok(world.admin.get(f"/api/v1/cycles/{cycle}/ranking")))
    for query in ("version=2023", "version=", ""):
        refused = world.admin.get(f"/api/v1/cycles/{cycle}/impact?{query}")
        assert refused.status_code == 422 and "version" in refused.get_json()["errors"], query
    refused = world.admin.get(f"/api/v1/cycles/{cycle}/impact.xlsx?version=2023")
    assert refused.status_code == 422 and "2021" in refused.get_json()["errors"]["version"][0]
    for role in (Role.APPLICANT, Role.EXPERT):
        for path in (f"/api/v1/cycles/{cycle}/impact?version=2021", f"/api/v1/cycles/{cycle}/impact.xlsx?version=2021"):
            assert world.as_(role).get(path).status_code == 403
    for path in (f"/api/v1/cycles/{cycle}/impact?version=2021", f"/api/v1/cycles/{cycle}/impact.xlsx?version=2021",
                 f"/api/v1/cycles/{cycle}/impact", f"/api/v1/cycles/{cycle}/impact.xlsx?version=2099"):
        assert tenant_b.admin.get(path).status_code == 404  # the cycle is looked up first, whatever is asked
    assert world.admin.get(f"/api/v1/cycles/{cycle}/impact?version=2021&cursor=!!").status_code == 422


def test_central_admins_see_bindings_and_counts_and_rebinding_spares_open_cycles(mqa_factory, anon, mqa_runtime,
                                                                                 platform_admin, tenant_b):
    walked = review_a_cycle("nantong", "2023", mqa_factory, anon, mqa_runtime, code="impact-admin")
    world, cycle = walked["world"], walked["cycle"]

    def bindings(status=None):
        rows, cursor = [], None
        while True:
            query = "limit=1" + (f"&status={status}" if status else "") + (f"&cursor={cursor}" if cursor else "")
            body = ok(platform_admin.get(f"/api/v1/admin/rule-bindings?{query}"))
            rows += body["items"]
            cursor = body["next_cursor"]
            if cursor is None:
                return {r["code"]: r for r in rows}

    listed = bindings()
    assert set(listed) == {world.tenant.code, tenant_b.tenant.code}
    mine = listed[world.tenant.code]
    # Bound to nothing: follows the version in force (2020; the 2023 text is a draft), its open cycle on the draft.
    assert (mine["bound_version"], mine["effective_version"], mine["status"]) == (None, "2020", "in_force")
    assert mine["open_cycles"] == [{"rule_version": "2023", "status": "draft", "cycles": 1}]
    assert world.tenant.code in bindings("in_force") and world.tenant.code not in bindings("draft")
    assert bindings("expired") == {}  # no installed version has expired
    refused = platform_admin.get("/api/v1/admin/rule-bindings?status=retired")
    assert refused.status_code == 422 and "status" in refused.get_json()["errors"]

    # Rebind to the 2023 draft: the open cycle keeps its pin, a cycle opened afterwards pins the new binding.
    tenant = ok(platform_admin.get(f"/api/v1/admin/tenants/{world.tenant.id}"))
    ok(platform_admin.patch(f"/api/v1/admin/tenants/{world.tenant.id}", json={"rule_version": "2020"},
                            headers={"If-Match": f'"{tenant["version"]}"'}))
    first = ok(world.admin.post("/api/v1/cycles", json={"year": 2027}), 201)
    assert first["rule_version_code"] == "2020"
    tenant = ok(platform_admin.get(f"/api/v1/admin/tenants/{world.tenant.id}"))
    ok(platform_admin.patch(f"/api/v1/admin/tenants/{world.tenant.id}", json={"rule_version": "2023"},
                            headers={"If-Match": f'"{tenant["version"]}"'}))
    assert ok(world.admin.get(f"/api/v1/cycles/{first['id']}"))["rule_version_code"] == "2020"
    assert ok(world.admin.get(f"/api/v1/cycles/{cycle}"))["rule_version_code"] == "2023"
    second = ok(world.admin.post("/api/v1/cycles", json={"year": 2028}), 201)
    assert second["rule_version_code"] == "2023"
    mine = bindings("draft")[world.tenant.code]
    assert (mine["bound_version"], mine["status"]) == ("2023", "draft")
    assert mine["open_cycles"] == [{"rule_version": "2020", "status": "in_force", "cycles": 1},
                                   {"rule_version": "2023", "status": "draft", "cycles": 2}]

    # The central admin's impact: counts and articles, never a name or a fact.
    office = ok(world.admin.get(f"/api/v1/cycles/{cycle}/impact?version=2020&limit=200"))
    response = platform_admin.get(f"/api/v1/admin/tenants/{world.tenant.code}/cycles/{cycle}/impact?version=2020")
    body = ok(response)
    assert body["summary"] == office["summary"]
    text = response.get_data(as_text=True)
    for name in ("第一制造有限公司", "第二制造有限公司", "第三制造有限公司", "张工"):
        assert name not in text
    assert "application_id" not in text and "facts" not in text and "explanation" not in text
    lines = body["differences_by_article"]
    honour = next(line for line in lines if line["condition"] == "org.honour")
    assert (honour["bound_articles"], honour["other_articles"], honour["applications"]) == (
        ["nantong/2023 第十一条（四）"], ["nantong/2020 第十条（三）"], 3)
    assert sum(line["applications"] for line in lines) == office["summary"]["differences"] - len(
        office["cycle_differences"])
    assert platform_admin.get(f"/api/v1/admin/tenants/nobody/cycles/{cycle}/impact?version=2020").status_code == 404
    assert platform_admin.get(
        f"/api/v1/admin/tenants/{tenant_b.tenant.code}/cycles/{cycle}/impact?version=2020").status_code == 404
    assert world.admin.get(f"/api/v1/admin/tenants/{world.tenant.code}/cycles/{cycle}/impact?version=2020"
                           ).status_code == 403
    assert world.admin.get("/api/v1/admin/rule-bindings").status_code == 403


def test_bindings_to_an_expired_version_and_to_nothing_in_force(mqa_settings):
    """No installed text has expired yet, so a city whose only version ended in 2020 stands in: a tenant bound to
    it is ``expired``; one that follows "the version in force" has nothing to follow (``unresolvable``)."""
    from api.app import create_app
    from core.engine.hookspecs import hookimpl
    from core.engine.plugins import JurisdictionRegistry
    from core.engine.rules import ORGANIZATION, Jurisdiction, RuleVersion, Tier, VersionStage
    from core.platform.runtime import Runtime
    from core.platform.services import tenants as tenant_service
    from core.testing import TenantFactory
    from tests.conftest import Api

    class PastCity:
        @hookimpl
        def mqa_jurisdiction(self):
            return Jurisdiction("pastcity", "旧市", "Past City", "旧市市长质量奖",
                                (RuleVersion("2016", "旧办法", VersionStage.ADOPTED, effective_from=dt.date(2016, 1, 1),
                                             effective_until=dt.date(2020, 12, 31)),),
                                (Tier("award", "奖", 1),), (ORGANIZATION,))

    registry = JurisdictionRegistry.discover(extra_plugins=[("pastcity", PastCity())])
    runtime = Runtime.build(mqa_settings, registry)
    try:
        factory = TenantFactory(runtime)
        factory.tenant("past-bound", jurisdiction="pastcity", rule_version="2016")
        with runtime.session() as session:  # following "in force" was possible before 2021; the text lapsed since
            tenant_service.create_tenant(session, registry, None, code="past-follows", name="past-follows",
                                         jurisdiction="pastcity", today=dt.date(2020, 6, 1))
        factory.tenant("nantong-now", jurisdiction="nantong")
        factory.user(None, Role.PLATFORM_ADMIN, "impact-root")
        root = Api(create_app(runtime=runtime).test_client()).login("impact-root")

        def codes(status):
            return [r["code"] for r in ok(root.get(f"/api/v1/admin/rule-bindings?status={status}"))["items"]]

        assert codes("expired") == ["past-bound"]
        assert codes("unresolvable") == ["past-follows"]
        assert codes("in_force") == ["nantong-now"]
        assert codes("draft") == [] and codes("not_yet_in_force") == []
        everyone = {r["code"]: r for r in ok(root.get("/api/v1/admin/rule-bindings"))["items"]}
        assert everyone["past-follows"]["problem"] == "no rule version of pastcity is in force on 2026-10-13"
        assert (everyone["past-bound"]["bound_version"], everyone["past-bound"]["status"]) == ("2016", "expired")
    finally:
        runtime.close()
