"""Nantong eligibility: organisation conditions, the negative list, individuals, and what an
earlier award or sanction forbids. Both versions; differences are spelled out where they occur."""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from core.sdk import (
    GRADE_RANK, SAFETY_CATEGORIES, Finding, Judge, Outcome, PastAward, PastSanction, by_kind, full_years,
    in_last_years, recent, years_after,
)
from plugins.nantong.articles import cite

Facts = Mapping[str, Any]

# 第十一条（四）: the honours of which an organisation needs one.
HONOURS_ANY_TIME_2023 = {
    "county_government_quality_award": "县级政府质量奖",
    "provincial_quality_credit_aaa": "省质量信用等级AAA级",
    "national_quality_award": "全国质量奖",
    "national_industry_quality_award": "全国行业质量奖",
    "national_may_day_labour_award": "全国五一劳动奖状",
}
# 2020 第十条（三）: each honour counts only if won within its window (years).
HONOURS_WINDOWED_2020 = {
    "provincial_quality_credit_aaa": 5,
    "national_industry_quality_award": 3,
    "national_quality_award": 3,  # read as an award "of equivalent rank" (相当等次) to the industry award
    "county_government_quality_award": 5,
    "national_may_day_labour_award": 5,
}
PROJECT_HONOURS = {"luban_award", "national_quality_project_award"}  # 鲁班奖, 国优工程奖: twice in 3 years
GOOD_ENVIRONMENTAL_RATINGS = {"green", "blue"}  # 蓝色及以上


def organization(version: str, facts: Facts, on: dt.date) -> list[Finding]:
    judge = Judge(facts)
    _organization_conditions(judge, version, facts, on)
    negative_list(judge, version, facts, on, prefix="neg", citation_topic="negative_list")
    return judge.findings


def _organization_conditions(j: Judge, v: str, f: Facts, on: dt.date) -> None:
    topic = "organization_conditions"
    if v == "2023":
        j.attest("org.supports_party_line", cite(v, topic, "（一）"), "拥护中央的路线、方针、政策")
    item = cite(v, topic, "（二）")
    j.check("org.registered_in_nantong", f["registration_city"] == "南通市", item,
            "在南通市行政区域内登记注册", lambda: f"登记地为{f['registration_city'] or '（未填）'}，不在南通市行政区域内",
            registration_city=f["registration_city"])
    j.check("org.independent_legal_person", f["independent_legal_person"], item,
            "具有独立法人资格", "不具有独立法人资格", independent_legal_person=f["independent_legal_person"])
    years = full_years(f["founded_on"], on)
    j.check("org.operating_years", years >= 5, item, lambda: f"依法经营已满{years}年（要求5年以上，含5年）",
            lambda: f"依法经营仅满{years}年，不足5年", founded_on=f["founded_on"], full_years=years)

    item = cite(v, topic, "（三）")
    since = f["excellence_model_since"]
    model_years = full_years(since, on) if since else None
    j.check("org.excellence_model_years", model_years is not None and model_years >= 2, item,
            lambda: f"推行卓越绩效评价准则已满{model_years}年（要求2年以上）",
            lambda: "未推行卓越绩效评价准则" if since is None else f"推行卓越绩效评价准则仅满{model_years}年，不足2年",
            excellence_model_since=since)
    j.check("org.chief_quality_officer", f["chief_quality_officer"], item, "已设立首席质量官岗位",
            "未设立首席质量官岗位", chief_quality_officer=f["chief_quality_officer"])
    j.attest("org.excellence_results_and_leadership", item,
             "卓越绩效取得显著成效，推广先进质量管理技术和方法，质量发展工作在行业中处于领先地位")

    _honours(j, v, f, on, cite(v, topic, "（四）"))

    j.attest("org.performance_and_innovation", cite(v, topic, "（五）"),
             "近3年经营业绩或社会贡献突出，主要经济指标居市内同行业先进水平"
             + ("，并在质量、标准、品牌及创新方面取得成效" if v == "2023" else ""))

    item = cite(v, topic, "（六）")
    j.attest("org.social_credit", item, "近3年质量、安全、资信、合同、能源计量等社会信用良好，“三废治理”达标")
    rating = f["environmental_credit_rating"]
    if f["is_industrial"]:
        j.check("org.environmental_credit", rating in GOOD_ENVIRONMENTAL_RATINGS, item,
                lambda: f"工业企业环保信用等级为{rating}（要求蓝色及以上）",
                lambda: f"工业企业环保信用等级为{rating or '（无）'}，未达蓝色及以上", environmental_credit_rating=rating)
        if v == "2020":
            level = f["safety_standardisation_level"]
            j.check("org.safety_standardisation", level is not None and level <= 2, item,
                    lambda: f"安全生产标准化{level}级（要求二级及以上）",
                    lambda: f"安全生产标准化等级为{level or '（无）'}，未达二级及以上", safety_standardisation_level=level)
    else:
        j.check("org.environmental_credit", True, item, "非工业企业，不适用环保信用等级要求", "",
                is_industrial=False)

    if v == "2023":
        others = f["related_applications_this_cycle"]
        j.check("org.one_per_group", others == 0, cite(v, topic, "（七）"),
                "本申报周期内无关联母、子公司同时申报",
                lambda: f"本申报周期内另有{others}家关联母、子公司申报，只可有一家申报",
                related_applications_this_cycle=others)


