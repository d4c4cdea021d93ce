"""Rule versions as the seeds date them, and which one applies on a day."""
from __future__ import annotations

import datetime as dt

import pytest

from core.errors import InvalidInput
from core.engine.rules import VersionStatus as S

D = dt.date


@pytest.mark.parametrize("code, version, day, status", [
    # Nantong: the 2020 rules (通政规〔2020〕6号) stay in force; the 2023 revision is a draft for comment.
    ("nantong", "2020", D(2026, 11, 23), S.IN_FORCE),
    ("nantong", "2023", D(2026, 11, 23), S.DRAFT),
    # Rugao: issued and in force on 2021-06-08 (第三十条).
    ("rugao", "2021", D(2021, 6, 7), S.NOT_YET_IN_FORCE),
    ("rugao", "2021", D(2021, 6, 8), S.IN_FORCE),
    # Ji'an: 吉府发〔2023〕1号, in force from 2023-02-05 (第二十六条).
    ("jian", "2023", D(2023, 2, 4), S.NOT_YET_IN_FORCE),
    ("jian", "2023", D(2023, 2, 5), S.IN_FORCE),
    # Changde: a draft, in force "from issue" with no date.
    ("changde", "draft", D(2026, 11, 23), S.DRAFT),
    # Yuncheng: 运政发〔2023〕14号, from 2023-06-09 (第三十四条) for 5 years (第三十五条), both ends included.
    ("yuncheng", "2023", D(2023, 6, 8), S.NOT_YET_IN_FORCE),
    ("yuncheng", "2023", D(2023, 6, 9), S.IN_FORCE),
    ("yuncheng", "2023", D(2028, 6, 8), S.IN_FORCE),
    ("yuncheng", "2023", D(2028, 6, 9), S.EXPIRED),
])
def test_version_status_on_a_day(mqa_registry, code, version, day, status):
    assert mqa_registry.jurisdiction(code).version(version).status_on(day) is status


@pytest.mark.parametrize("code, number", [
    ("nantong", {"2020": "通政规〔2020〕6号", "2023": None}),
    ("rugao", {"2021": None}),
    ("jian", {"2023": "吉府发〔2023〕1号"}),
    ("changde", {"draft": None}),
    ("yuncheng", {"2023": "运政发〔2023〕14号"}),
])
def test_document_numbers(mqa_registry, code, number):
    assert {v.code: v.document_number for v in mqa_registry.jurisdiction(code).versions} == number


def test_version_resolution_errors_name_the_versions(mqa_registry):
    yuncheng = mqa_registry.jurisdiction("yuncheng")
    assert yuncheng.resolve_version(None, D(2024, 1, 1)).code == "2023"
    with pytest.raises(InvalidInput) as expired:
        yuncheng.resolve_version(None, D(2030, 1, 1))
    assert "2023 (expired)" in expired.value.fields["rule_version"][0]
    with pytest.raises(InvalidInput) as unknown:
        mqa_registry.jurisdiction("nantong").resolve_version("2019", D(2024, 1, 1))
    assert "2020 (in_force), 2023 (draft)" in unknown.value.fields["rule_version"][0]


def test_jurisdictions_endpoint_shows_versions(platform_admin):
    listed = {j["code"]: j for j in platform_admin.get("/api/v1/jurisdictions").get_json()}
    nantong = listed["nantong"]
    assert [(v["code"], v["stage"]) for v in nantong["versions"]] == [("2020", "adopted"), ("2023", "draft")]
    assert nantong["version_in_force"] == "2020"
    assert listed["changde"]["version_in_force"] is None
    yuncheng = listed["yuncheng"]["versions"][0]
    assert (yuncheng["effective_from"], yuncheng["effective_until"]) == ("2023-06-09", "2028-06-08")
    assert listed["rugao"]["parent"] == "nantong" and listed["rugao"]["level"] == "county"
    assert {"mqa_cycle_plan", "mqa_eligibility", "mqa_jurisdiction", "mqa_quota_plan", "mqa_reward", "mqa_sanction",
            "mqa_stage_weights", "mqa_violations", "mqa_readings"} <= set(nantong["hooks"])
    assert all("mqa_jurisdiction" in j["hooks"] for j in listed.values())
    assert all([t["code"] for t in listed[code]["tiers"]] == ["award", "nomination"]
               for code in ("nantong", "rugao", "jian", "changde", "yuncheng"))
