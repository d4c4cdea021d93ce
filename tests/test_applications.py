"""Applications: half-filled drafts, submission by the deadline (Asia/Shanghai, the last day included),
frozen facts with every version kept, change requests, version counters, idempotent submission, and
who sees what (an applicant only its own; supervisors read; central admins nothing)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from core.applications import uscc
from core.applications.models import Application, ApplicationStatus, Correction, CorrectionStatus
from core.cycles.models import Cycle, CycleStage
from core.platform import clock
from core.platform.models import AuditEvent, Role
from core.platform.tenancy import Scope, scoped
from core.testing import TEST_PASSWORD
from tests.conftest import Api
from tests.lifecycle import eligible_facts, make_applicant, make_application, make_cycle
from tests.walk import all_items, if_match

ORG_FACTS, _ = eligible_facts("nantong", "2023", "organization")
PERSON_FACTS, _ = eligible_facts("nantong", "2023", "individual")
DEADLINE = dt.date(2026, 6, 30)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=clock.SHANGHAI)


@dataclass
class Setting:
    """Tenant A with a cycle taking applications and two applicants (A through the world's applicant
    user, B through a second applicant user)."""

    world: object
    runtime: object
    cycle_id: int
    a_id: int
    b_id: int
    a: Api
    b: Api

    @property
    def tenant_id(self) -> int:
        return self.world.tenant.id

    def draft(self, client: Api | None = None, **overrides) -> dict:
        body = {"cycle_id": self.cycle_id, "entry_kind": "organization", "tiers": ["award"], "facts": {}}
        body.update(overrides)
        response = (client or self.a).post("/api/v1/applications", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def row(self, application_id: int) -> Application:
        with self.runtime.session() as session, scoped(session, Scope.tenant(self.tenant_id)):
            row = session.get(Application, (self.tenant_id, application_id))
            session.expunge(row)
            return row

    def actions(self) -> list[str]:
        with self.runtime.session() as session, scoped(session, Scope.platform()):
            return list(session.scalars(select(AuditEvent.action).where(AuditEvent.tenant_id == self.tenant_id)))


@pytest.fixture
def setting(tenant_a, mqa_factory, mqa_runtime, anon, monkeypatch) -> Setting:
    monkeypatch.setattr("core.platform.clock.now", lambda: at(DEADLINE - dt.timedelta(days=10), 10))
    cycle_id = make_cycle(mqa_runtime, tenant_a.tenant.id, version_code="2023", application_ends_on=DEADLINE)
    a_id = make_applicant(mqa_runtime, tenant_a.tenant.id, tenant_a.user_ids[Role.APPLICANT],
                          uscc=uscc.complete("91320600000000001"))
    other = mqa_factory.user(tenant_a.tenant, Role.APPLICANT, "applicant-b")
    b_id = make_applicant(mqa_runtime, tenant_a.tenant.id, other.id, name="另一公司",
                          uscc=uscc.complete("91320600000000002"))
    b = anon.login("applicant-b", TEST_PASSWORD, tenant=tenant_a.tenant.code)
    return Setting(tenant_a, mqa_runtime, cycle_id, a_id, b_id, tenant_a.as_(Role.APPLICANT), b)


# -- drafts ---------------------------------------------------------------------------------------

def test_a_draft_is_saved_half_filled_as_given(setting):
    response = setting.a.post("/api/v1/applications", json={
        "cycle_id": setting.cycle_id, "entry_kind": "organization", "tiers": ["award"],
        "facts": {"name": "示例制造有限公司", "registration_city": "nantong", "is_industrial": True}})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["status"], body["facts_number"], body["applicant_id"]) == ("draft", 0, setting.a_id)
    assert body["facts"] == {"name": "示例制造有限公司", "registration_city": "nantong", "is_industrial": True}
    assert body["deadlines"]["submission"] == DEADLINE.isoformat()
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert "application.created" in setting.actions()


@pytest.mark.parametrize("facts, field", [
    ({"founded_on": "last spring"}, "facts.founded_on"),
    ({"honours": [{"kind": "best_in_town", "awarded_on": "2021-06-01"}]}, "facts.honours.0.kind"),
    ({"misspelt_fact": 1}, "facts.misspelt_fact"),
])
def test_a_wrong_field_in_a_draft_is_named_and_the_stored_draft_is_kept(setting, facts, field):
    refused = setting.a.post("/api/v1/applications", json={"cycle_id": setting.cycle_id, "entry_kind": "organization",
                                                           "tiers": ["award"], "facts": facts})
    assert refused.status_code == 422 and field in refused.get_json()["errors"], refused.get_json()

    draft = setting.draft(facts={"name": "第一稿", "founded_on": "2015-03-01"})
    path = f"/api/v1/applications/{draft['id']}"
    response = setting.a.patch(path, json={"facts": {"name": "第二稿", **facts}},
                               headers={"If-Match": f'"{draft["version"]}"'})
    assert response.status_code == 422 and field in response.get_json()["errors"], response.get_json()
    stored = setting.a.get(path).get_json()
    assert stored["facts"] == {"name": "第一稿", "founded_on": "2015-03-01"}
    assert stored["version"] == draft["version"]


@pytest.mark.parametrize("overrides, field, hint", [
    ({"entry_kind": "team"}, "entry_kind", "organization, individual"),
    ({"entry_kind": "individual"}, "entry_kind", "cannot apply as individual"),
    ({"tiers": ["gold"]}, "tiers", "award, nomination"),
    ({"tiers": []}, "tiers", ""),
    ({"tiers": ["award", "award"]}, "tiers", "once"),
    ({"category": "economy"}, "category", "no categories"),
    ({"cycle_id": 987654}, "cycle_id", ""),
])
def test_choices_outside_the_cycle_are_named_with_the_allowed_codes(setting, overrides, field, hint):
    body = {"cycle_id": setting.cycle_id, "entry_kind": "organization", "tiers": ["award"], **overrides}
    response = setting.a.post("/api/v1/applications", json=body)
    assert response.status_code == 422, response.get_json()
    assert hint in " ".join(response.get_json()["errors"][field])
    assert all_items(setting.a, "/api/v1/applications") == []


def test_an_individual_applies_as_an_individual(setting, mqa_factory, anon):
    person = mqa_factory.user(setting.world.tenant, Role.APPLICANT, "zhang")
    make_applicant(setting.runtime, setting.tenant_id, person.id, kind="individual", name="张工",
                   employer_name="示例制造有限公司")
    client = anon.login("zhang", tenant=setting.world.tenant.code)
    refused = client.post("/api/v1/applications", json={"cycle_id": setting.cycle_id, "entry_kind": "organization",
                                                         "tiers": ["award"]})
    assert refused.status_code == 422 and "entry_kind" in refused.get_json()["errors"]
    draft = setting.draft(client, entry_kind="individual", facts=PERSON_FACTS)
    submitted = client.post(f"/api/v1/applications/{draft['id']}/submit")
    assert submitted.status_code == 200, submitted.get_json()
    assert submitted.get_json()["status"] == "submitted"


def test_no_new_application_once_the_cycle_moved_past_its_application_stage(setting):
    with setting.runtime.session() as session, scoped(session, Scope.tenant(setting.tenant_id)):
        session.get(Cycle, (setting.tenant_id, setting.cycle_id)).stage = "eligibility_screening"
        session.commit()
    response = setting.a.post("/api/v1/applications", json={"cycle_id": setting.cycle_id,
                                                            "entry_kind": "organization", "tiers": ["award"]})
    assert response.status_code == 409 and response.get_json()["code"] == "applications_closed"


# -- submission -----------------------------------------------------------------------------------

def test_submission_with_missing_facts_is_422_and_stays_a_draft(setting):
    draft = setting.draft(facts={"name": "示例制造有限公司"})
    response = setting.a.post(f"/api/v1/applications/{draft['id']}/submit")
    assert response.status_code == 422
    assert {"facts.founded_on", "facts.registration_city"} <= set(response.get_json()["errors"])
    assert setting.a.get(f"/api/v1/applications/{draft['id']}").get_json()["status"] == "draft"


def test_submitted_on_the_last_day_at_23_59_and_refused_at_midnight(setting, monkeypatch):
    first, second = setting.draft(facts=ORG_FACTS), setting.draft(facts=ORG_FACTS)
    monkeypatch.setattr("core.platform.clock.now", lambda: at(DEADLINE, 23, 59))
    on_time = setting.a.post(f"/api/v1/applications/{first['id']}/submit")
    assert on_time.status_code == 200, on_time.get_json()
    body = on_time.get_json()
    assert (body["status"], body["facts_number"], body["facts"]) == ("submitted", 1, ORG_FACTS)

    monkeypatch.setattr("core.platform.clock.now", lambda: at(DEADLINE + dt.timedelta(days=1), 0, 0))
    late = setting.a.post(f"/api/v1/applications/{second['id']}/submit")
    assert late.status_code == 409
    error = late.get_json()
    assert error["code"] == "deadline_passed"
    assert error["details"] == {"deadline": DEADLINE.isoformat(), "stage": "application"}
    assert DEADLINE.isoformat() in error["message"]
    assert setting.row(second["id"]).status is ApplicationStatus.DRAFT
    assert "application.submitted" in setting.actions()


def test_an_extension_for_one_application_moves_its_deadline(setting, monkeypatch):
    draft = setting.draft(facts=ORG_FACTS)
    with setting.runtime.session() as session, scoped(session, Scope.tenant(setting.tenant_id)):
        session.get(Application, (setting.tenant_id, draft["id"])).submission_deadline = DEADLINE + dt.timedelta(days=3)
        session.commit()
    monkeypatch.setattr("core.platform.clock.now", lambda: at(DEADLINE + dt.timedelta(days=3), 20))
    assert setting.a.post(f"/api/v1/applications/{draft['id']}/submit").status_code == 200


def test_no_deadline_set_yet_is_409_saying_so(setting):
    with setting.runtime.session() as session, scoped(session, Scope.tenant(setting.tenant_id)):
        for stage in session.scalars(select(CycleStage).where(CycleStage.cycle_id == setting.cycle_id)):
            stage.ends_on = None
        session.commit()
    draft = setting.draft(facts=ORG_FACTS)
    response = setting.a.post(f"/api/v1/applications/{draft['id']}/submit")
    assert response.status_code == 409 and response.get_json()["code"] == "deadline_not_set"


def test_submission_replays_with_the_same_idempotency_key(setting):
    draft = setting.draft(facts=ORG_FACTS)
    path = f"/api/v1/applications/{draft['id']}/submit"
    first = setting.a.post(path, headers={"Idempotency-Key": "submit-1"})
    again = setting.a.post(path, headers={"Idempotency-Key": "submit-1"})
    assert first.status_code == again.status_code == 200
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.get_json() == first.get_json() and again.headers["ETag"] == first.headers["ETag"]
    versions = all_items(setting.a, f"/api/v1/applications/{draft['id']}/versions")
    assert [v["number"] for v in versions] == [1]
    without_key = setting.a.post(path)
    assert without_key.status_code == 409 and without_key.get_json()["code"] == "not_a_draft"


def test_a_submitted_application_is_frozen(setting):
    draft = setting.draft(facts=ORG_FACTS)
    path = f"/api/v1/applications/{draft['id']}"
    setting.a.post(f"{path}/submit")
    response = setting.a.patch(path, json={"tiers": ["nomination"]}, headers=if_match(setting.a, path))
    assert response.status_code == 409
    assert response.get_json()["code"] == "application_frozen"
    assert "change-requests" in response.get_json()["message"]
    assert setting.row(draft["id"]).tiers == ["award"]


def test_stale_or_missing_if_match_changes_nothing(setting):
    draft = setting.draft(facts={"name": "一"})
    path = f"/api/v1/applications/{draft['id']}"
    assert setting.a.patch(path, json={"facts": {"name": "二"}}).status_code == 428
    first = setting.a.patch(path, json={"facts": {"name": "二"}}, headers={"If-Match": f'"{draft["version"]}"'})
    assert first.status_code == 200 and first.get_json()["version"] == draft["version"] + 1
    stale = setting.a.patch(path, json={"facts": {"name": "三"}}, headers={"If-Match": f'"{draft["version"]}"'})
    assert stale.status_code == 409
    assert stale.get_json()["details"]["current_version"] == first.get_json()["version"]
    assert setting.a.get(path).get_json()["facts"] == {"name": "二"}
    stale_submit = setting.a.post(f"{path}/submit", headers={"If-Match": f'"{draft["version"]}"'})
    assert stale_submit.status_code == 409 and stale_submit.get_json()["code"] == "stale_version"


def test_withdrawal(setting):
    draft = setting.draft(facts=ORG_FACTS)
    path = f"/api/v1/applications/{draft['id']}"
    setting.a.post(f"{path}/submit")
    response = setting.a.post(f"{path}/withdraw")
    assert response.status_code == 200 and response.get_json()["status"] == "withdrawn"
    assert setting.a.post(f"{path}/withdraw").status_code == 409
    assert "application.withdrawn" in setting.actions()


def test_corrections_are_submitted_by_the_correction_deadline_as_a_new_version(setting, monkeypatch):
    application_id = make_application(setting.runtime, setting.tenant_id, setting.cycle_id, setting.a_id,
                                      facts={**ORG_FACTS, "is_industrial": False}, status="correction_requested")
    last_day = DEADLINE + dt.timedelta(days=20)
    with setting.runtime.session() as session, scoped(session, Scope.tenant(setting.tenant_id)):
        session.add(Correction(application_id=application_id, items=[{"field": "is_industrial", "problem": "?"}],
                               deadline=DEADLINE + dt.timedelta(days=15),
                               extensions=[{"from": (DEADLINE + dt.timedelta(days=15)).isoformat(),
                                            "to": last_day.isoformat(), "reason": "申请延期"}]))
        session.commit()
    path = f"/api/v1/applications/{application_id}"
    fixed = setting.a.patch(path, json={"facts": ORG_FACTS}, headers=if_match(setting.a, path))
    assert fixed.status_code == 200, fixed.get_json()
    assert fixed.get_json()["deadlines"]["correction"] == last_day.isoformat()
    monkeypatch.setattr("core.platform.clock.now", lambda: at(last_day, 23, 59))
    answered = setting.a.post(f"{path}/submit")
    assert answered.status_code == 200, answered.get_json()
    versions = all_items(setting.a, f"{path}/versions")
    assert [(v["number"], v["reason"]) for v in versions] == [(1, "submission"), (2, "correction")]
    assert versions[0]["facts"]["is_industrial"] is False and versions[1]["facts"] == ORG_FACTS
    with setting.runtime.session() as session, scoped(session, Scope.tenant(setting.tenant_id)):
        correction = session.scalars(select(Correction)).one()
        assert correction.status is CorrectionStatus.ANSWERED and correction.answered_at is not None


def test_corrections_after_their_deadline_are_refused(setting, monkeypatch):
    application_id = make_application(setting.runtime, setting.tenant_id, setting.cycle_id, setting.a_id,
                                      facts=ORG_FACTS, status="correction_requested")
    with setting.runtime.session() as session, scoped(session, Scope.tenant(setting.tenant_id)):
        session.add(Correction(application_id=application_id, items=[], deadline=DEADLINE))
        session.commit()
    monkeypatch.setattr("core.platform.clock.now", lambda: at(DEADLINE + dt.timedelta(days=1), 0, 0))
    response = setting.a.post(f"/api/v1/applications/{application_id}/submit")
    assert response.status_code == 409 and response.get_json()["details"]["deadline"] == DEADLINE.isoformat()
    assert response.get_json()["details"]["stage"] == "correction"
    # nor may the facts or the files change after the deadline: what the office sees stays what was kept
    path = f"/api/v1/applications/{application_id}"
    edit = setting.a.patch(path, json={"facts": {**ORG_FACTS, "name": "改过的名字"}}, headers=if_match(setting.a, path))
    assert edit.status_code == 409 and edit.get_json()["details"]["deadline"] == DEADLINE.isoformat()
    late_file = setting.a.client.post(f"{path}/attachments?filename=late.pdf", data=b"%PDF-1.7\n%%EOF\n",
                                      headers={"Content-Type": "application/pdf",
                                               "Authorization": f"Bearer {setting.a.token}"})
    assert late_file.status_code == 409, late_file.get_json()
    assert setting.a.get(path).get_json()["facts"] == ORG_FACTS


# -- change requests ------------------------------------------------------------------------------

def test_an_approved_change_keeps_every_version(setting):
    draft = setting.draft(facts=ORG_FACTS)
    path = f"/api/v1/applications/{draft['id']}"
    setting.a.post(f"{path}/submit")
    changed = {**ORG_FACTS, "name": "示例制造股份有限公司"}
    incomplete = setting.a.post(f"{path}/change-requests", json={"facts": {"name": "x"}, "reason": "更名"})
    assert incomplete.status_code == 422 and "facts.founded_on" in incomplete.get_json()["errors"]
    request = setting.a.post(f"{path}/change-requests", json={"facts": changed, "reason": "企业更名"},
                             headers={"Idempotency-Key": "cr-1"})
    assert request.status_code == 201, request.get_json()
    assert request.get_json()["status"] == "pending"
    second = setting.a.post(f"{path}/change-requests", json={"facts": changed, "reason": "again"})
    assert second.status_code == 409 and second.get_json()["code"] == "change_request_pending"

    staff = setting.world.as_(Role.OFFICE_STAFF)
    request_id = request.get_json()["id"]
    assert staff.post(f"/api/v1/change-requests/{request_id}/approve", json={},
                      headers={"If-Match": '"7"'}).status_code == 409
    approved = staff.post(f"/api/v1/change-requests/{request_id}/approve", json={"note": "同意"})
    assert approved.status_code == 200, approved.get_json()
    assert approved.get_json()["status"] == "approved"
    assert approved.get_json()["applied_to"] == {"id": draft["id"], "status": "submitted", "facts_number": 2,
                                                 "version": setting.a.get(path).get_json()["version"],
                                                 "rescreening": False}
    assert staff.post(f"/api/v1/change-requests/{request_id}/approve", json={}).status_code == 409

    versions = all_items(staff, f"{path}/versions")
    assert [(v["number"], v["reason"], v["change_request_id"]) for v in versions] == \
        [(1, "submission", None), (2, "change_request", request_id)]
    assert versions[0]["facts"]["name"] == ORG_FACTS["name"]
    assert versions[1]["facts"]["name"] == "示例制造股份有限公司"
    assert setting.a.get(path).get_json()["facts"]["name"] == "示例制造股份有限公司"
    assert {"change_request.created", "change_request.approved"} <= set(setting.actions())


def test_a_change_to_an_accepted_application_sends_it_back_to_screening(setting):
    application_id = make_application(setting.runtime, setting.tenant_id, setting.cycle_id, setting.a_id,
                                      facts=ORG_FACTS, status="accepted")
    request = setting.a.post(f"/api/v1/applications/{application_id}/change-requests",
                             json={"facts": {**ORG_FACTS, "safety_standardisation_level": 1}, "reason": "升级"})
    assert request.status_code == 201, request.get_json()
    approved = setting.world.admin.post(f"/api/v1/change-requests/{request.get_json()['id']}/approve", json={})
    assert approved.get_json()["applied_to"]["rescreening"] is True
    assert setting.row(application_id).status is ApplicationStatus.SUBMITTED


def test_a_refused_change_needs_a_note_and_changes_nothing(setting):
    application_id = make_application(setting.runtime, setting.tenant_id, setting.cycle_id, setting.a_id,
                                      facts=ORG_FACTS)
    request_id = setting.a.post(f"/api/v1/applications/{application_id}/change-requests",
                                json={"facts": {**ORG_FACTS, "name": "新"}, "reason": "r"}).get_json()["id"]
    staff = setting.world.as_(Role.OFFICE_STAFF)
    no_note = staff.post(f"/api/v1/change-requests/{request_id}/refuse", json={})
    assert no_note.status_code == 422 and "note" in no_note.get_json()["errors"]
    refused = staff.post(f"/api/v1/change-requests/{request_id}/refuse", json={"note": "证明材料不足"})
    assert refused.status_code == 200 and refused.get_json()["status"] == "refused"
    assert setting.row(application_id).facts == ORG_FACTS and setting.row(application_id).facts_number == 1
    listed = all_items(setting.a, f"/api/v1/applications/{application_id}/change-requests")
    assert [(c["status"], c["decision_note"]) for c in listed] == [("refused", "证明材料不足")]


def test_a_draft_takes_no_change_request(setting):
    draft = setting.draft(facts=ORG_FACTS)
    response = setting.a.post(f"/api/v1/applications/{draft['id']}/change-requests",
                              json={"facts": ORG_FACTS, "reason": "r"})
    assert response.status_code == 409 and "edit the draft" in response.get_json()["message"]


# -- who sees what --------------------------------------------------------------------------------

def test_applicants_see_only_their_own(setting):
    mine = setting.draft(facts=ORG_FACTS)
    setting.a.post(f"/api/v1/applications/{mine['id']}/submit")
    theirs = setting.draft(setting.b)
    assert [row["id"] for row in all_items(setting.a, "/api/v1/applications")] == [mine["id"]]
    assert [row["id"] for row in all_items(setting.b, "/api/v1/applications")] == [theirs["id"]]
    path = f"/api/v1/applications/{mine['id']}"
    attempts = [setting.b.get(path), setting.b.patch(path, json={"tiers": ["award"]}, headers={"If-Match": '"1"'}),
                setting.b.post(f"{path}/submit"), setting.b.post(f"{path}/withdraw"),
                setting.b.get(f"{path}/versions"), setting.b.get(f"{path}/change-requests"),
                setting.b.post(f"{path}/change-requests", json={"facts": ORG_FACTS, "reason": "r"})]
    assert [r.status_code for r in attempts] == [404] * len(attempts)
    assert all(r.get_json()["code"] == "not_found" for r in attempts)
    assert setting.row(mine["id"]).status is ApplicationStatus.SUBMITTED


def test_the_office_list_leaves_drafts_out_unless_asked(setting):
    submitted = setting.draft(facts=ORG_FACTS)
    setting.a.post(f"/api/v1/applications/{submitted['id']}/submit")
    draft = setting.draft(setting.b)
    supervisor = setting.world.as_(Role.SUPERVISOR)
    assert [r["id"] for r in all_items(supervisor, "/api/v1/applications")] == [submitted["id"]]
    assert [r["id"] for r in all_items(supervisor, "/api/v1/applications?status=draft")] == [draft["id"]]
    assert [r["id"] for r in all_items(supervisor, f"/api/v1/applications?cycle_id={setting.cycle_id}"
                                                   "&status=submitted")] == [submitted["id"]]
    assert "facts" not in all_items(supervisor, "/api/v1/applications")[0]
    assert supervisor.get("/api/v1/applications?status=bogus").status_code == 422


def test_supervisors_read_everything_and_write_nothing(setting):
    application_id = make_application(setting.runtime, setting.tenant_id, setting.cycle_id, setting.a_id,
                                      facts=ORG_FACTS)
    request_id = setting.a.post(f"/api/v1/applications/{application_id}/change-requests",
                                json={"facts": ORG_FACTS, "reason": "r"}).get_json()["id"]
    supervisor = setting.world.as_(Role.SUPERVISOR)
    path = f"/api/v1/applications/{application_id}"
    for read in (path, f"{path}/versions", f"{path}/change-requests", "/api/v1/applications"):
        assert supervisor.get(read).status_code == 200, read
    assert supervisor.get(path).get_json()["facts"] == ORG_FACTS
    writes = [supervisor.post("/api/v1/applications", json={}), supervisor.patch(path, json={}),
              supervisor.post(f"{path}/submit"), supervisor.post(f"{path}/withdraw"),
              supervisor.post(f"{path}/change-requests", json={}),
              supervisor.post(f"/api/v1/change-requests/{request_id}/approve", json={}),
              supervisor.post(f"/api/v1/change-requests/{request_id}/refuse", json={"note": "n"})]
    assert [w.status_code for w in writes] == [403] * len(writes)


ENDPOINTS = [
    ("GET", "/api/v1/applications", "read"),
    ("POST", "/api/v1/applications", "apply"),
    ("GET", "/api/v1/applications/{a}", "read"),
    ("PATCH", "/api/v1/applications/{a}", "apply"),
    ("POST", "/api/v1/applications/{a}/submit", "apply"),
    ("POST", "/api/v1/applications/{a}/withdraw", "apply"),
    ("GET", "/api/v1/applications/{a}/versions", "read"),
    ("GET", "/api/v1/applications/{a}/change-requests", "read"),
    ("POST", "/api/v1/applications/{a}/change-requests", "apply"),
    ("POST", "/api/v1/change-requests/{c}/approve", "screen"),
    ("POST", "/api/v1/change-requests/{c}/refuse", "screen"),
]
ALLOWED = {"read": {Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.SUPERVISOR, Role.APPLICANT},
           "apply": {Role.APPLICANT}, "screen": {Role.OFFICE_ADMIN, Role.OFFICE_STAFF}}


def _ids(setting) -> dict[str, int]:
    application_id = make_application(setting.runtime, setting.tenant_id, setting.cycle_id, setting.a_id,
                                      facts=ORG_FACTS)
    request = setting.a.post(f"/api/v1/applications/{application_id}/change-requests",
                             json={"facts": ORG_FACTS, "reason": "r"})
    return {"a": application_id, "c": request.get_json()["id"]}


@pytest.mark.parametrize("method, path, kind", ENDPOINTS)
@pytest.mark.parametrize("role", list(Role.tenant_roles()))
def test_role_matrix(setting, role, method, path, kind):
    response = setting.world.as_(role).request(method, path.format(**_ids(setting)),
                                               json={} if method != "GET" else None)
    if role in ALLOWED[kind]:
        assert response.status_code not in (401, 403), response.get_json()
    else:
        assert response.status_code == 403, response.get_json()


@pytest.mark.parametrize("method, path, _kind", ENDPOINTS)
def test_central_admins_see_none_of_it(setting, platform_admin, method, path, _kind):
    response = platform_admin.request(method, path.format(**_ids(setting)), json={} if method != "GET" else None)
    assert response.status_code == 403


@pytest.mark.parametrize("method, path, kind", [e for e in ENDPOINTS if "{" in e[1]])
def test_another_tenants_ids_are_404(setting, tenant_b, method, path, kind):
    ids = _ids(setting)
    client = tenant_b.as_(Role.APPLICANT) if kind == "apply" else tenant_b.as_(Role.OFFICE_STAFF)
    body = {"note": "n"} if kind == "screen" else {"facts": ORG_FACTS, "reason": "r"} \
        if path.endswith("change-requests") else {} if method != "GET" else None
    headers = {"If-Match": '"1"'} if method == "PATCH" else None
    response = client.request(method, path.format(**ids), json=body, headers=headers)
    assert response.status_code == 404, response.get_json()
    assert setting.row(ids["a"]).facts_number == 1


def test_numbers_read_exactly_are_stored_as_json_numbers_and_absurd_ones_refused():
    from decimal import Decimal

    from api.blueprint import OutOfRangeNumber
    from core.applications.services import plain_json
    from core.errors import InvalidInput

    assert plain_json({"score": Decimal("812.5"), "rows": [{"share": Decimal("0.25")}], "n": 3}) == \
        {"score": 812.5, "rows": [{"share": 0.25}], "n": 3}
    with pytest.raises(InvalidInput) as refused:
        plain_json({"rows": [{"x": OutOfRangeNumber("9" * 50)}]})
    assert set(refused.value.fields) == {"facts.rows.0.x"}


def test_an_applicant_user_acting_for_no_applicant_lists_nothing(setting, tenant_b):
    setting.draft(facts=ORG_FACTS)
    assert all_items(tenant_b.as_(Role.APPLICANT), "/api/v1/applications") == []
    assert tenant_b.as_(Role.APPLICANT).post("/api/v1/applications", json={
        "cycle_id": setting.cycle_id, "entry_kind": "organization", "tiers": ["award"]}).status_code == 404