def _honours(j: Judge, v: str, f: Facts, on: dt.date, item: Any) -> None:
    honours = f["honours"]
    projects = [h for h in honours if h["kind"] in PROJECT_HONOURS and in_last_years(h["awarded_on"], on, 3)]
    if v == "2023":
        qualifying = [h for h in honours if h["kind"] in HONOURS_ANY_TIME_2023 and h["awarded_on"] <= on]
        missing = "未获得县级政府质量奖、省质量信用AAA级、全国（行业）质量奖、全国五一劳动奖状之一，近3年也未2次获鲁班奖或国优工程奖"
    else:
        qualifying = [h for h in honours if h["kind"] in HONOURS_WINDOWED_2020
                      and in_last_years(h["awarded_on"], on, HONOURS_WINDOWED_2020[h["kind"]])]
        missing = "在各自时限内未获得所列荣誉之一（省质量信用AAA级、县级政府质量奖、全国五一劳动奖状近5年；" \
                  "全国行业质量奖近3年），近3年也未2次获鲁班奖或国优工程奖"
    ok = bool(qualifying) or len(projects) >= 2
    j.check("org.honour", ok, item,
            lambda: f"符合荣誉条件：{qualifying[0]['kind'] if qualifying else f'近3年鲁班奖/国优工程奖{len(projects)}次'}",
            missing,
            honours=tuple((h["kind"], h["awarded_on"]) for h in honours))


