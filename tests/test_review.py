"""The review through the API: the expert pool judged by the regulation, panels drawn by a verifiable
draw (a conflicted expert excluded, a recusal replaced by a recorded draw), sheets scored, submitted
and reopened, a stage's results and agreement, and who sees what."""
from __future__ import annotations

import datetime as dt

import pytest

from core.platform.models import Role
from tests.lifecycle import eligible_facts, make_applicant, make_application, make_cycle
from tests.walk import all_items, items

EMPLOYER_OF_A = "91320600MA1MXXXX03"  # the first applicant's own code (valid GB 32100-2015)


def ok(response, status: int = 200):
    assert response.status_code == status, response.get_json()
    return response.get_json()


def expert_body(name: str, **extra) -> dict:
    """An expert who meets Nantong's qualifications in both versions (senior title, long practice, 50)."""
    return {"name": name, "title": "senior", "title_name": "正高级工程师", "specialties": ["C"],
            "practice_started_on": "2000-01-01", "born_on": "1976-05-01", "employer_name": "南通大学",
            "attested": list(ATTESTED), **extra}


ATTESTED = ("policy_and_law", "excellence_training", "analysis_and_communication", "discipline",
            "recognised_background", "quality_practice", "good_health", "judge_or_winner")
"""What the office confirms of an expert under Nantong 2020 第九条 and 2023 第十条 (see plugins/nantong/review.py)."""


class Review:
    """A Nantong 2023 cycle at its materials review with two accepted organisations, and six experts
    with their logins."""

    def __init__(self, world, runtime, factory, anon, *, experts: int = 6) -> None:
        self.world, self.runtime = world, runtime
        self.admin = world.admin
        tenant_id = world.tenant.id
        self.cycle = make_cycle(runtime, tenant_id, version_code="2023", stage="materials_review")
        facts, _ = eligible_facts("nantong", "2023", "organization")
        first = make_applicant(runtime, tenant_id, world.user_ids[Role.APPLICANT], uscc=EMPLOYER_OF_A)
        other_user = factory.user(world.tenant, Role.APPLICANT, "applicant-two")
        second = make_applicant(runtime, tenant_id, other_user.id, name="另一制造有限公司", uscc="91320600MA1MYYYY0C")
        self.applications = [make_application(runtime, tenant_id, self.cycle, a, facts=facts, status="accepted")
                             for a in (first, second)]
        self.experts: dict[int, object] = {}
        self.expert_ids: list[int] = []
        for n in range(experts):
            user = factory.user(world.tenant, Role.EXPERT, f"expert-{n}")
            made = ok(self.admin.post("/api/v1/experts", json=expert_body(f"专家{n}", user_id=user.id)), 201)
            self.expert_ids.append(made["id"])
            self.experts[made["id"]] = anon.login(f"expert-{n}", tenant=world.tenant.code)

    def panel(self, seats: int = 3, stage: str = "materials_review") -> dict:
        return ok(self.admin.post(f"/api/v1/cycles/{self.cycle}/panels", json={
            "stage": stage, "name": "资料评审第一组", "seats": seats, "application_ids": self.applications}), 201)

    def panel_for(self, application_ids: list[int], seats: int = 3, stage: str = "materials_review") -> dict:
        return ok(self.admin.post(f"/api/v1/cycles/{self.cycle}/panels", json={
            "stage": stage, "name": f"{stage}组", "seats": seats, "application_ids": application_ids}), 201)

    def draw(self, panel_id: int, reason: str = "") -> dict:
        committed = ok(self.admin.post(f"/api/v1/panels/{panel_id}/draws", json={"reason": reason}), 201)
        assert committed["seed"] is None and len(committed["seed_hash"]) == 64
        return ok(self.admin.post(f"/api/v1/draws/{committed['id']}/reveal", json={}))

    def seats(self, panel_id: int) -> dict[int, dict]:
        return {m["expert_id"]: m for m in ok(self.admin.get(f"/api/v1/panels/{panel_id}"))["members"]}

    def confirm_all(self, panel_id: int) -> None:
        for expert_id, member in self.seats(panel_id).items():
            if member["status"] == "invited":
                ok(self.experts[expert_id].post(f"/api/v1/panel-members/{member['id']}/confirm", json={}))


