"""Screening: verdicts from stored facts and the tenant's ledger, attestations, decisions with cited reasons,
corrections (补正) and their extensions, the cycle job, and the one-per-group rule (nantong/2023 第十一条（七）)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.applications.models import (
    Application, ApplicationVersion, Correction, Recommendation, Screening,
)
from core.platform import clock
from core.platform.models import AuditEvent, Role
from core.platform.tenancy import Scope, scoped
from core.testing import TEST_PASSWORD
from tests.lifecycle import eligible_facts, make_applicant, make_application, make_cycle
from tests.walk import all_items

ON = dt.date(2024, 5, 1)
"""The day of nantong's first eligible 2023 organisation case (its case file)."""
USCC = "91320600MA1MXXXX03"


@pytest.fixture
def day(monkeypatch):
    monkeypatch.setattr("core.platform.clock.now", lambda: dt.datetime(2024, 5, 1, 10, tzinfo=clock.SHANGHAI))
    return ON


def facts(**changes):
    base, on_date = eligible_facts("nantong", "2023", "organization")
    assert on_date == ON
    return {**base, **changes}


def setup_app(mqa_runtime, world, *, cycle_id=None, user_id=None, uscc=USCC, name="示例制造有限公司", **fact_changes):
    tenant_id = world.tenant.id
    cycle_id = cycle_id or make_cycle(mqa_runtime, tenant_id, version_code="2023")
    applicant = make_applicant(mqa_runtime, tenant_id, user_id or world.user_ids[Role.APPLICANT], uscc=uscc, name=name)
    return cycle_id, make_application(mqa_runtime, tenant_id, cycle_id, applicant, facts=facts(**fact_changes))


def db_read(mqa_runtime, tenant_id, fn):
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        return fn(session)


def add_recommendation(mqa_runtime, tenant_id, application_id):
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        session.add(Recommendation(application_id=application_id, recommender="崇川区质量发展委员会",
                                   recommended_on=ON))
        session.commit()


def staff(world):
    return world.as_(Role.OFFICE_STAFF)


OFFICE_CONDITIONS = {"org.supports_party_line", "org.excellence_results_and_leadership",
                     "org.performance_and_innovation", "org.social_credit", "neg.policy_compliance"}
"""What nantong/2023 leaves to the office for an organisation (political stance, leadership, ...)."""


def pending(screening):
    return {f["condition"] for f in screening["findings"] if f["outcome"] == "needs_attestation"}


def attest_all(office, screening, holds=True):
    for condition in sorted(pending(screening)):
        response = office.post(f"/api/v1/screenings/{screening['id']}/attestations",
                               json={"condition": condition, "holds": holds, "note": "核实材料并征求部门意见"})
        assert response.status_code == 201, response.get_json()


def test_a_verdict_is_stored_with_its_version_inputs_and_trace(mqa_runtime, tenant_a, day):
    _, app_id = setup_app(mqa_runtime, tenant_a)
    response = staff(tenant_a).post(f"/api/v1/applications/{app_id}/screenings", json={})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["outcome"] == "needs_attestation" and pending(body) == OFFICE_CONDITIONS
    assert body["rule_version_code"] == "2023" and body["number"] == 1
    assert body["facts_number"] == 1 and body["on_date"] == "2024-05-01"
    assert body["inputs"]["history"] == [] and body["inputs"]["sanctions"] == []
    assert body["inputs"]["deadline"] == "2024-05-31"
    conditions = {f["condition"]: f for f in body["findings"]}
    group = conditions["org.one_per_group"]
    assert group["outcome"] == "passed"
    assert group["citation"] == {"jurisdiction": "nantong", "version": "2023", "article": "第十一条", "item": "（七）",
                                 "note": None, "text": "nantong/2023 第十一条（七）"}
    assert all(f["explanation"] for f in body["findings"])
    detail = tenant_a.as_(Role.SUPERVISOR).get(f"/api/v1/screenings/{body['id']}").get_json()
    assert detail["findings"] == body["findings"] and detail["attestations"] == []


