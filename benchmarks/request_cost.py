"""Request cost against an anchor measured in the same run, at two data scales (``make bench``).

The application and the anchor (``benchmarks/anchor.py``: bare Flask + SQLAlchemy, checks a token
digest and reads one row) are each served by gunicorn with the same worker count on the same
PostgreSQL, and loaded by the same client (threads, one ``http.client`` connection each). Figures:

1. Throughput of each endpoint, median of several short rounds taken in turn with the anchor's, and
   its ratio to the anchor (goal: >= 0.6x for a simple authenticated endpoint, >= 0.5x for a list).
2. For every list, latency (one client, p50), SQL statements per request (counted in-process) and
   the database's own work for the list's SELECT (EXPLAIN ANALYZE BUFFERS: shared blocks, rows
   filtered, the plan) at 10 tenants / 1,000 users / 2,000 audit events and at 1,000 tenants /
   100,000 users / 600,000 audit events (goal: large/small <= 1.2x). The two scales are two
   databases served side by side, so their latency batches alternate under the same machine load.
   The measured tenant's rows are the OLDEST in each database, so an index that does not lead with
   the tenant shows.

Goals missed are printed as MISSED; the exit status is non-zero only on an error (a failed request,
a server that does not start). The database is a scratch one: its ``public`` schema is dropped.

Environment: ``BENCH_DATABASE_URL`` (the owner; default ``postgresql://postgres@127.0.0.1:5432/perf_db``;
it and ``<name>_large`` beside it are created if missing), ``BENCH_APP_DATABASE_URL`` (what the app
connects as; default: a login role ``bench_app`` in the migrations' application role ``mqa_app``, so
row-level security applies as in production, else the owner), ``BENCH_WORKERS`` (gunicorn workers,
default 2 x CPUs), ``BENCH_SECONDS`` (per round, default 1.5),
``BENCH_ROUNDS`` (default 3), ``BENCH_REDIS_URL`` (keep the rate limiter's counters there, as production
does; default: process memory, as embedded mode does).

``request_cost.py --profile WORDS`` profiles (cProfile, in-process) each endpoint whose label contains
WORDS on the database a run left behind, printing its SQL and where the time goes.
"""
from __future__ import annotations

import contextlib
import cProfile
import dataclasses
import datetime as dt
import hashlib
import http.client
import io
import json
import os
import pstats
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import psycopg
from sqlalchemy import event
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from anchor import metadata as anchor_metadata  # noqa: E402
from eligibility import generate as generate_facts  # noqa: E402