@pytest.fixture
def review(tenant_a, mqa_runtime, mqa_factory, anon):
    return Review(tenant_a, mqa_runtime, mqa_factory, anon)


def test_the_office_runs_a_review_stage_that_a_supervisor_can_check(review, tenant_a):
    admin, supervisor = review.admin, tenant_a.as_(Role.SUPERVISOR)
    conflicted = review.expert_ids[0]
    ok(admin.patch(f"/api/v1/experts/{conflicted}", json={"employer_uscc": EMPLOYER_OF_A, "employer_name": "示例制造"},
                   headers={"If-Match": '"1"'}))
    declared = review.expert_ids[1]  # declares that it advised the second applicant
    second = ok(admin.get(f"/api/v1/applications/{review.applications[1]}"))
    ok(review.experts[declared].post(f"/api/v1/experts/{declared}/relations",
                                     json={"kind": "consulting", "applicant_id": second["applicant_id"],
                                           "note": "2025年提供卓越绩效辅导"}), 201)
    panel = review.panel()
    drawn = review.draw(panel["id"])
    assert drawn["status"] == "revealed" and len(drawn["drawn"]) == 3 and drawn["seed"]
    excluded = {row["expert_id"]: row["reasons"] for row in drawn["excluded"]}
    assert set(excluded) == {conflicted, declared}
    assert "同一单位" in excluded[conflicted][0] and "consulting" in excluded[declared][0]
    assert not {conflicted, declared} & set(drawn["drawn"])
    assert ok(admin.get(f"/api/v1/panels/{panel['id']}"))["leader_id"] == drawn["drawn"][0]

    check = ok(supervisor.get(f"/api/v1/draws/{drawn['id']}/verification"))
    assert check["holds"] and check["redrawn"] == drawn["drawn"], check
    assert check["checks"] == {"pool_hash_matches": True, "seed_hash_matches": True, "same_panel": True,
                               "seated_as_drawn": True, "known_algorithm": True}

    review.confirm_all(panel["id"])
    seats = review.seats(panel["id"])
    recusing = drawn["drawn"][1]
    ok(review.experts[recusing].post(f"/api/v1/panel-members/{seats[recusing]['id']}/recuse",
                                     json={"reason": "近三年曾在该企业兼职"}))
    assert admin.post(f"/api/v1/panels/{panel['id']}/draws", json={}).status_code == 422  # a replacement needs a reason
    replacement = review.draw(panel["id"], reason="专家回避，补抽一名")
    assert replacement["purpose"] == "replacement" and replacement["seats"] == 1
    assert replacement["drawn"][0] not in (conflicted, declared, *drawn["drawn"])
    assert ok(supervisor.get(f"/api/v1/draws/{replacement['id']}/verification"))["holds"]
    review.confirm_all(panel["id"])
    assert ok(admin.get(f"/api/v1/panels/{panel['id']}"))["status"] == "ready"

    scorers = [e for e in (*drawn["drawn"], *replacement["drawn"]) if e != recusing]
    scores = {scorers[0]: ("180", "150"), scorers[1]: ("170", "160"), scorers[2]: ("175", "140.5")}
    for expert_id, per_application in scores.items():
        client = review.experts[expert_id]
        for application_id, score in zip(review.applications, per_application):
            seen = ok(client.get(f"/api/v1/panels/{panel['id']}/applications/{application_id}"))
            codes = [item["code"] for item in seen["sheet"]["items"]]
            assert seen["sheet"]["scale"] == 1000
            path = f"/api/v1/panels/{panel['id']}/applications/{application_id}/sheet"
            values = _spread(score, seen["sheet"]["items"])
            ok(client.put(path, json={"items": values}, headers={"If-Match": '"0"'}))
            submitted = ok(client.post(f"{path}/submit", headers={"If-Match": '"1"'}))
            assert submitted["status"] == "submitted" and submitted["score"] == str(_sum(values))
            assert client.post(f"{path}/submit", headers={"If-Match": '"2"'}).status_code == 409  # counts once
            assert client.put(path, json={"items": {codes[0]: "1"}}, headers={"If-Match": '"2"'}).status_code == 409

    stage = f"/api/v1/cycles/{review.cycle}/stages/materials_review"
    assert admin.get(f"{stage}/results").get_json()["code"] == "setting_missing"  # Nantong is silent on combining
    ok(admin.put("/api/v1/tenant/settings/review_aggregation", json={"value": "mean"}, headers={"If-Match": '"0"'}))
    ok(admin.put("/api/v1/tenant/settings/review_disagreement_threshold", json={"value": "15"},
                 headers={"If-Match": '"0"'}))
    result = ok(supervisor.get(f"{stage}/results"))
    by_application = {r["application_id"]: r for r in result["results"]}
    first, second_ = by_application[review.applications[0]], by_application[review.applications[1]]
    assert result["method"] == "mean" and len(first["sheets"]) == 3
    assert first["score"] == "175.0000" and first["spread"] == "10.0000" and first["disagreement"] is False
    assert second_["score"] == "150.1667" and second_["spread"] == "19.5000" and second_["disagreement"] is True
    agreement = ok(admin.get(f"{stage}/agreement"))
    assert {e["expert_id"] for e in agreement["experts"]} == set(scorers)
    assert agreement["panels"][0]["kendalls_w"] is not None

    sheet_id = next(s["id"] for s in all_items(admin, f"/api/v1/panels/{panel['id']}/sheets")
                    if s["expert_id"] == scorers[0] and s["application_id"] == review.applications[1])
    assert admin.post(f"/api/v1/score-sheets/{sheet_id}/reopen", json={"reason": " "},
                      headers={"If-Match": '"2"'}).status_code == 422
    reopened = ok(admin.post(f"/api/v1/score-sheets/{sheet_id}/reopen", json={"reason": "合计有误，退回更正"},
                             headers={"If-Match": '"2"'}))
    assert reopened["status"] == "draft" and reopened["reopened"][0]["reason"] == "合计有误，退回更正"
    assert len(ok(admin.get(f"{stage}/results"))["results"][1]["sheets"]) == 2  # a reopened sheet does not count
    set_aside = ok(admin.get(f"{stage}/results"))["set_aside"]
    assert set_aside == []  # the recused expert scored nothing; a recusal with sheets shows them here

    # once the cycle moves past the stage, its seats are final: no recusal can rewrite a counted result
    ok(admin.post(f"/api/v1/cycles/{review.cycle}/advance", json={}))
    late = admin.post(f"/api/v1/panel-members/{seats[scorers[0]]['id']}/recuse", json={"reason": "事后回避"})
    assert late.status_code == 409 and late.get_json()["details"]["cycle_stage"] == "on_site_review"

    actions = [e["action"] for e in all_items(supervisor, "/api/v1/audit-events")]
    for action in ("expert.created", "expert.relation_declared", "panel.created", "panel.draw_committed",
                   "panel.draw_revealed", "panel.member_confirmed", "panel.member_recused", "score_sheet.submitted",
                   "score_sheet.reopened"):
        assert action in actions, action


