"""The README's award-cycle walk (docs/cycle_walk.sh) runs as written: curl against `mqa serve` on a
fresh embedded instance seeded with the demo data, exactly as after `make run`."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_readme_cycle_walk_runs_against_make_run(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MQA_", "DATABASE_URL", "REDIS_URL"))}
    env.update(MQA_INSTANCE_PATH=str(tmp_path), MQA_RATELIMIT_STORAGE_URL="memory://")
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run([BIN / "mqa", *command], env=env, cwd=ROOT, check=True, capture_output=True)
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen([BIN / "mqa", "serve", "--port", str(port)], env=env, cwd=ROOT, stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json", timeout=2).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        walk = subprocess.run(["bash", ROOT / "docs" / "cycle_walk.sh"], cwd=ROOT, capture_output=True, text=True,
                              env={**env, "API": f"http://127.0.0.1:{port}/api/v1",
                                   "CREDENTIALS": str(tmp_path / "demo-credentials.json")}, timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    assert walk.returncode == 0, walk.stdout + walk.stderr + (tmp_path / "server.log").read_text()[-3000:]
    lines = walk.stdout.splitlines()
    assert "submitted" in lines and "accepted" in lines, walk.stdout
    assert any("'accepted')" in line for line in lines), walk.stdout  # the office's and the applicant's lists
    assert any("application.submitted" in line and "cycle.advanced" in line for line in lines), walk.stdout
    # the review: three stages drawn, re-run and scored; the ranking, the allocation and the decision
    assert sum(line == "verification holds: True" for line in lines) == 3, walk.stdout
    assert sum(line.startswith("drawn: ") and "(4, '申报" in line for line in lines) == 3, walk.stdout  # conflicted
    assert any(line.startswith("materials_review score: ") for line in lines), walk.stdout
    ranking = next(line for line in lines if line.startswith("ranking: "))
    assert ranking.endswith("award: [1]"), ranking
    assert any(line.startswith("decision: 南通市质量发展委员会") for line in lines), walk.stdout
    assert any("panel.draw_revealed" in line and "review.decision_recorded" in line for line in lines), walk.stdout
    notice = next(line for line in lines if line.startswith("notice: "))
    assert "候选名单公示" in notice and notice.endswith("(nantong/2023 第二十四条)"), notice
    assert "the board's page (no token, no JavaScript) links to its objection form" in lines, walk.stdout
    assert lines[-1] == "objection: dismissed, 经核实，获奖证书与发证机关记录一致", walk.stdout
