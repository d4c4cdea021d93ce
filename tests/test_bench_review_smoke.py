"""The review volume benchmark (``benchmarks/review_volume.py``) still runs and prints its figures.

The benchmark needs PostgreSQL and is meant for 10,000 applications; here it runs with 40 against a
scratch database beside the suite's (``<name>_bench_review`` on the server of ``MQA_TEST_DATABASE_URL``:
the script drops its database's public schema, so never the suite's own), so a change to the review's
tables or to the ranking that breaks the benchmark fails the suite instead. Its score generator is
checked on any database.
"""
from __future__ import annotations

import importlib.util
import os
import random
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from core.engine.rules import GBT_19580_2012

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "review_volume.py"
N = 40


@pytest.fixture(scope="module")
def bench():
    """The benchmark script as a module; the path entries and modules it adds are removed after."""
    path, modules = list(sys.path), set(sys.modules)
    spec = importlib.util.spec_from_file_location("review_volume_under_test", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.path[:] = path
    for name in set(sys.modules) - modules:
        if name in ("review_volume_under_test", "request_cost", "anchor", "eligibility"):
            del sys.modules[name]


def test_generated_sheets_stay_within_the_points_and_add_up(bench):
    """Every generated item is decimal text within its points; the score is their exact sum."""
    items = tuple((code, points) for code, _name, points in GBT_19580_2012)
    rng = random.Random(7)
    scores = set()
    for _ in range(500):
        values, score = bench.sheet_items(rng, items, rng.uniform(0.3, 1.0))
        assert list(values) == [code for code, _ in items]
        for code, points in items:
            value = Decimal(values[code])
            assert 0 <= value <= points and value == value.quantize(Decimal("0.01")), (code, values[code])
        assert Decimal(score) == sum(Decimal(v) for v in values.values())
        assert "." not in score or not score.endswith("0"), score  # no trailing zeros
        scores.add(score)
    assert len(scores) > 400  # varied, not a handful of values
    assert [bench.decimal_text(c) for c in (12345, 12340, 12300, 5, 0)] == ["123.45", "123.4", "123", "0.05", "0"]


def test_benchmark_runs_and_prints_figures_and_ratio():
    url = os.environ.get("MQA_TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        pytest.skip("the review volume benchmark runs on PostgreSQL only: set MQA_TEST_DATABASE_URL")
    parsed = make_url(url.replace("postgresql+psycopg://", "postgresql://"))
    scratch = parsed.set(drivername="postgresql", database=f"{parsed.database}_bench_review") \
        .render_as_string(hide_password=False)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BENCH_", "MQA_TEST_"))}
    env.pop("REDIS_URL", None)
    result = subprocess.run([sys.executable, str(BENCH), "--applications", str(N), "--repeat", "2",
                             "--database-url", scratch],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    out = result.stdout
    assert result.returncode == 0, out[-3000:] + result.stderr[-3000:]
    assert re.search(rf"ranked: {N} of {N} applications \(0 incomplete", out), out
    assert re.search(rf"sheets: {N * 5 * 3} submitted \({N} x 5 x 3\), {N * 5 * 3 * 7} item scores", out), out
    assert re.search(r"A\. GET /cycles/\d+/ranking: median [\d.]+ ms of 2 .*; \d+ SQL statements", out), out
    assert re.search(rf"anchor, one SQL aggregate .*{N} rows fetched\): median [\d.]+ ms of 2", out), out
    ratio = re.search(r"ratio app/anchor: ([\d.]+)x \(aim at most 1\.5x\)", out)
    assert ratio, out
    if abs(float(ratio.group(1)) - 1.5) > 0.01:  # the printed ratio is rounded
        assert ("MISSED: aim 1.5x" in out) == (float(ratio.group(1)) > 1.5), out
    assert f"checked: every application ranked once, winners allocated, all {N} totals equal" in out, out
    assert "CHECK FAILED" not in out and "bench finished in" in out, out