def _spread(total: str, sheet_items: list[dict]) -> dict[str, str]:
    """Scores for every item adding up to ``total``, each within its points (the first items take the most)."""
    from decimal import Decimal

    left, values = Decimal(total), {}
    for item in sheet_items:
        share = min(left, Decimal(item["max_points"]))
        values[item["code"]] = str(share)
        left -= share
    assert left == 0
    return values


def _sum(values: dict[str, str]):
    from decimal import Decimal

    return sum((Decimal(v) for v in values.values()), Decimal(0))


def test_qualifications_refuse_or_flag_with_the_article(tenant_a):
    """The Nantong tenant follows the version in force, 2020 (2023 is a draft): 第九条 asks for 5 years of
    practice (strict), "一般不超过65周岁" (flagged, not refused) and a senior title (strict)."""
    admin = tenant_a.admin
    assert ok(admin.get("/api/v1/tenant"))["effective_rule_version"] == "2020"
    novice = admin.post("/api/v1/experts", json=expert_body("新人", practice_started_on="2022-01-01"))
    assert novice.status_code == 422, novice.get_json()
    assert "nantong/2020 第九条" in novice.get_json()["errors"]["qualification"][0]
    junior = admin.post("/api/v1/experts", json=expert_body("中级", title="intermediate"))
    assert junior.status_code == 422 and "高级以上职称" in junior.get_json()["errors"]["qualification"][0]
    senior = ok(admin.post("/api/v1/experts", json=expert_body("资深", born_on="1950-01-01")), 201)
    age = next(f for f in senior["qualification"] if f["code"] == "age")
    assert senior["flagged"] is True and age["outcome"] == "failed" and age["strict"] is False
    assert age["citation"]["text"].startswith("nantong/2020 第九条")
    fresh = ok(admin.post("/api/v1/experts", json=expert_body("合格")), 201)
    assert fresh["flagged"] is False and all(f["outcome"] == "passed" for f in fresh["qualification"])
    unconfirmed = ok(admin.post("/api/v1/experts", json=expert_body("待核实", attested=[])), 201)
    assert {f["outcome"] for f in unconfirmed["qualification"]} == {"passed", "needs_attestation"}
    bad = admin.post("/api/v1/experts", json=expert_body("错误", title="professor", employer_uscc="123"))
    assert bad.status_code == 422 and {"title", "employer_uscc"} <= set(bad.get_json()["errors"])
    assert len(all_items(admin, "/api/v1/experts")) == 3  # the refused ones were not stored


