"""Gates between review stages, as the texts set them, and how a stage's sheets combine.

* Ji'an 第十三条: organisations proposed for the award defend their management (陈述答辩) before the
  on-site review; the defence only decides who goes on (``gate_for``). Individuals take no defence,
  so they are not gated.
* Changde 第十九条: the review group proposes the on-site list by materials score (``entrants_ranked_by``;
  差额: the office sets the cut, with a reason where it departs).
* The office's choice of how sheets combine where the text is silent: median, trimmed mean (去掉一个最高分
  和一个最低分), and z-score normalisation per expert.
"""
from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from core.platform.models import Role
from core.platform.tenancy import Scope, scoped
from core.review.models import (
    Expert, MemberStatus, Panel, PanelApplication, PanelMember, ScoreSheetRow, SheetStatus,
)
from tests.conftest import build_world
from tests.lifecycle import eligible_facts, make_applicant, make_application, make_cycle
from tests.test_review import ok

CODES = ("91320600MA1MXXXX03", "91320600MA1MYYYY0C", "91320600MA1MWWWW09")


def seed_scores(runtime, tenant_id: int, cycle_id: int, stage: str, scores: dict[int, list[str]]) -> None:
    """A panel of ``stage`` reviewing the applications of ``scores``, its experts confirmed, and each
    expert's submitted sheet (one score per expert, in the order given): the rows a review leaves."""
    experts = max(len(v) for v in scores.values())
    with runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        pool = [Expert(name=f"{stage}专家{n}", title="senior") for n in range(experts)]
        session.add_all(pool)
        panel = Panel(cycle_id=cycle_id, stage=stage, name=f"{stage}组", seats=experts)
        session.add(panel)
        session.flush()
        session.add_all(PanelApplication(panel_id=panel.id, application_id=a) for a in scores)
        session.add_all(PanelMember(panel_id=panel.id, expert_id=e.id, status=MemberStatus.CONFIRMED) for e in pool)
        for application_id, values in scores.items():
            session.add_all(ScoreSheetRow(cycle_id=cycle_id, stage=stage, panel_id=panel.id,
                                          application_id=application_id, expert_id=expert.id, items={"score": value},
                                          score=value, status=SheetStatus.SUBMITTED)
                            for expert, value in zip(pool, values))
        session.commit()


def accepted(runtime, world, factory, cycle_id: int, city: str, version: str, kinds: list[str]) -> list[int]:
    made = []
    for n, kind in enumerate(kinds):
        user = factory.user(world.tenant, Role.APPLICANT, f"gate-{n}")
        facts, _ = eligible_facts(city, version, kind)
        applicant = make_applicant(runtime, world.tenant.id, user.id, kind=kind, name=f"申报者{n}",
                                   uscc=CODES[n] if kind == "organization" else None,
                                   employer_name=None if kind == "organization" else "某公司")
        made.append(make_application(runtime, world.tenant.id, cycle_id, applicant, entry_kind=kind, facts=facts,
                                     status="accepted", tiers=["award"]))
    return made


def set_setting(client, key: str, value) -> None:
    ok(client.put(f"/api/v1/tenant/settings/{key}", json={"value": value}, headers={"If-Match": '"0"'}))


