"""The workbooks volume benchmark (``benchmarks/workbooks_volume.py``) still runs and prints its figures.

It needs PostgreSQL and is meant for 10,000 applications; here it runs with 60 against a scratch
database beside the suite's (``<name>_bench_workbooks`` on the server of ``MQA_TEST_DATABASE_URL``: the
script drops its database's public schema, so never the suite's own), as the review benchmark's smoke
test does, so that a change to the workbooks or to the review's tables that breaks it fails the suite.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "workbooks_volume.py"
N = 60


def test_benchmark_runs_and_prints_sizes_times_and_ratios():
    url = os.environ.get("MQA_TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        pytest.skip("the workbooks volume benchmark runs on PostgreSQL only: set MQA_TEST_DATABASE_URL")
    parsed = make_url(url.replace("postgresql+psycopg://", "postgresql://"))
    scratch = parsed.set(drivername="postgresql", database=f"{parsed.database}_bench_workbooks") \
        .render_as_string(hide_password=False)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BENCH_", "MQA_TEST_"))}
    env.pop("REDIS_URL", None)
    result = subprocess.run([sys.executable, str(BENCH), "--applications", str(N), "--database-url", scratch],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    out = result.stdout
    assert result.returncode == 0, out[-3000:] + result.stderr[-3000:]
    sheets = N * 5 * 3
    assert re.search(rf"workbooks volume: {N} applications x 5 experts x 3 stages, {sheets} submitted sheets", out), out
    cycle = re.search(r"A\. cycle workbook: median ([\d.]+) s of 1 .*, ([\d,]+) bytes, .*\(([\d,]+) score sheets\)", out)
    assert cycle and int(cycle.group(2).replace(",", "")) > 10_000, out
    assert int(cycle.group(3).replace(",", "")) == sheets, out
    committee = re.search(rf"B\. committee workbook: median ([\d.]+) s of 1 .*, ([\d,]+) bytes, {N} ranked, 7 charts", out)
    assert committee, out
    assert re.search(r"anchor, raw read of the sheets and applications \(([\d,]+) rows fetched by psycopg\)", out), out
    assert re.search(r"ratio cycle workbook/anchor: [\d.]+x; committee workbook/anchor: [\d.]+x", out), out
    assert "CHECK FAILED" not in out and "checked:" in out and "bench finished in" in out, out
