"""Local recommendations (推荐, issue 10): recorded by the office before acceptance where the regulation
asks for one (Nantong 2023 第十八条: an internal notice of at least 5 working days without objection,
then the local committee's recommendation), each check citing its article."""
from __future__ import annotations

import datetime as dt

from types import SimpleNamespace

import pytest

from core.cycles.models import Cycle, CycleStatus
from core.cycles.plans import plan_of
from core.platform.models import Role
from core.platform.tenancy import Scope, scoped
from core.testing import TEST_PASSWORD
from tests.lifecycle import make_applicant, make_application, make_cycle
from tests.walk import all_items

# Qingming 2025: Friday 4 April is a holiday, then the weekend. A notice published on Thursday 3 April
# counts its working days from Monday 7 April (the publication day is not counted): the 5th is Friday 11
# April. Ending on Thursday 10 April it has lasted 7 calendar days but only 4 working days.
PUBLISHED, FIVE_WORKING_DAYS, FOUR_WORKING_DAYS = "2025-04-03", "2025-04-11", "2025-04-10"
VALID = {"recommender": "崇川区质量发展委员会", "recommended_on": "2025-04-14", "document_number": "崇质委〔2025〕3号",
         "internal_notice_starts_on": PUBLISHED, "internal_notice_ends_on": FIVE_WORKING_DAYS, "objections": "",
         "note": "材料已审核"}


CALL_ON = dt.date(2025, 4, 1)
"""The first day of the cycle's application stage: the office's call for applications (2023 第十七条)."""


def path(application_id: int) -> str:
    return f"/api/v1/applications/{application_id}/recommendation"


def setup(world, runtime, version_code=None, status="submitted"):
    tid = world.tenant.id
    cycle = make_cycle(runtime, tid, version_code=version_code, application_starts_on=CALL_ON)
    applicant = make_applicant(runtime, tid, world.user_ids[Role.APPLICANT])
    application = make_application(runtime, tid, cycle, applicant, status=status)
    return SimpleNamespace(cycle=cycle, applicant=applicant, application=application)


@pytest.fixture
def nantong(tenant_a, mqa_runtime):
    return setup(tenant_a, mqa_runtime, version_code="2023")


def put(api, application_id, body, headers=None):
    return api.request("PUT", path(application_id), json=body, headers=headers)


def test_a_notice_of_five_working_days_is_accepted_and_its_checks_kept(tenant_a, nantong):
    response = put(tenant_a.admin, nantong.application, VALID)
    assert response.status_code == 200, response.get_json()
    assert response.headers["ETag"] == '"1"'
    body = response.get_json()
    assert body["recommended_on"] == "2025-04-14" and body["internal_notice_ends_on"] == FIVE_WORKING_DAYS
    checks = {c["check"]: c for c in body["checks"]}
    length = checks["internal_notice_length"]
    assert length["holds"] is True and "2025-04-11" in length["what"]
    assert (length["citation"]["jurisdiction"], length["citation"]["version"], length["citation"]["article"]) == (
        "nantong", "2023", "第十八条")
    assert set(length["citation"]) >= {"jurisdiction", "version", "article", "item", "note"}
    assert all(c["holds"] for c in body["checks"]) and {"no_objection", "recommended_after_notice"} <= set(checks)
    [event] = all_items(tenant_a.admin, "/api/v1/audit-events?action=recommendation.recorded")
    assert event["details"]["citation"]["article"] == "第十八条" and event["details"]["replaced"] is False
    read = tenant_a.as_(Role.APPLICANT).get(path(nantong.application))
    assert read.status_code == 200 and read.get_json()["recommender"] == "崇川区质量发展委员会"
    assert read.headers["ETag"] == '"1"'


