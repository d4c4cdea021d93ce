"""The cycle workbook and the committee workbook of a large cycle, on PostgreSQL: N applications x E experts
x 3 review stages, built as background jobs through the API and downloaded.

Set-up (not measured) is benchmarks/review_volume.py's, imported, not copied: a Nantong tenant pinned to
2023, its office admin, a cycle at ``presentation``, N accepted applications, E experts seated and
confirmed on one panel per 50 applications at each review stage, N x E x 3 submitted sheets of 7 items
(COPY as the database owner), ``review_aggregation`` = ``mean``. The application connects as a member of
``mqa_app`` (row-level security on), its jobs run in-process.

Measured, in this one process, each run alternating with the anchor so both see the same load:

A. ``POST /api/v1/cycles/<id>/workbooks {"kind": "cycle"}`` until the job is finished (polling its row
   every 250 ms), then ``GET /api/v1/jobs/<id>/download``: seconds, bytes, the rows of the score-sheet
   sheet (checked: one per sheet in the database).
B. The same for ``{"kind": "committee"}``: seconds, bytes, the charts (checked: a ranking row per
   application).
Anchor. The raw read of what the long sheets hold: every score sheet of the cycle (id, stage, panel,
   application, expert, items, score, status) and every application (id, facts), fetched by psycopg as
   the application role behind the same row-level security, nothing written.

Printed: N, the sheets, each job's time, its file's size and its ratio to the anchor, and the process's
peak resident memory after each job. Exit status 0 unless a request or a check fails.
Run: ``.venv/bin/python benchmarks/workbooks_volume.py [--applications N] [--experts E] [--repeat R]
[--seed S] [--database-url URL]``.
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from request_cost import pg  # noqa: E402
from review_volume import API, Bench, make_safe  # noqa: E402

ANCHOR_SQL = """
    SELECT s.id, s.stage, s.panel_id, s.application_id, s.expert_id, s.items, s.score, s.status
      FROM score_sheets s WHERE s.cycle_id = %(cycle)s ORDER BY s.stage, s.id"""
ANCHOR_APPLICATIONS = "SELECT a.id, a.facts FROM applications a WHERE a.cycle_id = %(cycle)s ORDER BY a.id"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_workbooks"),
        help="the scratch database's owner (created if missing, its public schema dropped)")
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--experts", type=int, default=5, help="experts on every panel (each scores every application)")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each workbook and of the anchor (median)")
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args(argv)
    if args.applications < 1 or args.experts < 1 or args.repeat < 1:
        parser.error("--applications, --experts and --repeat are at least 1")
    return args


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def workbook_once(bench: Bench, kind: str) -> tuple[float, dict[str, Any], bytes]:
    """Start the job, wait for it, download the file: (seconds, the finished job, the bytes)."""
    began = time.perf_counter()
    job = bench.call("POST", f"{API}/cycles/{bench.cycle_id}/workbooks", 202, bench.admin, {"kind": kind}).get_json()
    while True:
        state = bench.call("GET", f"{API}/jobs/{job['id']}", 200, bench.admin).get_json()
        if state["status"] in ("finished", "failed"):
            break
        time.sleep(0.25)
    if state["status"] != "finished":
        raise SystemExit(f"the {kind} workbook job failed: {state.get('error')}")
    content = bench.call("GET", f"{API}/jobs/{job['id']}/download", 200, bench.admin).data
    return time.perf_counter() - began, state, content


def anchor_once(conn: psycopg.Connection, bench: Bench) -> tuple[float, int]:
    from core.platform.tenancy import SET_DATABASE_SCOPE

    began = time.perf_counter()
    with conn.transaction():
        conn.execute(SET_DATABASE_SCOPE, (str(bench.tenant_id), "0"))
        rows = len(conn.execute(ANCHOR_SQL, {"cycle": bench.cycle_id}).fetchall())
        rows += len(conn.execute(ANCHOR_APPLICATIONS, {"cycle": bench.cycle_id}).fetchall())
    return time.perf_counter() - began, rows


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    started = time.perf_counter()
    n, e = args.applications, args.experts
    bench = Bench(args)
    problems: list[str] = []
    try:
        bench.build()
        bench.tenant_and_cycle()
        bench.seed()
        print(f"workbooks volume: {n} applications x {e} experts x {len(bench.stages)} stages, {bench.sheets} "
              f"submitted sheets, database {make_safe(bench.owner)}, the app behind row-level security; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; set-up {time.perf_counter() - started:.0f} s")
        times: dict[str, list[float]] = {"cycle": [], "committee": []}
        anchors: list[float] = []
        files: dict[str, tuple[dict[str, Any], bytes]] = {}
        peaks: dict[str, float] = {}
        anchor_rows = 0
        with psycopg.connect(pg(bench.app_url)) as conn:
            for _ in range(args.repeat):
                for kind in ("cycle", "committee"):
                    seconds, state, content = workbook_once(bench, kind)
                    times[kind].append(seconds)
                    files[kind] = (state, content)
                    peaks[kind] = peak_mib()
                seconds, anchor_rows = anchor_once(conn, bench)
                anchors.append(seconds)
        anchor = statistics.median(anchors)

        state, content = files["cycle"]
        rows = state["result"]["rows"]
        if rows.get("评分表") != bench.sheets:
            problems.append(f"the cycle workbook has {rows.get('评分表')} score sheet rows, the database {bench.sheets}")
        if rows.get("申报（组织）") != n:
            problems.append(f"the cycle workbook has {rows.get('申报（组织）')} applications, the database {n}")
        cycle_s = statistics.median(times["cycle"])
        print(f"\nA. cycle workbook: median {cycle_s:.2f} s of {args.repeat} "
              f"({', '.join(f'{t:.2f}' for t in times['cycle'])} s), {len(content):,} bytes, "
              f"{sum(v for k, v in rows.items() if k != 'charts'):,} rows in {len(rows)} sheets "
              f"({rows.get('评分表'):,} score sheets); peak RSS {peaks['cycle']:.0f} MiB")
        state, content = files["committee"]
        rows = state["result"]["rows"]
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            charts = sum(1 for name in archive.namelist() if name.startswith("xl/charts/chart"))
        if rows.get("排名") != n:
            problems.append(f"the committee workbook ranks {rows.get('排名')} applications of {n}")
        if charts != rows.get("charts"):
            problems.append(f"{charts} charts in the file, {rows.get('charts')} reported")
        committee_s = statistics.median(times["committee"])
        print(f"B. committee workbook: median {committee_s:.2f} s of {args.repeat} "
              f"({', '.join(f'{t:.2f}' for t in times['committee'])} s), {len(content):,} bytes, "
              f"{rows.get('排名'):,} ranked, {charts} charts; peak RSS {peaks['committee']:.0f} MiB")
        print(f"anchor, raw read of the sheets and applications ({anchor_rows:,} rows fetched by psycopg): "
              f"median {anchor * 1000:.0f} ms of {args.repeat}")
        print(f"ratio cycle workbook/anchor: {cycle_s / anchor:.1f}x; committee workbook/anchor: {committee_s / anchor:.1f}x")
        for problem in problems:
            print(f"CHECK FAILED: {problem}")
        if not problems:
            print(f"checked: {bench.sheets} score sheet rows and {n} applications in the cycle workbook, {n} ranked "
                  f"and every chart in the committee workbook")
        print(f"bench finished in {time.perf_counter() - started:.0f} s, load average {os.getloadavg()[0]:.1f}")
        return 1 if problems else 0
    finally:
        bench.close()


if __name__ == "__main__":
    raise SystemExit(main())
