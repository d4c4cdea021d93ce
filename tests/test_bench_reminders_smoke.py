"""The reminders benchmark (``benchmarks/reminders_volume.py``) still runs and prints its figures.

It needs PostgreSQL; here it runs with 30 awards against a scratch database beside the suite's
(``<name>_bench_reminders`` on the server of ``MQA_TEST_DATABASE_URL``: the script drops its database's
public schema, so never the suite's own), so a change to the duties' tables or to the reminder job that
breaks the benchmark fails the suite instead.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "reminders_volume.py"
N = 30


def test_benchmark_runs_and_prints_figures_and_ratio():
    url = os.environ.get("MQA_TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        pytest.skip("the reminders benchmark runs on PostgreSQL only: set MQA_TEST_DATABASE_URL")
    parsed = make_url(url.replace("postgresql+psycopg://", "postgresql://"))
    scratch = parsed.set(drivername="postgresql", database=f"{parsed.database}_bench_reminders") \
        .render_as_string(hide_password=False)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BENCH_", "MQA_TEST_"))}
    env.pop("REDIS_URL", None)
    result = subprocess.run([sys.executable, str(BENCH), "--awards", str(N), "--repeat", "2",
                             "--database-url", scratch], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=600)
    out = result.stdout
    assert result.returncode == 0, out[-3000:] + result.stderr[-3000:]
    assert re.search(r"A\. reminder job: median [\d,]+ ms over 2 runs", out), out
    assert re.search(r"ratio application / anchor: [\d.]+x", out), out
    figures = json.loads(out.strip().splitlines()[-1])
    assert figures["awards"] == N and figures["app_ms"] > 0 and figures["anchor_ms"] > 0