OWNER_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/perf_db")
APP_URL = os.environ.get("BENCH_APP_DATABASE_URL", OWNER_URL)
WORKERS = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1)))
SECONDS = float(os.environ.get("BENCH_SECONDS", "1.5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PASSWORD = "benchmark-password-1"
MEASURED = "bench-measured"
MEASURED_EVENTS = 200
SMALL = {"tenants": 10, "users": 1_000, "events": 2_000, "jobs_per_tenant": 20}
LARGE = {"tenants": 1_000, "users": 100_000, "events": 600_000, "jobs_per_tenant": 20}
SIMPLE_GOAL, LIST_GOAL, FLAT_GOAL = 0.6, 0.5, 1.2
API = "/api/v1"


def pg(url: str) -> str:
    """A libpq URL (psycopg) from an SQLAlchemy one."""
    return url.replace("postgresql+psycopg://", "postgresql://")


def sa(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


@dataclass(frozen=True)
class Endpoint:
    label: str
    method: str
    path: str
    body: dict[str, Any] | None = None
    kind: str = "simple"  # simple | list | anchor
    server: str = "app"
    table: str = ""  # a list's table

    @property
    def goal(self) -> float | None:
        return {"simple": SIMPLE_GOAL, "list": LIST_GOAL}.get(self.kind)


# -- the database ------------------------------------------------------------------------------------

def sibling(url: str, suffix: str) -> str:
    """The same server and user, database ``<name><suffix>``."""
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}{suffix}").render_as_string(hide_password=False)


def reset_database(url: str) -> None:
    """Create the scratch database if missing and empty its public schema."""
    name = psycopg.conninfo.conninfo_to_dict(pg(url)).get("dbname")
    with contextlib.suppress(psycopg.OperationalError):
        psycopg.connect(pg(url)).close()
        name = None
    if name:
        admin = psycopg.conninfo.make_conninfo(pg(url), dbname="postgres")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(pg(url), autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")
        conn.execute("GRANT ALL ON SCHEMA public TO public")


def template_row(conn: psycopg.Connection, table: str, where: str, params: tuple) -> dict[str, Any]:
    """A row the application wrote itself, so new columns get real values; else type-shaped fillers."""
    cur = conn.cursor(row_factory=psycopg.rows.dict_row)
    row = cur.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id LIMIT 1", params).fetchone()
    if row is not None:
        return dict(row)
    cols = cur.execute("SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns "
                       "WHERE table_name = %s AND table_schema = 'public'", (table,)).fetchall()
    filler = {"integer": 0, "bigint": 0, "boolean": False, "text": "", "character varying": "",
              "json": {}, "jsonb": {}, "date": dt.date.today(), "bytea": b""}
    out: dict[str, Any] = {}
    for c in cols:
        if c["is_nullable"] == "YES" or c["column_default"] is not None:
            out[c["column_name"]] = None if c["column_default"] is None else _DEFAULT
        else:
            out[c["column_name"]] = filler.get(c["data_type"], dt.datetime.now())
    return out


_DEFAULT = object()


def copy_rows(conn: psycopg.Connection, table: str, template: dict[str, Any], rows: Iterable[dict[str, Any]],
              skip: tuple[str, ...] = ("id",)) -> int:
    """COPY rows into ``table``: each row's values over the template's (columns the row omits)."""
    cols = [c for c, v in template.items() if c not in skip and v is not _DEFAULT]
    n = 0
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
        for row in rows:
            values = []
            for c in cols:
                v = row.get(c, template[c])
                values.append(json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
            copy.write_row(values)
            n += 1
    return n


class Data:
    """The measured tenant (made by the application's own services) and bulk rows around it (COPY)."""

    def __init__(self, owner_url: str) -> None:
        self.url = owner_url
        self.tenant_id = 0
        self.admin_id = 0
        self.counts = {"tenants": 0, "users": 0, "events": 0, "jobs": 0}

    def create_measured(self) -> None:
        from core.platform import audit, migrate
        from core.platform.config import Settings
        from core.platform.models import Role
        from core.platform.runtime import Runtime
        from core.platform.services import tenants as tenant_service
        from core.platform.services import users as user_service
        from core.platform.tenancy import Scope, scoped

        reset_database(self.url)
        migrate.upgrade(sa(self.url))
        settings = Settings.from_env({"DATABASE_URL": sa(self.url), "MQA_INSTANCE_PATH": tempfile.mkdtemp()})
        runtime = Runtime.build(settings)
        try:
            with runtime.session(Scope.platform()) as session:
                tenant = tenant_service.create_tenant(session, runtime.registry, None, code=MEASURED,
                                                      name="被测质量办", jurisdiction="nantong", rule_version="2023",
                                                      today=dt.date.today())
                self.tenant_id = tenant.id
                session.commit()
            with runtime.session(Scope.tenant(self.tenant_id)) as session, \
                    scoped(session, Scope.tenant(self.tenant_id)):
                admin = user_service.create_user(session, None, username="admin", password=PASSWORD,
                                                 role=Role.OFFICE_ADMIN, tenant_id=self.tenant_id)
                session.commit()
                self.admin_id = admin.id
            with runtime.session(Scope.tenant(self.tenant_id)) as session:  # through the audit trail's own
                for i in range(MEASURED_EVENTS):                             # writer: a valid chain
                    audit.record(session, None, "user.updated", "user", i, tenant_id=self.tenant_id,
                                 details={"n": i})
                session.commit()
            self.counts["events"] += MEASURED_EVENTS
        finally:
            runtime.close()

    def grow(self, scale: dict[str, int]) -> None:
        """Add tenants, users, audit events and jobs up to ``scale``; the measured tenant's come first
        (lowest ids, oldest times), everyone else's later."""
        with psycopg.connect(pg(self.url)) as conn:
            t_tpl = template_row(conn, "tenants", "id = %s", (self.tenant_id,))
            u_tpl = template_row(conn, "users", "id = %s", (self.admin_id,))
            e_tpl = template_row(conn, "audit_events", "tenant_id = %s", (self.tenant_id,))
            j_tpl = template_row(conn, "jobs", "tenant_id = %s", (self.tenant_id,))
            first = self.counts["tenants"] == 0
            new_tenants = scale["tenants"] - max(self.counts["tenants"], 1)
            users_each = scale["users"] // scale["tenants"]
            now = dt.datetime.now(dt.timezone.utc)
            if first:  # the measured tenant: already there with its events; its users and jobs first
                self.counts["tenants"] = 1
                self._fill(conn, [self.tenant_id], users_each - 1, 0, scale["jobs_per_tenant"], u_tpl, e_tpl, j_tpl,
                           base=now - dt.timedelta(days=400))
            start = self.counts["tenants"]
            codes = [f"bench-{i:05d}" for i in range(start, start + new_tenants)]
            copy_rows(conn, "tenants", t_tpl, ({"code": c, "name": f"质量办 {c}"} for c in codes))
            ids = [r[0] for r in conn.execute("SELECT id FROM tenants WHERE code = ANY(%s) ORDER BY id", (codes,))]
            events_each = (scale["events"] - self.counts["events"]) // max(len(ids), 1)
            self._fill(conn, ids, users_each, events_each, scale["jobs_per_tenant"], u_tpl, e_tpl, j_tpl,
                       base=now + dt.timedelta(minutes=1 if first else 60 * 24))  # after the measured tenant's
            self.counts["tenants"] += len(ids)
            conn.commit()
            conn.autocommit = True
            conn.execute("ANALYZE")

    def _fill(self, conn: psycopg.Connection, tenant_ids: list[int], users_each: int, events_each: int,
              jobs_each: int, u_tpl: dict, e_tpl: dict, j_tpl: dict, base: dt.datetime) -> None:
        chained = "seq" in e_tpl  # one chain per tenant, its positions unique (the hashes are not checked here)
        self.counts["users"] += copy_rows(conn, "users", u_tpl, (
            {"tenant_id": t, "username": f"user{i:04d}", "display_name": f"用户 {i}", "role": "expert"}
            for t in tenant_ids for i in range(users_each)))
        step = dt.timedelta(seconds=1)
        self.counts["events"] += copy_rows(conn, "audit_events", e_tpl, (
            {"tenant_id": t, "actor_id": None, "actor_username": "admin", "action": "user.updated",
             "target_type": "user", "target_id": str(i), "details": {"n": i}, "at": base + (k * events_each + i) * step,
             **({"seq": i + 1} if chained else {})}
            for k, t in enumerate(tenant_ids) for i in range(events_each)))
        self.counts["jobs"] += copy_rows(conn, "jobs", j_tpl, (
            {"id": str(uuid.uuid4()), "tenant_id": t, "kind": "tenant_export", "status": "finished", "progress": 100,
             "message": "done", "params": {}, "result": {"rows": i}, "error": None, "backend": "inprocess",
             "requested_by_id": None, "created_at": base + (k * jobs_each + i) * step,
             "started_at": base, "finished_at": base}
            for k, t in enumerate(tenant_ids) for i in range(jobs_each)), skip=())

    def describe(self) -> str:
        c = self.counts
        return (f"{c['tenants']:,} tenants / {c['users'] + 1:,} users / {c['events']:,} audit events / "
                f"{c['jobs']:,} jobs")


def make_anchor_token(token: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(sa(OWNER_URL))
    anchor_metadata.drop_all(engine)
    anchor_metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(anchor_metadata.tables["bench_anchor_tokens"].insert(), [
            {"token_hash": hashlib.sha256(t.encode()).hexdigest(), "user_id": i + 1,
             "expires_at": dt.datetime.now() + dt.timedelta(days=1)}
            for i, t in enumerate([token] + [secrets.token_urlsafe(32) for _ in range(999)])])
        if APP_URL != OWNER_URL:
            user = psycopg.conninfo.conninfo_to_dict(pg(APP_URL)).get("user")
            conn.exec_driver_sql(f'GRANT SELECT ON bench_anchor_tokens TO "{user}"')
    engine.dispose()


# -- servers and the load generator -----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_gunicorn(name: str, target: str, env: dict[str, str], tmp: Path) -> Server:
    port = free_port()
    log = tmp / f"{name}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
         "--pythonpath", str(ROOT / "benchmarks"), "--log-level", "warning", target],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env}, stdout=log.open("w"), stderr=subprocess.STDOUT)
    server = Server(name, port, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} server exited: {log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/")
            if conn.getresponse().status == 200:
                return server
        time.sleep(0.2)
    server.stop()
    raise SystemExit(f"{name} server did not start: {log.read_text()[-3000:]}")


@dataclass
class Load:
    rps: float
    p50: float
    p95: float
    errors: list[str] = field(default_factory=list)


def request_once(conn: http.client.HTTPConnection, ep: Endpoint, headers: dict[str, str], body: bytes | None
                 ) -> tuple[int, bytes]:
    conn.request(ep.method, ep.path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def load(port: int, ep: Endpoint, headers: dict[str, str], threads: int, seconds: float) -> Load:
    """``threads`` clients, each a keep-alive connection (reopened when the server closes it)."""
    body = json.dumps(ep.body).encode() if ep.body is not None else None
    hdrs = {**headers, **({"Content-Type": "application/json"} if body else {})}
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors: list[str] = []
    barrier = threading.Barrier(threads + 1)
    stop_at = [0.0]

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = latencies[i]
        barrier.wait()
        while (now := time.perf_counter()) < stop_at[0]:
            try:
                status, data = request_once(conn, ep, hdrs, body)
            except (OSError, http.client.HTTPException) as exc:
                errors.append(repr(exc))
                conn.close()
                continue
            if status != 200:
                errors.append(f"{status} {data[:200]!r}")
            mine.append(time.perf_counter() - now)
        conn.close()

    workers = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(threads)]
    for w in workers:
        w.start()
    stop_at[0] = time.perf_counter() + seconds
    start = time.perf_counter()
    barrier.wait()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - start
    flat = sorted(x for part in latencies for x in part)
    if not flat:
        return Load(0, 0, 0, errors or ["no request completed"])
    return Load(len(flat) / elapsed, flat[len(flat) // 2] * 1000, flat[int(len(flat) * .95)] * 1000, errors)


def sequential(port: int, ep: Endpoint, headers: dict[str, str], n: int) -> tuple[float, float, int, list[str]]:
    """One client: p50, p95 (ms), response bytes, errors."""
    body = json.dumps(ep.body).encode() if ep.body is not None else None
    hdrs = {**headers, **({"Content-Type": "application/json"} if body else {})}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times, errors, size = [], [], 0
    for _ in range(n):
        start = time.perf_counter()
        status, data = request_once(conn, ep, hdrs, body)
        times.append(time.perf_counter() - start)
        size = len(data)
        if status != 200:
            errors.append(f"{status} {data[:200]!r}")
    conn.close()
    times.sort()
    return times[len(times) // 2] * 1000, times[int(len(times) * .95)] * 1000, size, errors


# -- in-process: SQL statements and profiles ---------------------------------------------------------

class InProcess:
    """The application built in this process on the app's database URL, for counting and profiling."""

    def __init__(self, tmp: Path, app_url: str = APP_URL) -> None:
        from api.app import create_app
        from core.platform.config import Settings
        from core.platform.runtime import Runtime

        self.runtime = Runtime.build(Settings.from_env({**server_env(), "DATABASE_URL": sa(app_url),
                                                        "MQA_INSTANCE_PATH": str(tmp / "inproc")}))
        self.client = create_app(runtime=self.runtime).test_client()
        self.statements: list[str] = []
        self.plans: list[dict[str, Any]] = []
        self.explaining = False
        self.trace: Any = None
        event.listen(self.runtime.engine, "before_cursor_execute", self._count)
        trace_round_trips(self.runtime.engine, self)

    def _count(self, conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        self.statements.append(statement)
        if self.explaining and statement.lstrip().upper().startswith("SELECT") and "FOR UPDATE" not in statement:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, parameters)
            self.plans.append({**cursor.fetchone()[0][0], "statement": statement})

    def plan_of(self, ep: Endpoint, headers: dict[str, str]) -> dict[str, Any]:
        """The plan of the list's own SELECT (from its table), from EXPLAIN (ANALYZE, BUFFERS) run inside
        the request's own transaction: shared buffers and rows filtered do not depend on the machine's
        load, so they show an index that does not fit even when timings are noisy."""
        self.plans, self.explaining = [], True
        try:
            self.call(ep, headers)
        finally:
            self.explaining = False
        own = [p for p in self.plans if f"FROM {ep.table}" in p["statement"]] or self.plans
        worst = max(own, key=lambda p: _buffers(p["Plan"]))
        scans = [n for n in _nodes(worst["Plan"]) if "Scan" in n["Node Type"]]
        return {"buffers": _buffers(worst["Plan"]), "filtered": sum(n.get("Rows Removed by Filter", 0) for n in scans),
                "scan": "; ".join(_describe(n) for n in scans), "ms": worst["Execution Time"]}

    def call(self, ep: Endpoint, headers: dict[str, str]) -> Any:
        response = self.client.open(ep.path, method=ep.method, json=ep.body, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{ep.label}: {response.status_code} {response.get_data(as_text=True)[:500]}")
        return response

    def statements_of(self, ep: Endpoint, headers: dict[str, str]) -> list[str]:
        self.call(ep, headers)  # warm: caches, pooled connection
        self.statements = []
        self.call(ep, headers)
        return self.statements

    def round_trips_of(self, ep: Endpoint, headers: dict[str, str]) -> int:
        self.call(ep, headers)
        return count_round_trips(self, lambda: self.call(ep, headers))

    def profile(self, ep: Endpoint, headers: dict[str, str], n: int = 300) -> str:
        self.call(ep, headers)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(n):
            self.call(ep, headers)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(70)
        out.write("\n-- by own time --\n")
        stats.sort_stats("tottime").print_stats(25)
        return out.getvalue()

    def close(self) -> None:
        self.runtime.close()


def trace_round_trips(engine: Any, holder: Any) -> None:
    """While ``holder.trace`` is a file, libpq traces every connection checked out of ``engine`` into it."""
    from psycopg import pq

    def on(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if holder.trace is not None:
            dbapi_connection.pgconn.trace(holder.trace.fileno())
            dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)

    def off(dbapi_connection: Any, _record: Any) -> None:
        if dbapi_connection is not None and holder.trace is not None:
            dbapi_connection.pgconn.untrace()

    event.listen(engine, "checkout", on)
    event.listen(engine, "checkin", off)


def count_round_trips(holder: Any, send: Any) -> int:
    """Round trips to the server during ``send()``: each simple Query (BEGIN, ROLLBACK) and each Sync
    (a parameterised statement, however many messages it takes) waits for the server once."""
    with tempfile.TemporaryFile() as trace:
        holder.trace = trace
        try:
            send()
        finally:
            holder.trace = None
        trace.seek(0)
        lines = trace.read().decode("utf-8", "replace").splitlines()
    return sum(1 for line in lines if line.startswith("F\t") and line.split("\t")[2].split(" ")[0] in ("Query", "Sync"))


class InProcessAnchor:
    """The anchor app in this process, on the app's connection, to count its round trips alike."""

    def __init__(self, app_url: str) -> None:
        import anchor
        from sqlalchemy import create_engine

        anchor.engine = create_engine(sa(app_url))
        self.engine, self.client, self.trace = anchor.engine, anchor.app.test_client(), None
        trace_round_trips(self.engine, self)

    def round_trips(self, headers: dict[str, str]) -> int:
        self.client.get("/anchor", headers=headers)
        return count_round_trips(self, lambda: self.client.get("/anchor", headers=headers))


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def _buffers(plan: dict[str, Any]) -> int:
    return plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)


def _describe(node: dict[str, Any]) -> str:
    text = node["Node Type"] + (" Backward" if node.get("Scan Direction") == "Backward" else "")
    if node.get("Index Name"):
        text += f" using {node['Index Name']}"
    return text + (f" on {node['Relation Name']}" if node.get("Relation Name") else "")


def items_of(payload: Any) -> list[Any]:
    """A list answers a bare array (old) or ``{"items": [...], "next_cursor": ...}`` (paged)."""
    return payload["items"] if isinstance(payload, dict) and "items" in payload else payload


# -- the run -------------------------------------------------------------------------------------------

def endpoints() -> list[Endpoint]:
    facts = generate_facts(random.Random(7))
    facts.update(registration_city="南通市", independent_legal_person=True)
    return [
        Endpoint("anchor (bare Flask+SQLAlchemy)", "GET", "/anchor", kind="anchor", server="anchor"),
        Endpoint("GET /auth/me", "GET", f"{API}/auth/me"),
        Endpoint("GET /tenant", "GET", f"{API}/tenant"),
        Endpoint("POST /rules/nantong/eligibility", "POST", f"{API}/rules/nantong/eligibility",
                 {"version": "2023", "entry_kind": "organization", "on_date": "2024-05-01", "facts": facts}),
        Endpoint("POST /tenant/rules/total", "POST", f"{API}/tenant/rules/total",
                 {"entry_kind": "organization",
                  "stage_scores": {"materials_review": "812.5", "on_site_review": 903.25, "presentation": 700}}),
        Endpoint("GET /users (first page)", "GET", f"{API}/users", kind="list", table="users"),
        Endpoint("GET /audit-events (first page)", "GET", f"{API}/audit-events", kind="list", table="audit_events"),
        Endpoint("GET /jobs (first page)", "GET", f"{API}/jobs", kind="list", table="jobs"),
    ]


@dataclass
class Paired:
    """An endpoint's rounds, each right after an anchor round: the ratio is the median of the pairs'."""

    rps: float
    p50: float
    p95: float
    anchor_rps: float
    ratio: float
    errors: list[str]


def throughput(servers: dict[str, Server], eps: list[Endpoint], auth: dict[str, dict[str, str]]
               ) -> dict[str, Paired]:
    """Every endpoint in turn, each round of it right after a round of the anchor, ``ROUNDS`` times.
    Pairing keeps the ratio honest on a shared machine whose load drifts from second to second."""
    anchor_ep = next(ep for ep in eps if ep.kind == "anchor")
    runs: dict[str, list[tuple[Load, Load]]] = {ep.label: [] for ep in eps if ep.kind != "anchor"}
    for _ in range(ROUNDS):
        for ep in eps:
            if ep.kind == "anchor":
                continue
            pair = []
            for one in (anchor_ep, ep):
                port = servers[one.server].port
                load(port, one, auth[one.server], WORKERS, 0.2)  # warm the workers
                pair.append(load(port, one, auth[one.server], WORKERS, SECONDS))
            runs[ep.label].append((pair[0], pair[1]))
    out = {}
    for label, pairs in runs.items():
        mid = sorted((p[1] for p in pairs), key=lambda x: x.rps)[len(pairs) // 2]
        out[label] = Paired(mid.rps, mid.p50, mid.p95, statistics.median(a.rps for a, _ in pairs),
                            statistics.median(e.rps / a.rps if a.rps else 0.0 for a, e in pairs),
                            [err for a, e in pairs for err in a.errors + e.errors])
    return out


def print_throughput(title: str, eps: list[Endpoint], results: dict[str, Paired]) -> list[str]:
    missed = []
    print(f"\n{title}\n(gunicorn -w {WORKERS} sync workers each, {WORKERS} client threads; every {SECONDS:.1f} s "
          f"round right after an anchor round; medians of {ROUNDS} pairs)")
    print(f"{'endpoint':<36} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'anchor/s':>9} {'ratio':>7} {'goal':>6}")
    for ep in eps:
        if ep.kind == "anchor":
            continue
        r = results[ep.label]
        ok = r.ratio >= (ep.goal or 0)
        if not ok:
            missed.append(f"{ep.label}: {r.ratio:.2f}x the anchor (goal {ep.goal}x)")
        print(f"{ep.label:<36} {r.rps:>8,.0f} {r.p50:>8.2f} {r.p95:>8.2f} {r.anchor_rps:>9,.0f} {r.ratio:>6.2f}x "
              f"{'>=' + str(ep.goal):>6} {'ok' if ok else 'MISSED'}")
    return missed


def latencies(servers: dict[str, Server], eps: list[Endpoint], auth: dict[str, dict[str, str]],
              batches: int = 12, n: int = 15) -> dict[str, tuple[float, int, list[str]]]:
    """One client: batches of ``n`` requests to each endpoint in turn (the small and the large scale
    alternate, so both see the same machine load); per endpoint the median of its batches' p50,
    the response size and any errors."""
    runs: dict[str, list[tuple[float, float, int, list[str]]]] = {ep.label: [] for ep in eps}
    for _ in range(batches):
        for ep in eps:
            runs[ep.label].append(sequential(servers[ep.server].port, ep, auth[ep.server], n))
    return {label: (statistics.median(r[0] for r in rs), rs[-1][2], [e for r in rs for e in r[3]])
            for label, rs in runs.items()}


def start_up_ms() -> float:
    env = {**os.environ, **server_env(), "DATABASE_URL": sa(APP_URL), "PYTHONPATH": str(ROOT),
           "MQA_INSTANCE_PATH": tempfile.mkdtemp(prefix="mqa-bench-start-")}
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import api.wsgi"], env=env, check=True, cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def profile(words: str) -> int:
    """cProfile the matching endpoints in-process on the database the last run left behind."""
    inproc = InProcess(Path(tempfile.mkdtemp(prefix="mqa-bench-")))
    try:
        login = inproc.client.post(f"{API}/auth/login", json={"username": "admin", "password": PASSWORD,
                                                               "tenant": MEASURED})
        if login.status_code != 200:
            raise SystemExit(f"login failed ({login.status_code}): run the benchmark first")
        headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
        for ep in endpoints():
            if ep.server == "app" and words.lower() in ep.label.lower():
                statements = inproc.statements_of(ep, headers)
                print(f"\n== {ep.label}: {len(statements)} SQL statements ==")
                print("\n".join(" ".join(st.split())[:300] for st in statements))
                print(inproc.profile(ep, headers))
    finally:
        inproc.close()
    return 0


def app_role_url(owner_url: str) -> str:
    """Serve as production does: when the migrations made the application role (``mqa_app``, row-level
    security applies to it), log in as a member of it, ``bench_app``; else as the owner."""
    with psycopg.connect(pg(owner_url), autocommit=True) as conn:
        granted = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'mqa_app' "
                               "AND has_table_privilege('mqa_app', 'users', 'SELECT')").fetchone()
        if granted is None:  # no application role, or not this database's (roles span the cluster)
            return owner_url
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'bench_app'").fetchone() is None:
            conn.execute("CREATE ROLE bench_app LOGIN NOSUPERUSER NOBYPASSRLS")
        conn.execute("GRANT mqa_app TO bench_app")
    return make_url(owner_url).set(username="bench_app").render_as_string(hide_password=False)


def server_env() -> dict[str, str]:
    """The app's settings from this environment (``MQA_*``), the owner's connection for what needs it,
    and a per-address rate limit high enough for one load generator (the limiter still runs)."""
    env = {k: v for k, v in os.environ.items() if k.startswith("MQA_")}
    env.setdefault("MQA_RATELIMIT_DEFAULT", "100000000 per minute")
    env.setdefault("MQA_OWNER_DATABASE_URL", sa(OWNER_URL))
    if os.environ.get("BENCH_REDIS_URL"):  # rate-limit counters in Redis, as in production
        env["MQA_RATELIMIT_STORAGE_URL"] = os.environ["BENCH_REDIS_URL"]
    return env


def log_in(port: int) -> dict[str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", f"{API}/auth/login", json.dumps(
        {"username": "admin", "password": PASSWORD, "tenant": MEASURED}), {"Content-Type": "application/json"})
    answer = conn.getresponse()
    payload = json.loads(answer.read())
    if answer.status != 200:
        raise SystemExit(f"login failed: {answer.status} {payload}")
    return {"Authorization": f"Bearer {payload['access_token']}"}


def main() -> int:
    global APP_URL
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    if sys.argv[1:2] == ["--profile"]:
        if "BENCH_APP_DATABASE_URL" not in os.environ:
            APP_URL = app_role_url(OWNER_URL)
        return profile(" ".join(sys.argv[2:]))
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="mqa-bench-"))
    large_owner = sibling(OWNER_URL, "_large")
    small_data, large_data = Data(OWNER_URL), Data(large_owner)
    for data in (small_data, large_data):
        data.create_measured()
        data.grow(SMALL)
    large_data.grow(LARGE)
    if "BENCH_APP_DATABASE_URL" not in os.environ:
        APP_URL = app_role_url(OWNER_URL)
    large_app = sibling(APP_URL, "_large")
    print(f"request cost: databases {OWNER_URL} and {large_owner}, the app connecting as "
          f"{'the owner' if APP_URL == OWNER_URL else make_url(APP_URL).username}; server logs in {tmp}")
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other work on the machine skews the "
          f"ratios against the CPU-bound application; compare runs at a similar load)")
    print(f"small scale: {small_data.describe()}\nlarge scale: {large_data.describe()}\n"
          f"(the measured tenant's rows are the oldest; seeded in {time.perf_counter() - started:.0f} s)")

    os.environ.pop("REDIS_URL", None)  # the embedded job queue: no worker runs here
    servers: dict[str, Server] = {}
    errors: list[str] = []
    missed: list[str] = []
    inproc: dict[str, InProcess] = {}
    try:
        for name, url in (("app", APP_URL), ("large", large_app)):
            env = server_env()
            env.update(DATABASE_URL=sa(url), MQA_INSTANCE_PATH=str(tmp / f"instance-{name}"),
                       MQA_OWNER_DATABASE_URL=sa(OWNER_URL if name == "app" else large_owner))
            servers[name] = start_gunicorn(name, "api.wsgi:app", env, tmp)
        auth = {name: log_in(server.port) for name, server in servers.items()}
        auth["anchor"] = auth["app"]
        make_anchor_token(auth["app"]["Authorization"].split()[1])
        servers["anchor"] = start_gunicorn("anchor", "anchor:app", {"BENCH_ANCHOR_DATABASE_URL": sa(APP_URL)}, tmp)
        inproc = {"app": InProcess(tmp, APP_URL), "large": InProcess(tmp, large_app)}
        eps = endpoints()
        lists = [ep for ep in eps if ep.kind == "list"]
        large_lists = [dataclasses.replace(ep, server="large", label=ep.label + " [large]") for ep in lists]
        for ep in eps + large_lists:  # every request answers 200 before anything is timed
            if ep.server != "anchor":
                inproc[ep.server].call(ep, auth[ep.server])

        small = throughput(servers, eps, auth)
        missed += print_throughput(f"throughput at {small_data.describe()}", eps, small)
        errors += [f"{label}: {e}" for label, r in small.items() for e in r.errors[:3]]
        trips = {"anchor": InProcessAnchor(APP_URL).round_trips(auth["app"])}
        for ep in eps[1:]:
            trips[ep.label] = inproc["app"].round_trips_of(ep, auth["app"])
        sql = {ep.label: len(inproc["app"].statements_of(ep, auth["app"])) for ep in eps[1:]}
        print("per request: SQL statements through SQLAlchemy, and database round trips (libpq trace: BEGIN, "
              "each statement, set_config of the tenant scope, ROLLBACK)")
        print(f"  {'anchor':<34} {'':>3} {trips['anchor']:>3}")
        for label, count in sql.items():
            print(f"  {label:<34} {count:>3} {trips[label]:>3}")

        lat = latencies(servers, [x for pair in zip(lists, large_lists) for x in pair], auth)
        print(f"\nlists: {large_data.describe()} against {small_data.describe()}\n"
              f"(goal: latency and SQL statements <= {FLAT_GOAL}x; latency: one client, median p50 of 12 batches of "
              f"15, the scales alternating; buffers: shared blocks the list's SELECT touched)")
        print(f"{'list':<32} {'rows':>5} {'bytes':>7} {'p50 ms small -> large':>22} {'ratio':>6} {'SQL':>8} "
              f"{'ratio':>6} {'buffers':>14} {'filtered':>9}")
        plans = []
        for ep, big in zip(lists, large_lists):
            (s_p50, size, s_err), (p50, _, err) = lat[ep.label], lat[big.label]
            errors += (s_err + err)[:3]
            rows = len(items_of(inproc["app"].call(ep, auth["app"]).get_json()))
            s_count = len(inproc["app"].statements_of(ep, auth["app"]))
            count = len(inproc["large"].statements_of(big, auth["large"]))
            s_plan, plan = inproc["app"].plan_of(ep, auth["app"]), inproc["large"].plan_of(big, auth["large"])
            lat_ratio, sql_ratio = p50 / s_p50, count / max(s_count, 1)
            bad = [what for what, r in (("latency", lat_ratio), ("SQL", sql_ratio)) if r > FLAT_GOAL]
            if bad:
                missed.append(f"{ep.label}: {' and '.join(bad)} not flat ({lat_ratio:.2f}x, {sql_ratio:.2f}x)")
            print(f"{ep.label:<32} {rows:>5} {size:>7,} {s_p50:>10.2f} -> {p50:>7.2f} {lat_ratio:>5.2f}x "
                  f"{s_count:>2} -> {count:>2} {sql_ratio:>5.2f}x {s_plan['buffers']:>5} -> {plan['buffers']:>5} "
                  f"{plan['filtered']:>9,} {'MISSED' if bad else 'ok'}")
            plans.append(f"  {ep.label}: {plan['scan'] or '?'}, {plan['ms']:.2f} ms in the database "
                         f"(small: {s_plan['scan'] or '?'}, {s_plan['ms']:.2f} ms)")
        print("plans of each list's SELECT at the large scale:\n" + "\n".join(plans))

        large = throughput(servers, [eps[0], *large_lists], auth)
        missed += print_throughput(f"list throughput at {large_data.describe()}", [eps[0], *large_lists], large)
        errors += [f"{label}: {e}" for label, r in large.items() for e in r.errors[:3]]
        print(f"\nprocess start (python -c 'import api.wsgi', best of 3): {start_up_ms():.0f} ms")
    finally:
        for one in inproc.values():
            one.close()
        for server in servers.values():
            server.stop()

    print()
    for line in missed:
        print(f"MISSED {line}")
    if not missed:
        print("every goal met")
    for line in errors:
        print(f"ERROR {line}")
    print(f"bench finished in {time.perf_counter() - started:.0f} s, load average {os.getloadavg()[0]:.1f}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