def test_the_cooldown_comes_from_the_ledger_not_from_the_client(mqa_runtime, tenant_a, day):
    _, app_id = setup_app(mqa_runtime, tenant_a)
    award = tenant_a.admin.post("/api/v1/ledger/awards", json={
        "subject_kind": "organization", "name": "示例制造有限公司", "uscc": USCC, "tier": "award",
        "cycle_year": 2022, "awarded_on": "2022-04-20"})
    assert award.status_code == 201, award.get_json()
    body = staff(tenant_a).post(f"/api/v1/applications/{app_id}/screenings", json={}).get_json()
    assert body["outcome"] == "ineligible"
    cooldown = next(f for f in body["findings"] if f["condition"] == "history.award_cooldown")
    assert cooldown["outcome"] == "failed" and cooldown["citation"]["article"] == "第二十九条"
    assert cooldown["facts_used"]["last_award"] == "2022-04-20"
    assert body["inputs"]["history"][0]["tier"] == "award"
    assert body["inputs"]["history"][0]["ledger"] == f"ledger_awards.{award.get_json()['id']}"
    # Nothing about history can be sent: the request body takes no field.
    sent = staff(tenant_a).post(f"/api/v1/applications/{app_id}/screenings", json={"history": []})
    assert sent.status_code == 422 and "history" in sent.get_json()["errors"]


def test_an_attested_condition_then_acceptance(mqa_runtime, tenant_a, day):
    _, app_id = setup_app(mqa_runtime, tenant_a, related_applications_this_cycle=1)
    office = staff(tenant_a)
    screening = office.post(f"/api/v1/applications/{app_id}/screenings", json={}).get_json()
    assert screening["outcome"] == "needs_attestation" and pending(screening) == OFFICE_CONDITIONS | {"org.one_per_group"}
    attest_all(office, {**screening, "findings": [f for f in screening["findings"]
                                                  if f["condition"] != "org.one_per_group"]})
    refused = office.post(f"/api/v1/applications/{app_id}/accept", json={})
    assert refused.status_code == 409 and refused.get_json()["details"]["unattested"] == ["org.one_per_group"]
    wrong = office.post(f"/api/v1/screenings/{screening['id']}/attestations",
                        json={"condition": "org.founded", "holds": True, "note": "checked"})
    assert wrong.status_code == 422 and "org.one_per_group" in wrong.get_json()["errors"]["condition"][0]
    made = office.post(f"/api/v1/screenings/{screening['id']}/attestations",
                       json={"condition": "org.one_per_group", "holds": True, "note": "集团书面确认本单位为唯一申报单位"})
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["confirmed_by_id"] == tenant_a.user_ids[Role.OFFICE_STAFF]
    assert made.get_json()["citation"]["article"] == "第十一条"
    twice = office.post(f"/api/v1/screenings/{screening['id']}/attestations",
                        json={"condition": "org.one_per_group", "holds": False, "note": "again"})
    assert twice.status_code == 409
    no_recommendation = office.post(f"/api/v1/applications/{app_id}/accept", json={})
    assert no_recommendation.status_code == 409 and "第十八条" in no_recommendation.get_json()["message"]
    add_recommendation(mqa_runtime, tenant_a.tenant.id, app_id)
    stale = office.post(f"/api/v1/applications/{app_id}/accept", json={}, headers={"If-Match": '"99"'})
    assert stale.status_code == 409 and stale.get_json()["code"] == "stale_version"
    accepted = office.post(f"/api/v1/applications/{app_id}/accept", json={})
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["status"] == "accepted" and accepted.get_json()["decided_by_id"]
    assert accepted.headers["ETag"] == f'"{accepted.get_json()["version"]}"'
    actions = db_read(mqa_runtime, tenant_a.tenant.id, lambda s: list(s.scalars(
        select(AuditEvent.action).where(AuditEvent.target_type.in_(["attestation", "application"])))))
    assert "attestation.created" in actions and "application.accepted" in actions


