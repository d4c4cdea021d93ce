"""Winners' reminders at volume: N awards, each with three yearly reports (Nantong 2023 第二十八条), one
reminder run that finds N reports due and reminds every winner, on PostgreSQL as the application role
(row-level security on).

Measured, in this one process, alternating run by run so both see the same machine load:

A. The reminder job's work (:func:`core.awards.obligations.sweep`, what ``POST /reminders/run`` queues):
   extend open-ended duties (none here), then for each due report an inbox message to the winner's
   user, the reminder row (unique per duty and kind) and the audit event (hash-chained), each in a
   savepoint (a concurrent run's duplicate skips that one alone), committed 200 at a time. Median of ``--repeat`` runs; between runs
   the reminders and messages are deleted as the owner (the audit events stay: the trail is
   append-only), so every run sends N again.
Anchor. The same rows written set-based by hand: one ``INSERT … SELECT`` of the N messages and one of
   the N reminder rows, joined through awards, applications and applicants, in one transaction as the
   application role, then rolled back. No audit trail, no per-row commit: the floor of the writes.

Printed: N, both medians, the ratio application/anchor, and the per-reminder cost of the application.
The reminders' guarantee (once per duty and kind, caught up after a missed run) costs a savepoint and an
audit event each; the ratio says what that costs against the bare writes.

Set-up is not measured: a Nantong tenant pinned to 2023, a cycle, then with COPY as the owner: N
applicant users, applicants, accepted applications, N awards approved on 2026-06-01 and their 3N
reports (due 31 March of 2027, 2028, 2029). The run's day is 2027-03-25 (the first report due in 6
days, within the 14-day lead). The database is a scratch one: its ``public`` schema is dropped.
Run: ``.venv/bin/python benchmarks/reminders_volume.py [--awards N] [--repeat R] [--database-url URL]``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from request_cost import pg  # noqa: E402
from review_volume import Bench, copy, ids  # noqa: E402
from core.awards.obligations import SWEEP_BATCH  # noqa: E402

RUN_DAY = dt.date(2027, 3, 25)
AWARDED_ON = dt.date(2026, 6, 1)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_reminders_db"),
        help="the scratch database's owner (created if missing, its public schema dropped)")
    parser.add_argument("--awards", type=int, default=2_000, help="winners, each with three yearly reports")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (median)")
    args = parser.parse_args(argv)
    if args.awards < 1 or args.repeat < 1:
        parser.error("--awards and --repeat are at least 1")
    # Bench's set-up reads these names
    args.applications, args.experts, args.seed = args.awards, 1, 0
    return args


def seed(bench: Bench, n: int) -> None:
    from core.applications.models import Applicant, Application
    from core.awards.models import LedgerAward, Obligation
    from core.platform import security
    from core.platform.models import User

    t = bench.tenant_id
    shared_hash = security.hash_password("benchmark-password-1")
    cite = {"jurisdiction": "nantong", "version": "2023", "article": "第二十八条", "text": "nantong/2023 第二十八条"}
    with psycopg.connect(pg(bench.owner)) as conn:
        copy(conn, User, ({"tenant_id": t, "username": f"win{i:05d}", "display_name": f"获奖单位 {i:05d}",
                           "role": "applicant", "password_hash": shared_hash} for i in range(n)))
        users = [row[0] for row in conn.execute(
            "SELECT id FROM users WHERE tenant_id = %s AND role = 'applicant' ORDER BY username", (t,))]
        applicants, applications, awards = ids(conn, "applicants", n), ids(conn, "applications", n), \
            ids(conn, "ledger_awards", n)
        copy(conn, Applicant, ({"tenant_id": t, "id": a, "user_id": u, "kind": "organization",
                                "name": f"南通示范制造{i:05d}有限公司", "status": "approved", "origin": "invited",
                                "contact_email": ""} for i, (a, u) in enumerate(zip(applicants, users))))
        copy(conn, Application, ({"tenant_id": t, "id": p, "cycle_id": bench.cycle_id, "applicant_id": a,
                                  "entry_kind": "organization", "tiers": ["award"], "status": "accepted",
                                  "facts": {}} for p, a in zip(applications, applicants)))
        copy(conn, LedgerAward, ({"tenant_id": t, "id": w, "subject_kind": "organization",
                                  "name": f"南通示范制造{i:05d}有限公司", "source": "cycle", "tier": "award",
                                  "entry_kind": "organization", "cycle_year": 2026, "awarded_on": AWARDED_ON,
                                  "application_id": p, "cycle_id": bench.cycle_id, "honours": [],
                                  "title": "2026年度南通市市长质量奖"}
                                 for i, (w, p) in enumerate(zip(awards, applications))))
        duties = ids(conn, "obligations", 3 * n)
        copy(conn, Obligation, ({"tenant_id": t, "id": duties[3 * i + k], "award_id": w, "code": "annual_report",
                                 "description": "获奖后3年内每年填报年报表和自我评价报告", "citation": cite,
                                 "period": str(2026 + k), "due_on": dt.date(2027 + k, 3, 31),
                                 "due_text": "次年3月底前"} for i, w in enumerate(awards) for k in range(3)))
        conn.commit()
    with psycopg.connect(pg(bench.owner), autocommit=True) as conn:
        conn.execute("ANALYZE")  # as autovacuum would after a bulk load: the planner sees the real sizes


ANCHOR = """
WITH due AS (
    SELECT o.id AS obligation_id, o.due_on, p.user_id, o.description
    FROM obligations o
    JOIN ledger_awards w ON w.tenant_id = o.tenant_id AND w.id = o.award_id
    JOIN applications a ON a.tenant_id = w.tenant_id AND a.id = w.application_id
    JOIN applicants p ON p.tenant_id = a.tenant_id AND p.id = a.applicant_id
    WHERE o.tenant_id = %(t)s AND o.status = 'due' AND o.due_on <= %(horizon)s
), messages AS (
    INSERT INTO notifications (tenant_id, id, user_id, topic, subject, body, target_type, target_id, email_status,
                               email_error, created_at)
    SELECT %(t)s, nextval('notifications_id_seq'), user_id, 'reminder', '义务提醒', description, 'obligation',
           obligation_id::text, 'none', '', now() FROM due
    RETURNING 1
)
INSERT INTO reminders (tenant_id, id, obligation_id, kind, due_on, run_on, recipients, emailed, sent_at)
SELECT %(t)s, nextval('reminders_id_seq'), obligation_id, 'before', due_on, %(day)s, 1, 0, now() FROM due
"""


def app_once(bench: Bench) -> tuple[float, dict]:
    from core.awards import obligations
    from core.platform.tenancy import Scope


    with bench.runtime.session(Scope.tenant(bench.tenant_id)) as session:
        started = time.perf_counter()
        result = obligations.sweep(session, bench.runtime.registry, today=RUN_DAY, lead_days=14)
        return time.perf_counter() - started, result


def anchor_once(conn: psycopg.Connection, bench: Bench) -> tuple[float, int]:
    started = time.perf_counter()
    with conn.transaction(force_rollback=True):
        conn.execute("SELECT set_config('mqa.tenant_id', %s, true), set_config('mqa.platform', '', true)",
                     (str(bench.tenant_id),))
        written = conn.execute(ANCHOR, {"t": bench.tenant_id, "horizon": RUN_DAY + dt.timedelta(days=14),
                                        "day": RUN_DAY}).rowcount
    return time.perf_counter() - started, written


def forget(bench: Bench) -> None:
    with psycopg.connect(pg(bench.owner), autocommit=True) as conn:
        conn.execute("DELETE FROM reminders WHERE tenant_id = %s", (bench.tenant_id,))
        conn.execute("DELETE FROM notifications WHERE tenant_id = %s", (bench.tenant_id,))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    n = args.awards
    bench = Bench(args)
    started = time.perf_counter()
    try:
        bench.build()
        bench.tenant_and_cycle()
        seed(bench, n)
        print(f"reminders volume: {n} awards x 3 yearly reports, run on {RUN_DAY} (lead 14 days), database "
              f"{bench.owner.rsplit('@', 1)[-1]}, the app as {bench.app_url.split('//')[1].split('@')[0]} "
              f"(row-level security on); {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
              f"set-up {time.perf_counter() - started:.0f} s (not measured)")
        app_times, anchor_times, results, written = [], [], [], 0
        with psycopg.connect(pg(bench.app_url)) as conn:
            for _ in range(args.repeat):
                forget(bench)
                seconds, result = app_once(bench)
                app_times.append(seconds)
                results.append(result)
                forget(bench)
                seconds, written = anchor_once(conn, bench)
                anchor_times.append(seconds)
        problems = [f"run {i}: {r['reminders_sent']} reminders, expected {n}" for i, r in enumerate(results)
                    if r["reminders_sent"] != n]
        if written != n:
            problems.append(f"anchor wrote {written} reminder rows, expected {n}")
        app_ms, anchor_ms = statistics.median(app_times) * 1000, statistics.median(anchor_times) * 1000
        print(f"A. reminder job: median {app_ms:,.0f} ms over {args.repeat} runs "
              f"({', '.join(f'{t * 1000:,.0f}' for t in app_times)}), {app_ms / n:.2f} ms per reminder "
              f"(message + reminder row + audit event, each in a savepoint, {SWEEP_BATCH} per commit)")
        print(f"   anchor (set-based INSERT … SELECT, no trail): median {anchor_ms:,.0f} ms "
              f"({', '.join(f'{t * 1000:,.0f}' for t in anchor_times)})")
        print(f"   ratio application / anchor: {app_ms / anchor_ms:.1f}x")
        print(json.dumps({"awards": n, "app_ms": round(app_ms), "anchor_ms": round(anchor_ms),
                          "ratio": round(app_ms / anchor_ms, 2)}))
        for problem in problems:
            print("CHECK FAILED:", problem)
        return 1 if problems else 0
    finally:
        if bench.runtime is not None:
            bench.runtime.close()


if __name__ == "__main__":
    sys.exit(main())