def test_a_committed_draw_is_never_silently_redone(review):
    panel = review.panel()
    first = ok(review.admin.post(f"/api/v1/panels/{panel['id']}/draws", json={}), 201)
    refused = review.admin.post(f"/api/v1/panels/{panel['id']}/draws", json={})
    assert refused.status_code == 422 and "reason" in refused.get_json()["errors"]
    second = ok(review.admin.post(f"/api/v1/panels/{panel['id']}/draws", json={"reason": "抽取时系统故障，重新抽取"}), 201)
    assert second["purpose"] == "redraw" and second["number"] == 2
    assert ok(review.admin.get(f"/api/v1/draws/{first['id']}"))["status"] == "abandoned"
    assert review.admin.post(f"/api/v1/draws/{first['id']}/reveal", json={}).status_code == 409
    revealed = ok(review.admin.post(f"/api/v1/draws/{second['id']}/reveal", json={}))
    assert review.admin.post(f"/api/v1/draws/{second['id']}/reveal", json={}).status_code == 409  # once
    assert len(revealed["drawn"]) == 3


def test_panel_below_the_articles_size_is_refused(review):
    refused = review.admin.post(f"/api/v1/cycles/{review.cycle}/panels", json={
        "stage": "materials_review", "name": "两人组", "seats": 2, "application_ids": review.applications})
    assert refused.status_code == 422
    assert "第二十条" in refused.get_json()["errors"]["seats"][0]
    not_review = review.admin.post(f"/api/v1/cycles/{review.cycle}/panels", json={
        "stage": "application", "name": "组", "seats": 3, "application_ids": review.applications})
    assert not_review.status_code == 422 and "stage" in not_review.get_json()["errors"]


def test_declined_and_silent_experts_are_replaced_by_recorded_draws(review, monkeypatch):
    panel = review.panel()
    drawn = review.draw(panel["id"])
    seats = review.seats(panel["id"])
    decliner, silent = drawn["drawn"][0], drawn["drawn"][1]
    assert review.experts[decliner].post(f"/api/v1/panel-members/{seats[decliner]['id']}/decline",
                                         json={"reason": " "}).status_code == 422
    ok(review.experts[decliner].post(f"/api/v1/panel-members/{seats[decliner]['id']}/decline",
                                     json={"reason": "出差在外"}))
    for expert_id in drawn["drawn"][2:]:
        ok(review.experts[expert_id].post(f"/api/v1/panel-members/{seats[expert_id]['id']}/confirm", json={}))
    from core.platform import clock
    later = clock.today() + dt.timedelta(days=10)
    monkeypatch.setattr(clock, "today", lambda: later)
    late = review.experts[silent].post(f"/api/v1/panel-members/{seats[silent]['id']}/confirm", json={})
    assert late.status_code == 409
    replacement = review.draw(panel["id"], reason="一人谢绝、一人逾期未确认，补抽")
    assert replacement["seats"] == 2 and not {decliner, silent} & set(replacement["drawn"])
    statuses = {e: m["status"] for e, m in review.seats(panel["id"]).items()}
    assert statuses[decliner] == "declined" and statuses[silent] == "lapsed"


