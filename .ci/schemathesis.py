"""Fuzz the live API with schemathesis, once per role, against its own OpenAPI document.

Starts ``mqa serve`` on a free port with a SQLite database in a temporary instance folder, creates
one tenant with a user of every tenant role and a central admin, logs each in, and runs
``schemathesis run`` with that token (settings and the checks left out, with reasons, in
``.ci/schemathesis.toml``). Exits non-zero when any run finds a failure (a server error,
a response that breaks the document, a valid request refused, an invalid one accepted, ...).

    .venv/bin/python .ci/schemathesis.py [--max-examples N] [--seed S] [--role ROLE ...] [-- extra args]

Runs that change what later runs stand on go last: tenant roles before the central admin (who can
suspend the tenant), the office admin last of those (who can disable users). ``POST /auth/logout``
is not fuzzed: it would revoke the token the run authenticates with.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "fuzz-correct-horse-battery"
ROLES = ("applicant", "expert", "supervisor", "office_staff", "office_admin", "platform_admin")
EXCLUDED = ("/api/v1/auth/logout",)
THOROUGH = ("office_admin", "platform_admin")
"""Roles whose runs add the coverage phase (every boundary of every field): they reach every operation;
the others mostly meet 403, so examples and fuzzing suffice, and the whole run stays within minutes."""
CONFIG = Path(__file__).with_name("schemathesis.toml")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(env: dict[str, str]) -> None:
    """One tenant with a user of every role, and a central admin, straight through the services."""
    script = f"""
from core.platform.config import Settings
from core.platform.models import Role
from core.platform.runtime import Runtime
from core.testing import TenantFactory
runtime = Runtime.build(Settings.from_env())
factory = TenantFactory(runtime, password={PASSWORD!r})
tenant = factory.tenant("fuzz", jurisdiction="nantong")
for role in Role.tenant_roles():
    factory.user(tenant, role, "fuzz-" + role.value)
factory.user(None, Role.PLATFORM_ADMIN, "fuzz-platform_admin")
runtime.close()
"""
    subprocess.run([BIN / "mqa", "db", "upgrade"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT)


def wait_for(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer {url} within {seconds} s")


def login(base: str, role: str) -> str:
    body = {"username": f"fuzz-{role}", "password": PASSWORD}
    if role != "platform_admin":
        body["tenant"] = "fuzz"
    request = urllib.request.Request(f"{base}/api/v1/auth/login", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["access_token"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=15)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--role", action="append", choices=ROLES, help="only these roles (default: every role)")
    parser.add_argument("extra", nargs="*", help="passed to schemathesis run (after --)")
    args = parser.parse_args()
    roles = [r for r in ROLES if not args.role or r in args.role]

    with tempfile.TemporaryDirectory(prefix="mqa-fuzz-") as instance:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MQA_", "DATABASE_URL", "REDIS_URL"))}
        env.update(MQA_INSTANCE_PATH=instance, MQA_RATELIMIT_STORAGE_URL="memory://",
                   MQA_RATELIMIT_LOGIN="1000000 per minute", MQA_RATELIMIT_DEFAULT="1000000 per minute")
        seed(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(Path(instance) / "server.log", "w")  # noqa: SIM115 - closed with the server below
        server = subprocess.Popen([BIN / "mqa", "serve", "--port", str(port)], env=env, cwd=ROOT,
                                  stdout=log, stderr=subprocess.STDOUT)
        failed: list[str] = []
        try:
            wait_for(f"{base}/api/openapi.json", server)
            tokens = {role: login(base, role) for role in roles}
            for role in roles:
                print(f"== schemathesis as {role}", flush=True)
                phases = "examples,coverage,fuzzing,stateful" if role in THOROUGH else "examples,fuzzing,stateful"
                command = [BIN / "schemathesis", "--config-file", CONFIG, "run", f"{base}/api/openapi.json",
                           "--header", f"Authorization: Bearer {tokens[role]}", "--phases", phases,
                           "--max-examples", str(args.max_examples), "--seed", str(args.seed), "--no-color",
                           *[arg for path in EXCLUDED for arg in ("--exclude-path", path)], *args.extra]
                if subprocess.run(command, cwd=instance).returncode != 0:
                    failed.append(role)
        finally:
            server.terminate()
            server.wait(timeout=10)
            log.close()
            if failed or server.returncode not in (0, -15):
                print((Path(instance) / "server.log").read_text()[-5000:], file=sys.stderr)
    if failed:
        print(f"schemathesis found failures as: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"schemathesis: no failures as {', '.join(roles)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