def test_a_notice_of_four_working_days_is_refused_citing_the_article(tenant_a, nantong):
    response = put(tenant_a.admin, nantong.application, {**VALID, "internal_notice_ends_on": FOUR_WORKING_DAYS,
                                                         "recommended_on": "2025-04-11"})
    body = response.get_json()
    assert response.status_code == 422, body
    assert list(body["errors"]) == ["internal_notice_ends_on"]
    [reason] = body["errors"]["internal_notice_ends_on"]
    assert "5 working days" in reason and "2025-04-11" in reason and "nantong/2023 第十八条" in reason
    assert body["details"]["citations"]["internal_notice_ends_on"]["article"] == "第十八条"
    assert tenant_a.admin.get(path(nantong.application)).status_code == 404  # nothing recorded


@pytest.mark.parametrize("change, field", [
    ({"internal_notice_starts_on": None, "internal_notice_ends_on": None}, "internal_notice_starts_on"),
    ({"internal_notice_ends_on": None}, "internal_notice_ends_on"),
    ({"recommended_on": FIVE_WORKING_DAYS}, "recommended_on"),           # not after the notice ended
    ({"internal_notice_ends_on": "2025-04-01"}, "internal_notice_ends_on"),  # ends before it starts
    ({"objections": "职工张某反映质量数据不实"}, "objections"),
    ({"recommended_on": "2099-01-05"}, "recommended_on"),                 # not given yet
    ({"internal_notice_starts_on": "9999-12-31", "internal_notice_ends_on": "9999-12-31"},
     "internal_notice_starts_on"),                                        # not published yet (and no overflow)
])
def test_each_failed_check_is_a_422_naming_the_field_and_the_article(tenant_a, nantong, change, field):
    response = put(tenant_a.admin, nantong.application, {**VALID, **change})
    body = response.get_json()
    assert response.status_code == 422 and field in body["errors"], body
    assert "第十八条" in body["errors"][field][0]
    assert tenant_a.admin.get(path(nantong.application)).status_code == 404


def test_a_replacement_checks_if_match_when_sent(tenant_a, nantong):
    assert put(tenant_a.admin, nantong.application, VALID, headers={"If-Match": '"0"'}).status_code == 200
    assert put(tenant_a.admin, nantong.application, VALID, headers={"If-Match": '"0"'}).status_code == 409
    stale = put(tenant_a.admin, nantong.application, VALID, headers={"If-Match": '"5"'})
    assert stale.status_code == 409 and stale.get_json()["details"]["current_version"] == 1
    replaced = put(tenant_a.as_(Role.OFFICE_STAFF), nantong.application, {**VALID, "document_number": "2号"},
                   headers={"If-Match": '"1"'})
    assert replaced.status_code == 200 and replaced.headers["ETag"] == '"2"'
    assert put(tenant_a.admin, nantong.application, VALID).status_code == 200  # optional: unchecked when absent
    events = all_items(tenant_a.admin, "/api/v1/audit-events?action=recommendation.recorded")
    assert [e["details"]["replaced"] for e in events] == [True, True, False]  # newest first


def test_a_recommendation_without_an_internal_notice_where_the_plan_has_none(tenant_a, mqa_runtime):
    old = setup(tenant_a, mqa_runtime, version_code="2020")  # Nantong 2020 第十六条: no internal notice
    body = {"recommender": "南通市崇川区", "recommended_on": "2025-04-14"}
    response = put(tenant_a.admin, old.application, body)
    assert response.status_code == 200, response.get_json()
    assert {c["citation"]["article"] for c in response.get_json()["checks"]} == {"第十六条"}


@pytest.mark.parametrize("status", ["draft", "accepted", "withdrawn"])
def test_only_submitted_applications_take_a_recommendation(tenant_a, mqa_runtime, status):
    case = setup(tenant_a, mqa_runtime, version_code="2023", status=status)
    response = put(tenant_a.admin, case.application, VALID)
    assert response.status_code == 409 and response.get_json()["details"]["status"] == status


def test_corrections_pending_still_take_one_but_a_closed_cycle_does_not(tenant_a, mqa_runtime):
    case = setup(tenant_a, mqa_runtime, version_code="2023", status="correction_requested")
    assert put(tenant_a.admin, case.application, VALID).status_code == 200
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_a.tenant.id)):
        session.get(Cycle, (tenant_a.tenant.id, case.cycle)).status = CycleStatus.CLOSED
        session.commit()
    assert put(tenant_a.admin, case.application, VALID).status_code == 409