def test_load_cap_and_balance(review):
    """Accepted seats are an expert's load in the cycle: the draw takes the least loaded first, and the
    office's cap keeps anyone at it out of the pool, with the reason. An unanswered invitation is no load."""
    first_panel, second_panel = (review.panel_for([application]) for application in review.applications)
    first = review.draw(first_panel["id"])
    unanswered = review.draw(second_panel["id"])
    assert len(first["drawn"]) == len(unanswered["drawn"]) == 3  # nobody has a load yet: chance alone decides
    review.confirm_all(first_panel["id"])
    balanced = review.draw(review.panel_for([review.applications[0]], stage="presentation")["id"])
    assert set(balanced["drawn"]) == set(review.expert_ids) - set(first["drawn"])  # the unloaded three
    assert {row["expert_id"]: row["load"] for row in balanced["pool"]} == {
        e: (1 if e in first["drawn"] else 0) for e in review.expert_ids}
    ok(review.admin.put("/api/v1/tenant/settings/review_expert_load_cap", json={"value": 1},
                        headers={"If-Match": '"0"'}))
    capped_panel = review.panel_for([review.applications[1]], stage="presentation")
    short = ok(review.admin.post(f"/api/v1/panels/{capped_panel['id']}/draws", json={}), 201)
    capped = {row["expert_id"] for row in short["excluded"] if "上限" in row["reasons"][0]}
    assert capped == set(first["drawn"]) and short["load_cap"] == 1
    assert {row["expert_id"] for row in short["pool"]} == set(review.expert_ids) - capped  # invitations are no load


def test_who_sees_what(review, tenant_a, tenant_b):
    panel = review.panel()
    drawn = review.draw(panel["id"])
    seats = review.seats(panel["id"])
    seated, outsider = drawn["drawn"][0], next(e for e in review.expert_ids if e not in drawn["drawn"])
    application = review.applications[0]
    seen_path = f"/api/v1/panels/{panel['id']}/applications/{application}"
    # before confirming, the seated expert sees the panel but not the application
    assert review.experts[seated].get(f"/api/v1/panels/{panel['id']}").status_code == 200
    assert review.experts[seated].get(seen_path).status_code == 404
    ok(review.experts[seated].post(f"/api/v1/panel-members/{seats[seated]['id']}/confirm", json={}))
    assert ok(review.experts[seated].get(seen_path))["applicant_name"] == "示例制造有限公司"
    ok(review.admin.put("/api/v1/tenant/settings/review_blind_materials", json={"value": True},
                        headers={"If-Match": '"0"'}))
    blind = ok(review.experts[seated].get(seen_path))
    assert blind["blind"] is True and blind["applicant_name"] is None
    # an expert off the panel, an applicant, another tenant: as if nothing existed
    assert review.experts[outsider].get(f"/api/v1/panels/{panel['id']}").status_code == 404
    assert review.experts[outsider].get(seen_path).status_code == 404
    assert items(review.experts[outsider].get(f"/api/v1/cycles/{review.cycle}/panels")) == []
    mine = items(review.experts[seated].get(f"/api/v1/cycles/{review.cycle}/panels"))
    assert [p["id"] for p in mine] == [panel["id"]]
    assert tenant_a.as_(Role.APPLICANT).get(f"/api/v1/panels/{panel['id']}").status_code == 403
    assert tenant_a.as_(Role.APPLICANT).get(f"/api/v1/cycles/{review.cycle}/stages/materials_review/results"
                                            ).status_code == 403
    assert review.experts[seated].get(f"/api/v1/cycles/{review.cycle}/stages/materials_review/results"
                                      ).status_code == 403
    assert tenant_b.admin.get(f"/api/v1/panels/{panel['id']}").status_code == 404
    assert tenant_b.admin.get(f"/api/v1/draws/{drawn['id']}/verification").status_code == 404
    # experts see their own sheets only
    other = drawn["drawn"][1]
    ok(review.experts[other].post(f"/api/v1/panel-members/{seats[other]['id']}/confirm", json={}))
    path = f"/api/v1/panels/{panel['id']}/applications/{application}/sheet"
    sheet_item = ok(review.experts[seated].get(seen_path))["sheet"]["items"][0]["code"]
    ok(review.experts[seated].put(path, json={"items": {sheet_item: "10"}}, headers={"If-Match": '"0"'}))
    ok(review.experts[other].put(path, json={"items": {sheet_item: "20"}}, headers={"If-Match": '"0"'}))
    mine = items(review.experts[seated].get(f"/api/v1/panels/{panel['id']}/sheets"))
    assert [s["items"][sheet_item] for s in mine] == ["10"]
    assert len(items(tenant_a.as_(Role.SUPERVISOR).get(f"/api/v1/panels/{panel['id']}/sheets"))) == 2
    out_of_range = review.experts[seated].put(path, json={"items": {sheet_item: "100000"}}, headers={"If-Match": '"1"'})
    assert out_of_range.status_code == 422 and f"items.{sheet_item}" in out_of_range.get_json()["errors"]
    unknown = review.experts[seated].put(path, json={"items": {"nonsense": 1}}, headers={"If-Match": '"1"'})
    assert unknown.status_code == 422 and "items.nonsense" in unknown.get_json()["errors"]


