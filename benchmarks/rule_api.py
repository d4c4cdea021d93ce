"""The stateless rule API's computations against a bare Flask endpoint, in one process.

Each line prints requests per second, p50/p95, and the ratio of its p50 to the anchor's: a bare
Flask endpoint that parses the same JSON body and answers a small dict, through the same WSGI test
client. The machine is shared and noisy; the ratio is the figure to compare between runs.
Prints figures; asserts nothing. Run: `.venv/bin/python benchmarks/rule_api.py [N]`.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from flask import Flask, request

from api.app import create_app
from core.platform import migrate
from core.platform.config import Settings
from core.platform.models import Role
from core.platform.runtime import Runtime
from core.testing import TEST_PASSWORD, TenantFactory

N23 = "/api/v1/rules/nantong"
RANKED = [{"id": f"org{i}", "entry_kind": "organization", "flags": ["sme"] if i % 7 == 0 else []} for i in range(60)]
CALLS = [
    ("total (decimal scores)", "POST", f"{N23}/total",
     {"version": "2023", "entry_kind": "organization",
      "stage_scores": {"materials_review": "812.5", "on_site_review": 903.25, "presentation": 700}}),
    ("quota-allocation (60 ranked)", "POST", f"{N23}/quota-allocation",
     {"version": "2023", "tier": "award", "ranked": RANKED}),
    ("reward", "POST", f"{N23}/reward", {"version": "2023", "tier": "award", "entry_kind": "organization",
                                          "history": [{"tier": "nomination", "cycle_year": 2019}]}),
    ("sanction", "POST", f"{N23}/sanction", {"version": "2023", "violation": "false_application",
                                              "decided_on": "2024-03-10"}),
    ("notice-dates (working days)", "POST", f"{N23}/notice-dates",
     {"version": "2023", "stage": None, "published_on": "2024-09-27"}),  # the stage of the first notice
    ("summary (facts probe cached)", "GET", f"{N23}/summary?version=2023", None),
    ("facts-schema (marked)", "GET", f"{N23}/facts-schema?version=2023&entry_kind=organization", None),
]


def samples(send, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        response = send()
        out.append(time.perf_counter() - start)
        assert response.status_code == 200, response.get_json()
    return sorted(out)


def p(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(len(values) * q))] * 1000


def main(n: int = 400) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="mqa-bench-"))
    settings = Settings.from_env({"MQA_INSTANCE_PATH": str(tmp), "DATABASE_URL": f"sqlite:///{tmp / 'b.sqlite3'}"})
    migrate.upgrade(settings.database_url)
    runtime = Runtime.build(settings)
    TenantFactory(runtime).user(None, Role.PLATFORM_ADMIN, "bench")
    client = create_app(runtime=runtime).test_client()
    token = client.post("/api/v1/auth/login", json={"username": "bench", "password": TEST_PASSWORD}).get_json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}

    bare = Flask("anchor")

    @bare.post("/echo")
    def echo():
        body = request.get_json()
        return {"keys": len(body), "ok": True}

    anchor_client = bare.test_client()
    body = CALLS[0][3]
    anchor = samples(lambda: anchor_client.post("/echo", json=body), n)
    first = time.perf_counter()
    client.get(f"{N23}/summary?version=2020", headers=headers)  # the first summary of a version runs the probe
    probe_ms = (time.perf_counter() - first) * 1000
    notices = client.get(f"{N23}/summary?version=2023", headers=headers).get_json()["notices"]
    next(c for c in CALLS if c[0].startswith("notice"))[3]["stage"] = notices[0]["stage"]
    print(f"{'anchor: bare Flask POST /echo':<34} {n / sum(anchor):>8,.0f}/s  p50 {p(anchor, .5):6.2f} ms  "
          f"p95 {p(anchor, .95):6.2f} ms  ratio 1.0")
    for name, method, path, json in CALLS:
        timing = samples(lambda: client.open(path, method=method, json=json, headers=headers), n)
        print(f"{name:<34} {n / sum(timing):>8,.0f}/s  p50 {p(timing, .5):6.2f} ms  p95 {p(timing, .95):6.2f} ms  "
              f"ratio {p(timing, .5) / p(anchor, .5):5.1f}")
    print(f"first summary of a version (runs the facts probe, then cached): {probe_ms:.1f} ms")
    runtime.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
