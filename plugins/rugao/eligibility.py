"""Rugao eligibility (2021): organisation conditions (第十二条), the negative list (第十三条),
individuals (第十四条), re-application (第二十四条) and bans from earlier sanctions (第二十九条).

Periods follow the one legal convention of ``core.engine.periods`` (民法典 第二百零一～二百零四条):
"N年以上" is ``full_years(start, day) >= N`` (the anniversary completes the year); "近3年" is
``within_years`` / ``recent`` (from the corresponding day 3 years back to the day, both included).

Readings:
* 第十二条（一）"在如皋市行政区域内登记注册": ``registration_county == "如皋市"`` (a Rugao company
  is registered in 南通市 at prefecture level, so the city field cannot decide it).
  [reading: registered_in_rugao_county]
* 第十二条（三）: construction companies need at least one 鲁班奖 or 国家优质工程奖 in the last 3
  years; for other organisations the item does not apply (recorded as a passed finding).
  [reading: project_honour_builders_only]
* 第十二条（五）: the blue-or-better environmental credit rating binds industrial companies only;
  the rest of the item (credit standing, 三废治理) is attested by the office.
  [reading: environmental_rating_industrial_only]
* 第十三条（二）: only failed *spot checks* (抽查) count, told apart from failed acceptance
  inspections (验收) by the typed ``inspection`` field of ``plugins.rugao.facts`` (the schema
  requires it; a record stored without it is put to the office, ``neg.inspection_kind``).
* 第十三条（三）: construction companies fail on a safety accident of grade 较大 or above, or on
  more than 2 general safety accidents; other organisations on any production-safety accident
  whose responsibility was pursued. [reading: safety_accidents_by_kind_of_organisation]
  For every organisation, an accident of another category (quality, environment, public
  health, ...) of grade 较大 or above with responsibility pursued fails it ("责任事故").
  [reading: other_responsibility_accidents] Service-quality and tax violation records of the last
  3 years fail it, whether or not credit was repaired (the text knows no repair).
  [reading: violation_records_despite_repair]
* 第十三条（四）: fraud in any quality award within 3 years: records of kind ``award_fraud``.
* 第十四条（四）"无其他违法或者严重违规不良记录": ANY unlawful record bars, serious or not
  (``ILLEGAL_CONDUCT``: ``illegal``, ``serious_illegal``), and so does a serious violation of rules
  (``serious_violation``). A rule violation that is not serious, breaches of discipline (违纪, which
  第二十三条 names apart from 违规, so the drafters distinguish them), dishonesty records (失信) and
  minor blemishes do not bar under this item (the attested "恪守职业道德和社会规范" remains).
  [reading: individual_barring_records] The item sets no time limit, so records of any age count.
  [reading: individual_records_any_age]
* 第十四条（五）: the employer's accidents of the last 3 years of grade 重大 or above, any category.
  [reading: employer_major_accidents]
* 第二十四条: an organisation that won the award (not revoked) may apply again once 3 full years
  have passed since the award date: on the third anniversary at the earliest (``full_years``).
  The count runs from the award's exact date (``award_date`` refuses an award recorded with its
  cycle year only), not in cycles. [reading: reapplication_from_award_date] Nomination winners and
  individuals are not restricted: the article speaks of organisations that won the award only.
  [reading: reapplication_award_winners_only] A revoked award does not hold back.
  [reading: revoked_award_not_counted]
* Bans (第二十九条): a sanction on record bars until its ``ban_until`` (inclusive); the day after,
  a passed finding says the ban is over.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from core.sdk import (
    GRADE_RANK, ILLEGAL_CONDUCT, ORGANIZATION, SAFETY_CATEGORIES, Finding, Judge, Outcome, PastAward, PastSanction,
    award_date, by_kind, full_years, period_last_day, recent, within_years,
)
from plugins.rugao.articles import cite
from plugins.rugao.facts import ACCEPTANCE, QUALITY_INSPECTION_FAILURE, SPOT_CHECK

Facts = Mapping[str, Any]

PROJECT_HONOURS = {"luban_award": "鲁班奖", "national_quality_project_award": "国家优质工程奖"}
GOOD_ENVIRONMENTAL_RATINGS = {"green", "blue"}  # 蓝色及以上
VIOLATION_KINDS = ("service_quality_violation", "tax_violation")
BARRING_CONDUCT = ILLEGAL_CONDUCT | {"serious_violation"}
"""第十四条（四）: 违法 (any, serious or not) and 严重违规."""
CONDUCT_NAMES = {"illegal": "违法", "serious_illegal": "严重违法", "serious_violation": "严重违规"}
REAPPLY_AFTER_YEARS = 3
LOOK_BACK_YEARS = 3
RUGAO = "如皋市"


def organization(version: str, facts: Facts, on: dt.date) -> list[Finding]:
    judge = Judge(facts)
    _conditions(judge, version, facts, on)
    _negative_list(judge, version, facts, on)
    return judge.findings


def _conditions(j: Judge, v: str, f: Facts, on: dt.date) -> None:
    topic = "organization_conditions"
    item = cite(v, topic, "（一）")
    county = f.get("registration_county")
    j.check("org.registered_in_rugao", county == RUGAO, item, "在如皋市行政区域内登记注册",
            lambda: f"登记地为{county or f.get('registration_city') or '（未填）'}，不在如皋市行政区域内",
            registration_county=county)
    j.check("org.independent_legal_person", f["independent_legal_person"], item, "具有独立法人资格",
            "不具有独立法人资格", independent_legal_person=f["independent_legal_person"])
    years = full_years(f["founded_on"], on)
    j.check("org.operating_years", years >= 5, item, lambda: f"合法经营已满{years}年（要求5年以上，含5年）",
            lambda: f"合法经营仅满{years}年，不足5年", founded_on=f["founded_on"], full_years=years)

    item = cite(v, topic, "（二）")
    since = f.get("excellence_model_since")
    model_years = full_years(since, on) if since else None
    j.check("org.excellence_model_years", model_years is not None and model_years >= 2, item,
            lambda: f"推行卓越绩效评价准则已满{model_years}年（要求两年以上）",
            lambda: "未推行卓越绩效评价准则" if since is None else f"推行卓越绩效评价准则仅满{model_years}年，不足两年",
            excellence_model_since=since)
    j.check("org.chief_quality_officer", bool(f.get("chief_quality_officer")), item, "已设首席质量官岗位",
            "未设首席质量官岗位", chief_quality_officer=f.get("chief_quality_officer"))
    j.attest("org.excellence_results_and_leadership", item,
             "卓越绩效成效显著，推广先进质量技术和方法，质量工作处于行业领先")

    item = cite(v, topic, "（三）")
    if f.get("is_construction"):
        won = [h for h in f.get("honours") or ()
               if h["kind"] in PROJECT_HONOURS and within_years(h["awarded_on"], on, LOOK_BACK_YEARS)]
        j.check("org.construction_honour", bool(won), item,
                lambda: f"建筑企业近3年获{PROJECT_HONOURS[won[0]['kind']]}（{won[0]['awarded_on']}）",
                "建筑企业近3年未获鲁班奖或国家优质工程奖",
                honours=tuple((h["kind"], h["awarded_on"]) for h in won))
    else:
        j.check("org.construction_honour", True, item, "非建筑企业，不适用鲁班奖或国优工程奖要求", "",
                is_construction=False)

    j.attest("org.performance", cite(v, topic, "（四）"), "近3年经营业绩或社会贡献突出，经营规模和纳税居市内同行业先进")

    item = cite(v, topic, "（五）")
    j.attest("org.social_credit", item, "近3年质量、安全、资信、合同、能源计量等信用良好，“三废”治理达标")
    rating = f.get("environmental_credit_rating")
    if f.get("is_industrial"):
        j.check("org.environmental_credit", rating in GOOD_ENVIRONMENTAL_RATINGS, item,
                lambda: f"工业企业环保信用等级为{rating}（要求蓝色及以上）",
                lambda: f"工业企业环保信用等级为{rating or '（无）'}，未达蓝色及以上", environmental_credit_rating=rating)
    else:
        j.check("org.environmental_credit", True, item, "非工业企业，不适用环保信用等级要求", "", is_industrial=False)


def _negative_list(j: Judge, v: str, f: Facts, on: dt.date) -> None:
    topic = "negative_list"
    j.attest("neg.policy_compliance", cite(v, topic, "（一）"), "符合国家产业、质量、环保政策")

    records = by_kind(recent(f.get("records") or (), "decided_on", on, LOOK_BACK_YEARS))
    inspected = records.get(QUALITY_INSPECTION_FAILURE, [])
    failures = [r for r in inspected if r.get("inspection") == SPOT_CHECK]
    acceptance = [r for r in inspected if r.get("inspection") == ACCEPTANCE]
    unknown = [r for r in inspected if r.get("inspection") not in (SPOT_CHECK, ACCEPTANCE)]
    if unknown:  # facts stored before the schema required the field: the office says which it was
        j.attest("neg.inspection_kind", cite(v, topic, "（二）"),
                 f"近3年{len(unknown)}条未注明抽查或验收的不合格记录均为验收（非抽查）不合格")
    j.check("neg.spot_check_failure", not failures, cite(v, topic, "（二）"),
            lambda: "近3年无产品质量抽查不合格" + (f"（{len(acceptance)}条验收不合格记录不属抽查，不在本项之列）"
                                                 if acceptance else ""),
            lambda: f"近3年有{len(failures)}次产品质量抽查不合格", records=_dates(failures),
            acceptance_failures=_dates(acceptance))

    item = cite(v, topic, "（三）")
    construction = bool(f.get("is_construction"))
    bad = _bad_accidents(recent(f.get("accidents") or (), "occurred_on", on, LOOK_BACK_YEARS), construction)
    j.check("neg.accidents", not bad, item, "近3年无负面清单所列安全或其他责任事故",
            lambda: ("近3年建筑企业发生较大以上安全事故或超过2起一般生产安全事故" if construction
                     else "近3年发生被追责的生产安全责任事故") + f"，或较大以上卫生、环境等责任事故（{len(bad)}起）",
            accidents=tuple((a["category"], a["grade"], a["occurred_on"]) for a in bad))
    violations = [r for kind in VIOLATION_KINDS for r in records.get(kind, ())]
    j.check("neg.violation_records", not violations, item, "近3年无服务质量、税收等违法记录",
            lambda: f"近3年有{len(violations)}条服务质量或税收违法记录", records=_dates(violations))

    fraud = records.get("award_fraud", [])
    j.check("neg.award_fraud", not fraud, cite(v, topic, "（四）"), "近3年参加质量奖评定无弄虚作假等违规",
            lambda: f"近3年在质量奖评定中有{len(fraud)}次弄虚作假等违规", records=_dates(fraud))

    serious = records.get("serious_violation", [])
    j.check("neg.serious_violation", not serious, cite(v, topic, "（五）"), "近3年无被执法部门查处的其他严重违法行为",
            lambda: f"近3年有{len(serious)}条被查处的严重违法行为", records=_dates(serious))


def _bad_accidents(accidents: list[Mapping[str, Any]], construction: bool) -> list[Mapping[str, Any]]:
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


def _dates(rows: Sequence[Mapping[str, Any]], key: str = "decided_on") -> tuple[tuple[str, dt.date], ...]:
    return tuple((r["kind"], r[key]) for r in rows)


def individual(version: str, facts: Facts, on: dt.date) -> list[Finding]:
    j = Judge(facts)
    v, topic = version, "individual_conditions"
    since = facts.get("quality_work_in_jurisdiction_since")
    years = full_years(since, on) if since else None
    j.check("indiv.years_in_quality_work", years is not None and years >= 5, cite(v, topic, "（一）"),
            lambda: f"在本市从事质量相关工作已满{years}年（要求5年以上，含5年）",
            lambda: "未提供在本市从事质量工作的起始日期" if since is None else f"在本市从事质量相关工作仅满{years}年，不足5年",
            quality_work_in_jurisdiction_since=since)
    j.attest("indiv.innovation_contribution", cite(v, topic, "（二）"),
             "质量创新和改进意识强，对提高组织或行业质量水平和绩效有重要贡献")
    j.attest("indiv.quality_culture_contribution", cite(v, topic, "（三）"),
             "积极组织参与群众性质量活动，对组织质量文化有重要贡献并带来显著效益")
    item = cite(v, topic, "（四）")
    j.attest("indiv.standing", item, "知名度和影响力较高，政治坚定，恪守职业道德，具有榜样作用")
    barring = [r for r in facts.get("conduct_records") or () if r["kind"] in BARRING_CONDUCT]
    j.check("indiv.no_illegal_or_serious_violation", not barring, item, "无违法或严重违规不良记录",
            lambda: "有违法或严重违规不良记录：" + "、".join(f"{CONDUCT_NAMES[r['kind']]}（{r['decided_on']}）"
                                                      for r in barring),
            records=_dates(barring))
    accidents = [a for a in recent((facts.get("employer") or {}).get("accidents") or (), "occurred_on", on,
                                   LOOK_BACK_YEARS)
                 if GRADE_RANK[a["grade"]] >= GRADE_RANK["major"]]
    j.check("employer.major_accidents", not accidents, cite(v, topic, "（五）"),
            "所在组织近3年无重大质量、安全、环境污染、公共卫生等事故",
            lambda: f"所在组织近3年发生{len(accidents)}起重大及以上事故",
            accidents=tuple((a["category"], a["grade"], a["occurred_on"]) for a in accidents))
    return j.findings


def history_findings(version: str, entry_kind: str, history: Sequence[PastAward], sanctions: Sequence[PastSanction],
                     on: dt.date) -> list[Finding]:
    out: list[Finding] = []
    awards = [a for a in history if a.tier == "award" and a.revoked_on is None]
    if entry_kind == ORGANIZATION.code and awards:
        latest_cycle = max(a.cycle_year for a in awards)
        rule = f"rugao/{version} 第二十四条 counts 3 full years from the award date"
        last = max(award_date(a, rule) for a in awards if a.cycle_year == latest_cycle)
        years = full_years(last, on)
        eligible_from = period_last_day(last, years=REAPPLY_AFTER_YEARS)  # the day the third year is full
        ok = years >= REAPPLY_AFTER_YEARS
        out.append(Finding("history.award_cooldown", Outcome.PASSED if ok else Outcome.FAILED,
                           cite(version, "reapplication"),
                           (f"获市长质量奖已满3年（{last}获奖），可重新申报" if ok
                            else f"获市长质量奖未满3年（{last}获奖），{eligible_from}起方可重新申报"),
                           {"last_award": last, "full_years": years, "eligible_from": eligible_from}))
    for sanction in sanctions:
        if sanction.ban_until is None:
            continue
        citation = sanction.citation or cite(version, "false_application")
        facts = {"sanction": sanction.kind, "decided_on": sanction.decided_on, "ban_until": sanction.ban_until}
        if on <= sanction.ban_until:
            out.append(Finding("history.ban", Outcome.FAILED, citation,
                               f"因{sanction.kind}于{sanction.decided_on}受处理，至{sanction.ban_until}（含）不得参加评审",
                               facts))
        else:
            out.append(Finding("history.ban", Outcome.PASSED, citation,
                               f"因{sanction.kind}于{sanction.decided_on}受处理的禁止期已于{sanction.ban_until}届满", facts))
    return out