def test_a_rejection_cites_articles_and_the_applicant_sees_it(mqa_runtime, tenant_a, day):
    _, app_id = setup_app(mqa_runtime, tenant_a)
    tenant_a.admin.post("/api/v1/ledger/awards", json={
        "subject_kind": "organization", "name": "示例制造有限公司", "uscc": USCC, "tier": "award",
        "cycle_year": 2022, "awarded_on": "2022-04-20"})
    office = staff(tenant_a)
    office.post(f"/api/v1/applications/{app_id}/screenings", json={})
    assert office.post(f"/api/v1/applications/{app_id}/accept", json={}).status_code == 409
    rejected = office.post(f"/api/v1/applications/{app_id}/reject", json={"reasons": [
        {"text": "申报材料未附获奖证书复印件", "citation": {"article": "第十九条"}}]})
    assert rejected.status_code == 200, rejected.get_json()
    reasons = rejected.get_json()["decision_reasons"]
    assert reasons[0]["citation"]["article"] == "第二十九条" and "5年内" in reasons[0]["text"]
    assert reasons[-1] == {"text": "申报材料未附获奖证书复印件", "citation": {
        "jurisdiction": "nantong", "version": "2023", "article": "第十九条", "item": None, "note": None,
        "text": "nantong/2023 第十九条"}}
    again = office.post(f"/api/v1/applications/{app_id}/reject", json={})
    assert again.status_code == 409
    mine = tenant_a.as_(Role.APPLICANT).get(f"/api/v1/applications/{app_id}")
    if mine.status_code == 200:  # the applications resource (another helper's) answers the application
        assert mine.get_json()["decision_reasons"] == reasons
    else:  # not there yet: the row the applicant will be shown
        row = db_read(mqa_runtime, tenant_a.tenant.id, lambda s: s.get(Application, (tenant_a.tenant.id, app_id)))
        assert row.status.value == "rejected" and row.decision_reasons == reasons
    # Applicants see decisions, not the internal trace.
    assert tenant_a.as_(Role.APPLICANT).get(f"/api/v1/applications/{app_id}/screenings").status_code == 403


def test_a_reject_without_any_reason_is_refused(mqa_runtime, tenant_a, day):
    _, app_id = setup_app(mqa_runtime, tenant_a)
    staff(tenant_a).post(f"/api/v1/applications/{app_id}/screenings", json={})
    response = staff(tenant_a).post(f"/api/v1/applications/{app_id}/reject", json={"reasons": []})
    assert response.status_code == 422 and "reasons" in response.get_json()["errors"]
    # 不予受理 is reasoned: an office's reason names the article it rests on
    unreasoned = staff(tenant_a).post(f"/api/v1/applications/{app_id}/reject", json={"reasons": [{"text": "不喜欢"}]})
    assert unreasoned.status_code == 422 and "reasons.0.citation" in unreasoned.get_json()["errors"]


def test_re_screening_after_the_facts_change_keeps_both(mqa_runtime, tenant_a, day):
    _, app_id = setup_app(mqa_runtime, tenant_a)
    office = staff(tenant_a)
    first = office.post(f"/api/v1/applications/{app_id}/screenings", json={}).get_json()
    changed = facts(environmental_credit_rating="red")
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_a.tenant.id)):
        application = session.get(Application, (tenant_a.tenant.id, app_id))
        application.facts, application.facts_number = changed, 2
        session.add(ApplicationVersion(application_id=app_id, number=2, facts=changed, entry_kind="organization",
                                       tiers=application.tiers, category=None, reason="change_request"))
        session.commit()
    second = office.post(f"/api/v1/applications/{app_id}/screenings", json={}).get_json()
    assert (first["number"], first["facts_number"], first["outcome"]) == (1, 1, "needs_attestation")
    assert (second["number"], second["facts_number"], second["outcome"]) == (2, 2, "ineligible")
    listed = all_items(tenant_a.as_(Role.SUPERVISOR), f"/api/v1/applications/{app_id}/screenings")
    assert [s["number"] for s in listed] == [1, 2]
    page = tenant_a.admin.get(f"/api/v1/applications/{app_id}/screenings?limit=1").get_json()
    assert len(page["items"]) == 1 and page["next_cursor"]


