"""The review, end to end through the API, for Nantong 2023 and Rugao 2021: from accepted applications
to the committee's decision. Every review stage of the city's plan gets a panel drawn at random (a
conflicted expert excluded, at the first stage a recusal replaced by a recorded draw), every seated
expert scores every application of the panel, the gate of a gated stage is passed (Nantong's on-site
shortlist, 2023 第二十一条), the cycle moves on stage by stage, the ranking and the quota allocation come
from the stored sheets, and the committee's decision is recorded; a supervisor re-runs every draw."""
from __future__ import annotations

from decimal import Decimal

import pytest

from core.platform.models import Role
from tests.conftest import build_world
from tests.lifecycle import eligible_facts, make_applicant, make_application, make_cycle
from tests.test_review import expert_body, ok
from tests.walk import all_items

ORGANISATIONS = (("第一制造有限公司", "91320600MA1MXXXX03"), ("第二制造有限公司", "91320600MA1MYYYY0C"),
                 ("第三制造有限公司", "91320600MA1MWWWW09"))


MORE_ORGANISATIONS = (("第四制造有限公司", "91320600MA1MKKKK0"), ("第五制造有限公司", "91320600MA1MLLLL0"))
"""Organisations a later walk adds so that someone is ranked below the allocation (a backfill's successor)."""


def _valid_codes(organisations=ORGANISATIONS) -> tuple[str, ...]:
    from core.applications.uscc import complete
    return tuple(complete(code[:17]) for _, code in organisations)


@pytest.mark.parametrize("city, version", [("nantong", "2023"), ("rugao", "2021")])
def test_an_office_reviews_a_cycle_to_the_committees_decision(city, version, mqa_factory, anon, mqa_runtime):
    review_a_cycle(city, version, mqa_factory, anon, mqa_runtime)


def review_a_cycle(city, version, mqa_factory, anon, mqa_runtime, code: str = "", more: int = 0) -> dict:
    """The review walk; returns what later walks go on from (the world, the cycle, the applications
    by kind, the organisations in ranking order, the allocation's winners). ``more`` organisations
    (at most 2) join the three."""
    entrants = ORGANISATIONS + MORE_ORGANISATIONS[:more]
    world = build_world(mqa_factory, anon, code or f"walk-{city}", city)
    admin, supervisor = world.admin, world.as_(Role.SUPERVISOR)
    rules = mqa_runtime.registry.rules(city)
    plan = rules.cycle_plan(rules.jurisdiction.version(version), {})
    reviews = plan.stages_of_kind("review")
    cycle = make_cycle(mqa_runtime, world.tenant.id, version_code=version, stage=reviews[0])
    codes = _valid_codes(entrants)
    kinds: dict[int, str] = {}
    for n, (name, _) in enumerate(entrants):
        user = mqa_factory.user(world.tenant, Role.APPLICANT, f"org-{n}")
        facts, _ = eligible_facts(city, version, "organization")
        applicant = make_applicant(mqa_runtime, world.tenant.id, user.id, name=name, uscc=codes[n])
        kinds[make_application(mqa_runtime, world.tenant.id, cycle, applicant, facts=facts,
                               status="accepted")] = "organization"
    person = mqa_factory.user(world.tenant, Role.APPLICANT, "person")
    facts, _ = eligible_facts(city, version, "individual")
    applicant = make_applicant(mqa_runtime, world.tenant.id, person.id, kind="individual", name="张工",
                               uscc=None, employer_name="第一制造有限公司")
    kinds[make_application(mqa_runtime, world.tenant.id, cycle, applicant, facts=facts, tiers=["award"],
                           entry_kind="individual", status="accepted")] = "individual"
    applications = sorted(kinds)

    qualifications = {q.code for v in rules.jurisdiction.versions for q in rules.expert_qualifications(v)}
    experts: dict[int, object] = {}
    for n in range(8):
        user = mqa_factory.user(world.tenant, Role.EXPERT, f"walk-expert-{n}")
        extra = {"employer_uscc": codes[0], "employer_name": "第一制造有限公司"} if n == 0 else {}
        made = ok(admin.post("/api/v1/experts", json=expert_body(f"专家{n}", user_id=user.id,
                                                                  attested=sorted(qualifications), **extra)), 201)
        experts[made["id"]] = anon.login(f"walk-expert-{n}", tenant=world.tenant.code)
    conflicted = min(experts)
    ok(admin.put("/api/v1/tenant/settings/review_aggregation", json={"value": "mean"}, headers={"If-Match": '"0"'}))

    draws = []
    for position, stage in enumerate(reviews):
        weighted = [a for a in applications if stage in rules.stage_weights(
            rules.jurisdiction.version(version), kinds[a], {}).stages]
        gate = ok(admin.get(f"/api/v1/cycles/{cycle}/stages/{stage}/entrants"))
        if gate["gated"]:  # Nantong's on-site review: at most 1.5 x the planned organisation winners
            proposed = [i for kind in gate["kinds"] for i in kind["proposed"]]
            assert gate["kinds"][0]["citation"]["article"] == "第二十一条" and gate["kinds"][0]["limit"] == 15
            refused = admin.post(f"/api/v1/cycles/{cycle}/panels", json={
                "stage": stage, "name": "现场评审组", "seats": 3, "application_ids": proposed})
            assert refused.status_code == 409  # the entrants are recorded first
            ok(admin.post(f"/api/v1/cycles/{cycle}/stages/{stage}/entrants", json={"application_ids": proposed}))
            weighted = [a for a in weighted if a in proposed]
        rule = next((p for p in plan.panels if p.stage == stage), None)
        seats = rule.min_experts if rule and rule.min_experts else 3
        panel = ok(admin.post(f"/api/v1/cycles/{cycle}/panels", json={
            "stage": stage, "name": f"{stage}组", "seats": seats, "application_ids": weighted}), 201)
        committed = ok(admin.post(f"/api/v1/panels/{panel['id']}/draws", json={}), 201)
        drawn = ok(admin.post(f"/api/v1/draws/{committed['id']}/reveal", json={}))
        draws.append(drawn["id"])
        assert conflicted in {row["expert_id"] for row in drawn["excluded"]}  # same employer as applicant 1
        assert conflicted not in drawn["drawn"] and len(drawn["drawn"]) == seats
        seats_by_expert = _seats(admin, panel["id"])
        for expert_id in drawn["drawn"]:
            ok(experts[expert_id].post(f"/api/v1/panel-members/{seats_by_expert[expert_id]['id']}/confirm", json={}))
        if position == 0:  # a recusal, refilled by a recorded replacement draw
            leaving = drawn["drawn"][0]
            ok(experts[leaving].post(f"/api/v1/panel-members/{seats_by_expert[leaving]['id']}/recuse",
                                     json={"reason": "与申报单位存在业务往来"}))
            again = ok(admin.post(f"/api/v1/panels/{panel['id']}/draws", json={"reason": "专家回避，补抽"}), 201)
            replaced = ok(admin.post(f"/api/v1/draws/{again['id']}/reveal", json={}))
            draws.append(replaced["id"])
            newcomer = replaced["drawn"][0]
            assert newcomer not in (conflicted, leaving, *drawn["drawn"])
            ok(experts[newcomer].post(f"/api/v1/panel-members/{_seats(admin, panel['id'])[newcomer]['id']}/confirm",
                                      json={}))
        assert ok(admin.get(f"/api/v1/panels/{panel['id']}"))["status"] == "ready"
        scorers = [e for e, m in _seats(admin, panel["id"]).items() if m["status"] == "confirmed"]
        for rank, application_id in enumerate(weighted):
            for offset, expert_id in enumerate(scorers):
                _score(experts[expert_id], panel["id"], application_id, Decimal(900 - 60 * rank + offset * 3))
        results = ok(supervisor.get(f"/api/v1/cycles/{cycle}/stages/{stage}/results"))
        assert {r["application_id"] for r in results["results"]} == set(weighted)
        assert all(len(r["sheets"]) == seats for r in results["results"])
        if position + 1 < len(reviews):
            ok(admin.post(f"/api/v1/cycles/{cycle}/advance", json={}))

    for draw_id in draws:  # a supervisor re-runs every draw and gets the same panel
        assert ok(supervisor.get(f"/api/v1/draws/{draw_id}/verification"))["holds"]

    ranking = ok(supervisor.get(f"/api/v1/cycles/{cycle}/ranking"))
    assert ranking["incomplete"] == [] and len(ranking["ranked"]) == len(entrants) + 1
    organisations = [r["application_id"] for r in ranking["ranked"] if r["entry_kind"] == "organization"]
    assert organisations == [a for a in applications if kinds[a] == "organization"]  # scored best-first
    winners = {w["application_id"]: tier for tier, a in ranking["allocation"].items() for w in a["winners"]}
    if city == "rugao":  # 第五条: at most 2 organisations win the award, 2 more are nominated
        expected = ["award", "award", "nomination", "nomination", None][:len(entrants)]
        assert [winners.get(a) for a in organisations] == expected
        cut = ranking["allocation"]["award"]["cuts"]
        assert any(organisations[2] in c["application_ids"] and c["citation"]["jurisdiction"] == "rugao" for c in cut)
    else:  # Nantong 2023 第六条: up to 5 organisations win the award
        assert [winners[a] for a in organisations] == ["award"] * len(entrants)
    assert winners[applications[-1]] == "award"

    decided = [{"application_id": a, "tier": t} for a, t in winners.items()]
    decision = ok(admin.post(f"/api/v1/cycles/{cycle}/decisions", json={
        "kind": "deliberation", "body": "市质量发展委员会", "decided_on": "2026-01-01", "winners": decided,
        "members_present": 11, "document": "质委会纪要〔2026〕1号"}), 201)
    assert decision["departures"] == []
    dropped = [w for w in decided if w["application_id"] != organisations[0]]
    refused = admin.post(f"/api/v1/cycles/{cycle}/decisions", json={
        "kind": "vote", "body": "评审委员会", "decided_on": "2026-01-02", "winners": dropped, "votes_for": 9,
        "votes_against": 2, "members_present": 11})
    assert refused.status_code == 422 and f"departures.{organisations[0]}" in refused.get_json()["errors"]
    voted = ok(admin.post(f"/api/v1/cycles/{cycle}/decisions", json={
        "kind": "vote", "body": "评审委员会", "decided_on": "2026-01-02", "winners": dropped, "votes_for": 9,
        "votes_against": 2, "members_present": 11,
        "departures": {str(organisations[0]): "公示期间收到实名举报，待核实"}}), 201)
    assert voted["departures"][0]["ranking"] == winners[organisations[0]] and voted["departures"][0]["decided"] is None
    assert len(all_items(supervisor, f"/api/v1/cycles/{cycle}/decisions")) == 2

    actions = {e["action"] for e in all_items(supervisor, "/api/v1/audit-events")}
    assert {"panel.draw_committed", "panel.draw_revealed", "panel.member_recused", "score_sheet.submitted",
            "review.decision_recorded"} <= actions
    if city == "nantong":
        assert "review.entrants_recorded" in actions
    return {"world": world, "cycle": cycle, "kinds": kinds, "organisations": organisations, "winners": winners,
            "applications": applications}


def _seats(admin, panel_id: int) -> dict[int, dict]:
    return {m["expert_id"]: m for m in ok(admin.get(f"/api/v1/panels/{panel_id}"))["members"]}


def _score(client, panel_id: int, application_id: int, total: Decimal) -> None:
    """Fill in and submit a sheet whose items add up to ``total`` (the first items take the most)."""
    seen = ok(client.get(f"/api/v1/panels/{panel_id}/applications/{application_id}"))
    left, values = total, {}
    for item in seen["sheet"]["items"]:
        share = min(left, Decimal(item["max_points"]))
        values[item["code"]] = str(share)
        left -= share
    path = f"/api/v1/panels/{panel_id}/applications/{application_id}/sheet"
    ok(client.put(path, json={"items": values}, headers={"If-Match": '"0"'}))
    assert ok(client.post(f"{path}/submit", headers={"If-Match": '"1"'}))["score"] == str(total)
