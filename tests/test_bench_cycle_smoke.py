"""The cycle volume benchmark (``benchmarks/cycle_volume.py``) still runs and prints its figures.

The benchmark needs PostgreSQL and takes minutes at 10,000 applications; here it runs with 30 against
a scratch database beside the suite's (``<name>_bench_cycle`` on the server of ``MQA_TEST_DATABASE_URL``:
the script drops its database's public schema, so never the suite's own), so an API change that breaks
the benchmark fails the suite instead. Its facts generator is checked on any database.
"""
from __future__ import annotations

import importlib.util
import os
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from core.engine.eligibility import assess, load_facts
from tests.lifecycle import eligible_facts

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "cycle_volume.py"
N = 30


@pytest.fixture(scope="module")
def bench():
    """The benchmark script as a module; the path entries and modules it adds are removed after."""
    path, modules = list(sys.path), set(sys.modules)
    spec = importlib.util.spec_from_file_location("cycle_volume_under_test", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.path[:] = path
    for name in set(sys.modules) - modules:
        if name in ("cycle_volume_under_test", "request_cost", "anchor", "eligibility"):
            del sys.modules[name]


def test_generated_facts_are_complete_and_screen_three_ways(bench, mqa_registry):
    """Every generated application passes the full facts check a submission makes, and the verdicts differ."""
    rules = mqa_registry.rules("nantong")
    version = rules.jurisdiction.version("2023")
    base, _ = eligible_facts("nantong", "2023", "organization")
    rng = random.Random(5)
    statuses: Counter[str] = Counter()
    names = set()
    for i in range(300):
        raw = bench.vary_facts(base, rng, i)
        names.add(raw["name"])
        facts = load_facts(rules, version, "organization", raw)
        statuses[assess(rules, version, "organization", facts, on_date=bench_day()).status.value] += 1
    assert len(names) == 300
    assert set(statuses) == {"eligible", "pending_confirmation", "ineligible"}, statuses
    assert min(statuses.values()) >= 15, statuses  # each outcome is a real share, not a stray case
    assert base == eligible_facts("nantong", "2023", "organization")[0]  # the cached case is not mutated


def bench_day():
    from core.platform import clock

    return clock.today()


def test_benchmark_runs_and_prints_figures_and_ratios(tmp_path):
    url = os.environ.get("MQA_TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        pytest.skip("the cycle volume benchmark runs on PostgreSQL only: set MQA_TEST_DATABASE_URL")
    parsed = make_url(url.replace("postgresql+psycopg://", "postgresql://"))
    scratch = parsed.set(drivername="postgresql", database=f"{parsed.database}_bench_cycle") \
        .render_as_string(hide_password=False)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BENCH_", "MQA_TEST_"))}
    env.pop("REDIS_URL", None)
    result = subprocess.run([sys.executable, str(BENCH), "--applications", str(N), "--database-url", scratch],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    out = result.stdout
    assert result.returncode == 0, out[-3000:] + result.stderr[-3000:]
    assert re.search(rf"application: +[\d.]+ pairs/s +p50 +[\d.]+ ms +p95 +[\d.]+ ms", out), out
    assert re.search(r"anchor: +[\d.]+ pairs/s", out), out
    assert re.search(r"ratio application/anchor: [\d.]+x", out), out
    job = re.search(rf"job: +[\d.]+ s +[\d.]+ applications/s +\({N} screened of {N}", out)
    assert job, out
    outcomes = re.search(r"outcomes \(from the database\): eligible (\d+) / needs_attestation (\d+) / "
                         r"ineligible (\d+)", out)
    assert outcomes and sum(map(int, outcomes.groups())) == N, out
    assert re.search(r"ratio job/aggregate time [\d,]+x", out), out
    assert re.search(r"ratio job/engine time [\d.]+x", out), out
    assert "the same as the job's" in out, out  # the engine alone judged the stored facts alike
    assert re.search(r"SQL statements from the job's thread: \d+ \([\d.]+ per screened application", out), out
    assert "summary" in out and "bench finished in" in out, out
