"""One award cycle's ranking at volume: N applications x E experts x 3 review stages x 7 categories on
PostgreSQL (issue: "rank and allocate a cycle of 10,000 applications ... aim for at most 1.5x the raw SQL").

Everything is measured in this one process. The application is driven through its own stack
(``create_app`` on a Runtime that connects as a member of the application role ``mqa_app``, so
row-level security is on), by Flask's test client as the office admin: no HTTP server, no network.
The anchor runs in the same process on the same database, as the same role behind the same row-level
security, and the two alternate run by run, so both see the same machine load:

A. Ranking: ``GET /api/v1/cycles/<id>/ranking`` (every review stage's aggregate from the counted sheets,
   the weighted totals, the documented tie-breaks, the quota allocation), median of ``--repeat`` runs.
   Checked: every application ranked, none incomplete, the allocation has winners, and every total
   equals the anchor's.
Anchor. One hand-written SQL statement over the same score rows: per application and stage the mean
   of ``score::numeric`` over the submitted sheets of confirmed members (rounded to 4 places as the
   application rounds a stage score), the weighted total with the plugin's stage weights (Nantong
   2023: 0.2 / 0.7 / 0.1), ``ORDER BY total DESC, application_id``, every row fetched (psycopg).
   Median of ``--repeat`` runs.

Printed: N, the sheets, both medians, the ratio application/anchor and ``MISSED: aim 1.5x`` when the
ratio is above the aim. ``--profile`` adds a cProfile (top 15 by cumulative time) of one more ranking
request and its SQL statements by kind.

Set-up is not measured: a Nantong tenant pinned to 2023, its office admin (through the services, one
login through the API), a cycle pinned to 2023 at ``presentation`` (as ``tests.lifecycle.make_cycle``
makes one), then in bulk with COPY as the database owner: N applicant users, applicants and accepted
applications (facts ``{}``: the review does not re-validate them; ``submitted_at`` set), E experts, one
panel per 50 applications at each review stage with the E experts seated and confirmed, and
N x E x 3 submitted sheets of 7 items each (GB/T 19580-2012's categories, random within each item's
points, deterministic with ``--seed``; ``score`` the sum as decimal text). The office sets
``review_aggregation`` = ``mean`` through ``PUT /api/v1/tenant/settings/review_aggregation``.

The database is a scratch one: its ``public`` schema is dropped. Exit status 0 unless a request or a
check fails (a missed aim is reported, not an error).
Run: ``.venv/bin/python benchmarks/review_volume.py [--applications N] [--experts E] [--repeat R]
[--seed S] [--database-url URL] [--profile]``.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

import psycopg
from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from request_cost import app_role_url, pg, reset_database, sa, server_env  # noqa: E402

API = "/api/v1"
TENANT = "bench-review"
PASSWORD = "benchmark-password-1"
VERSION = "2023"
PANEL_SIZE = 50  # applications per panel
AIM = 1.5  # the ranking may take at most this many times the raw SQL aggregate
OWN_CODE = r"/(core|api|plugins)/"  # what --profile's first list keeps (the project's code, not its libraries)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_review_db"),
        help="the scratch database's owner (created if missing, its public schema dropped); "
             "default: $BENCH_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/bench_review_db")
    parser.add_argument("--applications", type=int, default=10_000, help="accepted organisations' applications")
    parser.add_argument("--experts", type=int, default=5, help="experts on every panel (each scores every application)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of the ranking and of the anchor (median)")
    parser.add_argument("--seed", type=int, default=20261206, help="seed of the item scores")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile one more ranking request (top 15 by cumulative time)")
    args = parser.parse_args(argv)
    if args.applications < 1 or args.experts < 1 or args.repeat < 1:
        parser.error("--applications, --experts and --repeat are at least 1")
    return args


# -- scores -----------------------------------------------------------------------------------------

def decimal_text(cents: int) -> str:
    """Hundredths as decimal text with no trailing zeros: 12345 -> "123.45", 12340 -> "123.4", 12300 -> "123"."""
    whole, frac = divmod(cents, 100)
    if frac == 0:
        return str(whole)
    return f"{whole}.{frac // 10}" if frac % 10 == 0 else f"{whole}.{frac:02d}"


def sheet_items(rng: random.Random, items: tuple[tuple[str, int], ...], level: float) -> tuple[dict[str, str], str]:
    """One expert's items for an application of quality ``level`` (0..1): each item within its points,
    in steps of 0.01 (most of them 0.5); the score is their exact sum as decimal text."""
    values, total = {}, 0
    for code, points in items:
        share = min(1.0, max(0.0, level + rng.gauss(0, 0.06)))
        cents = round(points * 100 * share)
        if rng.random() < 0.7:
            cents -= cents % 50  # experts mostly score in halves
        values[code] = decimal_text(cents)
        total += cents
    return values, decimal_text(total)


# -- set-up (not measured) ----------------------------------------------------------------------------

class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.owner = args.database_url
        self.tmp = Path(tempfile.mkdtemp(prefix="mqa-bench-review-"))
        self.runtime: Any = None
        self.client: Any = None
        self.app_url = ""
        self.tenant_id = 0
        self.cycle_id = 0
        self.admin: dict[str, str] = {}
        self.stages: tuple[str, ...] = ()
        self.weights: dict[str, Decimal] = {}
        self.items: tuple[tuple[str, int], ...] = ()
        self.application_ids: list[int] = []
        self.sheets = 0
        self.panels = 0

    def build(self) -> None:
        from api.app import create_app
        from core.platform import migrate
        from core.platform.config import Settings
        from core.platform.runtime import Runtime

        reset_database(self.owner)
        migrate.upgrade(sa(self.owner))
        self.app_url = app_role_url(self.owner)
        env = server_env()
        env.update(DATABASE_URL=sa(self.app_url), MQA_INSTANCE_PATH=str(self.tmp / "instance"),
                   MQA_OWNER_DATABASE_URL=sa(self.owner))
        os.environ.pop("REDIS_URL", None)
        self.runtime = Runtime.build(Settings.from_env(env))
        self.client = create_app(runtime=self.runtime).test_client()

    def call(self, method: str, path: str, expect: int, headers: dict[str, str] | None = None,
             body: Any = None) -> Any:
        response = self.client.open(path, method=method, json=body, headers=headers or {})
        if response.status_code != expect:
            raise SystemExit(f"{method} {path}: {response.status_code} (expected {expect}) "
                             f"{response.get_data(as_text=True)[:800]}")
        return response

    def tenant_and_cycle(self) -> None:
        from core.cycles.plans import get_cycle, plan_of, rules_of
        from core.platform import clock
        from core.platform.models import Role
        from core.platform.services import tenants as tenant_service
        from core.platform.services import users as user_service
        from core.platform.tenancy import Scope, scoped
        from core.review.scores import sheet_for
        from tests.lifecycle import make_cycle

        with self.runtime.session() as session:
            tenant = tenant_service.create_tenant(session, self.runtime.registry, None, code=TENANT, name="南通市质量办",
                                                  jurisdiction="nantong", rule_version=VERSION, today=clock.today())
            self.tenant_id = tenant.id
        with self.runtime.session() as session, scoped(session, Scope.tenant(self.tenant_id)):
            user_service.create_user(session, None, username="admin", password=PASSWORD, role=Role.OFFICE_ADMIN,
                                     tenant_id=self.tenant_id)
        token = self.call("POST", f"{API}/auth/login", 200, None,
                          {"username": "admin", "password": PASSWORD, "tenant": TENANT}).get_json()["access_token"]
        self.admin = {"Authorization": f"Bearer {token}"}
        self.cycle_id = make_cycle(self.runtime, self.tenant_id, version_code=VERSION, stage="presentation")
        registry = self.runtime.registry
        with self.runtime.session() as session, scoped(session, Scope.tenant(self.tenant_id)):
            cycle = get_cycle(session, self.cycle_id)
            rules, version = rules_of(registry, cycle)
            weights = rules.stage_weights(version, "organization", {})
            self.weights = {w.stage: Decimal(w.weight) for w in weights.weights}
            reviews = plan_of(registry, cycle).stages_of_kind("review")
            self.stages = tuple(s for s in reviews if s in self.weights)
            sheets = {stage: sheet_for(session, registry, cycle, stage, "organization") for stage in self.stages}
            self.tier = cycle.tiers[0]
        layouts = {tuple((i.code, int(i.max_points)) for i in sheet.items) for sheet in sheets.values()}
        if len(layouts) != 1:
            raise SystemExit(f"expected one sheet layout at every stage, got {layouts}")
        self.items = layouts.pop()
        # the office's choice of how sheets combine (Nantong's text is silent): through the API
        self.call("PUT", f"{API}/tenant/settings/review_aggregation", 200, {**self.admin, "If-Match": '"0"'},
                  {"value": "mean"})

    def seed(self) -> None:
        """Applicants, accepted applications, experts, panels, members and submitted sheets, with COPY as the owner."""
        from core.applications.models import Applicant, Application
        from core.platform import security
        from core.platform.models import User
        from core.review.models import Expert, Panel, PanelApplication, PanelMember, ScoreSheetRow

        n, e = self.args.applications, self.args.experts
        rng = random.Random(self.args.seed)
        now = dt.datetime.now(dt.timezone.utc)
        shared_hash = security.hash_password(PASSWORD)
        t = self.tenant_id
        with psycopg.connect(pg(self.owner)) as conn:
            copy(conn, User, ({"tenant_id": t, "username": f"app{i:05d}", "display_name": f"申报单位 {i:05d}",
                               "role": "applicant", "password_hash": shared_hash} for i in range(n)))
            user_ids = [row[0] for row in conn.execute(
                "SELECT id FROM users WHERE tenant_id = %s AND role = 'applicant' ORDER BY username", (t,))]
            applicant_ids = ids(conn, "applicants", n)
            copy(conn, Applicant, ({"tenant_id": t, "id": a, "user_id": u, "kind": "organization",
                                    "name": f"南通示范制造{i:05d}有限公司", "status": "approved", "origin": "invited"}
                                   for i, (a, u) in enumerate(zip(applicant_ids, user_ids))))
            self.application_ids = ids(conn, "applications", n)
            opened = now - dt.timedelta(days=90)
            copy(conn, Application, ({"tenant_id": t, "id": a, "cycle_id": self.cycle_id, "applicant_id": p,
                                      "entry_kind": "organization", "tiers": [self.tier], "status": "accepted",
                                      "facts": {}, "facts_number": 1,
                                      "submitted_at": opened + dt.timedelta(seconds=rng.randrange(30 * 86400))}
                                     for a, p in zip(self.application_ids, applicant_ids)))
            expert_ids = ids(conn, "experts", e)
            copy(conn, Expert, ({"tenant_id": t, "id": x, "name": f"专家{k}", "title": "senior",
                                 "title_name": "正高级工程师", "specialties": ["C"], "status": "active"}
                                for k, x in enumerate(expert_ids)))
            groups = [self.application_ids[i:i + PANEL_SIZE] for i in range(0, n, PANEL_SIZE)]
            panel_ids = ids(conn, "panels", len(groups) * len(self.stages))
            panel_of: dict[tuple[str, int], int] = {}  # (stage, group) -> panel
            panels, listed, members = [], [], []
            member_ids = ids(conn, "panel_members", len(panel_ids) * e)
            next_member = iter(member_ids)
            for s, stage in enumerate(self.stages):
                for g, group in enumerate(groups):
                    panel = panel_ids[s * len(groups) + g]
                    panel_of[stage, g] = panel
                    panels.append({"tenant_id": t, "id": panel, "cycle_id": self.cycle_id, "stage": stage,
                                   "name": f"{stage} 第{g + 1}组", "seats": e, "leader_id": expert_ids[0],
                                   "status": "ready"})
                    listed.extend({"tenant_id": t, "panel_id": panel, "application_id": a} for a in group)
                    members.extend({"tenant_id": t, "id": next(next_member), "panel_id": panel, "expert_id": x,
                                    "status": "confirmed", "responded_at": now} for x in expert_ids)
            copy(conn, Panel, panels)
            copy(conn, PanelApplication, listed)
            copy(conn, PanelMember, members)
            self.panels = len(panels)
            self.sheets = n * e * len(self.stages)
            sheet_ids = iter(ids(conn, "score_sheets", self.sheets))
            levels = {a: rng.uniform(0.45, 0.92) for a in self.application_ids}

            def sheets() -> Iterable[dict[str, Any]]:
                for s, stage in enumerate(self.stages):
                    for g, group in enumerate(groups):
                        for a in group:
                            for x in expert_ids:
                                items, score = sheet_items(rng, self.items, levels[a])
                                yield {"tenant_id": t, "id": next(sheet_ids), "cycle_id": self.cycle_id,
                                       "stage": stage, "panel_id": panel_of[stage, g], "application_id": a,
                                       "expert_id": x, "items": items, "score": score, "status": "submitted",
                                       "submitted_at": now}
            copy(conn, ScoreSheetRow, sheets())
            conn.commit()
            for table in ("users", "applicants", "applications", "experts", "panels", "panel_applications",
                          "panel_members", "score_sheets"):
                conn.execute(f"ANALYZE {table}")
            conn.commit()

    def close(self) -> None:
        if self.runtime is not None:
            self.runtime.close()


def ids(conn: psycopg.Connection, table: str, count: int) -> list[int]:
    """``count`` new ids of a ``(tenant_id, id)`` table from its sequence, as the application numbers rows."""
    return [row[0] for row in conn.execute(f"SELECT nextval('{table}_id_seq') FROM generate_series(1, %s)", (count,))]


def copy(conn: psycopg.Connection, model: Any, rows: Iterable[dict[str, Any]]) -> int:
    """COPY ``rows`` into ``model``'s table: the columns the rows give, plus every column with a Python-side
    default (evaluated once; a serial or server default is left to the database). JSON as text."""
    table = model.__table__
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    given = list(first)
    defaults: dict[str, Any] = {}
    for column in table.columns:
        if column.name in first or column.default is None:
            continue
        default = column.default
        defaults[column.name] = default.arg(None) if default.is_callable else default.arg
    names = given + list(defaults)
    json_columns = {c.name for c in table.columns if c.type.__class__.__name__ == "JSON"}

    def line(row: dict[str, Any]) -> list[Any]:
        out = []
        for name in names:
            value = row[name] if name in row else defaults[name]
            if name in json_columns:
                value = json.dumps(value, ensure_ascii=False)
            elif hasattr(value, "value") and not isinstance(value, (int, str)):
                value = value.value
            out.append(value)
        return out

    count = 0
    with conn.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as writer:
        for row in _chain(first, rows):
            writer.write_row(line(row))
            count += 1
    return count


def _chain(first: dict[str, Any], rest: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    yield first
    yield from rest


# -- measure: the ranking through the application -------------------------------------------------------

class Statements:
    """SQL statements the runtime's engine sends, and the time between sending each and its answer."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.kinds: Counter[str] = Counter()
        self.seconds = 0.0
        self._began = 0.0

    def __enter__(self) -> "Statements":
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *_exc: Any) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        words = statement.split()
        kind = " ".join(words[:1]).upper()
        if kind == "SELECT" and "FROM" in (w.upper() for w in words):
            upper = [w.upper() for w in words]
            kind = f"SELECT FROM {words[upper.index('FROM') + 1]}"
        self.kinds[kind] += 1
        self._began = time.perf_counter()

    def _after(self, *_args: Any) -> None:
        self.seconds += time.perf_counter() - self._began

    @property
    def count(self) -> int:
        return sum(self.kinds.values())


