"""The working-day calendar: official holidays and 调休 from chinesecalendar, admin overrides, notice periods."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select

from core.engine.calendar import PACKAGE_YEARS, WorkingDayCalendar
from core.errors import CalendarUnknown, InvalidInput, NotFound
from core.platform.models import AuditEvent, CalendarOverride, Role
from core.platform.services import calendar as calendar_service
from core.platform.tenancy import Scope
from tests.walk import items

D = dt.date
UNPUBLISHED = PACKAGE_YEARS.stop
"""The first year the installed package does not know (2027 with chinesecalendar 1.11)."""


def first(weekday: int, year: int) -> dt.date:
    """The first Monday (0) ... Sunday (6) of a year, after 1 January."""
    day = D(year, 1, 2)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


@pytest.fixture
def calendar() -> WorkingDayCalendar:
    return WorkingDayCalendar()


@pytest.fixture
def session(mqa_runtime):
    with mqa_runtime.session(Scope.platform()) as session:
        yield session


def override(day: dt.date, working: bool, note: str = "国务院办公厅通知") -> dict[str, object]:
    return {"day": day, "is_working_day": working, "note": note}


def audit_events(mqa_runtime) -> list[AuditEvent]:
    with mqa_runtime.session(Scope.platform()) as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == "calendar.updated")
                                    .order_by(AuditEvent.id)))


# -- the calendar from the package ---------------------------------------------------------------

@pytest.mark.parametrize("start, end", [
    # 2024: Fri 27 Sep, Sun 29 Sep (调休上班), Mon 30 Sep, 1-7 Oct off, Tue 8, Wed 9 Oct.
    (D(2024, 9, 27), D(2024, 10, 9)),
    # 2025: Fri 26 Sep, Sun 28 Sep (调休上班), Mon 29, Tue 30 Sep, 1-8 Oct off (中秋 on 6 Oct), Thu 9 Oct.
    (D(2025, 9, 26), D(2025, 10, 9)),
])
def test_five_working_days_skip_national_day_and_count_the_adjusted_sunday(calendar, start, end):
    assert calendar.add_working_days(start, 5) == end
    # A notice published that day does not count it (民法典 第二百零一条): one working day more.
    assert calendar.notice_end(start - dt.timedelta(days=1), 5, working_days=True) == end
    assert calendar.working_days_between(start, end) == 5
    sunday = start + dt.timedelta(days=2)
    assert sunday.weekday() == 6 and calendar.is_working_day(sunday)
    assert not calendar.is_working_day(sunday - dt.timedelta(days=1))
    assert not calendar.is_working_day(D(start.year, 10, 1))


def test_a_normal_week_friday_plus_five_working_days_ends_on_thursday(calendar):
    assert calendar.add_working_days(D(2024, 11, 1), 5) == D(2024, 11, 7)
    assert calendar.add_working_days(D(2024, 11, 4), 1) == D(2024, 11, 4)


def test_a_start_that_is_not_a_working_day_moves_to_the_next_one(calendar):
    assert calendar.add_working_days(D(2024, 11, 2), 1) == D(2024, 11, 4)  # Saturday -> Monday
    # Starting inside the holiday: 8, 9, 10, 11 Oct, then Saturday 12 Oct (调休上班).
    assert calendar.add_working_days(D(2024, 10, 3), 5) == D(2024, 10, 12)


def test_calendar_days_count_the_start_and_may_end_on_a_holiday(calendar):
    assert calendar.add_calendar_days(D(2024, 9, 27), 10) == D(2024, 10, 6)
    # A notice of 10 days published on 27 Sep runs 28 Sep to 7 Oct, a holiday: the objections'
    # deadline moves to the first working day, 8 Oct (民法典 第二百零三条).
    assert calendar.notice_end(D(2024, 9, 27), 10, working_days=False) == D(2024, 10, 8)
    assert calendar.notice_end(D(2024, 11, 1), 10, working_days=False) == D(2024, 11, 11)
    assert calendar.add_calendar_days(D(2024, 9, 27), 1) == D(2024, 9, 27)


def test_working_days_between_includes_both_ends(calendar):
    assert calendar.working_days_between(D(2024, 11, 4), D(2024, 11, 8)) == 5
    assert calendar.working_days_between(D(2024, 11, 4), D(2024, 11, 4)) == 1
    assert calendar.working_days_between(D(2024, 11, 2), D(2024, 11, 3)) == 0
    assert calendar.working_days_between(D(2024, 9, 28), D(2024, 10, 7)) == 2  # 29 and 30 Sep
    with pytest.raises(InvalidInput) as refused:
        calendar.working_days_between(D(2024, 11, 8), D(2024, 11, 4))
    assert "end" in refused.value.fields


@pytest.mark.parametrize("n", [0, -3])
def test_a_period_lasts_at_least_one_day(calendar, n):
    for add in (calendar.add_working_days, calendar.add_calendar_days):
        with pytest.raises(InvalidInput) as refused:
            add(D(2024, 11, 4), n)
        assert "days" in refused.value.fields


def test_day_info_names_the_holiday_and_the_source(calendar):
    holiday = calendar.day_info(D(2024, 10, 1))
    assert (holiday.is_working_day, holiday.source, holiday.note) == (False, "chinesecalendar", "国庆节")
    adjusted = calendar.day_info(D(2024, 9, 29))
    assert (adjusted.is_working_day, adjusted.note) == (True, "国庆节调休上班")
    assert calendar.day_info(D(2024, 11, 5)).note is None


def test_a_year_the_package_does_not_know_is_an_error_not_a_guess(calendar):
    with pytest.raises(CalendarUnknown) as unknown:
        calendar.is_working_day(first(0, UNPUBLISHED))
    assert unknown.value.code == "calendar_unknown" and unknown.value.year == UNPUBLISHED
    assert str(UNPUBLISHED) in unknown.value.message
    assert "admin" in unknown.value.message and "chinesecalendar" in unknown.value.message
    with pytest.raises(CalendarUnknown):
        calendar.is_working_day(D(PACKAGE_YEARS.start - 1, 6, 2))

    december = D(UNPUBLISHED - 1, 12, 1)
    left = calendar.working_days_between(december, D(UNPUBLISHED - 1, 12, 31))
    assert calendar.add_working_days(december, left).year == UNPUBLISHED - 1
    with pytest.raises(CalendarUnknown) as crossing:  # a period running into the unknown year
        calendar.add_working_days(december, left + 1)
    assert crossing.value.year == UNPUBLISHED
    assert calendar.add_calendar_days(december, 60).year == UNPUBLISHED  # calendar days need no data


# -- overrides -----------------------------------------------------------------------------------

def test_an_override_that_makes_a_holiday_a_working_day_shortens_the_notice(session):
    calendar_service.set_overrides(session, None, [override(D(2024, 10, 1), True, "test: 国庆节改上班")])
    calendar = calendar_service.load(session)
    assert calendar.add_working_days(D(2024, 9, 27), 5) == D(2024, 10, 8)  # was 9 October
    info = calendar.day_info(D(2024, 10, 1))
    assert (info.is_working_day, info.source, info.note) == (True, "override", "test: 国庆节改上班")


def test_an_override_that_adds_a_holiday_lengthens_the_notice(session):
    calendar_service.set_overrides(session, None, [override(D(2024, 11, 5), False)])
    calendar = calendar_service.load(session)
    assert calendar.add_working_days(D(2024, 11, 1), 5) == D(2024, 11, 8)  # was Thursday 7 November
    assert calendar.working_days_between(D(2024, 11, 4), D(2024, 11, 8)) == 4


def test_overrides_publish_a_year_the_package_does_not_know(session):
    new_year = D(UNPUBLISHED, 1, 1)
    calendar_service.set_overrides(session, None, [override(new_year, False, f"{UNPUBLISHED} 国务院办公厅通知")])
    calendar = calendar_service.load(session)
    assert calendar.knows_year(UNPUBLISHED) and not calendar.knows_year(UNPUBLISHED + 1)
    assert calendar.day_info(new_year).source == "override" and not calendar.is_working_day(new_year)
    monday, saturday = calendar.day_info(first(0, UNPUBLISHED)), calendar.day_info(first(5, UNPUBLISHED))
    assert (monday.is_working_day, monday.source) == (True, "weekdays")
    assert (saturday.is_working_day, saturday.source) == (False, "weekdays")
    assert calendar.add_working_days(first(0, UNPUBLISHED), 5) == first(0, UNPUBLISHED) + dt.timedelta(days=4)
    with pytest.raises(CalendarUnknown):
        calendar.is_working_day(D(UNPUBLISHED + 1, 3, 1))


def test_the_overrides_are_read_once_per_calendar(session, mqa_runtime):
    calendar_service.set_overrides(session, None, [override(D(2024, 11, 5), False)])
    statements: list[str] = []

    def listener(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(mqa_runtime.engine, "before_cursor_execute", listener)
    try:
        calendar = calendar_service.load(session)
        assert calendar.working_days_between(D(2024, 1, 1), D(2024, 12, 31)) == 250
        calendar.add_working_days(D(2024, 1, 1), 200)
    finally:
        event.remove(mqa_runtime.engine, "before_cursor_execute", listener)
    assert len(statements) == 1


def test_setting_overrides_upserts_and_skips_unchanged_days(session, mqa_runtime):
    calendar_service.set_overrides(session, None, [override(D(2024, 11, 5), False)])
    calendar_service.set_overrides(session, None, [override(D(2024, 11, 5), True, "corrected"),
                                                   override(D(2024, 11, 6), False)])
    calendar_service.set_overrides(session, None, [override(D(2024, 11, 6), False)])  # no change
    rows = [(o.day, o.is_working_day, o.note) for o in calendar_service.list_overrides(session)]
    assert rows == [(D(2024, 11, 5), True, "corrected"), (D(2024, 11, 6), False, "国务院办公厅通知")]
    events = audit_events(mqa_runtime)
    assert len(events) == 2
    assert events[1].details["set"][0] == {"day": "2024-11-05", "is_working_day": True, "note": "corrected",
                                           "was": {"is_working_day": False, "note": "国务院办公厅通知"}}
    assert events[1].tenant_id is None and events[1].target_id == "2024-11-05..2024-11-06"


def test_a_day_twice_in_one_request_is_refused_and_nothing_is_saved(session):
    with pytest.raises(InvalidInput) as refused:
        calendar_service.set_overrides(session, None, [override(D(2024, 11, 5), False),
                                                       override(D(2024, 11, 6), False),
                                                       override(D(2024, 11, 5), True)])
    assert "2024-11-05" in refused.value.fields["days"][0]
    assert calendar_service.list_overrides(session) == []


def test_deleting_an_override_restores_the_package_and_a_missing_one_is_not_found(session, mqa_runtime):
    calendar_service.set_overrides(session, None, [override(D(2024, 10, 1), True)])
    calendar_service.delete_override(session, None, D(2024, 10, 1))
    assert not calendar_service.load(session).is_working_day(D(2024, 10, 1))
    with pytest.raises(NotFound):
        calendar_service.delete_override(session, None, D(2024, 10, 1))
    assert audit_events(mqa_runtime)[-1].details == {
        "deleted": {"day": "2024-10-01", "is_working_day": True, "note": "国务院办公厅通知"}}


# -- API -----------------------------------------------------------------------------------------

WORKING_DAYS = "/api/v1/calendar/working-days"
OVERRIDES = "/api/v1/calendar/overrides"


def put(client, *days):
    return client.request("PUT", OVERRIDES, json={"days": list(days)})


def test_any_user_computes_a_notice_end(platform_admin, tenant_a):
    for client in [platform_admin, *tenant_a.tokens.values()]:
        response = client.get(f"{WORKING_DAYS}?start=2024-09-27&days=5&kind=working")
        assert response.status_code == 200, response.get_json()
        # Published Friday 27 Sep 2024 (not counted): Sun 29 Sep (调休), Mon 30 Sep, then 8, 9, 10 Oct.
        assert response.get_json() == {"start": "2024-09-27", "days": 5, "kind": "working", "end": "2024-10-10"}
    calendar_days = tenant_a.admin.get(f"{WORKING_DAYS}?start=2024-09-27&days=10&kind=calendar").get_json()
    assert calendar_days["end"] == "2024-10-08"  # 28 Sep to 7 Oct, a holiday: on to the next working day
    day = tenant_a.as_(Role.APPLICANT).get("/api/v1/calendar/days/2024-09-29").get_json()
    assert day == {"day": "2024-09-29", "is_working_day": True, "source": "chinesecalendar",
                   "note": "国庆节调休上班"}


def test_anonymous_callers_are_refused(anon):
    assert anon.get(f"{WORKING_DAYS}?start=2024-09-27&days=5&kind=working").status_code == 401
    assert anon.get("/api/v1/calendar/days/2024-09-29").status_code == 401


def test_unknown_year_is_409_calendar_unknown_until_an_admin_publishes_it(platform_admin, tenant_a):
    monday = first(0, UNPUBLISHED).isoformat()
    for path in [f"{WORKING_DAYS}?start={monday}&days=5&kind=working", f"/api/v1/calendar/days/{monday}"]:
        response = tenant_a.admin.get(path)
        assert response.status_code == 409, path
        body = response.get_json()
        assert body["code"] == "calendar_unknown" and body["details"] == {"year": UNPUBLISHED}
        assert str(UNPUBLISHED) in body["message"]
    published = put(platform_admin, {"day": f"{UNPUBLISHED}-01-01", "is_working_day": False,
                                     "note": f"{UNPUBLISHED} 国务院办公厅通知"})
    assert published.status_code == 200, published.get_json()
    response = tenant_a.admin.get(f"{WORKING_DAYS}?start={monday}&days=5&kind=working")
    assert response.status_code == 200
    # Published on a Monday (not counted): Tuesday to Friday, then the next Monday.
    assert response.get_json()["end"] == (first(0, UNPUBLISHED) + dt.timedelta(days=7)).isoformat()
    assert tenant_a.admin.get(f"/api/v1/calendar/days/{monday}").get_json()["source"] == "weekdays"


def test_central_admin_sets_lists_and_deletes_overrides(platform_admin, mqa_runtime):
    response = put(platform_admin, {"day": "2024-11-05", "is_working_day": False, "note": "test 放假"},
                   {"day": "2024-10-01", "is_working_day": True, "note": "test 上班"})
    assert response.status_code == 200, response.get_json()
    assert [(o["day"], o["is_working_day"]) for o in response.get_json()] == [("2024-10-01", True),
                                                                              ("2024-11-05", False)]
    listed = items(platform_admin.get(OVERRIDES))
    assert [o["day"] for o in listed] == ["2024-10-01", "2024-11-05"]
    assert listed[0]["note"] == "test 上班" and listed[0]["created_by_id"] is not None
    assert items(platform_admin.get(f"{OVERRIDES}?year=2024")) == listed
    assert items(platform_admin.get(f"{OVERRIDES}?year=2025")) == []
    first_page = platform_admin.get(f"{OVERRIDES}?limit=1").get_json()
    assert [o["day"] for o in first_page["items"]] == ["2024-10-01"]
    second = platform_admin.get(f"{OVERRIDES}?limit=1&cursor={first_page['next_cursor']}").get_json()
    assert [o["day"] for o in second["items"]] == ["2024-11-05"] and second["next_cursor"] is None
    day = platform_admin.get("/api/v1/calendar/days/2024-11-05").get_json()
    assert (day["is_working_day"], day["source"], day["note"]) == (False, "override", "test 放假")
    # Published Friday 1 Nov: 4 Nov, (5 Nov now off), 6, 7, 8, 11 Nov.
    assert platform_admin.get(f"{WORKING_DAYS}?start=2024-11-01&days=5&kind=working").get_json()["end"] == \
        "2024-11-11"

    events = audit_events(mqa_runtime)
    assert len(events) == 1 and events[0].actor_username == "central" and events[0].tenant_id is None
    assert [c["day"] for c in events[0].details["set"]] == ["2024-10-01", "2024-11-05"]

    deleted = platform_admin.request("DELETE", f"{OVERRIDES}/2024-11-05")
    assert deleted.status_code == 204
    assert [o["day"] for o in items(platform_admin.get(OVERRIDES))] == ["2024-10-01"]
    again = platform_admin.request("DELETE", f"{OVERRIDES}/2024-11-05")
    assert again.status_code == 404 and again.get_json()["code"] == "not_found"
    assert audit_events(mqa_runtime)[-1].details["deleted"]["day"] == "2024-11-05"


def test_tenant_users_cannot_change_or_list_overrides(platform_admin, tenant_a, mqa_runtime):
    assert put(platform_admin, {"day": "2024-11-05", "is_working_day": False, "note": "test"}).status_code == 200
    for role, client in tenant_a.tokens.items():
        for response in [put(client, {"day": "2024-11-06", "is_working_day": False, "note": "x"}),
                         client.request("DELETE", f"{OVERRIDES}/2024-11-05"), client.get(OVERRIDES)]:
            assert response.status_code == 403, role
            assert response.get_json()["code"] == "permission_denied"
    assert [o["day"] for o in items(platform_admin.get(OVERRIDES))] == ["2024-11-05"]
    assert len(audit_events(mqa_runtime)) == 1


GOOD = {"day": "2024-11-05", "is_working_day": False, "note": "test"}


@pytest.mark.parametrize("body, field", [
    ({"days": [{**GOOD, "day": "2024-02-30"}]}, "days.0.day"),
    ({"days": [{**GOOD, "day": "1999-12-31"}]}, "days.0.day"),
    ({"days": [{**GOOD, "is_working_day": "maybe"}]}, "days.0.is_working_day"),
    ({"days": [{"day": "2024-11-05", "is_working_day": False}]}, "days.0.note"),
    ({"days": [{**GOOD, "note": ""}]}, "days.0.note"),
    ({"days": [{**GOOD, "colour": "red"}]}, "days.0.colour"),
    ({"days": [GOOD, {**GOOD, "is_working_day": True}]}, "days"),
    ({"days": []}, "days"),
    ({}, "days"),
    ({"days": [GOOD], "colour": "red"}, "colour"),
])
def test_bad_override_input_names_the_field_and_changes_nothing(platform_admin, mqa_runtime, body, field):
    response = platform_admin.request("PUT", OVERRIDES, json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]
    assert items(platform_admin.get(OVERRIDES)) == []
    assert audit_events(mqa_runtime) == []


@pytest.mark.parametrize("query, field", [
    ("start=2024-02-30&days=5&kind=working", "start"),
    ("start=yesterday&days=5&kind=working", "start"),
    ("start=2024-09-27&days=0&kind=working", "days"),
    ("start=2024-09-27&days=5&kind=weeks", "kind"),
    ("start=2024-09-27&days=5", "kind"),
    ("start=2024-09-27&days=5&kind=working&tenant=city-b", "tenant"),
])
def test_bad_period_queries_name_the_field(tenant_a, query, field):
    response = tenant_a.admin.get(f"{WORKING_DAYS}?{query}")
    assert response.status_code == 422 and field in response.get_json()["errors"]


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/v1/calendar/days/2024-13-01"), ("GET", "/api/v1/calendar/days/today"),
    ("DELETE", f"{OVERRIDES}/2024-02-30"), ("DELETE", f"{OVERRIDES}/1800-01-01"),
    ("GET", f"{OVERRIDES}?year=19999"),
])
def test_bad_dates_in_paths_are_422_naming_the_field(platform_admin, method, path):
    response = platform_admin.request(method, path)
    assert response.status_code == 422, response.get_json()
    assert set(response.get_json()["errors"]) == {"year" if "year" in path else "day"}