def negative_list(j: Judge, v: str, f: Facts, on: dt.date, *, prefix: str, citation_topic: str,
                  item_for: Any = None) -> None:
    """第十二条 (2020: 第十一条). Also applied to an individual's employer (with its own prefix and citation)."""
    def at(item: str) -> Any:
        return item_for(item) if item_for else cite(v, citation_topic, item)

    j.attest(f"{prefix}.policy_compliance", at("（一）"), POLICY[v])

    records = by_kind(recent(f.get("records") or (), "decided_on", on, 3))
    failures = records.get("spot_check_failure", [])
    j.check(f"{prefix}.spot_check_failure", not failures, at("（二）"), "近3年无产品质量抽查或验收不合格",
            lambda: f"近3年有{len(failures)}次产品质量抽查或验收不合格", records=_dates(failures, "decided_on"))

    accidents = recent(f.get("accidents") or (), "occurred_on", on, 3)
    if v == "2023":
        bad = [a for a in accidents if a["category"] in SAFETY_CATEGORIES
               or GRADE_RANK[a["grade"]] >= GRADE_RANK["larger"]]
        reason = "近3年发生生产安全一般及以上事故，或较大及以上质量、环境污染、食品安全等事故"
    else:
        bad = _accidents_2020(accidents, bool(f.get("is_construction")))
        reason = ("近3年建筑企业发生较大以上安全事故或超过2起生产安全一般事故，其他组织发生被追责的生产安全责任事故，"
                  "或发生较大及以上卫生、环境等责任事故")
    j.check(f"{prefix}.accidents", not bad, at("（三）"), "近3年无负面清单所列事故", lambda: f"{reason}（{len(bad)}起）",
            accidents=tuple((a["category"], a["grade"], a["occurred_on"]) for a in bad))
    if v == "2020":
        violations = [r for kind in VIOLATION_KINDS_2020 for r in records.get(kind, ())]
        j.check(f"{prefix}.violation_records", not violations, at("（三）"),
                "近3年无服务质量、人力资源和社会保障、税收等违法记录",
                lambda: f"近3年有{len(violations)}条服务质量、人社或税收违法记录",
                records=_dates(violations, "decided_on"))
    else:
        penalties = records.get("administrative_penalty", []) + records.get("dishonesty", [])
        unrepaired = [r for r in penalties if r.get("repaired_on") is None or r["repaired_on"] > on]
        j.check(f"{prefix}.penalty_or_dishonesty", not unrepaired, at("（四）"),
                "近3年无行政处罚或失信记录（或已在申报截止前完成信用修复）",
                lambda: f"近3年有{len(unrepaired)}条行政处罚或失信记录，且申报截止前未完成信用修复",
                records=_dates(unrepaired, "decided_on"), repaired=len(penalties) - len(unrepaired))
    serious = records.get("serious_violation", [])
    j.check(f"{prefix}.serious_violation", not serious, at("（五）"), "近3年无被行政执法部门查处的其他严重违法行为",
            lambda: f"近3年有{len(serious)}条被查处的严重违法违规行为", records=_dates(serious, "decided_on"))


POLICY = {"2023": "符合国家产业、质量、环保、安全等政策", "2020": "符合国家产业、质量、环保等政策"}
VIOLATION_KINDS_2020 = ("service_quality_violation", "labour_social_security_violation", "tax_violation")


def _accidents_2020(accidents: list[Mapping[str, Any]], construction: bool) -> list[Mapping[str, Any]]:
    safety = [a for a in accidents if a["category"] in SAFETY_CATEGORIES]
    if construction:
        larger = [a for a in safety if GRADE_RANK[a["grade"]] >= GRADE_RANK["larger"]]
        general = [a for a in safety if a["grade"] == "general"]
        bad = larger + (general if len(general) > 2 else [])
    else:
        bad = [a for a in safety if a.get("responsibility_pursued", True)]
    others = [a for a in accidents if a["category"] not in SAFETY_CATEGORIES
              and GRADE_RANK[a["grade"]] >= GRADE_RANK["larger"] and a.get("responsibility_pursued", True)]
    return bad + others


def _dates(rows: list[Mapping[str, Any]], key: str) -> tuple[tuple[str, dt.date], ...]:
    # Tuples, not lists: the garbage collector does not track them, which keeps screening fast.
    return tuple((r["kind"], r[key]) for r in rows)


