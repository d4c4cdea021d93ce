"""Keyset paging: every list pages by cursor, walks each row once, is served by an index, loads what it shows."""
from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Iterator

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from core.errors import InvalidInput
from core.platform.models import AuditEvent, CalendarOverride, Role, Tenant, TenantStatus, User
from core.platform.paging import MAX_LIMIT, decode_cursor, encode_cursor, keyset_page
from core.platform.services import calendar as calendar_service
from core.platform.services import tenants as tenant_service
from core.platform.services import users as user_service
from core.platform.tenancy import Scope, scoped
from tests.walk import items

USERS = "/api/v1/users"


@contextlib.contextmanager
def statements(engine) -> Iterator[list[tuple[str, object]]]:
    """The SQL sent to the database inside the block, with its parameters."""
    seen: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):  # noqa: ANN001
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", capture)


# -- cursors -------------------------------------------------------------------------------------

def test_a_cursor_round_trips_typed_by_its_columns():
    at = dt.datetime(2026, 11, 25, 8, 30, tzinfo=dt.timezone.utc)
    assert decode_cursor(encode_cursor([at, 7]), [AuditEvent.at, AuditEvent.id]) == (at, 7)
    # Plain column types (no TypeDecorator) are typed too: a date comes back a date, not a string.
    assert decode_cursor(encode_cursor([dt.date(2024, 11, 5)]), [CalendarOverride.day]) == (dt.date(2024, 11, 5),)
    assert decode_cursor(encode_cursor([3]), [User.id]) == (3,)


@pytest.mark.parametrize("cursor", [
    "not base64 at all!", "W10", encode_cursor([1, 2]), encode_cursor(["3"]), encode_cursor([True]),
    encode_cursor([2**63]), encode_cursor([None]), encode_cursor([1.5]), "Ｗ" * 4, "A" * 600,
])
def test_a_cursor_of_the_wrong_shape_or_type_is_refused_by_name(cursor):
    with pytest.raises(InvalidInput) as caught:
        decode_cursor(cursor, [User.id])
    assert set(caught.value.fields) == {"cursor"}


@pytest.mark.parametrize("cursor", [encode_cursor(["2024-11-05T10:00:00"]), encode_cursor([20241105])])
def test_a_date_cursor_must_be_a_date(cursor):
    with pytest.raises(InvalidInput):
        decode_cursor(cursor, [CalendarOverride.day])


def test_a_naive_datetime_cursor_is_refused():
    with pytest.raises(InvalidInput):
        decode_cursor(encode_cursor(["2026-11-25T08:30:00"]), [AuditEvent.at])


@pytest.mark.parametrize("limit", [0, MAX_LIMIT + 1, -1])
def test_the_core_refuses_a_limit_out_of_range(mqa_runtime, limit):
    with mqa_runtime.session() as session, scoped(session, Scope.platform()):
        with pytest.raises(InvalidInput) as caught:
            keyset_page(session, select(Tenant), [Tenant.id], limit=limit)
    assert set(caught.value.fields) == {"limit"}


# -- walking pages -------------------------------------------------------------------------------