def test_a_correction_with_an_extension_on_record(mqa_runtime, tenant_a, day, anon, mqa_factory):
    _, app_id = setup_app(mqa_runtime, tenant_a)
    office = staff(tenant_a)
    past = office.post(f"/api/v1/applications/{app_id}/corrections",
                       json={"items": [{"field": "facts.founded_on", "problem": "营业执照日期不符"}],
                             "deadline": "2024-04-30"})
    assert past.status_code == 422 and "deadline" in past.get_json()["errors"]
    empty = office.post(f"/api/v1/applications/{app_id}/corrections", json={"items": [], "deadline": "2024-05-10"})
    assert empty.status_code == 422 and "items" in empty.get_json()["errors"]
    made = office.post(f"/api/v1/applications/{app_id}/corrections",
                       json={"items": [{"field": "facts.founded_on", "problem": "营业执照日期不符"}],
                             "deadline": "2024-05-10"})
    assert made.status_code == 201, made.get_json()
    correction = made.get_json()
    assert correction["status"] == "open" and correction["extensions"] == []
    status = db_read(mqa_runtime, tenant_a.tenant.id,
                     lambda s: s.get(Application, (tenant_a.tenant.id, app_id)).status.value)
    assert status == "correction_requested"
    assert office.post(f"/api/v1/applications/{app_id}/screenings", json={}).status_code == 409
    path = f"/api/v1/corrections/{correction['id']}/extend"
    assert office.post(path, json={"deadline": "2024-05-09", "reason": "x"}).status_code == 422
    assert office.post(path, json={"deadline": "2024-05-20"}).status_code == 422
    extended = office.post(path, json={"deadline": "2024-05-20", "reason": "申报单位因疫情停工，书面申请延期"},
                           headers={"If-Match": f'"{correction["version"]}"'})
    assert extended.status_code == 200, extended.get_json()
    body = extended.get_json()
    assert body["deadline"] == "2024-05-20" and body["version"] == correction["version"] + 1
    assert body["extensions"][0]["from"] == "2024-05-10" and body["extensions"][0]["to"] == "2024-05-20"
    assert body["extensions"][0]["reason"].startswith("申报单位") and body["extensions"][0]["by"]
    event = db_read(mqa_runtime, tenant_a.tenant.id, lambda s: s.scalars(
        select(AuditEvent).where(AuditEvent.action == "correction.extended")).one())
    assert event.details["reason"].startswith("申报单位") and event.target_id == str(correction["id"])
    # The applicant reads its own corrections; another applicant gets 404.
    own = all_items(tenant_a.as_(Role.APPLICANT), f"/api/v1/applications/{app_id}/corrections")
    assert [c["id"] for c in own] == [correction["id"]]
    other = mqa_factory.user(tenant_a.tenant, Role.APPLICANT, "other-applicant")
    stranger = anon.login(other.username, TEST_PASSWORD, tenant=tenant_a.tenant.code)
    assert stranger.get(f"/api/v1/applications/{app_id}/corrections").status_code == 404


def test_a_correction_past_its_deadline_reads_lapsed_and_may_be_rejected(mqa_runtime, tenant_a, monkeypatch):
    monkeypatch.setattr("core.platform.clock.now", lambda: dt.datetime(2024, 5, 1, 10, tzinfo=clock.SHANGHAI))
    _, app_id = setup_app(mqa_runtime, tenant_a)
    office = staff(tenant_a)
    office.post(f"/api/v1/applications/{app_id}/corrections",
                json={"items": [{"field": "attachments", "problem": "缺自评报告"}], "deadline": "2024-05-03"})
    monkeypatch.setattr("core.platform.clock.now", lambda: dt.datetime(2024, 5, 3, 23, 59, tzinfo=clock.SHANGHAI))
    assert all_items(office, f"/api/v1/applications/{app_id}/corrections")[0]["status"] == "open"
    monkeypatch.setattr("core.platform.clock.now", lambda: dt.datetime(2024, 5, 4, 0, 1, tzinfo=clock.SHANGHAI))
    assert all_items(office, f"/api/v1/applications/{app_id}/corrections")[0]["status"] == "lapsed"
    rejected = office.post(f"/api/v1/applications/{app_id}/reject", json={"reasons": [
        {"text": "逾期未补正", "citation": {"article": "第十九条"}}]})
    assert rejected.status_code == 200 and rejected.get_json()["status"] == "rejected"