def rank_once(bench: Bench) -> tuple[float, dict[str, Any]]:
    path = f"{API}/cycles/{bench.cycle_id}/ranking"
    began = time.perf_counter()
    response = bench.client.get(path, headers=bench.admin)
    elapsed = time.perf_counter() - began
    if response.status_code != 200:
        raise SystemExit(f"GET {path}: {response.status_code} {response.get_data(as_text=True)[:800]}")
    return elapsed, response.get_json()


# -- the anchor: one SQL statement --------------------------------------------------------------------------

def anchor_sql(weights: dict[str, Decimal]) -> str:
    case = " ".join(f"WHEN '{stage}' THEN {weight}" for stage, weight in weights.items())
    stages = ", ".join(f"'{stage}'" for stage in weights)
    return f"""
        WITH stage_scores AS (
            SELECT s.application_id, s.stage, round(avg(s.score::numeric), 4) AS score
              FROM score_sheets s
              JOIN panel_members m ON m.tenant_id = s.tenant_id AND m.panel_id = s.panel_id
                                  AND m.expert_id = s.expert_id
              JOIN applications a ON a.tenant_id = s.tenant_id AND a.id = s.application_id
             WHERE s.cycle_id = %(cycle)s AND s.stage IN ({stages}) AND s.status = 'submitted'
               AND m.status = 'confirmed' AND a.cycle_id = %(cycle)s AND a.status = 'accepted'
             GROUP BY s.application_id, s.stage)
        SELECT application_id, sum(score * CASE stage {case} END) AS total
          FROM stage_scores
         GROUP BY application_id
        HAVING count(*) = {len(weights)}
         ORDER BY total DESC, application_id"""


def anchor_once(conn: psycopg.Connection, bench: Bench, sql: str) -> tuple[float, list[tuple[int, Decimal]]]:
    """The aggregate as the application role, the tenant scope set as the application sets it."""
    from core.platform.tenancy import SET_DATABASE_SCOPE

    began = time.perf_counter()
    with conn.transaction():
        conn.execute(SET_DATABASE_SCOPE, (str(bench.tenant_id), "0"))
        rows = conn.execute(sql, {"cycle": bench.cycle_id}).fetchall()
    return time.perf_counter() - began, rows


# -- checks ----------------------------------------------------------------------------------------------

def check(bench: Bench, answer: dict[str, Any], anchor_rows: list[tuple[int, Decimal]]) -> list[str]:
    """What is wrong with the ranking's answer (empty when nothing): every application ranked once, none
    incomplete, winners allocated, and every total equal to the anchor's."""
    problems = []
    ranked = [r["application_id"] for r in answer["ranked"]]
    if sorted(ranked) != sorted(bench.application_ids):
        problems.append(f"{len(set(ranked))} distinct applications ranked of {len(bench.application_ids)}")
    if answer["incomplete"]:
        problems.append(f"{len(answer['incomplete'])} incomplete, e.g. {answer['incomplete'][0]}")
    winners = sum(len(a["winners"]) for a in answer["allocation"].values())
    if not winners:
        problems.append(f"no winners allocated: {sorted(answer['allocation'])}")
    totals = {r["application_id"]: Decimal(r["total"]) for r in answer["ranked"]}
    anchored = {a: Decimal(t) for a, t in anchor_rows}
    if totals != anchored:
        differ = [a for a in set(totals) | set(anchored) if totals.get(a) != anchored.get(a)]
        problems.append(f"{len(differ)} totals differ from the anchor's, e.g. application {differ[0]}: "
                        f"{totals.get(differ[0])} vs {anchored.get(differ[0])}")
    if [Decimal(r["total"]) for r in answer["ranked"]] != [Decimal(t) for _, t in anchor_rows]:
        problems.append("the ranking's totals are not in the anchor's order")
    return problems


def ties(anchor_rows: list[tuple[int, Decimal]]) -> int:
    """Applications sharing their total with another (the ranking breaks them by its tie-break rule)."""
    counts = Counter(t for _, t in anchor_rows)
    return sum(c for c in counts.values() if c > 1)


# -- the run ------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    started = time.perf_counter()
    n, r = args.applications, args.repeat
    bench = Bench(args)
    try:
        bench.build()
        bench.tenant_and_cycle()
        bench.seed()
        print(f"review volume: {n} applications x {args.experts} experts x {len(bench.stages)} stages x "
              f"{len(bench.items)} categories, seed {args.seed}, database {make_safe(bench.owner)}, the app "
              f"connecting as {_user(bench.app_url)} (row-level security on); {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}")
        weights = " / ".join(f"{stage} {weight}" for stage, weight in bench.weights.items())
        print(f"set-up (not measured): tenant {TENANT} (nantong, pinned {VERSION}), cycle {bench.cycle_id} at "
              f"presentation, {n} accepted applications, {bench.panels} panels of up to {PANEL_SIZE} applications "
              f"with {args.experts} confirmed experts each, {bench.sheets} submitted sheets (COPY), "
              f"review_aggregation mean; weights {weights}; {time.perf_counter() - started:.0f} s")

        sql = anchor_sql(bench.weights)
        app_times: list[float] = []
        anchor_times: list[float] = []
        statements: list[Statements] = []
        answer: dict[str, Any] = {}
        anchor_rows: list[tuple[int, Decimal]] = []
        with psycopg.connect(pg(bench.app_url)) as conn:
            for _ in range(r):  # alternating, so both see the same machine load; no warm-up
                with Statements(bench.runtime.engine) as counted:
                    seconds, answer = rank_once(bench)
                statements.append(counted)
                app_times.append(seconds)
                seconds, anchor_rows = anchor_once(conn, bench, sql)
                anchor_times.append(seconds)
        problems = check(bench, answer, anchor_rows)
        app_ms, anchor_ms = statistics.median(app_times) * 1000, statistics.median(anchor_times) * 1000
        ratio = app_ms / anchor_ms
        last = statements[-1]
        winners = {tier: len(a["winners"]) for tier, a in answer["allocation"].items()}
        print(f"\nranked: {len(answer['ranked'])} of {n} applications ({len(answer['incomplete'])} incomplete, "
              f"{ties(anchor_rows)} in tied totals), winners {winners}, "
              f"{sum(len(a['cuts']) for a in answer['allocation'].values())} cuts")
        print(f"sheets: {bench.sheets} submitted ({n} x {args.experts} x {len(bench.stages)}), "
              f"{bench.sheets * len(bench.items)} item scores")
        print(f"A. GET /cycles/{bench.cycle_id}/ranking: median {app_ms:.1f} ms of {r} "
              f"({', '.join(f'{t * 1000:.0f}' for t in app_times)} ms); {last.count} SQL statements, "
              f"{last.seconds * 1000:.0f} ms waiting on them")
        print(f"anchor, one SQL aggregate (mean per stage, weighted total, ordered, {len(anchor_rows)} rows fetched): "
              f"median {anchor_ms:.1f} ms of {r} ({', '.join(f'{t * 1000:.0f}' for t in anchor_times)} ms)")
        print(f"ratio app/anchor: {ratio:.2f}x (aim at most {AIM}x)")
        if ratio > AIM:
            print(f"MISSED: aim {AIM}x (the ranking takes {ratio:.2f}x the raw SQL)")
        for problem in problems:
            print(f"CHECK FAILED: {problem}")
        if not problems:
            print(f"checked: every application ranked once, winners allocated, all {len(anchor_rows)} totals equal "
                  "to the anchor's and in its order")

        if args.profile:
            profiler = cProfile.Profile()
            with Statements(bench.runtime.engine) as counted:
                profiler.enable()
                rank_once(bench)
                profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            out.write("-- the project's own functions, top 15 by cumulative time --\n")
            stats.sort_stats("cumulative").print_stats(OWN_CODE, 15)
            out.write("-- every function, top 15 by own time --\n")
            stats.sort_stats("tottime").print_stats(15)
            print(f"\nprofile of one more ranking request: {counted.count} SQL statements "
                  f"({counted.seconds * 1000:.0f} ms waiting on them): "
                  f"{', '.join(f'{k} x{v}' for k, v in counted.kinds.most_common(12))}")
            print(out.getvalue())
        print(f"bench finished in {time.perf_counter() - started:.0f} s, load average {os.getloadavg()[0]:.1f}")
        return 1 if problems else 0
    finally:
        bench.close()


def _user(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).username or "?"


def make_safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
