"""Enumerate the app's routes so the walks cover every endpoint, present and future."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from api.blueprint import Blueprint

# Blueprints that hold no tenant data. Any other blueprint must set tenant_scoped = True,
# which puts its routes in the isolation walk.
NOT_TENANT_SCOPED = {"auth", "jurisdictions", "admin_tenants", "api-docs", "rules", "calendar"}


# POST routes that compute an answer and store nothing (so supervisors may call them).
COMPUTATIONS = {f"{prefix}/{path}" for prefix in ("/api/v1/rules/<string:jurisdiction>", "/api/v1/tenant/rules")
                for path in ("eligibility", "total", "quota-allocation", "reward", "sanction", "notice-dates")}


# Bodies that pass validation, so a walk reaches the lookup behind it (default: {}).
VALID_BODIES = {"/api/v1/tenant/settings/<string:key>": {"value": 1}}


@dataclass(frozen=True)
class Route:
    method: str
    rule: str
    params: tuple[str, ...]
    blueprint: str | None


def routes(app: Flask) -> list[Route]:
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append(Route(method, rule.rule, tuple(sorted(rule.arguments)), rule.endpoint.split(".")[0]
                               if "." in rule.endpoint else None))
    return found


def tenant_scoped_blueprints(app: Flask) -> set[str]:
    scoped = set()
    for name, bp in app.blueprints.items():
        if isinstance(bp, Blueprint) and bp.tenant_scoped:
            scoped.add(name)
    return scoped


def fill(rule: str, values: dict[str, object]) -> str:
    path = rule
    for name, value in values.items():
        for converter in ("int:", "string:", ""):
            path = path.replace(f"<{converter}{name}>", str(value))
    assert "<" not in path, f"no test value for a parameter of {rule}; add one to the walk"
    return path


def items(response) -> list[dict]:
    """The rows of one page of a list (``{"items": [...], "next_cursor": ...}``)."""
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == {"items", "next_cursor"}, body
    return body["items"]


def all_items(client, path: str, limit: int = 200) -> list[dict]:
    """Every row of a list, page after page."""
    rows: list[dict] = []
    cursor = None
    separator = "&" if "?" in path else "?"
    while True:
        query = f"limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(f"{path}{separator}{query}").get_json()
        assert "items" in body, body
        rows += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return rows


def if_match(client, path: str) -> dict[str, str]:
    """The If-Match header for a change to what ``path`` shows (its ETag now)."""
    response = client.get(path)
    assert response.status_code == 200 and response.headers.get("ETag"), response.get_json()
    return {"If-Match": response.headers["ETag"]}
