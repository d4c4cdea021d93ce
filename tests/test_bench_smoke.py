"""Request cost: what `make bench` measures still answers, and facts schemas are built once.

The benchmark itself needs PostgreSQL and gunicorn and takes minutes (``make bench``); here every
request it times is sent once through the test client with the same body, so an API change that
would break the benchmark fails the suite instead.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from core.engine.eligibility import _instance, facts_schema
from core.platform.models import Role

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "request_cost.py"


@pytest.fixture(scope="module")
def bench():
    """The benchmark script as a module; the path entries and modules it adds are removed after."""
    path, modules = list(sys.path), set(sys.modules)
    spec = importlib.util.spec_from_file_location("request_cost_under_test", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.path[:] = path
    for name in set(sys.modules) - modules:
        if name in ("request_cost_under_test", "anchor", "eligibility"):
            del sys.modules[name]


@pytest.fixture
def office_admin(mqa_factory, anon):
    tenant = mqa_factory.tenant("bench-measured", rule_version="2023")
    user = mqa_factory.user(tenant, Role.OFFICE_ADMIN, "admin")
    return anon.login(user.username, tenant=tenant.code)


def test_every_benchmarked_request_answers(bench, office_admin):
    measured = [ep for ep in bench.endpoints() if ep.server == "app"]
    assert {ep.kind for ep in measured} == {"simple", "list"}
    for ep in measured:
        response = office_admin.request(ep.method, ep.path, json=ep.body)
        assert response.status_code == 200, (ep.label, response.get_json())
        if ep.kind == "list":
            assert isinstance(bench.items_of(response.get_json()), list), ep.label


def test_items_of_reads_both_list_shapes(bench):
    assert bench.items_of([{"id": 1}]) == [{"id": 1}]
    assert bench.items_of({"items": [{"id": 2}], "next_cursor": None}) == [{"id": 2}]


ORG_FACTS = {"registration_city": "南通市", "independent_legal_person": True, "founded_on": "2001-03-01",
             "is_industrial": True, "chief_quality_officer": True, "environmental_credit_rating": "green",
             "safety_standardisation_level": 2}


def test_facts_schema_is_built_once_and_shared_without_leaking_state(platform_admin, mqa_registry, monkeypatch):
    rules = mqa_registry.rules("nantong")
    version = rules.jurisdiction.version("2023")
    schema_class = type(facts_schema(rules, version, "organization"))
    built = []
    original = schema_class.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(schema_class, "__init__", counting_init)
    _instance.cache_clear()
    url = "/api/v1/rules/nantong/eligibility"
    body = {"version": "2023", "entry_kind": "organization", "on_date": "2024-05-01", "facts": ORG_FACTS}
    first = platform_admin.post(url, json=body)
    bad = platform_admin.post(url, json={**body, "facts": {**ORG_FACTS, "founded_on": "not a date"}})
    second = platform_admin.post(url, json=body)
    assert first.status_code == 200 and second.status_code == 200, first.get_json()
    assert len(built) == 1  # two requests (three with the refused one), one schema instance
    assert facts_schema(rules, version, "organization") is facts_schema(rules, version, "organization")
    assert first.get_json() == second.get_json()  # the refused request in between left nothing behind
    assert bad.status_code == 422 and "facts.founded_on" in bad.get_json()["errors"]
    partial = facts_schema(rules, version, "organization").load({"founded_on": "2001-03-01"}, partial=True)
    assert partial["founded_on"].year == 2001
    refused = platform_admin.post(url, json={**body, "facts": {"founded_on": "2001-03-01"}})
    assert refused.status_code == 422  # a partial load before does not make the next load partial