def test_jian_defence_admits_organisations_to_the_on_site_review(mqa_factory, anon, mqa_runtime):
    world = build_world(mqa_factory, anon, "gate-jian", "jian")
    admin = world.admin
    cycle = make_cycle(mqa_runtime, world.tenant.id, stage="presentation_gate")
    first, second, third, person = accepted(mqa_runtime, world, mqa_factory, cycle, "jian", "2023",
                                            ["organization"] * 3 + ["individual"])
    seed_scores(mqa_runtime, world.tenant.id, cycle, "presentation_gate",
                {first: ["700", "720", "710"], second: ["820", "800", "810"], third: ["600", "640", "620"]})
    set_setting(admin, "review_aggregation", "mean")
    proposal = ok(admin.get(f"/api/v1/cycles/{cycle}/stages/on_site_review/entrants"))
    assert proposal["gate"]["kind"] == "pass" and proposal["gate"]["by_stage"] == "presentation_gate"
    assert proposal["gate"]["citation"]["jurisdiction"] == "jian"
    by_kind = {k["entry_kind"]: k for k in proposal["kinds"]}
    assert [r["application_id"] for r in by_kind["organization"]["ranked"]] == [second, first, third]
    assert by_kind["organization"]["ranked"][0]["score"] == "810.0000"
    assert by_kind["individual"]["gated"] is False and by_kind["individual"]["proposed"] == [person]
    path = f"/api/v1/cycles/{cycle}/stages/on_site_review/entrants"
    without_reason = admin.post(path, json={"application_ids": [second, first, person]})
    assert without_reason.status_code == 422 and str(third) in without_reason.get_json()["errors"]["reason"][0]
    unknown = admin.post(path, json={"application_ids": [second, 99999], "reason": "x"})
    assert unknown.status_code == 422 and "application_ids.1" in unknown.get_json()["errors"]
    decided = ok(admin.post(path, json={"application_ids": [second, first, person],
                                        "reason": "答辩未达到评审组确定的要求"}))
    assert decided["application_ids"] == [second, first, person] and decided["reason"]
    refused = admin.post(f"/api/v1/cycles/{cycle}/panels", json={
        "stage": "on_site_review", "name": "现场评审组", "seats": 3, "application_ids": [third]})
    assert refused.status_code == 422 and str(third) in refused.get_json()["errors"]["application_ids"][0]
    ungated = ok(admin.get(f"/api/v1/cycles/{cycle}/stages/materials_review/entrants"))
    assert ungated["gated"] is False
    assert admin.post(f"/api/v1/cycles/{cycle}/stages/materials_review/entrants",
                      json={"application_ids": [first]}).status_code == 409


def test_changde_on_site_list_follows_the_materials_score(mqa_factory, anon, mqa_runtime):
    tenant = mqa_factory.tenant("gate-changde", jurisdiction="changde", rule_version="draft")  # only a draft exists
    user = mqa_factory.user(tenant, Role.OFFICE_ADMIN, "changde-admin")
    admin = anon.login(user.username, tenant=tenant.code)
    world = SimpleNamespace(tenant=tenant)
    set_setting(admin, "cycle_years", 2)
    set_setting(admin, "score_scale", 100)
    cycle = ok(admin.post("/api/v1/cycles", json={"year": 2026}), 201)["id"]
    apps = accepted(mqa_runtime, world, mqa_factory, cycle, "changde", "draft", ["organization"] * 3)
    seed_scores(mqa_runtime, world.tenant.id, cycle, "materials_review",
                {apps[0]: ["80", "84", "85"], apps[1]: ["90", "60", "95"], apps[2]: ["70", "71", "72"]})
    set_setting(admin, "review_aggregation", "median")
    proposal = ok(admin.get(f"/api/v1/cycles/{cycle}/stages/on_site_review/entrants"))
    assert proposal["gate"]["kind"] == "ranked" and proposal["gate"]["citation"]["article"] == "第十九条"
    ranked = proposal["kinds"][0]["ranked"]
    assert [(r["application_id"], r["score"]) for r in ranked] == [
        (apps[1], "90.0000"), (apps[0], "84.0000"), (apps[2], "71.0000")]  # medians
    assert proposal["kinds"][0]["limit"] is None  # 差额: the office sets the cut


