"""Plugin contract v2, tried as a third-party author would: two cities written as separate packages.

西城 (xicheng, 2021): gold, silver and bronze across six sectors, organisations and *projects*, a
special-contribution award outside the quota, no bonus for fiscal-funded organisations, a special
bonus the text leaves to the office. 东山 (dongshan, 2020): two tiers, organisations only. Both are
installed as distributions (a ``.dist-info`` with the entry point, as pip lays it out), listed, bound
to tenants, and computed through the stateless rule API, with no core edit.
"""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

from api.app import create_app
from core.platform.models import Role
from core.engine.plugins import JurisdictionRegistry
from core.platform.runtime import Runtime
from core.testing import TenantFactory
from tests.conftest import Api
from tests.test_plugins import install_distribution

XICHENG = '''
"""西城市市长质量奖 (a 2021 text, invented for this test)."""
import datetime as dt

import marshmallow as ma

from core.sdk import (
    ORGANIZATION, PROJECT, Category, Citation, EntryKind, ExpertQualification, Judge, Jurisdiction, NoticeRule,
    CyclePlan, OrganizationFactsSchema, ProjectFactsSchema, Quota, QuotaPlan, Reading, RewardDecision, RuleVersion,
    SanctionDecision, ScoreItem, ScoreSheet, SettingSpec, Tier, TotalCap, VersionStage, ViolationKind, hookimpl,
    period_last_day, require, unknown_violation,
)

V = RuleVersion("2021", "西城市市长质量奖管理办法", VersionStage.ADOPTED, document_number="西政发〔2021〕9号",
                effective_from=dt.date(2021, 3, 1))
SECTORS = (("economy", "经济"), ("society", "社会"), ("culture", "文化"), ("ecology", "生态"),
           ("technology", "科技"), ("governance", "治理"))
TIERS = (Tier("gold", "金奖", 1), Tier("silver", "银奖", 2), Tier("bronze", "铜奖", 3),
         Tier("special", "特别贡献奖"))
KINDS = (ORGANIZATION, PROJECT)
PER_SECTOR = {"gold": 1, "silver": 2, "bronze": 3}
BONUS = {("gold", "organization"): 300000, ("silver", "organization"): 200000, ("bronze", "organization"): 100000,
         ("gold", "project"): 150000, ("silver", "project"): 100000, ("bronze", "project"): 50000}


def cite(article, item=None):
    return Citation("xicheng", "2021", article, item)


SPECIAL_BONUS = SettingSpec("special_bonus_yuan", "yuan", "特别贡献奖奖金", ("reward",), cite("第十五条"))


class Organization(OrganizationFactsSchema):
    fiscal_funded = ma.fields.Boolean(load_default=False, metadata={"description": "财政拨款单位"})


@hookimpl
def mqa_jurisdiction():
    return Jurisdiction("xicheng", "西城市", "Xicheng", "西城市市长质量奖", (V,), TIERS, KINDS,
                        categories=tuple(Category(c, n) for c, n in SECTORS))


@hookimpl
def mqa_facts_schema(entry_kind):
    return {"organization": Organization, "project": ProjectFactsSchema}.get(entry_kind)


@hookimpl
def mqa_tenant_settings():
    return [SPECIAL_BONUS]


@hookimpl
def mqa_eligibility(entry_kind, facts, on_date, category):
    """The place of registration (organisations) or of the project [reading: project_place]."""
    judge = Judge(facts)
    place = facts["registration_city"] if entry_kind == "organization" else facts["location_city"]
    judge.check("place", place == "西城市", cite("第六条", "（一）"), "在西城市", f"不在西城市：{place}")
    judge.check("sector", category is not None, cite("第三条"), "已选择领域", "须选择申报领域")
    return judge.findings


@hookimpl
def mqa_quota_plan():
    quotas = [Quota(tier, ("organization", "project"), count, cite("第四条"), categories=(sector,))
              for tier, count in PER_SECTOR.items() for sector, _ in SECTORS]
    quotas.append(Quota("special", ("organization", "project"), None, cite("第八条"),
                        note="特别贡献奖不占名额，由市政府研究决定"))
    return QuotaPlan(tuple(quotas), total_caps=(TotalCap(("gold", "silver", "bronze"), 20, cite("第四条", "第二款")),))


@hookimpl
def mqa_reward(tier, entry_kind, facts, flags, settings):
    if tier == "special":
        return RewardDecision(require(settings, SPECIAL_BONUS), ("certificate",), cite("第十五条"), "特别贡献奖")
    if entry_kind == "organization" and (facts.get("fiscal_funded") or "fiscal_funded" in flags):
        return RewardDecision(0, ("certificate", "trophy"), cite("第十四条", "第二款"), "财政拨款单位不予奖金")
    return RewardDecision(BONUS[(tier, entry_kind)], ("certificate", "trophy"), cite("第十四条"), "奖金")


@hookimpl
def mqa_violations():
    return [ViolationKind("fraud", "弄虚作假", cite("第二十条"))]


@hookimpl
def mqa_sanction(violation, decided_on):
    if violation != "fraud":
        raise unknown_violation(violation, ["fraud"])
    return SanctionDecision(("revoke_title",), period_last_day(decided_on, years=3), cite("第二十条"), "三年内不得申报")


@hookimpl
def mqa_cycle_plan():
    return CyclePlan(2, ("application", "review", "candidate_notice"),
                     (NoticeRule("candidate_notice", 7, False, cite("第十二条"), kind="candidate"),
                      NoticeRule("winners", None, False, cite("第十三条"), kind="winners")), cite("第九条"),
                     stage_kinds=(("application", "application"), ("review", "review"), ("candidate_notice", "notice")))


@hookimpl
def mqa_expert_qualifications():
    return [ExpertQualification("practice_years", "8年以上质量工作经历", cite("第十条", "（一）"), "practice_years", 8),
            ExpertQualification("conduct", "遵守评审纪律", cite("第十条", "（二）"), "attested")]


@hookimpl
def mqa_score_sheet(stage, entry_kind):
    """One review, scored on the city's own three criteria for every kind (第十一条)."""
    if stage != "review":
        return None
    items = (ScoreItem("quality", "质量", 400, cite("第十一条")), ScoreItem("innovation", "创新", 300, cite("第十一条")),
             ScoreItem("benefit", "效益", 300, cite("第十一条")))
    return ScoreSheet(stage, entry_kind, items, cite("第十一条"), aggregation="trimmed_mean",
                      aggregation_citation=cite("第十一条", "第二款"))


@hookimpl
def mqa_readings():
    return [Reading("project_place", cite("第六条", "（一）"), "项目以所在地判断属地", "以建设单位登记地判断")]
'''