def test_screening_a_cycle_is_a_job_in_batches(mqa_runtime, tenant_a, day, mqa_factory, monkeypatch):
    monkeypatch.setattr("core.applications.screening.BATCH_SIZE", 20)
    tenant_id = tenant_a.tenant.id
    cycle_id = make_cycle(mqa_runtime, tenant_id, version_code="2023")
    from core.applications.uscc import complete
    for n in range(50):
        user = mqa_factory.user(tenant_a.tenant, Role.APPLICANT, f"applicant-{n}")
        code = complete(f"91320600MA1M{n:05d}")
        applicant = make_applicant(mqa_runtime, tenant_id, user.id, uscc=code, name=f"企业{n}")
        make_application(mqa_runtime, tenant_id, cycle_id, applicant, facts=facts(name=f"企业{n}"))
    response = staff(tenant_a).post(f"/api/v1/cycles/{cycle_id}/screenings", json={})
    assert response.status_code == 202, response.get_json()
    job_id = response.get_json()["id"]
    mqa_runtime.queue.wait(job_id)
    job = staff(tenant_a).get(f"/api/v1/jobs/{job_id}").get_json()
    assert job["status"] == "finished" and job["progress"] == 100, job
    assert job["result"]["screened"] == 50 and job["result"]["outcomes"]["needs_attestation"] == 50
    count = db_read(mqa_runtime, tenant_id, lambda s: len(list(s.scalars(select(Screening.id)))))
    assert count == 50
    again = staff(tenant_a).post(f"/api/v1/cycles/{cycle_id}/screenings", json={}).get_json()
    mqa_runtime.queue.wait(again["id"])
    assert staff(tenant_a).get(f"/api/v1/jobs/{again['id']}").get_json()["result"]["screened"] == 0


def test_related_applicants_of_a_group_are_flagged_and_one_is_designated(mqa_runtime, tenant_a, day, mqa_factory):
    tenant_id = tenant_a.tenant.id
    cycle_id, first = setup_app(mqa_runtime, tenant_a, related_applications_this_cycle=1)
    sister = mqa_factory.user(tenant_a.tenant, Role.APPLICANT, "sister")
    from core.applications.uscc import complete
    _, second = setup_app(mqa_runtime, tenant_a, cycle_id=cycle_id, user_id=sister.id,
                          uscc=complete("91320600MA1M00777"), name="示例制造子公司",
                          related_applications_this_cycle=1)
    office = staff(tenant_a)
    for app_id in (first, second):
        office.post(f"/api/v1/applications/{app_id}/screenings", json={})
    grouped = office.post(f"/api/v1/cycles/{cycle_id}/groups", json={"group": "示例集团", "application_ids": [first, second]})
    assert grouped.status_code == 200, grouped.get_json()
    for application in grouped.get_json()["applications"]:
        flag = application["flags"][0]
        assert flag["code"] == "related_applicants" and flag["members"] == sorted([first, second])
        assert flag["citation"]["article"] == "第十一条" and flag["citation"]["item"] == "（七）"
        assert flag["designated"] is None
    for app_id in (first, second):
        attest_all(office, all_items(office, f"/api/v1/applications/{app_id}/screenings")[-1])
        add_recommendation(mqa_runtime, tenant_id, app_id)
    undecided = office.post(f"/api/v1/applications/{first}/accept", json={})
    assert undecided.status_code == 409 and "第十一条（七）" in undecided.get_json()["message"]
    outsider = office.post(f"/api/v1/cycles/{cycle_id}/groups/designate", json={"application_id": 10**9})
    assert outsider.status_code == 422 and "application_id" in outsider.get_json()["errors"]
    designated = office.post(f"/api/v1/cycles/{cycle_id}/groups/designate", json={"application_id": second})
    assert designated.status_code == 200, designated.get_json()
    flags = {a["id"]: a["flags"][0] for a in designated.get_json()["applications"]}
    assert flags[first]["designated"] == second and "不予受理" in flags[first]["explanation"]
    refused = office.post(f"/api/v1/applications/{first}/accept", json={})
    assert refused.status_code == 409 and f"designated application {second}" in refused.get_json()["message"]
    assert office.post(f"/api/v1/applications/{second}/accept", json={}).status_code == 200