@pytest.mark.parametrize("method, normalise, expected", [
    ("trimmed_mean", False, {"a": "85.0000", "b": "70.0000"}),
    ("median", False, {"a": "85.0000", "b": "70.0000"}),
    ("mean", True, None),
])
def test_the_offices_way_of_combining_sheets(review_world, method, normalise, expected):
    admin, cycle, (a, b) = review_world
    set_setting(admin, "review_aggregation", method)
    if normalise:
        set_setting(admin, "review_normalise", True)
    result = ok(admin.get(f"/api/v1/cycles/{cycle}/stages/materials_review/results"))
    scores = {r["application_id"]: r for r in result["results"]}
    assert result["method"] == method and result["normalised"] is normalise
    if expected:
        assert scores[a]["score"] == expected["a"] and scores[b]["score"] == expected["b"]
        assert all(line["used"] == line["raw"] for line in scores[a]["sheets"])
    else:  # each expert's sheets are put on the stage's common mean and spread before they are averaged
        assert any(line["used"] != line["raw"] for line in scores[a]["sheets"])
        used = [Decimal(line["used"]) for r in scores.values() for line in r["sheets"]]
        raw = [Decimal(line["raw"]) for r in scores.values() for line in r["sheets"]]
        assert abs(sum(used) / len(used) - sum(raw) / len(raw)) < Decimal("0.001")  # the grand mean is kept


@pytest.fixture
def review_world(mqa_factory, anon, mqa_runtime):
    world = build_world(mqa_factory, anon, "combine", "nantong")
    cycle = make_cycle(mqa_runtime, world.tenant.id, version_code="2023", stage="materials_review")
    a, b = accepted(mqa_runtime, world, mqa_factory, cycle, "nantong", "2023", ["organization"] * 2)
    # one lenient expert (100s), one strict; trimmed: a drops 100 and 60 -> mean(85, 85) = 85
    seed_scores(mqa_runtime, world.tenant.id, cycle, "materials_review",
                {a: ["100", "85", "85", "60"], b: ["95", "70", "70", "40"]})
    return world.admin, cycle, (a, b)


def test_yuncheng_talent_points_are_added_after_weighting(mqa_factory, anon, mqa_runtime):
    """Yuncheng 第三条: 5 points per talent hired and 20 per senior talent, added to the weighted total; the
    office records the counts it verified, and they can change the order."""
    world = build_world(mqa_factory, anon, "bonus-yuncheng", "yuncheng")
    admin = world.admin
    cycle = make_cycle(mqa_runtime, world.tenant.id, stage="presentation")
    first, second = accepted(mqa_runtime, world, mqa_factory, cycle, "yuncheng", "2023", ["organization"] * 2)
    for stage in ("materials_review", "on_site_review", "presentation"):
        seed_scores(mqa_runtime, world.tenant.id, cycle, stage, {first: ["800", "800"], second: ["810", "810"]})
    set_setting(admin, "review_aggregation", "mean")
    set_setting(admin, "stage_weights.organization", {"materials_review": 20, "on_site_review": 70, "presentation": 10})
    before = ok(admin.get(f"/api/v1/cycles/{cycle}/ranking"))
    assert [r["application_id"] for r in before["ranked"]] == [second, first]
    unknown = admin.put(f"/api/v1/applications/{first}/bonus", json={"counts": {"robots": 2}})
    assert unknown.status_code == 422 and "counts.robots" in unknown.get_json()["errors"]
    ok(admin.put(f"/api/v1/applications/{first}/bonus", json={"counts": {"talent": 1, "senior_talent": 1},
                                                               "note": "劳动合同与职称证书已核验"}))
    after = ok(admin.get(f"/api/v1/cycles/{cycle}/ranking"))
    ranked = {r["application_id"]: r for r in after["ranked"]}
    assert [r["application_id"] for r in after["ranked"]] == [first, second]
    assert ranked[first]["bonus"] == "25" and Decimal(ranked[first]["total"]) == Decimal("825")
    assert after["weights"]["organization"]["bonus_rules"][0]["citation"]["article"] == "第三条"
    assert ok(admin.get(f"/api/v1/applications/{first}/bonus"))["counts"] == {"talent": 1, "senior_talent": 1}
    assert world.as_(Role.SUPERVISOR).put(f"/api/v1/applications/{first}/bonus",
                                          json={"counts": {"talent": 9}}).status_code == 403