DONGSHAN = '''
"""东山市市长质量奖 (a 2020 text, invented for this test): two tiers, organisations only."""
import datetime as dt

from core.sdk import (
    ORGANIZATION, Citation, Jurisdiction, Quota, QuotaPlan, RewardDecision, RuleVersion, Tier, VersionStage,
    hookimpl,
)

V = RuleVersion("2020", "东山市市长质量奖管理办法", VersionStage.ADOPTED, effective_from=dt.date(2020, 1, 1))


def cite(article):
    return Citation("dongshan", "2020", article)


@hookimpl
def mqa_jurisdiction():
    return Jurisdiction("dongshan", "东山市", "Dongshan", "东山市市长质量奖", (V,),
                        (Tier("award", "市长质量奖", 1), Tier("nomination", "提名奖", 2)), (ORGANIZATION,))


@hookimpl
def mqa_quota_plan():
    return QuotaPlan((Quota("award", ("organization",), 3, cite("第五条")),
                      Quota("nomination", ("organization",), 5, cite("第五条"))))


@hookimpl
def mqa_reward(tier):
    return RewardDecision({"award": 100000, "nomination": 50000}[tier], ("plaque",), cite("第十八条"), "奖金")
'''


@pytest.fixture
def two_cities(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    site = tmp_path / "site"
    site.mkdir()
    install_distribution(site, "mqa_city_xicheng", XICHENG, "xicheng", "mqa-city-xicheng")
    install_distribution(site, "mqa_city_dongshan", DONGSHAN, "dongshan", "mqa-city-dongshan")
    monkeypatch.syspath_prepend(str(site))
    yield JurisdictionRegistry.discover()
    for module in ("mqa_city_xicheng", "mqa_city_dongshan"):
        sys.modules.pop(module, None)


@pytest.fixture
def central(two_cities, mqa_settings):
    runtime = Runtime.build(mqa_settings, two_cities)
    TenantFactory(runtime).user(None, Role.PLATFORM_ADMIN, "root2")
    yield Api(create_app(runtime=runtime).test_client()).login("root2"), runtime
    runtime.close()


X = "/api/v1/rules/xicheng"
ORG = {"registration_city": "西城市", "independent_legal_person": True, "founded_on": "2010-01-01"}


def test_both_cities_install_list_and_bind_tenants(central):
    admin, runtime = central
    listed = {j["code"]: j for j in admin.get("/api/v1/jurisdictions").get_json()}
    assert {"xicheng", "dongshan", "nantong"} <= set(listed)
    assert listed["xicheng"]["package"] == "mqa-city-xicheng"
    for code in ("xicheng", "dongshan"):
        created = admin.post("/api/v1/admin/tenants", json={"code": f"{code}-office", "name": code,
                                                            "jurisdiction": code})
        assert created.status_code == 201, created.get_json()


def test_summary_shows_categories_unranked_tier_unlimited_quota_and_total_cap(central):
    admin, _ = central
    summary = admin.get(f"{X}/summary").get_json()
    assert [c["code"] for c in summary["categories"]][:2] == ["economy", "society"]
    assert {t["code"]: t["rank"] for t in summary["tiers"]}["special"] is None
    special = [q for q in summary["quotas"]["quotas"] if q["tier"] == "special"]
    assert special[0]["max_count"] is None and special[0]["note"]
    assert summary["quotas"]["total_caps"][0]["max_count"] == 20
    assert [v["code"] for v in summary["violations"]] == ["fraud"]
    assert [(n["stage"], n["kind"], n["min_days"]) for n in summary["notices"]] == \
        [("candidate_notice", "candidate", 7), ("winners", "winners", None)]
    assert summary["readings"][0]["code"] == "project_place"
    assert "location_city" in summary["eligibility"]["facts_read"]["project"]["fields"]


def test_project_eligibility_with_a_category_and_the_jurisdiction_code_as_place(central):
    admin, _ = central
    body = {"entry_kind": "project", "category": "culture", "on_date": "2024-05-01",
            "facts": {"name": "西城大剧院", "location_city": "xicheng"}}  # the code is read as 西城市
    verdict = admin.post(f"{X}/eligibility", json=body).get_json()
    assert verdict["status"] == "eligible", verdict
    elsewhere = admin.post(f"{X}/eligibility", json={**body, "facts": {"location_city": "东山市"}}).get_json()
    assert elsewhere["status"] == "ineligible" and elsewhere["failed"][0]["citation"]["text"] == "xicheng/2021 第六条（一）"


@pytest.mark.parametrize("field, value, named", [
    ("category", "sport", "category"),
    ("entry_kind", "team", "entry_kind"),
])
def test_unknown_category_or_kind_is_named_with_the_jurisdictions_values(central, field, value, named):
    admin, _ = central
    body = {"entry_kind": "project", "category": "culture", "facts": {"location_city": "西城市"}, field: value}
    response = admin.post(f"{X}/eligibility", json=body)
    assert response.status_code == 422
    reason = response.get_json()["errors"][named][0]
    assert value in reason and ("economy" in reason or "organization" in reason)


def test_allocation_per_category_with_a_cap_across_tiers(central):
    admin, _ = central
    ranked = [{"id": "econ1", "entry_kind": "organization", "category": "economy"},
              {"id": "econ2", "entry_kind": "project", "category": "economy"},
              {"id": "cult1", "entry_kind": "project", "category": "culture"},
              {"id": "cult2", "entry_kind": "organization", "category": "culture"}]
    gold = admin.post(f"{X}/quota-allocation", json={"tier": "gold", "ranked": ranked}).get_json()
    assert [w["candidate"]["id"] for w in gold["winners"]] == ["econ1", "cult1"]  # one gold per sector
    assert {c["candidate"]["id"]: c["citation"]["text"] for c in gold["cuts"]} == \
        {"econ2": "xicheng/2021 第四条", "cult2": "xicheng/2021 第四条"}
    tiers = admin.post(f"{X}/quota-allocation", json={"tiers": ["gold", "silver"], "ranked": ranked}).get_json()
    assert [w["candidate"]["id"] for w in tiers["silver"]["winners"]] == ["econ2", "cult2"]
    no_sector = admin.post(f"{X}/quota-allocation", json={"tier": "gold", "ranked": [
        {"id": "x", "entry_kind": "project"}]}).get_json()
    assert no_sector["cuts"][0]["reason"].startswith("gold has no places for project in category (none)")
    bad = admin.post(f"{X}/quota-allocation", json={"tier": "gold", "ranked": [
        {"id": "x", "entry_kind": "project", "category": "sport"}]})
    assert bad.status_code == 422 and "ranked.0.category" in bad.get_json()["errors"]


def test_total_cap_across_tiers_cuts_with_its_own_article():
    from core.engine.allocation import Candidate, allocate_tiers
    from core.engine.rules import Citation, Quota, QuotaPlan, TotalCap

    c = Citation("t", "1", "第四条")
    cap = Citation("t", "1", "第四条", "第二款")
    plan = QuotaPlan((Quota("gold", ("organization",), 2, c), Quota("silver", ("organization",), 2, c)),
                     total_caps=(TotalCap(("gold", "silver"), 3, cap),))
    ranked = [Candidate(f"o{i}", "organization") for i in range(1, 6)]
    result = allocate_tiers(plan, ["gold", "silver"], ranked)
    assert result["gold"].winner_ids == ["o1", "o2"]
    assert result["silver"].winner_ids == ["o3"]  # the third place of the total; silver alone had two
    assert {str(cut.citation) for cut in result["silver"].cuts} == {"t/1 第四条第二款"}


def test_uncapped_special_award_takes_everyone_ranked(central):
    admin, _ = central
    ranked = [{"id": f"p{i}", "entry_kind": "project", "category": "ecology"} for i in range(30)]
    special = admin.post(f"{X}/quota-allocation", json={"tier": "special", "ranked": ranked}).get_json()
    assert len(special["winners"]) == 30 and special["cuts"] == []


def test_rewards_depend_on_who_won(central):
    admin, _ = central
    plain = admin.post(f"{X}/reward", json={"tier": "gold", "entry_kind": "organization", "category": "economy",
                                            "facts": ORG}).get_json()
    assert plain["amount_yuan"] == 300000
    fiscal = admin.post(f"{X}/reward", json={"tier": "gold", "entry_kind": "organization",
                                             "facts": {**ORG, "fiscal_funded": True}}).get_json()
    assert fiscal["amount_yuan"] == 0 and fiscal["citation"]["text"] == "xicheng/2021 第十四条第二款"
    flagged = admin.post(f"{X}/reward", json={"tier": "silver", "entry_kind": "organization",
                                              "flags": ["fiscal_funded"]}).get_json()
    assert flagged["amount_yuan"] == 0
    project = admin.post(f"{X}/reward", json={"tier": "bronze", "entry_kind": "project"}).get_json()
    assert project["amount_yuan"] == 50000
    bad_facts = admin.post(f"{X}/reward", json={"tier": "gold", "entry_kind": "organization",
                                                "facts": {**ORG, "fiscal_funded": "perhaps"}})
    assert bad_facts.status_code == 422 and "facts.fiscal_funded" in bad_facts.get_json()["errors"]


def test_stateless_settings_are_validated_like_a_tenants(central):
    admin, _ = central
    body = {"tier": "special", "entry_kind": "project"}
    unset = admin.post(f"{X}/reward", json=body)
    assert unset.status_code == 409 and "settings.special_bonus_yuan" in unset.get_json()["errors"]
    given = admin.post(f"{X}/reward", json={**body, "settings": {"special_bonus_yuan": 80000}}).get_json()
    assert given["amount_yuan"] == 80000
    negative = admin.post(f"{X}/reward", json={**body, "settings": {"special_bonus_yuan": -1}})
    assert negative.status_code == 422 and "settings.special_bonus_yuan" in negative.get_json()["errors"]
    unknown = admin.post(f"{X}/reward", json={**body, "settings": {"bonus": 1}})
    assert unknown.status_code == 422 and "special_bonus_yuan" in unknown.get_json()["errors"]["settings.bonus"][0]


def test_sanction_of_a_city_without_organisations_needs_no_guess(central):
    admin, _ = central
    decided = admin.post(f"{X}/sanction", json={"violation": "fraud", "decided_on": "2024-03-10",
                                                "award": {"tier": "gold", "entry_kind": "project",
                                                          "cycle_year": 2022}}).get_json()
    assert decided["ban_until"] == "2027-03-10"  # 民法典 第二百零一条: the decision day is not counted
    vague = admin.post(f"{X}/sanction", json={"violation": "fraud", "decided_on": "2024-03-10",
                                              "award": {"tier": "gold", "cycle_year": 2022}})
    assert vague.status_code == 422 and "award.entry_kind" in vague.get_json()["errors"]
    dong = admin.post("/api/v1/rules/dongshan/reward", json={"tier": "nomination", "entry_kind": "organization"})
    assert dong.get_json()["amount_yuan"] == 50000


def test_notice_dates_and_a_notice_without_a_length(central):
    admin, _ = central
    seven = admin.post(f"{X}/notice-dates", json={"stage": "candidate_notice", "published_on": "2024-09-27"})
    # 7 calendar days from the day after end on 4 October, inside the National Day holiday: the
    # objections' deadline runs on to 8 October, the first working day (民法典 第二百零三条).
    assert seven.get_json()["ends_on"] == "2024-10-08"
    ordinary = admin.post(f"{X}/notice-dates", json={"stage": "candidate_notice", "published_on": "2024-11-01"})
    assert ordinary.get_json()["ends_on"] == "2024-11-08"
    open_ended = admin.post(f"{X}/notice-dates", json={"stage": "winners", "published_on": "2024-09-27"})
    assert open_ended.get_json()["ends_on"] is None
    unknown = admin.post(f"{X}/notice-dates", json={"stage": "gossip", "published_on": "2024-09-27"})
    assert unknown.status_code == 422 and "candidate_notice" in unknown.get_json()["errors"]["stage"][0]


def test_the_invented_cities_conform(two_cities):
    from core.engine.conformance import check

    assert [str(p) for p in check(two_cities, "xicheng")] == []
    problems = [str(p) for p in check(two_cities, "dongshan")]
    assert problems == []  # no cycle plan, no sanctions: nothing is decided that could be uncited


@pytest.mark.parametrize("scores", [{"materials_review": "812.5"}, {"materials_review": 812.5}])
def test_fractional_scores_are_exact(platform_admin, scores):
    body = {"version": "2023", "entry_kind": "organization",
            "stage_scores": {"on_site_review": 900, "presentation": "700", **scores}}
    answer = platform_admin.post("/api/v1/rules/nantong/total", json=body)
    assert answer.status_code == 200, answer.get_json()
    total = Decimal(answer.get_json()["result"]["total"])
    assert total == Decimal("812.5") * Decimal("0.2") + 900 * Decimal("0.7") + 700 * Decimal("0.1")


@pytest.mark.parametrize("score", ["八百", "８００", "1e999", "NaN", True, [800]])
def test_scores_that_are_not_numbers_are_named(platform_admin, score):
    body = {"version": "2023", "entry_kind": "organization",
            "stage_scores": {"materials_review": score, "on_site_review": 900, "presentation": 700}}
    answer = platform_admin.post("/api/v1/rules/nantong/total", json=body)
    assert answer.status_code == 422 and "stage_scores.materials_review" in answer.get_json()["errors"]


def test_past_awards_may_give_the_cycle_year_only(platform_admin):
    body = {"version": "2023", "tier": "award", "entry_kind": "organization",
            "history": [{"tier": "award", "cycle_year": 2019}]}
    assert platform_admin.post("/api/v1/rules/nantong/reward", json=body).status_code == 200
    neither = platform_admin.post("/api/v1/rules/nantong/reward", json={**body, "history": [{"tier": "award"}]})
    assert neither.status_code == 422 and "history.0.awarded_on" in neither.get_json()["errors"]


def test_facts_schema_marks_what_the_city_reads(central):
    admin, _ = central
    schema = admin.get(f"{X}/facts-schema?entry_kind=project").get_json()
    assert schema["properties"]["location_city"]["x-mqa-read"] is True
    assert schema["properties"]["investment_yuan"]["x-mqa-read"] is False
    assert "location_city" in schema["x-mqa-read-paths"] and schema["x-mqa-confirmations"] == []
    org = admin.get(f"{X}/facts-schema?entry_kind=organization").get_json()
    assert org["properties"]["registration_city"]["x-mqa-read"] is True
    assert org["properties"]["fiscal_funded"]["x-mqa-read"] is False  # read by the reward rule, not eligibility


def test_seed_demo_seeds_every_installed_jurisdiction(two_cities, mqa_runtime, tmp_path):
    import datetime as dt

    from sqlalchemy import select

    from core.platform.models import Tenant
    from core.platform.services import demo
    from core.platform.tenancy import Scope, scoped

    with mqa_runtime.session() as session:
        demo.seed(session, two_cities, tmp_path / "creds.json", dt.date(2024, 6, 1))
    with mqa_runtime.session() as session, scoped(session, Scope.platform()):
        bound = {t.code: (t.jurisdiction_code, t.rule_version_code) for t in session.scalars(select(Tenant))}
    assert bound["demo-xicheng"] == ("xicheng", None) and bound["demo-dongshan"] == ("dongshan", None)
    assert bound["demo-changde"] == ("changde", "draft")
    assert {j for j, _ in bound.values()} == set(two_cities.codes())