def test_yuncheng_answers_per_its_plan(tenant_b, mqa_runtime):
    case = setup(tenant_b, mqa_runtime)
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_b.tenant.id)):
        plan = plan_of(mqa_runtime.registry, session.get(Cycle, (tenant_b.tenant.id, case.cycle)))
    response = put(tenant_b.admin, case.application, {**VALID, "recommender": "盐湖区人民政府"})
    if plan.recommendation is None:
        assert response.status_code == 409 and "asks for no local recommendation" in response.get_json()["message"]
        return
    assert response.status_code == 200, response.get_json()
    articles = {c["citation"]["article"] for c in response.get_json()["checks"]}
    assert plan.recommendation.article in articles
    internal = [n for n in plan.notices if n.kind == "internal"]
    if internal and internal[0].min_days == 5 and internal[0].working_days:
        short = put(tenant_b.admin, case.application, {**VALID, "internal_notice_ends_on": FOUR_WORKING_DAYS,
                                                       "recommended_on": "2025-04-11"})
        assert short.status_code == 422 and internal[0].citation.article in short.get_json()["errors"][
            "internal_notice_ends_on"][0]


# -- who may do what ------------------------------------------------------------------------------------

MATRIX = {  # role -> (PUT, GET)
    Role.OFFICE_ADMIN: (200, 200),
    Role.OFFICE_STAFF: (200, 200),
    Role.SUPERVISOR: (403, 200),
    Role.EXPERT: (403, 403),
    Role.APPLICANT: (403, 200),
}


@pytest.mark.parametrize("role", list(MATRIX), ids=lambda r: r.value)
def test_role_matrix(tenant_a, nantong, role):
    assert put(tenant_a.admin, nantong.application, VALID).status_code == 200
    api = tenant_a.as_(role)
    assert (put(api, nantong.application, VALID).status_code, api.get(path(nantong.application)).status_code) \
        == MATRIX[role]


def test_another_applicant_and_another_tenant_get_404(tenant_a, tenant_b, nantong, mqa_factory, anon):
    assert put(tenant_a.admin, nantong.application, VALID).status_code == 200
    user = mqa_factory.user(tenant_a.tenant, Role.APPLICANT, "applicant-b")
    other = anon.login(user.username, TEST_PASSWORD, tenant=tenant_a.tenant.code)
    assert other.get(path(nantong.application)).status_code == 404
    for role in (Role.OFFICE_ADMIN, Role.SUPERVISOR, Role.APPLICANT):
        assert tenant_b.as_(role).get(path(nantong.application)).status_code == 404
    assert put(tenant_b.admin, nantong.application, VALID).status_code == 404
    assert put(tenant_a.admin, 999_999, VALID).status_code == 404


def test_bad_input_is_named(tenant_a, nantong):
    for body, field in [({**VALID, "recommended_on": "14/04/2025"}, "recommended_on"),
                        ({**VALID, "recommender": ""}, "recommender"),
                        ({k: v for k, v in VALID.items() if k != "recommender"}, "recommender"),
                        ({**VALID, "extra": 1}, "extra")]:
        response = put(tenant_a.admin, nantong.application, body)
        assert response.status_code == 422 and field in response.get_json()["errors"], body


def test_a_notice_before_the_call_for_applications_belongs_to_another_cycle(tenant_a, nantong):
    before = {**VALID, "internal_notice_starts_on": "2025-03-24", "internal_notice_ends_on": "2025-03-31",
              "recommended_on": "2025-04-01"}
    response = put(tenant_a.admin, nantong.application, before)
    assert response.status_code == 422, response.get_json()
    reason = response.get_json()["errors"]["internal_notice_starts_on"][0]
    assert "2025-04-01" in reason and "第十八条" in reason