def test_no_group_flag_where_the_rules_state_no_such_rule(mqa_runtime, tenant_a, day, mqa_factory):
    """Nantong 2020 has no 第十一条（七）: recording a group flags nobody."""
    tenant_id = tenant_a.tenant.id
    cycle_id = make_cycle(mqa_runtime, tenant_id, version_code="2020")
    ids = []
    from core.applications.uscc import complete
    for n in range(2):
        user = mqa_factory.user(tenant_a.tenant, Role.APPLICANT, f"g-{n}")
        applicant = make_applicant(mqa_runtime, tenant_id, user.id, uscc=complete(f"91320600MA1M0090{n}"))
        ids.append(make_application(mqa_runtime, tenant_id, cycle_id, applicant, facts={}))
    grouped = staff(tenant_a).post(f"/api/v1/cycles/{cycle_id}/groups", json={"group": "集团", "application_ids": ids})
    assert grouped.status_code == 200
    assert all(a["flags"] == [] and a["group_key"] == "集团" for a in grouped.get_json()["applications"])


# -- who may do what, and whose ids ------------------------------------------------------------------

def routes_for(app_id, screening_id, cycle_id, correction_id):
    return [
        ("GET", f"/api/v1/applications/{app_id}/screenings", None, {Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.SUPERVISOR}),
        ("POST", f"/api/v1/applications/{app_id}/screenings", {}, {Role.OFFICE_ADMIN, Role.OFFICE_STAFF}),
        ("GET", f"/api/v1/screenings/{screening_id}", None, {Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.SUPERVISOR}),
        ("POST", f"/api/v1/screenings/{screening_id}/attestations",
         {"condition": "org.one_per_group", "holds": True, "note": "n"}, {Role.OFFICE_ADMIN, Role.OFFICE_STAFF}),
        ("POST", f"/api/v1/cycles/{cycle_id}/screenings", {}, {Role.OFFICE_ADMIN, Role.OFFICE_STAFF}),
        ("POST", f"/api/v1/applications/{app_id}/accept", {}, {Role.OFFICE_ADMIN, Role.OFFICE_STAFF}),
        ("POST", f"/api/v1/applications/{app_id}/reject", {"reasons": [{"text": "t", "citation": {"article": "第十九条"}}]},
         {Role.OFFICE_ADMIN, Role.OFFICE_STAFF}),
        ("GET", f"/api/v1/applications/{app_id}/corrections", None,
         {Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.SUPERVISOR, Role.APPLICANT}),
        ("POST", f"/api/v1/applications/{app_id}/corrections",
         {"items": [{"field": "f", "problem": "p"}], "deadline": "2024-06-01"}, {Role.OFFICE_ADMIN, Role.OFFICE_STAFF}),
        ("POST", f"/api/v1/corrections/{correction_id}/extend", {"deadline": "2024-07-01", "reason": "r"},
         {Role.OFFICE_ADMIN, Role.OFFICE_STAFF}),
        ("POST", f"/api/v1/cycles/{cycle_id}/groups", {"group": "g", "application_ids": [app_id]},
         {Role.OFFICE_ADMIN, Role.OFFICE_STAFF}),
        ("POST", f"/api/v1/cycles/{cycle_id}/groups/designate", {"application_id": app_id},
         {Role.OFFICE_ADMIN, Role.OFFICE_STAFF}),
    ]


def test_role_matrix_and_foreign_ids(mqa_runtime, tenant_a, tenant_b, day):
    cycle_id, app_id = setup_app(mqa_runtime, tenant_a, related_applications_this_cycle=1)
    office = staff(tenant_a)
    screening = office.post(f"/api/v1/applications/{app_id}/screenings", json={}).get_json()
    _, other_app = setup_app(mqa_runtime, tenant_a, cycle_id=cycle_id, user_id=tenant_a.user_ids[Role.EXPERT],
                             uscc=None)
    correction = office.post(f"/api/v1/applications/{other_app}/corrections",
                             json={"items": [{"field": "f", "problem": "p"}], "deadline": "2024-05-10"}).get_json()
    for method, path, body, allowed in routes_for(app_id, screening["id"], cycle_id, correction["id"]):
        for role in Role.tenant_roles():
            response = tenant_a.as_(role).request(method, path, json=body)
            if role in allowed:
                assert response.status_code not in (401, 403), (method, path, role, response.get_json())
            else:
                assert response.status_code == 403, (method, path, role, response.get_json())
        foreign = tenant_b.admin.request(method, path, json=body)
        assert foreign.status_code == 404, (method, path, foreign.get_json())
    corrections = db_read(mqa_runtime, tenant_a.tenant.id, lambda s: len(list(s.scalars(select(Correction.id)))))
    assert corrections >= 1