MATRIX = {  # role -> (list experts, create expert, list panels, stage results)
    Role.OFFICE_ADMIN: (200, 201, 200, 200),
    Role.OFFICE_STAFF: (200, 201, 200, 200),
    Role.SUPERVISOR: (200, 403, 200, 200),
    Role.EXPERT: (403, 403, 200, 403),
    Role.APPLICANT: (403, 403, 403, 403),
}


@pytest.mark.parametrize("role", list(MATRIX), ids=lambda r: r.value)
def test_role_matrix(tenant_a, mqa_runtime, role):
    cycle = make_cycle(mqa_runtime, tenant_a.tenant.id, version_code="2023", stage="materials_review")
    client = tenant_a.as_(role)
    got = (client.get("/api/v1/experts").status_code,
           client.post("/api/v1/experts", json=expert_body(f"矩阵{role.value}")).status_code,
           client.get(f"/api/v1/cycles/{cycle}/panels").status_code,
           client.get(f"/api/v1/cycles/{cycle}/stages/materials_review/results").status_code)
    assert got == MATRIX[role]


def test_a_forged_draw_does_not_verify(review, tenant_a, mqa_runtime):
    """The verification compares the draw with what the hash-chained audit trail published, not with the
    draw's own row: a pool rewritten in the database, its hash recomputed, no longer holds."""
    from core.engine import draws
    from core.platform.tenancy import Scope, scoped
    from core.review.models import PanelDraw

    drawn = review.draw(review.panel()["id"])
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_a.tenant.id)):
        row = session.get(PanelDraw, (tenant_a.tenant.id, drawn["id"]))
        row.pool = [entry for entry in row.pool if entry["expert_id"] in drawn["drawn"]]
        row.pool_hash = draws.digest(row.pool)
        session.commit()
    check = ok(tenant_a.as_(Role.SUPERVISOR).get(f"/api/v1/draws/{drawn['id']}/verification"))
    assert check["holds"] is False and check["checks"]["pool_hash_matches"] is False


