"""Eligibility throughput: 10,000 generated applications through the real hook path, one core.

Prints verdicts per second for the hook path (facts already validated, as when a cycle screens
its stored applications) and, separately, for schema validation, each with its ratio to an anchor
run in the same process on the same facts: ``json.dumps`` of each application (what storing it
costs). The machine is shared and noisy; compare the ratios between runs. Asserts nothing.
Run: `.venv/bin/python benchmarks/eligibility.py [N]`.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from collections import Counter

from core.engine.eligibility import assess, load_facts
from core.engine.plugins import JurisdictionRegistry

ON = dt.date(2024, 5, 1)
REPEATS = 5


def generate(rng: random.Random) -> dict:
    day = lambda lo, hi: (dt.date(lo, 1, 1) + dt.timedelta(days=rng.randrange((hi - lo) * 365))).isoformat()  # noqa: E731
    return {
        "registration_city": rng.choice(["南通市"] * 9 + ["苏州市"]),
        "independent_legal_person": rng.random() > 0.05,
        "founded_on": day(1995, 2023),
        "is_industrial": rng.random() > 0.4,
        "is_construction": rng.random() > 0.85,
        "excellence_model_since": day(2010, 2024) if rng.random() > 0.1 else None,
        "chief_quality_officer": rng.random() > 0.1,
        "environmental_credit_rating": rng.choice(["green", "blue", "blue", "yellow"]),
        "safety_standardisation_level": rng.choice([1, 2, 2, 3]),
        "related_applications_this_cycle": rng.choice([0] * 9 + [1]),
        "honours": [{"kind": rng.choice(["county_government_quality_award", "luban_award",
                                         "provincial_quality_credit_aaa", "national_quality_project_award"]),
                     "awarded_on": day(2012, 2024)} for _ in range(rng.randrange(4))],
        "accidents": [{"category": rng.choice(["production_safety", "quality", "environment"]),
                       "grade": rng.choice(["general", "general", "larger"]), "occurred_on": day(2018, 2024)}
                      for _ in range(rng.randrange(3))],
        "records": [{"kind": rng.choice(["administrative_penalty", "dishonesty", "spot_check_failure",
                                         "serious_violation", "tax_violation"]),
                     "decided_on": day(2018, 2024), "repaired_on": day(2022, 2025) if rng.random() > 0.5 else None}
                    for _ in range(rng.randrange(3))],
    }


def main(n: int = 10_000) -> None:
    registry = JurisdictionRegistry.discover()
    rules = registry.rules("nantong")
    rng = random.Random(20241123)
    raw = [generate(rng) for _ in range(n)]
    anchor = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        for r in raw:
            json.dumps(r, ensure_ascii=False)
        anchor = min(anchor, time.perf_counter() - start)
    print(f"anchor: json.dumps of each application: {n / anchor:,.0f}/s ({anchor * 1e6 / n:.1f} µs each)")
    for code in ("2023", "2020"):
        version = rules.jurisdiction.version(code)
        start = time.perf_counter()
        facts = [load_facts(rules, version, "organization", r) for r in raw]
        validation = time.perf_counter() - start
        statuses: Counter[str] = Counter()
        streamed = held = float("inf")
        for _ in range(REPEATS):  # best of several: other processes share the machine
            statuses.clear()
            start = time.perf_counter()
            for f in facts:  # as a screening job does: judge, record the status, let the verdict go
                statuses[assess(rules, version, "organization", f, on_date=ON).status.value] += 1
            streamed = min(streamed, time.perf_counter() - start)
            start = time.perf_counter()
            verdicts = [assess(rules, version, "organization", f, on_date=ON) for f in facts]
            held = min(held, time.perf_counter() - start)
        findings = sum(len(v.findings) for v in verdicts) / n
        print(f"nantong/{code}: {n} applications, {findings:.1f} findings each, best of {REPEATS} runs")
        print(f"  hook path, streamed:   {n / streamed:>9,.0f} verdicts/s  ({streamed * 1e6 / n:.1f} µs each, "
              f"{streamed / anchor:.1f}x the anchor)")
        print(f"  hook path, all {n} verdicts kept in memory: {n / held:,.0f} verdicts/s "
              "(the garbage collector walks the growing heap)")
        print(f"  schema validation:     {n / validation:>9,.0f} applications/s "
              f"({validation / anchor:.1f}x the anchor)")
        print(f"  outcomes: {dict(statuses)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