def test_pages_walk_every_user_once_in_order_while_users_are_added(mqa_factory, tenant_a):
    admin = tenant_a.admin
    for n in range(5):
        mqa_factory.user(tenant_a.tenant, Role.EXPERT, f"early-{n}")
    with mqa_factory.runtime.session() as session, scoped(session, Scope.tenant(tenant_a.tenant.id)):
        before = set(session.scalars(select(User.id)))
    seen: list[int] = []
    cursor, pages, added = None, 0, 0
    while True:
        response = admin.get(f"{USERS}?limit=3" + (f"&cursor={cursor}" if cursor else ""))
        page = response.get_json()
        assert len(page["items"]) <= 3
        seen += [u["id"] for u in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
        mqa_factory.user(tenant_a.tenant, Role.EXPERT, f"late-{added}")  # lands after the cursor (a larger id)
        added += 1
        assert pages < 50
    assert seen == sorted(seen) and len(seen) == len(set(seen))
    assert before <= set(seen)
    assert len(seen) == len(before) + added  # every row added meanwhile was walked too, once
    assert pages >= 4


def test_a_filtered_list_pages_within_its_filter(mqa_factory, tenant_a):
    for n in range(4):
        mqa_factory.user(tenant_a.tenant, Role.EXPERT, f"expert-{n}")
    first = tenant_a.admin.get(f"{USERS}?role=expert&limit=2").get_json()
    second = tenant_a.admin.get(f"{USERS}?role=expert&limit=2&cursor={first['next_cursor']}").get_json()
    third = tenant_a.admin.get(f"{USERS}?role=expert&limit=2&cursor={second['next_cursor']}").get_json()
    rows = first["items"] + second["items"] + third["items"]
    assert [u["role"] for u in rows] == ["expert"] * 5 and third["next_cursor"] is None


def test_the_last_page_has_no_cursor_and_an_empty_list_is_a_page(platform_admin, tenant_a):
    everyone = tenant_a.admin.get(f"{USERS}?limit={MAX_LIMIT}").get_json()
    assert everyone["next_cursor"] is None and len(everyone["items"]) == len(Role.tenant_roles())
    exact = tenant_a.admin.get(f"{USERS}?limit={len(Role.tenant_roles())}").get_json()
    assert exact["next_cursor"] is None  # no promise of a page that would be empty
    assert platform_admin.get("/api/v1/calendar/overrides").get_json() == {"items": [], "next_cursor": None}


def test_tenants_page_by_id(mqa_factory, platform_admin):
    made = [mqa_factory.tenant(f"office-{n}").id for n in range(5)]
    with mqa_factory.runtime.session() as session:
        tenant_service.suspend_tenant(session, None, made[1], reason="audit", now=dt.datetime.now(dt.timezone.utc))
    walked, cursor = [], None
    while True:
        page = platform_admin.get("/api/v1/admin/tenants?limit=2" + (f"&cursor={cursor}" if cursor else "")).get_json()
        walked += [t["id"] for t in page["items"]]
        if (cursor := page["next_cursor"]) is None:
            break
    assert walked == made
    assert [t["id"] for t in items(platform_admin.get("/api/v1/admin/tenants?status=suspended&limit=1"))] == [made[1]]


def test_calendar_overrides_page_by_day(mqa_runtime):
    days = [dt.date(2024, 11, d) for d in (9, 5, 7)]
    with mqa_runtime.session() as session:
        calendar_service.set_overrides(session, None, [{"day": d, "is_working_day": False, "note": "t"} for d in days])
        with scoped(session, Scope.platform()):
            first = calendar_service.overrides_page(session, limit=2)
            second = calendar_service.overrides_page(session, limit=2, cursor=first.next_cursor)
    assert [o.day for o in first.items + second.items] == sorted(days) and second.next_cursor is None


# -- bad input -----------------------------------------------------------------------------------

@pytest.mark.parametrize("query, field", [
    ("limit=0", "limit"), (f"limit={MAX_LIMIT + 1}", "limit"), ("limit=1000", "limit"), ("limit=abc", "limit"),
    ("limit=2.5", "limit"), ("limit=%EF%BC%98", "limit"), ("cursor=not-a-cursor", "cursor"),
    (f"cursor={encode_cursor(['x'])}", "cursor"), ("cursor=", "cursor"), ("cursor=" + "A" * 600, "cursor"),
    ("offset=10", "offset"), (f"cursor={encode_cursor([2**40])}", "cursor"), (f"cursor={encode_cursor([2**31])}", "cursor"),
])
@pytest.mark.parametrize("path", [USERS, "/api/v1/admin/tenants", "/api/v1/calendar/overrides"])
def test_a_bad_limit_or_cursor_is_422_naming_it(platform_admin, tenant_a, path, query, field):
    client = tenant_a.admin if path == USERS else platform_admin
    response = client.get(f"{path}?{query}")
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"], response.get_json()


@pytest.mark.parametrize("key", [[2**40], [2**31], ["0001-01-01T00:00:00+01:00", "x"],
                                 ["9999-12-31T23:59:59-01:00", "x"], [float("nan")], [[1]]])
@pytest.mark.parametrize("path", [USERS, "/api/v1/audit-events", "/api/v1/jobs"])
def test_a_forged_cursor_out_of_any_column_range_is_422_not_500(tenant_a, path, key):
    response = tenant_a.admin.get(f"{path}?cursor={encode_cursor(key)}")
    assert response.status_code == 422 and "cursor" in response.get_json()["errors"], response.get_json()


# -- what a page costs ---------------------------------------------------------------------------

def test_a_user_page_selects_only_what_it_shows_without_offset_or_join(mqa_runtime, mqa_factory, tenant_a):
    for n in range(4):
        mqa_factory.user(tenant_a.tenant, Role.EXPERT, f"expert-{n}")
    cursor = tenant_a.admin.get(f"{USERS}?limit=2").get_json()["next_cursor"]
    for query in [f"limit=2&cursor={cursor}", "role=expert&limit=2", "active=true"]:
        with statements(mqa_runtime.engine) as seen:
            response = tenant_a.admin.get(f"{USERS}?{query}")
        assert response.status_code == 200 and response.get_json()["items"]
        sent = [s for s, _ in seen]
        listing = [(s, p) for s, p in seen if re.search(r"\bFROM users\b", s) and "auth_tokens" not in s]
        assert len(listing) == 1, sent
        sql, parameters = listing[0][0].lower(), listing[0][1]
        assert "password_hash" not in sql and "join" not in sql, sql
        # SQLite always writes "LIMIT ? OFFSET ?"; the offset must then be 0 (PostgreSQL writes none).
        assert "offset" not in sql or (sql.rstrip().endswith("offset ?") and parameters[-1] == 0), (sql, parameters)
        after = sent[sent.index(listing[0][0]) + 1:]
        assert not any(re.search(r"\bFROM tenants\b", s) for s in after), "a tenant was loaded per listed user"


def test_a_listed_user_never_carries_its_password_hash(mqa_runtime, tenant_a):
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_a.tenant.id)):
        page = user_service.users_page(session, limit=10)
        assert page.items
        from sqlalchemy.exc import InvalidRequestError

        with pytest.raises(InvalidRequestError):
            page.items[0].password_hash  # noqa: B018 - raiseload: not loaded, and not loadable by accident