def test_one_panel_per_application_and_stage_and_experts_see_no_ones_conflicts(review):
    panel = review.panel()
    twice = review.admin.post(f"/api/v1/cycles/{review.cycle}/panels", json={
        "stage": "materials_review", "name": "第二组", "seats": 3, "application_ids": review.applications[:1]})
    assert twice.status_code == 422 and "already reviewed" in twice.get_json()["errors"]["application_ids.0"][0]
    ok(review.admin.patch(f"/api/v1/experts/{review.expert_ids[0]}", json={"employer_uscc": EMPLOYER_OF_A},
                          headers={"If-Match": '"1"'}))
    drawn = review.draw(panel["id"])
    seated = review.experts[drawn["drawn"][0]]
    for seen in (ok(seated.get(f"/api/v1/draws/{drawn['id']}")),
                 ok(seated.get(f"/api/v1/panels/{panel['id']}"))["draws"][0]):
        assert seen["excluded"] is None and seen["pool"] is None and seen["seed"] == drawn["seed"]
    assert ok(review.admin.get(f"/api/v1/draws/{drawn['id']}"))["excluded"][0]["expert_id"] == review.expert_ids[0]
    member = review.seats(panel["id"])[drawn["drawn"][0]]
    ok(seated.post(f"/api/v1/panel-members/{member['id']}/decline", json={"reason": "无法参加"}))
    assert seated.get(f"/api/v1/panels/{panel['id']}").status_code == 404  # a declined expert no longer sees it
    moved = review.admin.patch(f"/api/v1/experts/{drawn['drawn'][0]}", json={"user_id": None},
                               headers={"If-Match": '"1"'})
    assert moved.status_code == 422 and "user_id" in moved.get_json()["errors"]


def test_concurrent_submissions_lose_nothing_and_count_once(review, app):
    """Three experts submit at once, and each also sends its submission twice at once: every sheet is
    kept, each counts once, and the duplicate is refused (409) without changing anything."""
    import threading

    panel = review.panel()
    drawn = review.draw(panel["id"])
    review.confirm_all(panel["id"])
    application = review.applications[0]
    path = f"/api/v1/panels/{panel['id']}/applications/{application}/sheet"
    tokens = {}
    for n, expert_id in enumerate(drawn["drawn"]):
        client = review.experts[expert_id]
        items_ = ok(client.get(f"/api/v1/panels/{panel['id']}/applications/{application}"))["sheet"]["items"]
        ok(client.put(path, json={"items": _spread(str(500 + n * 10), items_)}, headers={"If-Match": '"0"'}))
        tokens[expert_id] = client.token
    statuses: list[int] = []
    barrier = threading.Barrier(2 * len(tokens))

    def submit(token: str) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.post(f"{path}/submit", headers={"Authorization": f"Bearer {token}", "If-Match": '"1"'})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=submit, args=(token,)) for token in tokens.values() for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 200, 200, 409, 409, 409], statuses
    ok(review.admin.put("/api/v1/tenant/settings/review_aggregation", json={"value": "mean"},
                        headers={"If-Match": '"0"'}))
    result = ok(review.admin.get(f"/api/v1/cycles/{review.cycle}/stages/materials_review/results"))["results"]
    assert [(r["application_id"], r["score"], len(r["sheets"])) for r in result] == [(application, "510.0000", 3)]


def test_a_panel_draws_from_the_specialties_it_asks_for(review):
    """A panel asking for experts of GB/T 4754 section C (manufacturing) leaves the others out, with the
    reason, and the draw records the filter it was drawn with."""
    for expert_id in review.expert_ids[:2]:
        ok(review.admin.patch(f"/api/v1/experts/{expert_id}", json={"specialties": ["F"]}, headers={"If-Match": '"1"'}))
    panel = ok(review.admin.post(f"/api/v1/cycles/{review.cycle}/panels", json={
        "stage": "materials_review", "name": "制造业组", "seats": 3, "application_ids": review.applications,
        "specialties": ["C"]}), 201)
    drawn = review.draw(panel["id"])
    assert drawn["filters"]["specialties"] == ["C"] and drawn["filters"]["rule_version"] == "2023"
    assert {row["expert_id"] for row in drawn["excluded"]} == set(review.expert_ids[:2])
    assert all("专业不符" in row["reasons"][0] for row in drawn["excluded"])
    assert not set(drawn["drawn"]) & set(review.expert_ids[:2])


def test_no_bonus_where_the_text_adds_none(review):
    """Nantong's 第十五条 weighs the stages and adds no points: recording bonus counts is refused (409)."""
    refused = review.admin.put(f"/api/v1/applications/{review.applications[0]}/bonus", json={"counts": {"talent": 1}})
    assert refused.status_code == 409 and refused.get_json()["details"]["entry_kind"] == "organization"
    assert review.admin.get(f"/api/v1/applications/{review.applications[0]}/bonus").status_code == 404