def individual(version: str, facts: Facts, on: dt.date) -> list[Finding]:
    j = Judge(facts)
    v, topic = version, "individual_conditions"
    if v == "2023":
        j.attest("indiv.stance_and_conduct", cite(v, topic, "（一）"),
                 "政治立场坚定，恪守职业道德和社会规范，较好发挥示范作用")
    since = facts["quality_work_in_jurisdiction_since"]
    years = full_years(since, on) if since else None
    j.check("indiv.years_in_quality_work", years is not None and years >= 10, cite(v, topic, "（二）"),
            f"在本市从事质量相关工作已满{years}年（要求10年以上）",
            "未提供在本市从事质量工作的起始日期" if since is None else f"在本市从事质量相关工作仅满{years}年，不足10年",
            quality_work_in_jurisdiction_since=since)
    j.attest("indiv.innovation_contribution", cite(v, topic, "（三）"),
             "质量创新和改进意识较强，对提高组织或行业质量水平和绩效做出重要贡献")
    j.attest("indiv.quality_culture_contribution", cite(v, topic, "（四）"),
             "积极组织参与群众性质量管理活动，对组织质量文化做出重要贡献")
    item = cite(v, topic, "（五）")
    records = facts["conduct_records"]
    if v == "2023":
        serious = [r for r in records if r["kind"] != "minor"]
        j.check("indiv.no_serious_record", not serious, item, "个人无严重违法、违规、违纪、失信记录",
                f"个人有{len(serious)}条严重违法、违规、违纪或失信记录", records=_dates(serious, "decided_on"))
        negative_list(j, v, facts.get("employer") or {}, on, prefix="employer", citation_topic="negative_list",
                      item_for=lambda _item: item)
    else:
        j.attest("indiv.standing", item, "具有较高的知名度和影响力，政治坚定，恪守职业道德和社会规范，具有榜样作用")
        serious = [r for r in records if r["kind"] in ("serious_illegal", "serious_violation")]
        j.check("indiv.no_serious_record", not serious, item, "无其他违法或者严重违规不良记录",
                f"有{len(serious)}条违法或严重违规记录", records=_dates(serious, "decided_on"))
        employer_accidents = [a for a in recent((facts.get("employer") or {}).get("accidents") or [],
                                                "occurred_on", on, 3)
                              if GRADE_RANK[a["grade"]] >= GRADE_RANK["major"]]
        j.check("employer.major_accidents", not employer_accidents, item,
                "所在单位近3年无重大质量、安全、环境污染、公共卫生等事故",
                f"所在单位近3年发生{len(employer_accidents)}起重大及以上事故",
                accidents=[(a["category"], a["grade"], a["occurred_on"]) for a in employer_accidents])
    return j.findings


def history_findings(version: str, history: Sequence[PastAward], sanctions: Sequence[PastSanction],
                     on: dt.date) -> list[Finding]:
    """第二十九条 (2020: 第二十八条) cooldowns, and bans from earlier sanctions."""
    v = version
    out: list[Finding] = []
    item = cite(v, "reapplication")
    awards = [a for a in history if a.tier == "award" and a.revoked_on is None]
    if awards:
        last = max(a.awarded_on for a in awards)
        if v == "2023":
            until = years_after(last, 5)
            ok, rule = on >= until, f"获得市长质量奖后5年内不接受重新申报（{last}获奖，{until}起可申报）"
        else:
            until = years_after(last, 3)
            ok, rule = on >= until, f"获得市长质量奖满3年方可重新申报（{last}获奖，{until}起可申报）"
        out.append(Finding("history.award_cooldown", Outcome.PASSED if ok else Outcome.FAILED, item,
                           ("已过限制期：" if ok else "") + rule, {"last_award": last, "eligible_from": until}))
    nominations = sorted(a.awarded_on for a in history if a.tier == "nomination" and a.revoked_on is None)
    if len(nominations) >= 2:
        second = nominations[1] if len(nominations) == 2 else nominations[-1]
        until = years_after(second, 3)
        barred = on < until
        out.append(Finding("history.nomination_limit", Outcome.PASSED, item,
                           f"已{len(nominations)}次获提名奖；{until}前不得再评为提名奖，仍可申报市长质量奖" if barred
                           else f"已{len(nominations)}次获提名奖，提名奖限制期已过",
                           {"nominations": nominations, "nomination_allowed_from": until},
                           excludes_tier="nomination" if barred else None))
    for sanction in sanctions:
        if sanction.ban_until is not None and on <= sanction.ban_until:
            out.append(Finding("history.ban", Outcome.FAILED, sanction.citation or cite(v, "false_application"),
                               f"因{sanction.kind}于{sanction.decided_on}受处理，{sanction.ban_until}前不得参加评审",
                               {"sanction": sanction.kind, "ban_until": sanction.ban_until}))
    return out