# -- indexes -------------------------------------------------------------------------------------

def _plan(session: Session, statement: str, parameters: object) -> str:
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE")
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # tiny test tables: make the index choice visible
        rows = conn.exec_driver_sql("EXPLAIN " + statement, parameters).all()
    else:
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    return "\n".join(" ".join(str(c) for c in row) for row in rows)


def _page_sql(runtime, scope: Scope, run) -> tuple[str, object]:  # noqa: ANN001
    with runtime.session() as session, scoped(session, scope), statements(runtime.engine) as seen:
        run(session)
    return seen[-1]


@pytest.mark.parametrize("filters, index", [
    # a filter's own index, or the unique (tenant_id, id) scanned in order with the filter, which the
    # planners choose on a table this small: a range scan without a sort either way
    ({}, "uq_users_tenant_id_id"), ({"role": Role.EXPERT}, ("ix_users_tenant_id_role_id", "uq_users_tenant_id_id")),
    ({"active": False}, ("ix_users_tenant_id_id_inactive", "uq_users_tenant_id_id")),
])
def test_each_user_list_is_an_index_range_scan_without_a_sort(mqa_runtime, tenant_a, filters, index):
    cursor = encode_cursor([1])
    statement, parameters = _page_sql(mqa_runtime, Scope.tenant(tenant_a.tenant.id), lambda s: user_service.users_page(
        s, limit=2, cursor=cursor, **filters))
    with mqa_runtime.session() as session:
        plan = _plan(session, statement, parameters)
    assert any(name in plan for name in ((index,) if isinstance(index, str) else index)), plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("filters, index", [
    ({}, "pk_tenants"), ({"status": TenantStatus.SUSPENDED}, "ix_tenants_status_id"),
    ({"jurisdiction": "nantong"}, "ix_tenants_jurisdiction_code_id"),
])
def test_each_tenant_list_is_an_index_range_scan_without_a_sort(mqa_runtime, filters, index):
    statement, parameters = _page_sql(mqa_runtime, Scope.platform(), lambda s: tenant_service.tenants_page(
        s, limit=2, cursor=encode_cursor([1]), **filters))
    with mqa_runtime.session() as session:
        plan = _plan(session, statement, parameters)
    if mqa_runtime.engine.dialect.name == "sqlite" and index == "pk_tenants":
        index = "INTEGER PRIMARY KEY"  # SQLite's rowid
    assert index in plan, plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan


def test_the_override_list_is_an_index_range_scan_without_a_sort(mqa_runtime):
    statement, parameters = _page_sql(mqa_runtime, Scope.platform(), lambda s: calendar_service.overrides_page(
        s, year=2024, limit=2, cursor=encode_cursor(["2024-03-01"])))
    with mqa_runtime.session() as session:
        plan = _plan(session, statement, parameters)
    assert "uq_calendar_overrides_day" in plan or "sqlite_autoindex_calendar_overrides" in plan, plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("lister, indexes", [
    ("experts", ("pk_experts", "sqlite_autoindex_experts_1", "ix_experts_tenant_id_status_id")),
    ("panels", ("ix_panels_tenant_id_cycle_id_id", "ix_panels_tenant_id_cycle_id_stage_id")),
    ("sheets", ("ix_score_sheets_tenant_id_panel_id_id",)),
    ("decisions", ("ix_committee_decisions_tenant_id_cycle_id_id",)),
])
def test_each_review_list_is_an_index_range_scan_without_a_sort(mqa_runtime, tenant_a, lister, indexes):
    from core.platform.permissions import Principal
    from core.review import experts, panels, ranking, scores
    from core.review.models import Panel
    from tests.lifecycle import make_cycle

    tenant_id = tenant_a.tenant.id
    cycle = make_cycle(mqa_runtime, tenant_id, version_code="2023", stage="materials_review")
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        panel = Panel(cycle_id=cycle, stage="materials_review", name="组", seats=3)
        session.add(panel)
        session.commit()
        panel_id = panel.id
    office = Principal(tenant_a.user_ids[Role.OFFICE_ADMIN], "office", Role.OFFICE_ADMIN, tenant_id, "city-a")
    cursor = encode_cursor([1])
    run = {"experts": lambda s: experts.experts_page(s, limit=2, cursor=cursor),
           "panels": lambda s: panels.panels_page(s, office, cycle, limit=2, cursor=cursor),
           "sheets": lambda s: scores.sheets_page(s, office, panel_id, limit=2, cursor=cursor),
           "decisions": lambda s: ranking.decisions_page(s, cycle, limit=2, cursor=cursor)}[lister]
    statement, parameters = _page_sql(mqa_runtime, Scope.tenant(tenant_id), run)
    with mqa_runtime.session() as session:
        plan = _plan(session, statement, parameters)
    assert any(name in plan for name in indexes), plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("lister, indexes", [
    ("notices", ("pk_notices", "sqlite_autoindex_notices_1")),
    ("cycle_notices", ("ix_notices_tenant_id_cycle_id_id",)),
    ("objections", ("ix_objections_tenant_id_notice_id_id",)),
    ("obligations", ("ix_obligations_tenant_id_due_on_id",)),
    ("reminders", ("pk_reminders", "sqlite_autoindex_reminders_1")),
    ("inbox", ("ix_notifications_tenant_id_user_id_id",)),
    ("cycle_awards", ("ix_ledger_awards_tenant_id_cycle_id_id",)),
])
def test_each_list_after_the_review_is_an_index_range_scan_without_a_sort(mqa_runtime, tenant_a, lister, indexes):
    import datetime as dt

    from core.awards import approvals, obligations
    from core.notices import services as notices
    from core.notices.models import Notice
    from core.platform import notifications
    from tests.lifecycle import make_cycle

    tenant_id = tenant_a.tenant.id
    cycle = make_cycle(mqa_runtime, tenant_id, version_code="2023", stage="approval_notice")
    with mqa_runtime.session() as session, scoped(session, Scope.tenant(tenant_id)):
        day = dt.date(2026, 1, 5)
        notice = Notice(cycle_id=cycle, stage="approval_notice", kind="candidate", title="公示", citation={},
                        min_days=10, working_days=False, starts_on=day, ends_on=day, earliest_end=day)
        session.add(notice)
        session.commit()
        notice_id = notice.id
    cursor = encode_cursor([1])
    user = tenant_a.user_ids[Role.OFFICE_ADMIN]
    run = {"notices": lambda s: notices.notices_page(s, limit=2, cursor=cursor),
           "cycle_notices": lambda s: notices.notices_page(s, cycle_id=cycle, limit=2, cursor=cursor),
           "objections": lambda s: notices.objections_page(s, notice_id=notice_id, limit=2, cursor=cursor),
           "obligations": lambda s: obligations.obligations_page(s, limit=2,
                                                                 cursor=encode_cursor([dt.date(2026, 1, 1), 1])),
           "reminders": lambda s: obligations.reminders_page(s, limit=2, cursor=cursor),
           "inbox": lambda s: notifications.inbox_page(s, user, limit=2, cursor=cursor),
           "cycle_awards": lambda s: approvals.cycle_awards_page(s, cycle_id=cycle, limit=2, cursor=cursor)}[lister]
    statement, parameters = _page_sql(mqa_runtime, Scope.tenant(tenant_id), run)
    with mqa_runtime.session() as session:
        plan = _plan(session, statement, parameters)
    assert any(name in plan for name in indexes), plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan
