"""One award cycle at volume: N applications submitted and screened on PostgreSQL (issue 10).

Everything is measured in this one process, through the application's own stack (``create_app`` on a
Runtime that connects as a member of the application role ``mqa_app``, so row-level security is on),
driven by Flask's test client: no HTTP server, no network, the same mechanics for the application and
its anchors. The machine is shared and noisy, so every figure comes with a ratio to an anchor measured
in the same run:

A. Submissions: per applicant ``POST /api/v1/applications`` (full facts) then ``POST .../submit``.
   Anchor: a bare Flask app (no auth, no validation) whose POST inserts the same facts JSON into a plain
   table with one raw SQL INSERT, called twice per applicant (one call for each of the application's
   two requests). The two alternate in blocks, so both see the same machine load.
B. Screening: ``POST /api/v1/cycles/<id>/screenings`` and the job it queues (the embedded queue runs it
   on a thread of this process), timed until it finishes. Anchors: a raw SQL aggregate over the same
   rows (psycopg, as the application role behind the same row-level security), and the pure engine
   (``load_facts`` + ``assess``) on the same stored facts without the database.

Set-up is not measured: the tenant, its office admin and the cycle are made through the services and
the API; the N applicant users, their Applicant rows and their bearer tokens are inserted in bulk
(one shared password hash; each token issued as ``auth.login`` issues it, a random token whose SHA-256
digest is stored, without N argon2 verifications). One sample applicant logs in through
``/api/v1/auth/login`` to show the path works; its token is used like the others.

The database is a scratch one: its ``public`` schema is dropped. Exit status 0 unless a request fails.
Run: ``.venv/bin/python benchmarks/cycle_volume.py [--applications N] [--seed S] [--database-url URL]
[--profile K]`` (``--profile K`` adds a cProfile of K extra create+submit pairs and of the screening job).
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
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine, event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from request_cost import app_role_url, pg, reset_database, sa, server_env  # noqa: E402

API = "/api/v1"
TENANT = "bench-cycle"
PASSWORD = "benchmark-password-1"
BLOCK = 250  # applications per block; application and anchor blocks alternate
ANCHOR_TABLE = "bench_anchor_applications"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/perf_db"),
        help="the scratch database's owner (created if missing, its public schema dropped); "
             "default: $BENCH_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/perf_db")
    parser.add_argument("--applications", type=int, default=10_000, help="applicants, one application each")
    parser.add_argument("--seed", type=int, default=20261125, help="seed of the facts' variations")
    parser.add_argument("--profile", type=int, default=0, metavar="K",
                        help="also cProfile K extra create+submit pairs and the screening job")
    return parser.parse_args(argv)


# -- facts ------------------------------------------------------------------------------------------

def vary_facts(base: dict[str, Any], rng: random.Random, i: int) -> dict[str, Any]:
    """The case file's eligible Nantong 2023 organisation, varied so verdicts differ: some firms too young,
    some with a yellow environmental rating, no chief quality officer or no honour (ineligible); about
    half carry the office's confirmations of the conditions only it judges (eligible), the rest leave
    them open (needs attestation)."""
    facts = json.loads(json.dumps(base))

    def day(lo: int, hi: int) -> str:
        return (dt.date(lo, 1, 1) + dt.timedelta(days=rng.randrange((hi - lo) * 365))).isoformat()

    facts["name"] = f"南通示范制造{i:05d}有限公司"
    facts["founded_on"] = day(1990, 2025) if rng.random() < 0.1 else day(1990, 2018)
    colour = lambda: "yellow" if rng.random() < 0.03 else rng.choice(["green", "blue", "blue"])  # noqa: E731
    facts["environmental_credit_history"] = [{"year": year, "rating": colour()} for year in (2023, 2024, 2025)]
    facts["environmental_credit_rating"] = facts["environmental_credit_history"][-1]["rating"]
    facts["safety_standardisation_level"] = rng.choice([1, 2, 2, 3])
    facts["chief_quality_officer"] = rng.random() > 0.03
    if rng.random() < 0.3:
        facts["excellence_model_since"] = day(2015, 2024)
    if rng.random() < 0.05:
        facts.pop("honours", None)
    elif rng.random() < 0.3:
        facts["honours"] = facts.get("honours", []) + [{"kind": "provincial_quality_credit_aaa",
                                                         "awarded_on": day(2019, 2025)}]
    if rng.random() < 0.5:
        facts["confirmations"] = {condition: {"confirmed": True, "by": "质量办", "note": "现场核实"}
                                  for condition in OFFICE_CONDITIONS}
    return facts


OFFICE_CONDITIONS = ("org.supports_party_line", "org.excellence_results_and_leadership",
                     "org.performance_and_innovation", "org.social_credit", "neg.policy_compliance")
"""What the Nantong 2023 rules leave to the office for an organisation whose facts are complete."""


# -- set-up (not measured) ----------------------------------------------------------------------------

class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.owner = args.database_url
        self.tmp = Path(tempfile.mkdtemp(prefix="mqa-bench-cycle-"))
        self.runtime: Any = None
        self.client: Any = None
        self.tenant_id = 0
        self.cycle_id = 0
        self.admin: dict[str, str] = {}
        self.tier = ""
        self.category: str | None = None
        self.applicants: list[tuple[str, dict[str, Any]]] = []  # (bearer token, facts)
        self.extra: list[tuple[str, dict[str, Any]]] = []  # applicants kept for --profile
        self.profiled: list[tuple[str, dict[str, Any]]] = []  # those --profile submitted (screened too)
        self.stage: tuple[str, dict[str, str]] = ("", {})  # the application stage's code and dates
        self.app_url = ""

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
        os.environ.pop("REDIS_URL", None)  # the embedded queue: the job runs on a thread of this process
        self.runtime = Runtime.build(Settings.from_env(env))
        if self.runtime.queue.backend != "inprocess":
            raise SystemExit(f"expected the embedded job queue, got {self.runtime.queue.backend}")
        self.client = create_app(runtime=self.runtime).test_client()

    def call(self, method: str, path: str, expect: int, headers: dict[str, str] | None = None,
             body: Any = None) -> Any:
        response = self.client.open(path, method=method, json=body, headers=headers or {})
        if response.status_code != expect:
            raise SystemExit(f"{method} {path}: {response.status_code} (expected {expect}) "
                             f"{response.get_data(as_text=True)[:800]}")
        return response

    def tenant_and_cycle(self) -> None:
        from core.platform import clock
        from core.platform.models import Role
        from core.platform.services import tenants as tenant_service
        from core.platform.services import users as user_service
        from core.platform.tenancy import Scope, scoped

        with self.runtime.session() as session:
            tenant = tenant_service.create_tenant(session, self.runtime.registry, None, code=TENANT, name="南通市质量办",
                                                  jurisdiction="nantong", rule_version="2023", today=clock.today())
            self.tenant_id = tenant.id
        with self.runtime.session() as session, scoped(session, Scope.tenant(self.tenant_id)):
            user_service.create_user(session, None, username="admin", password=PASSWORD, role=Role.OFFICE_ADMIN,
                                     tenant_id=self.tenant_id)
        self.admin = self.log_in("admin")
        cycle = self.call("POST", f"{API}/cycles", 201, self.admin, {"year": 2026, "rule_version": "2023"}).get_json()
        self.cycle_id = cycle["id"]
        self.tier = cycle["tiers"][0]
        self.category = cycle["categories"][0] if cycle["categories"] else None
        stage = next(s for s in cycle["stages"] if s["kind"] == "application")
        today = clock.today()
        dates = {"starts_on": (today - dt.timedelta(days=20)).isoformat(),
                 "ends_on": (today + dt.timedelta(days=20)).isoformat()}
        self.call("PATCH", f"{API}/cycles/{self.cycle_id}/stages/{stage['code']}", 200,
                  {**self.admin, "If-Match": f'"{stage["version"]}"'}, dates)
        self.stage = (stage["code"], dates)

    def log_in(self, username: str) -> dict[str, str]:
        token = self.call("POST", f"{API}/auth/login", 200, None,
                          {"username": username, "password": PASSWORD, "tenant": TENANT}).get_json()["access_token"]
        return {"Authorization": f"Bearer {token}"}

    def applicant_rows(self, n: int) -> None:
        """N applicant users with one Applicant each and a bearer token each, in bulk."""
        from core.applications.models import Applicant, ApplicantKind, ApplicantOrigin, ApplicantStatus
        from core.platform import security
        from core.platform.config import Settings
        from core.platform.models import AuthToken, Role, User
        from core.platform.tenancy import Scope, scoped
        from sqlalchemy import select

        from tests.lifecycle import eligible_facts

        shared_hash = security.hash_password(PASSWORD)
        names = [f"app{i:05d}" for i in range(n)]
        with self.runtime.session() as session, scoped(session, Scope.tenant(self.tenant_id)):
            session.add_all(User(tenant_id=self.tenant_id, username=name, display_name=f"申报单位 {name}",
                                 role=Role.APPLICANT, password_hash=shared_hash) for name in names)
            session.flush()
            ids = dict(session.execute(select(User.username, User.id).where(User.role == Role.APPLICANT)).all())
            session.add_all(Applicant(user_id=ids[name], kind=ApplicantKind.ORGANIZATION, name=f"南通示范制造{i:05d}有限公司",
                                      uscc=None, status=ApplicantStatus.APPROVED, origin=ApplicantOrigin.INVITED)
                            for i, name in enumerate(names))
            session.commit()
        ttl = dt.timedelta(minutes=Settings.from_env({"MQA_INSTANCE_PATH": str(self.tmp)}).token_ttl_minutes)
        now = dt.datetime.now(dt.timezone.utc)
        tokens = {}
        with self.runtime.session() as session, scoped(session, Scope.platform()):
            rows = []
            for name in names[1:]:  # the first logs in through the API below
                token, digest = security.new_token()
                tokens[name] = token
                rows.append(AuthToken(user_id=ids[name], token_hash=digest, created_at=now, expires_at=now + ttl))
            session.add_all(rows)
            session.commit()
        sample = self.log_in(names[0])  # one real login: the bulk tokens are what it issues
        tokens[names[0]] = sample["Authorization"].split()[1]
        self.call("GET", f"{API}/auth/me", 200, {"Authorization": f"Bearer {tokens[names[-1]]}"})
        base, _ = eligible_facts("nantong", "2023", "organization")
        rng = random.Random(self.args.seed)
        self.applicants = [(tokens[name], vary_facts(base, rng, i)) for i, name in enumerate(names)]

    def close(self) -> None:
        if self.runtime is not None:
            self.runtime.close()


# -- measure A: submissions -------------------------------------------------------------------------

def anchor_app(app_url: str, owner: str) -> tuple[Any, Any]:
    """A bare Flask app: POST inserts the JSON body into a plain table with one raw SQL INSERT."""
    from flask import Flask, request

    with psycopg.connect(pg(owner), autocommit=True) as conn:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {ANCHOR_TABLE} (id bigserial PRIMARY KEY, facts jsonb NOT NULL)")
        conn.execute(f"GRANT SELECT, INSERT ON {ANCHOR_TABLE} TO mqa_app")
        conn.execute(f"GRANT USAGE ON SEQUENCE {ANCHOR_TABLE}_id_seq TO mqa_app")
    engine = create_engine(sa(app_url))
    app = Flask("cycle_anchor")
    insert = text(f"INSERT INTO {ANCHOR_TABLE} (facts) VALUES (CAST(:facts AS jsonb)) RETURNING id")

    @app.post("/anchor/applications")
    def create():
        with engine.begin() as conn:
            new_id = conn.execute(insert, {"facts": json.dumps(request.get_json(), ensure_ascii=False)}).scalar_one()
        return {"id": new_id}, 201

    return app.test_client(), engine


def submit_all(bench: Bench, anchor: Any) -> dict[str, Any]:
    """Create + submit for every applicant, timed per pair; anchor pairs (two INSERT requests) in
    alternating blocks of the same size, so machine load drifts alike over both."""
    app_times: list[float] = []
    anchor_times: list[float] = []
    path = f"{API}/applications"
    body = {"cycle_id": bench.cycle_id, "entry_kind": "organization", "tiers": [bench.tier]}
    if bench.category:
        body["category"] = bench.category
    n = len(bench.applicants)
    reported = time.perf_counter()
    for start in range(0, n, BLOCK):
        block = bench.applicants[start:start + BLOCK]
        for token, facts in block:
            headers = {"Authorization": f"Bearer {token}"}
            began = time.perf_counter()
            created = bench.client.post(path, json={**body, "facts": facts}, headers=headers)
            if created.status_code != 201:
                raise SystemExit(f"POST {path}: {created.status_code} {created.get_data(as_text=True)[:800]}")
            submitted = bench.client.post(f"{path}/{created.get_json()['id']}/submit", headers=headers)
            if submitted.status_code != 200:
                raise SystemExit(f"submit: {submitted.status_code} {submitted.get_data(as_text=True)[:800]}")
            app_times.append(time.perf_counter() - began)
        for _, facts in block:
            began = time.perf_counter()
            for _ in range(2):
                answer = anchor.post("/anchor/applications", json=facts)
                if answer.status_code != 201:
                    raise SystemExit(f"anchor: {answer.status_code} {answer.get_data(as_text=True)[:300]}")
            anchor_times.append(time.perf_counter() - began)
        if time.perf_counter() - reported > 30:
            reported = time.perf_counter()
            done = start + len(block)
            print(f"  ... {done} of {n} submitted, {done / sum(app_times):.1f} pairs/s so far", flush=True)
    return {"app": app_times, "anchor": anchor_times}


def quantiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return ordered[len(ordered) // 2] * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * .95))] * 1000


# -- measure B: screening ---------------------------------------------------------------------------

def screen_cycle(bench: Bench) -> dict[str, Any]:
    """Queue the cycle's screening through the API and wait for the job; count its SQL statements
    (those sent from the job's thread)."""
    statements = [0]

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if threading.current_thread().name.startswith("mqa-job"):
            statements[0] += 1

    event.listen(bench.runtime.engine, "before_cursor_execute", count)
    try:
        began = time.perf_counter()
        job = bench.call("POST", f"{API}/cycles/{bench.cycle_id}/screenings", 202, bench.admin, {}).get_json()
        bench.runtime.queue.wait(job["id"], timeout=3600)
        elapsed = time.perf_counter() - began
    finally:
        event.remove(bench.runtime.engine, "before_cursor_execute", count)
    answer = bench.call("GET", f"{API}/jobs/{job['id']}", 200, bench.admin).get_json()
    return {"seconds": elapsed, "job": answer, "statements": statements[0]}


def outcome_counts(owner: str, tenant_id: int, cycle_id: int) -> dict[str, int]:
    with psycopg.connect(pg(owner)) as conn:
        rows = conn.execute("SELECT s.outcome::text, count(*) FROM screenings s JOIN applications a "
                            "ON a.tenant_id = s.tenant_id AND a.id = s.application_id "
                            "WHERE a.tenant_id = %s AND a.cycle_id = %s GROUP BY 1", (tenant_id, cycle_id)).fetchall()
    return {outcome: count for outcome, count in rows}


def aggregate_anchor(app_url: str, tenant_id: int, cycle_id: int, repeats: int = 3) -> tuple[float, int]:
    """Best of ``repeats``: one aggregate over the cycle's applications as the application role (the
    tenant scope set as the application sets it, so row-level security filters alike)."""
    from core.platform.tenancy import SET_DATABASE_SCOPE

    best, rows = float("inf"), 0
    with psycopg.connect(pg(app_url)) as conn:
        for _ in range(repeats):
            began = time.perf_counter()
            with conn.transaction():
                conn.execute(SET_DATABASE_SCOPE, (str(tenant_id), "0"))
                rows, _size = conn.execute("SELECT count(*), sum(length(facts::text)) FROM applications "
                                           "WHERE cycle_id = %s", (cycle_id,)).fetchone()
            best = min(best, time.perf_counter() - began)
    return best, rows


def engine_anchor(bench: Bench) -> tuple[float, dict[str, int]]:
    """The pure engine on the same stored facts: validation and the verdict, no database."""
    from collections import Counter

    from core.engine.eligibility import assess, load_facts
    from core.platform import clock

    rules = bench.runtime.registry.rules("nantong")
    version = rules.jurisdiction.version("2023")
    today = clock.today()
    facts = [f for _, f in bench.applicants + bench.profiled]
    statuses: Counter[str] = Counter()
    began = time.perf_counter()
    for raw in facts:
        loaded = load_facts(rules, version, "organization", raw)
        statuses[assess(rules, version, "organization", loaded, on_date=today).status.value] += 1
    elapsed = time.perf_counter() - began
    named = {"eligible": "eligible", "pending_confirmation": "needs_attestation", "ineligible": "ineligible"}
    return elapsed, {named.get(status, status): count for status, count in statuses.items()}


def profile_pairs(bench: Bench, k: int) -> str:
    """cProfile ``k`` extra create+submit pairs (new applicants, set up like the others)."""
    profiler = cProfile.Profile()
    path = f"{API}/applications"
    body = {"cycle_id": bench.cycle_id, "entry_kind": "organization", "tiers": [bench.tier]}
    if bench.category:
        body["category"] = bench.category
    sample = bench.extra[:k]
    bench.profiled = sample
    profiler.enable()
    for token, facts in sample:
        headers = {"Authorization": f"Bearer {token}"}
        created = bench.client.post(path, json={**body, "facts": facts}, headers=headers)
        bench.client.post(f"{path}/{created.get_json()['id']}/submit", headers=headers)
    profiler.disable()
    return _stats(profiler)


def _stats(profiler: cProfile.Profile) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(30)
    out.write("\n-- by own time --\n")
    stats.sort_stats("tottime").print_stats(20)
    return out.getvalue()


# -- the run ----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    started = time.perf_counter()
    n = args.applications
    bench = Bench(args)
    try:
        bench.build()
        bench.tenant_and_cycle()
        bench.applicant_rows(n + args.profile)
        if args.profile:
            bench.extra, bench.applicants = bench.applicants[n:], bench.applicants[:n]
        anchor, anchor_engine = anchor_app(bench.app_url, bench.owner)
        print(f"cycle volume: {n} applications, seed {args.seed}, database {make_safe(bench.owner)}, the app "
              f"connecting as {_user(bench.app_url)} (row-level security on); {os.cpu_count()} CPUs, load average "
              f"{os.getloadavg()[0]:.1f}")
        print(f"set-up (not measured): tenant {TENANT} (nantong, pinned 2023), cycle {bench.cycle_id} 2026/2023, "
              f"stage {bench.stage[0]} {bench.stage[1]['starts_on']}..{bench.stage[1]['ends_on']}, tier {bench.tier}, "
              f"{n} applicant users + applicants + bearer tokens in bulk (one sample login through the API), "
              f"{time.perf_counter() - started:.0f} s")

        # no warm-up: the first pairs (schema caches, the pools' first connections) count like the others
        measured_at = time.perf_counter()
        times = submit_all(bench, anchor)
        a_total, k_total = sum(times["app"]), sum(times["anchor"])
        a_rate, k_rate = n / a_total, n / k_total
        a_p50, a_p95 = quantiles(times["app"])
        k_p50, k_p95 = quantiles(times["anchor"])
        print(f"\nA. submissions: create + submit per applicant, in-process test client, {n} pairs "
              f"(alternating blocks of {BLOCK} with the anchor; {time.perf_counter() - measured_at:.0f} s wall)")
        print(f"  application: {a_rate:8.1f} pairs/s  p50 {a_p50:7.2f} ms  p95 {a_p95:7.2f} ms  ({a_total:.1f} s)")
        print(f"  anchor:      {k_rate:8.1f} pairs/s  p50 {k_p50:7.2f} ms  p95 {k_p95:7.2f} ms  ({k_total:.1f} s; "
              f"bare Flask, two POSTs per pair, each one raw INSERT of the facts JSON, all {n} pairs)")
        print(f"  ratio application/anchor: {a_rate / k_rate:.3f}x  (the application takes "
              f"{k_rate / a_rate:.1f}x the anchor's time per pair)")

        profiler = None
        if args.profile:
            print(f"\nprofile of {args.profile} extra create+submit pairs:\n{profile_pairs(bench, args.profile)}")
            profiler = cProfile.Profile()
            threading.setprofile(_thread_profiler(profiler))
        screening = screen_cycle(bench)
        if profiler is not None:
            threading.setprofile(None)  # type: ignore[arg-type]
        job = screening["job"]
        counts = outcome_counts(bench.owner, bench.tenant_id, bench.cycle_id)
        screened = sum(counts.values())
        agg_seconds, agg_rows = aggregate_anchor(bench.app_url, bench.tenant_id, bench.cycle_id)
        eng_seconds, eng_counts = engine_anchor(bench)
        n_screen = n + len(bench.profiled)  # --profile's pairs were submitted too
        s = screening["seconds"]
        per_app = screening["statements"] / max(screened, 1)
        print(f"\nB. screening: POST /cycles/{bench.cycle_id}/screenings, job {job['id']} ({job.get('status')}), "
              f"waited until done")
        print(f"  job:       {s:9.2f} s  {screened / s:9.1f} applications/s  ({screened} screened of {n_screen}; "
              f"job result: {_result(job)})")
        print(f"  outcomes (from the database): {_outcomes(counts)}")
        print(f"  SQL statements from the job's thread: {screening['statements']} ({per_app:.1f} per screened "
              f"application: {'per-row' if per_app >= 2 else 'batched'} reads/writes)")
        print(f"  anchor, raw SQL aggregate (count, sum(length(facts::text)) over {agg_rows} rows, best of 3): "
              f"{agg_seconds * 1000:.2f} ms; ratio job/aggregate time {s / agg_seconds:,.0f}x")
        print(f"  anchor, pure engine (load_facts + assess, no database): {eng_seconds:.2f} s, "
              f"{n_screen / eng_seconds:,.0f} applications/s, outcomes {_outcomes(eng_counts)} "
              f"({'the same as' if eng_counts == counts else 'NOT the same as'} the job's); ratio job/engine time "
              f"{s / eng_seconds:.1f}x")
        if profiler is not None:
            print(f"\nprofile of the screening job's thread:\n{_stats(profiler)}")

        total = time.perf_counter() - started
        print("\nsummary")
        rows = [("create+submit pairs/s", f"{a_rate:.1f}", f"{k_rate:.1f}", f"{a_rate / k_rate:.3f}x"),
                ("  p50 / p95 ms per pair", f"{a_p50:.1f} / {a_p95:.1f}", f"{k_p50:.1f} / {k_p95:.1f}", ""),
                ("screening job s", f"{s:.2f}", f"{agg_seconds:.4f} (SQL)", f"{s / agg_seconds:,.0f}x time"),
                ("screened/s", f"{screened / s:.1f}", f"{n_screen / eng_seconds:,.0f} (engine)",
                 f"{(screened / s) / (n_screen / eng_seconds):.3f}x"),
                ("SQL per screened application", f"{per_app:.1f}", "", "")]
        print(f"  {'figure':<30} {'application':>22} {'anchor':>18} {'ratio':>12}")
        for row in rows:
            print(f"  {row[0]:<30} {row[1]:>22} {row[2]:>18} {row[3]:>12}")
        print(f"  outcomes: {_outcomes(counts)}")
        print(f"bench finished in {total:.0f} s, load average {os.getloadavg()[0]:.1f}")
        anchor_engine.dispose()
        failed = job.get("result", {}).get("failed", 0) if isinstance(job.get("result"), dict) else 0
        return 1 if failed or screened != n_screen else 0
    finally:
        bench.close()


def _thread_profiler(profiler: cProfile.Profile) -> Any:
    """A threading.setprofile hook that turns ``profiler`` on in the job's thread when it starts."""
    def hook(*_args: Any) -> None:
        if threading.current_thread().name.startswith("mqa-job"):
            sys.setprofile(None)
            profiler.enable()
        else:
            sys.setprofile(None)
    return hook


def _result(job: dict[str, Any]) -> str:
    result = job.get("result") or {}
    if not isinstance(result, dict):
        return str(result)[:200]
    return ", ".join(f"{k} {v}" for k, v in result.items() if k not in ("errors", "outcomes", "cycle_id"))


def _outcomes(counts: dict[str, int]) -> str:
    order = ["eligible", "needs_attestation", "ineligible"]
    return " / ".join(f"{k} {counts.get(k, 0)}" for k in order + sorted(set(counts) - set(order)))


def _user(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).username or "?"


def make_safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
